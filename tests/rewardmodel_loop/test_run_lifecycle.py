"""A run's executor: claiming, a redelivery after a lost worker (retry, then give up), the
reaper for runs whose worker vanished, and failures that leave production alone."""

import os
import socket
import subprocess
import sys
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from rewardmodel import selectors
from rewardmodel.models import ModelVersion, RunState, RunTrigger, TrainingRun, VersionStatus
from rewardmodel.services import runs
from rewardmodel.services.training import Reporter, execute_run

from .helpers import annotate, loop_project, ready_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_broker():
    with mock.patch("rewardmodel.services.runs._dispatch") as dispatch:
        yield dispatch


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def running_run(project, *, attempt=1, pid=None, heartbeat_age=0.0):
    run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)
    TrainingRun.objects.filter(pk=run.pk).update(
        state=RunState.RUNNING,
        attempt=attempt,
        worker_host=socket.gethostname(),
        worker_pid=pid or dead_pid(),
        heartbeat_at=timezone.now() - timedelta(seconds=heartbeat_age),
        started_at=timezone.now(),
    )
    return TrainingRun.objects.get(pk=run.pk)


def test_claim_starts_a_queued_run_as_attempt_one():
    project = loop_project()
    run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)
    claimed = runs.claim_run(run_id=run.pk, task_id=run.celery_task_id, device="cpu")
    assert (claimed.state, claimed.attempt, claimed.worker_pid) == (RunState.RUNNING, 1, os.getpid())
    assert claimed.timings["queue_wait"] >= 0


def test_redelivered_message_of_a_dead_executor_starts_the_next_attempt():
    project = loop_project()
    run = running_run(project)
    claimed = runs.claim_run(run_id=run.pk, task_id=run.celery_task_id)
    assert claimed.attempt == 2 and claimed.state == RunState.RUNNING
    assert any("attempt 1 lost its worker" in line and "retrying" in line for line in claimed.log_lines)


def test_a_message_for_a_run_with_a_live_executor_does_nothing():
    project = loop_project()
    run = running_run(project, pid=os.getppid())  # a live process on this host, fresh heartbeat
    assert runs.claim_run(run_id=run.pk, task_id=run.celery_task_id) is None
    assert runs.claim_run(run_id=run.pk, task_id="another-message") is None
    assert TrainingRun.objects.get(pk=run.pk).attempt == 1


def test_run_fails_visibly_after_the_last_attempt_loses_its_worker(settings):
    settings.REWARD_MODEL_MAX_ATTEMPTS = 2
    project = loop_project()
    production = ready_version(project, production=True)
    run = running_run(project, attempt=2)
    assert runs.claim_run(run_id=run.pk, task_id=run.celery_task_id) is None
    run.refresh_from_db()
    assert run.state == RunState.FAILED and "giving up after 2 attempts" in run.error
    assert selectors.production_version(project) == production


def test_reaper_fails_runs_without_a_recent_heartbeat_and_leaves_production(settings):
    settings.REWARD_MODEL_STALE_SECONDS = 60
    project = loop_project()
    production = ready_version(project, production=True)
    stale = running_run(project, heartbeat_age=120)
    version = ModelVersion.objects.create(
        project=project, number=2, run=stale, preset="tiny", status=VersionStatus.TRAINING
    )
    other = loop_project()
    fresh = running_run(other, pid=os.getppid(), heartbeat_age=5)

    assert runs.reap_stale_runs() == [stale.pk]

    stale.refresh_from_db()
    version.refresh_from_db()
    assert stale.state == RunState.FAILED and "No heartbeat" in stale.error
    assert version.status == VersionStatus.FAILED
    assert TrainingRun.objects.get(pk=fresh.pk).state == RunState.RUNNING
    assert selectors.production_version(project) == production


def test_reaper_sends_a_long_queued_run_again(settings, no_broker, django_capture_on_commit_callbacks):
    settings.REWARD_MODEL_RESEND_SECONDS = 600
    project = loop_project()
    run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)
    with django_capture_on_commit_callbacks(execute=True):
        runs.reap_stale_runs(now=timezone.now() + timedelta(seconds=300))
    assert not no_broker.called
    with django_capture_on_commit_callbacks(execute=True):
        runs.reap_stale_runs(now=timezone.now() + timedelta(seconds=700))
    no_broker.assert_called_once_with(run.pk, run.celery_task_id)


def test_a_lost_executor_stops_at_its_next_progress_write():
    project = loop_project()
    run = runs.claim_run(run_id=runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL).pk, task_id="t")
    TrainingRun.objects.filter(pk=run.pk).update(state=RunState.FAILED)  # reaped meanwhile
    run.step = 3
    with pytest.raises(runs.RunLost):
        runs.save_progress(run=run, fields=["step"])
    assert TrainingRun.objects.get(pk=run.pk).step == 0


def test_progress_throttled_within_a_second_is_written_with_the_final_report():
    project = loop_project()
    run = runs.claim_run(run_id=runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL).pk, task_id="t")
    reporter = Reporter(run)
    reporter.on_progress(dict(phase="train", epoch=1, step=5, total_steps=6, loss=0.7))
    # Within the same second: the last loss point is held back by the throttle ...
    reporter.on_progress(dict(phase="train", epoch=1, step=6, total_steps=6, loss=0.6))
    assert TrainingRun.objects.get(pk=run.pk).loss_history == [[5, 0.7]]
    # ... and goes with the next write, although that one names other fields.
    reporter.on_progress(dict(phase="done", epoch=1, step=6, total_steps=6))
    stored = TrainingRun.objects.get(pk=run.pk)
    assert stored.loss_history == [[5, 0.7], [6, 0.6]] and stored.loss == 0.6 and stored.step == 6


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_a_run_that_fails_marks_run_and_version_failed_and_keeps_production():
    project = loop_project()
    production = ready_version(project, production=True)
    annotations = annotate(project, 8)
    # One image file goes missing: the trainer cannot read it.
    image = annotations[0].image_annotations.first().image
    os.remove(image.file.path)
    run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)

    assert execute_run(run_id=run.pk, task_id=run.celery_task_id) is None

    run.refresh_from_db()
    assert run.state == RunState.FAILED and "ImageLoadError" in run.error
    assert ModelVersion.objects.get(run=run).status == VersionStatus.FAILED
    assert selectors.production_version(project) == production
    assert run.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_run_with_no_training_pairs_fails_with_the_reason():
    project = loop_project()
    run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)
    execute_run(run_id=run.pk, task_id=run.celery_task_id)
    run.refresh_from_db()
    assert run.state == RunState.FAILED and "no non-tied training pair" in run.error
