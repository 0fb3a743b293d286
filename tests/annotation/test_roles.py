"""Who may call what: every role against every endpoint of auth, projects, annotating and media.
A member of another project (the "outsider") gets 404, so projects do not leak."""

from dataclasses import dataclass

import pytest

from annotation.models import ImportJob
from tests.annotation.helpers import submission
from tests.factories import make_group, make_project, make_user

pytestmark = pytest.mark.django_db

ROLES = ["annotator", "reviewer", "researcher", "manager", "staff", "outsider", "anonymous"]


@dataclass
class World:
    project: object
    group: object
    users: dict
    job: object = None


@pytest.fixture
def world():
    users = {role: make_user(role) for role in ["annotator", "reviewer", "researcher", "manager", "outsider"]}
    users["staff"] = make_user("staff", is_staff=True)
    users["anonymous"] = None
    project = make_project(
        members={users[r]: r for r in ["annotator", "reviewer", "researcher", "manager"]}, annotations_per_group=9
    )
    make_project(members={users["outsider"]: "manager"})
    make_user("newcomer")
    job = ImportJob.objects.create(project=project, source="upload:run.zip", status="refused")
    return World(project=project, group=make_group(project, k=2), users=users, job=job)


def everyone(status, **exceptions):
    return {role: exceptions.get(role, status) for role in ROLES}


MEMBERS_ONLY = dict(outsider=404, anonymous=403)
ANNOTATORS = dict(reviewer=403, researcher=403, outsider=404, anonymous=403)
MANAGERS = dict(annotator=403, reviewer=403, researcher=403, outsider=404, anonymous=403)

# endpoint: (method, path, body, expected status per role)
ENDPOINTS = {
    "me": ("get", "/api/v1/auth/me/", None, everyone(200, anonymous=403)),
    "token rotate": ("post", "/api/v1/auth/token/rotate/", None, everyone(200, anonymous=403)),
    "project list": ("get", "/api/v1/projects/", None, everyone(200, anonymous=403)),
    "project create": (
        "post",
        "/api/v1/projects/",
        lambda w, r: {"name": "New", "slug": f"new-{r}"},
        everyone(403, staff=201),
    ),
    "project detail": ("get", "/api/v1/projects/{project}/", None, everyone(200, **MEMBERS_ONLY)),
    "project patch": (
        "patch",
        "/api/v1/projects/{project}/",
        lambda w, r: {"instructions": "Be strict."},
        everyone(200, **MANAGERS),
    ),
    "members list": ("get", "/api/v1/projects/{project}/members/", None, everyone(200, **MANAGERS)),
    "members add": (
        "post",
        "/api/v1/projects/{project}/members/",
        lambda w, r: {"username": "newcomer", "role": "annotator"},
        everyone(201, **MANAGERS),
    ),
    "progress": ("get", "/api/v1/projects/{project}/progress/", None, everyone(200, **MANAGERS)),
    "people": ("get", "/api/v1/projects/{project}/people/", None, everyone(200, **MANAGERS)),
    "person roles": (
        "put",
        "/api/v1/projects/{project}/people/reviewer/",
        lambda w, r: {"roles": ["reviewer", "researcher"]},
        everyone(200, **MANAGERS),
    ),
    "person remove": ("delete", "/api/v1/projects/{project}/people/researcher/", None, everyone(200, **MANAGERS)),
    "import jobs": ("get", "/api/v1/projects/{project}/import-jobs/", None, everyone(200, **MANAGERS)),
    # A folder that is not there: refused by the service (400) once the caller may import.
    "import job queue": (
        "post",
        "/api/v1/projects/{project}/import-jobs/",
        lambda w, r: {"folder": "not-there"},
        everyone(400, **MANAGERS),
    ),
    "import job": ("get", "/api/v1/projects/{project}/import-jobs/{job}/", None, everyone(200, **MANAGERS)),
    "next task": ("post", "/api/v1/projects/{project}/next-task/", lambda w, r: {}, everyone(200, **ANNOTATORS)),
    "submit": ("post", "/api/v1/groups/{group}/submit/", lambda w, r: submission(w.group), everyone(201, **ANNOTATORS)),
    "skip": ("post", "/api/v1/groups/{group}/skip/", lambda w, r: {"reason": "no"}, everyone(204, **ANNOTATORS)),
    "release": ("post", "/api/v1/groups/{group}/release/", lambda w, r: {}, everyone(204, **ANNOTATORS)),
    "image file": ("get", "{image_url}", None, everyone(200, **MEMBERS_ONLY)),
}

CASES = [(name, role) for name in ENDPOINTS for role in ROLES]


@pytest.mark.parametrize("endpoint, role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_role_matrix(client_for, world, endpoint, role):
    method, path, body, expected = ENDPOINTS[endpoint]
    image = world.group.group_images.first().image
    url = path.format(project=world.project.pk, group=world.group.pk, image_url=image.file.url, job=world.job.pk)
    client = client_for(world.users[role])

    response = getattr(client, method)(url, body(world, role) if body else None, format="json")

    assert response.status_code == expected[role]


def test_the_project_list_leaves_out_other_projects(client_for, world):
    body = client_for(world.users["outsider"]).get("/api/v1/projects/").json()
    assert world.project.pk not in [p["id"] for p in body]
    assert len(body) == 1
