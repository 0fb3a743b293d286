"""How new comparisons reach the loop without `annotation` knowing about it: the annotation app
sends `annotation_recorded` for each annotation it writes (its comparisons are written in the
same transaction), and this schedules `check_retrain` for the annotation's project once that
transaction commits. One check per project and transaction, however many annotations it wrote
(an import writes thousands). A check that is lost (broker down) is made up for by the periodic
check.

At annotating speed (tens of submissions a second) one message per submission would keep a
broker and a worker busy with checks that find nothing new, so each web process sends at most
one check per project every REWARD_MODEL_TRIGGER_SECONDS: the first commit of a quiet spell
sends at once, a commit within the spell schedules one check for its end (Celery countdown), and
later commits of the spell are covered by that one. No commit waits longer than the interval to
be looked at."""

import logging
import math
import threading
import time

from celery import current_app
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

log = logging.getLogger(__name__)


def _already_scheduled(project_id: int) -> bool:
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        return False
    # Callbacks of a rolled-back transaction or savepoint leave this list with it, so the
    # "already scheduled" answer never outlives the transaction that gave it.
    return any(getattr(func, "check_retrain_project", None) == project_id for _, func, _ in connection.run_on_commit)


def schedule_retrain_check(sender, annotation, **kwargs):
    """Receiver of annotation.signals.annotation_recorded."""
    project_id = annotation.project_id
    if _already_scheduled(project_id):
        return

    def send():
        countdown = _throttle(project_id)
        if countdown is None:
            return  # a check scheduled for the end of this spell covers this commit
        # By name: importing rewardmodel.tasks would load torch into every web process.
        if countdown:
            current_app.send_task("rewardmodel.tasks.check_retrain", args=[project_id], countdown=countdown)
        else:
            current_app.send_task("rewardmodel.tasks.check_retrain", args=[project_id])

    send.check_retrain_project = project_id
    transaction.on_commit(send, robust=True)


_lock = threading.Lock()
_sent_at: dict[int, float] = {}  # project id -> when this process last sent a check at once
_scheduled_for: dict[int, float] = {}  # project id -> when the check it scheduled will run


def _throttle(project_id: int) -> float | None:
    """0: send now; a positive countdown: schedule a check for the end of the spell; None: one
    is scheduled already."""
    interval = settings.REWARD_MODEL_TRIGGER_SECONDS
    now = time.monotonic()
    with _lock:
        sent = _sent_at.get(project_id, -math.inf)
        if now - sent >= interval:
            _sent_at[project_id] = now
            return 0
        if _scheduled_for.get(project_id, -math.inf) >= now:
            return None
        _scheduled_for[project_id] = sent + interval
        return sent + interval - now


def forget_sent_checks() -> None:
    """Start afresh (tests)."""
    with _lock:
        _sent_at.clear()
        _scheduled_for.clear()
