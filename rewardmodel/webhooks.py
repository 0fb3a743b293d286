"""The reward model's webhook events (annotation/webhooks/): recorded by its services inside the
transaction that made the change."""

from annotation.webhooks import events
from annotation.webhooks.outbox import record


def _when(value) -> str | None:
    return value.isoformat() if value else None


def version_ready(version) -> None:
    record(
        version.project_id,
        events.MODEL_VERSION_READY,
        {
            "project_id": version.project_id,
            "version_id": version.pk,
            "number": version.number,
            "preset": version.preset,
            "run_id": version.run_id,
            "held_out": {k: v for k, v in version.metrics.items() if not isinstance(v, (dict, list))},
            "ready_at": _when(version.ready_at),
        },
    )


def version_promoted(promotion) -> None:
    record(
        promotion.project_id,
        events.MODEL_VERSION_PROMOTED,
        {
            "project_id": promotion.project_id,
            "version_id": promotion.version_id,
            "number": promotion.version.number,
            "previous_version_id": promotion.previous_id,
            "action": promotion.action,
            "note": promotion.note,
            "promoted_at": _when(promotion.created_at),
        },
    )


def run_failed(run) -> None:
    record(
        run.project_id,
        events.TRAINING_RUN_FAILED,
        {
            "project_id": run.project_id,
            "run_id": run.pk,
            "trigger": run.trigger,
            "attempt": run.attempt,
            "error": (run.error or "").splitlines()[0][:500] if run.error else "",
            "finished_at": _when(run.finished_at),
        },
    )
