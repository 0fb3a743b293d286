"""The CLI (`manage.py export_dataset`) and the Celery task run the same export as the API."""

import ast
import io
from pathlib import Path

import pytest
from celery import current_app
from django.core.management import CommandError, call_command

from annotation import dispatch
from annotation.models import DatasetSnapshot, SnapshotStatus
from annotation.services import exports as export_service
from annotation.services.exports import create_snapshot, snapshot_dir
from annotation.tasks import export_snapshot_task
from tests.exports.helpers import annotated_group, file_bytes, read_json
from tests.factories import make_project, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    annotator = make_user("expert1")
    project = make_project(members={annotator: "annotator"})
    for i in range(5):
        annotated_group(project, annotator, [1, 2, 3], prompt=f"prompt {i}")
    return project


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_dataset", *args, stdout=out)
    return out.getvalue()


def test_command_creates_and_exports_a_snapshot(project, tmp_path):
    held_out = tmp_path / "test_prompts.txt"
    held_out.write_text("prompt 3\nprompt 4\n")
    output = run(
        "--project", project.slug, "--held-out-test", str(held_out), "--format", "reference", "--images", "copy"
    )

    snapshot = DatasetSnapshot.objects.get()
    assert snapshot.status == SnapshotStatus.READY and snapshot.formats == ["reference"]
    assert [r["prompt"] for r in read_json(snapshot, "test.json")] == ["prompt 3", "prompt 4"]
    assert f"{project.slug} v1" in output and "5 groups" in output
    assert str(snapshot_dir(snapshot)) in output


def test_command_reexports_and_verifies_a_snapshot(project):
    run("--project", str(project.pk), "--fractions", "0.6,0.2,0.2", "--seed", "3")
    snapshot = DatasetSnapshot.objects.get()
    before = file_bytes(snapshot)
    run("--snapshot", str(snapshot.pk))
    assert file_bytes(snapshot) == before
    assert "every file matches" in run("--verify", str(snapshot.pk))

    (snapshot_dir(snapshot) / "README.md").write_text("changed")
    with pytest.raises(CommandError, match="README.md"):
        run("--verify", str(snapshot.pk))


def test_command_prints_the_refusal_and_creates_nothing(project):
    with pytest.raises(CommandError, match="split.fractions"):
        run("--project", project.slug, "--fractions", "0.5,0.2,0.2")
    with pytest.raises(CommandError, match="no project"):
        run("--project", "no-such-project")
    assert not DatasetSnapshot.objects.exists()


def test_task_exports_and_records_progress_on_the_snapshot(project):
    snapshot = create_snapshot(project=project, enqueue=False)
    export_snapshot_task.apply(args=[snapshot.pk])
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.READY and snapshot.progress == 1.0
    assert snapshot.counts["groups"] == 5 and snapshot.finished_at is not None


def test_task_records_a_failure_on_the_snapshot_instead_of_raising(project):
    snapshot = create_snapshot(project=project, enqueue=False)
    project.groups.first().delete()
    export_snapshot_task.apply(args=[snapshot.pk])
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.FAILED and "no longer exist" in snapshot.error


def test_the_export_service_queues_its_task_by_name_and_never_imports_tasks():
    tree = ast.parse(Path(export_service.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
            imported.update(f"{node.module or ''}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert not [name for name in imported if "tasks" in name.split(".")]
    assert current_app.tasks[dispatch.EXPORT_SNAPSHOT] == export_snapshot_task
