"""Recording events: `record(...)` inside the transaction of what happened.

A project without an active webhook for an event type costs a dictionary lookup: each process
keeps the event types the project's active webhooks subscribe to for
WEBHOOK_SUBSCRIPTIONS_SECONDS, forgets them at once when a webhook of the project changes in this
process, and within that time in the others.

Subscribed events cost one INSERT (sql.insert_webhook_events, for all the events of one call).
After the commit, a message asks a worker to fan out the project's new events
(delivery.fan_out_project) WEBHOOK_FAN_OUT_SECONDS later; a process sends at most one such
message per project in that time, since the one it sent covers every event committed before it
runs. Whatever a lost message leaves behind, the sweep fans out (delivery.sweep)."""

import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import dispatch, sql
from . import events
from .models import Webhook, WebhookEvent

_subscribed: dict[int, tuple[float, frozenset[str]]] = {}
_announced: dict[int, float] = {}


def subscribed_types(project_id: int) -> frozenset[str]:
    """The event types some active webhook of the project receives (cached per process)."""
    now = time.monotonic()
    cached = _subscribed.get(project_id)
    if cached is not None and cached[0] > now:
        return cached[1]
    types = frozenset(
        name
        for names in Webhook.objects.filter(project_id=project_id, is_active=True).values_list("events", flat=True)
        for name in names
    )
    _subscribed[project_id] = (now + settings.WEBHOOK_SUBSCRIPTIONS_SECONDS, types)
    return types


def forget_subscriptions(project_id: int) -> None:
    _subscribed.pop(project_id, None)


def record(project_id: int, type: str, data: dict) -> None:
    """Record event `type` with `data` for the project's webhooks, in the caller's transaction."""
    record_all(project_id, [(type, data)])


def record_all(project_id: int, items: list[tuple[str, dict]]) -> None:
    wanted = subscribed_types(project_id)
    if not wanted:
        return
    now = timezone.now()
    rows = [WebhookEvent(project_id=project_id, type=t, data=d, created_at=now) for t, d in items if t in wanted]
    if rows:
        sql.insert_webhook_events(rows)
        transaction.on_commit(lambda: _announce(project_id), robust=True)


def _announce(project_id: int) -> None:
    now = time.monotonic()
    window = settings.WEBHOOK_FAN_OUT_SECONDS
    if _announced.get(project_id, float("-inf")) > now - window:
        return  # the message sent then has not run yet: it fans this event out too
    dispatch.fan_out_webhook_events(project_id, countdown=window)
    _announced[project_id] = now


def record_submission(*, annotation, group) -> None:
    """A submitted annotation, and its group's completion when it took the last place."""
    if not subscribed_types(group.project_id):
        return
    items = [(events.ANNOTATION_CREATED, events.annotation_data(annotation))]
    if group.completed_at is not None and group.annotation_count >= group.annotations_needed:
        items.append((events.GROUP_COMPLETED, events.group_data(group)))
    record_all(group.project_id, items)


def record_review(annotation) -> None:
    record(annotation.project_id, events.ANNOTATION_REVIEWED, events.review_data(annotation))


def record_import(batch) -> None:
    record(batch.project_id, events.IMPORT_FINISHED, events.import_data(batch))


def record_snapshot(snapshot) -> None:
    """snapshot.ready or snapshot.failed, when the snapshot's status just became one of them."""
    kind = {"ready": events.SNAPSHOT_READY, "failed": events.SNAPSHOT_FAILED}.get(snapshot.status)
    if kind is not None:
        record(snapshot.project_id, kind, events.snapshot_data(snapshot))
