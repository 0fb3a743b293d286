"""The export endpoints: researchers and managers create, follow and download snapshots; every
other caller is turned away (annotator and reviewer 403, non-member 404, anonymous 403), and a
bad request is a 400 naming the field, with nothing created."""

import io
import zipfile

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotation.models import DatasetSnapshot
from config.celery import app as celery_app
from tests.exports.helpers import annotated_group, archive_path
from tests.factories import make_project, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def people():
    return {role: make_user(role) for role in ("annotator", "reviewer", "researcher", "manager", "outsider")}


@pytest.fixture
def project(people):
    project = make_project(members={people[r]: r for r in ("annotator", "reviewer", "researcher", "manager")})
    for i in range(6):
        annotated_group(project, people["annotator"], [1, 2, 2, 3], prompt=f"prompt {i}")
    return project


def client_for(user=None, *, token=False):
    client = APIClient()
    if user is not None and token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    elif user is not None:
        client.force_authenticate(user)
    return client


def create(client, project, body=None):
    return client.post(f"/api/v1/projects/{project.pk}/snapshots/", body or {}, format="json")


def test_researcher_with_a_token_creates_follows_and_downloads_a_snapshot(
    project, people, eager_celery, django_capture_on_commit_callbacks
):
    client = client_for(people["researcher"], token=True)
    with django_capture_on_commit_callbacks(execute=True):
        answer = create(client, project, {"formats": ["reference", "pairwise_parquet"], "options": {"images": "copy"}})
    assert answer.status_code == 202, answer.json()
    assert answer.json()["status"] == "pending" and answer.json()["version"] == 1

    detail = client.get(f"/api/v1/snapshots/{answer.json()['id']}/").json()
    assert detail["status"] == "ready" and detail["progress"] == 1.0
    assert detail["counts"]["groups"] == 6 and detail["counts"]["ties"] == 6
    assert detail["created_by"] == "researcher"
    assert "train.json" in detail["manifest"]["files"]

    download = client.get(detail["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["ETag"] == f'"{detail["manifest"]["archive"]["sha256"]}"'
    body = b"".join(download.streaming_content)
    snapshot = DatasetSnapshot.objects.get(pk=detail["id"])
    assert body == archive_path(snapshot).read_bytes()
    assert f"{project.slug}-v1/train.json" in zipfile.ZipFile(io.BytesIO(body)).namelist()


def test_manager_may_export_too(project, people):
    assert create(client_for(people["manager"]), project).status_code == 202


def test_list_shows_snapshots_with_their_counts_newest_first(
    project, people, eager_celery, django_capture_on_commit_callbacks
):
    client = client_for(people["researcher"])
    with django_capture_on_commit_callbacks(execute=True):
        create(client, project)
        create(client, project, {"filters": {"statuses": ["submitted"]}})
    listing = client.get(f"/api/v1/projects/{project.pk}/snapshots/").json()
    assert [s["version"] for s in listing["results"]] == [2, 1]
    assert [s["counts"]["groups"] for s in listing["results"]] == [6, 6]


@pytest.mark.parametrize("role, status", [("annotator", 403), ("reviewer", 403), ("outsider", 404), (None, 403)])
def test_only_researchers_and_managers_reach_snapshots(project, people, role, status):
    researcher = client_for(people["researcher"])
    create(researcher, project)
    snapshot = DatasetSnapshot.objects.get()
    DatasetSnapshot.objects.filter(pk=snapshot.pk).update(status="failed")  # so re-export is allowed
    client = client_for(people[role] if role else None)

    answers = [
        client.get(f"/api/v1/projects/{project.pk}/snapshots/"),
        create(client, project),
        client.get(f"/api/v1/snapshots/{snapshot.pk}/"),
        client.get(f"/api/v1/snapshots/{snapshot.pk}/download/"),
        client.post(f"/api/v1/snapshots/{snapshot.pk}/reexport/"),
    ]
    assert [a.status_code for a in answers] == [status] * 5
    assert DatasetSnapshot.objects.count() == 1


def test_a_bad_request_is_a_400_naming_the_field_and_creates_nothing(project, people):
    answer = create(
        client_for(people["researcher"]),
        project,
        {"split": {"method": "fractions", "fractions": {"train": 0.7, "valid": 0.1, "test": 0.1}}},
    )
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {"field": "split.fractions", "rule": "sum", "message": "the fractions add up to 0.9, not 1"}
    ]
    assert "split.fractions" in answer.json()["detail"]
    assert not DatasetSnapshot.objects.exists()


def test_a_filter_that_matches_nothing_is_a_400(project, people):
    answer = create(client_for(people["researcher"]), project, {"filters": {"statuses": ["rejected"]}})
    assert answer.status_code == 400 and answer.json()["errors"][0]["rule"] == "empty"
    assert not DatasetSnapshot.objects.exists()


def test_an_unknown_project_is_a_404(people):
    assert create(client_for(people["researcher"]), type("P", (), {"pk": 999999})).status_code == 404


def test_download_before_the_export_finished_is_a_409(project, people):
    client = client_for(people["researcher"])
    snapshot_id = create(client, project).json()["id"]  # no worker ran: still pending
    answer = client.get(f"/api/v1/snapshots/{snapshot_id}/download/")
    assert answer.status_code == 409 and answer.json()["errors"][0]["rule"] == "not_ready"


def test_reexport_gives_the_same_archive(project, people, eager_celery, django_capture_on_commit_callbacks):
    client = client_for(people["researcher"])
    with django_capture_on_commit_callbacks(execute=True):
        first = create(client, project).json()
    before = client.get(f"/api/v1/snapshots/{first['id']}/").json()["manifest"]
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/api/v1/snapshots/{first['id']}/reexport/")
    assert answer.status_code == 202 and answer.json()["status"] == "pending"
    after = client.get(f"/api/v1/snapshots/{first['id']}/").json()
    assert after["status"] == "ready" and after["manifest"] == before


def test_reexport_while_pending_is_a_409(project, people):
    client = client_for(people["researcher"])
    snapshot_id = create(client, project).json()["id"]
    assert client.post(f"/api/v1/snapshots/{snapshot_id}/reexport/").status_code == 409


def test_schema_describes_the_export_endpoints(people):
    schema = client_for(people["researcher"]).get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    assert "post" in paths["/api/v1/projects/{project_id}/snapshots/"]
    assert "application/zip" in paths["/api/v1/snapshots/{snapshot_id}/download/"]["get"]["responses"]["200"]["content"]
