"""Whole files between this machine and the bucket of a named storage (config/storage.py): what is
written once and read whole, export snapshots, ReFL bundles and checkpoints.

- `upload`: each file a multipart upload through s3transfer, read one part at a time (a file is
  never whole in memory: at most STORAGE_TRANSFER_CONCURRENCY files in flight, two parts of
  PART_SIZE each), several files at once.
- `mismatches`: each object read back in a stream and hashed against the sha256 and size the
  caller expects. An S3 ETag is no sha256 (and a multipart one no hash of the file at all), and
  checksums differ between endpoints: re-reading is the check every endpoint answers alike.
- `download`: an object to a local file, hashed on the way; a mismatch removes the file and raises.
- `download_url`: a presigned GET URL that names the file for the browser (signed locally).
- `remove`: every object under a prefix, but those kept.

Names are the storage's names (relative to its prefix), as with Django's storage API. boto3's
errors pass through: callers turn them into a message naming the setting with
`config.storage.storage_errors`."""

import hashlib
import posixpath
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from boto3.s3.transfer import TransferConfig
from django.conf import settings

PART_SIZE = 8 * 1024 * 1024
READ_CHUNK = 1 << 20
CONTENT_TYPES = {".zip": "application/zip", ".json": "application/json", ".md": "text/markdown; charset=utf-8"}


class TransferMismatch(Exception):
    """An object's bytes are not the bytes they should be (a corrupted upload or download)."""


def client_of(storage):
    """The storage's boto3 client, to share between threads: clients are thread-safe, while the
    resources django-storages keeps one per thread each cost a session and its service model
    (time and tens of MB): a worker thread must not ask the storage for its own."""
    return storage.connection.meta.client


def key(storage, name: str) -> str:
    """The object key of a storage's name (the storage's prefix, then the name)."""
    name = name.lstrip("/")
    return posixpath.join(storage.location, name) if storage.location else name


def _concurrency() -> int:
    return max(1, settings.STORAGE_TRANSFER_CONCURRENCY)


def _parallel(function, items: Iterable) -> list:
    items = list(items)
    if len(items) <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(_concurrency(), len(items))) as pool:
        return list(pool.map(function, items))


# --- up ------------------------------------------------------------------------------------------


def upload(storage, files: dict[str, Path]) -> None:
    """Upload local files to the storage: name -> local path."""
    client = client_of(storage)
    config = TransferConfig(
        multipart_threshold=PART_SIZE, multipart_chunksize=PART_SIZE, max_concurrency=2, use_threads=True
    )

    def one(item):
        name, path = item
        extra = {"ContentType": CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")}
        client.upload_file(str(path), storage.bucket_name, key(storage, name), ExtraArgs=extra, Config=config)

    _parallel(one, sorted(files.items()))


def put_bytes(storage, name: str, data: bytes) -> None:
    """One small object (a manifest) in one request."""
    content_type = CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
    client_of(storage).put_object(
        Bucket=storage.bucket_name, Key=key(storage, name), Body=data, ContentType=content_type
    )


def read_bytes(storage, name: str) -> bytes | None:
    """A small object's bytes, or None when there is no such object."""
    client = client_of(storage)
    try:
        return client.get_object(Bucket=storage.bucket_name, Key=key(storage, name))["Body"].read()
    except client.exceptions.NoSuchKey:
        return None


# --- checking ------------------------------------------------------------------------------------


def exists(storage, name: str) -> bool:
    """Whether the object exists, asked with a one-byte GET: unlike a HEAD, whose 404 has no body,
    its refusal says whether the key or the whole bucket is missing (a missing bucket raises)."""
    client = client_of(storage)
    try:
        client.get_object(Bucket=storage.bucket_name, Key=key(storage, name), Range="bytes=0-0")["Body"].close()
    except client.exceptions.NoSuchKey:
        return False
    except client.exceptions.ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "InvalidRange":  # an empty object
            raise
    return True


def object_sha256(storage, name: str, *, client=None) -> tuple[str, int]:
    """The sha256 and size of an object, read in a stream."""
    client = client or client_of(storage)
    body = client.get_object(Bucket=storage.bucket_name, Key=key(storage, name))["Body"]
    digest = hashlib.sha256()
    size = 0
    try:
        for chunk in body.iter_chunks(READ_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    finally:
        body.close()
    return digest.hexdigest(), size


def mismatches(storage, expected: dict[str, tuple[str, int | None]]) -> list[str]:
    """What differs between the objects and `expected` (name -> (sha256, size or None)), read
    back STORAGE_TRANSFER_CONCURRENCY at a time; empty when every object is as expected."""
    client = client_of(storage)

    def one(item):
        name, (sha256, size) = item
        try:
            found, found_size = object_sha256(storage, name, client=client)
        except client.exceptions.NoSuchKey:
            return f"{name}: missing from the bucket"
        if found != sha256 or (size is not None and found_size != size):
            wanted = f"{sha256} ({size} bytes)" if size is not None else sha256
            return f"{name}: sha256 {found} ({found_size} bytes) in the bucket, expected {wanted}"
        return None

    return [problem for problem in _parallel(one, sorted(expected.items())) if problem]


# --- down ----------------------------------------------------------------------------------------


def download(
    storage, name: str, target: Path, *, sha256: str | None = None, size: int | None = None, client=None
) -> tuple[str, int]:
    """Stream an object to `target` (its folder made), hashing it on the way; returns its sha256
    and size. When `sha256` (and `size`) are given, a mismatch removes `target` and raises
    TransferMismatch; FileNotFoundError when there is no such object."""
    target.parent.mkdir(parents=True, exist_ok=True)
    client = client or client_of(storage)
    try:
        body = client.get_object(Bucket=storage.bucket_name, Key=key(storage, name))["Body"]
    except client.exceptions.NoSuchKey:
        raise FileNotFoundError(f"{name}: not in the bucket") from None
    digest = hashlib.sha256()
    written = 0
    try:
        with open(target, "wb") as out:
            for chunk in body.iter_chunks(READ_CHUNK):
                digest.update(chunk)
                out.write(chunk)
                written += len(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        body.close()
    found = digest.hexdigest()
    if (sha256 is not None and found != sha256) or (size is not None and written != size):
        target.unlink(missing_ok=True)
        raise TransferMismatch(
            f"{name}: sha256 {found} ({written} bytes) in the bucket, expected {sha256} ({size} bytes)"
        )
    return found, written


def download_many(storage, files: dict[str, tuple[Path, str | None, int | None]]) -> None:
    """`download` of several objects, STORAGE_TRANSFER_CONCURRENCY at a time: name -> (target,
    sha256 or None, size or None)."""
    client = client_of(storage)
    _parallel(
        lambda item: download(storage, item[0], item[1][0], sha256=item[1][1], size=item[1][2], client=client),
        files.items(),
    )


def download_url(storage, name: str, *, filename: str) -> str:
    """A presigned URL of the object that browsers save as `filename` (no request to the bucket)."""
    return storage.url(name, parameters={"ResponseContentDisposition": f'attachment; filename="{filename}"'})


# --- removing ------------------------------------------------------------------------------------


def names_under(storage, prefix: str) -> list[str]:
    """The names of every object under `prefix/`, sorted."""
    client = client_of(storage)
    start = key(storage, prefix).rstrip("/") + "/"
    base = key(storage, "")
    names = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=storage.bucket_name, Prefix=start):
        names.extend(item["Key"][len(base) :] for item in page.get("Contents", []))
    return sorted(names)


def remove(storage, names: Iterable[str]) -> None:
    """Delete objects by name, a thousand per request (the API's limit)."""
    client = client_of(storage)
    keys = [key(storage, name) for name in names]
    for start in range(0, len(keys), 1000):
        batch = [{"Key": k} for k in keys[start : start + 1000]]
        answer = client.delete_objects(Bucket=storage.bucket_name, Delete={"Objects": batch, "Quiet": True})
        if answer.get("Errors"):
            error = answer["Errors"][0]
            raise OSError(f"could not delete {error.get('Key')}: {error.get('Code')} {error.get('Message')}")


def remove_under(storage, prefix: str, *, keep: Iterable[str] = ()) -> None:
    """Delete every object under `prefix/` but the names in `keep`."""
    kept = set(keep)
    remove(storage, [name for name in names_under(storage, prefix) if name not in kept])
