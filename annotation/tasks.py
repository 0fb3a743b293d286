"""Celery tasks of the annotation app: thin wrappers over services. The database (the snapshot's
status, progress and error), not Celery's result backend, is the record of a job."""

import logging

from celery import shared_task

from .imports.jobs import reap_stale_import_jobs, run_import
from .services.exports import ExportFailed, export_snapshot, reap_stale_snapshots

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
