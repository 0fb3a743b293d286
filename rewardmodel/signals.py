"""How new comparisons reach the loop without `annotation` knowing about it: a new annotation
(its comparisons are written in the same transaction) schedules `check_retrain` for its project
once that transaction commits. One check per project and transaction, however many annotations
it wrote (an import writes thousands). A check that is lost (broker down) is made up for by the
periodic check."""

import logging

from celery import current_app
from django.db import DEFAULT_DB_ALIAS, connections, transaction

log = logging.getLogger(__name__)


def _already_scheduled(project_id: int) -> bool:
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        return False
    # Callbacks of a rolled-back transaction or savepoint leave this list with it, so the
    # "already scheduled" answer never outlives the transaction that gave it.
    return any(getattr(func, "check_retrain_project", None) == project_id for _, func, _ in connection.run_on_commit)


def annotation_created(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    project_id = instance.project_id
    if _already_scheduled(project_id):
        return

    def send():
        # By name: importing rewardmodel.tasks would load torch into every web process.
        current_app.send_task("rewardmodel.tasks.check_retrain", args=[project_id])

    send.check_retrain_project = project_id
    transaction.on_commit(send, robust=True)
