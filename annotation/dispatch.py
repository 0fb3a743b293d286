"""How the annotation app's services queue its Celery tasks: by name, once the transaction that
asked for them commits. Tasks import services; services never import tasks.

A signature looked up by name runs the registered task (and so honours
CELERY_TASK_ALWAYS_EAGER); `send_task` alone would always go through the broker. The app's
tasks are registered in every process when Django starts (AnnotationConfig.ready).

Sending is robust: a broker that is down when the transaction commits is logged, not raised
into a request whose writes are already committed; what stays pending is sent again by the
reapers (e.g. `reap_stale_snapshots`)."""

from celery import current_app
from django.db import transaction

EXPORT_SNAPSHOT = "annotation.tasks.export_snapshot"
FAN_OUT_WEBHOOK_EVENTS = "annotation.tasks.fan_out_webhook_events"
DELIVER_WEBHOOK = "annotation.tasks.deliver_webhook"
RECOMPUTE_QUALITY = "annotation.tasks.recompute_quality"
RUN_IMPORT = "annotation.tasks.run_import"


def on_commit(task_name: str, *args, countdown: float | None = None) -> None:
    """Queue `task_name(*args)` when the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send(task_name, *args, countdown=countdown), robust=True)


def send(task_name: str, *args, countdown: float | None = None) -> None:
    """Queue `task_name(*args)` now, to run `countdown` seconds from now (raises if the broker is down)."""
    current_app.signature(task_name, args=args).apply_async(countdown=countdown)


def export_snapshot(snapshot_id: int) -> None:
    on_commit(EXPORT_SNAPSHOT, snapshot_id)


def recompute_quality(project_id: int) -> None:
    on_commit(RECOMPUTE_QUALITY, project_id)


def fan_out_webhook_events(project_id: int, countdown: float) -> None:
    """Now, not on commit: the outbox decides at commit time whether a message is needed."""
    send(FAN_OUT_WEBHOOK_EVENTS, project_id, countdown=countdown)


def deliver_webhook(delivery_id: int, countdown: float | None = None) -> None:
    on_commit(DELIVER_WEBHOOK, delivery_id, countdown=countdown)


def run_import(job_id: int) -> None:
    on_commit(RUN_IMPORT, job_id)
