"""Celery tasks of the annotation app: thin wrappers over services. The database (the snapshot's
status, progress and error), not Celery's result backend, is the record of a job."""

import logging

from celery import shared_task

from .services.exports import ExportFailed, export_snapshot

log = logging.getLogger(__name__)


@shared_task(name="annotation.tasks.export_snapshot")
def export_snapshot_task(snapshot_id: int) -> None:
    """Write a dataset snapshot's files. A failure is recorded on the snapshot (status failed,
    error) and not retried: the same data would fail the same way; a user re-exports it."""
    try:
        export_snapshot(snapshot_id=snapshot_id)
    except ExportFailed:
        log.warning("snapshot %s: export failed (recorded on the snapshot)", snapshot_id)
