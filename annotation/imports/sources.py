"""Where an import's files come from, and the rule that keeps them there: a path is read only
if it stays inside its folder (no absolute paths, no `..`, no symlink leading out).

The command line names any folder; the API names a folder on the server under one of
settings.IMPORT_ROOTS (`server_folder`), or uploads a zip of the folder, unpacked into a
temporary folder within the archive bounds (`unpack_zip`, `archive_root`)."""

from __future__ import annotations

import os
import stat
import threading
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.conf import settings

from ..errors import Problem, Refused
from .parallel import map_in_threads
from .problems import Problems
from .spec import limit


def inside(root: Path, relative) -> Path | None:
    """`root/relative` if `relative` is a plain relative path that stays inside `root` once
    symlinks are followed; None otherwise."""
    pure = plain_relative(relative)
    if pure is None:
        return None
    candidate = (root / pure).resolve()
    return candidate if candidate.is_relative_to(root) and candidate != root else None


def plain_relative(relative) -> PurePosixPath | None:
    """`relative` as a path if it is a plain relative one (no `..`, not absolute, no drive or
    backslash); None otherwise."""
    if not isinstance(relative, str) or not relative or "\\" in relative or "\x00" in relative:
        return None
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or (pure.parts and ":" in pure.parts[0]):
        return None
    return pure


class DiskFolder:
    """A folder on disk: `locate` gives the file a manifest names, if it stays inside."""

    def __init__(self, root: Path):
        self.root = root

    def locate(self, relative) -> Path | None:
        return inside(self.root, relative)


class ArchiveMember:
    """A file inside an archive, read (and inflated) where it is: it answers the calls the
    checks make of a Path (`is_file`, `stat().st_size`, `read_bytes`)."""

    def __init__(self, archive: ArchiveFolder, info: zipfile.ZipInfo | None, name: str):
        self.archive, self.info, self.name = archive, info, name

    def is_file(self) -> bool:
        return self.info is not None

    def stat(self):
        return os.stat_result((0, 0, 0, 0, 0, 0, self.info.file_size, 0, 0, 0))

    def read_bytes(self) -> bytes:
        return self.archive.read(self.info)

    def __str__(self):
        return f"archive:{self.name}"


class ArchiveFolder:
    """An uploaded zip read in place, as a folder: the folder is the archive's top, or its one
    top-level folder when the manifest is in there. Nothing is unpacked to disk but the manifest.
    Every member was read once when the archive was opened (`open_archive`), so a broken one is
    refused before anything is checked; ZipFile reads its members under a lock of its own and
    inflates them outside it, so threads read members side by side."""

    def __init__(self, zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]):
        self.zf, self.names, self.prefix = zf, names, ""

    def choose_top(self, manifest: str) -> None:
        if manifest in self.names:
            return
        tops = {name.split("/", 1)[0] for name in self.names if not name.startswith("__MACOSX/")}
        if len(tops) == 1 and f"{next(iter(tops))}/{manifest}" in self.names:
            self.prefix = f"{next(iter(tops))}/"

    def locate(self, relative) -> ArchiveMember | None:
        pure = plain_relative(relative)
        if pure is None:
            return None
        name = self.prefix + pure.as_posix()
        return ArchiveMember(self, self.names.get(name), name)

    def read(self, info: zipfile.ZipInfo) -> bytes:
        try:
            with self.zf.open(info) as member:
                return member.read()
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
            raise Refused(Problem(f"archive:{info.filename}", "broken_archive", f"cannot unpack: {exc}")) from exc

    def extract(self, relative, destination: Path) -> Path | None:
        """The member at `relative` written to `destination` (for the manifest readers)."""
        member = self.locate(relative)
        if member is None or not member.is_file():
            return None
        destination.write_bytes(member.read_bytes())
        return destination


@contextmanager
def open_archive(archive, progress=None):
    """An uploaded zip (path or file object) as an ArchiveFolder, once its members passed the
    bounds (count, declared and real unpacked size), none is a link, encrypted or named outside
    the folder (zip-slip), and each was read through without error."""
    try:
        zf = zipfile.ZipFile(getattr(archive, "file", archive))  # an UploadedFile wraps the real file
    except (zipfile.BadZipFile, OSError) as exc:
        raise Refused(Problem("archive", "not_a_zip", f"not a zip archive: {exc}")) from exc
    with zf:
        files = _screen_members(zf, lambda name: plain_relative(name) is not None)
        folder = ArchiveFolder(zf, {PurePosixPath(m.filename).as_posix(): m for m in files})
        read = _Counter(limit("IMPORT_MAX_UNPACKED_BYTES"))

        def read_through(member: zipfile.ZipInfo) -> None:
            try:
                with zf.open(member) as source:
                    # The declared sizes can lie: count what is really there.
                    while chunk := source.read(1024 * 1024):
                        read.add(len(chunk))
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
                raise Refused(Problem(f"archive:{member.filename}", "broken_archive", f"cannot unpack: {exc}")) from exc

        map_in_threads(read_through, files, stage="unpacking", progress=progress)
        yield folder


def _screen_members(zf: zipfile.ZipFile, lands_inside) -> list[zipfile.ZipInfo]:
    """The archive's files, once every member passed the bounds and rules (Refused otherwise)."""
    members = zf.infolist()
    max_members, max_bytes = limit("IMPORT_MAX_ARCHIVE_MEMBERS"), limit("IMPORT_MAX_UNPACKED_BYTES")
    problems = Problems()
    if len(members) > max_members:
        problems.add("archive", "too_many_members", f"{len(members)} members; at most {max_members}")
    declared = sum(m.file_size for m in members)
    if declared > max_bytes:
        problems.add("archive", "too_large", f"{declared} bytes unpacked; at most {max_bytes}")
    files = []
    for member in members:
        where = f"archive:{member.filename}"
        if member.filename.startswith("__MACOSX/") or member.is_dir():
            continue
        if stat.S_ISLNK(member.external_attr >> 16):
            problems.add(where, "link_in_archive", "links are not unpacked")
            continue
        if member.flag_bits & _ENCRYPTED:
            problems.add(where, "encrypted_member", "encrypted members cannot be unpacked")
            continue
        if not lands_inside(member.filename):
            problems.add(where, "path_outside_folder", "would be unpacked outside the folder")
            continue
        files.append(member)
    if problems:
        raise Refused(
            problems, detail=f"Archive refused: {'; '.join(f'{p.field}: {p.message}' for p in problems[:20])}"
        )
    return files


def server_folder(folder: str) -> Path:
    """`folder` (absolute, or relative to the first of settings.IMPORT_ROOTS) if it lies inside
    one of the IMPORT_ROOTS once symlinks are followed; Refused otherwise."""
    roots = [Path(root).resolve() for root in settings.IMPORT_ROOTS]
    raw = Path(folder)
    candidate = (raw if raw.is_absolute() else (roots[0] / raw if roots else raw)).resolve()
    if not any(candidate.is_relative_to(root) for root in roots):
        raise Refused(
            Problem(
                "folder",
                "outside_import_roots",
                f"{folder} is not inside an import root ({', '.join(map(str, roots))})",
            )
        )
    return candidate


_ENCRYPTED = 0x1  # general purpose bit 0 of a zip member


class _Counter:
    """Bytes unpacked so far, by all threads; Refused past `most`."""

    def __init__(self, most: int):
        self.most, self.total, self.lock = most, 0, threading.Lock()

    def add(self, n: int) -> None:
        with self.lock:
            self.total += n
            if self.total > self.most:
                raise Refused(Problem("archive", "too_large", f"more than {self.most} bytes unpacked"))


def unpack_zip(archive, destination: Path, progress=None) -> Path:
    """Unpack a zip file (path or file object) into `destination`, refusing members that would
    land outside it (zip-slip), links, and archives over the member or size bounds."""
    try:
        zf = zipfile.ZipFile(getattr(archive, "file", archive))  # an UploadedFile wraps the real file
    except (zipfile.BadZipFile, OSError) as exc:
        raise Refused(Problem("archive", "not_a_zip", f"not a zip archive: {exc}")) from exc
    destination = destination.resolve()
    with zf:
        files = _screen_members(zf, lambda name: inside(destination, name) is not None)
        unpacked = _Counter(limit("IMPORT_MAX_UNPACKED_BYTES"))

        def unpack(member) -> None:
            target = inside(destination, member.filename)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(member) as source, target.open("wb") as out:
                    # The declared sizes can lie: count what is really unpacked.
                    while chunk := source.read(1024 * 1024):
                        unpacked.add(len(chunk))
                        out.write(chunk)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
                raise Refused(Problem(f"archive:{member.filename}", "broken_archive", f"cannot unpack: {exc}")) from exc

        map_in_threads(unpack, files, stage="unpacking", progress=progress)
    return destination


def archive_root(root: Path, manifest: str) -> Path:
    """The folder of an unpacked archive that holds `manifest`: its top, or its one top-level
    folder."""
    if not (root / manifest).is_file():
        tops = [p for p in root.iterdir() if p.name != "__MACOSX"]
        if len(tops) == 1 and tops[0].is_dir() and (tops[0] / manifest).is_file():
            return tops[0]
    return root
