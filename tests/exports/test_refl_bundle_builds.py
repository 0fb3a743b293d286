"""ReFL bundles are built by a Celery task, one build at a time per bundle (issue #11): asking
again while a build is queued answers that build, a duplicate message finds nothing to do, and
two writers of one archive never share a temporary file."""

import zipfile
from unittest import mock

import pytest
from rest_framework.test import APIClient

from annotation.exports.files import write_archive
from rewardmodel.models import BundleStatus, ReflBundleBuild
from rewardmodel.services.refl_bundle import build_requested_bundle, request_refl_bundle
from tests.exports.helpers import annotated_group, exported
from tests.exports.test_refl_bundle import model_version
from tests.factories import make_project, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher():
    return make_user()


@pytest.fixture
def project(researcher):
    project = make_project(members={researcher: "researcher"})
    annotator = make_user()
    for i in range(4):
        annotated_group(project, annotator, [1, 2, 3], prompt=f"a fox in snow, take {i}")
    return project


@pytest.fixture
def snapshot(project):
    return exported(project, formats=["refl_data"])


@pytest.fixture
def sent():
    with mock.patch("rewardmodel.dispatch.enqueue_refl_bundle_build") as send:
        yield send


def test_asking_again_while_a_build_is_queued_answers_that_build(
    project, snapshot, sent, django_capture_on_commit_callbacks
):
    version = model_version(project)
    with django_capture_on_commit_callbacks(execute=True):
        first = request_refl_bundle(snapshot=snapshot, version=version)
        second = request_refl_bundle(snapshot=snapshot, version=version)
    assert first.pk == second.pk and second.status == BundleStatus.PENDING
    sent.assert_called_once_with(first.pk)


def test_a_duplicate_message_finds_nothing_to_build(project, snapshot, sent):
    version = model_version(project)
    build = request_refl_bundle(snapshot=snapshot, version=version)
    assert build_requested_bundle(build_id=build.pk).status == BundleStatus.READY
    assert build_requested_bundle(build_id=build.pk) is None


def test_a_build_asked_for_again_once_ready_is_built_again(project, snapshot, sent):
    version = model_version(project)
    build = request_refl_bundle(snapshot=snapshot, version=version)
    first = build_requested_bundle(build_id=build.pk).result["archive"]["sha256"]
    assert request_refl_bundle(snapshot=snapshot, version=version).status == BundleStatus.PENDING
    assert build_requested_bundle(build_id=build.pk).result["archive"]["sha256"] == first


def test_a_failed_build_says_why_in_one_line_without_the_servers_paths(project, snapshot, researcher, sent, settings):
    version = model_version(project)
    build = request_refl_bundle(snapshot=snapshot, version=version)
    (settings.CHECKPOINT_ROOT / version.checkpoint_path / "config.json").unlink()
    assert build_requested_bundle(build_id=build.pk).status == BundleStatus.FAILED
    assert ReflBundleBuild.objects.get(pk=build.pk).error
    client = APIClient()
    client.force_authenticate(researcher)
    body = client.get(f"/api/v1/projects/{project.pk}/refl-bundles/{build.pk}/").json()
    assert body["status"] == "failed" and body["error"] and body["download_url"] is None
    assert str(settings.CHECKPOINT_ROOT) not in body["error"] and "\n" not in body["error"]


def test_two_writers_of_one_archive_use_temporary_files_of_their_own(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "a.txt").write_text("a")
    archive = tmp_path / "out.zip"
    with mock.patch("annotation.exports.files.os.replace") as replace:
        write_archive(tmp_path / "folder", archive, prefix="p")
        write_archive(tmp_path / "folder", archive, prefix="p")
    (first, _), (second, _) = (call.args for call in replace.call_args_list)
    assert first != second and archive.with_name("out.zip.tmp") not in (first, second)
    write_archive(tmp_path / "folder", archive, prefix="p")
    assert zipfile.ZipFile(archive).namelist() == ["p/a.txt"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == sorted([first.name, second.name])


@pytest.mark.parametrize("field", ["snapshot", "model_version"])
@pytest.mark.parametrize("value", [2**64, -(2**64), 10**400, [1], {"id": 1}, "x"])
def test_an_odd_id_for_a_bundle_is_a_400_or_a_404(project, snapshot, researcher, field, value):
    version = model_version(project)
    body = {"snapshot": snapshot.pk, "model_version": version.pk, field: value}
    client = APIClient()
    client.force_authenticate(researcher)
    answer = client.post(f"/api/v1/projects/{project.pk}/refl-bundles/", body, format="json")
    assert answer.status_code in (400, 404)
    assert not ReflBundleBuild.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/snapshots/{big}/",
        "/api/v1/snapshots/{big}/download/",
        "/api/v1/snapshots/{big}/reexport/",
        "/api/v1/projects/{big}/snapshots/",
        "/api/v1/projects/{project}/refl-bundles/{big}/",
        "/api/v1/projects/{project}/refl-bundles/snapshot-v{big}-model-v{big}/download/",
    ],
)
def test_an_id_beyond_64_bits_in_a_path_is_a_404(project, researcher, url):
    client = APIClient()
    client.force_authenticate(researcher)
    answer = client.get(url.format(big=2**70, project=project.pk))
    if "reexport" in url:
        answer = client.post(url.format(big=2**70, project=project.pk))
    assert answer.status_code == 404
