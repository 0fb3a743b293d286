"""Round trip: a snapshot exported in the reference format, imported with `import_generations`
into a new project and exported again, gives the same groups, rankings and comparisons.

Two things legitimately change on the way and are compared accordingly: the importer renumbers
a ranking's slots densely (the same order and ties: [1, 2, 2, 5] becomes [1, 2, 2, 3]), and
images are named by the sha256 of their bytes, which the re-import computes itself."""

import pytest

from annotation.imports import import_generations
from annotation.services.exports import snapshot_dir
from tests.exports.helpers import annotated_group, exported, read_json, read_jsonl
from tests.factories import make_project, make_user

pytestmark = pytest.mark.django_db

SPLIT = {"method": "fractions", "seed": 11, "fractions": {"train": 0.5, "valid": 0.25, "test": 0.25}}
SLOTS = ([1, 2, 2, 5], [3, 1, 2], [1, 2, 3, 4, 5], [2, 1], [1, 1, 2, 2, 3, 4])


def dense(ranking):
    order = {v: i for i, v in enumerate(sorted(set(ranking)), start=1)}
    return [order[v] for v in ranking]


def content_of(snapshot) -> dict[str, str]:
    """Image path inside the export -> sha256 of its bytes (from images.sha256)."""
    lines = (snapshot_dir(snapshot) / "images.sha256").read_text().splitlines()
    return {path: sha for sha, path in (line.split("  ", 1) for line in lines)}


def groups_of(snapshot):
    content = content_of(snapshot)
    return {
        split: [
            (r["id"], r["prompt"], [content[g] for g in r["generations"]], dense(r["ranking"]))
            for r in read_json(snapshot, f"{split}.json")
        ]
        for split in ("train", "valid", "test")
    }


def comparisons_of(snapshot):
    content = content_of(snapshot)
    return sorted(
        (r["split"], r["prompt_id"], content[r["image_0"]], content[r["image_1"]], r["label_0"], r["label_1"])
        for r in read_jsonl(snapshot, "pairs.jsonl")
    )


def test_reference_export_imported_into_a_new_project_exports_the_same_data():
    expert = make_user("expert1")
    source = make_project(members={expert: "annotator"})
    for i in range(12):
        annotated_group(source, expert, SLOTS[i % len(SLOTS)], prompt=f"a prompt about thing {i}")
    first = exported(source, split=SPLIT, formats=["reference", "pairwise_jsonl"], options={"images": "copy"})

    target = make_project(members={expert: "annotator"})
    for split in ("train", "valid", "test"):
        import_generations(
            project=target,
            folder=snapshot_dir(first),
            manifest=f"{split}.json",
            format="reference",
            rankings_as="expert1",
        )
    second = exported(target, split=SPLIT, formats=["reference", "pairwise_jsonl"], options={"images": "copy"})

    assert groups_of(second) == groups_of(first)
    assert comparisons_of(second) == comparisons_of(first)
    assert {k: second.counts[k] for k in ("groups", "images", "comparisons", "ties", "splits")} == {
        k: first.counts[k] for k in ("groups", "images", "comparisons", "ties", "splits")
    }
    assert all(first.counts["splits"][name]["groups"] for name in ("train", "valid", "test"))
