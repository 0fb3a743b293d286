import pytest


@pytest.fixture(autouse=True)
def own_folders(settings, tmp_path):
    # The local side of each test (the scratch folders of exports and checkpoints, the checkpoint
    # cache) in folders of its own: names repeat from one test database to the next.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORT_ROOT = tmp_path / "exports"
    settings.CHECKPOINT_ROOT = tmp_path / "checkpoints"
    settings.CHECKPOINT_CACHE_DIR = tmp_path / "checkpoint-cache"
