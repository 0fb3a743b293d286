"""POST/GET /api/v1/projects/{id}/import-jobs/: imports run by a worker, with progress to poll,
every bad row of a refused import as a table row, and the project's import history.

Here the task runs in this process (Celery eager, once the request's transaction commits);
test_import_worker.py runs it on a real worker."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from annotation.imports import jobs
from annotation.models import ImportBatch, ImportJob, ImportStatus, PromptGroup
from config.celery import app as celery_app
from tests.factories import make_project, make_user

from .helpers import Folder, image_bytes
from .test_import_api import a_folder, client_for, zipped

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def places(tmp_path):
    root = tmp_path / "imports"
    root.mkdir()
    with override_settings(IMPORT_ROOTS=[root.resolve()], IMPORT_UPLOAD_ROOT=tmp_path / "uploads"):
        yield root


@pytest.fixture
def eager():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def manager():
    return make_user("boss")


@pytest.fixture
def project(manager):
    return make_project(members={manager: "manager"})


def jobs_url(project, job_id=None):
    return f"/api/v1/projects/{project.pk}/import-jobs/" + (f"{job_id}/" if job_id else "")


def post(manager, project, body, fmt, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client_for(manager).post(jobs_url(project), body, format=fmt)


def test_an_uploaded_zip_is_imported_by_the_worker_and_the_job_records_the_batch(
    eager, manager, project, tmp_path, places, django_capture_on_commit_callbacks
):
    folder = a_folder(tmp_path, groups=("g1", "g2", "g3"))

    response = post(
        manager, project, {"archive": zipped(folder, prefix="run1/")}, "multipart", django_capture_on_commit_callbacks
    )

    assert response.status_code == 202, response.json()
    assert response.json()["status"] == "queued" and response.json()["source"] == "upload:run.zip"
    job = client_for(manager).get(jobs_url(project, response.json()["id"])).json()
    assert job["status"] == "done" and job["problems"] == [] and job["error"] == ""
    assert job["counts"]["groups"] == 3 and job["counts"]["images"] == 9
    assert (job["stage"], job["done"], job["total"]) == ("writing", 1, 1)
    assert job["created_by"] == "boss" and job["finished_at"] is not None
    assert ImportBatch.objects.get().pk == job["batch"]
    assert PromptGroup.objects.filter(project=project).count() == 3
    assert not any((tmp_path / "uploads").iterdir())  # the kept upload is gone once it ran


def test_a_server_folder_is_imported_by_the_worker(eager, manager, project, places, django_capture_on_commit_callbacks):
    a_folder(places)

    response = post(manager, project, {"folder": "run1"}, "json", django_capture_on_commit_callbacks)

    job = ImportJob.objects.get(pk=response.json()["id"])
    assert job.status == ImportStatus.DONE and job.batch.counts["groups"] == 2


def test_a_queued_qualification_import_marks_the_set_when_the_worker_writes_it(
    eager, manager, project, tmp_path, django_capture_on_commit_callbacks
):
    folder = Folder(tmp_path / "q")
    folder.jsonl(folder.group_lines("q1", k=2, ranks=[1, 2]))

    response = post(
        manager,
        project,
        {"archive": zipped(folder), "qualification": True},
        "multipart",
        django_capture_on_commit_callbacks,
    )

    job = ImportJob.objects.get(pk=response.json()["id"])
    assert job.status == ImportStatus.DONE and job.options["qualification"] is True
    assert PromptGroup.objects.get(project=project).is_qualification


def test_a_queued_qualification_import_without_rankings_is_refused_by_the_worker_with_the_row(
    eager, manager, project, tmp_path, django_capture_on_commit_callbacks
):
    folder = a_folder(tmp_path, groups=("g1",))

    response = post(
        manager,
        project,
        {"archive": zipped(folder), "qualification": True},
        "multipart",
        django_capture_on_commit_callbacks,
    )

    job = client_for(manager).get(jobs_url(project, response.json()["id"])).json()
    assert job["status"] == "refused"
    assert [(r["file"], r["line"], r["rule"]) for r in job["problems"]] == [("manifest.jsonl", 1, "ranking_missing")]
    assert not PromptGroup.objects.exists()


def test_a_bad_zip_shows_every_bad_row_and_writes_nothing(
    eager, manager, project, tmp_path, django_capture_on_commit_callbacks
):
    folder = a_folder(tmp_path, groups=("g1", "g2"))
    folder.image("g2/1.png", b"not an image")
    lines = (folder.root / "manifest.jsonl").read_text().splitlines()
    lines[0] = lines[0].replace('"prompt": "prompt of g1"', '"prompt": 7')
    (folder.root / "manifest.jsonl").write_text("\n".join(lines) + "\n")

    response = post(manager, project, {"archive": zipped(folder)}, "multipart", django_capture_on_commit_callbacks)

    job = client_for(manager).get(jobs_url(project, response.json()["id"])).json()
    assert job["status"] == "refused" and job["problem_count"] == 2 and job["batch"] is None
    assert [(r["file"], r["line"], r["field"], r["rule"]) for r in job["problems"]] == [
        ("manifest.jsonl", 1, "prompt", "required"),
        ("manifest.jsonl", 5, "image", "not_an_image"),
    ]
    assert not PromptGroup.objects.exists() and not ImportBatch.objects.exists()


def test_the_history_lists_every_import_newest_first_with_counts_and_who(
    eager, manager, project, tmp_path, places, django_capture_on_commit_callbacks
):
    a_folder(places)
    post(manager, project, {"folder": "run1"}, "json", django_capture_on_commit_callbacks)
    post(manager, project, {"folder": "run1"}, "json", django_capture_on_commit_callbacks)  # the same groups again

    history = client_for(manager).get(jobs_url(project)).json()

    assert [(j["status"], j["created_by"], j["problem_count"]) for j in history] == [
        ("refused", "boss", 2),
        ("done", "boss", 0),
    ]
    assert history[1]["counts"]["groups"] == 2 and history[0]["counts"] is None
    assert "problems" not in history[0]


@pytest.mark.parametrize(
    "body, field, rule",
    [
        ({"folder": "../elsewhere"}, "folder", "outside_import_roots"),
        ({"folder": "run1", "format": "csv"}, "format", "invalid_choice"),
        ({"folder": "run1", "rankings_as": "nobody"}, "rankings_as", "unknown_user"),
    ],
)
def test_bad_options_are_refused_at_once_and_queue_nothing(
    manager, project, places, body, field, rule, django_capture_on_commit_callbacks
):
    a_folder(places)

    response = post(manager, project, body, "json", django_capture_on_commit_callbacks)

    assert response.status_code == 400
    assert (response.json()["errors"][0]["field"], response.json()["errors"][0]["rule"]) == (field, rule)
    assert not ImportJob.objects.exists()


def test_an_upload_that_is_no_zip_is_refused_at_once(manager, project, tmp_path, django_capture_on_commit_callbacks):
    import io

    upload = io.BytesIO(image_bytes())
    upload.name = "run.zip"

    response = post(manager, project, {"archive": upload}, "multipart", django_capture_on_commit_callbacks)

    assert response.status_code == 400 and response.json()["errors"][0]["rule"] == "not_a_zip"
    assert not ImportJob.objects.exists() and not any((tmp_path / "uploads").iterdir())


def test_progress_is_recorded_on_the_job_while_it_runs(manager, project, places, monkeypatch):
    a_folder(places, groups=("g1", "g2", "g3", "g4"))
    job = jobs.queue_import(project=project, created_by=manager, folder="run1")
    seen = []
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 0.0)
    monkeypatch.setattr("annotation.imports.parallel.SLICE", 5)

    def spy(stage, done, total):
        seen.append((stage, done, total))

    reporter = jobs._reporter(job)
    monkeypatch.setattr(jobs, "_reporter", lambda j: lambda *a: (spy(*a), reporter(*a)))

    jobs.run_import(job_id=job.pk)

    assert ("checking", 5, 12) in seen and ("checking", 12, 12) in seen
    assert ("storing", 12, 12) in seen and seen[-1] == ("writing", 1, 1)
    job.refresh_from_db()
    assert (job.status, job.stage, job.done, job.total) == (ImportStatus.DONE, "writing", 1, 1)


def test_a_job_runs_once_even_if_its_message_comes_twice(manager, project, places):
    a_folder(places)
    job = jobs.queue_import(project=project, created_by=manager, folder="run1")

    first = jobs.run_import(job_id=job.pk)
    second = jobs.run_import(job_id=job.pk)

    assert first.status == ImportStatus.DONE and second is None
    assert ImportBatch.objects.count() == 1


def test_an_error_of_the_server_fails_the_job_and_writes_nothing(manager, project, places, monkeypatch):
    a_folder(places)
    job = jobs.queue_import(project=project, created_by=manager, folder="run1")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("annotation.imports.writer.store_image", broken)
    finished = jobs.run_import(job_id=job.pk)

    assert finished.status == ImportStatus.FAILED and "disk full" in finished.error
    assert not PromptGroup.objects.exists()


@pytest.fixture
def sent(monkeypatch):
    """The job ids queued through annotation.dispatch (at once: no transaction to wait for here)."""
    ids = []
    monkeypatch.setattr("annotation.dispatch.run_import", ids.append)
    return ids


def test_the_reaper_sends_a_lost_queued_job_again(manager, project, places, sent, settings):
    a_folder(places)
    job = jobs.queue_import(project=project, created_by=manager, folder="run1")
    later = timezone.now() + timedelta(seconds=settings.IMPORT_RESEND_SECONDS + 1)

    assert jobs.reap_stale_import_jobs(now=later) == {"resent": [job.pk], "requeued": [], "failed": []}
    assert sent == [job.pk, job.pk]
    assert jobs.reap_stale_import_jobs(now=later) == {"resent": [], "requeued": [], "failed": []}  # sent just now


def test_a_job_whose_worker_is_lost_runs_again_then_fails_after_the_second_loss(
    manager, project, places, sent, settings, monkeypatch
):
    a_folder(places)
    job = jobs.queue_import(project=project, created_by=manager, folder="run1")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, attempts=1)  # a worker claimed it, died
    stale = timedelta(seconds=settings.IMPORT_STALE_SECONDS + 1)

    assert jobs.reap_stale_import_jobs(now=timezone.now() + stale)["requeued"] == [job.pk]
    assert jobs.run_import(job_id=job.pk).status == ImportStatus.DONE  # the second attempt runs it

    second = jobs.queue_import(project=project, created_by=manager, folder="run1")
    ImportJob.objects.filter(pk=second.pk).update(status=ImportStatus.RUNNING, attempts=jobs.MAX_ATTEMPTS)
    assert jobs.reap_stale_import_jobs(now=timezone.now() + stale)["failed"] == [second.pk]
    second.refresh_from_db()
    assert second.status == ImportStatus.FAILED and "worker was lost" in second.error


def test_a_live_running_job_is_left_alone(manager, project, places, sent):
    a_folder(places)
    job = jobs.queue_import(project=project, created_by=manager, folder="run1")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, attempts=1)

    assert jobs.reap_stale_import_jobs() == {"resent": [], "requeued": [], "failed": []}
