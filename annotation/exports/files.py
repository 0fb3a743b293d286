"""Files around the data: image copies, checksums, the manifest and the archive.

- Images are copied (or hard-linked) to `images/<sha256[:2]>/<sha256><ext>` and hashed as they
  are read; their checksums go to `images.sha256` (sha256sum format, in the order the groups
  list them), so `sha256sum -c images.sha256` checks them.
- `SHA256SUMS` lists every other file (sorted): `sha256sum -c SHA256SUMS` checks the export.
- The manifest stored on the snapshot holds path -> {sha256, bytes} for every file but the
  images (which `images.sha256`, itself in the manifest, covers), plus the archive's checksum.
- The archive is a zip of the export folder: entries sorted, one fixed timestamp
  (1980-01-01, zip's epoch), fixed permissions, deflate for text and stored for Parquet and
  images (already compressed). Its bytes depend on the files only.
"""

import hashlib
import os
import shutil
import uuid
import zipfile
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.core.files.storage import Storage

from config import transfers
from config.storage import in_bucket

READ_CHUNK = 1 << 20
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
COMPRESSED_SUFFIXES = {".parquet", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif", ".zip", ".gz"}
IMAGE_SUMS = "images.sha256"
SUMS = "SHA256SUMS"


def project_folder(export_root: Path, project_id: int) -> Path:
    """Where a project's exports (snapshots, ReFL bundles) live: named by the project's id, which
    never changes. A slug can be renamed and then taken by another project, which would then read
    and overwrite the first one's files. (Snapshots exported before keep their folder under the
    slug: their row's archive_path says where.)"""
    return Path(export_root) / "projects" / str(int(project_id))


def hash_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while block := f.read(READ_CHUNK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


class ImageCopier:
    """Puts a snapshot's images beside its metadata: mode "copy" or "link" (a hard link where
    the file system allows one, a copy otherwise). Each file is read once, to hash it.

    Images with no local path (in a bucket) are fetched `concurrency` at a time, in threads
    sharing one client, and their checksums written in the order they were added, as a local
    copy writes them."""

    def __init__(self, root: Path, storage: Storage, mode: str, *, concurrency: int = 1):
        self.root = root
        self.storage = storage
        self.mode = mode
        self.sums = open(root / IMAGE_SUMS, "w", encoding="utf-8", newline="\n")
        self.count = 0
        self.bytes = 0
        self.folders: set[str] = set()
        self.concurrency = max(1, concurrency)
        self.pool: ThreadPoolExecutor | None = None
        self.in_flight: deque = deque()  # (path, future), in the order added
        self.fetched: set[str] = set()  # paths of images fetched or in flight
        self.client = transfers.client_of(storage) if in_bucket(storage) else None

    def add(self, storage_name: str, path: str) -> None:
        target = self.root / path
        folder = path.rsplit("/", 1)[0]
        if folder not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)
        elif target.exists() or path in self.fetched:  # the same image in two groups
            return
        source = self._local_path(storage_name)
        if source is None:
            self._fetch(storage_name, path, target)
            return
        if self.mode == "link":
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
            sha256, size = hash_file(target)
        else:
            sha256, size = self._copy(storage_name, target)
        self._record(path, sha256, size)

    def _record(self, path: str, sha256: str, size: int) -> None:
        self.sums.write(f"{sha256}  {path}\n")
        self.count += 1
        self.bytes += size

    def _fetch(self, storage_name: str, path: str, target: Path) -> None:
        if self.pool is None:
            self.pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="export-images")
        self.fetched.add(path)
        if self.client is not None:
            fetch = self.pool.submit(transfers.download, self.storage, storage_name, target, client=self.client)
        else:
            fetch = self.pool.submit(self._copy, storage_name, target)
        self.in_flight.append((path, fetch))
        if len(self.in_flight) >= 4 * self.concurrency:  # bounded: a few files per thread ahead
            self._settle(keep=2 * self.concurrency)

    def _settle(self, keep: int = 0) -> None:
        while len(self.in_flight) > keep:
            path, future = self.in_flight.popleft()
            self._record(path, *future.result())

    def _local_path(self, storage_name: str) -> str | None:
        try:
            return self.storage.path(storage_name)
        except NotImplementedError:  # object storage: no local path, stream it
            return None

    def _copy(self, storage_name: str, target: Path) -> tuple[str, int]:
        digest = hashlib.sha256()
        size = 0
        with self.storage.open(storage_name, "rb") as src, open(target, "wb") as dst:
            while block := src.read(READ_CHUNK):
                digest.update(block)
                dst.write(block)
                size += len(block)
        return digest.hexdigest(), size

    def abort(self) -> None:
        """Stop: fetches not started are cancelled, those under way finish, nothing is recorded."""
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        self.sums.close()

    def close(self) -> None:
        try:
            self._settle()
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
            self.sums.close()


def relative_files(root: Path) -> list[str]:
    """Every file under root as a sorted list of POSIX paths relative to it."""
    found = []
    for directory, _, names in os.walk(root):
        for name in names:
            found.append((Path(directory) / name).relative_to(root).as_posix())
    return sorted(found)


def metadata_files(root: Path) -> list[str]:
    return [p for p in relative_files(root) if not p.startswith("images/")]


def write_checksums(root: Path) -> dict[str, dict]:
    """Hash every file but the images, write SHA256SUMS, and return the manifest's "files"."""
    files = {}
    for path in metadata_files(root):
        if path == SUMS:
            continue
        sha256, size = hash_file(root / path)
        files[path] = {"sha256": sha256, "bytes": size}
    with open(root / SUMS, "w", encoding="utf-8", newline="\n") as out:
        for path, entry in files.items():
            out.write(f"{entry['sha256']}  {path}\n")
    sha256, size = hash_file(root / SUMS)
    files[SUMS] = {"sha256": sha256, "bytes": size}
    return dict(sorted(files.items()))


def write_archive(root: Path, archive: Path, *, prefix: str) -> None:
    """A deterministic zip of everything under root, entries under `prefix/`."""
    # A name of its own: two writers of one archive must not write into each other's file.
    tmp = archive.with_name(f".{archive.name}.{uuid.uuid4().hex}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
            for path in relative_files(root):
                source = root / path
                info = zipfile.ZipInfo(f"{prefix}/{path}", date_time=ZIP_EPOCH)
                info.create_system = 3  # unix, so the permissions below mean what they say
                info.external_attr = 0o100644 << 16
                compressed = Path(path).suffix.lower() in COMPRESSED_SUFFIXES
                info.compress_type = zipfile.ZIP_STORED if compressed else zipfile.ZIP_DEFLATED
                info.file_size = source.stat().st_size  # decides zip64 before writing
                with open(source, "rb") as src, zf.open(info, "w") as dst:
                    shutil.copyfileobj(src, dst, READ_CHUNK)
        os.replace(tmp, archive)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def verify(root: Path, manifest: dict) -> list[str]:
    """What differs between the files under root and the manifest (empty when all is well):
    every listed file, and every image listed in images.sha256."""
    problems = []
    for path, entry in manifest.get("files", {}).items():
        target = root / path
        if not target.is_file():
            problems.append(f"{path}: missing")
            continue
        sha256, size = hash_file(target)
        if (sha256, size) != (entry["sha256"], entry["bytes"]):
            problems.append(
                f"{path}: sha256 {sha256} ({size} bytes), manifest says {entry['sha256']} ({entry['bytes']} bytes)"
            )
    sums = root / IMAGE_SUMS
    if IMAGE_SUMS in manifest.get("files", {}) and sums.is_file():
        with open(sums, encoding="utf-8") as f:
            for line in f:
                expected, path = line.rstrip("\n").split("  ", 1)
                target = root / path
                if not target.is_file():
                    problems.append(f"{path}: missing")
                elif hash_file(target)[0] != expected:
                    problems.append(f"{path}: sha256 differs from {IMAGE_SUMS}")
    return problems
