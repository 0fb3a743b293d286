"""Reads for the loop: the rankings a run trains and evaluates on, how many new comparisons a
project has, versions, runs, the learning curve, and where a ReFL bundle lives."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Max

from annotation.exports.files import project_folder
from annotation.models import (
    AnnotationStatus,
    Comparison,
    DatasetSnapshot,
    GroupImage,
    ImageAnnotation,
    ModelDisagreement,
    Project,
    PromptGroup,
)

from .models import ACTIVE_RUN_STATES, GroupPrediction, ModelVersion, Promotion, TrainingRun, VersionStatus

# Rejected annotations give their place back for relabelling; they are not data.
TRAINABLE_STATUSES = (AnnotationStatus.SUBMITTED, AnnotationStatus.ACCEPTED)


@dataclass(frozen=True)
class AnnotationRanking:
    """One annotation's ranking of one prompt group, as the reference training format has it."""

    annotation_id: int
    group_id: int
    prompt: str
    image_ids: tuple[int, ...]
    image_files: tuple[str, ...]  # storage names
    ranking: tuple[int, ...]  # slot per image, 1 = best; equal slots are ties


def ranked_annotations(project: Project, *, until: datetime) -> list[AnnotationRanking]:
    """Every trainable annotation of the project created up to `until`, in annotation order."""
    rows = (
        ImageAnnotation.objects.filter(
            annotation__project=project,
            annotation__status__in=TRAINABLE_STATUSES,
            annotation__created_at__lte=until,
        )
        .order_by("annotation_id", "image_id")
        .values_list(
            "annotation_id",
            "annotation__group_id",
            "annotation__group__prompt__text",
            "image_id",
            "image__file",
            "slot",
        )
    )
    groups: list[AnnotationRanking] = []
    current: dict | None = None
    for annotation_id, group_id, prompt, image_id, image_file, slot in rows.iterator(chunk_size=5000):
        if current is None or current["annotation_id"] != annotation_id:
            if current is not None:
                groups.append(_ranked(current))
            current = {
                "annotation_id": annotation_id,
                "group_id": group_id,
                "prompt": prompt,
                "image_ids": [],
                "image_files": [],
                "ranking": [],
            }
        current["image_ids"].append(image_id)
        current["image_files"].append(image_file)
        current["ranking"].append(slot)
    if current is not None:
        groups.append(_ranked(current))
    return groups


def _ranked(row: dict) -> AnnotationRanking:
    return AnnotationRanking(
        annotation_id=row["annotation_id"],
        group_id=row["group_id"],
        prompt=row["prompt"],
        image_ids=tuple(row["image_ids"]),
        image_files=tuple(row["image_files"]),
        ranking=tuple(row["ranking"]),
    )


def last_run(project: Project) -> TrainingRun | None:
    return TrainingRun.objects.filter(project=project).order_by("-queued_at", "-id").first()


def active_run(project: Project) -> TrainingRun | None:
    return TrainingRun.objects.filter(project=project, state__in=ACTIVE_RUN_STATES).first()


def new_comparisons(project: Project) -> int:
    """Non-tied comparisons of trainable annotations made after the last run read its data (all
    of them before the first run). A failed run counts as a run: its data waits for the next
    threshold or a manual retrain, so a failing setup does not retrain on every submission."""
    comparisons = Comparison.objects.filter(project=project, is_tie=False, annotation__status__in=TRAINABLE_STATUSES)
    previous = last_run(project)
    if previous is not None:
        comparisons = comparisons.filter(created_at__gt=previous.data_cutoff or previous.queued_at)
    return comparisons.count()


def production_version(project: Project) -> ModelVersion | None:
    return ModelVersion.objects.filter(project=project, is_production=True).first()


def group_model_scores(project: Project, group: PromptGroup) -> dict:
    """What the review screen shows of the production model beside a group's judgments: its
    stored scores of the group's images (group order; empty when it has not scored the group:
    gold groups, or work newer than its last measurement), and the group's place among the
    groups where it disagrees most with the labelers (None when it is not one of them)."""
    version = production_version(project)
    prediction = GroupPrediction.objects.filter(group=group, version=version).first() if version else None
    scores = prediction.scores if prediction else {}
    members = GroupImage.objects.filter(group=group).order_by("position").values_list("image_id", "position")
    return {
        "version": version,
        "scored_at": prediction.created_at if prediction else None,
        "uncertainty": prediction.uncertainty if prediction else None,
        "scores": [
            {"image_id": image_id, "position": position, "score": scores[str(image_id)]}
            for image_id, position in members
            if str(image_id) in scores
        ],
        "disagreement": ModelDisagreement.objects.filter(project=project, group=group).first() if version else None,
    }


def versions_of(project: Project):
    return ModelVersion.objects.filter(project=project).select_related("run").order_by("-number")


def runs_of(project: Project):
    return TrainingRun.objects.filter(project=project).order_by("-queued_at", "-id")


def promotions_of(project: Project):
    return (
        Promotion.objects.filter(project=project)
        .select_related("version", "previous", "by")
        .order_by("-created_at", "-id")
    )


def learning_curve(project: Project) -> list[dict]:
    """Held-out preference accuracy against the number of training comparisons, one point per
    ready version, in training order."""
    points = []
    for version in ModelVersion.objects.filter(project=project, status=VersionStatus.READY).order_by("number"):
        points.append(
            {
                "version": version.id,
                "number": version.number,
                "train_pairs": version.counts.get("train_pairs", 0),
                "comparisons": version.counts.get("comparisons", 0),
                "preference_accuracy": version.metrics.get("preference_accuracy"),
                "held_out_pairs": version.metrics.get("n_pairs") or 0,
                "is_production": version.is_production,
                "ready_at": version.ready_at,
            }
        )
    return points


def next_version_number(project: Project) -> int:
    return (ModelVersion.objects.filter(project=project).aggregate(n=Max("number"))["n"] or 0) + 1


def refl_bundle_root(snapshot: DatasetSnapshot) -> Path:
    # By the project's id, not its slug: a slug can pass to another project. Bundles built
    # under the old slug-named folders are not looked for: building one again gives its bytes.
    return project_folder(Path(settings.EXPORT_ROOT), snapshot.project_id) / "refl"


def refl_bundle_name(snapshot: DatasetSnapshot, model_label: str) -> str:
    return f"snapshot-v{snapshot.version}-model-{model_label}"
