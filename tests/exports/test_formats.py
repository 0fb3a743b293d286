"""What each export format holds: the reference training files, ImageRewardDB's per-image
Parquet, the pairwise files with ties as 0.5 / 0.5, and ReFL's prompt file."""

import pyarrow.parquet as pq
import pytest
from datasets import load_dataset

from annotation.models import Comparison, GroupImage
from annotation.services.exports import snapshot_dir
from tests.exports.helpers import annotate, annotated_group, exported, read_json, read_jsonl
from tests.factories import make_group, make_project, make_user

ALL_TRAIN = {"method": "fractions", "seed": 0, "fractions": {"train": 1.0}}
IMAGEREWARDDB_COLUMNS = [
    "image_path",
    "prompt_id",
    "prompt",
    "classification",
    "image_amount_in_total",
    "rank",
    "overall_rating",
    "image_text_alignment_rating",
    "fidelity_rating",
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def annotator():
    return make_user("expert1")


@pytest.fixture
def project(annotator):
    return make_project(members={annotator: "annotator"}, annotations_per_group=2)


def test_reference_files_hold_each_groups_slots_beside_its_image_paths(project, annotator):
    group = annotated_group(project, annotator, [1, 2, 5, 3], prompt="a castle on a hill")
    snapshot = exported(project, split=ALL_TRAIN)

    (record,) = read_json(snapshot, "train.json")
    paths = [f"images/{gi.image.sha256[:2]}/{gi.image.sha256}.png" for gi in group.group_images.select_related("image")]
    assert record == {
        "id": f"g{group.pk}",
        "prompt": "a castle on a hill",
        "generations": paths,
        "ranking": [1, 2, 5, 3],
    }
    assert read_json(snapshot, "valid.json") == [] and read_json(snapshot, "test.json") == []


def test_reference_id_is_the_groups_external_id_when_it_has_one(project, annotator):
    group = annotated_group(project, annotator, [1, 2])
    group.external_id = "005658-0040"
    group.save()
    snapshot = exported(project, split=ALL_TRAIN, formats=["reference"])
    assert read_json(snapshot, "train.json")[0]["id"] == "005658-0040"


def test_per_image_parquet_loads_with_datasets_and_has_imagerewarddb_columns(project, annotator, tmp_path):
    annotated_group(project, annotator, [2, 1, 3], category="Food", image_flags=[[], ["too blurred"], []])
    snapshot = exported(project, split=ALL_TRAIN, formats=["per_image_parquet"])

    data = load_dataset(
        "parquet", data_files=str(snapshot_dir(snapshot) / "per_image.parquet"), split="train", cache_dir=str(tmp_path)
    )
    assert data.column_names[:9] == IMAGEREWARDDB_COLUMNS
    assert {"split", "image_sha256", "image_flags", "annotator"} <= set(data.column_names)
    assert [data.features[c].dtype for c in IMAGEREWARDDB_COLUMNS[6:]] == ["int8"] * 3
    rows = data.to_list()
    assert [r["rank"] for r in rows] == [2, 1, 3]
    assert [r["overall_rating"] for r in rows] == [6, 7, 5]
    assert {r["classification"] for r in rows} == {"Food"}
    assert {r["image_amount_in_total"] for r in rows} == {3}
    assert rows[1]["image_flags"] == ["too blurred"]
    assert {r["split"] for r in rows} == {"train"}


def test_pairwise_ties_come_out_as_half_and_half_in_parquet_and_jsonl(project, annotator, tmp_path):
    annotated_group(project, annotator, [1, 2, 2])
    snapshot = exported(project, split=ALL_TRAIN, formats=["pairwise_parquet", "pairwise_jsonl"])

    from_parquet = load_dataset(
        "parquet", data_files=str(snapshot_dir(snapshot) / "pairs.parquet"), split="train", cache_dir=str(tmp_path)
    ).to_list()
    from_jsonl = read_jsonl(snapshot, "pairs.jsonl")
    assert from_parquet == from_jsonl
    assert [(r["label_0"], r["label_1"], r["is_tie"]) for r in from_jsonl] == [
        (1.0, 0.0, False),
        (1.0, 0.0, False),
        (0.5, 0.5, True),
    ]
    assert {r["annotator"] for r in from_jsonl} == {"expert1"}


def test_pairwise_rows_are_the_comparisons_recorded_at_submission(project, annotator):
    groups = [annotated_group(project, annotator, slots) for slots in ([3, 1, 2, 2], [1, 1, 2], [2, 1])]
    snapshot = exported(project, split=ALL_TRAIN, formats=["pairwise_jsonl"])

    image_of = {}
    for gi in GroupImage.objects.filter(group__in=groups).select_related("image"):
        image_of[f"images/{gi.image.sha256[:2]}/{gi.image.sha256}.png"] = gi.image_id
    exported_pairs = set()
    for row in read_jsonl(snapshot, "pairs.jsonl"):
        first, second = image_of[row["image_0"]], image_of[row["image_1"]]
        if row["is_tie"]:
            exported_pairs.add((first, second, True))
        elif row["label_0"] == 1.0:
            exported_pairs.add((first, second, False))
        else:
            exported_pairs.add((second, first, False))
    recorded = set(Comparison.objects.filter(project=project).values_list("better_id", "worse_id", "is_tie"))
    assert exported_pairs == recorded
    assert snapshot.counts["comparisons"] == Comparison.objects.filter(project=project, is_tie=False).count()
    assert snapshot.counts["ties"] == Comparison.objects.filter(project=project, is_tie=True).count()


def test_several_annotators_give_one_mean_slot_record_and_raw_plus_aggregate_pairs(project, annotator):
    second = make_user("expert2")
    group = make_group(project, k=4, needed=2)
    annotate(group, annotator, [1, 2, 3, 4], category="People")
    annotate(group, second, [2, 1, 3, 3], category="People")
    snapshot = exported(project, split=ALL_TRAIN, formats=["reference", "pairwise_jsonl"])

    (record,) = read_json(snapshot, "train.json")
    assert record["ranking"] == [1, 1, 2, 3]
    rows = read_jsonl(snapshot, "pairs.jsonl")
    assert len(rows) == 6 * 3  # 6 pairs: two judgments and the aggregate each
    first_pair = [
        r for r in rows if r["image_0"] == record["generations"][0] and r["image_1"] == record["generations"][1]
    ]
    assert [(r["annotator"], r["label_0"], r["is_aggregate"]) for r in first_pair] == [
        ("expert1", 1.0, False),
        ("expert2", 0.0, False),
        (None, 0.5, True),
    ]
    last_pair = [
        r for r in rows if r["image_0"] == record["generations"][2] and r["image_1"] == record["generations"][3]
    ]
    assert [(r["label_0"], r["label_1"]) for r in last_pair] == [(1.0, 0.0), (0.5, 0.5), (0.75, 0.25)]
    assert {r["annotator_count"] for r in rows} == {2}


def test_per_annotation_aggregation_writes_one_reference_record_per_annotation(project, annotator):
    second = make_user("expert2")
    group = make_group(project, k=3, needed=2)
    first_annotation = annotate(group, annotator, [1, 2, 3])
    second_annotation = annotate(group, second, [3, 2, 1])
    snapshot = exported(
        project, split=ALL_TRAIN, formats=["reference", "per_image_parquet"], options={"aggregation": "per_annotation"}
    )

    records = read_json(snapshot, "train.json")
    assert [(r["id"], r["ranking"]) for r in records] == [
        (f"g{group.pk}-a{first_annotation.pk}", [1, 2, 3]),
        (f"g{group.pk}-a{second_annotation.pk}", [3, 2, 1]),
    ]
    table = pq.read_table(snapshot_dir(snapshot) / "per_image.parquet")
    assert table.column("annotator").to_pylist() == ["expert1"] * 3 + ["expert2"] * 3


def test_refl_data_lists_the_train_prompts_filtered_by_category_and_prompt_flags(project, annotator):
    kept = annotated_group(project, annotator, [1, 2], prompt="a fox in snow", category="Animals")
    annotated_group(project, annotator, [1, 2], prompt="a sandwich", category="Food")
    annotated_group(
        project, annotator, [1, 2], prompt="a violent wolf", category="Animals", prompt_flags=["violent content"]
    )
    held = annotated_group(project, annotator, [1, 2], prompt="a cat on a mat", category="Animals")
    snapshot = exported(
        project,
        split={"method": "held_out", "test": [held.prompt_id]},
        formats=["refl_data"],
        options={"refl_categories": ["Animals"], "refl_exclude_prompt_flags": ["violent content"]},
    )
    assert read_json(snapshot, "refl_data.json") == [{"text": "a fox in snow", "image": f"g{kept.pk}"}]


def test_project_rating_dimensions_beyond_imagerewarddbs_get_their_own_column(annotator):
    dims = [
        {"key": "overall", "label": "Overall", "min": 1, "max": 7, "anchors": {}},
        {"key": "aesthetics", "label": "Aesthetics", "min": 1, "max": 5, "anchors": {}},
    ]
    project = make_project(members={annotator: "annotator"}, rating_dimensions=dims)
    annotated_group(
        project, annotator, [1, 2], ratings=[{"overall": 7, "aesthetics": 5}, {"overall": 3, "aesthetics": 2}]
    )
    snapshot = exported(project, split=ALL_TRAIN, formats=["per_image_parquet"])

    table = pq.read_table(snapshot_dir(snapshot) / "per_image.parquet")
    assert table.column("aesthetics_rating").to_pylist() == [5, 2]
    assert table.column("image_text_alignment_rating").to_pylist() == [None, None]


def test_rewardmodel_core_reads_the_reference_export_with_its_images(project, annotator):
    from rewardmodel.core import load_data

    for i, slots in enumerate(([1, 2, 2, 5], [3, 1, 2], [2, 1], [1, 2, 3, 4])):
        annotated_group(project, annotator, slots, prompt=f"prompt {i}")
    snapshot = exported(
        project, formats=["reference"], options={"images": "copy"}, split={"method": "held_out", "test": ["prompt 1"]}
    )

    data = load_data(snapshot_dir(snapshot))  # checks that every image file is there
    assert [g.ranking for g in data["train"]] == [(1, 2, 2, 5), (2, 1), (1, 2, 3, 4)]
    assert [g.prompt for g in data["test"]] == ["prompt 1"] and data["valid"] == []
    assert all(path.is_file() for g in data["train"] for path in g.images)
