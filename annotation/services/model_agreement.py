"""The production reward model's figures as a second reviewer: how the reward-model side records
them (annotation does not know the model; rewardmodel/services/model_agreement.py measures and
calls these) and how they are forgotten.

`record_model_agreement` replaces a project's figures and its disagreement groups in one
transaction, holding the project's row so that two measurements of one project are written one
after the other; the review queue (annotation.quality.review_queue) and the dashboard read them."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..models import ModelAgreement, ModelDisagreement, Project


@dataclass(frozen=True)
class AnnotatorAgreement:
    """Of an annotator's non-tied comparisons the model scored, how many it orders the same way."""

    annotator_id: int
    agreed: int
    compared: int


@dataclass(frozen=True)
class DisagreeingGroup:
    group_id: int
    disagreement: float
    contradicted: int
    compared: int


def record_model_agreement(
    *,
    project: Project,
    version_number: int,
    computed_at,
    annotators: list[AnnotatorAgreement],
    groups: list[DisagreeingGroup],
    measured_groups: int,
    contradicted_groups: int,
) -> ModelAgreement:
    """Store the figures of `version_number` measured on the data up to `computed_at`, and
    `groups` (most disagreement first) as the project's disagreement groups."""
    agreed = sum(a.agreed for a in annotators)
    compared = sum(a.compared for a in annotators)
    figures = {
        "agreement": _share(agreed, compared),
        "agreed": agreed,
        "compared": compared,
        "groups": measured_groups,
        "contradicted_groups": contradicted_groups,
        "annotators": [
            {
                "id": a.annotator_id,
                "agreement": _share(a.agreed, a.compared),
                "agreed": a.agreed,
                "compared": a.compared,
            }
            for a in sorted(annotators, key=lambda a: a.annotator_id)
        ],
    }
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).exists()
        agreement, _ = ModelAgreement.objects.update_or_create(
            project=project,
            defaults={
                "version_number": version_number,
                "computed_at": computed_at,
                "seconds": (timezone.now() - computed_at).total_seconds(),
                "figures": figures,
            },
        )
        ModelDisagreement.objects.filter(project=project).delete()
        ModelDisagreement.objects.bulk_create(
            ModelDisagreement(
                project=project,
                group_id=g.group_id,
                rank=rank,
                disagreement=g.disagreement,
                contradicted=g.contradicted,
                compared=g.compared,
            )
            for rank, g in enumerate(groups, start=1)
        )
    return agreement


def forget_model_agreement(*, project: Project) -> None:
    """A project without a production model has no second reviewer."""
    with transaction.atomic():
        ModelDisagreement.objects.filter(project=project).delete()
        ModelAgreement.objects.filter(project=project).delete()


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
