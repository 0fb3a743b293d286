"""Where the platform keeps its files: local folders (the embedded default) or one S3-compatible
bucket (AWS S3, MinIO, Ceph, GCS through its S3 interoperability), chosen by the environment.

    STORAGE_URL=s3://bucket/prefix      the bucket and a key prefix (both required to name a bucket;
                                        the prefix may be empty: s3://bucket)
    STORAGE_ENDPOINT_URL=http://...     MinIO, Ceph, GCS (https://storage.googleapis.com); unset: AWS
    STORAGE_REGION=us-east-1            the region the signatures name
    STORAGE_ADDRESSING_STYLE=path       `path` (MinIO's default) or `virtual`; unset: boto3 decides
    STORAGE_URL_EXPIRY=14400            seconds a presigned URL stays valid (a task's image URLs:
                                        that long past the end of its lease)
    STORAGE_PUBLIC_ENDPOINT_URL=https://files.example.org
                                        where browsers reach the endpoint, when not at
                                        STORAGE_ENDPOINT_URL (MinIO in compose: http://minio:9000
                                        for the servers, a published port for the browsers)
    STORAGE_ACCESS_KEY_ID / STORAGE_SECRET_ACCESS_KEY
                                        credentials; unset: boto3's own chain (AWS_* variables,
                                        ~/.aws, the instance's role)

Three named storages, each under its own prefix of the one bucket (or its own folder):

    default       the images                      MEDIA_ROOT       or <prefix>/media/
    exports       export snapshots, ReFL bundles  EXPORT_ROOT      or <prefix>/exports/
    checkpoints   reward-model checkpoints, ReFL  CHECKPOINT_ROOT  or <prefix>/checkpoints/

Code reaches them through Django's storage API (`django.core.files.storage.storages[...]`), so
the same code serves both. A bucket stays private: files leave it through URLs the server signs
locally (no network round trip) for members only.

An unreachable bucket or refused credentials surface as `StorageUnavailable` (503, naming the
setting to look at) through `storage_errors()` and the API's exception handler, never as a 500."""

import contextlib
import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from rest_framework import status
from rest_framework.exceptions import APIException

NAMES = ("default", "exports", "checkpoints")
PREFIXES = {"default": "media", "exports": "exports", "checkpoints": "checkpoints"}
S3_BACKEND = "storages.backends.s3.S3Storage"
DEFAULT_URL_EXPIRY = 4 * 3600


@dataclass(frozen=True)
class BucketConfig:
    bucket: str
    prefix: str
    endpoint_url: str | None = None
    region: str | None = None
    addressing_style: str | None = None
    url_expiry: int = DEFAULT_URL_EXPIRY
    access_key: str | None = None
    secret_key: str | None = None
    public_endpoint_url: str | None = None

    def location(self, name: str) -> str:
        """The key prefix of one named storage: `<prefix>/media`, `<prefix>/exports`, ..."""
        return "/".join(part for part in (self.prefix, PREFIXES[name]) if part)

    def where(self) -> str:
        """The bucket as the settings name it, for error messages."""
        at = f" at STORAGE_ENDPOINT_URL={self.endpoint_url}" if self.endpoint_url else ""
        return f"STORAGE_URL=s3://{self.bucket}/{self.prefix}{at}"


def parse_storage_url(url: str) -> tuple[str, str]:
    """`s3://bucket/some/prefix` -> ("bucket", "some/prefix"). Anything else is a configuration
    error that names the setting and the rule."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() != "s3":
        raise ImproperlyConfigured(f"STORAGE_URL must look like s3://bucket/prefix, not {url!r}")
    bucket, _, prefix = rest.partition("/")
    if not bucket:
        raise ImproperlyConfigured(f"STORAGE_URL names no bucket: {url!r} (s3://bucket/prefix)")
    if not (3 <= len(bucket) <= 63) or not all(c.isalnum() or c in "-." for c in bucket) or bucket != bucket.lower():
        raise ImproperlyConfigured(
            f"STORAGE_URL's bucket {bucket!r} is not a valid bucket name (3-63 lowercase letters, digits, '-' or '.')"
        )
    return bucket, prefix.strip("/")


def bucket_config(environ=os.environ) -> BucketConfig | None:
    """The bucket the environment names, or None for the local folders."""
    url = environ.get("STORAGE_URL", "").strip()
    if not url:
        return None
    bucket, prefix = parse_storage_url(url)
    style = environ.get("STORAGE_ADDRESSING_STYLE", "").strip() or None
    if style not in (None, "path", "virtual", "auto"):
        raise ImproperlyConfigured(f"STORAGE_ADDRESSING_STYLE must be path, virtual or auto, not {style!r}")
    expiry = environ.get("STORAGE_URL_EXPIRY", "").strip()
    try:
        url_expiry = int(expiry) if expiry else DEFAULT_URL_EXPIRY
    except ValueError:
        raise ImproperlyConfigured(f"STORAGE_URL_EXPIRY must be a number of seconds, not {expiry!r}") from None
    if not 60 <= url_expiry <= 7 * 24 * 3600:  # SigV4 URLs live a week at most
        raise ImproperlyConfigured(f"STORAGE_URL_EXPIRY must be between 60 and 604800 seconds, not {url_expiry}")
    public = environ.get("STORAGE_PUBLIC_ENDPOINT_URL", "").strip().rstrip("/") or None
    if public is not None:
        parts = urllib.parse.urlsplit(public)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
            raise ImproperlyConfigured(
                f"STORAGE_PUBLIC_ENDPOINT_URL must be an origin such as https://files.example.org, not {public!r}"
            )
        if not environ.get("STORAGE_ENDPOINT_URL", "").strip():
            raise ImproperlyConfigured(
                "STORAGE_PUBLIC_ENDPOINT_URL needs STORAGE_ENDPOINT_URL (the endpoint it stands for)"
            )
    return BucketConfig(
        bucket=bucket,
        prefix=prefix,
        endpoint_url=environ.get("STORAGE_ENDPOINT_URL", "").strip() or None,
        region=environ.get("STORAGE_REGION", "").strip() or None,
        addressing_style=style,
        url_expiry=url_expiry,
        access_key=environ.get("STORAGE_ACCESS_KEY_ID") or None,
        secret_key=environ.get("STORAGE_SECRET_ACCESS_KEY") or None,
        public_endpoint_url=public,
    )


def s3_options(config: BucketConfig, name: str) -> dict:
    """django-storages' S3Storage options of one named storage."""
    options = {
        "bucket_name": config.bucket,
        "location": config.location(name),
        "endpoint_url": config.endpoint_url,
        "region_name": config.region,
        "signature_version": "s3v4",
        "addressing_style": config.addressing_style,
        "querystring_auth": True,  # private bucket: every URL is presigned
        "querystring_expire": config.url_expiry,
        "default_acl": None,  # objects inherit the bucket's (private) policy
        # Names are content hashes or versioned folders: a second save of one name is a second
        # writer of the same bytes, and keeping both names (Django's default) would orphan one.
        "file_overwrite": name != "default",
        "max_memory_size": 8 * 1024 * 1024,  # larger uploads spool to disk, never all in memory
    }
    if config.access_key:
        options["access_key"] = config.access_key
        options["secret_key"] = config.secret_key
    return options


def storages_setting(
    config: BucketConfig | None, *, media_root: Path, export_root: Path, checkpoint_root: Path
) -> dict:
    """The STORAGES setting: the three named storages on the bucket or on the local folders,
    plus the static files (always local, served by WhiteNoise)."""
    static = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}
    if config is None:
        local = "django.core.files.storage.FileSystemStorage"
        return {
            # No location: the images follow MEDIA_ROOT (and MEDIA_URL) whenever they change, as
            # Django's default storage does; a fixed one would keep writing to the first folder.
            "default": {"BACKEND": local},
            "exports": {"BACKEND": local, "OPTIONS": {"location": str(export_root)}},
            "checkpoints": {"BACKEND": local, "OPTIONS": {"location": str(checkpoint_root)}},
            "staticfiles": static,
        }
    return {
        **{name: {"BACKEND": S3_BACKEND, "OPTIONS": s3_options(config, name)} for name in NAMES},
        "staticfiles": static,
    }


def in_bucket(storage) -> bool:
    """Whether a storage keeps its files in a bucket (no local paths, presigned URLs)."""
    from django.utils.functional import LazyObject, empty

    if isinstance(storage, LazyObject):  # default_storage
        if storage._wrapped is empty:
            storage._setup()
        storage = storage._wrapped
    return type(storage).__module__.startswith("storages.backends.s3")


# --- errors --------------------------------------------------------------------------------------


class StorageUnavailable(APIException):
    """The bucket could not be reached or refused the request. The message names the setting
    to check; the API answers 503 in its error shape."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "storage_unavailable"
    default_detail = "The file storage is unavailable."


def describe(exc: BaseException) -> str | None:
    """What a boto3 error means for whoever runs the platform, naming the setting to fix; None
    when `exc` is not a storage error."""
    try:
        from botocore import exceptions as boto
    except ImportError:  # no bucket configured anywhere
        return None
    from django.conf import settings

    config = getattr(settings, "STORAGE_BUCKET", None)
    where = config.where() if config else "the bucket"
    if isinstance(exc, boto.NoCredentialsError | boto.PartialCredentialsError):
        return f"No credentials for {where}: set STORAGE_ACCESS_KEY_ID and STORAGE_SECRET_ACCESS_KEY."
    if isinstance(exc, boto.EndpointConnectionError | boto.ConnectTimeoutError | boto.ReadTimeoutError):
        return f"Cannot reach {where}: check STORAGE_ENDPOINT_URL and the network ({exc})."
    if isinstance(exc, boto.ClientError):
        code = exc.response.get("Error", {}).get("Code", "")
        if code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "403", "AllAccessDisabled"):
            return (
                f"{where} refused access ({code}): check STORAGE_ACCESS_KEY_ID, STORAGE_SECRET_ACCESS_KEY "
                "and the bucket's policy."
            )
        if code == "NoSuchBucket":
            return f"{where} does not exist ({code}): create the bucket or correct STORAGE_URL."
        return f"{where} answered {code or 'an error'}: {exc}"
    if isinstance(exc, boto.BotoCoreError):
        return f"The file storage ({where}) failed: {exc}"
    return None


@contextlib.contextmanager
def storage_errors():
    """Turn a boto3 error inside the block into StorageUnavailable naming the setting."""
    try:
        yield
    except Exception as exc:
        message = describe(exc)
        if message is None:
            raise
        raise StorageUnavailable(message) from exc
