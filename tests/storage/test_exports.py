"""Snapshots in the bucket: an export lands there under the snapshot's names and downloads through
a presigned URL with the manifest's sha256; exporting again, or to the local folder, gives the
same bytes; a corrupted upload fails the export and leaves nothing; an unreachable bucket fails
it with a message naming the setting, and the download endpoint answers 503, not 500."""

import io
import time
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from rest_framework.test import APIClient

from annotation.exports.files import ImageCopier
from annotation.models import SnapshotStatus
from annotation.services.exports import ExportFailed, export_snapshot, snapshot_folder, verify_snapshot
from config import transfers
from tests.exports.helpers import annotated_group, archive_path, exported, file_bytes
from tests.factories import make_project, make_user
from tests.s3 import point_storages_at

from .helpers import fetch, local, sha256, storage

pytestmark = pytest.mark.django_db

FORMATS = ["reference", "pairwise_parquet", "refl_data"]


@pytest.fixture
def people():
    return {role: make_user() for role in ("annotator", "researcher", "outsider")}


@pytest.fixture
def project(people):
    project = make_project(members={people["annotator"]: "annotator", people["researcher"]: "researcher"})
    for i, slots in enumerate(([1, 2, 2, 3], [2, 1, 3], [1, 2], [3, 1, 2, 4])):
        annotated_group(project, people["annotator"], slots, prompt=f"prompt {i}")
    return project


def objects_of(bucket, snapshot) -> dict[str, bytes]:
    """The snapshot's folder as the bucket holds it: path -> bytes."""
    start = f"{bucket.prefix}/exports/{snapshot_folder(snapshot)}/"
    return {key[len(start) :]: bucket.read(key) for key in bucket.keys(f"exports/{snapshot_folder(snapshot)}/")}


def download(user, snapshot):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(f"/api/v1/snapshots/{snapshot.pk}/download/")


def test_an_export_lands_in_the_bucket_and_downloads_with_the_manifests_sha256(bucket, project, people, settings):
    snapshot = exported(project, formats=FORMATS, options={"images": "copy"})

    assert snapshot.status == SnapshotStatus.READY
    archive_key = f"{bucket.prefix}/exports/{snapshot.archive_path}"
    assert archive_key in bucket.keys("exports")
    # The manifest's files beside the zip; the copied images travel inside the zip.
    assert set(objects_of(bucket, snapshot)) == set(snapshot.manifest["files"])
    assert not any(settings.EXPORT_ROOT.rglob("*.*"))  # the local copy was scratch

    answer = download(people["researcher"], snapshot)
    assert answer.status_code == 302
    assert "X-Amz-Signature=" in answer["Location"] and "attachment" in answer["Location"]
    archive = fetch(answer["Location"])
    assert sha256(archive) == snapshot.manifest["archive"]["sha256"]
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
    assert sum("/images/" in name for name in names) == snapshot.manifest["images"]["count"] > 0
    assert verify_snapshot(snapshot=snapshot) == []


def test_exporting_again_and_exporting_locally_give_the_bucket_the_same_bytes(bucket, project, settings):
    snapshot = exported(project, formats=FORMATS, options={"images": "copy"})
    archive = bucket.read(f"{bucket.prefix}/exports/{snapshot.archive_path}")
    folder = objects_of(bucket, snapshot)
    bucket.client().put_object(Bucket=bucket.name, Key=f"{bucket.prefix}/exports/{snapshot_folder(snapshot)}/stale.txt")

    again = export_snapshot(snapshot_id=snapshot.pk)
    assert bucket.read(f"{bucket.prefix}/exports/{again.archive_path}") == archive
    assert objects_of(bucket, again) == folder  # and the object no export wrote is gone
    assert again.manifest == snapshot.manifest

    with local("exports", settings.EXPORT_ROOT):
        on_disk = export_snapshot(snapshot_id=snapshot.pk)
        assert archive_path(on_disk).read_bytes() == archive
        assert {path: data for path, data in file_bytes(on_disk).items() if path in folder} == folder
        assert on_disk.manifest == snapshot.manifest


def test_a_corrupted_upload_fails_the_export_and_leaves_nothing(bucket, project, monkeypatch, settings):
    real_upload = transfers.upload

    def upload_with_a_flipped_byte(storage, files):
        real_upload(storage, files)
        name = sorted(name for name in files if name.endswith(".parquet"))[0]
        data = bytearray(files[name].read_bytes())
        data[len(data) // 2] ^= 0x01
        transfers.put_bytes(storage, name, bytes(data))

    monkeypatch.setattr(transfers, "upload", upload_with_a_flipped_byte)
    with pytest.raises(ExportFailed, match="differ from the manifest"):
        exported(project, formats=FORMATS)

    snapshot = project.snapshots.get()
    assert snapshot.status == SnapshotStatus.FAILED and ".parquet: sha256" in snapshot.error
    assert bucket.keys("exports") == []
    assert not any(settings.EXPORT_ROOT.rglob("*.*"))


def test_verify_finds_an_object_changed_in_the_bucket(bucket, project):
    snapshot = exported(project, formats=FORMATS, options={"images": "copy"})
    changed = next(key for key in bucket.keys("exports") if key.endswith("/train.json"))
    bucket.client().put_object(Bucket=bucket.name, Key=changed, Body=b"[]")

    problems = verify_snapshot(snapshot=snapshot)
    assert len(problems) == 1 and "train.json: sha256" in problems[0]


def test_only_members_who_may_export_get_the_presigned_url(bucket, project, people):
    snapshot = exported(project, formats=["reference"])
    assert download(people["annotator"], snapshot).status_code == 403
    assert download(people["outsider"], snapshot).status_code == 404


def test_an_unreachable_bucket_fails_the_export_naming_the_setting(bucket, project, settings):
    point_storages_at(settings, {**bucket.env, "STORAGE_ENDPOINT_URL": "http://127.0.0.1:9"})
    with pytest.raises(ExportFailed):
        exported(project, formats=["reference"])

    snapshot = project.snapshots.get()
    assert snapshot.status == SnapshotStatus.FAILED
    assert "StorageUnavailable" in snapshot.error and "STORAGE_ENDPOINT_URL" in snapshot.error
    assert not any(settings.EXPORT_ROOT.rglob("*.*"))


@pytest.mark.parametrize("trouble", ["unreachable", "no_bucket"])
def test_the_download_of_a_bucket_that_fails_is_a_503_naming_the_setting(bucket, project, people, settings, trouble):
    snapshot = exported(project, formats=["reference"])
    if trouble == "unreachable":
        point_storages_at(settings, {**bucket.env, "STORAGE_ENDPOINT_URL": "http://127.0.0.1:9"})
        named = "STORAGE_ENDPOINT_URL"
    else:
        point_storages_at(settings, {**bucket.env, "STORAGE_URL": "s3://no-such-bucket-here/lab"})
        named = "STORAGE_URL=s3://no-such-bucket-here/lab"

    answer = download(people["researcher"], snapshot)
    assert answer.status_code == 503
    assert named in answer.json()["detail"]
    assert answer.json()["errors"][0]["rule"] == "storage_unavailable"


def test_a_missing_archive_is_a_409_as_on_disk(bucket, project, people):
    snapshot = exported(project, formats=["reference"])
    transfers.remove(storage("exports"), [snapshot.archive_path])
    answer = download(people["researcher"], snapshot)
    assert answer.status_code == 409 and answer.json()["errors"][0]["rule"] == "files_missing"


class SlowRemoteStorage(Storage):
    """Images with no local path, the first ones slowest to arrive."""

    def __init__(self, files: dict[str, bytes]):
        self.files = files
        self.delays = {name: 0.05 * (len(files) - i) for i, name in enumerate(files)}

    def path(self, name):
        raise NotImplementedError

    def _open(self, name, mode="rb"):
        time.sleep(self.delays[name])
        return ContentFile(self.files[name])


def test_images_fetched_at_once_are_listed_in_the_order_they_were_added(tmp_path):
    files = {f"images/{i}.png": f"image {i}".encode() for i in range(8)}
    copier = ImageCopier(tmp_path, SlowRemoteStorage(files), "copy", concurrency=4)
    for name in files:
        copier.add(name, f"images/{name[7:]}")
    copier.add("images/3.png", "images/3.png")  # the same image in another group
    copier.close()

    lines = (tmp_path / "images.sha256").read_text().splitlines()
    assert lines == [f"{sha256(data)}  {name}" for name, data in files.items()]
    assert (copier.count, copier.bytes) == (8, sum(len(d) for d in files.values()))
    assert all((tmp_path / name).read_bytes() == data for name, data in files.items())
