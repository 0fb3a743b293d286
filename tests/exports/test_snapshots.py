"""Snapshots are immutable and versioned: filters and split fixed at creation, the same bytes on
every export, a manifest that verifies, and bad requests refused with nothing created."""

import datetime as dt
import json
import zipfile

import pytest

from annotation.errors import Refused
from annotation.models import Annotation, AnnotationStatus, DatasetSnapshot, SnapshotStatus
from annotation.services.exports import (
    ExportFailed,
    create_snapshot,
    export_snapshot,
    snapshot_dir,
    verify_snapshot,
)
from tests.exports.helpers import annotate, annotated_group, archive_path, exported, file_bytes, read_json
from tests.factories import make_group, make_project, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def annotator():
    return make_user()


@pytest.fixture
def project(annotator):
    return make_project(members={annotator: "annotator"}, annotations_per_group=2)


def fill(project, annotator, n=12):
    slot_patterns = ([1, 2, 2, 5], [3, 1, 2], [1, 2, 3, 4, 5], [2, 1])
    return [annotated_group(project, annotator, slot_patterns[i % 4], prompt=f"prompt {i}") for i in range(n)]


def test_exporting_a_snapshot_again_gives_byte_identical_files_and_archive(project, annotator):
    fill(project, annotator)
    snapshot = exported(project, options={"images": "copy"})
    first_files, first_archive = file_bytes(snapshot), archive_path(snapshot).read_bytes()

    again = export_snapshot(snapshot_id=snapshot.pk)

    assert file_bytes(again) == first_files
    assert archive_path(again).read_bytes() == first_archive
    assert again.manifest == snapshot.manifest
    assert any(name.startswith("images/") for name in first_files)


def test_later_annotations_do_not_change_a_snapshot(project, annotator):
    groups = fill(project, annotator, n=4)
    snapshot = exported(project)
    before = file_bytes(snapshot)

    annotated_group(project, annotator, [1, 2, 3])
    annotate(groups[0], make_user(), [2, 1, 1, 3])
    again = export_snapshot(snapshot_id=snapshot.pk)

    assert file_bytes(again) == before
    assert snapshot.counts["groups"] == 4


def test_a_later_rejection_does_not_change_a_snapshot(project, annotator):
    fill(project, annotator, n=3)
    snapshot = exported(project)
    before = file_bytes(snapshot)
    Annotation.objects.filter(project=project).update(status=AnnotationStatus.REJECTED)
    assert file_bytes(export_snapshot(snapshot_id=snapshot.pk)) == before


def test_manifest_verifies_and_names_a_changed_file(project, annotator):
    fill(project, annotator, n=3)
    snapshot = exported(project, options={"images": "copy"})
    assert verify_snapshot(snapshot=snapshot) == []

    with open(snapshot_dir(snapshot) / "train.json", "a", encoding="utf-8") as f:
        f.write(" ")
    problems = verify_snapshot(snapshot=snapshot)
    assert len(problems) == 1 and problems[0].startswith("train.json: sha256")


def test_manifest_covers_every_file_and_sha256sums_lists_them(project, annotator):
    fill(project, annotator, n=3)
    snapshot = exported(project, options={"images": "copy"})
    files = file_bytes(snapshot)

    metadata = sorted(name for name in files if not name.startswith("images/"))
    assert sorted(snapshot.manifest["files"]) == metadata
    sums = dict(reversed(line.split("  ")) for line in files["SHA256SUMS"].decode().splitlines())
    assert sorted(sums) == [name for name in metadata if name != "SHA256SUMS"]
    image_sums = dict(reversed(line.split("  ")) for line in files["images.sha256"].decode().splitlines())
    assert sorted(image_sums) == sorted(name for name in files if name.startswith("images/"))
    assert snapshot.manifest["images"]["count"] == len(image_sums)


def test_archive_holds_every_file_sorted_with_one_fixed_timestamp(project, annotator):
    fill(project, annotator, n=2)
    snapshot = exported(project)
    with zipfile.ZipFile(archive_path(snapshot)) as zf:
        names = zf.namelist()
        prefix = f"{project.slug}-v1/"
        assert names == sorted(names) and all(name.startswith(prefix) for name in names)
        assert sorted(name[len(prefix) :] for name in names) == sorted(file_bytes(snapshot))
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert zf.read(prefix + "train.json") == (snapshot_dir(snapshot) / "train.json").read_bytes()


def test_snapshot_records_filters_split_counts_and_numbers_versions(project, annotator):
    fill(project, annotator, n=10)
    first = exported(
        project, split={"method": "fractions", "seed": 5, "fractions": {"train": 0.6, "valid": 0.2, "test": 0.2}}
    )
    second = exported(project)

    assert (first.version, second.version) == (1, 2)
    assert first.split == {"method": "fractions", "seed": 5, "fractions": {"train": 0.6, "valid": 0.2, "test": 0.2}}
    assert first.filters["statuses"] == ["accepted", "submitted"] and first.filters["include_gold"] is False
    assert first.status == SnapshotStatus.READY and first.progress == 1.0
    assert {name: c["groups"] for name, c in first.counts["splits"].items()} == {"train": 6, "valid": 2, "test": 2}
    assert first.counts["groups"] == 10
    assert read_json(first, "snapshot.json")["counts"] == first.counts
    assert snapshot_dir(first).name == "v1" and snapshot_dir(first).parent.name == str(project.pk)


def test_one_prompt_never_lands_in_two_splits(project, annotator):
    for i in range(20):
        annotated_group(project, annotator, [1, 2], prompt=f"shared prompt {i % 5}")
        annotated_group(project, annotator, [1, 2], prompt=f"Shared  PROMPT {i % 5} ")
    snapshot = exported(
        project, split={"method": "fractions", "seed": 1, "fractions": {"train": 0.6, "valid": 0.2, "test": 0.2}}
    )

    split_of = {}
    for name in ("train", "valid", "test"):
        for record in read_json(snapshot, f"{name}.json"):
            split_of.setdefault(" ".join(record["prompt"].lower().split()), set()).add(name)
    assert len(split_of) == 5 and all(len(names) == 1 for names in split_of.values())
    assert {name: c["groups"] for name, c in snapshot.counts["splits"].items()} == {"train": 24, "valid": 8, "test": 8}


def test_held_out_split_by_prompt_id_and_text(project, annotator):
    groups = fill(project, annotator, n=6)
    snapshot = exported(
        project, split={"method": "held_out", "test": [groups[0].prompt_id, "PROMPT 1"], "valid": ["prompt 2"]}
    )
    assert [r["prompt"] for r in read_json(snapshot, "test.json")] == ["prompt 0", "prompt 1"]
    assert [r["prompt"] for r in read_json(snapshot, "valid.json")] == ["prompt 2"]
    assert len(read_json(snapshot, "train.json")) == 3


def test_filters_select_by_status_gold_annotator_and_date(project, annotator):
    other = make_user("other")
    plain = annotated_group(project, annotator, [1, 2], prompt="plain")
    accepted = annotated_group(project, annotator, [1, 2], prompt="accepted", status=AnnotationStatus.ACCEPTED)
    annotated_group(project, annotator, [1, 2], prompt="rejected", status=AnnotationStatus.REJECTED)
    gold = make_group(project, k=2, prompt="gold", gold_ranking=[1, 2])
    annotate(gold, annotator, [1, 2])
    by_other = annotated_group(project, other, [1, 2], prompt="by other")
    Annotation.objects.filter(group=by_other).update(created_at=dt.datetime(2020, 5, 1, 12, tzinfo=dt.UTC))

    def prompts(**filters):
        snapshot = create_snapshot(project=project, filters=filters, enqueue=False)
        return sorted(
            Annotation.objects.filter(id__in=snapshot.annotation_ids).values_list("group__prompt__text", flat=True)
        )

    assert prompts() == ["accepted", "by other", "plain"]
    assert prompts(statuses=["accepted"]) == ["accepted"]
    assert prompts(include_gold=True, statuses=["submitted"]) == ["by other", "gold", "plain"]
    assert prompts(annotators=["other"]) == ["by other"]
    assert prompts(date_to="2020-05-01") == ["by other"]
    assert prompts(date_from="2020-05-02") == ["accepted", "plain"]
    assert plain and accepted


@pytest.mark.parametrize(
    "request_body, field, rule",
    [
        ({"filters": {"statuses": ["accepted"]}}, "filters", "empty"),
        ({"filters": {"date_from": "2031-01-01"}}, "filters", "empty"),
        ({"filters": {"statuses": ["approved"]}}, "filters.statuses", "choice"),
        ({"filters": {"annotators": ["nobody"]}}, "filters.annotators", "unknown_user"),
        ({"filters": {"date_from": "2026-02-01", "date_to": "2026-01-01"}}, "filters.date_to", "order"),
        ({"filters": {"date_from": "yesterday"}}, "filters.date_from", "date"),
        ({"split": {"method": "fractions", "fractions": {"train": 0.8, "test": 0.1}}}, "split.fractions", "sum"),
        (
            {"split": {"method": "fractions", "fractions": {"train": 1.2, "test": -0.2}}},
            "split.fractions.test",
            "range",
        ),
        (
            {"split": {"method": "fractions", "fractions": {"train": 0.5, "holdout": 0.5}}},
            "split.fractions.holdout",
            "unknown",
        ),
        ({"split": {"method": "random"}}, "split.method", "choice"),
        ({"split": {"method": "held_out", "test": []}}, "split.test", "empty"),
        ({"split": {"method": "held_out", "test": ["no such prompt"]}}, "split.test", "unknown_prompt"),
        ({"split": {"method": "held_out", "test": ["prompt 0"], "valid": ["prompt 0"]}}, "split.test", "overlap"),
        ({"split": {"method": "held_out", "test": ["prompt 1"], "valid": ["PROMPT  1"]}}, "split.test", "overlap"),
        ({"formats": ["csv"]}, "formats", "choice"),
        ({"options": {"images": "symlink"}}, "options.images", "choice"),
        ({"options": {"refl_categories": ["Cats"]}}, "options.refl_categories", "choice"),
        ({"options": {"compress": True}}, "options.compress", "unknown"),
    ],
)
def test_bad_requests_are_refused_naming_the_field_and_create_nothing(project, annotator, request_body, field, rule):
    fill(project, annotator, n=2)
    with pytest.raises(Refused) as refused:
        create_snapshot(project=project, enqueue=False, **request_body)
    assert (field, rule) in [(p.field, p.rule) for p in refused.value.problems]
    assert not DatasetSnapshot.objects.exists()


def test_export_fails_clearly_when_frozen_annotations_were_deleted(project, annotator):
    groups = fill(project, annotator, n=3)
    snapshot = create_snapshot(project=project, enqueue=False)
    groups[1].delete()

    with pytest.raises(ExportFailed):
        export_snapshot(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.FAILED
    assert "no longer exist" in snapshot.error
    assert not snapshot_dir(snapshot).exists()


def test_groups_split_across_read_chunks_come_out_whole(project, annotator, monkeypatch):
    other = make_user()
    for i in range(5):
        group = make_group(project, k=3, needed=2, prompt=f"p{i}")
        annotate(group, annotator, [1, 2, 3])
        annotate(group, other, [2, 1, 3])
    # 10 annotations read 3 at a time: most groups start in one chunk and end in the next.
    monkeypatch.setattr("annotation.exports.source.chunk_size", lambda: 3)
    snapshot = exported(
        project, split={"method": "fractions", "seed": 0, "fractions": {"train": 1.0}}, formats=["reference"]
    )
    assert [r["ranking"] for r in read_json(snapshot, "train.json")] == [[1, 1, 2]] * 5
    assert snapshot.counts["annotations"] == 10


def test_linked_images_are_the_same_bytes_as_the_originals(project, annotator):
    group = annotated_group(project, annotator, [1, 2])
    snapshot = exported(
        project, options={"images": "link"}, split={"method": "fractions", "seed": 0, "fractions": {"train": 1.0}}
    )
    (record,) = read_json(snapshot, "train.json")
    originals = [gi.image.file.read() for gi in group.group_images.select_related("image")]
    assert [(snapshot_dir(snapshot) / path).read_bytes() for path in record["generations"]] == originals
    assert verify_snapshot(snapshot=snapshot) == []
    assert json.loads((snapshot_dir(snapshot) / "snapshot.json").read_text())["options"]["images"] == "link"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_snapshots_created_at_the_same_moment_get_distinct_versions():
    import threading

    from django.db import connection

    annotator = make_user()
    project = make_project(members={annotator: "annotator"})
    fill(project, annotator, n=3)
    start = threading.Barrier(4)
    versions, errors = [], []

    def create():
        try:
            start.wait()
            versions.append(create_snapshot(project=project, enqueue=False).version)
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(versions) == [1, 2, 3, 4]
