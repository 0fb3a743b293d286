"""Who may call what: every role against every endpoint of auth, projects, annotating, media,
quality, review (with the model's scores of a group), qualification, ReFL runs and webhooks.
A member of another project (the "outsider") gets 404, so projects do not leak."""

from dataclasses import dataclass

import pytest

from annotation.models import DatasetSnapshot, ImportJob, QualificationAttempt
from annotation.services import assignment
from annotation.services.qualification import mark_qualification_groups
from annotation.services.quality import pause_annotator
from annotation.webhooks import delivery, services
from rewardmodel.models import ModelVersion, ReflBundleBuild, ReflRun
from tests.annotation.helpers import submission
from tests.factories import make_group, make_project, make_user

pytestmark = pytest.mark.django_db

ROLES = ["annotator", "reviewer", "researcher", "manager", "staff", "outsider", "anonymous"]


@dataclass
class World:
    project: object
    group: object
    users: dict
    webhook: object = None
    delivery: object = None
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
    webhook = services.create_webhook(project=project, url=PUBLIC_URL, events=["group.completed"])
    return World(
        project=project,
        group=make_group(project, k=2),
        users=users,
        webhook=webhook,
        delivery=delivery.send_test(webhook=webhook),
        job=ImportJob.objects.create(project=project, source="upload:run.zip", status="refused"),
    )


def everyone(status, **exceptions):
    return {role: exceptions.get(role, status) for role in ROLES}


PUBLIC_URL = "http://93.184.215.14/hooks"  # a literal public address: no DNS in the tests
MEMBERS_ONLY = dict(outsider=404, anonymous=403)
ANNOTATORS = dict(reviewer=403, researcher=403, outsider=404, anonymous=403)
MANAGERS = dict(annotator=403, reviewer=403, researcher=403, outsider=404, anonymous=403)
RESEARCHERS = dict(annotator=403, reviewer=403, outsider=404, anonymous=403)  # and managers
REVIEWERS = dict(annotator=403, researcher=403, outsider=404, anonymous=403)
QUALITY_READERS = dict(annotator=403, outsider=404, anonymous=403)


def gold_group(world, role):
    """The body of marking a qualification group: a gold group of the project."""
    return {"groups": [make_group(world.project, k=2, gold_ranking=[1, 2]).pk]}


def failed_annotator(world, role):
    """The body of a qualification reset, after two failed attempts of the annotator."""
    for number in (1, 2):
        QualificationAttempt.objects.create(
            project=world.project, annotator=world.users["annotator"], number=number, passed=False, score=0.1
        )
    return {"note": "try again"}


def held_by_the_annotator(world, role):
    """No body: the annotator leases the group first (only the lease holder gets its image URLs,
    staff included)."""
    assignment.next_task(project=world.project, annotator=world.users["annotator"])


def paused_annotator(world, role):
    """The body of a resume, after pausing the annotator so there is something to resume."""
    pause_annotator(project=world.project, annotator=world.users["annotator"], rule="manual", reason="test")
    return {"note": "spoke with them"}


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
    "image urls": (
        "get",
        "/api/v1/groups/{group}/image-urls/",
        held_by_the_annotator,
        everyone(403, annotator=200, outsider=404),
    ),
    "refl bundles": ("get", "/api/v1/projects/{project}/refl-bundles/", None, everyone(200, **RESEARCHERS)),
    "refl runs": ("get", "/api/v1/projects/{project}/refl-runs/", None, everyone(200, **RESEARCHERS)),
    # A request that passes the permission check is then refused for its empty pipeline.
    "refl run start": (
        "post",
        "/api/v1/projects/{project}/refl-runs/",
        lambda w, r: {"bundle": 0, "pipeline": ""},
        everyone(400, **RESEARCHERS),
    ),
    "refl pipelines": ("get", "/api/v1/projects/{project}/refl-pipelines/", None, everyone(200, **RESEARCHERS)),
    "refl run": ("get", "/api/v1/refl-runs/{refl_run}/", None, everyone(200, **RESEARCHERS)),
    "refl run download": ("get", "/api/v1/refl-runs/{refl_run}/download/", None, everyone(409, **RESEARCHERS)),
    "quality report": ("get", "/api/v1/projects/{project}/quality/report/", None, everyone(200, **QUALITY_READERS)),
    "quality recompute": ("post", "/api/v1/projects/{project}/quality/report/", None, everyone(202, **MANAGERS)),
    "review queue": ("get", "/api/v1/projects/{project}/review-queue/", None, everyone(200, **REVIEWERS)),
    "group model scores": (
        "get",
        "/api/v1/projects/{project}/groups/{group}/model-scores/",
        None,
        everyone(200, **REVIEWERS),
    ),
    "annotator page": (
        "get",
        "/api/v1/projects/{project}/annotators/{annotator}/",
        None,
        everyone(200, **REVIEWERS),
    ),
    "annotator pause": (
        "post",
        "/api/v1/projects/{project}/annotators/{annotator}/pause/",
        lambda w, r: {"reason": "careless"},
        everyone(200, **MANAGERS),
    ),
    "qualification groups": (
        "post",
        "/api/v1/projects/{project}/qualification-groups/",
        gold_group,
        everyone(200, **MANAGERS),
    ),
    "qualification groups list": (
        "get",
        "/api/v1/projects/{project}/qualification-groups/",
        None,
        everyone(200, **MANAGERS),
    ),
    "qualification group unmark": (
        "delete",
        "/api/v1/projects/{project}/qualification-groups/{qualification_group}/",
        None,
        everyone(200, **MANAGERS),
    ),
    "my qualification": ("get", "/api/v1/projects/{project}/qualification/", None, everyone(200, **ANNOTATORS)),
    "qualification reset": (
        "post",
        "/api/v1/projects/{project}/annotators/{annotator}/qualification/reset/",
        failed_annotator,
        everyone(200, **MANAGERS),
    ),
    "annotator resume": (
        "post",
        "/api/v1/projects/{project}/annotators/{annotator}/resume/",
        paused_annotator,
        everyone(200, **MANAGERS),
    ),
    "webhooks list": ("get", "/api/v1/projects/{project}/webhooks/", None, everyone(200, **MANAGERS)),
    "webhook add": (
        "post",
        "/api/v1/projects/{project}/webhooks/",
        lambda w, r: {"url": PUBLIC_URL, "events": ["snapshot.ready"]},
        everyone(201, **MANAGERS),
    ),
    "webhook detail": ("get", "/api/v1/webhooks/{webhook}/", None, everyone(200, **MANAGERS)),
    "webhook patch": (
        "patch",
        "/api/v1/webhooks/{webhook}/",
        lambda w, r: {"is_active": False},
        everyone(200, **MANAGERS),
    ),
    "webhook delete": ("delete", "/api/v1/webhooks/{webhook}/", None, everyone(204, **MANAGERS)),
    "webhook rotate secret": ("post", "/api/v1/webhooks/{webhook}/rotate-secret/", None, everyone(200, **MANAGERS)),
    "webhook test event": ("post", "/api/v1/webhooks/{webhook}/test/", None, everyone(202, **MANAGERS)),
    "webhook deliveries": ("get", "/api/v1/webhooks/{webhook}/deliveries/", None, everyone(200, **MANAGERS)),
    "webhook redeliver": (
        "post",
        "/api/v1/webhook-deliveries/{delivery}/redeliver/",
        None,
        everyone(202, **MANAGERS),
    ),
}


def refl_run(project) -> int:
    """A queued ReFL run of the project (its bundle's rows only: no file is read)."""
    snapshot = DatasetSnapshot.objects.create(project=project, version=1)
    version = ModelVersion.objects.create(project=project, number=1, preset="tiny")
    bundle = ReflBundleBuild.objects.create(project=project, snapshot=snapshot, version=version)
    return ReflRun.objects.create(project=project, bundle=bundle, pipeline="sd").pk


def qualification_group_of(world) -> int:
    """A gold group of the project in its qualification set."""
    group = make_group(world.project, k=2, gold_ranking=[1, 2])
    mark_qualification_groups(project=world.project, group_ids=[group.pk], marked_by=world.users["manager"])
    return group.pk


CASES = [(name, role) for name in ENDPOINTS for role in ROLES]


@pytest.mark.parametrize("endpoint, role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_role_matrix(client_for, world, endpoint, role):
    method, path, body, expected = ENDPOINTS[endpoint]
    image = world.group.group_images.first().image
    run = refl_run(world.project) if "{refl_run}" in path else None
    qualification_group = qualification_group_of(world) if "{qualification_group}" in path else None
    url = path.format(
        project=world.project.pk,
        group=world.group.pk,
        image_url=image.file.url,
        refl_run=run,
        qualification_group=qualification_group,
        annotator=world.users["annotator"].pk,
        webhook=world.webhook.pk,
        delivery=world.delivery.pk,
        job=world.job.pk,
    )
    client = client_for(world.users[role])

    response = getattr(client, method)(url, body(world, role) if body else None, format="json")

    assert response.status_code == expected[role]


def test_the_project_list_leaves_out_other_projects(client_for, world):
    body = client_for(world.users["outsider"]).get("/api/v1/projects/").json()
    assert world.project.pk not in [p["id"] for p in body]
    assert len(body) == 1
