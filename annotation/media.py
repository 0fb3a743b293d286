"""How an image reaches a member's browser.

- Local folders (the embedded default): a URL under MEDIA_URL, which MediaFileView answers for
  members of the image's project only; it does not expire.
- A bucket (STORAGE_URL): a presigned GET of the private object, signed in this process without
  a round trip to the bucket (config/presign.py). The URL is the permission, so only code that
  has checked the caller asks for one: next-task and the lease holder's refresh (a task's
  images), the review screens, and MediaFileView's redirect.

A task's URLs stay valid STORAGE_URL_EXPIRY seconds past the end of its lease (a week at most,
SigV4's limit), so an annotator never sees one expire while they hold the group; the browser
reads `urls_expire_at` and asks for fresh ones before then (`groups/{id}/image-urls/`)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone

from config.presign import MAX_EXPIRES, presigner_for
from config.storage import storage_errors


def image_urls(names, *, valid_after: datetime | None = None, now: datetime | None = None):
    """(the URLs of the images stored under `names`, when they stop working or None if they do
    not). Presigned URLs stay valid STORAGE_URL_EXPIRY seconds past `valid_after` (a lease's
    end; default now), a week at most."""
    storage = storages["default"]
    with storage_errors():
        presigner = presigner_for(storage)
    if presigner is None:
        return [storage.url(name) for name in names], None
    now = (now or timezone.now()).replace(microsecond=0)
    until = max(valid_after or now, now) + timedelta(seconds=settings.STORAGE_BUCKET.url_expiry)
    expires_in = min(int((until - now).total_seconds()), MAX_EXPIRES)
    with storage_errors():
        urls = presigner.urls(names, expires_in=expires_in, now=now)
    return urls, now + timedelta(seconds=expires_in)


def image_url(name: str) -> str:
    """One image's URL, valid STORAGE_URL_EXPIRY seconds if presigned (the review screens)."""
    [url], _ = image_urls([name])
    return url


def in_bucket() -> bool:
    """Whether images live in a bucket (and leave it through presigned URLs)."""
    with storage_errors():
        return presigner_for(storages["default"]) is not None
