"""Exports in the bucket (STORAGE_URL set): a snapshot or a ReFL bundle is written on this machine
as in the embedded default (a folder and its deterministic zip under EXPORT_ROOT, so the bytes
are the same), then `publish` puts the files its manifest lists and the zip in the `exports`
storage under the same names (a snapshot's copied images travel in the zip only), reads each
object back and checks it against the manifest, and removes the local copy. A mismatch or a
bucket error fails the export; objects an earlier export of the same folder left and this one
did not write are removed.

Downloads are presigned URLs (`Download.url`), signed by the server for whoever may download."""

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import storages

from config import transfers
from config.storage import in_bucket

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


def expected_objects(folder: str, files: dict, archive: str, archive_entry: dict) -> dict:
    """name -> (sha256, bytes) of every object of an export: the manifest's files under
    `folder`, and the archive."""
    expected = {f"{folder}/{path}": (entry["sha256"], entry["bytes"]) for path, entry in files.items()}
    expected[archive] = (archive_entry["sha256"], archive_entry["bytes"])
    return expected


def publish(*, export_root: Path, folder: Path, archive: Path, files: dict, archive_entry: dict, storage=None) -> None:
    """Upload a finished export (`folder` and `archive`, under `export_root`) to the bucket under
    the same names: the files `files` lists (the manifest's: path -> {"sha256", "bytes"}) and the
    archive; check every object against them, then remove the local copy. Raises
    TransferMismatch (or boto3's error) and leaves none of this export's objects behind.
    `storage`: the exports storage, unless another one (a ReFL run's result: the checkpoints').

    A snapshot's copied images are not in its manifest's files: they travel inside the archive
    (images.sha256, which the manifest lists, names each one's sha256), and the bucket keeps
    their originals in the media storage. Uploading and reading back each one again would be
    two more requests per image, most of an export's time."""
    storage = storage or exports_storage()
    folder_name = folder.relative_to(export_root).as_posix()
    archive_name = archive.relative_to(export_root).as_posix()
    local = {f"{folder_name}/{path}": folder / path for path in files}
    local[archive_name] = archive
    try:
        transfers.upload(storage, local)
        problems = transfers.mismatches(storage, expected_objects(folder_name, files, archive_name, archive_entry))
        if problems:
            raise transfers.TransferMismatch(
                f"{len(problems)} file(s) differ from the manifest after the upload: " + "; ".join(problems[:5])
            )
        transfers.remove_under(storage, folder_name, keep=local)  # what an earlier export left
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
    """What differs between an export's objects and its manifest (empty: all verified). The
    images are checked through the archive, whose sha256 covers them."""
    return transfers.mismatches(
        exports_storage(), expected_objects(folder, manifest.get("files", {}), archive, manifest.get("archive", {}))
    )


def published_download(name: str, *, filename: str, storage=None) -> Download | None:
    """The presigned download of an archive in the bucket (the exports storage unless another),
    None when it is not there (one small request: a bucket that cannot be reached, or is
    missing, raises boto3's error)."""
    storage = storage or exports_storage()
    if not transfers.exists(storage, name):
        return None
    return Download(filename=filename, url=transfers.download_url(storage, name, filename=filename))
