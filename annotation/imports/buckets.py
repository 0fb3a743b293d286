"""A prefix of an S3-compatible bucket read as an import folder: `s3://bucket/some/prefix` holds
the manifest and the images it names, in the same formats as a folder on disk, checked by the
same rules (checks.py) and stored the same way (by content hash, once).

The prefix is listed once (keys and sizes, at most IMPORT_MAX_ARCHIVE_MEMBERS objects, the bound
of an uploaded zip); then the import's threads read the images, IMPORT_WORKERS at a time and one
image per thread in memory, when they are checked and again when they are stored, as they read
files on disk. The bucket is reached with the platform's own endpoint and credentials
(STORAGE_ENDPOINT_URL, STORAGE_ACCESS_KEY_ID...; without STORAGE_URL, boto3's own chain and AWS).

The API reads only under IMPORT_BUCKET_ROOTS (default: the `imports/` prefix of the configured
bucket, s3://<bucket>/<prefix>/imports), as it reads folders only under IMPORT_ROOTS: the
server's credentials can read more than a manager should (other projects' images, exports). The
command line reads whatever the credentials can.

Refusals name the field `folder`: a URL that is not s3://bucket/prefix, a prefix outside the
roots, a bucket or prefix with nothing in it, access denied to the prefix. An endpoint that
cannot be reached or refuses the credentials themselves is the settings' fault: a 503 naming
them (config.storage.describe)."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
from django.conf import settings

from ..errors import Problem, Refused
from .parallel import workers
from .sources import plain_relative
from .spec import limit

SCHEME = "s3://"
# Refusals of the prefix itself (the credentials are fine, this prefix is not theirs to read).
DENIED = {"AccessDenied", "AllAccessDisabled", "403"}


def is_bucket_url(text) -> bool:
    return isinstance(text, str) and text[: len(SCHEME)].lower() == SCHEME


def parse_bucket_url(url: str) -> tuple[str, str]:
    """`s3://bucket/some/prefix` -> ("bucket", "some/prefix"); Refused (field `folder`) for
    anything else, `..` and empty parts included."""
    rest = url[len(SCHEME) :] if is_bucket_url(url) else ""
    bucket, _, prefix = rest.partition("/")
    prefix = prefix.strip("/")
    valid_bucket = 3 <= len(bucket) <= 63 and bucket == bucket.lower() and all(c.isalnum() or c in "-." for c in bucket)
    parts = prefix.split("/") if prefix else []
    if not valid_bucket or any(part in ("", ".", "..") for part in parts) or "\\" in prefix or "\x00" in prefix:
        raise Refused(
            Problem(
                "folder", "invalid_bucket_url", f"{url!r} is not s3://bucket/prefix (a bucket name, plain key parts)"
            )
        )
    return bucket, prefix


def import_roots() -> list[tuple[str, str]]:
    """The bucket prefixes the API may import from."""
    configured = getattr(settings, "IMPORT_BUCKET_ROOTS", None)
    if configured is None:
        bucket = getattr(settings, "STORAGE_BUCKET", None)
        configured = (
            [f"{SCHEME}{bucket.bucket}/{'/'.join(p for p in (bucket.prefix, 'imports') if p)}"] if bucket else []
        )
    return [parse_bucket_url(root) for root in configured]


def check_inside_roots(url: str) -> None:
    bucket, prefix = parse_bucket_url(url)
    roots = import_roots()
    for root_bucket, root_prefix in roots:
        if bucket == root_bucket and (not root_prefix or prefix == root_prefix or prefix.startswith(root_prefix + "/")):
            return
    allowed = ", ".join(f"{SCHEME}{b}/{p}" for b, p in roots) or "none: set IMPORT_BUCKET_ROOTS or STORAGE_URL"
    raise Refused(Problem("folder", "outside_import_roots", f"{url} is not inside an import root ({allowed})"))


def client():
    """An S3 client on the platform's endpoint with its credentials (thread-safe: the import's
    threads share it)."""
    config = getattr(settings, "STORAGE_BUCKET", None)
    options = {"config": Config(signature_version="s3v4", max_pool_connections=workers() + 2)}
    if config is not None:
        options["config"] = options["config"].merge(Config(s3={"addressing_style": config.addressing_style or "auto"}))
        options.update(endpoint_url=config.endpoint_url, region_name=config.region)
        if config.access_key:
            options.update(aws_access_key_id=config.access_key, aws_secret_access_key=config.secret_key)
    return boto3.client("s3", **options)


class BucketObject:
    """An object of the prefix: it answers the calls the checks make of a Path (`is_file`,
    `stat().st_size`, `read_bytes`)."""

    def __init__(self, folder: BucketFolder, key: str, size: int | None):
        self.folder, self.key, self.size = folder, key, size

    def is_file(self) -> bool:
        return self.size is not None

    def stat(self):
        return _Stat(self.size)

    def read_bytes(self) -> bytes:
        # At most one byte over the image bound: a larger object is refused by its size anyway.
        return self.folder.read(self.key, most=limit("IMPORT_MAX_IMAGE_BYTES") + 1)

    def __str__(self):
        return f"{SCHEME}{self.folder.bucket}/{self.key}"


class _Stat:
    def __init__(self, size: int):
        self.st_size = size


class BucketFolder:
    """A listed prefix of a bucket, as a folder: `locate` gives the object a manifest names."""

    def __init__(self, s3, bucket: str, prefix: str, sizes: dict[str, int]):
        self.s3, self.bucket, self.prefix, self.sizes = s3, bucket, prefix, sizes

    @property
    def url(self) -> str:
        return f"{SCHEME}{self.bucket}/{self.prefix}"

    def key(self, relative: str) -> str:
        return f"{self.prefix}/{relative}" if self.prefix else relative

    def locate(self, relative) -> BucketObject | None:
        pure = plain_relative(relative)
        if pure is None:
            return None
        name = pure.as_posix()
        return BucketObject(self, self.key(name), self.sizes.get(name))

    def read(self, key: str, *, most: int) -> bytes:
        with refusals(self.url, missing=f"{SCHEME}{self.bucket}/{key}"):
            with self.s3.get_object(Bucket=self.bucket, Key=key)["Body"] as body:
                return body.read(most)

    def download(self, relative: str, destination: Path) -> Path | None:
        """The object at `relative` (the manifest) written to `destination`; None if there is none."""
        member = self.locate(relative)
        if member is None or not member.is_file():
            return None
        with refusals(self.url), self.s3.get_object(Bucket=self.bucket, Key=member.key)["Body"] as body:
            with destination.open("wb") as out:
                shutil.copyfileobj(body, out, 1024 * 1024)
        return destination

    def source(self, manifest: str) -> str:
        """What the batch records as its origin."""
        return f"{SCHEME}{self.bucket}/{self.key(PurePosixPath(manifest).as_posix())}"


def open_bucket_folder(url: str, *, within_roots: bool = True) -> BucketFolder:
    """The prefix `url` names, listed; Refused (field `folder`) when it is outside the roots (the
    API's imports), empty, too large, denied or not there."""
    bucket, prefix = parse_bucket_url(url)
    if within_roots:
        check_inside_roots(url)
    s3 = client()
    most = limit("IMPORT_MAX_ARCHIVE_MEMBERS")
    start = f"{prefix}/" if prefix else ""
    sizes: dict[str, int] = {}
    with refusals(url):
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=start):
            for item in page.get("Contents", []):
                if not item["Key"].endswith("/"):  # folder markers some tools write
                    sizes[item["Key"][len(start) :]] = item["Size"]
            if len(sizes) > most:
                raise Refused(
                    Problem("folder", "too_many_objects", f"{url} holds more than {most} objects; import it in parts")
                )
    if not sizes:
        raise Refused(Problem("folder", "not_a_folder", f"{url} holds no objects"))
    return BucketFolder(s3, bucket, prefix, sizes)


@contextmanager
def refusals(url: str, *, missing: str | None = None):
    """A bucket's answer inside the block as the refusal it means for the import (field `folder`;
    an object deleted meanwhile: field `missing`, rule file_changed). Other errors pass on: an
    endpoint that cannot be reached or refuses the credentials themselves is the settings' fault
    (the API answers 503 naming them)."""
    try:
        yield
    except ClientError as exc:
        code = str(exc.response.get("Error", {}).get("Code", ""))
        if missing is not None and code in ("NoSuchKey", "404"):
            raise Refused(Problem(missing, "file_changed", "deleted during the import")) from exc
        if code in DENIED:
            raise Refused(
                Problem(
                    "folder",
                    "access_denied",
                    f"{url}: the bucket refused to let the platform's credentials (STORAGE_ACCESS_KEY_ID) read it "
                    f"({code}); grant them s3:ListBucket and s3:GetObject there, or import from another prefix",
                )
            ) from exc
        if code == "NoSuchBucket":
            raise Refused(Problem("folder", "no_such_bucket", f"{url}: there is no such bucket")) from exc
        raise
