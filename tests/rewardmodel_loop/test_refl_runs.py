"""ReFL runs of the platform (issue #15): a researcher starts one from a built bundle and a
pipeline folder of the server; the request is checked whole before anything is queued; a `gpu`
worker fine-tunes with `rewardmodel.refl`, writing progress and curves to the run; the result is
downloaded as one zip; a run whose worker is gone is reaped like a training run."""

import io
import os
import socket
import zipfile
from dataclasses import fields
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from rewardmodel.models import BundleStatus, ReflRun, RunState
from rewardmodel.refl import ReflConfig
from rewardmodel.refl_options import MANAGED, REFL_OPTIONS
from rewardmodel.services import refl_runs
from rewardmodel.services.refl_training import execute_refl_run
from rewardmodel.tasks import periodic_check

from .refl_helpers import FAST_OPTIONS, PIPELINE, pipeline_root, refl_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def tiny_pipeline(tmp_path_factory):
    from tests.refl.helpers import write_tiny_pipeline

    return write_tiny_pipeline(tmp_path_factory.mktemp("refl-platform") / "pipeline")


@pytest.fixture
def world(settings, loop_dirs, tiny_pipeline):
    settings.EXPORT_ROOT = loop_dirs / "exports"
    settings.REFL_PIPELINE_ROOT = pipeline_root(loop_dirs, tiny_pipeline)
    return refl_world()


@pytest.fixture
def sent():
    with mock.patch("rewardmodel.dispatch.enqueue_refl_run") as send:
        yield send


def start(user, project, body):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(f"/api/v1/projects/{project.pk}/refl-runs/", body, format="json")


def test_the_option_table_is_reflconfigs_fields_with_their_defaults():
    config = ReflConfig()
    expected = {f.name: getattr(config, f.name) for f in fields(ReflConfig) if f.name not in MANAGED}
    table = {name: option.default for name, option in REFL_OPTIONS.items()}
    assert table == expected


def test_a_researcher_starts_a_run_that_is_sent_to_a_gpu_worker(world, sent, django_capture_on_commit_callbacks):
    project, researcher, bundle = world
    with django_capture_on_commit_callbacks(execute=True):
        answer = start(researcher, project, {"bundle": bundle.pk, "pipeline": PIPELINE, "options": {"steps": 3}})
    assert answer.status_code == 202, answer.json()
    body = answer.json()
    assert body["state"] == "queued" and body["options"] == {"steps": 3} and body["download_url"] is None
    run = ReflRun.objects.get()
    sent.assert_called_once_with(run.pk, task_id=run.celery_task_id)


def test_a_run_is_routed_to_the_gpu_queue(settings):
    assert settings.CELERY_TASK_ROUTES["rewardmodel.tasks.run_refl"] == {"queue": "gpu"}


def _outside_link(root: Path) -> str:
    (root / "escape").symlink_to(root.parent / "media", target_is_directory=True)
    return "escape"


BAD_REQUESTS = {
    "a parent folder": ({"pipeline": "../pipelines/" + PIPELINE}, "pipeline", "outside_root"),
    "an absolute path": ({"pipeline": "/etc"}, "pipeline", "outside_root"),
    "the root itself": ({"pipeline": "."}, "pipeline", "outside_root"),
    "a symlink out of the root": ({"pipeline": _outside_link}, "pipeline", "outside_root"),
    "a folder that is no pipeline": ({"pipeline": "nothing-here"}, "pipeline", "not_a_pipeline"),
    "t_min above t_max": ({"options": {"t_min": 39, "t_max": 30}}, "options.t_min", "order"),
    "t_max past the schedule": ({"options": {"num_steps": 10}}, "options.t_max", "order"),
    "no steps": ({"options": {"steps": 0}}, "options.steps", "range"),
    "more steps than the server allows": ({"options": {"steps": 10**7}}, "options.steps", "range"),
    "a rank as a string": ({"options": {"lora_rank": "4"}}, "options.lora_rank", "type"),
    "an unknown option": ({"options": {"epochs": 3}}, "options.epochs", "unknown"),
    "the worker's device": ({"options": {"cpu": True}}, "options.cpu", "unknown"),
    "a precision there is not": ({"options": {"mixed_precision": "fp8"}}, "options.mixed_precision", "choice"),
    "odd module names": ({"options": {"lora_targets": ["to_q; rm"]}}, "options.lora_targets", "module_names"),
    "options that are no object": ({"options": [1]}, "options", "type"),
    "a bundle of no one": ({"bundle": 10**6}, "bundle", "not_found"),
}


@pytest.mark.parametrize("case", BAD_REQUESTS, ids=list(BAD_REQUESTS))
def test_bad_input_is_a_400_naming_field_and_rule_and_writes_nothing(world, sent, settings, case):
    project, researcher, bundle = world
    change, field, rule = BAD_REQUESTS[case]
    if callable(change.get("pipeline")):
        change = {**change, "pipeline": change["pipeline"](Path(settings.REFL_PIPELINE_ROOT))}
    answer = start(researcher, project, {"bundle": bundle.pk, "pipeline": PIPELINE, **change})
    assert answer.status_code == 400
    assert (field, rule) in [(e["field"], e["rule"]) for e in answer.json()["errors"]]
    assert not ReflRun.objects.exists()
    sent.assert_not_called()


def test_a_bundle_that_is_not_built_is_refused(world, sent):
    project, researcher, bundle = world
    bundle.status = BundleStatus.BUILDING
    bundle.save()
    answer = start(researcher, project, {"bundle": bundle.pk, "pipeline": PIPELINE})
    assert answer.status_code == 400
    assert [(e["field"], e["rule"]) for e in answer.json()["errors"]] == [("bundle", "not_ready")]


def test_without_images_to_pre_train_on_the_request_must_say_pretrain_weight_0(
    settings, loop_dirs, tiny_pipeline, sent
):
    settings.EXPORT_ROOT = loop_dirs / "exports"
    settings.REFL_PIPELINE_ROOT = pipeline_root(loop_dirs, tiny_pipeline)
    project, researcher, bundle = refl_world(images="none")
    refused = start(researcher, project, {"bundle": bundle.pk, "pipeline": PIPELINE})
    assert refused.status_code == 400
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [
        ("options.pretrain_weight", "no_pretrain_data")
    ]
    assert not ReflRun.objects.exists()
    accepted = start(
        researcher, project, {"bundle": bundle.pk, "pipeline": PIPELINE, "options": {"pretrain_weight": 0}}
    )
    assert accepted.status_code == 202


def test_a_run_records_its_curves_and_its_result_downloads_as_one_zip(world, sent, settings):
    project, researcher, bundle = world
    run = refl_runs.start_refl_run(project=project, bundle_id=bundle.pk, pipeline=PIPELINE, options=FAST_OPTIONS)

    assert execute_refl_run(run_id=run.pk, task_id=run.celery_task_id) is not None

    client = APIClient()
    client.force_authenticate(researcher)
    body = client.get(f"/api/v1/refl-runs/{run.pk}/").json()
    assert body["state"] == "succeeded" and body["progress"] == 1.0 and body["step"] == body["total_steps"] == 2
    assert [point[0] for point in body["reward_loss_history"]] == [1, 2]
    assert [point[0] for point in body["pretrain_loss_history"]] == [1, 2]  # from the snapshot's images
    assert [point[0] for point in body["eval_reward_history"]] == [0, 2]  # before training and at the end
    assert body["config"]["steps"] == 2 and body["config"]["cpu"] is True
    assert body["result"]["mode"] == "lora" and body["result"]["initial_mean_reward"] is not None
    assert str(settings.CHECKPOINT_ROOT) not in str(body) and str(settings.EXPORT_ROOT) not in str(body)

    download = client.get(body["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert {
        f"run-{run.pk}/pytorch_lora_weights.safetensors",
        f"run-{run.pk}/metrics.json",
        f"run-{run.pk}/refl_config.json",
        f"run-{run.pk}/samples/step-000000.png",
        f"run-{run.pk}/samples/step-000002.png",
    } <= set(names)
    assert not list((Path(settings.CHECKPOINT_ROOT) / ".tmp").iterdir())  # the working folder is gone


def test_a_pipeline_that_lost_its_vae_fails_the_run_with_a_message_naming_it(world, sent, settings):
    project, researcher, bundle = world
    run = refl_runs.start_refl_run(project=project, bundle_id=bundle.pk, pipeline=PIPELINE, options=FAST_OPTIONS)
    for item in (Path(settings.REFL_PIPELINE_ROOT) / PIPELINE / "vae").iterdir():
        item.unlink()

    assert execute_refl_run(run_id=run.pk, task_id=run.celery_task_id) is None

    run.refresh_from_db()
    assert run.state == RunState.FAILED and "vae" in run.error
    assert run.result == {}


def test_downloading_a_run_that_has_not_succeeded_is_a_409(world, sent):
    project, researcher, bundle = world
    run = refl_runs.start_refl_run(project=project, bundle_id=bundle.pk, pipeline=PIPELINE, options={})
    client = APIClient()
    client.force_authenticate(researcher)
    assert client.get(f"/api/v1/refl-runs/{run.pk}/download/").status_code == 409
    listed = client.get(f"/api/v1/projects/{project.pk}/refl-runs/").json()
    assert [r["id"] for r in listed["results"]] == [run.pk]


def test_the_pipelines_a_run_may_use_are_listed(world):
    project, researcher, bundle = world
    client = APIClient()
    client.force_authenticate(researcher)
    assert client.get(f"/api/v1/projects/{project.pk}/refl-pipelines/").json() == {"pipelines": [PIPELINE]}


def test_the_periodic_check_reaps_a_run_whose_worker_is_gone_and_resends_a_lost_one(world, sent, settings):
    project, researcher, bundle = world
    lost = refl_runs.start_refl_run(project=project, bundle_id=bundle.pk, pipeline=PIPELINE, options={})
    stale = refl_runs.start_refl_run(project=project, bundle_id=bundle.pk, pipeline=PIPELINE, options={})
    long_ago = timezone.now() - timedelta(seconds=settings.REWARD_MODEL_RESEND_SECONDS + 60)
    ReflRun.objects.filter(pk=lost.pk).update(dispatched_at=long_ago)
    ReflRun.objects.filter(pk=stale.pk).update(
        state=RunState.RUNNING, attempt=1, worker_host="gone", worker_pid=os.getpid(), heartbeat_at=long_ago
    )

    assert periodic_check.run()["reaped_refl"] == [stale.pk]

    stale.refresh_from_db()
    lost.refresh_from_db()
    assert stale.state == RunState.FAILED and "No heartbeat" in stale.error
    assert lost.state == RunState.QUEUED and "message sent again" in lost.log_lines[-1]


def test_the_bundles_to_start_from_are_listed_with_their_status(world):
    project, researcher, bundle = world
    client = APIClient()
    client.force_authenticate(researcher)
    listed = client.get(f"/api/v1/projects/{project.pk}/refl-bundles/").json()
    assert [(b["id"], b["status"]) for b in listed] == [(bundle.pk, "ready")]


def test_a_run_redelivered_after_its_last_allowed_attempt_is_failed_without_training(world, sent, settings):
    project, researcher, bundle = world
    run = refl_runs.start_refl_run(project=project, bundle_id=bundle.pk, pipeline=PIPELINE, options=FAST_OPTIONS)
    # This process's own pid on this host: the record of an executor that died here.
    ReflRun.objects.filter(pk=run.pk).update(
        state=RunState.RUNNING,
        attempt=settings.REWARD_MODEL_MAX_ATTEMPTS,
        worker_host=socket.gethostname(),
        worker_pid=os.getpid(),
        heartbeat_at=timezone.now(),
    )

    assert execute_refl_run(run_id=run.pk, task_id=run.celery_task_id) is None

    run.refresh_from_db()
    assert run.state == RunState.FAILED and "giving up" in run.error and run.step == 0


def test_a_message_for_a_run_that_finished_finds_nothing_to_do(world, sent):
    project, researcher, bundle = world
    run = refl_runs.start_refl_run(project=project, bundle_id=bundle.pk, pipeline=PIPELINE, options=FAST_OPTIONS)
    ReflRun.objects.filter(pk=run.pk).update(state=RunState.FAILED)
    assert execute_refl_run(run_id=run.pk, task_id=run.celery_task_id) is None
    assert ReflRun.objects.get(pk=run.pk).attempt == 0
