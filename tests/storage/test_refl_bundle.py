"""ReFL bundles with a bucket: built from the snapshot's refl_data.json and the version's checkpoint
as the bucket holds them, published beside the snapshots and downloaded through a presigned URL,
with the bytes a bundle built on local folders has; a refl_data.json changed in the bucket is
refused as on disk."""

import shutil
from pathlib import Path

import pytest
import torch
from django.conf import settings
from rest_framework.test import APIClient

from annotation.services.exports import export_snapshot, snapshot_folder
from config import transfers
from config.celery import app as celery_app
from rewardmodel import checkpoints
from rewardmodel.core import PromptTokenizer, build_model, save_checkpoint
from rewardmodel.models import ModelVersion, VersionStatus
from rewardmodel.services.refl_bundle import build_refl_bundle_for_version
from tests.exports.helpers import annotated_group, exported
from tests.factories import make_project, make_user

from .helpers import fetch, local, sha256, storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher():
    return make_user()


@pytest.fixture
def project(bucket, researcher):
    project = make_project(members={researcher: "researcher"})
    annotator = make_user()
    for i in range(4):
        annotated_group(project, annotator, [1, 2, 3], prompt=f"a fox in snow, take {i}")
    return project


def commit_tiny_checkpoint(project, trained: Path) -> str:
    """Save a tiny reward model to `trained` and commit it to the bucket; its name."""
    torch.manual_seed(0)
    save_checkpoint(build_model("tiny", PromptTokenizer.build(["a fox in snow"])), trained)
    name = f"project-{project.pk}/v1-run1-a1"
    checkpoints.commit_checkpoint(folder=trained, name=name)
    return name


@pytest.fixture
def trained(tmp_path):
    return tmp_path / "trained"


@pytest.fixture
def version(project, trained):
    """A ready version whose checkpoint is only in the bucket."""
    return ModelVersion.objects.create(
        project=project,
        number=1,
        preset="tiny",
        status=VersionStatus.READY,
        checkpoint_path=commit_tiny_checkpoint(project, trained),
    )


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_a_bundle_is_published_to_the_bucket_and_downloads_with_the_bytes_of_a_local_one(
    bucket, project, version, trained, researcher, eager_celery, django_capture_on_commit_callbacks
):
    snapshot = exported(project, formats=["refl_data"])
    client = APIClient()
    client.force_authenticate(researcher)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/api/v1/projects/{project.pk}/refl-bundles/",
            {"snapshot": snapshot.pk, "model_version": version.pk},
            format="json",
        )
    body = client.get(answer.json()["url"]).json()
    assert body["status"] == "ready", body

    keys = bucket.keys(f"exports/projects/{project.pk}/refl/")
    assert f"{bucket.prefix}/exports/projects/{project.pk}/refl/snapshot-v1-model-v1.zip" in keys
    assert (
        f"{bucket.prefix}/exports/projects/{project.pk}/refl/snapshot-v1-model-v1/reward_model/model.safetensors"
        in keys
    )
    assert not any(Path(settings.EXPORT_ROOT).rglob("*.*"))
    download = client.get(body["download_url"])
    assert download.status_code == 302
    archive = fetch(download["Location"])
    assert sha256(archive) == body["archive"]["sha256"] and len(archive) == body["archive"]["bytes"]

    shutil.copytree(trained, settings.CHECKPOINT_ROOT / version.checkpoint_path)
    with local("exports", settings.EXPORT_ROOT), local("checkpoints", settings.CHECKPOINT_ROOT):
        on_disk = build_refl_bundle_for_version(snapshot=export_snapshot(snapshot_id=snapshot.pk), version=version)
        assert on_disk.archive.read_bytes() == archive


def test_a_refl_data_file_changed_in_the_bucket_is_refused(bucket, project, version, researcher):
    snapshot = exported(project, formats=["refl_data"])
    transfers.put_bytes(storage("exports"), f"{snapshot_folder(snapshot)}/refl_data.json", b"[]")
    client = APIClient()
    client.force_authenticate(researcher)

    answer = client.post(
        f"/api/v1/projects/{project.pk}/refl-bundles/", {"snapshot": snapshot.pk, "model_version": version.pk}
    )

    assert answer.status_code == 409 and answer.json()["errors"][0]["rule"] == "files_changed"
