"""Presigned GET URLs of a bucket's private objects, signed in this process: AWS Signature
Version 4 in the query string (the S3 API's "presigned URL"), one SHA-256 and one HMAC per URL,
no network round trip.

boto3 signs the same URL through its client's request pipeline (endpoint rules, event hooks, a
request object per URL), which costs more Python work per image than the rest of a next-task
answer. A `Presigner` asks boto3 once, for a probe key of the storage, and keeps what does not
change from key to key: the origin and key prefix that the storage's endpoint, addressing style
and location give, and the region the signature names. Each URL is then the probe's with its
key and signature exchanged. tests/storage/test_presign.py checks that the URLs are boto3's,
character for character, signed at the same instant.

Credentials are the storage's own (its keys, a profile, or boto3's chain); temporary ones (an
instance role) are read again for every batch of URLs, so their refresh applies.

STORAGE_PUBLIC_ENDPOINT_URL, when set, is where browsers reach the endpoint (MinIO behind a
published port or a proxy, while the servers reach it as http://minio:9000): URLs are signed
for that origin, which is the host the browser sends and the endpoint checks."""

import hashlib
import hmac
import weakref
from datetime import UTC, datetime
from urllib.parse import parse_qs, quote, urlsplit

import boto3
from botocore.exceptions import NoCredentialsError
from django.conf import settings

from .storage import in_bucket

ALGORITHM = "AWS4-HMAC-SHA256"
MAX_EXPIRES = 7 * 24 * 3600  # SigV4: a presigned URL lives a week at most
PROBE = "presign-probe"
_QUERY_KEYS = {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders"}
_UNRESERVED = "-_.~"  # what SigV4's URI encoding leaves as it is


class Presigner:
    """Signs GET URLs of one storage's objects (names as the storage names them)."""

    def __init__(self, *, origin: str, path_prefix: str, host: str, region: str, credentials):
        self.origin = origin  # scheme://netloc of the URLs
        self.path_prefix = path_prefix  # the URL path up to a name: /bucket/location/ or /location/
        self.host = host  # the host header the signature covers
        self.region = region
        self.credentials = credentials
        self._key: tuple[tuple[str, str], bytes] | None = None

    def urls(self, names, *, expires_in: int, now: datetime) -> list[str]:
        """A presigned GET URL for each name, valid `expires_in` seconds from `now`."""
        if not 1 <= expires_in <= MAX_EXPIRES:
            raise ValueError(f"a presigned URL lives 1 to {MAX_EXPIRES} seconds, not {expires_in}")
        frozen = self.credentials.get_frozen_credentials()
        amz_date = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        scope = f"{amz_date[:8]}/{self.region}/s3/aws4_request"
        params = {
            "X-Amz-Algorithm": ALGORITHM,
            "X-Amz-Credential": f"{frozen.access_key}/{scope}",
            "X-Amz-Date": amz_date,
            "X-Amz-Expires": str(expires_in),
            "X-Amz-SignedHeaders": "host",
        }
        if frozen.token is not None:
            params["X-Amz-Security-Token"] = frozen.token
        encoded = [(quote(k, safe=_UNRESERVED), quote(v, safe=_UNRESERVED)) for k, v in params.items()]
        query = "&".join(f"{k}={v}" for k, v in encoded)  # boto3's order, so the URLs are its own
        canonical_query = "&".join(f"{k}={v}" for k, v in sorted(encoded))
        key = self._signing_key(frozen.secret_key, amz_date[:8])
        head = f"{ALGORITHM}\n{amz_date}\n{scope}\n"
        tail = f"\n{canonical_query}\nhost:{self.host}\n\nhost\nUNSIGNED-PAYLOAD"
        urls = []
        for name in names:
            path = self.path_prefix + quote(name, safe="/~")
            digest = hashlib.sha256(f"GET\n{path}{tail}".encode()).hexdigest()
            signature = hmac.digest(key, (head + digest).encode(), "sha256").hex()
            urls.append(f"{self.origin}{path}?{query}&X-Amz-Signature={signature}")
        return urls

    def _signing_key(self, secret: str, day: str) -> bytes:
        if self._key is None or self._key[0] != (secret, day):
            key = f"AWS4{secret}".encode()
            for part in (day, self.region, "s3", "aws4_request"):
                key = hmac.digest(key, part.encode(), "sha256")
            self._key = ((secret, day), key)
        return self._key[1]


class StoragePresigner:
    """boto3's own presigning through the storage, for a configuration whose probe URL is not the
    plain SigV4 form that Presigner knows."""

    def __init__(self, storage):
        self.storage = storage
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(storage.url(PROBE)))

    def urls(self, names, *, expires_in: int, now: datetime) -> list[str]:
        return [self.storage.url(name, expire=expires_in) for name in names]


_presigners: "weakref.WeakKeyDictionary[object, Presigner | StoragePresigner | None]" = weakref.WeakKeyDictionary()


def presigner_for(storage) -> Presigner | StoragePresigner | None:
    """The presigner of a storage (kept while the storage lives), or None for local folders,
    whose files the server serves itself. Raises botocore's NoCredentialsError when the bucket's
    credentials cannot be found (config.storage.describe names the settings)."""
    try:
        return _presigners[storage]
    except KeyError:
        pass
    presigner = _build(storage) if in_bucket(storage) else None
    _presigners[storage] = presigner
    return presigner


def _build(storage) -> Presigner | StoragePresigner:
    probe = urlsplit(storage.url(PROBE, expire=60))
    query = parse_qs(probe.query, keep_blank_values=True)
    credential = query.get("X-Amz-Credential", [""])[0].split("/")
    if (
        set(query) - {"X-Amz-Security-Token", "X-Amz-Signature"} != _QUERY_KEYS
        or query["X-Amz-Algorithm"] != [ALGORITHM]
        or query["X-Amz-SignedHeaders"] != ["host"]
        or len(credential) != 5
        or credential[3:] != ["s3", "aws4_request"]
        or not probe.path.endswith("/" + PROBE)
    ):
        return StoragePresigner(storage)
    credentials = _session(storage).get_credentials()
    if credentials is None:
        raise NoCredentialsError()
    scheme, netloc = probe.scheme, probe.netloc
    config = getattr(settings, "STORAGE_BUCKET", None)
    public = getattr(config, "public_endpoint_url", None)
    if public and storage.endpoint_url:
        internal, outside = urlsplit(storage.endpoint_url), urlsplit(public)
        if netloc.endswith(internal.netloc):  # path style: the endpoint; virtual: bucket.endpoint
            scheme, netloc = outside.scheme, netloc[: -len(internal.netloc)] + outside.netloc
    return Presigner(
        origin=f"{scheme}://{netloc}",
        path_prefix=probe.path[: -len(PROBE)],
        host=_host(scheme, netloc),
        region=credential[2],
        credentials=credentials,
    )


def _session(storage):
    """A boto3 session with the storage's credentials, as django-storages makes its own."""
    if storage.session_profile:
        return boto3.Session(profile_name=storage.session_profile)
    return boto3.Session(
        aws_access_key_id=storage.access_key,
        aws_secret_access_key=storage.secret_key,
        aws_session_token=storage.security_token,
    )


def _host(scheme: str, netloc: str) -> str:
    """The host header a client sends for scheme://netloc: lowercase, without a default port."""
    parts = urlsplit(f"{scheme}://{netloc}")
    host = parts.hostname or ""
    if ":" in host:  # IPv6
        host = f"[{host}]"
    if parts.port is not None and parts.port != {"http": 80, "https": 443}.get(scheme):
        host = f"{host}:{parts.port}"
    return host


def image_origin(storage) -> str | None:
    """The origin browsers load the storage's presigned URLs from (the Content-Security-Policy's
    img-src needs it); None for local folders."""
    presigner = presigner_for(storage)
    return presigner.origin if presigner is not None else None
