"""The life of a training run outside the training itself: queueing (by threshold, by hand, by
the periodic check), a worker claiming it, progress and heartbeats, failure, and the reaper.

One queued-or-running run per project is a database constraint
(`training_run_one_active_per_project`), so concurrent triggers, in one process or many, give one
run: the loser's insert fails and it reads the winner's.

A run whose worker dies does not stay "running":
- the pool process dies but the worker survives: Celery rejects the message back to the queue
  (`task_reject_on_worker_lost` with `task_acks_late`); the redelivery finds the run running
  under its own task id with a dead executor and starts attempt n+1, up to
  REWARD_MODEL_MAX_ATTEMPTS, then marks the run failed;
- the whole worker (or its host) dies: no heartbeat arrives any more, and the periodic check's
  reaper marks the run failed once its heartbeat is older than REWARD_MODEL_STALE_SECONDS.
A run that loses its claim (reaped while its executor was only slow) finds out at its next
progress write and stops without touching anything."""

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotation.errors import Conflict, Problem
from annotation.models import Project

from .. import dispatch, selectors, webhooks
from ..models import ModelVersion, RunState, RunTrigger, TrainingRun, VersionStatus
from .loop_settings import model_settings_for

log = logging.getLogger(__name__)

LOG_LINES_KEPT = 200


class RunLost(Exception):
    """This executor no longer owns the run (it was reaped, finished or retried elsewhere)."""


def _dispatch(run_id: int, task_id: str) -> None:
    dispatch.enqueue_training(run_id, task_id=task_id)


def _send_after_commit(run: TrainingRun) -> None:
    # robust: a broker that is down must not undo the run row; the periodic check re-sends it.
    transaction.on_commit(lambda: _dispatch(run.id, run.celery_task_id), robust=True)


def queue_training_run(*, project: Project, trigger: str, requested_by=None, new_comparisons: int = 0) -> TrainingRun:
    """Queue a run for `project` and send it to a worker once committed. Raises Conflict (409)
    when the project already has a queued or running run."""
    loop = model_settings_for(project)
    try:
        with transaction.atomic():
            run = TrainingRun.objects.create(
                project=project,
                trigger=trigger,
                requested_by=requested_by,
                preset=loop.preset,
                new_comparisons=new_comparisons,
                celery_task_id=str(uuid.uuid4()),
                log_lines=[f"{_stamp()} queued ({trigger}, {new_comparisons} new comparisons)"],
            )
            _send_after_commit(run)
    except IntegrityError:
        active = selectors.active_run(project)
        where = f"run {active.id} is {active.state}" if active else "another run was queued at the same moment"
        raise Conflict(
            Problem("project", "run_active", f"{where}; one run at a time per project"),
            detail=f"Retraining refused: {where} for this project.",
        ) from None
    return run


def maybe_queue_retrain(*, project: Project, trigger: str = RunTrigger.THRESHOLD) -> TrainingRun | None:
    """Queue a run if the project retrains automatically and its new comparisons reached the
    threshold; None otherwise (including when a run is already queued or running)."""
    loop = model_settings_for(project)
    if not loop.auto_retrain or selectors.active_run(project) is not None:
        return None
    new = selectors.new_comparisons(project)
    if new < loop.retrain_threshold:
        return None
    try:
        return queue_training_run(project=project, trigger=trigger, new_comparisons=new)
    except Conflict:
        return None


def _stamp(now: datetime | None = None) -> str:
    return (now or timezone.now()).strftime("%H:%M:%S")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _executor_gone(run: TrainingRun, now: datetime) -> bool:
    if run.worker_host == socket.gethostname() and run.worker_pid:
        # This process runs one task at a time, so a record naming it is from a past life (a
        # new pool process that got the dead one's pid).
        if run.worker_pid == os.getpid() or not _pid_alive(run.worker_pid):
            return True
    stale = timedelta(seconds=settings.REWARD_MODEL_STALE_SECONDS)
    return run.heartbeat_at is None or run.heartbeat_at < now - stale


def claim_run(*, run_id: int, task_id: str, device: str = "") -> TrainingRun | None:
    """Make this process the run's executor and return the run, or None when there is nothing to
    do (finished, failed, or running under a live executor).

    A queued run starts attempt 1. A running run whose message this is (same task id) and whose
    executor is gone was redelivered after a lost worker: it starts the next attempt, or fails
    once REWARD_MODEL_MAX_ATTEMPTS attempts were lost."""
    now = timezone.now()
    with transaction.atomic():
        run = TrainingRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.state in (RunState.SUCCEEDED, RunState.FAILED):
            return None
        lines = list(run.log_lines)
        if run.state == RunState.RUNNING:
            if run.celery_task_id != task_id or not _executor_gone(run, now):
                return None
            lost = f"attempt {run.attempt} lost its worker ({run.worker_host} pid {run.worker_pid})"
            if run.attempt >= settings.REWARD_MODEL_MAX_ATTEMPTS:
                _fail(run, now, f"{lost}; giving up after {run.attempt} attempts.")
                return None
            lines.append(f"{_stamp(now)} {lost}; retrying")
        run.state = RunState.RUNNING
        run.attempt += 1
        run.celery_task_id = task_id
        run.started_at = run.started_at or now
        run.heartbeat_at = now
        run.worker_host = socket.gethostname()
        run.worker_pid = os.getpid()
        run.device = device
        run.phase = "data"
        run.progress = 0.0
        run.epoch = run.step = run.total_steps = 0
        run.loss = None
        run.loss_history = []
        lines.append(
            f"{_stamp(now)} attempt {run.attempt} started on {run.worker_host} pid {run.worker_pid} ({device})"
        )
        run.log_lines = lines[-LOG_LINES_KEPT:]
        if run.attempt == 1:
            run.timings = {**run.timings, "queue_wait": (now - run.queued_at).total_seconds()}
        run.save()
    return run


def _owned(run: TrainingRun):
    return TrainingRun.objects.filter(pk=run.pk, state=RunState.RUNNING, attempt=run.attempt)


def owned_for_update(run: TrainingRun) -> TrainingRun:
    """The run's row, locked, if this executor still owns it (inside the caller's transaction);
    RunLost otherwise."""
    owned = _owned(run).select_related("project").select_for_update(of=("self",)).first()
    if owned is None:
        raise RunLost(f"run {run.pk} attempt {run.attempt} is no longer running here")
    return owned


def save_progress(*, run: TrainingRun, fields: list[str]) -> None:
    """Write the executor's in-memory progress fields (and a heartbeat). Raises RunLost when
    the run is no longer this executor's."""
    values = {name: getattr(run, name) for name in fields}
    run.heartbeat_at = timezone.now()
    with transaction.atomic():
        if not _owned(run).update(heartbeat_at=run.heartbeat_at, **values):
            raise RunLost(f"run {run.pk} attempt {run.attempt} is no longer running here")


def heartbeat(*, run: TrainingRun) -> bool:
    """Say the executor is alive; False when the run is no longer its own."""
    with transaction.atomic():
        return bool(_owned(run).update(heartbeat_at=timezone.now()))


def _fail(run: TrainingRun, now: datetime, error: str) -> None:
    run.state = RunState.FAILED
    run.finished_at = now
    run.error = error
    run.log_lines = (list(run.log_lines) + [f"{_stamp(now)} failed: {error.splitlines()[0] if error else ''}"])[
        -LOG_LINES_KEPT:
    ]
    run.save()
    webhooks.run_failed(run)
    # A version that never became ready is marked failed; production is never touched here.
    ModelVersion.objects.filter(run=run).exclude(status=VersionStatus.READY).update(status=VersionStatus.FAILED)


def fail_run(*, run: TrainingRun, error: str) -> bool:
    """Mark the executor's run failed (and its unfinished version). False when it was no
    longer this executor's to fail."""
    now = timezone.now()
    with transaction.atomic():
        current = _owned(run).select_for_update().first()
        if current is None:
            return False
        current.log_lines = run.log_lines
        _fail(current, now, error)
    return True


def reap_stale_runs(*, now: datetime | None = None) -> list[int]:
    """Fail running runs whose heartbeat is older than REWARD_MODEL_STALE_SECONDS (their worker
    is gone), and re-send queued runs that waited REWARD_MODEL_RESEND_SECONDS since they were
    sent (their message may be lost; a duplicate is harmless: one executor claims a run).
    Returns the ids of the runs it failed."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.REWARD_MODEL_STALE_SECONDS)
    failed = []
    with transaction.atomic():
        for run in TrainingRun.objects.select_for_update().filter(
            state=RunState.RUNNING, heartbeat_at__lt=stale_before
        ):
            _fail(
                run,
                now,
                f"No heartbeat from worker {run.worker_host} pid {run.worker_pid} since "
                f"{run.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC: the worker was lost during attempt {run.attempt}.",
            )
            failed.append(run.id)
        resend_before = now - timedelta(seconds=settings.REWARD_MODEL_RESEND_SECONDS)
        for run in TrainingRun.objects.select_for_update().filter(
            state=RunState.QUEUED, dispatched_at__lt=resend_before
        ):
            run.dispatched_at = now
            run.log_lines = (list(run.log_lines) + [f"{_stamp(now)} still queued; message sent again"])[
                -LOG_LINES_KEPT:
            ]
            run.save(update_fields=["dispatched_at", "log_lines"])
            _send_after_commit(run)
    for run_id in failed:
        log.warning("reaped training run %s: no heartbeat", run_id)
    return failed
