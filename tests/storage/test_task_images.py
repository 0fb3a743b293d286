"""Images in a bucket reach annotators as presigned URLs: next-task hands the lease holder URLs of
the private objects, valid past the end of the lease; the holder (and nobody else) may ask for
fresh ones; signing costs no round trip to the bucket; missing credentials are a 503 naming
the settings. Reviewers see presigned URLs too; the local media view redirects to one."""

import datetime
import os
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

from annotation.models import Lease
from tests.factories import make_group, make_project, make_user
from tests.quality.helpers import annotate
from tests.s3 import point_storages_at

pytestmark = pytest.mark.django_db


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def team(bucket):
    """A project whose images live in the bucket: an annotator, a second annotator, a reviewer,
    and a manager of another project."""
    people = {name: make_user(name) for name in ("ann", "other", "reviewer", "outsider")}
    project = make_project(
        members={people["ann"]: "annotator", people["other"]: "annotator", people["reviewer"]: "reviewer"},
        lease_seconds=1800,
    )
    make_project(members={people["outsider"]: "manager"})
    group = make_group(project, k=3)
    return project, group, people


def next_task(user, project):
    return client_for(user).post(f"/api/v1/projects/{project.pk}/next-task/", {}, format="json")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.read()


def signed(url: str) -> tuple[datetime.datetime, int]:
    """When a presigned URL was signed and for how many seconds."""
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    at = datetime.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    return at, int(query["X-Amz-Expires"][0])


def stored_bytes(group) -> list[bytes]:
    result = []
    for group_image in group.group_images.order_by("position"):
        with group_image.image.file.open("rb") as handle:
            result.append(handle.read())
    return result


# --- next-task -------------------------------------------------------------------------------------


def test_next_task_hands_presigned_urls_of_the_private_objects(team, bucket):
    project, group, people = team

    task = next_task(people["ann"], project).json()

    urls = [image["url"] for image in task["group"]["images"]]
    assert all(url.startswith(f"{bucket.endpoint.url}/{bucket.name}/lab/media/images/") for url in urls)
    assert [fetch(url) for url in urls] == stored_bytes(group)
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(urls[0].split("?")[0])  # the same object without the signature
    assert refused.value.code == 403


def test_the_urls_outlive_the_lease_by_storage_url_expiry(team, settings):
    project, _, people = team

    task = next_task(people["ann"], project).json()

    lease_end = parse_datetime(task["lease"]["expires_at"])
    expire_at = parse_datetime(task["group"]["urls_expire_at"])
    assert expire_at - lease_end == pytest.approx(
        timedelta(seconds=settings.STORAGE_BUCKET.url_expiry), abs=timedelta(seconds=2)
    )
    for image in task["group"]["images"]:
        signed_at, seconds = signed(image["url"])
        assert signed_at + timedelta(seconds=seconds) == expire_at


def test_a_week_long_lease_gets_urls_for_sigv4s_week_at_most(team):
    project, _, people = team
    project.lease_seconds = 7 * 24 * 3600
    project.save()

    task = next_task(people["ann"], project).json()

    _, seconds = signed(task["group"]["images"][0]["url"])
    assert seconds == 7 * 24 * 3600
    assert parse_datetime(task["group"]["urls_expire_at"]) <= parse_datetime(task["lease"]["expires_at"])


def test_local_folders_keep_the_members_only_media_urls_that_do_not_expire(db):
    annotator = make_user()
    project = make_project(members={annotator: "annotator"})
    make_group(project, k=2)

    task = next_task(annotator, project).json()

    assert task["group"]["urls_expire_at"] is None
    assert all(image["url"].startswith("/media/images/") for image in task["group"]["images"])


def test_signing_the_urls_makes_no_round_trip_to_the_bucket(team, bucket, settings):
    project, _, people = team
    point_storages_at(settings, {**bucket.env, "STORAGE_ENDPOINT_URL": "http://127.0.0.1:9"})  # nothing listens

    response = next_task(people["ann"], project)

    assert response.status_code == 200
    assert response.json()["group"]["images"][0]["url"].startswith(f"http://127.0.0.1:9/{bucket.name}/lab/media/")


def test_missing_credentials_are_a_503_naming_the_settings_and_lease_nothing(team, bucket, settings, monkeypatch):
    project, _, people = team
    no_credentials_anywhere(monkeypatch)
    env = {k: v for k, v in bucket.env.items() if not k.startswith("STORAGE_ACCESS") and "SECRET" not in k}
    point_storages_at(settings, env)

    response = next_task(people["ann"], project)

    assert response.status_code == 503
    body = response.json()
    assert body["errors"][0]["rule"] == "storage_unavailable"
    assert "STORAGE_ACCESS_KEY_ID" in body["detail"] and "STORAGE_SECRET_ACCESS_KEY" in body["detail"]
    assert not Lease.objects.exists()


def test_a_non_member_never_receives_a_url(team):
    project, group, people = team

    for user in (people["outsider"], None):
        response = next_task(user, project)
        assert response.status_code in (403, 404)
        assert "X-Amz-Signature" not in response.content.decode()
        refresh = client_for(user).get(f"/api/v1/groups/{group.pk}/image-urls/")
        assert refresh.status_code in (403, 404)
        assert "X-Amz-Signature" not in refresh.content.decode()


# --- the holder's refresh ----------------------------------------------------------------------------


def test_the_lease_holder_gets_fresh_urls_that_work(team):
    project, group, people = team
    task = next_task(people["ann"], project).json()

    response = client_for(people["ann"]).get(f"/api/v1/groups/{group.pk}/image-urls/")

    assert response.status_code == 200
    body = response.json()
    assert body["group"] == group.pk
    assert [image["id"] for image in body["images"]] == [image["id"] for image in task["group"]["images"]]
    assert [fetch(image["url"]) for image in body["images"]] == stored_bytes(group)
    assert parse_datetime(body["urls_expire_at"]) > parse_datetime(body["lease_expires_at"])
    assert body["lease_expires_at"] == task["lease"]["expires_at"]


@pytest.mark.parametrize("who", ["other", "reviewer"])
def test_a_member_who_does_not_hold_the_lease_is_refused(team, who):
    project, group, people = team
    next_task(people["ann"], project)

    response = client_for(people[who]).get(f"/api/v1/groups/{group.pk}/image-urls/")

    assert response.status_code == 403
    assert "X-Amz-Signature" not in response.content.decode()


def test_a_lease_that_ended_or_was_given_back_gets_no_urls(team):
    project, group, people = team
    next_task(people["ann"], project)
    Lease.objects.filter(group=group).update(expires_at=timezone.now() - timedelta(seconds=1))

    expired = client_for(people["ann"]).get(f"/api/v1/groups/{group.pk}/image-urls/")
    next_task(people["ann"], project)  # leases it again (the expired lease is swept)
    client_for(people["ann"]).post(f"/api/v1/groups/{group.pk}/release/")
    released = client_for(people["ann"]).get(f"/api/v1/groups/{group.pk}/image-urls/")

    assert (expired.status_code, expired.json()["errors"][0]["rule"]) == (403, "not_lease_holder")
    assert (released.status_code, released.json()["errors"][0]["rule"]) == (403, "not_lease_holder")


def test_an_expired_presigned_url_is_refused_by_the_endpoint(team):
    if not os.environ.get("TEST_S3_ENDPOINT_URL"):
        pytest.skip("moto's server does not enforce X-Amz-Expires; set TEST_S3_ENDPOINT_URL (MinIO, S3) to check it")
    from annotation.media import image_urls

    project, group, _ = team
    name = group.group_images.first().image.file.name
    now = timezone.now()
    # Signed 61 seconds ago for 60 seconds: expired one second ago.
    [url], _ = image_urls([name], valid_after=now - timedelta(seconds=3600), now=now - timedelta(seconds=61))
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(url)
    assert refused.value.code == 403


# --- review screens, the media view, the page's policy -------------------------------------------------


def test_reviewers_see_presigned_urls_and_other_projects_see_nothing(team):
    project, group, people = team
    annotate(group, people["ann"], [1, 2, 3])

    body = client_for(people["reviewer"]).get(f"/api/v1/projects/{project.pk}/annotations/").json()
    outsider = client_for(people["outsider"]).get(f"/api/v1/projects/{project.pk}/annotations/")

    urls = [image["url"] for image in body["results"][0]["images"]]
    assert [fetch(url) for url in urls] == stored_bytes(group)
    assert outsider.status_code == 404
    assert "X-Amz-Signature" not in outsider.content.decode()


def test_the_media_view_redirects_members_to_a_presigned_url(team):
    project, group, people = team
    image = group.group_images.order_by("position").first().image

    member = client_for(people["reviewer"]).get(f"/media/{image.file.name}")
    outsider = client_for(people["outsider"]).get(f"/media/{image.file.name}")

    assert member.status_code == 302
    assert fetch(member["Location"]) == stored_bytes(group)[0]
    assert outsider.status_code == 404


def test_the_app_page_allows_images_from_the_bucket(team, bucket, client, tmp_path, settings):
    from config import frontend

    (tmp_path / "index.html").write_text('<!doctype html><div id="app"></div>')
    settings.FRONTEND_DIST = tmp_path
    frontend._cache.clear()
    try:
        policy = client.get("/").headers["Content-Security-Policy"]
    finally:
        frontend._cache.clear()

    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["img-src"] == f"'self' data: blob: {bucket.endpoint.url}"
    assert directives["script-src"] == "'self'"


# --- helpers ------------------------------------------------------------------------------------------


def no_credentials_anywhere(monkeypatch) -> None:
    """boto3's chain finds nothing: no variables, no files, no instance metadata."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
