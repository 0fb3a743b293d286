import pytest


@pytest.fixture(autouse=True)
def own_folders(settings, tmp_path):
    # Each test writes its images, exports and checkpoints in its own folders: snapshot folders
    # are named by project id and version, which repeat from one test database to the next.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORT_ROOT = tmp_path / "exports"
    settings.CHECKPOINT_ROOT = tmp_path / "checkpoints"
