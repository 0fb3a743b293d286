"""Checkpoints in the bucket: every file uploaded and checked, then the manifest, which is the
commit (a worker that dies before it leaves no checkpoint anyone loads, and the next attempt
removes what it left); loads go through a local cache keyed by the manifest's sha256, checked on
every load, shared by concurrent loaders; the scoring API scores with a checkpoint from the
bucket, and answers 503 naming the setting when the bucket cannot be reached."""

import hashlib
import os
import threading
from pathlib import Path

import pytest
import torch
from rest_framework.test import APIClient

from config import transfers
from rewardmodel import checkpoints, scoring
from rewardmodel.core import PromptTokenizer, build_model, load_checkpoint, save_checkpoint
from rewardmodel.core.checkpoint_format import CheckpointError
from rewardmodel.models import ModelVersion, VersionStatus
from tests.factories import make_image, make_project, make_user

from .test_exports import point_storages_at

pytestmark = pytest.mark.django_db


def folder_of_files(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


@pytest.fixture
def checkpoint_folder(tmp_path):
    return folder_of_files(
        tmp_path / "trained",
        {"config.json": b'{"format": "x"}', "model.safetensors": b"\x00weights" * 1000, "tokenizer/vocab.json": b"{}"},
    )


def written_names(monkeypatch) -> list[str]:
    """Every name the checkpoint code writes to the bucket, in order."""
    writes = []
    real_upload, real_put = transfers.upload, transfers.put_bytes

    def upload(storage, files):
        real_upload(storage, files)
        writes.extend(sorted(files))

    def put_bytes(storage, name, data):
        real_put(storage, name, data)
        writes.append(name)

    monkeypatch.setattr(transfers, "upload", upload)
    monkeypatch.setattr(transfers, "put_bytes", put_bytes)
    return writes


def test_a_checkpoint_is_committed_by_its_manifest_written_last(bucket, checkpoint_folder, monkeypatch):
    writes = written_names(monkeypatch)
    checkpoints.commit_checkpoint(folder=checkpoint_folder, name="project-1/v1-run1-a1")

    assert writes[-1] == "project-1/v1-run1-a1/checkpoint-manifest.json"
    assert sorted(writes[:-1]) == [
        "project-1/v1-run1-a1/config.json",
        "project-1/v1-run1-a1/model.safetensors",
        "project-1/v1-run1-a1/tokenizer/vocab.json",
    ]
    manifest = bucket.read(f"{bucket.prefix}/checkpoints/project-1/v1-run1-a1/checkpoint-manifest.json")
    assert hashlib.sha256(b"{}").hexdigest().encode() in manifest
    assert checkpoint_folder.is_dir()  # the caller's to remove


def test_a_worker_that_dies_before_the_manifest_leaves_no_checkpoint(bucket, checkpoint_folder, settings):
    # What a killed worker leaves: the files, and no manifest.
    storage = checkpoints.checkpoints_storage()
    transfers.upload(storage, {f"project-1/v1-run1-a1/{p.name}": p for p in checkpoint_folder.glob("*.*")})

    with pytest.raises(CheckpointError, match="never committed"):
        checkpoints.local_checkpoint("project-1/v1-run1-a1")
    assert not Path(settings.CHECKPOINT_CACHE_DIR).exists() or not any(Path(settings.CHECKPOINT_CACHE_DIR).iterdir())

    # The run's next attempt commits its own and removes the other's.
    checkpoints.commit_checkpoint(folder=checkpoint_folder, name="project-1/v1-run1-a2")
    checkpoints.commit_checkpoint(folder=checkpoint_folder, name="project-1/v1-run9-a1")  # another run's
    checkpoints.remove_attempts(parent="project-1", stem="v1-run1-a", keep="project-1/v1-run1-a2")
    assert {key.split("/")[3] for key in bucket.keys("checkpoints")} == {"v1-run1-a2", "v1-run9-a1"}


def test_a_failed_upload_check_commits_nothing(bucket, checkpoint_folder, monkeypatch):
    real_upload = transfers.upload

    def upload_a_truncated_file(storage, files):
        real_upload(storage, files)
        name = next(n for n in files if n.endswith("model.safetensors"))
        transfers.put_bytes(storage, name, files[name].read_bytes()[:-1])

    monkeypatch.setattr(transfers, "upload", upload_a_truncated_file)
    with pytest.raises(transfers.TransferMismatch, match="model.safetensors"):
        checkpoints.commit_checkpoint(folder=checkpoint_folder, name="project-1/v1-run1-a1")
    assert bucket.keys("checkpoints") == []


def test_loads_share_a_cache_keyed_by_the_manifest_and_a_changed_copy_is_fetched_again(
    bucket, checkpoint_folder, monkeypatch, settings
):
    checkpoints.commit_checkpoint(folder=checkpoint_folder, name="project-1/v1-run1-a1")
    manifest = bucket.read(f"{bucket.prefix}/checkpoints/project-1/v1-run1-a1/checkpoint-manifest.json")
    fetched = []
    real_download_many = transfers.download_many
    monkeypatch.setattr(
        transfers,
        "download_many",
        lambda storage, files: fetched.append(len(files)) or real_download_many(storage, files),
    )

    local = checkpoints.local_checkpoint("project-1/v1-run1-a1")
    assert local == Path(settings.CHECKPOINT_CACHE_DIR) / hashlib.sha256(manifest).hexdigest()
    assert (local / "model.safetensors").read_bytes() == (checkpoint_folder / "model.safetensors").read_bytes()
    assert checkpoints.local_checkpoint("project-1/v1-run1-a1") == local
    assert fetched == [3]  # the second load used the copy

    (local / "model.safetensors").write_bytes(b"tampered")
    assert checkpoints.local_checkpoint("project-1/v1-run1-a1") == local
    assert (local / "model.safetensors").read_bytes() == (checkpoint_folder / "model.safetensors").read_bytes()
    assert fetched == [3, 3]


def test_an_object_changed_in_the_bucket_is_refused_and_not_cached(bucket, checkpoint_folder, settings):
    checkpoints.commit_checkpoint(folder=checkpoint_folder, name="project-1/v1-run1-a1")
    transfers.put_bytes(checkpoints.checkpoints_storage(), "project-1/v1-run1-a1/model.safetensors", b"other weights")

    with pytest.raises(transfers.TransferMismatch, match="model.safetensors"):
        checkpoints.local_checkpoint("project-1/v1-run1-a1")
    assert list(Path(settings.CHECKPOINT_CACHE_DIR).iterdir()) == []  # no copy, no half copy


def test_concurrent_loads_end_with_one_whole_copy(bucket, checkpoint_folder, settings):
    checkpoints.commit_checkpoint(folder=checkpoint_folder, name="project-1/v1-run1-a1")
    found, errors = [], []

    def load():
        try:
            found.append(checkpoints.local_checkpoint("project-1/v1-run1-a1"))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == [] and len(set(found)) == 1
    assert [p.name for p in Path(settings.CHECKPOINT_CACHE_DIR).iterdir()] == [found[0].name]
    assert (found[0] / "tokenizer" / "vocab.json").read_bytes() == b"{}"


def test_without_a_bucket_the_checkpoint_is_loaded_where_it_is(checkpoint_folder, settings):
    final = checkpoints.commit_checkpoint(folder=checkpoint_folder, name="project-1/v1-run1-a1")
    assert final == Path(settings.CHECKPOINT_ROOT) / "project-1/v1-run1-a1" and not checkpoint_folder.exists()
    assert checkpoints.local_checkpoint("project-1/v1-run1-a1") == final
    assert not Path(settings.CHECKPOINT_CACHE_DIR).exists()


# --- scoring -------------------------------------------------------------------------------------


@pytest.fixture
def researcher():
    return make_user()


@pytest.fixture
def version_in_bucket(bucket, researcher, tmp_path):
    """A ready production version of a tiny model whose checkpoint is only in the bucket."""
    project = make_project(members={researcher: "researcher"})
    torch.manual_seed(0)
    model = build_model("tiny", PromptTokenizer.build(["a red circle"]))
    for layer in model.head.layers:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.normal_(layer.weight, std=layer.in_features**-0.5)
    save_checkpoint(model, tmp_path / "trained")
    checkpoints.commit_checkpoint(folder=tmp_path / "trained", name=f"project-{project.pk}/v1-run1-a1")
    scoring.clear_cache()
    yield (
        ModelVersion.objects.create(
            project=project,
            number=1,
            preset="tiny",
            status=VersionStatus.READY,
            checkpoint_path=f"project-{project.pk}/v1-run1-a1",
            is_production=True,
        ),
        tmp_path / "trained",
    )
    scoring.clear_cache()


def score(user, project, image_ids):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(
        f"/api/v1/projects/{project.pk}/model/score/", {"prompt": "a red circle", "image_ids": image_ids}, format="json"
    )


def test_the_scoring_api_scores_with_the_checkpoint_from_the_bucket(version_in_bucket, researcher):
    version, trained = version_in_bucket
    images = [make_image(version.project, size=(40, 30)) for _ in range(3)]

    answer = score(researcher, version.project, [i.pk for i in images])

    assert answer.status_code == 200, answer.json()
    expected = load_checkpoint(trained).score_batch(["a red circle"] * 3, [scoring.image_source(i) for i in images])
    assert [s["score"] for s in answer.json()["scores"]] == pytest.approx(expected.tolist(), abs=1e-5)
    assert scoring.loaded_versions() == [version.pk]


def test_the_scoring_api_answers_503_naming_the_setting_when_the_bucket_is_unreachable(
    version_in_bucket, researcher, bucket, settings
):
    version, _ = version_in_bucket
    image = make_image(version.project)
    point_storages_at(settings, {**bucket.env, "STORAGE_ENDPOINT_URL": "http://127.0.0.1:9"})

    answer = score(researcher, version.project, [image.pk])

    assert answer.status_code == 503
    assert "STORAGE_ENDPOINT_URL" in answer.json()["detail"]


def test_the_cache_keeps_the_checkpoints_used_last(bucket, checkpoint_folder, tmp_path, settings, monkeypatch):
    settings.CHECKPOINT_CACHE_KEEP = 2
    monkeypatch.setattr(checkpoints, "CACHE_GRACE_SECONDS", 0)
    names = []
    for n in range(3):
        other = folder_of_files(tmp_path / f"trained-{n}", {"config.json": f"{n}".encode(), "model.safetensors": b"w"})
        names.append(f"project-1/v{n}-run{n}-a1")
        checkpoints.commit_checkpoint(folder=other, name=names[-1])
    first = checkpoints.local_checkpoint(names[0])
    second = checkpoints.local_checkpoint(names[1])
    os.utime(first, (1, 1))  # both long unused, the first the longest
    os.utime(second, (2, 2))
    checkpoints.local_checkpoint(names[0])  # used again: stays

    third = checkpoints.local_checkpoint(names[2])

    assert sorted(Path(settings.CHECKPOINT_CACHE_DIR).iterdir()) == sorted([first, third])
