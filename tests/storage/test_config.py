"""STORAGE_URL and friends: the local folders when unset, the three named storages under their
prefixes of one bucket when set; configuration errors name the setting; a bucket that cannot be
reached or refuses access is a 503 naming the setting, never a 500."""

import urllib.parse
import urllib.request

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages

from config.storage import (
    StorageUnavailable,
    bucket_config,
    describe,
    in_bucket,
    parse_storage_url,
    storage_errors,
    storages_setting,
)
from tests.s3 import point_storages_at


def test_unset_means_the_local_folders(tmp_path, settings):
    assert bucket_config({}) is None
    setting = storages_setting(
        None, media_root=tmp_path / "m", export_root=tmp_path / "e", checkpoint_root=tmp_path / "c"
    )
    assert {name: s.get("OPTIONS", {}).get("location") for name, s in setting.items() if name != "staticfiles"} == {
        "default": None,  # MEDIA_ROOT, whatever it is when a file is saved
        "exports": str(tmp_path / "e"),
        "checkpoints": str(tmp_path / "c"),
    }
    assert not in_bucket(default_storage)


def test_the_images_follow_media_root_as_django_s_default_storage_does(tmp_path, settings):
    # Test processes and the workers they start name their media folder in MEDIA_ROOT.
    settings.MEDIA_ROOT = tmp_path / "elsewhere"
    default_storage.save("images/x.png", ContentFile(b"png"))
    assert (tmp_path / "elsewhere" / "images" / "x.png").read_bytes() == b"png"


def test_a_bucket_url_gives_each_storage_its_own_prefix(tmp_path):
    config = bucket_config(
        {
            "STORAGE_URL": "s3://lab-data/team/a/",
            "STORAGE_ENDPOINT_URL": "http://minio:9000",
            "STORAGE_ADDRESSING_STYLE": "path",
        }
    )
    assert (config.bucket, config.prefix, config.endpoint_url) == ("lab-data", "team/a", "http://minio:9000")
    setting = storages_setting(config, media_root=tmp_path, export_root=tmp_path, checkpoint_root=tmp_path)
    locations = {name: s["OPTIONS"]["location"] for name, s in setting.items() if name != "staticfiles"}
    assert locations == {"default": "team/a/media", "exports": "team/a/exports", "checkpoints": "team/a/checkpoints"}
    assert all(s["OPTIONS"]["querystring_auth"] for name, s in setting.items() if name != "staticfiles")
    assert setting["staticfiles"]["BACKEND"].startswith("whitenoise")
    assert bucket_config({"STORAGE_URL": "s3://lab-data"}).location("exports") == "exports"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"STORAGE_URL": "gs://bucket/x"}, "STORAGE_URL"),
        ({"STORAGE_URL": "s3:///prefix"}, "STORAGE_URL"),
        ({"STORAGE_URL": "s3://Bad_Bucket/x"}, "STORAGE_URL"),
        ({"STORAGE_URL": "s3://ok-bucket", "STORAGE_URL_EXPIRY": "soon"}, "STORAGE_URL_EXPIRY"),
        ({"STORAGE_URL": "s3://ok-bucket", "STORAGE_URL_EXPIRY": "30"}, "STORAGE_URL_EXPIRY"),
        ({"STORAGE_URL": "s3://ok-bucket", "STORAGE_ADDRESSING_STYLE": "sideways"}, "STORAGE_ADDRESSING_STYLE"),
    ],
)
def test_a_bad_setting_is_named(env, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        bucket_config(env)


def test_parse_keeps_the_prefix_without_slashes():
    assert parse_storage_url("s3://b-1/a/b/") == ("b-1", "a/b")


def test_files_round_trip_through_the_bucket_under_their_prefixes(bucket):
    assert in_bucket(default_storage) and in_bucket(storages["exports"]) and in_bucket(storages["checkpoints"])
    default_storage.save("images/1/ab/abc.png", ContentFile(b"png bytes"))
    storages["exports"].save("projects/1/v1/manifest.json", ContentFile(b"{}"))
    storages["checkpoints"].save("project-1/v1/model.safetensors", ContentFile(b"weights"))
    assert bucket.keys() == [
        "lab/checkpoints/project-1/v1/model.safetensors",
        "lab/exports/projects/1/v1/manifest.json",
        "lab/media/images/1/ab/abc.png",
    ]
    with default_storage.open("images/1/ab/abc.png", "rb") as handle:
        assert handle.read() == b"png bytes"


def test_urls_are_presigned_locally_and_expire(bucket, settings):
    default_storage.save("images/1/cd/cde.png", ContentFile(b"image"))
    url = default_storage.url("images/1/cd/cde.png")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["X-Amz-Expires"] == [str(settings.STORAGE_BUCKET.url_expiry)]
    assert urllib.request.urlopen(url).read() == b"image"
    # The bucket is private: the same key without a signature is refused.
    bare = url.split("?")[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(bare)
    assert refused.value.code == 403


def test_an_expired_url_is_refused(bucket):
    import datetime
    import os
    import time

    default_storage.save("images/1/ef/efg.png", ContentFile(b"image"))
    url = default_storage.url("images/1/ef/efg.png", expire=1)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    signed_at = datetime.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    assert abs((datetime.datetime.now(datetime.UTC) - signed_at).total_seconds()) < 60
    assert query["X-Amz-Expires"] == ["1"]
    if not os.environ.get("TEST_S3_ENDPOINT_URL"):
        return  # moto's server does not enforce expiry; MinIO and S3 do, checked below
    time.sleep(2.1)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url)
    assert refused.value.code == 403


def test_a_missing_bucket_is_named_not_a_500(bucket, settings, s3_endpoint):
    point_storages_at(settings, {**bucket.env, "STORAGE_URL": "s3://no-such-bucket-here/lab"})
    with pytest.raises(StorageUnavailable) as failed, storage_errors():
        default_storage.save("images/x.png", ContentFile(b"x"))
    assert "STORAGE_URL=s3://no-such-bucket-here/lab" in str(failed.value.detail)
    assert "does not exist" in str(failed.value.detail)


def test_an_unreachable_endpoint_is_named(bucket, settings):
    point_storages_at(settings, {**bucket.env, "STORAGE_ENDPOINT_URL": "http://127.0.0.1:9"})  # nothing listens
    with pytest.raises(StorageUnavailable) as failed, storage_errors():
        default_storage.exists("images/x.png")
    assert "STORAGE_ENDPOINT_URL" in str(failed.value.detail)


@pytest.mark.parametrize("code", ["AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"])
def test_refused_credentials_are_named(bucket, code):
    # moto's server accepts any key, so the refusal is made here as boto3 reports a real one.
    from botocore.exceptions import ClientError

    refusal = ClientError({"Error": {"Code": code, "Message": "no"}}, "PutObject")
    with pytest.raises(StorageUnavailable) as failed, storage_errors():
        raise refusal
    assert "STORAGE_SECRET_ACCESS_KEY" in str(failed.value.detail)
    assert f"s3://{bucket.name}/lab" in str(failed.value.detail)


def test_describe_ignores_errors_that_are_not_the_storages():
    assert describe(ValueError("no")) is None


def test_the_api_answers_a_storage_error_with_503_in_its_error_shape(bucket):
    from botocore.exceptions import EndpointConnectionError

    from annotation.errors import api_exception_handler

    response = api_exception_handler(EndpointConnectionError(endpoint_url="http://127.0.0.1:9"), {})
    assert response.status_code == 503
    assert response.data["errors"][0]["rule"] == "storage_unavailable"
    assert "STORAGE_ENDPOINT_URL" in response.data["detail"]
