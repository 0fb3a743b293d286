"""When the stored quality figures are recomputed: after new annotations, at most one
recomputation per project every QUALITY_RECOMPUTE_SECONDS per process (the first commit of a
quiet spell queues one at once, later commits of the spell one for its end), so annotating at
full speed never keeps a worker recomputing. Connected to `annotation_recorded` in
AnnotationConfig.ready."""

import math
import threading
import time

from celery import current_app
from django.conf import settings
from django.db import transaction

from .dispatch import RECOMPUTE_QUALITY

_lock = threading.Lock()
_sent_at: dict[int, float] = {}
_scheduled_for: dict[int, float] = {}


def schedule_recompute(sender, annotation, **kwargs):
    project_id = annotation.project_id

    def send():
        countdown = _throttle(project_id)
        if countdown is None:
            return
        current_app.signature(RECOMPUTE_QUALITY, args=(project_id,)).apply_async(countdown=countdown or None)

    send.recomputes_quality_of = project_id
    transaction.on_commit(send, robust=True)


def _throttle(project_id: int) -> float | None:
    interval = getattr(settings, "QUALITY_RECOMPUTE_SECONDS", 60)
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
