"""Import jobs on a real Celery worker (`celery -A config worker`, a subprocess) with Redis as
the broker, on the test database: an uploaded zip is imported by the worker, which records its
progress and its batch on the job; a bad zip comes back as its bad rows, with nothing written."""

import os
import tempfile
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.test import APIClient

from annotation.models import ImportBatch, ImportJob, ImportStatus, PromptGroup
from tests.factories import make_project, make_user
from tests.rewardmodel_loop.worker import celery_worker, wait_for

from .test_import_api import a_folder, zipped

pytestmark = [pytest.mark.slow, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def worker_root():
    return Path(tempfile.mkdtemp(prefix="imagepref-import-worker-"))


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, worker_root):
    import redis
    from django.conf import settings

    if connection.vendor == "sqlite":
        pytest.skip("the worker runs on PostgreSQL here (SQLite: tests/rewardmodel_loop/test_worker.py)")
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    redis.Redis.from_url(url).flushdb()
    with pytest.MonkeyPatch.context() as patch:
        # The worker reads its folders from the environment; this process uses the same ones.
        patch.setattr(settings, "MEDIA_ROOT", worker_root / "media")
        patch.setattr(settings, "IMPORT_UPLOAD_ROOT", worker_root / "uploads")
        env = {"IMPORT_UPLOAD_ROOT": str(worker_root / "uploads"), "IMPORT_WORKERS": "2"}
        with celery_worker(
            root=worker_root, broker_url=url, transport_options={"visibility_timeout": 43200}, env=env
        ) as started:
            yield started


def upload(manager, project, archive):
    client = APIClient()
    client.force_authenticate(manager)
    response = client.post(f"/api/v1/projects/{project.pk}/import-jobs/", {"archive": archive}, format="multipart")
    assert response.status_code == 202, response.json()
    return response.json()["id"]


def ended(job_id):
    job = ImportJob.objects.get(pk=job_id)
    return job if job.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING) else None


def test_the_worker_imports_an_uploaded_zip_and_records_its_batch(worker, worker_root, tmp_path):
    manager = make_user("boss")
    project = make_project(members={manager: "manager"})
    folder = a_folder(tmp_path, groups=[f"g{i}" for i in range(12)])

    job_id = upload(manager, project, zipped(folder, prefix="run/"))

    job = wait_for(lambda: ended(job_id), what="the import job to end", worker=worker)
    assert job.status == ImportStatus.DONE, (job.error, job.problems, worker.log()[-3000:])
    assert job.batch.counts["groups"] == 12 and job.batch.counts["images"] == 36
    assert (job.stage, job.done, job.total) == ("writing", 1, 1)
    assert PromptGroup.objects.filter(project=project).count() == 12
    assert "annotation.tasks.run_import" in worker.log()
    stored = [image.file.name for image in job.batch.image_set.all()]
    assert all((worker_root / "media" / name).is_file() for name in stored)
    assert not any((worker_root / "uploads").iterdir())


def test_the_worker_refuses_a_bad_zip_row_by_row_and_writes_nothing(worker, tmp_path):
    manager = make_user("boss2")
    project = make_project(members={manager: "manager"})
    folder = a_folder(tmp_path, groups=("g1", "g2"))
    folder.image("g1/2.png", b"\x89PNG broken")

    job_id = upload(manager, project, zipped(folder))

    job = wait_for(lambda: ended(job_id), what="the import job to end", worker=worker)
    assert job.status == ImportStatus.REFUSED
    assert [(r["file"], r["line"], r["field"], r["rule"]) for r in job.problems] == [
        ("manifest.jsonl", 3, "image", job.problems[0]["rule"])
    ]
    assert job.problems[0]["rule"] in {"not_an_image", "broken_image"}
    assert not PromptGroup.objects.filter(project=project).exists()
    assert not ImportBatch.objects.filter(project=project).exists()
