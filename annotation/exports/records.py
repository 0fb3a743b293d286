"""One prompt group as an export sees it, and how several annotators' judgments become one.

Pure Python: no database, no files. The rules, as the data card (README.md of every export)
states them:

- one annotation: its slots, ratings, flags and category exactly as recorded (slots keep their
  gaps, e.g. [1, 2, 5, 3], as in ImageReward's own files);
- several annotations ("mean_slot" aggregation): each image's mean slot, then dense ranks of the
  means (1 = best, equal means tie); each rating is the mean rounded half up; the category is
  the most frequent one (ties: alphabetical first); flags are the union;
- pairs: every pair of images (i < j in group position order) gets label_0 = 1 when image i
  was ranked better, 0 when worse, 0.5 for a tie; the aggregate label is the mean of the
  annotators' labels (Pick-a-Pic's convention: a tie is 0.5 / 0.5);
- preferences (TRL's prompt / chosen / rejected): every pair one annotation did not tie, the
  better image chosen; ties and aggregates have no side to choose, so they are left out.
"""

import math
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import NamedTuple


class ExportImage(NamedTuple):
    # A named tuple, not a frozen dataclass: an export makes one per image, and a tuple is
    # several times cheaper to build.
    image_id: int
    path: str  # inside the export, e.g. "images/ab/ab12....png"
    storage_name: str  # the file's name in the project's media storage
    sha256: str  # as recorded at import


@dataclass(frozen=True)
class Judgment:
    """One annotation of a group; per-image fields in group position order."""

    annotation_id: int
    annotator: str
    category: str
    prompt_flags: tuple[str, ...]
    slots: tuple[int, ...]
    ratings: tuple[dict, ...]
    image_flags: tuple[tuple[str, ...], ...]
    annotator_id: int | None = None  # the annotator's user id


@dataclass(frozen=True)
class GroupRecord:
    group_id: int
    record_id: str  # the reference format's "id": the group's external id, or g<id>
    prompt_id: int
    prompt: str
    is_gold: bool
    images: tuple[ExportImage, ...]  # group position order
    judgments: tuple[Judgment, ...]  # annotation id order


@dataclass(frozen=True)
class Ranked:
    """A ranking of a group's images as one record of the reference / per-image formats."""

    record_id: str
    category: str
    prompt_flags: tuple[str, ...]
    slots: tuple[int, ...]
    ratings: tuple[dict, ...]  # per image {dimension key: int}
    image_flags: tuple[tuple[str, ...], ...]
    annotator: str | None  # None when it combines several annotators
    annotator_count: int


@dataclass
class GroupPairs:
    """Every pair of a group's images, once per annotation, then (several annotators only) once
    more with the mean label: one list per column, row r across all of them. `i` < `j` are image
    indexes in group position order; label_0 is 1.0 when image i was ranked better, 0.0 when
    worse, 0.5 for a tie; label_1 = 1 - label_0 (for the mean, computed as the mean of the
    complements, exactly)."""

    i: list[int]
    j: list[int]
    label_0: list[float]
    label_1: list[float]
    annotator: list  # str, or None on aggregate rows
    annotation_id: list  # int, or None on aggregate rows
    is_aggregate: list[bool]
    annotator_id: list | None = None  # int, or None on aggregate rows

    def __len__(self) -> int:
        return len(self.i)


@dataclass
class Preferences:
    """A group's non-tied comparisons, one per annotation and pair of images it ranked apart, in
    annotation order then pair order: `chosen` / `rejected` are image indexes in group position
    order; `judgment` indexes the group's judgments."""

    chosen: list[int]
    rejected: list[int]
    judgment: list[int]

    def __len__(self) -> int:
        return len(self.chosen)


def record_id_for(group_id: int, external_id: str) -> str:
    return external_id or f"g{group_id}"


def dense_rank(values) -> tuple[int, ...]:
    """1 for the smallest value, equal values share a rank, no gaps."""
    order = {value: rank for rank, value in enumerate(sorted(set(values)), start=1)}
    return tuple(order[v] for v in values)


def mean_rounded(values) -> int | None:
    """The mean of integers rounded half up (exact arithmetic); None when there are none."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    mean = Fraction(sum(values), len(values))
    return math.floor(mean + Fraction(1, 2))


def majority(values) -> str:
    """The most frequent non-empty value (ties: alphabetical first); "" when there is none."""
    counts = Counter(v for v in values if v)
    if not counts:
        return ""
    best = max(counts.values())
    return min(v for v, c in counts.items() if c == best)


def union(lists) -> tuple[str, ...]:
    return tuple(sorted({v for values in lists for v in values}))


def ranked_views(group: GroupRecord, *, aggregation: str) -> list[Ranked]:
    """The group's records for the ranking formats: one per annotation ("per_annotation"), or one
    for the group ("mean_slot", which is the annotation itself when there is only one)."""
    judgments = group.judgments
    if aggregation == "per_annotation":
        return [
            Ranked(
                record_id=f"{group.record_id}-a{j.annotation_id}",
                category=j.category,
                prompt_flags=j.prompt_flags,
                slots=j.slots,
                ratings=j.ratings,
                image_flags=j.image_flags,
                annotator=j.annotator,
                annotator_count=1,
            )
            for j in judgments
        ]
    if len(judgments) == 1:
        (j,) = judgments
        return [Ranked(group.record_id, j.category, j.prompt_flags, j.slots, j.ratings, j.image_flags, j.annotator, 1)]
    n_images = len(group.images)
    # Every annotation ranks every image, so comparing slot sums is comparing means, exactly.
    sums = [sum(j.slots[i] for j in judgments) for i in range(n_images)]
    keys = sorted({key for j in judgments for r in j.ratings for key in r})
    ratings = tuple(
        {key: mean_rounded([j.ratings[i].get(key) for j in judgments]) for key in keys} for i in range(n_images)
    )
    return [
        Ranked(
            record_id=group.record_id,
            category=majority(j.category for j in judgments),
            prompt_flags=union(j.prompt_flags for j in judgments),
            slots=dense_rank(sums),
            ratings=ratings,
            image_flags=tuple(union(j.image_flags[i] for j in judgments) for i in range(n_images)),
            annotator=None,
            annotator_count=len(judgments),
        )
    ]


_PAIRS: dict[int, tuple[list[int], list[int]]] = {}


def index_pairs(k: int) -> tuple[list[int], list[int]]:
    """(first indexes, second indexes) of every pair i < j of k images, in order."""
    if k not in _PAIRS:
        pairs = list(combinations(range(k), 2))
        _PAIRS[k] = ([i for i, _ in pairs], [j for _, j in pairs])
    return _PAIRS[k]


def labels_of(slots, first: list[int], second: list[int]) -> list[float]:
    return [1.0 if slots[i] < slots[j] else 0.0 if slots[i] > slots[j] else 0.5 for i, j in zip(first, second)]


def pair_labels(group: GroupRecord) -> GroupPairs:
    first, second = index_pairs(len(group.images))
    n_pairs = len(first)
    judgments = group.judgments
    if len(judgments) == 1:
        (judgment,) = judgments
        label_0 = labels_of(judgment.slots, first, second)
        return GroupPairs(
            i=first,
            j=second,
            label_0=label_0,
            label_1=[1.0 - label for label in label_0],
            annotator=[judgment.annotator] * n_pairs,
            annotation_id=[judgment.annotation_id] * n_pairs,
            is_aggregate=[False] * n_pairs,
            annotator_id=[judgment.annotator_id] * n_pairs,
        )
    per_judgment = [labels_of(j.slots, first, second) for j in judgments]
    out = GroupPairs([], [], [], [], [], [], [], [])
    n = len(judgments)
    for p in range(n_pairs):
        labels = [labels[p] for labels in per_judgment]
        out.i.extend([first[p]] * (n + 1))
        out.j.extend([second[p]] * (n + 1))
        out.label_0.extend(labels)
        out.label_0.append(sum(labels) / n)
        out.label_1.extend(1.0 - label for label in labels)
        out.label_1.append(sum(1.0 - label for label in labels) / n)
        out.annotator.extend(j.annotator for j in judgments)
        out.annotator.append(None)
        out.annotation_id.extend(j.annotation_id for j in judgments)
        out.annotation_id.append(None)
        out.is_aggregate.extend([False] * n)
        out.is_aggregate.append(True)
        out.annotator_id.extend(j.annotator_id for j in judgments)
        out.annotator_id.append(None)
    return out


def preferences(group: GroupRecord) -> Preferences:
    first, second = index_pairs(len(group.images))
    out = Preferences([], [], [])
    for n, judgment in enumerate(group.judgments):
        slots = judgment.slots
        for i, j in zip(first, second):
            if slots[i] < slots[j]:
                out.chosen.append(i)
                out.rejected.append(j)
            elif slots[i] > slots[j]:
                out.chosen.append(j)
                out.rejected.append(i)
            else:
                continue
            out.judgment.append(n)
    return out


def group_category(group: GroupRecord) -> str:
    return majority(j.category for j in group.judgments)


def group_prompt_flags(group: GroupRecord) -> tuple[str, ...]:
    return union(j.prompt_flags for j in group.judgments)
