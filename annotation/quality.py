"""Quality statistics of a project (selectors): how far annotators agree with each other, how
often they match the gold rankings, and per-annotator figures for the quality inspectors.

Agreement is measured on the data that counts: non-rejected annotations (submitted or accepted)
of groups that hold at least two of them. Definitions (shared/reference/peers.md):

- ratings: Krippendorff's alpha, ordinal, per rating dimension; a unit is one image of one
  group, its values the ratings the annotators of the group gave it.
- rankings: for every two annotations of one group, Kendall's tau-b between their slot vectors
  (tau-b counts ties; a pair where either annotator tied everything is undefined and left out);
  the figure is the mean over all such annotation pairs.
- pairwise agreement: over every image pair of a group and every two annotations of it that
  both put the two images in different slots, the share where they prefer the same image.
- majority agreement: for every annotation and every image pair it did not tie, whether it
  prefers the image that the other annotations of the group prefer by majority of their
  non-tied votes (leave-one-out, so with two annotators it is their pairwise agreement; pairs
  where the others have no majority are left out).
- gold accuracy: the mean of Annotation.gold_agreement over annotations of gold groups, of every
  status: gold measures the annotator, and a rejection does not change what they answered.

Per annotator: annotations by status, share rejected, median time spent, gold accuracy, and
their pairwise and majority agreement with the others.

The database does the counting and the JSON extraction; numpy does the rest, batched over
groups of the same shape (annotations x images), so the cost grows with the data, not with a
Python loop per pair (15,000 annotations of 4 images: about 1.3 s, bench/quality_stats.py).

`annotations_for_review` is the reviewers' list (docs/API.md, "Review and quality")."""

from collections import defaultdict
from dataclasses import dataclass

import krippendorff
import numpy as np
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Avg, Count, F, FloatField, OuterRef, Prefetch, Q, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from annotation.models import Annotation, AnnotationStatus, GroupImage, ImageAnnotation, Project

COUNTED = [AnnotationStatus.SUBMITTED, AnnotationStatus.ACCEPTED]


def project_quality(*, project: Project) -> dict:
    """All quality figures of `project`, as the quality endpoint returns them."""
    dimensions = [d for d in project.rating_dimensions if "key" in d]
    judgments = _overlap_judgments(project, [d["key"] for d in dimensions])
    ranking = _ranking_agreement(judgments)
    per_annotator = _annotator_figures(project, ranking)
    return {
        "project": project.pk,
        "annotations": _status_counts(project),
        "overlap": {"groups": judgments.group_count, "annotations": judgments.annotation_count},
        "ratings": [_rating_alpha(judgments, d) for d in dimensions],
        "ranking": {
            "kendall_tau_b": ranking.mean_tau,
            "annotation_pairs": ranking.tau_pairs,
            "pairwise_agreement": _share(ranking.agree.sum(), ranking.compared.sum()),
            # Per annotation, each (image pair, annotation pair) is counted on both sides.
            "compared_pairs": int(ranking.compared.sum()) // 2,
            "majority_agreement": _share(ranking.majority_agree.sum(), ranking.majority_votes.sum()),
            "majority_votes": int(ranking.majority_votes.sum()),
        },
        "gold": _gold_accuracy(project),
        "annotators": per_annotator,
    }


# --- reading the judgments ---------------------------------------------------------------------


@dataclass
class Judgments:
    """One row per (non-rejected annotation, image) on groups with >= 2 such annotations, sorted
    by group, annotation, image. `ratings[key]` holds NaN where a rating is missing."""

    group: np.ndarray
    annotation: np.ndarray
    annotator: np.ndarray
    image: np.ndarray
    slot: np.ndarray
    ratings: dict[str, np.ndarray]

    @property
    def group_count(self) -> int:
        return int(np.unique(self.group).size)

    @property
    def annotation_count(self) -> int:
        return int(np.unique(self.annotation).size)


def _overlap_judgments(project: Project, keys: list[str]) -> Judgments:
    # Two queries, not one with an IN (subquery): the planner misjudges the grouped subquery
    # (e.g. right after a bulk import, before autovacuum's ANALYZE) and picks a nested loop that
    # took 50 s on 15,000 annotations; a literal id list it estimates well.
    overlapping_groups = list(
        Annotation.objects.filter(project=project, status__in=COUNTED)
        .values("group_id")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .values_list("group_id", flat=True)
    )
    rating_columns = {
        f"r{index}": Cast(KeyTextTransform(key, "ratings"), FloatField()) for index, key in enumerate(keys)
    }
    rows = []
    if overlapping_groups:
        query = (
            ImageAnnotation.objects.filter(
                annotation__status__in=COUNTED,
                annotation__group_id__in=overlapping_groups,
            )
            .annotate(group_id=F("annotation__group_id"), annotator_id=F("annotation__annotator_id"), **rating_columns)
            .order_by("group_id", "annotation_id", "image_id")
            .values_list("group_id", "annotation_id", "annotator_id", "image_id", "slot", *rating_columns)
        )
        # Straight from the cursor: Django's per-row converters cost more than the query here.
        with connection.cursor() as cursor:
            cursor.execute(*query.query.sql_with_params())
            rows = cursor.fetchall()
    table = np.array(rows, dtype=float).reshape(-1, 5 + len(keys))
    columns = [table[:, i].astype(np.int64) for i in range(5)]
    return Judgments(*columns, ratings={key: table[:, 5 + i] for i, key in enumerate(keys)})


# --- ratings -------------------------------------------------------------------------------------


def _rating_alpha(judgments: Judgments, dimension: dict) -> dict:
    """Krippendorff's alpha (ordinal) of one rating dimension, from unit x value counts (compact
    however many annotators there are)."""
    low, high = int(dimension.get("min", 1)), int(dimension.get("max", 7))
    values = judgments.ratings[dimension["key"]]
    usable = ~np.isnan(values) & (values >= low) & (values <= high) & (values == np.round(values))
    _, unit = np.unique(_pair_key(judgments.group[usable], judgments.image[usable]), return_inverse=True)
    domain = high - low + 1
    counts = np.zeros((int(unit.max()) + 1 if unit.size else 0, domain))
    np.add.at(counts, (unit, values[usable].astype(np.int64) - low), 1)
    pairable = counts[counts.sum(axis=1) >= 2]
    alpha = None
    # Alpha is undefined without two pairable values that differ somewhere (no expected disagreement).
    if pairable.shape[0] and np.count_nonzero(pairable.sum(axis=0)) >= 2:
        alpha = float(
            krippendorff.alpha(
                value_counts=pairable, value_domain=list(range(low, high + 1)), level_of_measurement="ordinal"
            )
        )
    return {
        "dimension": dimension["key"],
        "label": dimension.get("label", dimension["key"]),
        "alpha": alpha,
        "units": int(pairable.shape[0]),
    }


# --- rankings ------------------------------------------------------------------------------------


@dataclass
class RankingAgreement:
    """Per annotation (aligned with `annotator`): counts of image pairs agreed on and compared with
    each other annotation of the group, and of leave-one-out majority votes agreed with."""

    annotator: np.ndarray
    agree: np.ndarray
    compared: np.ndarray
    majority_agree: np.ndarray
    majority_votes: np.ndarray
    mean_tau: float | None
    tau_pairs: int


def _ranking_agreement(judgments: Judgments) -> RankingAgreement:
    annotators, agree, compared, majority_agree, majority_votes = [], [], [], [], []
    tau_sum, tau_pairs = 0.0, 0
    for slots, who in _groups_by_shape(judgments):
        # signs[g, a, p] = +1 if annotation a of group g puts the first image of pair p in a
        # better (lower) slot, -1 if worse, 0 if tied or not judged.
        i, j = np.triu_indices(slots.shape[2], k=1)
        signs = np.nan_to_num(np.sign(slots[:, :, j] - slots[:, :, i]))
        strict = signs != 0
        both = np.einsum("gap,gbp->gab", strict.astype(float), strict.astype(float))
        same = np.einsum("gap,gbp->gab", signs, signs)  # concordant - discordant
        agreed = (both + same) / 2
        off_diagonal = ~np.eye(slots.shape[1], dtype=bool)
        agree.append((agreed * off_diagonal).sum(axis=2).ravel())
        compared.append((both * off_diagonal).sum(axis=2).ravel())

        # Kendall's tau-b = (concordant - discordant) / sqrt(untied in x * untied in y).
        untied = strict.sum(axis=2).astype(float)
        denominator = np.sqrt(untied[:, :, None] * untied[:, None, :])
        upper = np.triu(np.ones(off_diagonal.shape, dtype=bool), k=1) & (denominator > 0)
        tau_sum += float((same[upper] / denominator[upper]).sum())
        tau_pairs += int(upper.sum())

        others = signs.sum(axis=1, keepdims=True) - signs
        votes = strict & (others != 0)
        majority_agree.append((votes & (np.sign(others) == signs)).sum(axis=2).ravel())
        majority_votes.append(votes.sum(axis=2).ravel())
        annotators.append(who.ravel())

    def joined(parts, dtype=float):
        return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

    return RankingAgreement(
        annotator=joined(annotators, np.int64),
        agree=joined(agree),
        compared=joined(compared),
        majority_agree=joined(majority_agree),
        majority_votes=joined(majority_votes),
        mean_tau=tau_sum / tau_pairs if tau_pairs else None,
        tau_pairs=tau_pairs,
    )


def _groups_by_shape(judgments: Judgments):
    """Yield (slots, annotators) per shape: slots[g, a, i] is the slot that annotation a of group g
    gave to image i (NaN where it did not judge it), annotators[g, a] its annotator id. Groups
    with the same number of annotations and images are stacked into one array."""
    if judgments.group.size == 0:
        return
    # Position of every row's group, of its annotation within the group, of its image within the group.
    group_starts = np.flatnonzero(np.r_[True, judgments.group[1:] != judgments.group[:-1]])
    group_index = np.cumsum(np.r_[True, judgments.group[1:] != judgments.group[:-1]]) - 1
    new_annotation = np.r_[True, judgments.annotation[1:] != judgments.annotation[:-1]]
    annotation_rank = np.cumsum(new_annotation) - 1
    annotation_in_group = annotation_rank - annotation_rank[group_starts][group_index]
    _, image_code = np.unique(_pair_key(judgments.group, judgments.image), return_inverse=True)
    image_in_group = image_code - np.minimum.reduceat(image_code, group_starts)[group_index]

    annotations_per_group = np.bincount(group_index, weights=new_annotation).astype(np.int64)
    images_per_group = np.maximum.reduceat(image_in_group, group_starts) + 1
    shapes = defaultdict(list)
    for g, shape in enumerate(zip(annotations_per_group.tolist(), images_per_group.tolist())):
        shapes[shape].append(g)
    for (m, k), members in shapes.items():
        members = np.asarray(members)
        position = np.full(group_starts.size, -1)
        position[members] = np.arange(members.size)
        rows = position[group_index] >= 0
        slots = np.full((members.size, m, k), np.nan)
        slots[position[group_index[rows]], annotation_in_group[rows], image_in_group[rows]] = judgments.slot[rows]
        who = np.zeros((members.size, m), dtype=np.int64)
        who[position[group_index[rows]], annotation_in_group[rows]] = judgments.annotator[rows]
        yield slots, who


def _pair_key(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One int64 per (first, second) pair that sorts like the pair (ids are far below 2**31)."""
    return first.astype(np.int64) * (int(second.max(initial=0)) + 1) + second


# --- counts, gold, per annotator --------------------------------------------------------------


def _status_counts(project: Project) -> dict:
    counts = dict(Annotation.objects.filter(project=project).values_list("status").annotate(n=Count("id")).order_by())
    by_status = {status.value: counts.get(status.value, 0) for status in AnnotationStatus}
    return {"total": sum(by_status.values()), **by_status}


def _gold_accuracy(project: Project) -> dict:
    gold = Annotation.objects.filter(project=project, group__is_gold=True, gold_agreement__isnull=False)
    figures = gold.aggregate(accuracy=Avg("gold_agreement"), annotations=Count("id"))
    return {"accuracy": figures["accuracy"], "annotations": figures["annotations"]}


def _annotator_figures(project: Project, ranking: RankingAgreement) -> list[dict]:
    gold = Q(group__is_gold=True, gold_agreement__isnull=False)
    rows = list(
        Annotation.objects.filter(project=project)
        .values("annotator_id")
        .annotate(
            annotations=Count("id"),
            submitted=Count("id", filter=Q(status=AnnotationStatus.SUBMITTED)),
            accepted=Count("id", filter=Q(status=AnnotationStatus.ACCEPTED)),
            rejected=Count("id", filter=Q(status=AnnotationStatus.REJECTED)),
            gold_annotations=Count("id", filter=gold),
            gold_accuracy=Avg("gold_agreement", filter=gold),
        )
        .order_by("annotator_id")
    )
    times = np.array(
        list(Annotation.objects.filter(project=project).values_list("annotator_id", "time_spent_ms")), dtype=np.int64
    ).reshape(-1, 2)
    times = times[np.argsort(times[:, 0], kind="stable")]
    ids, starts = np.unique(times[:, 0], return_index=True)
    medians = {int(i): float(np.median(chunk)) for i, chunk in zip(ids, np.split(times[:, 1], starts[1:]))}
    usernames = dict(
        get_user_model().objects.filter(pk__in=[row["annotator_id"] for row in rows]).values_list("pk", "username")
    )

    def per_annotator(values):
        sums = defaultdict(float)
        for who, value in zip(ranking.annotator.tolist(), values.tolist()):
            sums[who] += value
        return sums

    agree, compared = per_annotator(ranking.agree), per_annotator(ranking.compared)
    majority_agree, majority_votes = per_annotator(ranking.majority_agree), per_annotator(ranking.majority_votes)
    return [
        {
            "id": row["annotator_id"],
            "username": usernames.get(row["annotator_id"], ""),
            "annotations": row["annotations"],
            "submitted": row["submitted"],
            "accepted": row["accepted"],
            "rejected": row["rejected"],
            "share_rejected": _share(row["rejected"], row["annotations"]),
            "median_time_spent_ms": medians.get(row["annotator_id"]),
            "gold_annotations": row["gold_annotations"],
            "gold_accuracy": row["gold_accuracy"],
            "pairwise_agreement": _share(agree[row["annotator_id"]], compared[row["annotator_id"]]),
            "compared_pairs": int(compared[row["annotator_id"]]),
            "majority_agreement": _share(majority_agree[row["annotator_id"]], majority_votes[row["annotator_id"]]),
            "majority_votes": int(majority_votes[row["annotator_id"]]),
        }
        for row in rows
    ]


def _share(part, whole) -> float | None:
    return float(part) / float(whole) if whole else None


# --- the review list ------------------------------------------------------------------------------


def annotations_for_review(
    *, project: Project, status: str | None = None, annotator_id: int | None = None, group_id: int | None = None
):
    """The project's annotations, newest first, with what a reviewer looks at: the group's prompt,
    the annotator, and per image (in the group's order) its ratings, flags and slot."""
    position = GroupImage.objects.filter(group_id=OuterRef("annotation__group_id"), image_id=OuterRef("image_id"))
    judgments = (
        ImageAnnotation.objects.select_related("image")
        .annotate(position=Subquery(position.values("position")[:1]))
        .order_by("position", "image_id")
    )
    annotations = (
        Annotation.objects.filter(project=project)
        .select_related("group__prompt", "annotator", "reviewed_by")
        .prefetch_related(Prefetch("image_annotations", queryset=judgments))
        .order_by("-created_at", "-id")
    )
    if status:
        annotations = annotations.filter(status=status)
    if annotator_id:
        annotations = annotations.filter(annotator_id=annotator_id)
    if group_id:
        annotations = annotations.filter(group_id=group_id)
    return annotations
