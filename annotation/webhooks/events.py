"""The events a webhook subscribes to. Payloads carry ids and a few facts, never files: a
receiver that needs more reads it from the API."""

ANNOTATION_CREATED = "annotation.created"
ANNOTATION_REVIEWED = "annotation.reviewed"
GROUP_COMPLETED = "group.completed"
IMPORT_FINISHED = "import.finished"
SNAPSHOT_READY = "snapshot.ready"
SNAPSHOT_FAILED = "snapshot.failed"
MODEL_VERSION_READY = "model.version.ready"
MODEL_VERSION_PROMOTED = "model.version.promoted"
TRAINING_RUN_FAILED = "training_run.failed"
ANNOTATOR_PAUSED = "annotator.paused"

EVENT_TYPES = [
    ANNOTATION_CREATED,
    ANNOTATION_REVIEWED,
    GROUP_COMPLETED,
    IMPORT_FINISHED,
    SNAPSHOT_READY,
    SNAPSHOT_FAILED,
    MODEL_VERSION_READY,
    MODEL_VERSION_PROMOTED,
    TRAINING_RUN_FAILED,
    ANNOTATOR_PAUSED,
]

# Sent by "send a test event" to one webhook, whatever it subscribes to.
TEST = "webhook.test"


def _when(value) -> str | None:
    return value.isoformat() if value else None


def annotation_data(annotation) -> dict:
    return {
        "project_id": annotation.project_id,
        "annotation_id": annotation.pk,
        "group_id": annotation.group_id,
        "annotator": annotation.annotator.username,
        "status": annotation.status,
        "created_at": _when(annotation.created_at),
    }


def review_data(annotation) -> dict:
    return {
        **annotation_data(annotation),
        "reviewed_by": annotation.reviewed_by.username if annotation.reviewed_by else None,
        "reviewed_at": _when(annotation.reviewed_at),
    }


def group_data(group) -> dict:
    return {
        "project_id": group.project_id,
        "group_id": group.pk,
        "external_id": group.external_id,
        "annotations": group.annotation_count,
        "completed_at": _when(group.completed_at),
    }


def import_data(batch) -> dict:
    return {"project_id": batch.project_id, "import_id": batch.pk, "format": batch.format, "counts": batch.counts}


def snapshot_data(snapshot) -> dict:
    return {
        "project_id": snapshot.project_id,
        "snapshot_id": snapshot.pk,
        "version": snapshot.version,
        "status": snapshot.status,
        "formats": snapshot.formats,
        "counts": snapshot.counts,
        "error": snapshot.error,
    }
