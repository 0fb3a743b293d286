import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings

# The worker tests start real Celery workers, which must open the test database: on SQLite that
# needs a file (pytest-django's default is a private in-memory database). SQLITE_TEST_NAME, when
# set, already names one (config/settings.py).
_default = django_settings.DATABASES["default"]
if _default["ENGINE"].endswith("sqlite3") and not _default.setdefault("TEST", {}).get("NAME"):
    _default["TEST"]["NAME"] = str(Path(tempfile.mkdtemp(prefix="imagepref-sqlite-")) / "test.sqlite3")


@pytest.fixture(autouse=True)
def loop_dirs(settings):
    """Media and checkpoints of each test in a folder of its own (worker subprocesses are told
    the same folders), and no model kept loaded from an earlier test."""
    from rewardmodel import scoring

    root = Path(tempfile.mkdtemp(prefix="imagepref-loop-"))
    settings.MEDIA_ROOT = root / "media"
    settings.CHECKPOINT_ROOT = root / "checkpoints"
    scoring.clear_cache()
    yield root
    scoring.clear_cache()
