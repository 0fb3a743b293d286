"""The ReFL bundle: a snapshot's training prompts and a model version's checkpoint, with a README,
in one folder and one deterministic zip; built and downloaded by researchers and managers."""

import io
import zipfile
from pathlib import Path

import pytest
import torch
from django.conf import settings
from rest_framework.test import APIClient

from annotation.errors import Refused
from annotation.services.exports import snapshot_dir
from config.celery import app as celery_app
from rewardmodel.core import PromptTokenizer, build_model, load_checkpoint, save_checkpoint
from rewardmodel.models import ModelVersion, VersionStatus
from rewardmodel.services.refl_bundle import build_refl_bundle, build_refl_bundle_for_version
from tests.exports.helpers import annotated_group, exported
from tests.factories import make_project, make_user

pytestmark = [pytest.mark.django_db]


def model_version(project, *, number=1, status=VersionStatus.READY):
    torch.manual_seed(0)
    model = build_model("tiny", PromptTokenizer.build(["a fox in snow", "a cat on a mat"]))
    relative = f"project-{project.pk}/v{number}"
    save_checkpoint(model, Path(settings.CHECKPOINT_ROOT) / relative)
    return ModelVersion.objects.create(
        project=project, number=number, preset="tiny", status=status, checkpoint_path=relative
    )


@pytest.fixture
def people():
    return {role: make_user(role) for role in ("annotator", "researcher", "outsider")}


@pytest.fixture
def project(people):
    project = make_project(members={people["annotator"]: "annotator", people["researcher"]: "researcher"})
    for i in range(8):
        annotated_group(project, people["annotator"], [1, 2, 3], prompt=f"a fox in snow, take {i}")
    return project


@pytest.fixture
def snapshot(project):
    return exported(project, formats=["reference", "refl_data"])


def test_bundle_holds_the_snapshots_prompts_the_checkpoint_and_a_readme(project, snapshot):
    version = model_version(project, number=3)
    bundle = build_refl_bundle_for_version(snapshot=snapshot, version=version)

    assert bundle.name == "snapshot-v1-model-v3"
    assert (bundle.folder / "refl_data.json").read_bytes() == (snapshot_dir(snapshot) / "refl_data.json").read_bytes()
    checkpoint = Path(settings.CHECKPOINT_ROOT) / version.checkpoint_path
    for name in ("model.safetensors", "config.json"):
        assert (bundle.folder / "reward_model" / name).read_bytes() == (checkpoint / name).read_bytes()
    readme = (bundle.folder / "README.md").read_text()
    assert "load_checkpoint" in readme and f"{bundle.prompts} training prompts" in readme
    assert bundle.prompts == snapshot.counts["splits"]["train"]["groups"]
    assert sorted(bundle.files) == sorted(
        p.relative_to(bundle.folder).as_posix() for p in bundle.folder.rglob("*") if p.is_file()
    )


def test_the_bundled_checkpoint_loads_and_gives_differentiable_rewards(project, snapshot):
    bundle = build_refl_bundle_for_version(snapshot=snapshot, version=model_version(project))
    model = load_checkpoint(bundle.folder / "reward_model")
    pixels = torch.rand(2, 3, 64, 64, requires_grad=True)
    model.reward(pixels, ["a fox in snow", "a cat on a mat"]).sum().backward()
    assert pixels.grad is not None and pixels.grad.abs().sum() > 0


def test_building_a_bundle_again_gives_the_same_archive(project, snapshot):
    version = model_version(project)
    first = build_refl_bundle_for_version(snapshot=snapshot, version=version)
    first_bytes = first.archive.read_bytes()
    again = build_refl_bundle_for_version(snapshot=snapshot, version=version)
    assert again.archive.read_bytes() == first_bytes
    with zipfile.ZipFile(io.BytesIO(first_bytes)) as zf:
        assert "snapshot-v1-model-v1/reward_model/model.safetensors" in zf.namelist()


def test_a_snapshot_without_refl_prompts_or_a_folder_that_is_no_checkpoint_is_refused(project, snapshot, tmp_path):
    without = exported(project, formats=["reference"])
    with pytest.raises(Refused, match="refl_data"):
        build_refl_bundle_for_version(snapshot=without, version=model_version(project))
    (tmp_path / "config.json").write_text('{"model_type": "bert"}')
    with pytest.raises(Refused, match="not a reward-model checkpoint"):
        build_refl_bundle(snapshot=snapshot, checkpoint_dir=tmp_path, model_label="x")


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def post(user, project, body):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client, client.post(f"/api/v1/projects/{project.pk}/refl-bundles/", body, format="json")


def test_researcher_builds_and_downloads_a_bundle(
    project, snapshot, people, eager_celery, django_capture_on_commit_callbacks
):
    version = model_version(project, number=2)
    with django_capture_on_commit_callbacks(execute=True):
        client, answer = post(people["researcher"], project, {"snapshot": snapshot.pk, "model_version": version.pk})
    assert answer.status_code == 202, answer.json()
    assert answer.json()["status"] == "pending" and answer.json()["download_url"] is None
    body = client.get(answer.json()["url"]).json()
    assert body["status"] == "ready", body
    assert body["name"] == "snapshot-v1-model-v2" and body["prompts"] > 0
    download = client.get(body["download_url"])
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert len(content) == body["archive"]["bytes"]
    assert "snapshot-v1-model-v2/refl_data.json" in zipfile.ZipFile(io.BytesIO(content)).namelist()


@pytest.mark.parametrize("role, status", [("annotator", 403), ("outsider", 404), (None, 403)])
def test_only_researchers_and_managers_build_bundles(project, snapshot, people, role, status):
    version = model_version(project)
    client, answer = post(
        people[role] if role else None, project, {"snapshot": snapshot.pk, "model_version": version.pk}
    )
    assert answer.status_code == status
    download = client.get(f"/api/v1/projects/{project.pk}/refl-bundles/snapshot-v1-model-v1/download/")
    assert download.status_code == status


def test_a_version_that_is_not_ready_is_a_400_and_an_unknown_one_a_404(project, snapshot, people):
    training = model_version(project, status=VersionStatus.TRAINING)
    _, answer = post(people["researcher"], project, {"snapshot": snapshot.pk, "model_version": training.pk})
    assert answer.status_code == 400 and answer.json()["errors"][0]["rule"] == "not_ready"
    _, answer = post(people["researcher"], project, {"snapshot": snapshot.pk, "model_version": 999999})
    assert answer.status_code == 404


def test_downloading_a_bundle_that_was_never_built_is_a_409(project, snapshot, people):
    client = APIClient()
    client.force_authenticate(people["researcher"])
    answer = client.get(f"/api/v1/projects/{project.pk}/refl-bundles/snapshot-v1-model-v7/download/")
    assert answer.status_code == 409
