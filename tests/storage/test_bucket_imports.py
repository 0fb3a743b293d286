"""Imports from a bucket prefix (s3://bucket/prefix holding a manifest and its images): the
service, the API (at once and as a worker's job) and the command line. Images are checked as
from a folder and stored once by content hash in the bucket; a refusal names the field and writes
nothing; a bucket that cannot be reached or refuses the platform's credentials is a 503 naming the
setting, never a 500."""

import io
import threading
import time

import pytest
from botocore.exceptions import ClientError
from django.core.management import CommandError, call_command
from storages.backends.s3 import S3Storage

from annotation.errors import Refused
from annotation.imports import buckets
from annotation.imports.service import import_bucket_folder
from annotation.models import Annotation, Image, ImportBatch, ImportJob, ImportStatus, PromptGroup
from config.celery import app as celery_app
from tests.factories import make_annotator, make_project, make_user
from tests.imports.helpers import Folder
from tests.s3 import point_storages_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_user("boss")


@pytest.fixture
def project(manager):
    return make_project(members={manager: "manager"})


def upload(bucket, folder: Folder, under: str) -> str:
    """Every file of `folder` put under `<prefix>/<under>/` of the bucket; its s3:// URL."""
    client = bucket.client()
    for path in sorted(folder.root.rglob("*")):
        if path.is_file():
            key = f"{bucket.prefix}/{under}/{path.relative_to(folder.root).as_posix()}"
            client.put_object(Bucket=bucket.name, Key=key, Body=path.read_bytes())
    return f"s3://{bucket.name}/{bucket.prefix}/{under}"


def a_run(tmp_path, groups=("g1", "g2"), k=3, name="run1", **extra) -> Folder:
    folder = Folder(tmp_path / name)
    lines = []
    for group in groups:
        lines += folder.group_lines(group, k=k, **extra)
    folder.jsonl(lines)
    return folder


def media_keys(bucket) -> list[str]:
    return bucket.keys("media")


def nothing_written(bucket) -> bool:
    return not PromptGroup.objects.exists() and not ImportBatch.objects.exists() and media_keys(bucket) == []


def client_for(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


# --- the service ------------------------------------------------------------------------------------


def test_a_prefix_is_imported_and_each_image_stored_once_by_content_hash(bucket, project, tmp_path):
    url = upload(bucket, a_run(tmp_path, groups=("g1", "g2", "g3")), "imports/run1")

    batch = import_bucket_folder(project=project, url=url)

    assert batch.counts["groups"] == 3 and batch.counts["images"] == 9
    assert batch.source == f"{url}/manifest.jsonl"
    images = list(Image.objects.filter(project=project))
    assert sorted(f"lab/media/{image.file.name}" for image in images) == media_keys(bucket)
    for image in images:
        assert image.file.name == f"images/{project.pk}/{image.sha256[:2]}/{image.sha256}.png"
        with image.file.open("rb") as stored:
            assert stored.read()[:8] == b"\x89PNG\r\n\x1a\n"


def test_images_already_in_the_bucket_are_not_uploaded_again(bucket, project, tmp_path, monkeypatch):
    first = a_run(tmp_path, groups=("g1",), k=3)
    import_bucket_folder(project=project, url=upload(bucket, first, "imports/run1"))
    second = Folder(tmp_path / "run2")  # the same three images under other group ids
    lines = [{"group": "h1", "prompt": "again", "image": f"g1/{i}.png"} for i in range(3)]
    for i in range(3):
        second.image(f"g1/{i}.png", (first.root / f"g1/{i}.png").read_bytes())
    second.jsonl(lines)
    saves = []
    real_save = S3Storage._save
    monkeypatch.setattr(
        S3Storage, "_save", lambda self, name, content: saves.append(name) or real_save(self, name, content)
    )

    batch = import_bucket_folder(project=project, url=upload(bucket, second, "imports/run2"))

    assert batch.counts["images_reused"] == 3
    assert saves == []
    assert len(media_keys(bucket)) == 3


def test_reference_format_with_rankings_as_an_annotator(bucket, project, tmp_path):
    expert = make_annotator(project, "expert")
    folder = Folder(tmp_path / "ref")
    folder.reference(
        [
            {
                "id": 1,
                "prompt": "a cat",
                "generations": [folder.image("a.png"), folder.image("b.png")],
                "ranking": [2, 1],
            },
        ]
    )

    batch = import_bucket_folder(
        project=project, url=upload(bucket, folder, "imports/ref"), format="reference", rankings_as="expert"
    )

    assert batch.counts["groups"] == 1 and batch.counts["annotations"] == 1
    assert Annotation.objects.get().annotator == expert


def test_the_images_are_read_a_few_at_a_time(bucket, project, tmp_path, monkeypatch, settings):
    settings.IMPORT_WORKERS = 3
    url = upload(bucket, a_run(tmp_path, groups=[f"g{i}" for i in range(6)], k=4), "imports/many")
    reading, most, lock = [0], [0], threading.Lock()
    real_read = buckets.BucketFolder.read

    def counted(self, key, **kwargs):
        with lock:
            reading[0] += 1
            most[0] = max(most[0], reading[0])
        try:
            time.sleep(0.01)
            return real_read(self, key, **kwargs)
        finally:
            with lock:
                reading[0] -= 1

    monkeypatch.setattr(buckets.BucketFolder, "read", counted)

    import_bucket_folder(project=project, url=url)

    assert 1 < most[0] <= 3


# --- refusals: the field named, nothing written ---------------------------------------------------------


def refusal(call) -> list[tuple[str, str]]:
    with pytest.raises(Refused) as refused:
        call()
    return [(p.field, p.rule) for p in refused.value.problems]


def test_bad_rows_are_refused_with_their_lines_as_from_a_folder(bucket, project, tmp_path):
    folder = a_run(tmp_path, groups=("g1", "g2"))
    folder.image("g2/1.png", b"not an image")
    folder.jsonl(
        [
            *(folder.root / "manifest.jsonl").read_text().splitlines(),
            '{"group": "g3", "prompt": "x", "image": "gone.png"}',
        ]
    )
    url = upload(bucket, folder, "imports/bad")

    problems = refusal(lambda: import_bucket_folder(project=project, url=url))

    assert ("manifest.jsonl:5.image", "not_an_image") in problems
    assert ("manifest.jsonl:7.image", "not_found") in problems
    assert nothing_written(bucket)


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("imports/empty", ("folder", "not_a_folder")),
        ("imports/run1/../../media", ("folder", "invalid_bucket_url")),
        ("media", ("folder", "outside_import_roots")),
    ],
)
def test_a_prefix_that_is_empty_malformed_or_outside_the_roots_is_refused(bucket, project, tmp_path, where, expected):
    upload(bucket, a_run(tmp_path), "imports/run1")

    problems = refusal(lambda: import_bucket_folder(project=project, url=f"s3://{bucket.name}/lab/{where}"))

    assert problems == [expected]
    assert nothing_written(bucket)


def test_a_missing_manifest_or_bucket_is_refused(bucket, project, tmp_path, settings):
    url = upload(bucket, a_run(tmp_path), "imports/run1")
    settings.IMPORT_BUCKET_ROOTS = [f"s3://{bucket.name}/lab/imports", "s3://no-such-bucket-here/x"]

    assert refusal(lambda: import_bucket_folder(project=project, url=url, manifest="other.jsonl")) == [
        ("manifest", "not_found")
    ]
    assert refusal(lambda: import_bucket_folder(project=project, url="s3://no-such-bucket-here/x/run")) == [
        ("folder", "no_such_bucket")
    ]
    assert nothing_written(bucket)


def test_access_denied_to_the_prefix_is_refused_naming_the_field(bucket, project, tmp_path, monkeypatch):
    url = upload(bucket, a_run(tmp_path), "imports/run1")
    deny_listing(monkeypatch)

    problems = refusal(lambda: import_bucket_folder(project=project, url=url))

    assert problems == [("folder", "access_denied")]
    assert nothing_written(bucket)


# --- the API ------------------------------------------------------------------------------------------


def test_a_manager_imports_a_bucket_prefix_through_the_api(bucket, manager, project, tmp_path):
    url = upload(bucket, a_run(tmp_path), "imports/run1")

    response = client_for(manager).post(f"/api/v1/projects/{project.pk}/imports/", {"folder": url}, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["counts"]["groups"] == 2 and response.json()["source"] == f"{url}/manifest.jsonl"


@pytest.mark.parametrize(
    ("folder", "rule"),
    [("s3://{bucket}/lab/media", "outside_import_roots"), ("s3://Not_A_Bucket/x", "invalid_bucket_url")],
)
def test_the_api_refuses_a_prefix_in_its_error_shape(bucket, manager, project, tmp_path, folder, rule):
    upload(bucket, a_run(tmp_path), "imports/run1")

    for path in ("imports", "import-jobs"):
        response = client_for(manager).post(
            f"/api/v1/projects/{project.pk}/{path}/", {"folder": folder.format(bucket=bucket.name)}, format="json"
        )
        assert response.status_code == 400
        assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [("folder", rule)]
    assert nothing_written(bucket) and not ImportJob.objects.exists()


def test_an_unreachable_endpoint_is_a_503_naming_the_setting(bucket, manager, project, tmp_path, settings):
    url = upload(bucket, a_run(tmp_path), "imports/run1")
    point_storages_at(settings, {**bucket.env, "STORAGE_ENDPOINT_URL": "http://127.0.0.1:9"})

    for path in ("imports", "import-jobs"):
        response = client_for(manager).post(f"/api/v1/projects/{project.pk}/{path}/", {"folder": url}, format="json")
        assert response.status_code == 503
        assert response.json()["errors"][0]["rule"] == "storage_unavailable"
        assert "STORAGE_ENDPOINT_URL=http://127.0.0.1:9" in response.json()["detail"]
    assert not PromptGroup.objects.exists() and not ImportJob.objects.exists()


def test_a_bucket_that_refuses_to_store_the_images_is_a_503_naming_the_credentials(
    bucket, manager, project, tmp_path, monkeypatch
):
    url = upload(bucket, a_run(tmp_path), "imports/run1")
    refuse_writes(monkeypatch)

    response = client_for(manager).post(f"/api/v1/projects/{project.pk}/imports/", {"folder": url}, format="json")

    assert response.status_code == 503
    assert "STORAGE_SECRET_ACCESS_KEY" in response.json()["detail"]
    assert nothing_written(bucket)


@pytest.fixture
def eager():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_a_worker_imports_a_bucket_prefix_as_a_job(
    eager, bucket, manager, project, tmp_path, django_capture_on_commit_callbacks
):
    url = upload(bucket, a_run(tmp_path, groups=("g1", "g2", "g3")), "imports/run1")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            f"/api/v1/projects/{project.pk}/import-jobs/", {"folder": url}, format="json"
        )

    assert response.status_code == 202, response.json()
    job = ImportJob.objects.get(pk=response.json()["id"])
    assert (job.status, job.source, job.batch.counts["groups"]) == (ImportStatus.DONE, url, 3)


def test_a_job_whose_bucket_refuses_to_store_fails_naming_the_setting(
    eager, bucket, manager, project, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    url = upload(bucket, a_run(tmp_path), "imports/run1")
    refuse_writes(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            f"/api/v1/projects/{project.pk}/import-jobs/", {"folder": url}, format="json"
        )

    job = ImportJob.objects.get(pk=response.json()["id"])
    assert job.status == ImportStatus.FAILED
    assert "refused access (AccessDenied)" in job.error and "STORAGE_SECRET_ACCESS_KEY" in job.error
    assert not PromptGroup.objects.exists()


# --- the command line -----------------------------------------------------------------------------------


def run_command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_generations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_any_prefix_the_credentials_can_read(bucket, project, tmp_path):
    url = upload(bucket, a_run(tmp_path), "elsewhere/run1")  # outside the API's roots

    out, _ = run_command(project.slug, url)

    assert f"Import batch {ImportBatch.objects.get().pk} into {project.slug}" in out and "groups 2" in out


def test_the_command_prints_the_refusal_and_writes_nothing(bucket, project, tmp_path):
    folder = a_run(tmp_path)
    folder.image("g1/0.png", b"not an image")
    url = upload(bucket, folder, "imports/run1")

    err = io.StringIO()
    for source in (url, f"s3://{bucket.name}/lab/nothing"):
        with pytest.raises(CommandError, match="nothing was imported"):
            call_command("import_generations", project.slug, source, stdout=io.StringIO(), stderr=err)

    assert "manifest.jsonl:1.image: g1/0.png: not an image Pillow can read [not_an_image]" in err.getvalue()
    assert f"folder: s3://{bucket.name}/lab/nothing holds no objects [not_a_folder]" in err.getvalue()
    assert nothing_written(bucket)


def test_the_command_names_the_setting_when_the_endpoint_is_unreachable(bucket, project, tmp_path, settings):
    url = upload(bucket, a_run(tmp_path), "imports/run1")
    point_storages_at(settings, {**bucket.env, "STORAGE_ENDPOINT_URL": "http://127.0.0.1:9"})

    with pytest.raises(CommandError, match="STORAGE_ENDPOINT_URL"):
        run_command(project.slug, url)


# --- helpers ---------------------------------------------------------------------------------------------


def deny_listing(monkeypatch) -> None:
    """moto's server grants everything; the refusal is made as S3 answers a ListObjectsV2 it denies."""
    real_client = buckets.client

    def client():
        s3 = real_client()

        def denied(*args, **kwargs):
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "Access Denied"}}, "ListObjectsV2")

        s3.get_paginator = lambda name: type("Paginator", (), {"paginate": staticmethod(denied)})()
        return s3

    monkeypatch.setattr(buckets, "client", client)


def refuse_writes(monkeypatch) -> None:
    """The storage bucket denies PutObject, as S3 answers credentials that may read but not write."""

    def denied(self, name, content):
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "Access Denied"}}, "PutObject")

    monkeypatch.setattr(S3Storage, "_save", denied)
