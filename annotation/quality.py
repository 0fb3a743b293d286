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

- flags: Fleiss' kappa of flagged / not flagged, per flag and for "any flag"; a unit is one image
  of one group (image flags) or one group (prompt flags), its raters the annotations judging it
  (units may have different numbers of raters: the generalised form, P_i over n_i raters).
- the annotator-pair matrix: pairwise agreement of every two annotators over the groups both did.
- windows: the agreement figures and gold accuracy per day and per week of the annotations' dates.

Per annotator: annotations by status, share rejected, median time spent, gold accuracy and rolling
gold accuracy (their last `project.gold_window` gold annotations), their pairwise and majority
agreement with the others, and habits over all their counted work: tie rate (image pairs put in
one slot), flag rate (images flagged), straight-lining (annotations rating every image alike).
The outlier rules that read these figures are in annotation/quality_rules.py.

The database does the counting and the JSON extraction; numpy does the rest, batched over
groups of the same shape (annotations x images), so the cost grows with the data, not with a
Python loop per pair (bench/quality_stats.py measures it at ImageReward's size).

`annotations_for_review` is the reviewers' list (docs/API.md, "Review and quality"), `review_queue`
what waits for a review and why. The production reward model's agreement with each annotator and
the groups where it disagrees most are measured on the reward-model side and stored
(annotation.models.ModelAgreement); `model_agreement_of` and `with_model_agreement` read them."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import krippendorff
import numpy as np
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Mod, TruncDate

from annotation.models import (
    Annotation,
    AnnotationStatus,
    AnnotatorPause,
    GroupImage,
    ImageAnnotation,
    ModelAgreement,
    ModelDisagreement,
    Project,
    QualityReport,
    ReviewDecision,
)
from annotation.quality_rules import flag_outliers

COUNTED = [AnnotationStatus.SUBMITTED, AnnotationStatus.ACCEPTED]


def project_quality(*, project: Project) -> dict:
    """All quality figures of `project`, as the quality endpoint returns them."""
    dimensions = [d for d in project.rating_dimensions if "key" in d]
    counted = _counted_judgments(project, [d["key"] for d in dimensions])
    judgments = counted.overlapping()
    ranking = _ranking_agreement(judgments)
    per_annotator = _annotator_figures(project, ranking)
    habits = _habits(counted, [d["key"] for d in dimensions])
    rolling_gold = _rolling_gold_accuracy(project, window=project.gold_window)
    for row in per_annotator:
        row.update(habits.get(row["id"], _NO_HABITS))
        row["rolling_gold_accuracy"], row["rolling_gold_annotations"] = rolling_gold.get(row["id"], (None, 0))
    figures = {
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
        "flags": {
            "image": _fleiss_flags(
                _pair_key(judgments.group, judgments.image), judgments.flags, _labels(project.image_flags)
            ),
            "prompt": _prompt_flag_kappa(project, judgments),
        },
        "pairs": _pair_matrix(ranking),
        "windows": _windows(project, ranking),
        "annotators": per_annotator,
    }
    figures["project_habits"] = _project_habits(counted, per_annotator)
    flag_outliers(figures, project=project)
    return figures


# --- reading the judgments ---------------------------------------------------------------------


@dataclass
class Judgments:
    """One row per (non-rejected annotation, image), sorted by group, annotation, image.
    `ratings[key]` holds NaN where a rating is missing; `flags[row, i]` whether the image carries
    the project's i-th image flag, the last column whether it carries any flag at all."""

    group: np.ndarray
    annotation: np.ndarray
    annotator: np.ndarray
    image: np.ndarray
    slot: np.ndarray
    ratings: dict[str, np.ndarray]
    flags: np.ndarray

    @property
    def group_count(self) -> int:
        return int(np.unique(self.group).size)

    @property
    def annotation_count(self) -> int:
        return int(np.unique(self.annotation).size)

    def overlapping(self) -> "Judgments":
        """The rows of groups with at least two such annotations: the data agreement is measured on."""
        if self.group.size == 0:
            return self
        new_annotation = np.r_[True, self.annotation[1:] != self.annotation[:-1]]
        groups, inverse = np.unique(self.group, return_inverse=True)
        per_group = np.bincount(inverse, weights=new_annotation)
        keep = per_group[inverse] >= 2
        return Judgments(
            group=self.group[keep],
            annotation=self.annotation[keep],
            annotator=self.annotator[keep],
            image=self.image[keep],
            slot=self.slot[keep],
            ratings={key: values[keep] for key, values in self.ratings.items()},
            flags=self.flags[keep],
        )


def _counted_judgments(project: Project, keys: list[str]) -> Judgments:
    rating_columns = {
        f"r{index}": Cast(KeyTextTransform(key, "ratings"), FloatField()) for index, key in enumerate(keys)
    }
    counted = ImageAnnotation.objects.filter(annotation__project=project, annotation__status__in=COUNTED)
    query = (
        counted.annotate(
            group_id=F("annotation__group_id"), annotator_id=F("annotation__annotator_id"), **rating_columns
        )
        .order_by("group_id", "annotation_id", "image_id")
        .values_list("group_id", "annotation_id", "annotator_id", "image_id", "slot", *rating_columns)
    )
    # Straight from the cursor: Django's per-row converters cost more than the query here.
    with connection.cursor() as cursor:
        cursor.execute(*query.query.sql_with_params())
        rows = cursor.fetchall()
    table = np.array(rows, dtype=float).reshape(-1, 5 + len(keys))
    columns = [table[:, i].astype(np.int64) for i in range(5)]
    flags = _flag_matrix(
        counted.exclude(flags=[]).values_list("annotation_id", "image_id", "flags"),
        rows=(columns[1], columns[3]),
        labels=_labels(project.image_flags),
    )
    return Judgments(*columns, ratings={key: table[:, 5 + i] for i, key in enumerate(keys)}, flags=flags)


def _flag_matrix(flagged, *, rows: tuple[np.ndarray, np.ndarray], labels: list[str]) -> np.ndarray:
    """rows x (labels + "any") booleans from the few (first id, second id, flags) that carry flags:
    most judgments carry none, so only those are read and parsed."""
    first, second = rows
    matrix = np.zeros((first.size, len(labels) + 1), dtype=bool)
    flagged = list(flagged)
    if not flagged or first.size == 0:
        return matrix
    column = {label: i for i, label in enumerate(labels)}
    base = int(max(second.max(), max(f[1] for f in flagged))) + 1
    keys = first * base + second
    order = np.argsort(keys, kind="stable")
    wanted = np.array([f[0] * base + f[1] for f in flagged], dtype=np.int64)
    found = np.searchsorted(keys[order], wanted)
    found = np.minimum(found, keys.size - 1)
    for (_, _, labels_given), at, key in zip(flagged, found.tolist(), wanted.tolist()):
        if keys[order[at]] != key:
            continue  # a judgment outside these rows
        row = order[at]
        matrix[row, -1] = True
        for label in labels_given or ():
            if label in column:
                matrix[row, column[label]] = True
    return matrix


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
    annotation: np.ndarray
    agree: np.ndarray
    compared: np.ndarray
    majority_agree: np.ndarray
    majority_votes: np.ndarray
    mean_tau: float | None
    tau_pairs: int
    # One entry per ordered pair of annotations of a group: their annotators, image pairs agreed on, compared.
    pair_first: np.ndarray
    pair_second: np.ndarray
    pair_agree: np.ndarray
    pair_compared: np.ndarray


def _ranking_agreement(judgments: Judgments) -> RankingAgreement:
    annotators, annotations, agree, compared, majority_agree, majority_votes = [], [], [], [], [], []
    pair_first, pair_second, pair_agree, pair_compared = [], [], [], []
    tau_sum, tau_pairs = 0.0, 0
    for slots, who, ids in _groups_by_shape(judgments):
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
        pairs = np.broadcast_to(off_diagonal, both.shape)
        pair_first.append(np.broadcast_to(who[:, :, None], both.shape)[pairs])
        pair_second.append(np.broadcast_to(who[:, None, :], both.shape)[pairs])
        pair_agree.append(agreed[pairs])
        pair_compared.append(both[pairs])

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
        annotations.append(ids.ravel())

    def joined(parts, dtype=float):
        return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

    return RankingAgreement(
        annotator=joined(annotators, np.int64),
        annotation=joined(annotations, np.int64),
        agree=joined(agree),
        compared=joined(compared),
        majority_agree=joined(majority_agree),
        majority_votes=joined(majority_votes),
        mean_tau=tau_sum / tau_pairs if tau_pairs else None,
        tau_pairs=tau_pairs,
        pair_first=joined(pair_first, np.int64),
        pair_second=joined(pair_second, np.int64),
        pair_agree=joined(pair_agree),
        pair_compared=joined(pair_compared),
    )


def _groups_by_shape(judgments: Judgments):
    """Yield (slots, annotators, annotations) per shape: slots[g, a, i] is the slot that annotation a
    of group g gave to image i (NaN where it did not judge it), annotators[g, a] its annotator id,
    annotations[g, a] its id. Groups
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
        ids = np.zeros((members.size, m), dtype=np.int64)
        ids[position[group_index[rows]], annotation_in_group[rows]] = judgments.annotation[rows]
        yield slots, who, ids


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


# --- habits: ties, flags, straight-lining (on all counted annotations) --------------------------

_NO_HABITS = {"tie_rate": None, "flag_rate": None, "straight_lining": None, "judged_pairs": 0, "judged_images": 0}


def _habits(counted: Judgments, keys: list[str]) -> dict[int, dict]:
    """Per annotator: the share of image pairs they tied, of images they flagged, and of
    annotations they straight-lined (every rated dimension one value on all of at least
    STRAIGHT_LINE_IMAGES images)."""
    if counted.annotation.size == 0:
        return {}
    starts = np.flatnonzero(np.r_[True, counted.annotation[1:] != counted.annotation[:-1]])
    who = counted.annotator[starts]
    images = np.diff(np.r_[starts, counted.annotation.size])
    # Tied pairs: per (annotation, slot) c images give c(c-1)/2 ties.
    _, first_row, slot_sizes = np.unique(
        _pair_key(counted.annotation, counted.slot), return_index=True, return_counts=True
    )
    slot_owner = counted.annotator[first_row]
    flagged = counted.flags[:, -1]

    straight = np.zeros(starts.size, dtype=bool)
    rated_any = np.zeros(starts.size, dtype=bool)
    for key in keys:
        values = counted.ratings[key]
        rated = np.add.reduceat((~np.isnan(values)).astype(np.int64), starts)
        high = np.fmax.reduceat(values, starts)
        low = np.fmin.reduceat(values, starts)
        usable = rated >= STRAIGHT_LINE_IMAGES
        same = usable & (high == low)
        straight = np.where(usable, (straight | ~rated_any) & same, straight)
        rated_any |= usable

    annotators, index = np.unique(who, return_inverse=True)
    position = {int(a): i for i, a in enumerate(annotators)}
    pairs = np.bincount(index, weights=images * (images - 1) / 2, minlength=annotators.size)
    ties = np.zeros(annotators.size)
    np.add.at(ties, [position[int(a)] for a in slot_owner], slot_sizes * (slot_sizes - 1) / 2)
    image_counts = np.bincount(index, weights=images, minlength=annotators.size)
    flag_counts = np.zeros(annotators.size)
    np.add.at(flag_counts, [position[int(a)] for a in counted.annotator[flagged]], 1)
    straight_counts = np.bincount(index, weights=straight, minlength=annotators.size)
    lined = np.bincount(index, weights=rated_any, minlength=annotators.size)
    return {
        int(a): {
            "tie_rate": _share(ties[i], pairs[i]),
            "flag_rate": _share(flag_counts[i], image_counts[i]),
            "straight_lining": _share(straight_counts[i], lined[i]),
            "judged_pairs": int(pairs[i]),
            "judged_images": int(image_counts[i]),
        }
        for i, a in enumerate(annotators.tolist())
    }


STRAIGHT_LINE_IMAGES = 3


def _project_habits(counted: Judgments, per_annotator: list[dict]) -> dict:
    """The project's own rates, the reference the outlier rules compare each annotator with."""

    def pooled(rate, weight):
        rows = [r for r in per_annotator if r.get(rate) is not None]
        return _share(sum(r[rate] * r[weight] for r in rows), sum(r[weight] for r in rows))

    times = [r["median_time_spent_ms"] for r in per_annotator if r["median_time_spent_ms"] is not None]
    return {
        "median_time_spent_ms": float(np.median(times)) if times else None,
        "tie_rate": pooled("tie_rate", "judged_pairs"),
        "flag_rate": pooled("flag_rate", "judged_images"),
        "majority_agreement": pooled("majority_agreement", "majority_votes"),
    }


# --- gold over the last K gold groups ------------------------------------------------------------


def _rolling_gold_accuracy(project: Project, *, window: int) -> dict[int, tuple[float, int]]:
    """Per annotator: the mean gold agreement of their last `window` gold annotations, and how many."""
    rows = (
        Annotation.objects.filter(project=project, group__is_gold=True, gold_agreement__isnull=False)
        .order_by("annotator_id", "-created_at", "-id")
        .values_list("annotator_id", "gold_agreement")
    )
    recent = defaultdict(list)
    for who, agreement in rows.iterator(chunk_size=5000):
        if len(recent[who]) < window:
            recent[who].append(agreement)
    return {who: (float(np.mean(values)), len(values)) for who, values in recent.items()}


# --- flags: Fleiss' kappa ----------------------------------------------------------------------


def _labels(labels) -> list[str]:
    return [label if isinstance(label, str) else label.get("key", "") for label in labels or []]


def fleiss_kappa(counts: np.ndarray) -> float | None:
    """Fleiss' kappa of a units x categories count matrix; units may have different numbers of
    raters (at least two each). None where it is undefined (one category only)."""
    counts = counts[counts.sum(axis=1) >= 2]
    if counts.shape[0] == 0:
        return None
    raters = counts.sum(axis=1)
    observed = ((counts * (counts - 1)).sum(axis=1) / (raters * (raters - 1))).mean()
    shares = counts.sum(axis=0) / raters.sum()
    expected = float((shares**2).sum())
    if expected >= 1.0 - 1e-12:
        return None
    return float((observed - expected) / (1.0 - expected))


def _fleiss_flags(units: np.ndarray, flags: np.ndarray, labels: list[str]) -> list[dict]:
    """Per flag (and for "any flag"): Fleiss' kappa of flagged / not flagged over the units (one
    image of a group, or one group) that at least two annotations judged. `units[r]` is the unit
    of judgment r, `flags[r]` its row of the flag matrix (_flag_matrix)."""
    _, unit = np.unique(units, return_inverse=True)
    raters_per_unit = np.bincount(unit) if unit.size else np.zeros(0, dtype=np.int64)
    results = []
    for index, label in enumerate([*labels, "any"]):
        yes = flags[:, index]
        flagged = np.bincount(unit[yes], minlength=raters_per_unit.size)
        counts = np.stack([flagged, raters_per_unit - flagged], axis=1)
        results.append(
            {
                "flag": label,
                "kappa": fleiss_kappa(counts),
                "units": int((raters_per_unit >= 2).sum()),
                "flagged": int(yes.sum()),
            }
        )
    return results


def _prompt_flag_kappa(project: Project, judgments: Judgments) -> list[dict]:
    """Units are groups, one judgment per annotation of the overlapping groups."""
    starts = np.flatnonzero(np.r_[True, judgments.annotation[1:] != judgments.annotation[:-1]])[
        : judgments.annotation.size
    ]
    annotations, groups = judgments.annotation[starts], judgments.group[starts]
    flagged = Annotation.objects.filter(project=project, status__in=COUNTED).exclude(prompt_flags=[])
    flags = _flag_matrix(
        flagged.values_list("id", "group_id", "prompt_flags"),
        rows=(annotations, groups),
        labels=_labels(project.prompt_flags),
    )
    return _fleiss_flags(groups, flags, _labels(project.prompt_flags))


# --- who agrees with whom, and over time -------------------------------------------------------


def _pair_matrix(ranking: RankingAgreement) -> list[dict]:
    """Pairwise agreement per pair of annotators (first id < second id) over the groups they shared."""
    if ranking.pair_first.size == 0:
        return []
    keep = ranking.pair_first < ranking.pair_second
    keys = _pair_key(ranking.pair_first[keep], ranking.pair_second[keep])
    unique, first_index, inverse = np.unique(keys, return_index=True, return_inverse=True)
    agree = np.bincount(inverse, weights=ranking.pair_agree[keep])
    compared = np.bincount(inverse, weights=ranking.pair_compared[keep])
    # Each group shared counts one entry per ordered pair kept.
    shared = np.bincount(inverse)
    first, second = ranking.pair_first[keep][first_index], ranking.pair_second[keep][first_index]
    return [
        {
            "first": int(first[i]),
            "second": int(second[i]),
            "groups": int(shared[i]),
            "compared_pairs": int(compared[i]),
            "pairwise_agreement": _share(agree[i], compared[i]),
        }
        for i in range(unique.size)
    ]


def _sums(index: np.ndarray, size: int, weights: np.ndarray) -> np.ndarray:
    return np.bincount(index, weights=weights, minlength=size)


def _windows(project: Project, ranking: RankingAgreement) -> dict:
    """Agreement and gold accuracy per day and per week (weeks start on Monday), by the day each
    annotation was made; per annotator, the weekly majority agreement (their trend)."""
    counted = Annotation.objects.filter(project=project, status__in=COUNTED)
    days = np.array(
        [(pk, day.toordinal()) for pk, day in counted.values_list("id", TruncDate("created_at"))], dtype=np.int64
    ).reshape(-1, 2)
    days = days[np.argsort(days[:, 0])]
    day_of = days[np.minimum(np.searchsorted(days[:, 0], ranking.annotation), max(len(days) - 1, 0)), 1]
    gold = np.array(
        [
            (day.toordinal(), agreement)
            for day, agreement in Annotation.objects.filter(
                project=project, group__is_gold=True, gold_agreement__isnull=False
            ).values_list(TruncDate("created_at"), "gold_agreement")
        ],
        dtype=float,
    ).reshape(-1, 2)
    gold_day = gold[:, 0].astype(np.int64)

    def week(ordinals):
        return ordinals - (ordinals - 1) % 7  # ordinal 1 (0001-01-01) is a Monday

    result = {}
    for name, bucket in (("daily", lambda o: o), ("weekly", week)):
        starts, inverse = np.unique(np.r_[bucket(day_of), bucket(gold_day)], return_inverse=True)
        ours, theirs = inverse[: day_of.size], inverse[day_of.size :]

        agree, compared = _sums(ours, starts.size, ranking.agree), _sums(ours, starts.size, ranking.compared)
        m_agree = _sums(ours, starts.size, ranking.majority_agree)
        m_votes = _sums(ours, starts.size, ranking.majority_votes)
        gold_sum, gold_count = _sums(theirs, starts.size, gold[:, 1]), _sums(theirs, starts.size, np.ones(theirs.size))
        result[name] = [
            {
                "start": date.fromordinal(int(start)).isoformat(),
                "pairwise_agreement": _share(agree[i], compared[i]),
                "compared_pairs": int(compared[i]) // 2,
                "majority_agreement": _share(m_agree[i], m_votes[i]),
                "majority_votes": int(m_votes[i]),
                "gold_accuracy": _share(gold_sum[i], gold_count[i]),
                "gold_annotations": int(gold_count[i]),
            }
            for i, start in enumerate(starts.tolist())
        ]
    trend = defaultdict(list)
    keys = np.stack([ranking.annotator, week(day_of)], axis=1) if day_of.size else np.zeros((0, 2), dtype=np.int64)
    pairs, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    m_agree = np.bincount(inverse, weights=ranking.majority_agree, minlength=len(pairs))
    m_votes = np.bincount(inverse, weights=ranking.majority_votes, minlength=len(pairs))
    for (who, start), agreed, votes in zip(pairs.tolist(), m_agree.tolist(), m_votes.tolist()):
        trend[str(who)].append(
            {
                "start": date.fromordinal(start).isoformat(),
                "majority_agreement": _share(agreed, votes),
                "majority_votes": int(votes),
            }
        )
    result["annotators"] = dict(trend)
    return result


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
        .prefetch_related(
            Prefetch("image_annotations", queryset=judgments),
            Prefetch("decisions", queryset=ReviewDecision.objects.select_related("reviewer")),
        )
        .order_by("-created_at", "-id")
    )
    if status:
        annotations = annotations.filter(status=status)
    if annotator_id:
        annotations = annotations.filter(annotator_id=annotator_id)
    if group_id:
        annotations = annotations.filter(group_id=group_id)
    return annotations


# --- the review queue ----------------------------------------------------------------------------

# Sampling is deterministic: an annotation is in the sample when (id * SAMPLE_STRIDE) mod
# SAMPLE_BASE falls under rate * SAMPLE_BASE, so reloading the queue never reshuffles it.
SAMPLE_BASE = 1000
SAMPLE_STRIDE = 7919
# Why an annotation is in the review queue, in the queue's order.
QUEUE_REASONS = ("paused", "flagged", "model", "sampled")


def review_queue(*, project: Project, reviewer):
    """Submitted annotations waiting for a review, each with why it is there: first those of
    paused annotators, then of flagged ones (flags of the stored quality report), then those of
    the groups where the production reward model disagrees most with the labelers (the stored
    ModelDisagreement rows), then the sampled share of everyone's work
    (`project.review_sample_rate`); oldest first within each. The reviewer's own annotations are
    left out."""
    report = QualityReport.objects.filter(project=project).only("figures").first()
    flagged = [row["id"] for row in (report.figures.get("annotators", []) if report else []) if row.get("flags")]
    paused = AnnotatorPause.objects.filter(project=project, resumed_at__isnull=True).values("annotator_id")
    disagreeing = ModelDisagreement.objects.filter(project=project).values("group_id")
    threshold = round(project.review_sample_rate * SAMPLE_BASE)
    reason = Case(
        When(annotator_id__in=Subquery(paused), then=Value("paused")),
        When(annotator_id__in=flagged, then=Value("flagged")),
        When(group_id__in=Subquery(disagreeing), then=Value("model")),
        When(sample__lt=threshold, then=Value("sampled")),
        default=Value(""),
        output_field=CharField(),
    )
    priority = Case(
        *(When(queue_reason=name, then=Value(rank)) for rank, name in enumerate(QUEUE_REASONS[:-1])),
        default=Value(len(QUEUE_REASONS) - 1),
        output_field=IntegerField(),
    )
    return (
        annotations_for_review(project=project, status=AnnotationStatus.SUBMITTED)
        .exclude(annotator=reviewer)
        .annotate(sample=Mod(F("id") * SAMPLE_STRIDE, SAMPLE_BASE))
        .annotate(queue_reason=reason)
        .exclude(queue_reason="")
        .annotate(queue_priority=priority)
        .order_by("queue_priority", "created_at", "id")
    )


# --- the reward model as a second reviewer --------------------------------------------------------


def model_agreement_of(project: Project) -> dict | None:
    """The production model's stored figures (annotation.models.ModelAgreement) as the API
    answers them, or None before any (no production model, or not measured yet)."""
    agreement = ModelAgreement.objects.filter(project=project).first()
    if agreement is None:
        return None
    figures = agreement.figures
    return {
        "version_number": agreement.version_number,
        "computed_at": agreement.computed_at,
        "seconds": agreement.seconds,
        "agreement": figures.get("agreement"),
        "compared_pairs": figures.get("compared", 0),
        "groups": figures.get("groups", 0),
        "contradicted_groups": figures.get("contradicted_groups", 0),
        "disagreement_groups": ModelDisagreement.objects.filter(project=project).count(),
        "annotators": figures.get("annotators", []),
    }


def with_model_agreement(figures: dict, model: dict | None) -> dict:
    """Quality figures whose annotator rows also carry the model's agreement with the annotator
    (`model_agreement`, `model_compared_pairs`; null and 0 where the model has not measured them)."""
    mine = {row["id"]: row for row in (model or {}).get("annotators", [])}
    rows = []
    for row in figures.get("annotators", []):
        measured = mine.get(row["id"], {})
        rows.append(
            {**row, "model_agreement": measured.get("agreement"), "model_compared_pairs": measured.get("compared", 0)}
        )
    return {**figures, "annotators": rows}


def stored_quality(*, report: QualityReport) -> dict:
    """The stored quality report as the dashboard reads it: when and how fast it was computed,
    its figures with the model's agreement per annotator, and the model's own figures."""
    model = model_agreement_of(report.project)
    return {
        "computed_at": report.computed_at,
        "seconds": report.seconds,
        "figures": with_model_agreement(report.figures, model),
        "model": model,
    }


def annotator_page(*, project: Project, annotator) -> dict:
    """What the annotator page shows: their figures from the stored report, their weekly trend,
    pauses, recent work and the review decisions on it."""
    report = QualityReport.objects.filter(project=project).first()
    model = model_agreement_of(project)
    figures = with_model_agreement(report.figures, model) if report else {}
    row = next((r for r in figures.get("annotators", []) if r["id"] == annotator.pk), None)
    pauses = list(
        AnnotatorPause.objects.filter(project=project, annotator=annotator).select_related("paused_by", "resumed_by")
    )
    return {
        "annotator": annotator,
        "computed_at": report.computed_at if report else None,
        "figures": row,
        "model": _annotator_model_figures(model, annotator.pk),
        "trend": figures.get("windows", {}).get("annotators", {}).get(str(annotator.pk), []),
        "paused": any(p.resumed_at is None for p in pauses),
        "pauses": pauses,
        "recent": list(annotations_for_review(project=project, annotator_id=annotator.pk)[:RECENT_WORK]),
        "decisions": list(
            ReviewDecision.objects.filter(annotation__project=project, annotation__annotator=annotator)
            .select_related("reviewer")
            .order_by("-created_at", "-id")[:RECENT_WORK]
        ),
    }


RECENT_WORK = 20


def _annotator_model_figures(model: dict | None, annotator_id: int) -> dict | None:
    """What the annotator page shows of the model's figures: the version and when, and this
    annotator's agreement with it (null and 0 where the model has not measured their work)."""
    if model is None:
        return None
    mine = next((row for row in model["annotators"] if row["id"] == annotator_id), {})
    return {
        "version_number": model["version_number"],
        "computed_at": model["computed_at"],
        "agreement": mine.get("agreement"),
        "compared_pairs": mine.get("compared", 0),
    }
