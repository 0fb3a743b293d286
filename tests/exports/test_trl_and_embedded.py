"""TRL's preference format (prompt / chosen / rejected) and exports that carry their images inside
the Parquet files (`images: embed`): what the rows hold, that `datasets` loads every file with the
images as images, and that exporting again gives the same bytes."""

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from datasets import load_dataset
from PIL import Image as PILImage

from annotation.errors import Refused
from annotation.exports import writers
from annotation.exports.spec import EMBEDDING_FORMATS
from annotation.models import GroupImage
from annotation.services.exports import create_snapshot, export_snapshot, snapshot_dir
from tests.exports.helpers import annotate, annotated_group, archive_path, exported, file_bytes
from tests.factories import make_group, make_project, make_user

ALL_TRAIN = {"method": "fractions", "seed": 0, "fractions": {"train": 1.0}}

pytestmark = pytest.mark.django_db


@pytest.fixture
def annotator():
    return make_user("expert1")


@pytest.fixture
def project(annotator):
    return make_project(members={annotator: "annotator"}, annotations_per_group=2)


def load(snapshot, name, tmp_path):
    return load_dataset(
        "parquet", data_files=str(snapshot_dir(snapshot) / name), split="train", cache_dir=str(tmp_path / "hf")
    )


def stored_bytes(group) -> list[bytes]:
    """The group's images as stored in the project, in group position order."""
    out = []
    for gi in GroupImage.objects.filter(group=group).select_related("image").order_by("position"):
        with gi.image.file.open("rb") as f:
            out.append(f.read())
    return out


def export_path(group, position) -> str:
    image = GroupImage.objects.get(group=group, position=position).image
    return f"images/{image.sha256[:2]}/{image.sha256}.png"


def test_trl_preference_has_one_row_per_non_tied_comparison_with_the_better_image_chosen(project, annotator, tmp_path):
    group = annotated_group(project, annotator, [2, 1, 2], prompt="a fox in snow")
    snapshot = exported(project, split=ALL_TRAIN, formats=["trl_preference"])

    rows = load(snapshot, "trl_preference.parquet", tmp_path).to_list()
    annotation = group.annotations.get()
    # Pairs (0, 1) and (1, 2) were ranked apart, image 1 better both times; (0, 2) is a tie.
    assert rows == [
        {
            "prompt": "a fox in snow",
            "chosen": export_path(group, 1),
            "rejected": export_path(group, 0),
            "split": "train",
            "group_id": f"g{group.pk}",
            "annotator": "expert1",
            "annotation_id": annotation.pk,
        },
        {
            "prompt": "a fox in snow",
            "chosen": export_path(group, 1),
            "rejected": export_path(group, 2),
            "split": "train",
            "group_id": f"g{group.pk}",
            "annotator": "expert1",
            "annotation_id": annotation.pk,
        },
    ]
    assert len(rows) == snapshot.counts["comparisons"]


def test_trl_preference_keeps_every_annotators_judgments_and_no_aggregate(project, annotator):
    second = make_user("expert2")
    group = make_group(project, k=3, needed=2)
    annotate(group, annotator, [1, 2, 3])
    annotate(group, second, [3, 2, 2])
    snapshot = exported(project, split=ALL_TRAIN, formats=["trl_preference"])

    table = pq.read_table(snapshot_dir(snapshot) / "trl_preference.parquet")
    assert table.column("annotator").to_pylist() == ["expert1"] * 3 + ["expert2"] * 2
    assert table.num_rows == snapshot.counts["comparisons"]


def test_embedded_trl_preference_loads_chosen_and_rejected_as_images(project, annotator, tmp_path):
    group = annotated_group(project, annotator, [2, 1])
    snapshot = exported(project, split=ALL_TRAIN, formats=["trl_preference"], options={"images": "embed"})

    data = load(snapshot, "trl_preference.parquet", tmp_path)
    assert data.features["chosen"].__class__.__name__ == "Image"
    assert data.features["rejected"].__class__.__name__ == "Image"
    (row,) = data
    first, second = stored_bytes(group)
    assert isinstance(row["chosen"], PILImage.Image)
    assert row["chosen"].tobytes() == PILImage.open(io.BytesIO(second)).tobytes()
    assert row["rejected"].tobytes() == PILImage.open(io.BytesIO(first)).tobytes()
    # The file holds the stored bytes themselves, not a re-encoding.
    raw = pq.read_table(snapshot_dir(snapshot) / "trl_preference.parquet").column("chosen").to_pylist()
    assert raw == [{"bytes": second, "path": export_path(group, 1)}]
    assert not (snapshot_dir(snapshot) / "images").exists()


def test_embedded_pairs_parquet_has_pick_a_pics_columns_after_its_own(project, annotator, tmp_path):
    group = annotated_group(project, annotator, [1, 2, 2], prompt="a red bicycle")
    plain = exported(project, split=ALL_TRAIN, formats=["pairwise_parquet"])
    snapshot = exported(project, split=ALL_TRAIN, formats=["pairwise_parquet"], options={"images": "embed"})

    rows = load(snapshot, "pairs.parquet", tmp_path).to_list()
    plain_rows = load(plain, "pairs.parquet", tmp_path).to_list()
    images = stored_bytes(group)
    annotation = group.annotations.get()
    assert [{k: r[k] for k in plain_rows[0]} for r in rows] == plain_rows
    assert [(r["jpg_0"], r["jpg_1"]) for r in rows] == [
        (images[0], images[1]),
        (images[0], images[2]),
        (images[1], images[2]),
    ]
    assert [(r["label_0"], r["label_1"]) for r in rows] == [(1.0, 0.0), (1.0, 0.0), (0.5, 0.5)]
    assert {(r["caption"], r["user_id"], r["ranking_id"], r["are_different"]) for r in rows} == {
        ("a red bicycle", annotator.pk, annotation.pk, True)
    }


def test_embedded_pick_a_pic_aggregate_rows_have_no_user(project, annotator, tmp_path):
    second = make_user("expert2")
    group = make_group(project, k=2, needed=2)
    annotate(group, annotator, [1, 2])
    annotate(group, second, [2, 1])
    snapshot = exported(project, split=ALL_TRAIN, formats=["pairwise_parquet"], options={"images": "embed"})

    rows = pq.read_table(snapshot_dir(snapshot) / "pairs.parquet").to_pylist()
    assert [(r["user_id"], r["label_0"], r["is_aggregate"]) for r in rows] == [
        (annotator.pk, 1.0, False),
        (second.pk, 0.0, False),
        (None, 0.5, True),
    ]
    assert [r["ranking_id"] is None for r in rows] == [False, False, True]


def test_embedded_per_image_parquet_carries_each_image(project, annotator, tmp_path):
    group = annotated_group(project, annotator, [2, 1, 3])
    snapshot = exported(project, split=ALL_TRAIN, formats=["per_image_parquet"], options={"images": "embed"})

    data = load(snapshot, "per_image.parquet", tmp_path)
    assert data.features["image"].__class__.__name__ == "Image"
    assert [image.tobytes() for image in data["image"]] == [
        PILImage.open(io.BytesIO(b)).tobytes() for b in stored_bytes(group)
    ]
    assert data["rank"] == [2, 1, 3]


def test_an_embedded_export_is_self_contained_and_comes_out_the_same_twice(project, annotator):
    for slots in ([1, 2, 2, 3], [2, 1], [3, 1, 2]):
        annotated_group(project, annotator, slots)
    snapshot = exported(project, options={"images": "embed"})
    assert snapshot.formats == list(EMBEDDING_FORMATS)
    first, first_archive = file_bytes(snapshot), archive_path(snapshot).read_bytes()

    again = export_snapshot(snapshot_id=snapshot.pk)
    assert file_bytes(again) == first
    assert archive_path(again).read_bytes() == first_archive
    assert not any(path.startswith("images/") for path in first)


def test_embed_is_refused_beside_a_format_that_can_only_name_images(project, annotator):
    annotated_group(project, annotator, [1, 2])
    with pytest.raises(Refused) as refused:
        create_snapshot(
            project=project, formats=["reference", "trl_preference"], options={"images": "embed"}, enqueue=False
        )
    assert [(p.field, p.rule) for p in refused.value.problems] == [("options.images", "embed_format")]
    assert "reference" in refused.value.problems[0].message


def test_parquet_row_groups_close_at_a_budget_of_image_bytes(tmp_path, monkeypatch):
    # Memory holds one row group: with large images it must close long before ROW_GROUP_ROWS.
    monkeypatch.setattr(writers, "ROW_GROUP_BYTES", 2500)
    schema = pa.schema([("n", pa.int64()), ("jpg", pa.binary())])
    rows = writers.ParquetRows(tmp_path / "t.parquet", schema)
    rows.extend({"n": list(range(7)), "jpg": [bytes(1000)] * 7}, [1000] * 7)
    rows.extend({"n": [7], "jpg": [bytes(4000)]}, [4000])  # larger than the budget: a group of its own
    rows.close()

    metadata = pq.ParquetFile(tmp_path / "t.parquet").metadata
    sizes = [metadata.row_group(g).num_rows for g in range(metadata.num_row_groups)]
    assert sizes == [2, 2, 2, 1, 1]
    assert pq.read_table(tmp_path / "t.parquet").column("n").to_pylist() == list(range(8))
