"""The production reward model as a second reviewer: how often it orders each annotator's
comparisons as they did, and the groups where it and the labelers disagree most.

1. Score the annotated groups (non-gold, with a submitted or accepted annotation) the production
   version has not scored yet, GROUPS_PER_CHUNK at a time, storing their GroupPrediction rows as
   pre-scoring does for open groups: memory stays bounded, and what was scored is kept.
2. Measure over the non-tied comparisons of submitted and accepted annotations of scored groups,
   with d = s_better - s_worse the model's score difference for a comparison:
   - an annotator's model agreement: the share of their comparisons with d > 0 (the model orders
     them the same way; a model tie is not agreement, as in preference accuracy);
   - a group's disagreement: the sum, over its comparisons with d < 0, of the model's confidence
     |2 sigmoid(d) - 1| = tanh(|d| / 2), over the number of its comparisons. 1 when the model is sure
     of the opposite of every labeler's comparison, 0 when it never contradicts them; a comparison
     it contradicts unsure of itself counts little.
3. Record them (annotation/services/model_agreement.py) with the MODEL_DISAGREEMENT_GROUPS groups of
   most disagreement among those with work still to review (a submitted annotation), which the
   review queue serves with the reason `model`: in one transaction, while the version measured is
   still production (every change of production takes the project's row first, as this does).

The model was trained on most of these comparisons (all but the held-out prompts'), so an
annotator's figure says how well their judgments fit what the model learned from everyone: an
annotator far below the others is what it points at, not an unbiased accuracy.

Measured when a version becomes production (services/promotion.py), and by the periodic check
for projects whose figures are older than their newest annotation or review (`is_stale`)."""

import math
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from annotation.models import (
    Annotation,
    AnnotationStatus,
    Comparison,
    ModelAgreement,
    Project,
    PromptGroup,
)
from annotation.services.model_agreement import (
    AnnotatorAgreement,
    DisagreeingGroup,
    forget_model_agreement,
    record_model_agreement,
)

from .. import selectors
from ..models import ACTIVE_RUN_STATES, GroupPrediction, ModelVersion, TrainingRun
from .prescoring import GROUPS_PER_CHUNK, predict_groups


def measure_model_agreement(*, project: Project, only_if_stale: bool = False) -> ModelAgreement | None:
    """Score what production has not scored, measure and record; None without a production
    version (any earlier figures are forgotten), when production changed meanwhile (its
    promotion queued a measurement of its own), or, with `only_if_stale`, when nothing changed."""
    version = selectors.production_version(project)
    if version is None:
        forget_model_agreement(project=project)
        return None
    if only_if_stale and not is_stale(project, version):
        return None
    computed_at = timezone.now()  # what is written from now on is for the next measurement
    measured_groups = score_annotated_groups(project=project, version=version)
    measured = agreement_with_model(_comparisons(project, version), _scores(project, version))
    waiting = _groups_with_work_to_review(project)
    groups = [g for g in measured.groups if g.group_id in waiting][: settings.MODEL_DISAGREEMENT_GROUPS]
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).exists()
        if not ModelVersion.objects.filter(pk=version.pk, is_production=True).exists():
            return None
        return record_model_agreement(
            project=project,
            version_number=version.number,
            computed_at=computed_at,
            annotators=measured.annotators,
            groups=groups,
            measured_groups=measured_groups,
            contradicted_groups=len(measured.groups),
        )


# --- 1. scoring ----------------------------------------------------------------------------------


def annotated_groups(project: Project):
    """Non-gold groups with a submitted or accepted annotation (gold groups are measured against
    their gold ranking instead)."""
    return PromptGroup.objects.filter(project=project, is_gold=False, annotation_count__gt=0)


def score_annotated_groups(*, project: Project, version: ModelVersion) -> int:
    """Score the annotated groups `version` has not scored, a chunk at a time; returns how many
    annotated groups it has scored in all."""
    scored = GroupPrediction.objects.filter(group=OuterRef("pk"), version=version)
    while True:
        groups = list(
            annotated_groups(project).exclude(Exists(scored)).select_related("prompt").order_by("id")[:GROUPS_PER_CHUNK]
        )
        if not groups:
            break
        GroupPrediction.objects.bulk_create(predict_groups(version, groups), ignore_conflicts=True)
    return annotated_groups(project).filter(Exists(scored)).count()


# --- 2. measuring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    annotators: list[AnnotatorAgreement]
    # Groups where the model contradicts at least one comparison, most disagreement first.
    groups: list[DisagreeingGroup]


def agreement_with_model(comparisons, scores: dict[int, dict[str, float]]) -> Measured:
    """`comparisons`: (annotator id, group id, better image id, worse image id) of non-tied
    comparisons; `scores[group id][str(image id)]`: the model's score. Comparisons of an image
    the model has no score for are left out."""
    agreed: dict[int, int] = {}
    compared: dict[int, int] = {}
    group_compared: dict[int, int] = {}
    group_contradicted: dict[int, int] = {}
    group_weight: dict[int, float] = {}
    for annotator_id, group_id, better_id, worse_id in comparisons:
        group_scores = scores.get(group_id, {})
        better, worse = group_scores.get(str(better_id)), group_scores.get(str(worse_id))
        if better is None or worse is None:
            continue
        difference = better - worse
        compared[annotator_id] = compared.get(annotator_id, 0) + 1
        agreed[annotator_id] = agreed.get(annotator_id, 0) + (difference > 0)
        group_compared[group_id] = group_compared.get(group_id, 0) + 1
        if difference < 0:
            group_contradicted[group_id] = group_contradicted.get(group_id, 0) + 1
            group_weight[group_id] = group_weight.get(group_id, 0.0) + math.tanh(-difference / 2)
    groups = [
        DisagreeingGroup(
            group_id=group_id,
            disagreement=group_weight[group_id] / group_compared[group_id],
            contradicted=contradicted,
            compared=group_compared[group_id],
        )
        for group_id, contradicted in group_contradicted.items()
    ]
    groups.sort(key=lambda g: (-g.disagreement, -g.contradicted, g.group_id))
    return Measured(
        annotators=[
            AnnotatorAgreement(annotator_id=a, agreed=agreed[a], compared=compared[a]) for a in sorted(compared)
        ],
        groups=groups,
    )


def _comparisons(project: Project, version: ModelVersion):
    return (
        Comparison.objects.filter(
            project=project,
            is_tie=False,
            annotation__status__in=selectors.TRAINABLE_STATUSES,
            group__is_gold=False,
            group__predictions__version=version,
        )
        .values_list("annotation__annotator_id", "group_id", "better_id", "worse_id")
        .iterator(chunk_size=5000)
    )


def _scores(project: Project, version: ModelVersion) -> dict[int, dict[str, float]]:
    predictions = GroupPrediction.objects.filter(version=version, group__project=project, group__is_gold=False)
    return dict(predictions.values_list("group_id", "scores").iterator(chunk_size=2000))


def _groups_with_work_to_review(project: Project) -> set[int]:
    waiting = Annotation.objects.filter(project=project, status=AnnotationStatus.SUBMITTED)
    return set(waiting.values_list("group_id", flat=True).distinct())


# --- when to measure again -----------------------------------------------------------------------


def is_stale(project: Project, version: ModelVersion) -> bool:
    """Whether the stored figures are missing, of another version, or older than the project's
    newest annotation or review decision."""
    agreement = ModelAgreement.objects.filter(project=project).first()
    if agreement is None or agreement.version_number != version.number:
        return True
    since = agreement.computed_at
    return (
        Annotation.objects.filter(project=project).filter(Q(created_at__gt=since) | Q(reviewed_at__gt=since)).exists()
    )


def projects_needing_measurement() -> list[int]:
    """Projects with a production version whose figures are stale (`is_stale`); a project with a
    training run queued or running waits for it (a promotion measures again anyway)."""
    busy = TrainingRun.objects.filter(project=OuterRef("project"), state__in=ACTIVE_RUN_STATES)
    wanted = []
    for version in ModelVersion.objects.filter(is_production=True).exclude(Exists(busy)).select_related("project"):
        if is_stale(version.project, version):
            wanted.append(version.project_id)
    return wanted
