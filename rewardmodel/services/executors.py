"""What a `gpu` worker's job shares with every other, whatever it computes: a worker claiming it,
progress writes that double as heartbeats, a heartbeat thread, failure, and the reaper. Training
runs (`runs.py`) and ReFL runs (`refl_runs.py`) are both such jobs: rows with a state (queued,
running, succeeded, failed), an attempt counter, the Celery task id of their message, the
executor's host and pid, and `heartbeat_at`.

A job whose worker dies does not stay "running":
- the pool process dies but the worker survives: Celery rejects the message back to the queue
  (`task_reject_on_worker_lost` with `task_acks_late`); the redelivery finds the job running
  under its own task id with a dead executor and starts attempt n+1, up to
  REWARD_MODEL_MAX_ATTEMPTS, then marks the job failed;
- the whole worker (or its host) dies: no heartbeat arrives any more, and the periodic check's
  reaper marks the job failed once its heartbeat is older than REWARD_MODEL_STALE_SECONDS.
A job that loses its claim (reaped while its executor was only slow) finds out at its next
progress write and stops without touching anything."""

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection, models, transaction
from django.utils import timezone

from ..models import RunState

log = logging.getLogger(__name__)

LOG_LINES_KEPT = 200

# fail(job, now, error): mark a locked job row failed and save it (and whatever hangs on it).
FailFn = Callable[[models.Model, datetime, str], None]


class RunLost(Exception):
    """This executor no longer owns the job (it was reaped, finished or retried elsewhere)."""


def stamp(now: datetime | None = None) -> str:
    return (now or timezone.now()).strftime("%H:%M:%S")


def with_line(lines: list, text: str, now: datetime | None = None) -> list:
    """`lines` with a stamped line added, the oldest dropped past LOG_LINES_KEPT."""
    return (list(lines) + [f"{stamp(now)} {text}"])[-LOG_LINES_KEPT:]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def executor_gone(job, now: datetime) -> bool:
    if job.worker_host == socket.gethostname() and job.worker_pid:
        # This process runs one task at a time, so a record naming it is from a past life (a
        # new pool process that got the dead one's pid).
        if job.worker_pid == os.getpid() or not _pid_alive(job.worker_pid):
            return True
    stale = timedelta(seconds=settings.REWARD_MODEL_STALE_SECONDS)
    return job.heartbeat_at is None or job.heartbeat_at < now - stale


def claim(model, *, job_id: int, task_id: str, device: str, fail: FailFn, what: str = "attempt"):
    """Make this process the executor of `model` row `job_id` and return it (saved as running,
    the caller's fields still to reset), or None when there is nothing to do (finished, failed, or
    running under a live executor).

    A queued job starts attempt 1. A running job whose message this is (same task id) and whose
    executor is gone was redelivered after a lost worker: it starts the next attempt, or fails
    once REWARD_MODEL_MAX_ATTEMPTS attempts were lost. Call inside a transaction."""
    now = timezone.now()
    job = model.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.state in (RunState.SUCCEEDED, RunState.FAILED):
        return None
    lines = list(job.log_lines)
    if job.state == RunState.RUNNING:
        if job.celery_task_id != task_id or not executor_gone(job, now):
            return None
        lost = f"attempt {job.attempt} lost its worker ({job.worker_host} pid {job.worker_pid})"
        if job.attempt >= settings.REWARD_MODEL_MAX_ATTEMPTS:
            fail(job, now, f"{lost}; giving up after {job.attempt} attempts.")
            return None
        lines = with_line(lines, f"{lost}; retrying", now)
    job.state = RunState.RUNNING
    job.attempt += 1
    job.celery_task_id = task_id
    job.started_at = job.started_at or now
    job.heartbeat_at = now
    job.worker_host = socket.gethostname()
    job.worker_pid = os.getpid()
    job.device = device
    job.progress = 0.0
    job.log_lines = with_line(
        lines, f"attempt {job.attempt} started on {job.worker_host} pid {job.worker_pid} ({device})", now
    )
    if job.attempt == 1:
        job.timings = {**job.timings, "queue_wait": (now - job.queued_at).total_seconds()}
    return job


def _owned(job):
    return type(job).objects.filter(pk=job.pk, state=RunState.RUNNING, attempt=job.attempt)


def owned_for_update(job):
    """The job's row, locked, if this executor still owns it (inside the caller's transaction);
    RunLost otherwise."""
    owned = _owned(job).select_related("project").select_for_update(of=("self",)).first()
    if owned is None:
        raise RunLost(f"{type(job).__name__} {job.pk} attempt {job.attempt} is no longer running here")
    return owned


def save_progress(*, job, fields: list[str]) -> None:
    """Write the executor's in-memory progress fields (and a heartbeat). Raises RunLost when the
    job is no longer this executor's."""
    values = {name: getattr(job, name) for name in fields}
    job.heartbeat_at = timezone.now()
    with transaction.atomic():
        if not _owned(job).update(heartbeat_at=job.heartbeat_at, **values):
            raise RunLost(f"{type(job).__name__} {job.pk} attempt {job.attempt} is no longer running here")


def heartbeat(*, job) -> bool:
    """Say the executor is alive; False when the job is no longer its own."""
    with transaction.atomic():
        return bool(_owned(job).update(heartbeat_at=timezone.now()))


def fail_owned(*, job, error: str, fail: FailFn) -> bool:
    """Mark the executor's job failed (with the log it kept in memory). False when it was no
    longer this executor's to fail."""
    now = timezone.now()
    with transaction.atomic():
        current = _owned(job).select_for_update().first()
        if current is None:
            return False
        current.log_lines = job.log_lines
        fail(current, now, error)
    return True


def mark_failed(job, now: datetime, error: str) -> None:
    """The common part of a `fail`: state, finish time, error and a log line, saved."""
    job.state = RunState.FAILED
    job.finished_at = now
    job.error = error
    job.log_lines = with_line(job.log_lines, f"failed: {error.splitlines()[0] if error else ''}", now)
    job.save()


def reap_stale(model, *, now: datetime, fail: FailFn, send: Callable[[models.Model], None]) -> list[int]:
    """Fail running jobs whose heartbeat is older than REWARD_MODEL_STALE_SECONDS (their worker is
    gone), and `send` again queued jobs that waited REWARD_MODEL_RESEND_SECONDS since they were
    sent (their message may be lost; a duplicate is harmless: one executor claims a job). Returns
    the ids of the jobs it failed."""
    stale_before = now - timedelta(seconds=settings.REWARD_MODEL_STALE_SECONDS)
    failed = []
    with transaction.atomic():
        for job in model.objects.select_for_update().filter(state=RunState.RUNNING, heartbeat_at__lt=stale_before):
            fail(
                job,
                now,
                f"No heartbeat from worker {job.worker_host} pid {job.worker_pid} since "
                f"{job.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC: the worker was lost during attempt {job.attempt}.",
            )
            failed.append(job.id)
        resend_before = now - timedelta(seconds=settings.REWARD_MODEL_RESEND_SECONDS)
        for job in model.objects.select_for_update().filter(state=RunState.QUEUED, dispatched_at__lt=resend_before):
            job.dispatched_at = now
            job.log_lines = with_line(job.log_lines, "still queued; message sent again", now)
            job.save(update_fields=["dispatched_at", "log_lines"])
            send(job)
    for job_id in failed:
        log.warning("reaped %s %s: no heartbeat", model.__name__, job_id)
    return failed


class Heartbeat:
    """A thread that tells the database this executor is alive, every
    REWARD_MODEL_HEARTBEAT_SECONDS, whatever the job's loop is doing."""

    def __init__(self, job):
        self.job = job
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name=f"heartbeat-{type(job).__name__}-{job.pk}", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=30)

    def _loop(self) -> None:
        try:
            while not self.stopped.wait(settings.REWARD_MODEL_HEARTBEAT_SECONDS):
                close_old_connections()
                try:
                    if not heartbeat(job=self.job):
                        return
                except Exception:  # a database hiccup: try again at the next beat
                    log.warning("heartbeat of %s %s failed", type(self.job).__name__, self.job.pk, exc_info=True)
        finally:
            connection.close()  # this thread's own connection
