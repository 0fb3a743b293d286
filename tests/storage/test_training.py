"""Training with a bucket: a run on a real Celery worker reads the images from the bucket, writes
its checkpoint there (committed by its manifest) and nowhere else, and the scoring API of another
process loads it from there; a worker that dies between the checkpoint's files and its manifest
leaves no version anyone can load, and the run's next attempt removes what it left."""

import os
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from config import transfers
from rewardmodel import checkpoints, scoring
from rewardmodel.core import load_checkpoint
from rewardmodel.core.checkpoint_format import CheckpointError
from rewardmodel.models import ModelVersion, RunState, RunTrigger, TrainingRun, VersionStatus
from rewardmodel.services import runs
from rewardmodel.services.training import execute_run
from tests.rewardmodel_loop.helpers import annotate, loop_project
from tests.rewardmodel_loop.test_worker import SHORT, broker_for
from tests.rewardmodel_loop.worker import celery_worker, wait_for
from tests.storage.test_exports import point_storages_at

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


def finished(run):
    run = TrainingRun.objects.get(pk=run.pk)
    return run if run.state in (RunState.SUCCEEDED, RunState.FAILED) else None


def test_a_run_on_a_celery_worker_writes_its_checkpoint_to_the_bucket_and_scoring_loads_it_from_there(bucket):
    root = Path(tempfile.mkdtemp(prefix="imagepref-bucket-worker-"))
    project = loop_project(held_out_fraction=0.4, training=SHORT)
    annotations = annotate(project, 10)
    assert files_under(Path(settings.MEDIA_ROOT)) == []  # the images are in the bucket only

    url, options = broker_for("redis" if os.environ.get("REDIS_URL") else "filesystem", root)
    with celery_worker(root=root, broker_url=url, transport_options=options, concurrency=1, env=bucket.env) as worker:
        run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)
        run = wait_for(lambda: finished(run), what="the run to finish", worker=worker)

    assert run.state == RunState.SUCCEEDED, run.error
    version = ModelVersion.objects.get(run=run)
    assert version.status == VersionStatus.READY and version.is_production
    committed = [key for key in bucket.keys("checkpoints") if key.endswith("/checkpoint-manifest.json")]
    assert committed == [f"{bucket.prefix}/checkpoints/{version.checkpoint_path}/checkpoint-manifest.json"]
    assert f"{bucket.prefix}/checkpoints/{version.checkpoint_path}/model.safetensors" in bucket.keys("checkpoints")
    # Nothing on the worker's disk: no checkpoint, no image, no working folder left.
    assert files_under(Path(settings.CHECKPOINT_ROOT)) == [] and files_under(root / "media") == []

    scoring.clear_cache()
    image_ids = list(annotations[0].image_annotations.values_list("image_id", flat=True))
    client = APIClient()
    client.force_authenticate(project.researcher)
    answer = client.post(
        f"/api/v1/projects/{project.pk}/model/score/", {"prompt": "a red circle", "image_ids": image_ids}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    cached = checkpoints.local_checkpoint(version.checkpoint_path)
    assert cached.parent == Path(settings.CHECKPOINT_CACHE_DIR)
    expected = load_checkpoint(cached).score_batch(
        ["a red circle"] * len(image_ids),
        [scoring.image_source(ia.image) for ia in annotations[0].image_annotations.order_by("image_id")],
    )
    by_id = {s["image_id"]: s["score"] for s in answer.json()["scores"]}
    assert [by_id[i] for i in sorted(image_ids)] == pytest.approx(expected.tolist(), abs=1e-5)
    scoring.clear_cache()


class WorkerDied(BaseException):
    """What a killed worker does to the code it was running: nothing after this line runs."""


@pytest.mark.parametrize("then", ["next_attempt", "no_attempt_left"])
def test_a_worker_dying_before_the_manifest_leaves_nothing_loadable_and_what_it_left_is_removed(
    bucket, monkeypatch, settings, then
):
    project = loop_project(held_out_fraction=0.4, training=SHORT)
    annotate(project, 8)
    run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)
    real_put = transfers.put_bytes

    def die_at_the_manifest(storage, name, data):
        if name.endswith(checkpoints.MANIFEST_NAME):
            raise WorkerDied
        real_put(storage, name, data)

    monkeypatch.setattr(transfers, "put_bytes", die_at_the_manifest)
    with pytest.raises(WorkerDied):
        execute_run(run_id=run.pk, task_id=run.celery_task_id)

    version = ModelVersion.objects.get(run=run)
    assert version.status == VersionStatus.TRAINING and version.checkpoint_path == ""
    uploaded = {key.split("/")[3] for key in bucket.keys(f"checkpoints/project-{project.pk}/")}
    assert uploaded == {f"v{version.number}-run{run.pk}-a1"}  # the files, without a manifest
    with pytest.raises(CheckpointError, match="never committed"):
        checkpoints.local_checkpoint(f"project-{project.pk}/v{version.number}-run{run.pk}-a1")

    # The message comes back (the worker was lost): the next attempt commits and removes the
    # files, or, when no attempt is left, failing the run does.
    monkeypatch.setattr(transfers, "put_bytes", real_put)
    if then == "no_attempt_left":
        settings.REWARD_MODEL_MAX_ATTEMPTS = 1
    version = execute_run(run_id=run.pk, task_id=run.celery_task_id)

    left = {key.split("/")[3] for key in bucket.keys(f"checkpoints/project-{project.pk}/")}
    if then == "next_attempt":
        assert version.status == VersionStatus.READY
        assert version.checkpoint_path == f"project-{project.pk}/v{version.number}-run{run.pk}-a2"
        assert left == {f"v{version.number}-run{run.pk}-a2"}
    else:
        assert version is None and TrainingRun.objects.get(pk=run.pk).state == RunState.FAILED
        assert left == set()


def test_a_bucket_that_cannot_be_reached_fails_the_run_with_a_message_naming_the_setting(bucket, settings):
    project = loop_project(held_out_fraction=0.4, training=SHORT)
    annotate(project, 4)
    point_storages_at(settings, {**bucket.env, "STORAGE_ENDPOINT_URL": "http://127.0.0.1:9"})
    run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)

    assert execute_run(run_id=run.pk, task_id=run.celery_task_id) is None

    run.refresh_from_db()
    assert run.state == RunState.FAILED and ModelVersion.objects.get(run=run).status == VersionStatus.FAILED
    client = APIClient()
    client.force_authenticate(project.manager)
    shown = client.get(f"/api/v1/training-runs/{run.pk}/").json()["error"]
    assert shown.startswith("StorageUnavailable: Cannot reach") and "STORAGE_ENDPOINT_URL" in shown
