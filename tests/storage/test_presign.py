"""config/presign.py signs the URLs boto3 would sign, character for character, for every shape of
configuration (path or virtual addressing, a custom endpoint or AWS, temporary credentials, a
public endpoint for the browsers), without a network round trip."""

import datetime
import urllib.error
import urllib.parse
import urllib.request

import botocore.auth
import pytest
from botocore.exceptions import NoCredentialsError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from storages.backends.s3 import S3Storage

from config.presign import MAX_EXPIRES, Presigner, image_origin, presigner_for
from config.storage import bucket_config, describe, s3_options

SIGNED_AT = datetime.datetime(2026, 3, 1, 12, 30, 5, tzinfo=datetime.UTC)
NAMES = [
    "images/1/ab/abcdef.png",
    "images/2/x y+z=w~v.webp",
    "images/3/été/ünïcode.jpg",
    "images/4/semi;colon&amp/#hash?.png",
]


@pytest.fixture
def boto_clock(monkeypatch):
    """boto3 signs at SIGNED_AT."""
    monkeypatch.setattr(
        botocore.auth, "get_current_datetime", lambda remove_tzinfo=True: SIGNED_AT.replace(tzinfo=None)
    )


def storage_for(env: dict, name: str = "default") -> S3Storage:
    return S3Storage(**s3_options(bucket_config(env), name))


BASE = {"STORAGE_ACCESS_KEY_ID": "AKIDEXAMPLE", "STORAGE_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
CONFIGURATIONS = {
    "minio, path style": {
        "STORAGE_URL": "s3://lab-data/team/a",
        "STORAGE_ENDPOINT_URL": "http://minio:9000",
        "STORAGE_REGION": "us-east-1",
        "STORAGE_ADDRESSING_STYLE": "path",
    },
    "custom endpoint, virtual style": {
        "STORAGE_URL": "s3://lab-data/x",
        "STORAGE_ENDPOINT_URL": "https://objects.example.org",
        "STORAGE_REGION": "eu-central-1",
        "STORAGE_ADDRESSING_STYLE": "virtual",
    },
    "aws, a region": {"STORAGE_URL": "s3://lab-data/prefix", "STORAGE_REGION": "eu-west-1"},
    "aws, no prefix, default port written out": {
        "STORAGE_URL": "s3://lab-data",
        "STORAGE_ENDPOINT_URL": "https://s3.eu-west-3.amazonaws.com:443",
        "STORAGE_REGION": "eu-west-3",
    },
}


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
@pytest.mark.parametrize("storage_name", ["default", "exports"])
def test_the_urls_are_boto3s_own(boto_clock, configuration, storage_name):
    storage = storage_for({**BASE, **CONFIGURATIONS[configuration]}, storage_name)
    presigner = presigner_for(storage)
    assert isinstance(presigner, Presigner)

    ours = presigner.urls(NAMES, expires_in=5400, now=SIGNED_AT)

    assert ours == [storage.url(name, expire=5400) for name in NAMES]


def test_temporary_credentials_carry_their_token(boto_clock, monkeypatch):
    storage = storage_for({**BASE, **CONFIGURATIONS["minio, path style"]})
    storage.security_token = "FwoGZXIvYXdzEJr//token/with+signs="
    [url] = presigner_for(storage).urls(NAMES[:1], expires_in=60, now=SIGNED_AT)
    assert url == storage.url(NAMES[0], expire=60)
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["X-Amz-Security-Token"] == [storage.security_token]


def test_a_public_endpoint_is_the_origin_the_urls_are_signed_for(boto_clock, settings):
    env = {**BASE, **CONFIGURATIONS["minio, path style"], "STORAGE_PUBLIC_ENDPOINT_URL": "https://files.example.org"}
    settings.STORAGE_BUCKET = bucket_config(env)
    storage = storage_for(env)
    # What boto3 signs when it talks to the endpoint at the public address.
    seen_from_outside = storage_for({**env, "STORAGE_ENDPOINT_URL": "https://files.example.org"})

    [url] = presigner_for(storage).urls(NAMES[:1], expires_in=600, now=SIGNED_AT)

    assert url.startswith("https://files.example.org/lab-data/team/a/media/images/")
    assert url == seen_from_outside.url(NAMES[0], expire=600)
    assert image_origin(storage) == "https://files.example.org"


def test_expiry_is_bounded_by_sigv4s_week():
    storage = storage_for({**BASE, **CONFIGURATIONS["aws, a region"]})
    with pytest.raises(ValueError):
        presigner_for(storage).urls(NAMES[:1], expires_in=MAX_EXPIRES + 1, now=SIGNED_AT)
    assert presigner_for(storage).urls(NAMES[:1], expires_in=MAX_EXPIRES, now=SIGNED_AT)


def test_signing_needs_no_endpoint_that_answers():
    # Port 9 (discard): nothing listens there, and nothing needs to.
    storage = storage_for({**BASE, **CONFIGURATIONS["minio, path style"], "STORAGE_ENDPOINT_URL": "http://127.0.0.1:9"})
    [url] = presigner_for(storage).urls(NAMES[:1], expires_in=60, now=datetime.datetime.now(datetime.UTC))
    assert url.startswith("http://127.0.0.1:9/lab-data/team/a/media/images/1/ab/abcdef.png?X-Amz-Algorithm=")


def test_no_credentials_anywhere_is_named(monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    storage = storage_for(CONFIGURATIONS["minio, path style"])  # no STORAGE_ACCESS_KEY_ID
    with pytest.raises(NoCredentialsError) as missing:
        presigner_for(storage)
    assert "STORAGE_ACCESS_KEY_ID" in describe(missing.value)


def test_local_folders_have_no_presigner():
    assert presigner_for(storages["default"]) is None
    assert image_origin(storages["default"]) is None


def test_a_presigned_url_fetches_the_private_object_and_only_with_its_signature(bucket):
    default_storage.save("images/9/ab/private.png", ContentFile(b"private bytes"))
    [url] = presigner_for(storages["default"]).urls(
        ["images/9/ab/private.png"], expires_in=120, now=datetime.datetime.now(datetime.UTC)
    )
    assert urllib.request.urlopen(url).read() == b"private bytes"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url.split("?")[0])
    assert refused.value.code == 403


@pytest.mark.parametrize(
    "env",
    [
        {"STORAGE_PUBLIC_ENDPOINT_URL": "files.example.org"},
        {"STORAGE_PUBLIC_ENDPOINT_URL": "https://files.example.org/s3"},
        {"STORAGE_PUBLIC_ENDPOINT_URL": "https://files.example.org", "STORAGE_ENDPOINT_URL": ""},
    ],
)
def test_a_public_endpoint_must_be_an_origin_standing_for_an_endpoint(env):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="STORAGE_PUBLIC_ENDPOINT_URL"):
        bucket_config({**BASE, **CONFIGURATIONS["minio, path style"], **env})
