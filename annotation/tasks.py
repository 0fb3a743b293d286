"""Celery tasks of the annotation app: thin wrappers over services. The database (the snapshot's
status, progress and error), not Celery's result backend, is the record of a job."""

import logging

from celery import shared_task

from .imports.jobs import reap_stale_import_jobs, run_import
from .models import Project
from .services.exports import ExportFailed, export_snapshot, reap_stale_snapshots
from .services.quality import recompute_quality
from .webhooks.delivery import deliver, fan_out_project, sweep

log = logging.getLogger(__name__)


@shared_task(name="annotation.tasks.export_snapshot")
def export_snapshot_task(snapshot_id: int) -> None:
    """Write a dataset snapshot's files. A failure is recorded on the snapshot (status failed,
    error) and not retried: the same data would fail the same way; a user re-exports it."""
    try:
        export_snapshot(snapshot_id=snapshot_id)
    except ExportFailed:
        log.warning("snapshot %s: export failed (recorded on the snapshot)", snapshot_id)


@shared_task(name="annotation.tasks.reap_stale_snapshots", ignore_result=True)
def reap_stale_snapshots_task() -> dict:
    """Celery beat, every EXPORT_REAP_SECONDS: send lost pending exports again, fail running ones
    whose worker is gone (services/exports.py, reap_stale_snapshots)."""
    reaped = reap_stale_snapshots()
    if reaped["resent"] or reaped["failed"]:
        log.info("snapshot reaper: sent again %s, failed %s", reaped["resent"], reaped["failed"])
    return reaped


@shared_task(name="annotation.tasks.recompute_quality", ignore_result=True)
def recompute_quality_task(project_id: int) -> None:
    """Recompute and store a project's quality figures and apply its pausing rules (queued,
    throttled, after new annotations: annotation/quality_trigger.py)."""
    project = Project.objects.filter(pk=project_id).first()
    if project is not None:
        report = recompute_quality(project=project)
        log.info("project %s: quality recomputed in %.2f s", project_id, report.seconds)


@shared_task(name="annotation.tasks.fan_out_webhook_events", ignore_result=True)
def fan_out_webhook_events_task(project_id: int) -> None:
    """One delivery per webhook subscribed to each event of the project recorded and not yet
    fanned out (annotation/webhooks/delivery.py)."""
    fan_out_project(project_id=project_id)


@shared_task(name="annotation.tasks.deliver_webhook", ignore_result=True)
def deliver_webhook_task(delivery_id: int) -> None:
    """One attempt of a webhook delivery; the delivery row records it and schedules the retry."""
    deliver(delivery_id=delivery_id)


@shared_task(name="annotation.tasks.sweep_webhooks", ignore_result=True)
def sweep_webhooks_task() -> dict:
    """Celery beat, every WEBHOOK_SWEEP_SECONDS: fan out events and send deliveries whose
    messages were lost (annotation/webhooks/delivery.py, sweep)."""
    swept = sweep()
    if swept["events"] or swept["deliveries"]:
        log.info("webhook sweep: fanned out %s events, sent again %s deliveries", swept["events"], swept["deliveries"])
    return swept


@shared_task(name="annotation.tasks.run_import", ignore_result=True)
def run_import_task(job_id: int) -> None:
    """Run a queued import job. Its outcome (a batch, the bad rows, or an error) is recorded on
    the job; a job runs once, so a message delivered twice does nothing."""
    run_import(job_id=job_id)


@shared_task(name="annotation.tasks.reap_stale_import_jobs", ignore_result=True)
def reap_stale_import_jobs_task() -> dict:
    """Celery beat, every IMPORT_REAP_SECONDS: send lost queued imports again, run again those
    whose worker is gone (annotation/imports/jobs.py, reap_stale_import_jobs)."""
    reaped = reap_stale_import_jobs()
    if any(reaped.values()):
        log.info("import reaper: %s", reaped)
    return reaped
