"""Hardening of the export endpoints (issue #11): a snapshot request of the wrong shape is a 400
naming the field and the rule, never a 500, and creates nothing."""

from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from annotation.api.import_serializers import ImportBatchSerializer
from annotation.models import DatasetSnapshot, ImportBatch
from annotation.services.exports import (
    create_snapshot,
    export_snapshot,
    reap_stale_snapshots,
    snapshot_dir,
    verify_snapshot,
)
from annotation.tasks import reap_stale_snapshots_task
from tests.exports.helpers import annotated_group, exported
from tests.factories import make_project, make_user

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = 2**64 + 1


@pytest.fixture
def researcher():
    return make_user()


@pytest.fixture
def project(researcher):
    project = make_project(members={researcher: "researcher"})
    annotator = make_user()
    for i in range(3):
        annotated_group(project, annotator, [1, 2, 3], prompt=f"prompt {i}")
    return project


def refused(researcher, project, body) -> dict:
    """The answer to a snapshot request that must be refused: a 400 in the API's error shape,
    with no snapshot created. {field: rule} of its problems."""
    client = APIClient()
    client.force_authenticate(researcher)
    answer = client.post(f"/api/v1/projects/{project.pk}/snapshots/", body, format="json")
    assert answer.status_code == 400, answer.content
    payload = answer.json()
    assert payload["detail"] and payload["errors"]
    assert not DatasetSnapshot.objects.exists()
    return {problem["field"]: problem["rule"] for problem in payload["errors"]}


@pytest.mark.parametrize(
    "statuses", [[["submitted"]], [{"status": "submitted"}], ["submitted", ["accepted"]]], ids=["list", "dict", "mixed"]
)
def test_statuses_that_are_not_strings_are_refused(researcher, project, statuses):
    assert refused(researcher, project, {"filters": {"statuses": statuses}}) == {"filters.statuses": "type"}


@pytest.mark.parametrize("annotators", [[[1]], [{"id": 1}], [1.5]], ids=["list", "dict", "float"])
def test_annotators_that_are_not_ids_or_usernames_are_refused(researcher, project, annotators):
    assert refused(researcher, project, {"filters": {"annotators": annotators}}) == {"filters.annotators": "type"}


@pytest.mark.parametrize("annotator", [BEYOND_64_BITS, -BEYOND_64_BITS, 0])
def test_annotator_ids_outside_the_id_range_are_refused(researcher, project, annotator):
    assert refused(researcher, project, {"filters": {"annotators": [annotator]}}) == {"filters.annotators": "range"}


def test_an_annotator_id_beyond_32_bits_is_an_unknown_user(researcher, project):
    # auth_user.id is a 32-bit integer on PostgreSQL: a larger id names nobody.
    assert refused(researcher, project, {"filters": {"annotators": [2**40]}}) == {"filters.annotators": "unknown_user"}


@pytest.mark.parametrize(
    "field,value",
    [
        ("date_from", "0001-01-01T00:00:00+05:00"),
        ("date_to", "9999-12-31T23:00:00-05:00"),
        ("date_from", "0001-01-01T00:30:00+01:00"),
    ],
)
def test_dates_that_overflow_in_utc_are_refused(researcher, project, field, value):
    assert refused(researcher, project, {"filters": {field: value}}) == {f"filters.{field}": "date"}


@pytest.mark.parametrize("name", ["test", "valid"])
@pytest.mark.parametrize("entry", [BEYOND_64_BITS, -1, 0])
def test_held_out_prompt_ids_outside_the_id_range_are_refused(researcher, project, name, entry):
    split = {"method": "held_out", name: [entry]}
    assert refused(researcher, project, {"split": split}) == {f"split.{name}": "range"}


def test_held_out_entries_that_are_lists_are_refused(researcher, project):
    split = {"method": "held_out", "test": [["prompt 0"]], "valid": [{"id": 1}]}
    assert refused(researcher, project, {"split": split}) == {"split.test": "type", "split.valid": "type"}


@pytest.mark.parametrize("method", [["fractions"], {"m": 1}, 3])
def test_a_split_method_that_is_not_a_name_is_refused(researcher, project, method):
    assert refused(researcher, project, {"split": {"method": method}}) == {"split.method": "choice"}


@pytest.mark.parametrize("seed", [BEYOND_64_BITS, -BEYOND_64_BITS])
def test_a_seed_outside_64_bits_is_refused(researcher, project, seed):
    assert refused(researcher, project, {"split": {"method": "fractions", "seed": seed}}) == {"split.seed": "range"}


@pytest.mark.parametrize("formats", [[["reference"]], [{"f": 1}]])
def test_formats_that_are_not_names_are_refused(researcher, project, formats):
    assert set(refused(researcher, project, {"formats": formats})) == {"formats[0]"}


@pytest.mark.parametrize("key", ["images", "aggregation"])
@pytest.mark.parametrize("value", [["copy"], {"mode": "copy"}])
def test_options_that_are_not_names_are_refused(researcher, project, key, value):
    assert refused(researcher, project, {"options": {key: value}}) == {f"options.{key}": "choice"}


def test_include_gold_of_the_wrong_shape_is_refused(researcher, project):
    assert refused(researcher, project, {"filters": {"include_gold": [True]}}) == {"filters.include_gold": "type"}


def test_a_list_longer_than_the_limit_is_refused(researcher, project, settings):
    settings.EXPORT_MAX_LIST_ITEMS = 3
    body = {
        "filters": {"annotators": [1, 2, 3, 4]},
        "split": {"method": "held_out", "test": ["a", "b", "c", "d"]},
    }
    assert refused(researcher, project, body) == {"filters.annotators": "max_items", "split.test": "max_items"}


def test_a_failed_snapshot_says_what_failed_without_the_servers_paths(researcher, project, settings):
    snapshot = create_snapshot(project=project, enqueue=False)
    error = f"PermissionError: [Errno 13] Permission denied: '{settings.EXPORT_ROOT}/{project.slug}/v1/x.parquet'"
    DatasetSnapshot.objects.filter(pk=snapshot.pk).update(status="failed", error=error)
    client = APIClient()
    client.force_authenticate(researcher)
    for url in (f"/api/v1/snapshots/{snapshot.pk}/", f"/api/v1/projects/{project.pk}/snapshots/"):
        answer = client.get(url)
        assert answer.status_code == 200
        assert str(settings.EXPORT_ROOT) not in answer.content.decode()
    assert client.get(f"/api/v1/snapshots/{snapshot.pk}/").json()["error"] == (
        "PermissionError: [Errno 13] Permission denied: '…/x.parquet'"
    )
    assert DatasetSnapshot.objects.get(pk=snapshot.pk).error == error


# --- files placed by the project's id ------------------------------------------------------------


def project_with_slug(researcher, slug):
    project = make_project(members={researcher: "researcher"})
    project.slug = slug
    project.save(update_fields=["slug"])
    return project


def download(user, snapshot) -> bytes:
    client = APIClient()
    client.force_authenticate(user)
    answer = client.get(f"/api/v1/snapshots/{snapshot.pk}/download/")
    assert answer.status_code == 200, answer.content
    return b"".join(answer.streaming_content)


def test_a_project_that_takes_a_renamed_projects_slug_does_not_touch_its_files(researcher, project):
    first = exported(project, formats=["reference"])
    first_zip = download(researcher, first)
    old_slug = project.slug
    project.slug = f"{old_slug}-renamed"
    project.save(update_fields=["slug"])

    newcomer = project_with_slug(researcher, old_slug)
    annotated_group(newcomer, make_user(), [1, 2], prompt="another project's prompt")
    second = exported(newcomer, formats=["reference"])

    assert (first.version, second.version) == (1, 1)
    assert snapshot_dir(first) != snapshot_dir(second) and first.archive_path != second.archive_path
    first.refresh_from_db()
    assert verify_snapshot(snapshot=first) == []
    assert download(researcher, first) == first_zip


def test_a_snapshot_exported_under_the_slug_named_folders_still_downloads(researcher, project, settings):
    snapshot = exported(project, formats=["reference"])
    archive = download(researcher, snapshot)
    # Move it where exports used to go: EXPORT_ROOT/<slug>/v1 and EXPORT_ROOT/<slug>/<slug>-v1.zip.
    root = Path(settings.EXPORT_ROOT)
    legacy = root / project.slug
    legacy.mkdir()
    snapshot_dir(snapshot).rename(legacy / "v1")
    (root / snapshot.archive_path).rename(legacy / f"{project.slug}-v1.zip")
    DatasetSnapshot.objects.filter(pk=snapshot.pk).update(archive_path=f"{project.slug}/{project.slug}-v1.zip")
    snapshot.refresh_from_db()

    assert download(researcher, snapshot) == archive
    assert snapshot_dir(snapshot) == legacy / "v1"
    assert verify_snapshot(snapshot=snapshot) == []


def test_refl_bundles_of_two_projects_that_held_one_slug_lie_apart(researcher, project):
    from rewardmodel.selectors import refl_bundle_root as bundle_root

    first = exported(project, formats=["refl_data"])
    first_root = bundle_root(first)
    old_slug = project.slug
    project.slug = f"{old_slug}-renamed"
    project.save(update_fields=["slug"])
    newcomer = project_with_slug(researcher, old_slug)
    annotated_group(newcomer, make_user(), [1, 2], prompt="another project's prompt")
    second = exported(newcomer, formats=["refl_data"])
    assert bundle_root(second) != first_root


# --- lost exports --------------------------------------------------------------------------------


@pytest.fixture
def sent():
    with mock.patch("annotation.dispatch.export_snapshot") as send:
        yield send


def snapshot_in(project, status, *, age_seconds):
    snapshot = create_snapshot(project=project, enqueue=False)
    DatasetSnapshot.objects.filter(pk=snapshot.pk).update(
        status=status, heartbeat_at=timezone.now() - timedelta(seconds=age_seconds)
    )
    return DatasetSnapshot.objects.get(pk=snapshot.pk)


def test_the_reaper_sends_a_lost_pending_snapshot_again(project, settings, sent, django_capture_on_commit_callbacks):
    settings.EXPORT_RESEND_SECONDS = 600
    lost = snapshot_in(project, "pending", age_seconds=601)
    waiting = snapshot_in(project, "pending", age_seconds=10)
    with django_capture_on_commit_callbacks(execute=True):
        reaped = reap_stale_snapshots()
    assert reaped == {"resent": [lost.pk], "failed": []}
    sent.assert_called_once_with(lost.pk)
    lost.refresh_from_db()
    assert lost.status == "pending" and timezone.now() - lost.heartbeat_at < timedelta(seconds=60)
    assert DatasetSnapshot.objects.get(pk=waiting.pk).status == "pending"
    # Sent again just now: not again at the next check.
    assert reap_stale_snapshots() == {"resent": [], "failed": []}


def test_the_reaper_fails_a_running_snapshot_whose_worker_is_gone(project, settings, sent):
    settings.EXPORT_STALE_SECONDS = 3600
    dead = snapshot_in(project, "running", age_seconds=3601)
    alive = snapshot_in(project, "running", age_seconds=60)
    assert reap_stale_snapshots() == {"resent": [], "failed": [dead.pk]}
    dead.refresh_from_db()
    assert dead.status == "failed" and "Export the snapshot again" in dead.error and dead.finished_at
    assert DatasetSnapshot.objects.get(pk=alive.pk).status == "running"
    sent.assert_not_called()


def test_an_export_in_progress_keeps_its_heartbeat_fresh(project):
    snapshot = snapshot_in(project, "pending", age_seconds=10**6)
    export_snapshot(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    assert snapshot.status == "ready" and timezone.now() - snapshot.heartbeat_at < timedelta(seconds=60)


def test_the_reaper_runs_on_celery_beat(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "annotation.tasks.reap_stale_snapshots" in tasks
    assert reap_stale_snapshots_task.name == "annotation.tasks.reap_stale_snapshots"


def retry(user, snapshot):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(f"/api/v1/snapshots/{snapshot.pk}/reexport/")


@pytest.mark.parametrize(
    "status,age_setting", [("pending", "EXPORT_RESEND_SECONDS"), ("running", "EXPORT_STALE_SECONDS")]
)
def test_a_stuck_snapshot_can_be_retried_once_its_export_is_lost(
    researcher, project, settings, sent, django_capture_on_commit_callbacks, status, age_setting
):
    limit = getattr(settings, age_setting)
    busy = snapshot_in(project, status, age_seconds=limit / 2)
    answer = retry(researcher, busy)
    assert answer.status_code == 409 and answer.json()["errors"][0]["rule"] == "busy"

    stuck = snapshot_in(project, status, age_seconds=limit + 1)
    with django_capture_on_commit_callbacks(execute=True):
        answer = retry(researcher, stuck)
    assert answer.status_code == 202, answer.content
    assert answer.json()["status"] == "pending"
    sent.assert_called_once_with(stuck.pk)


def test_a_failed_snapshot_can_be_retried(researcher, project, sent, django_capture_on_commit_callbacks):
    failed = snapshot_in(project, "failed", age_seconds=10)
    with django_capture_on_commit_callbacks(execute=True):
        assert retry(researcher, failed).status_code == 202
    sent.assert_called_once_with(failed.pk)
    assert DatasetSnapshot.objects.get(pk=failed.pk).status == "pending"


# --- import batches (listed to managers) ---------------------------------------------------------


@pytest.mark.parametrize(
    "source,shown",
    [
        ("{root}/run1/manifest.jsonl", "run1/manifest.jsonl"),
        ("/home/someone/elsewhere/manifest.jsonl", "…/manifest.jsonl"),
        ("upload:run.zip", "upload:run.zip"),
    ],
)
def test_an_import_batch_shows_its_source_without_the_servers_folders(project, settings, tmp_path, source, shown):
    settings.IMPORT_ROOTS = [tmp_path / "imports"]
    batch = ImportBatch.objects.create(project=project, source=source.format(root=tmp_path / "imports"), format="jsonl")
    assert ImportBatchSerializer(batch).data["source"] == shown


# --- every field of the request, every wrong shape -----------------------------------------------

ODD_VALUES = [
    None,
    True,
    0,
    -1,
    1.5,
    2**64,
    10**400,
    "",
    "x" * 5000,
    "0001-01-01T00:00:00+05:00",
    [],
    [[]],
    [{}],
    [2**64],
    [10**400],
    {},
    {"a": [1]},
]
REQUEST_FIELDS = [
    ({}, ("filters",)),
    ({}, ("filters", "statuses")),
    ({}, ("filters", "date_from")),
    ({}, ("filters", "date_to")),
    ({}, ("filters", "annotators")),
    ({}, ("filters", "include_gold")),
    ({}, ("filters", "other")),
    ({}, ("split",)),
    ({}, ("split", "method")),
    ({}, ("split", "seed")),
    ({}, ("split", "fractions")),
    ({}, ("split", "fractions", "train")),
    ({"split": {"method": "held_out", "test": ["prompt 0"]}}, ("split", "test")),
    ({"split": {"method": "held_out", "test": ["prompt 0"]}}, ("split", "valid")),
    ({}, ("formats",)),
    ({}, ("options",)),
    ({}, ("options", "images")),
    ({}, ("options", "aggregation")),
    ({}, ("options", "refl_categories")),
    ({}, ("options", "refl_exclude_prompt_flags")),
]


@pytest.mark.parametrize("base,path", REQUEST_FIELDS, ids=[".".join(p) for _, p in REQUEST_FIELDS])
def test_no_value_of_any_request_field_is_a_server_error(researcher, project, base, path):
    client = APIClient()
    client.force_authenticate(researcher)
    for value in ODD_VALUES:
        body = {key: dict(inner) for key, inner in base.items()}
        target = body
        for key in path[:-1]:
            target = target.setdefault(key, {})
            if key == "fractions":
                target.update({"valid": 0.1, "test": 0.1})
        target[path[-1]] = value
        answer = client.post(f"/api/v1/projects/{project.pk}/snapshots/", body, format="json")
        assert answer.status_code in (202, 400), (body, answer.status_code)
        if answer.status_code == 400:
            assert answer.json()["errors"], body
