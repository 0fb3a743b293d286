"""Exports in the bucket (STORAGE_URL set): a snapshot or a ReFL bundle is written on this machine
as in the embedded default (a folder and its deterministic zip under EXPORT_ROOT, so the bytes
are the same), then `publish` puts both in the `exports` storage under the same names, reads each
object back and checks it against the manifest (every listed file, every image of images.sha256,
the archive), and removes the local copy. A mismatch or a bucket error fails the export; objects
an earlier export of the same folder left and this one did not write are removed.

Downloads are presigned URLs (`Download.url`), signed by the server for whoever may download."""

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import storages

from config import transfers
from config.storage import in_bucket

from .files import IMAGE_SUMS, relative_files

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Download:
    """A file to hand to the browser: a local path to stream, or a presigned URL to redirect to."""

    filename: str
    path: Path | None = None
    url: str | None = None


def exports_storage():
    return storages["exports"]


def exports_in_bucket() -> bool:
    return in_bucket(exports_storage())


def published_where(name: str) -> str:
    """An export's object as an s3:// URL, for people to read."""
    storage = exports_storage()
    return f"s3://{storage.bucket_name}/{transfers.key(storage, name)}"


def image_sums(text: str) -> dict[str, str]:
    """images.sha256 (sha256sum format) as path -> sha256."""
    sums = {}
    for line in text.splitlines():
        if line:
            sha256, path = line.split("  ", 1)
            sums[path] = sha256
    return sums


def expected_objects(folder: str, files: dict, images: dict[str, str], archive: str, archive_entry: dict) -> dict:
    """name -> (sha256, bytes or None) of every object of an export: the manifest's files and the
    images listed in images.sha256 (whose sizes the manifest does not hold) under `folder`, and
    the archive."""
    expected = {f"{folder}/{path}": (entry["sha256"], entry["bytes"]) for path, entry in files.items()}
    expected.update({f"{folder}/{path}": (sha256, None) for path, sha256 in images.items()})
    expected[archive] = (archive_entry["sha256"], archive_entry["bytes"])
    return expected


def publish(*, export_root: Path, folder: Path, archive: Path, files: dict, archive_entry: dict, storage=None) -> None:
    """Upload a finished export (`folder` and `archive`, under `export_root`) to the bucket under
    the same names, check every object against `files` (the manifest's), images.sha256 and
    `archive_entry` ({"sha256", "bytes"}), then remove the local copy. Raises
    TransferMismatch (or boto3's error) and leaves none of this export's objects behind.
    `storage`: the exports storage, unless another one (a ReFL run's result: the checkpoints')."""
    storage = storage or exports_storage()
    folder_name = folder.relative_to(export_root).as_posix()
    archive_name = archive.relative_to(export_root).as_posix()
    local = {f"{folder_name}/{path}": folder / path for path in relative_files(folder)}
    local[archive_name] = archive
    sums = folder / IMAGE_SUMS
    images = image_sums(sums.read_text(encoding="utf-8")) if sums.is_file() else {}
    expected = expected_objects(folder_name, files, images, archive_name, archive_entry)
    unlisted = sorted(set(local) - set(expected))
    try:
        if unlisted:  # the manifest must cover every file it ships
            raise transfers.TransferMismatch(f"not in the manifest: {', '.join(unlisted[:10])}")
        transfers.upload(storage, local)
        problems = transfers.mismatches(storage, expected)
        if problems:
            raise transfers.TransferMismatch(
                f"{len(problems)} file(s) differ from the manifest after the upload: " + "; ".join(problems[:5])
            )
        transfers.remove_under(storage, folder_name, keep=local)
    except BaseException:
        _forget(storage, folder_name, archive_name)
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        archive.unlink(missing_ok=True)


def _forget(storage, folder_name: str, archive_name: str) -> None:
    # Best effort: a bucket that failed the upload may fail this too, and the error that matters
    # is the upload's. What stays behind belongs to no ready export and a retry overwrites it.
    try:
        transfers.remove_under(storage, folder_name)
        transfers.remove(storage, [archive_name])
    except Exception:
        log.warning("could not remove the objects of the failed export %s", folder_name, exc_info=True)


def verify_published(*, folder: str, archive: str, manifest: dict) -> list[str]:
    """What differs between an export's objects and its manifest (empty: all verified)."""
    storage = exports_storage()
    files = manifest.get("files", {})
    sums = transfers.read_bytes(storage, f"{folder}/{IMAGE_SUMS}") if IMAGE_SUMS in files else None
    images = image_sums(sums.decode("utf-8")) if sums is not None else {}
    return transfers.mismatches(storage, expected_objects(folder, files, images, archive, manifest.get("archive", {})))


def published_download(name: str, *, filename: str, storage=None) -> Download | None:
    """The presigned download of an archive in the bucket (the exports storage unless another),
    None when it is not there (one small request: a bucket that cannot be reached, or is
    missing, raises boto3's error)."""
    storage = storage or exports_storage()
    if not transfers.exists(storage, name):
        return None
    return Download(filename=filename, url=transfers.download_url(storage, name, filename=filename))
