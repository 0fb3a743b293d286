"""annotation/synthetic.py: groups of known quality and simulated annotators."""

import json
from itertools import combinations

import pytest
from PIL import Image

from annotation import defaults, synthetic
from annotation.ranking import non_tied_pairs
from annotation.synthetic import SimulatedAnnotator, assign_slots, generate_groups, iter_groups


def pixels(image):
    return image.tobytes()


def discordant_share(group, slots):
    """Share of the truly ordered pairs that a ranking puts the wrong way round or ties."""
    pairs = [(i, j) for i, j in combinations(range(len(slots)), 2) if group.quality[i] != group.quality[j]]
    wrong = 0
    for i, j in pairs:
        better, worse = (i, j) if group.quality[i] > group.quality[j] else (j, i)
        wrong += slots[better] >= slots[worse]
    return wrong / len(pairs)


def test_groups_are_deterministic_given_the_seed():
    first = generate_groups(5, seed=3)
    again = generate_groups(5, seed=3)
    assert [(g.id, g.prompt, g.quality, g.defects) for g in first] == [
        (g.id, g.prompt, g.quality, g.defects) for g in again
    ]
    assert [pixels(i) for g in first for i in g.images] == [pixels(i) for g in again for i in g.images]


def test_another_seed_draws_other_groups():
    assert [g.prompt for g in generate_groups(5, seed=1)] != [g.prompt for g in generate_groups(5, seed=2)]


def test_iter_groups_gives_what_generate_groups_gives_and_a_prefix_does_not_depend_on_n():
    listed = generate_groups(6, seed=4)
    streamed = list(iter_groups(6, seed=4))
    shorter = generate_groups(3, seed=4)
    assert [(g.id, g.prompt, g.quality) for g in streamed] == [(g.id, g.prompt, g.quality) for g in listed]
    assert [pixels(i) for g in shorter for i in g.images] == [pixels(i) for g in listed[:3] for i in g.images]


def test_groups_have_the_asked_shape():
    groups = generate_groups(40, seed=0, k_range=(4, 6), size=32)
    for group in groups:
        assert 4 <= len(group.images) <= 6
        assert len(group.quality) == len(group.defects) == len(group.images)
        assert all(image.mode == "RGB" and image.size == (32, 32) for image in group.images)
        assert group.category in defaults.PROMPT_CATEGORIES
        assert all(set(d) <= set(synthetic.DEFECTS) for d in group.defects)
    assert [g.id for g in groups[:2]] == ["syn-000000", "syn-000001"]


def test_prompts_differ_between_groups():
    groups = generate_groups(200, seed=0, k_range=(4, 4), size=16)
    assert len({g.prompt for g in groups}) == 200


def test_no_two_images_of_a_run_are_identical():
    images = [pixels(i) for g in generate_groups(30, seed=0) for i in g.images]
    assert len(set(images)) == len(images)


def test_every_group_has_images_of_different_quality():
    assert all(len(set(g.quality)) > 1 for g in generate_groups(100, seed=5, k_range=(2, 4), size=16))


def test_each_defect_lowers_quality_and_a_flawless_image_scores_best():
    for group in generate_groups(50, seed=0, size=16):
        for quality, defects in zip(group.quality, group.defects):
            assert (quality == synthetic.BEST) == (not defects)
            assert quality <= synthetic.BEST - len(defects)  # every penalty is at least 1


def test_prompt_only_defects_occur_without_any_visible_artefact():
    """Colour and position defects must be the only difference from a flawless image, so that a
    model blind to the prompt cannot rank them."""
    groups = generate_groups(200, seed=0, size=16)
    alone = {d for g in groups for defects in g.defects if len(defects) == 1 for d in defects}
    assert {"wrong colour", "swapped position", "wrong shape"} <= alone


VISIBLE = ("blur", "noise", "missing shape", "wrong colour")


def test_defects_option_draws_only_the_chosen_kinds_deterministically():
    groups = generate_groups(80, seed=6, size=16, defects=VISIBLE)
    again = generate_groups(80, seed=6, size=16, defects=list(reversed(VISIBLE)))  # order does not matter
    drawn = {d for g in groups for defects in g.defects for d in defects}
    assert drawn == set(VISIBLE)
    assert [(g.prompt, g.quality, g.defects) for g in groups] == [(g.prompt, g.quality, g.defects) for g in again]
    assert [pixels(i) for g in groups for i in g.images] == [pixels(i) for g in again for i in g.images]
    # The scenes (prompts) are those of the run; only the defects differ.
    assert [g.prompt for g in groups] == [g.prompt for g in generate_groups(80, seed=6, size=16)]
    assert all(len(set(g.quality)) > 1 for g in groups)
    for group in groups:
        for quality, defects in zip(group.quality, group.defects):
            assert (quality == synthetic.BEST) == (not defects)


def test_defects_option_defaults_to_every_kind():
    plain = generate_groups(20, seed=2, size=16)
    every = generate_groups(20, seed=2, size=16, defects=synthetic.DEFECTS)
    assert [(g.defects, g.quality) for g in plain] == [(g.defects, g.quality) for g in every]
    assert [pixels(i) for g in plain for i in g.images] == [pixels(i) for g in every for i in g.images]
    assert {d for g in plain for defects in g.defects for d in defects} == set(synthetic.DEFECTS)


def test_defects_option_with_a_single_kind_and_bad_names():
    groups = generate_groups(30, seed=1, size=16, defects="blur")
    assert {d for g in groups for defects in g.defects for d in defects} == {"blur"}
    with pytest.raises(ValueError, match="unknown defect kinds"):
        generate_groups(1, defects=["smudge"])
    with pytest.raises(ValueError, match="at least one"):
        generate_groups(1, defects=[])


def test_write_reference_dataset_passes_the_defects_option(tmp_path):
    synthetic.write_reference_dataset(tmp_path, n_groups=12, seed=4, size=16, defects=["noise", "wrong colour"])
    truth = json.loads((tmp_path / "quality.json").read_text())
    assert {d for t in truth.values() for defects in t["defects"] for d in defects} <= {"noise", "wrong colour"}


def test_swapped_position_moves_the_subjects():
    scene = synthetic.Scene(
        a=synthetic.Subject(1, "red", "square"), relation="above", b=synthetic.Subject(1, "blue", "square")
    )
    import random

    def rows_of(colour, image):
        arr = image.load()
        return [y for y in range(image.size[1]) for x in range(image.size[0]) if arr[x, y] == synthetic.COLOURS[colour]]

    good = synthetic._render(scene, [], {}, random.Random(1), 64)
    swapped = synthetic._render(scene, ["swapped position"], {}, random.Random(1), 64)
    assert max(rows_of("red", good)) < min(rows_of("blue", good))
    assert min(rows_of("red", swapped)) > max(rows_of("blue", swapped))


def test_wrong_colour_paints_a_named_shape_in_another_colour():
    scene = synthetic.Scene(a=synthetic.Subject(1, "red", "circle"))
    import random

    image = synthetic._render(scene, ["wrong colour"], {}, random.Random(2), 32)
    colours = {c for _, c in image.getcolors(4096)}
    assert synthetic.COLOURS["red"] not in colours
    assert any(synthetic.COLOURS[name] in colours for name in synthetic.COLOURS if name != "red")


@pytest.mark.parametrize("k", range(1, 11))
def test_assign_slots_respects_the_slot_limits_and_the_order(k):
    import random

    rng = random.Random(k)
    quality = [round(rng.uniform(1, 7), 1) for _ in range(k)]
    slots = assign_slots(quality, slots=5, max_per_slot=2)
    assert all(1 <= s <= 5 for s in slots)
    assert max(slots.count(s) for s in set(slots)) <= 2
    assert sorted(set(slots)) == list(range(1, max(slots) + 1))
    for i, j in combinations(range(k), 2):
        if quality[i] > quality[j]:
            assert slots[i] <= slots[j]


def test_assign_slots_refuses_more_images_than_the_slots_hold():
    with pytest.raises(ValueError):
        assign_slots([1.0] * 7, slots=3, max_per_slot=2)


def test_assign_slots_ties_equal_images_and_separates_distinct_ones_when_room():
    assert assign_slots([5.0, 7.0, 5.0, 3.0]) == [2, 1, 2, 3]
    assert assign_slots([4.0, 7.0, 5.0, 3.0]) == [3, 1, 2, 4]


def test_judgments_are_consistent_with_ratings_and_slot_limits():
    annotator = SimulatedAnnotator(noise=0.8, seed=1)
    for group in generate_groups(60, seed=2, k_range=(4, 9), size=16):
        judgment = annotator.judge(group, slots=5, max_per_slot=2)
        overall = [r["overall"] for r in judgment.ratings]
        assert len(judgment.ratings) == len(judgment.flags) == len(judgment.slots) == len(group.images)
        assert all(set(r) == {"overall", "alignment", "fidelity"} for r in judgment.ratings)
        assert all(1 <= v <= 7 for r in judgment.ratings for v in r.values())
        assert all(1 <= s <= 5 for s in judgment.slots)
        assert max(judgment.slots.count(s) for s in set(judgment.slots)) <= 2
        for i, j in combinations(range(len(overall)), 2):
            if overall[i] > overall[j]:
                assert judgment.slots[i] <= judgment.slots[j]
        assert all(set(f) <= set(defaults.IMAGE_FLAGS) for f in judgment.flags)
        assert judgment.prompt_category == group.category


def test_judgment_follows_a_projects_dimension_specs():
    group = generate_groups(1, seed=0, size=16)[0]
    dims = [{"key": "overall", "min": 1, "max": 5}, {"key": "aesthetics", "min": 0, "max": 10}]
    judgment = SimulatedAnnotator(noise=0.0).judge(group, dimensions=dims, slots=5, max_per_slot=2)
    assert all(set(r) == {"overall", "aesthetics"} for r in judgment.ratings)
    assert all(1 <= r["overall"] <= 5 and 0 <= r["aesthetics"] <= 10 for r in judgment.ratings)


def test_noiseless_annotator_ranks_by_true_quality():
    annotator = SimulatedAnnotator(noise=0.0)
    for group in generate_groups(50, seed=0, k_range=(4, 9), size=16):
        slots = annotator.judge(group).slots
        for i, j in combinations(range(len(slots)), 2):
            if group.quality[i] > group.quality[j]:
                assert slots[i] <= slots[j]
        assert slots == group.true_ranking()


def test_noiseless_annotator_flags_blur_and_only_blur():
    annotator = SimulatedAnnotator(noise=0.0)
    for group in generate_groups(30, seed=0, size=16):
        judgment = annotator.judge(group)
        assert [("too blurred" in f) for f in judgment.flags] == [("blur" in d) for d in group.defects]


def test_more_noise_disagrees_more_with_the_true_order():
    groups = generate_groups(150, seed=7, k_range=(4, 6), size=16)

    def mean_discordance(noise):
        annotator = SimulatedAnnotator(noise=noise, seed=3)
        return sum(discordant_share(g, annotator.judge(g).slots) for g in groups) / len(groups)

    calm, noisy, wild = mean_discordance(0.0), mean_discordance(0.6), mean_discordance(2.0)
    assert calm < noisy < wild


def test_two_annotators_with_noise_disagree_but_each_repeats_itself():
    group = generate_groups(1, seed=0, k_range=(8, 8), size=16)[0]
    one, other = SimulatedAnnotator(noise=1.5, seed=1), SimulatedAnnotator(noise=1.5, seed=2)
    assert one.judge(group) == one.judge(group)
    assert one.judge(group).ratings != other.judge(group).ratings


def test_as_submission_pairs_judgments_with_image_ids():
    group = generate_groups(1, seed=0, k_range=(4, 4), size=16)[0]
    judgment = SimulatedAnnotator(noise=0.0).judge(group)
    rows = judgment.as_submission([10, 11, 12, 13])
    assert [r["image_id"] for r in rows] == [10, 11, 12, 13]
    assert [r["slot"] for r in rows] == judgment.slots
    assert rows[0]["ratings"] == judgment.ratings[0]


def test_reference_dataset_files_are_valid(tmp_path):
    counts = synthetic.write_reference_dataset(
        tmp_path, n_groups=30, seed=1, k_range=(4, 6), size=16, annotator_noise=0.0
    )
    records = {}
    for name in ("train", "valid", "test"):
        rows = json.loads((tmp_path / f"{name}.json").read_text())
        assert counts[name]["groups"] == len(rows)
        assert counts[name]["pairs"] == sum(len(non_tied_pairs(r["ranking"])) for r in rows)
        for row in rows:
            assert set(row) == {"id", "prompt", "generations", "ranking"}
            assert len(row["generations"]) == len(row["ranking"]) and 4 <= len(row["ranking"]) <= 6
            assert all(isinstance(s, int) and 1 <= s <= 5 for s in row["ranking"])
            for rel in row["generations"]:
                with Image.open(tmp_path / rel) as image:
                    assert image.size == (16, 16)
            records[row["id"]] = name
    assert len(records) == 30 and sum(c["groups"] for c in counts.values()) == 30
    assert counts["train"]["groups"] > counts["valid"]["groups"]
    quality = json.loads((tmp_path / "quality.json").read_text())
    assert set(quality) == set(records)


def test_reference_dataset_splits_by_prompt():
    prompts = ["p1", "p2", "p1", "p3", "p2", "p4"] * 3
    assignment = synthetic._split_prompts(prompts, (0.5, 0.25, 0.25), seed=0)
    assert set(assignment) == {"p1", "p2", "p3", "p4"}
    assert sorted(assignment.values()) == ["test", "train", "train", "valid"]


def test_generation_folder_manifest_lists_every_image(tmp_path):
    manifest = synthetic.write_generation_folder(tmp_path, n_groups=3, seed=0, k_range=(4, 5), size=16, with_ranks=True)
    lines = [json.loads(line) for line in manifest.read_text().splitlines()]
    groups = generate_groups(3, seed=0, k_range=(4, 5), size=16)
    assert len(lines) == sum(len(g.images) for g in groups)
    assert {line["group"] for line in lines} == {g.id for g in groups}
    first = [line for line in lines if line["group"] == groups[0].id]
    assert [line["rank"] for line in first] == groups[0].true_ranking()
    assert all((tmp_path / line["image"]).is_file() for line in lines)
