"""POST/GET /api/v1/projects/{id}/imports/: managers import from a server folder or a zip."""

import io
import stat
import zipfile

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from annotation.models import ImportBatch, PromptGroup
from tests.factories import make_annotator, make_project, make_user

from .helpers import Folder, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def roots(tmp_path):
    root = tmp_path / "imports"
    root.mkdir()
    with override_settings(IMPORT_ROOTS=[root.resolve()]):
        yield root


@pytest.fixture
def manager():
    return make_user()


@pytest.fixture
def project(manager):
    return make_project(members={manager: "manager"})


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def url(project):
    return f"/api/v1/projects/{project.pk}/imports/"


def a_folder(root, name="run1", groups=("g1", "g2")):
    folder = Folder(root / name)
    lines = []
    for group in groups:
        lines += folder.group_lines(group, k=3)
    folder.jsonl(lines)
    return folder


def zipped(folder: Folder, *, prefix="", extra=()) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in sorted(folder.root.rglob("*")):
            if path.is_file():
                zf.write(path, prefix + str(path.relative_to(folder.root)))
        for info, data in extra:
            zf.writestr(info, data)
    buffer.seek(0)
    buffer.name = "run.zip"
    return buffer


def test_manager_imports_a_server_folder(roots, manager, project):
    a_folder(roots)

    response = client_for(manager).post(url(project), {"folder": "run1"}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["counts"]["groups"] == 2 and body["counts"]["images"] == 6
    assert body["created_by"] == manager.username and body["format"] == "jsonl"
    assert PromptGroup.objects.filter(project=project).count() == 2


def test_an_absolute_folder_inside_an_import_root_is_accepted(roots, manager, project):
    folder = a_folder(roots)
    response = client_for(manager).post(url(project), {"folder": str(folder.root)}, format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("folder", ["../elsewhere", "/etc", "run1/../../elsewhere"])
def test_a_folder_outside_the_import_roots_is_refused(roots, manager, project, folder):
    a_folder(roots.parent, name="elsewhere")

    response = client_for(manager).post(url(project), {"folder": folder}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["rule"] == "outside_import_roots"
    assert not ImportBatch.objects.exists()


def test_a_symlink_in_an_import_root_leading_out_is_refused(roots, manager, project):
    a_folder(roots.parent, name="elsewhere")
    (roots / "sneaky").symlink_to(roots.parent / "elsewhere")
    response = client_for(manager).post(url(project), {"folder": "sneaky"}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "folder"


def test_bad_rows_come_back_as_errors_with_line_numbers(roots, manager, project):
    folder = a_folder(roots)
    lines = (folder.root / "manifest.jsonl").read_text().splitlines()
    lines[4] = lines[4].replace('"image": "g2/1.png"', '"image": "../../secret.png"')
    (folder.root / "manifest.jsonl").write_text("\n".join(lines) + "\n")

    response = client_for(manager).post(url(project), {"folder": "run1"}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == [
        {"field": "manifest.jsonl:5.image", "rule": "path_outside_folder", "message": body["errors"][0]["message"]}
    ]
    assert "nothing was imported" in body["detail"]
    assert not PromptGroup.objects.exists()


def test_input_errors_use_the_error_format(roots, manager, project):
    response = client_for(manager).post(url(project), {"format": "csv"}, format="json")
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"folder", "format"}


def test_manager_imports_an_uploaded_zip(manager, project, tmp_path):
    folder = a_folder(tmp_path)
    make_user("expert")
    lines = (folder.root / "manifest.jsonl").read_text()

    response = client_for(manager).post(
        url(project), {"archive": zipped(folder, prefix="run1/"), "gold": "false"}, format="multipart"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["counts"]["groups"] == 2
    assert response.json()["source"] == "upload:run.zip"
    assert lines  # the folder itself is untouched


def test_a_zip_with_reference_format_and_rankings(manager, project, tmp_path):
    from annotation import synthetic

    synthetic.write_reference_dataset(tmp_path / "ref", n_groups=6, seed=0, k_range=(4, 4), size=8)
    make_annotator(project, "expert")
    folder = Folder(tmp_path / "ref")

    response = client_for(manager).post(
        url(project), {"archive": zipped(folder), "format": "reference", "rankings_as": "expert"}, format="multipart"
    )

    assert response.status_code == 201, response.json()
    counts = response.json()["counts"]
    assert counts["annotations"] == counts["groups"] > 0


def test_manager_imports_a_zip_as_the_qualification_set(manager, project, tmp_path):
    folder = Folder(tmp_path / "q")
    folder.jsonl(folder.group_lines("q1", k=3, ranks=[1, 1, 2]) + folder.group_lines("q2", k=2, ranks=[2, 1]))

    response = client_for(manager).post(
        url(project), {"archive": zipped(folder), "qualification": "true"}, format="multipart"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["counts"]["qualification_groups"] == 2
    marked = PromptGroup.objects.filter(project=project, is_gold=True, is_qualification=True).order_by("external_id")
    assert [(g.external_id, g.gold_ranking) for g in marked] == [("q1", [1, 1, 2]), ("q2", [2, 1])]


def test_a_qualification_import_with_rankings_as_is_refused_naming_the_field(roots, manager, project):
    make_annotator(project, "expert")
    a_folder(roots)

    response = client_for(manager).post(
        url(project), {"folder": "run1", "qualification": True, "rankings_as": "expert"}, format="json"
    )

    assert response.status_code == 400
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [
        ("qualification", "qualification_with_rankings_as")
    ]
    assert not PromptGroup.objects.exists() and not ImportBatch.objects.exists()


def test_a_zip_slip_member_is_refused(manager, project, tmp_path):
    folder = a_folder(tmp_path)
    archive = zipped(folder, extra=[("../../evil.png", image_bytes())])

    response = client_for(manager).post(url(project), {"archive": archive}, format="multipart")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "archive:../../evil.png",
            "rule": "path_outside_folder",
            "message": "would be unpacked outside the folder",
        }
    ]
    assert not (tmp_path.parent / "evil.png").exists()
    assert not PromptGroup.objects.exists()


def test_a_link_member_is_refused(manager, project, tmp_path):
    link = zipfile.ZipInfo("link.png")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive = zipped(a_folder(tmp_path), extra=[(link, "/etc/passwd")])
    response = client_for(manager).post(url(project), {"archive": archive}, format="multipart")
    assert response.status_code == 400 and response.json()["errors"][0]["rule"] == "link_in_archive"


def test_a_zip_over_the_unpacked_size_bound_is_refused(manager, project, tmp_path):
    archive = zipped(a_folder(tmp_path))
    with override_settings(IMPORT_MAX_UNPACKED_BYTES=100):
        response = client_for(manager).post(url(project), {"archive": archive}, format="multipart")
    assert response.status_code == 400 and response.json()["errors"][0]["rule"] == "too_large"


def test_an_encrypted_member_is_refused_naming_it(manager, project, tmp_path):
    data = bytearray(zipped(a_folder(tmp_path), extra=[("g1/secret.png", image_bytes())]).getvalue())
    # Mark the member encrypted in the central directory (zipfile writes no encrypted archives).
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len("g1/secret.png")] != b"g1/secret.png":
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 8] |= 0x1
    archive = io.BytesIO(bytes(data))
    archive.name = "run.zip"

    response = client_for(manager).post(url(project), {"archive": archive}, format="multipart")

    assert response.status_code == 400
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [
        ("archive:g1/secret.png", "encrypted_member")
    ]
    assert not PromptGroup.objects.exists()


def test_a_corrupt_deflate_stream_is_refused_naming_the_member(manager, project, tmp_path):
    archive = io.BytesIO()
    payload = bytes(range(256)) * 64
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("broken.bin", payload)
    data = bytearray(archive.getvalue())
    start = 30 + len("broken.bin")  # the member's compressed bytes follow its local header
    data[start : start + 40] = b"\xff" * 40
    upload = io.BytesIO(bytes(data))
    upload.name = "run.zip"

    response = client_for(manager).post(url(project), {"archive": upload}, format="multipart")

    assert response.status_code == 400
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [("archive:broken.bin", "broken_archive")]


def test_a_file_that_is_not_a_zip_is_refused(manager, project):
    upload = io.BytesIO(b"not a zip at all")
    upload.name = "run.zip"
    response = client_for(manager).post(url(project), {"archive": upload}, format="multipart")
    assert response.status_code == 400 and response.json()["errors"][0]["rule"] == "not_a_zip"


def test_manager_lists_the_projects_import_batches(roots, manager, project):
    a_folder(roots, name="one", groups=("a",))
    a_folder(roots, name="two", groups=("b",))
    client = client_for(manager)
    first = client.post(url(project), {"folder": "one"}, format="json").json()
    second = client.post(url(project), {"folder": "two"}, format="json").json()
    other = make_project(members={manager: "manager"})
    a_folder(roots, name="three", groups=("c",))
    client.post(url(other), {"folder": "three"}, format="json")

    response = client.get(url(project))

    assert response.status_code == 200
    assert [batch["id"] for batch in response.json()["results"]] == [second["id"], first["id"]]


@pytest.mark.parametrize("role", ["annotator", "reviewer", "researcher"])
def test_other_roles_may_not_import_or_list(roots, project, role):
    a_folder(roots)
    user = make_user()
    project.memberships.create(user=user, role=role)
    client = client_for(user)
    assert client.post(url(project), {"folder": "run1"}, format="json").status_code == 403
    assert client.get(url(project)).status_code == 403
    assert not PromptGroup.objects.exists()


def test_a_non_member_gets_404(roots, project):
    a_folder(roots)
    client = client_for(make_user())
    assert client.post(url(project), {"folder": "run1"}, format="json").status_code == 404
    assert client.get(url(project)).status_code == 404


def test_anonymous_gets_403(roots, project):
    a_folder(roots)
    assert client_for(None).post(url(project), {"folder": "run1"}, format="json").status_code == 403
    assert client_for(None).get(url(project)).status_code == 403


def test_staff_may_import_anywhere(roots, project):
    a_folder(roots)
    response = client_for(make_user(is_staff=True)).post(url(project), {"folder": "run1"}, format="json")
    assert response.status_code == 201


def test_the_schema_describes_the_import_endpoint(manager):
    response = client_for(manager).get("/api/v1/schema/", {"format": "json"})
    operation = response.json()["paths"]["/api/v1/projects/{project_id}/imports/"]["post"]
    assert set(operation["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert "201" in operation["responses"]
