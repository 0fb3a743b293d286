"""Where an import's files come from, and the rule that keeps them there: a path is read only
if it stays inside its folder (no absolute paths, no `..`, no symlink leading out).

The command line names any folder; the API names a folder on the server under one of
settings.IMPORT_ROOTS (`server_folder`), or uploads a zip of the folder, unpacked into a
temporary folder within the archive bounds (`unpack_zip`, `archive_root`)."""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings

from ..errors import Problem, Refused
from .problems import Problems
from .spec import limit


def inside(root: Path, relative) -> Path | None:
    """`root/relative` if `relative` is a plain relative path that stays inside `root` once
    symlinks are followed; None otherwise."""
    if not isinstance(relative, str) or not relative or "\\" in relative or "\x00" in relative:
        return None
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or (pure.parts and ":" in pure.parts[0]):
        return None
    candidate = (root / pure).resolve()
    return candidate if candidate.is_relative_to(root) and candidate != root else None


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


def unpack_zip(archive, destination: Path) -> Path:
    """Unpack a zip file (path or file object) into `destination`, refusing members that would
    land outside it (zip-slip), links, and archives over the member or size bounds."""
    try:
        zf = zipfile.ZipFile(getattr(archive, "file", archive))  # an UploadedFile wraps the real file
    except (zipfile.BadZipFile, OSError) as exc:
        raise Refused(Problem("archive", "not_a_zip", f"not a zip archive: {exc}")) from exc
    with zf:
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
            target = inside(destination.resolve(), member.filename)
            if target is None:
                problems.add(where, "path_outside_folder", "would be unpacked outside the folder")
                continue
            files.append((member, target))
        if problems:
            raise Refused(
                problems, detail=f"Archive refused: {'; '.join(f'{p.field}: {p.message}' for p in problems[:20])}"
            )
        written = 0
        for member, target in files:
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(member) as source, target.open("wb") as out:
                    # The declared sizes can lie: count what is really unpacked.
                    while chunk := source.read(1024 * 1024):
                        written += len(chunk)
                        if written > max_bytes:
                            raise Refused(Problem("archive", "too_large", f"more than {max_bytes} bytes unpacked"))
                        out.write(chunk)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
                raise Refused(Problem(f"archive:{member.filename}", "broken_archive", f"cannot unpack: {exc}")) from exc
    return destination


def archive_root(root: Path, manifest: str) -> Path:
    """The folder of an unpacked archive that holds `manifest`: its top, or its one top-level
    folder."""
    if not (root / manifest).is_file():
        tops = [p for p in root.iterdir() if p.name != "__MACOSX"]
        if len(tops) == 1 and tops[0].is_dir() and (tops[0] / manifest).is_file():
            return tops[0]
    return root
