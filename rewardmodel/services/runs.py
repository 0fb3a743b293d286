"""The life of a training run outside the training itself: queueing (by threshold, by hand, by
the periodic check), a worker claiming it, progress and heartbeats, failure, and the reaper.

One queued-or-running run per project is a database constraint
(`training_run_one_active_per_project`), so concurrent triggers, in one process or many, give one
run: the loser's insert fails and it reads the winner's.

Claiming, heartbeats, failure and reaping are those of every `gpu` job (executors.py): a run
whose worker dies does not stay "running", and a lost message is sent again."""

import logging
import uuid
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from annotation.errors import Conflict, Problem
from annotation.models import Project

from .. import checkpoints, dispatch, selectors, webhooks
from ..models import ModelVersion, RunTrigger, TrainingRun, VersionStatus
from . import executors
from .executors import LOG_LINES_KEPT, RunLost  # noqa: F401 (the names training.py reads here)
from .loop_settings import model_settings_for

log = logging.getLogger(__name__)


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
    return executors.stamp(now)


def _reset_progress(run: TrainingRun) -> None:
    run.phase = "data"
    run.epoch = run.step = run.total_steps = 0
    run.loss = None
    run.loss_history = []


def claim_run(*, run_id: int, task_id: str, device: str = "") -> TrainingRun | None:
    """Make this process the run's executor and return the run, or None when there is nothing to
    do (executors.claim: a queued run starts attempt 1, a redelivered one after a lost worker the
    next attempt, up to REWARD_MODEL_MAX_ATTEMPTS)."""
    with transaction.atomic():
        run = executors.claim(TrainingRun, job_id=run_id, task_id=task_id, device=device, fail=_fail)
        if run is not None:
            _reset_progress(run)
            run.save()
    return run


def owned_for_update(run: TrainingRun) -> TrainingRun:
    """The run's row, locked, if this executor still owns it (inside the caller's transaction);
    RunLost otherwise."""
    return executors.owned_for_update(run)


def save_progress(*, run: TrainingRun, fields: list[str]) -> None:
    """Write the executor's in-memory progress fields (and a heartbeat). Raises RunLost when
    the run is no longer this executor's."""
    executors.save_progress(job=run, fields=fields)


def heartbeat(*, run: TrainingRun) -> bool:
    """Say the executor is alive; False when the run is no longer its own."""
    return executors.heartbeat(job=run)


def _fail(run: TrainingRun, now: datetime, error: str) -> None:
    executors.mark_failed(run, now, error)
    webhooks.run_failed(run)
    # A version that never became ready is marked failed; production is never touched here.
    ModelVersion.objects.filter(run=run).exclude(status=VersionStatus.READY).update(status=VersionStatus.FAILED)
    version = ModelVersion.objects.filter(run=run).first()
    if version is not None and checkpoints.in_bucket_mode():
        # A worker lost while uploading the checkpoint left files without a manifest, which no
        # later attempt will remove now. After the commit: no request to the bucket holds the lock.
        parent, stem = f"project-{run.project_id}", f"v{version.number}-run{run.pk}-a"
        transaction.on_commit(lambda: checkpoints.remove_uncommitted(parent=parent, stem=stem), robust=True)


def fail_run(*, run: TrainingRun, error: str) -> bool:
    """Mark the executor's run failed (and its unfinished version). False when it was no
    longer this executor's to fail."""
    return executors.fail_owned(job=run, error=error, fail=_fail)


def reap_stale_runs(*, now: datetime | None = None) -> list[int]:
    """Fail running runs whose worker is gone and re-send lost queued ones (executors.reap_stale).
    Returns the ids of the runs it failed."""
    return executors.reap_stale(TrainingRun, now=now or timezone.now(), fail=_fail, send=_send_after_commit)
