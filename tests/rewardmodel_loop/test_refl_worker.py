"""A ReFL run end to end on a real Celery worker (`celery -A config worker -Q celery,gpu`, the
embedded filesystem broker): started over the API, fine-tuned by the worker with the tiny
pipeline and the bundle's reward model, its curves written as it goes, its result downloaded."""

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from rewardmodel.models import ReflRun, RunState

from .refl_helpers import FAST_OPTIONS, PIPELINE, pipeline_root, refl_world
from .worker import celery_worker, filesystem_broker, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_refl_run_runs_end_to_end_on_a_real_worker(settings, loop_dirs):
    root = Path(tempfile.mkdtemp(prefix="imagepref-refl-worker-"))
    settings.MEDIA_ROOT = root / "media"
    settings.CHECKPOINT_ROOT = root / "checkpoints"
    settings.EXPORT_ROOT = root / "exports"
    settings.REFL_PIPELINE_ROOT = pipeline_root(root)
    project, researcher, bundle = refl_world()
    url, options = filesystem_broker(root)
    env = {"EXPORT_ROOT": str(settings.EXPORT_ROOT), "REFL_PIPELINE_ROOT": str(settings.REFL_PIPELINE_ROOT)}
    client = APIClient()
    client.force_authenticate(researcher)

    with celery_worker(root=root, broker_url=url, transport_options=options, concurrency=1, env=env) as worker:
        answer = client.post(
            f"/api/v1/projects/{project.pk}/refl-runs/",
            {"bundle": bundle.pk, "pipeline": PIPELINE, "options": FAST_OPTIONS},
            format="json",
        )
        assert answer.status_code == 202, answer.json()
        run_id = answer.json()["id"]
        run = wait_for(
            lambda: ReflRun.objects.filter(pk=run_id, state__in=[RunState.SUCCEEDED, RunState.FAILED]).first(),
            what="the ReFL run to finish",
            worker=worker,
        )

    assert run.state == RunState.SUCCEEDED, run.error
    assert run.attempt == 1 and run.worker_pid and run.device.startswith("cpu")
    assert [p[0] for p in run.reward_loss_history] == [1, 2]
    assert [p[0] for p in run.eval_reward_history] == [0, 2]
    body = client.get(f"/api/v1/refl-runs/{run_id}/").json()
    download = client.get(body["download_url"])
    assert download.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert f"run-{run_id}/pytorch_lora_weights.safetensors" in names and f"run-{run_id}/metrics.json" in names
