"""Which version is in production: the project's rule after each evaluation, a manager's
promotion, and rollback to the version production had before.

Only a ready version can be in production, and one per project (database constraints); each
change writes a Promotion row, the history rollback reads. Every change takes the project's row
first, so two changes for one project (two managers, or a manager and the rule after a run) happen
one after the other; should the database still refuse one, it is a 409, not a 500. Once a change
commits, the new production version's agreement with the labelers is measured in a worker
(services/model_agreement.py)."""

from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils import timezone

from annotation.errors import Conflict, Problem, Refused
from annotation.models import Project

from .. import dispatch, webhooks
from ..models import ModelVersion, Promotion, PromotionAction, PromotionRule, VersionStatus


@contextmanager
def _changing_production(project_id: int):
    """The transaction of one change of a project's production version."""
    try:
        with transaction.atomic():
            Project.objects.select_for_update().filter(pk=project_id).exists()
            yield
    except IntegrityError as exc:
        raise Conflict(
            Problem("version", "concurrent_change", "production was changed at the same time; reload and try again"),
            detail="Production was changed by another request at the same time; reload and try again.",
        ) from exc


def _switch(*, project: Project, version: ModelVersion, action: str, by=None, note: str = "") -> Promotion:
    """Make `version` production; the caller holds the transaction."""
    current = ModelVersion.objects.select_for_update().filter(project=project, is_production=True).first()
    if current is not None:
        current.is_production = False
        current.save(update_fields=["is_production"])
    version.is_production = True
    version.promoted_at = timezone.now()
    version.save(update_fields=["is_production", "promoted_at"])
    promotion = Promotion.objects.create(
        project=project, version=version, previous=current, action=action, by=by, note=note
    )
    webhooks.version_promoted(promotion)
    # The new production version becomes the quality console's second reviewer.
    transaction.on_commit(lambda: dispatch.enqueue_model_agreement(project.pk), robust=True)
    return promotion


def promotion_verdict(*, rule: str, tolerance: float, candidate: dict, production: dict | None) -> tuple[bool, str]:
    """Whether the rule promotes a candidate with held-out metrics `candidate` over production's
    metrics on the same held-out set (`production`, None when there is no production), and why."""
    if rule == PromotionRule.MANUAL:
        return False, "the project promotes by hand"
    if rule == PromotionRule.ALWAYS:
        return True, "the project promotes every ready version"
    accuracy = candidate.get("preference_accuracy")
    if accuracy is None:
        return False, "no held-out pairs to evaluate on yet"
    if production is None:
        return True, f"first version (held-out accuracy {accuracy:.4f})"
    baseline = production.get("preference_accuracy")
    if baseline is None:
        return True, f"production has no accuracy on the held-out set; candidate {accuracy:.4f}"
    if accuracy >= baseline - tolerance:
        return (
            True,
            f"held-out accuracy {accuracy:.4f} is not below production's {baseline:.4f} (tolerance {tolerance})",
        )
    return False, f"held-out accuracy {accuracy:.4f} is below production's {baseline:.4f} (tolerance {tolerance})"


def apply_promotion_rule(*, version: ModelVersion, promote: bool, note: str) -> Promotion | None:
    """Record the rule's verdict on a ready version and promote it when the verdict says so."""
    with _changing_production(version.project_id):
        version = ModelVersion.objects.select_for_update().get(pk=version.pk)
        version.comparison = {**version.comparison, "promoted": promote, "verdict": note}
        version.save(update_fields=["comparison"])
        if not promote or version.status != VersionStatus.READY:
            return None
        return _switch(project=version.project, version=version, action=PromotionAction.AUTO, note=note)


def promote_version(*, version: ModelVersion, by, note: str = "") -> Promotion:
    """A manager puts a ready version in production."""
    with _changing_production(version.project_id):
        version = ModelVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.READY:
            raise Refused(
                Problem("version", "not_ready", f"version {version.number} is {version.status}, not ready"),
                detail=f"Promotion refused: version {version.number} is {version.status}, not ready.",
            )
        if version.is_production:
            raise Conflict(
                Problem("version", "already_production", f"version {version.number} is already in production"),
                detail=f"Promotion refused: version {version.number} is already in production.",
            )
        return _switch(
            project=version.project,
            version=version,
            action=PromotionAction.PROMOTE,
            by=by,
            note=note or "promoted by hand",
        )


def rollback(*, project: Project, by, note: str = "") -> Promotion:
    """Put back the version that production replaced when the current one came in. Repeated
    rollbacks walk further back (v3 -> v2 -> v1), since a rollback's own entry is skipped when
    looking for what a version replaced."""
    with _changing_production(project.pk):
        current = ModelVersion.objects.select_for_update().filter(project=project, is_production=True).first()
        arrival = None
        if current is not None:
            arrival = (
                Promotion.objects.filter(project=project, version=current)
                .exclude(action=PromotionAction.ROLLBACK)
                .order_by("-created_at", "-id")
                .first()
            )
        if arrival is None or arrival.previous_id is None:
            raise Conflict(
                Problem("project", "nothing_to_roll_back", "production has no earlier version"),
                detail="Rollback refused: production has no earlier version to go back to.",
            )
        target = ModelVersion.objects.select_for_update().get(pk=arrival.previous_id)
        if target.status != VersionStatus.READY:
            raise Conflict(
                Problem("project", "previous_not_ready", f"version {target.number} is {target.status}"),
                detail=f"Rollback refused: version {target.number} is {target.status}.",
            )
        return _switch(
            project=project,
            version=target,
            action=PromotionAction.ROLLBACK,
            by=by,
            note=note or f"rolled back from version {current.number}",
        )
