"""Helpers of the storage tests: switching one named storage back to its local folder inside a
test whose `bucket` fixture put all of them in the bucket, and reading what a URL serves."""

import hashlib
import urllib.request
from contextlib import contextmanager

from django.conf import settings
from django.core.files.storage import storages
from django.test import override_settings


@contextmanager
def local(name: str, root):
    """The named storage ("exports", "checkpoints") on the local folder `root` inside the block,
    the others where they were (the images stay in the bucket)."""
    setting = {key: dict(value) for key, value in settings.STORAGES.items()}
    setting[name] = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}}
    with override_settings(STORAGES=setting):
        yield


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url) as answer:
        return answer.read()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def storage(name: str):
    return storages[name]
