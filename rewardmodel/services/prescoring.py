"""Pre-scoring open prompt groups with the production version, and ordering the annotation
queue by how unsure the model is.

A group's uncertainty is the mean over its image pairs of 4 p (1 - p), p = sigmoid(s_i - s_j)
on normalised scores: 1 when the model cannot tell any two images apart, towards 0 when it
orders every pair confidently. Where the project asks for it, the group's priority becomes
round(1000 * uncertainty), and the assignment queue (ordered by -priority after started groups)
offers the groups the model is least sure about first: the labels that teach it most. Gold
groups keep their priority."""

import math
from itertools import combinations

from django.db import transaction
from django.db.models import Exists, F, OuterRef

from annotation.models import GroupImage, Project, PromptGroup

from .. import scoring, selectors
from ..models import GroupPrediction, ModelVersion, ProjectModelSettings

GROUPS_PER_CHUNK = 32
PRIORITY_SCALE = 1000


def uncertainty(scores: list[float]) -> float:
    pairs = list(combinations(scores, 2))
    if not pairs:
        return 0.0
    total = 0.0
    for a, b in pairs:
        p = 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, a - b))))
        total += 4.0 * p * (1.0 - p)
    return total / len(pairs)


def open_groups(project: Project):
    """Groups with a free place, gold excluded."""
    return PromptGroup.objects.filter(
        project=project, is_gold=False, annotation_count__lt=F("annotations_needed") - F("lease_count")
    )


def unscored_open_groups(project: Project, version: ModelVersion):
    scored = GroupPrediction.objects.filter(group=OuterRef("pk"), version=version)
    return open_groups(project).exclude(Exists(scored)).order_by("id")


def projects_needing_prescoring() -> list[int]:
    """Projects that order their queue by uncertainty and have open groups their production
    version has not scored yet."""
    wanted = []
    for project_id in ProjectModelSettings.objects.filter(order_queue_by_uncertainty=True).values_list(
        "project_id", flat=True
    ):
        project = Project.objects.get(pk=project_id)
        version = selectors.production_version(project)
        if version is not None and unscored_open_groups(project, version).exists():
            wanted.append(project_id)
    return wanted


def prescore_open_groups(*, project: Project, limit: int | None = None) -> int:
    """Score the open groups the production version has not scored yet (in chunks, one
    transaction each) and, if the project orders its queue by uncertainty, set their
    priorities. Returns the number of groups scored."""
    version = selectors.production_version(project)
    if version is None:
        return 0
    order_queue = ProjectModelSettings.objects.filter(project=project, order_queue_by_uncertainty=True).exists()
    done = 0
    while limit is None or done < limit:
        take = GROUPS_PER_CHUNK if limit is None else min(GROUPS_PER_CHUNK, limit - done)
        groups = list(unscored_open_groups(project, version).select_related("prompt")[:take])
        if not groups:
            break
        _score_chunk(version, groups, order_queue=order_queue)
        done += len(groups)
    return done


def _score_chunk(version: ModelVersion, groups: list[PromptGroup], *, order_queue: bool) -> None:
    predictions = predict_groups(version, groups)
    with transaction.atomic():
        GroupPrediction.objects.bulk_create(predictions, ignore_conflicts=True)
        if order_queue:
            for group, prediction in zip(groups, predictions):
                group.priority = round(PRIORITY_SCALE * prediction.uncertainty)
            PromptGroup.objects.bulk_update(groups, ["priority"])


def predict_groups(version: ModelVersion, groups: list[PromptGroup]) -> list[GroupPrediction]:
    """`version`'s scores of the images of `groups` (their prompts selected), one unsaved
    prediction per group in the order given."""
    members = GroupImage.objects.filter(group__in=groups).select_related("image").order_by("group_id", "position")
    images_of: dict[int, list] = {}
    for member in members:
        images_of.setdefault(member.group_id, []).append(member.image)
    prompts, paths, owners = [], [], []
    for group in groups:
        for image in images_of.get(group.id, []):
            prompts.append(group.prompt.text)
            paths.append(scoring.image_source(image))
            owners.append((group.id, image.id))
    scores = scoring.score_images(version, prompts, paths)
    by_group: dict[int, dict[str, float]] = {}
    for (group_id, image_id), score in zip(owners, scores):
        by_group.setdefault(group_id, {})[str(image_id)] = score
    return [
        GroupPrediction(
            group=group,
            version=version,
            scores=by_group.get(group.id, {}),
            uncertainty=uncertainty(list(by_group.get(group.id, {}).values())),
        )
        for group in groups
    ]
