"""How judgments become export records: the rules the data card states, as pure functions."""

import numpy as np

from annotation.exports.records import (
    ExportImage,
    GroupRecord,
    Judgment,
    dense_rank,
    majority,
    mean_rounded,
    pair_labels,
    ranked_views,
)
from annotation.exports.split import FractionSplit, HeldOutSplit, prompt_key, split_sizes


def group_of(*slot_lists, ratings=None, categories=None):
    k = len(slot_lists[0])
    images = tuple(ExportImage(i, f"images/{i}.png", f"{i}.png", f"{i:064x}") for i in range(k))
    judgments = tuple(
        Judgment(
            annotation_id=100 + n,
            annotator=f"annotator{n}",
            category=(categories or ["Animals"] * len(slot_lists))[n],
            prompt_flags=(),
            slots=tuple(slots),
            ratings=tuple((ratings[n][i] if ratings else {"overall": 8 - s}) for i, s in enumerate(slots)),
            image_flags=tuple(() for _ in slots),
        )
        for n, slots in enumerate(slot_lists)
    )
    return GroupRecord(1, "g1", 1, "a prompt", False, images, judgments)


def test_one_annotation_keeps_its_slots_with_their_gaps():
    (view,) = ranked_views(group_of([1, 2, 5, 3]), aggregation="mean_slot")
    assert view.slots == (1, 2, 5, 3)
    assert view.annotator == "annotator0"


def test_several_annotations_rank_by_mean_slot_densely_with_equal_means_tied():
    (view,) = ranked_views(group_of([1, 2, 3, 4], [2, 1, 3, 3]), aggregation="mean_slot")
    # sums 3, 3, 6, 7
    assert view.slots == (1, 1, 2, 3)
    assert view.annotator is None and view.annotator_count == 2


def test_aggregate_rating_is_the_mean_rounded_half_up():
    ratings = [[{"overall": 7}, {"overall": 2}], [{"overall": 6}, {"overall": 2}], [{"overall": 6}, {"overall": 3}]]
    (view,) = ranked_views(group_of([1, 2], [1, 2], [1, 2], ratings=ratings), aggregation="mean_slot")
    assert [r["overall"] for r in view.ratings] == [6, 2]  # 19/3 = 6.33 -> 6; 7/3 = 2.33 -> 2
    assert mean_rounded([6, 7]) == 7
    assert mean_rounded([2, 3, 3, 2]) == 3
    assert mean_rounded([None, None]) is None


def test_majority_category_breaks_ties_alphabetically_and_ignores_blanks():
    assert majority(["People", "Animals", "People"]) == "People"
    assert majority(["People", "Animals"]) == "Animals"
    assert majority(["", "", "Food"]) == "Food"
    assert majority(["", ""]) == ""


def test_per_annotation_aggregation_gives_one_record_per_annotation():
    views = ranked_views(group_of([1, 2, 3], [3, 2, 1]), aggregation="per_annotation")
    assert [v.record_id for v in views] == ["g1-a100", "g1-a101"]
    assert [v.slots for v in views] == [(1, 2, 3), (3, 2, 1)]


def rows_of(pairs):
    return list(zip(pairs.i, pairs.j, pairs.label_0, pairs.label_1, pairs.annotation_id, pairs.is_aggregate))


def test_pair_labels_give_ties_half_and_half_and_aggregate_the_mean():
    rows = rows_of(pair_labels(group_of([1, 1, 2], [1, 2, 2])))
    raw = {(i, j, a): (l0, l1) for i, j, l0, l1, a, agg in rows if not agg}
    mean = {(i, j): (l0, l1) for i, j, l0, l1, a, agg in rows if agg}
    assert raw[(0, 1, 100)] == (0.5, 0.5)
    assert raw[(0, 1, 101)] == (1.0, 0.0)
    assert mean[(0, 1)] == (0.75, 0.25)
    assert mean[(1, 2)] == (0.75, 0.25)
    assert len(rows) == 3 * 2 + 3


def test_aggregate_labels_add_up_to_one_exactly():
    rows = rows_of(pair_labels(group_of([1, 2], [2, 1], [1, 2])))
    (aggregate,) = [r for r in rows if r[5]]
    assert aggregate[2:4] == (2 / 3, 1 / 3)


def test_a_single_annotation_has_no_aggregate_pair_rows():
    pairs = pair_labels(group_of([1, 2, 2, 3]))
    assert not any(pairs.is_aggregate)
    assert rows_of(pairs)[:3] == [
        (0, 1, 1.0, 0.0, 100, False),
        (0, 2, 1.0, 0.0, 100, False),
        (0, 3, 1.0, 0.0, 100, False),
    ]
    assert (1, 2, 0.5, 0.5, 100, False) in rows_of(pairs)


def test_dense_rank():
    assert dense_rank([3, 3, 6, 7]) == (1, 1, 2, 3)
    assert dense_rank([5, 1]) == (2, 1)


def test_split_sizes_are_exact_shares_of_the_prompts():
    assert split_sizes(10, {"train": 0.8, "valid": 0.1, "test": 0.1}) == {"train": 8, "valid": 1, "test": 1}
    assert split_sizes(8878, {"train": 0.9, "valid": 0.05, "test": 0.05}) == {"train": 7990, "valid": 444, "test": 444}
    assert sum(split_sizes(7, {"train": 1 / 3, "valid": 1 / 3, "test": 1 / 3}).values()) == 7


def test_fraction_split_is_by_normalised_prompt_and_hits_the_shares():
    texts = [f"prompt number {i}" for i in range(200)]
    keys = np.array([prompt_key(3, t) for t in texts], dtype=np.uint64)
    split = FractionSplit(seed=3, fractions={"train": 0.5, "valid": 0.25, "test": 0.25}, keys=keys)
    assigned = [split(i, t) for i, t in enumerate(texts)]
    assert (assigned.count("train"), assigned.count("valid"), assigned.count("test")) == (100, 50, 50)
    assert split(0, "  PROMPT   number 7 ") == split(7, "prompt number 7")


def test_another_seed_gives_another_split():
    texts = [f"p{i}" for i in range(100)]
    splits = []
    for seed in (0, 1):
        keys = np.array([prompt_key(seed, t) for t in texts], dtype=np.uint64)
        split = FractionSplit(seed=seed, fractions={"train": 0.5, "valid": 0.0, "test": 0.5}, keys=keys)
        splits.append([split(i, t) for i, t in enumerate(texts)])
    assert splits[0] != splits[1]


def test_held_out_split_puts_listed_prompts_out_and_the_rest_in_train():
    split = HeldOutSplit(valid={"a cat"}, test={"a dog"})
    assert split(1, "A  Dog") == "test"
    assert split(2, "a cat") == "valid"
    assert split(3, "a bird") == "train"
