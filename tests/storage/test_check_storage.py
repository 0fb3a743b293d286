"""manage.py check_storage: each named storage written, read back and cleaned; a bucket that
cannot be reached fails the command with the setting named."""

import io

import pytest
from django.core.management import CommandError, call_command

from config.storage import bucket_config, storages_setting


def run() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("check_storage", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_bucket_is_written_read_and_left_clean(bucket):
    out, _ = run()

    for prefix in ("media", "exports", "checkpoints"):
        assert f"s3://{bucket.name}/lab/{prefix}: written, read back and deleted" in out
    assert f"Browsers load images from {bucket.endpoint.url}" in out
    assert bucket.keys() == []


def test_local_folders_are_checked_too(settings):
    out, _ = run()

    assert "Files: local folders" in out
    assert f"default: {settings.MEDIA_ROOT}: written, read back and deleted" in out


def test_an_unreachable_bucket_fails_naming_the_setting(bucket, settings):
    settings.STORAGE_BUCKET = bucket_config({**bucket.env, "STORAGE_ENDPOINT_URL": "http://127.0.0.1:9"})
    settings.STORAGES = storages_setting(
        settings.STORAGE_BUCKET,
        media_root=settings.MEDIA_ROOT,
        export_root=settings.EXPORT_ROOT,
        checkpoint_root=settings.CHECKPOINT_ROOT,
    )
    err = io.StringIO()

    with pytest.raises(CommandError, match="default, exports, checkpoints"):
        call_command("check_storage", stdout=io.StringIO(), stderr=err)
    assert "STORAGE_ENDPOINT_URL" in err.getvalue()
