"""Projects: the caller's list with progress, settings, members."""

from datetime import timedelta

import pytest
from django.utils import timezone

from annotation.defaults import PROMPT_CATEGORIES
from annotation.models import Annotation, Membership, Project
from annotation.services.assignment import skip_group
from annotation.services.submission import submit_annotation
from tests.annotation.helpers import submit_kwargs
from tests.factories import make_group, make_project, make_user

pytestmark = pytest.mark.django_db


def test_the_list_shows_my_projects_with_my_roles_and_progress(client_for):
    alice, bob = make_user(), make_user()
    mine = make_project(name="Mine", members={alice: ["annotator", "reviewer"], bob: "annotator"})
    make_project(name="Not mine", members={bob: "manager"})
    # Five groups needing one annotation each; only the last is still open to alice.
    done_yesterday, done_today, skipped, taken_by_bob, _still_open = (make_group(mine) for _ in range(5))
    submit_annotation(annotator=alice, **submit_kwargs(done_yesterday))
    Annotation.objects.filter(annotator=alice).update(created_at=timezone.now() - timedelta(days=1))
    submit_annotation(annotator=alice, **submit_kwargs(done_today))
    skip_group(group=skipped, annotator=alice, reason="too dark")
    submit_annotation(annotator=bob, **submit_kwargs(taken_by_bob))

    response = client_for(alice).get("/api/v1/projects/")

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": mine.pk,
            "name": "Mine",
            "slug": mine.slug,
            "roles": ["annotator", "reviewer"],
            "progress": {"done_today": 1, "done_total": 2, "queue_left": 1},
        }
    ]


def test_staff_see_every_project_with_every_role(client_for):
    make_project(), make_project()
    body = client_for(make_user(is_staff=True)).get("/api/v1/projects/").json()
    assert len(body) == 2
    assert body[0]["roles"] == ["annotator", "manager", "researcher", "reviewer"]


def test_detail_has_the_protocol_and_my_roles(client_for):
    alice = make_user()
    project = make_project(members={alice: "annotator"}, gold_rate=0.1)

    body = client_for(alice).get(f"/api/v1/projects/{project.pk}/").json()

    assert body["prompt_categories"] == PROMPT_CATEGORIES
    assert [d["key"] for d in body["rating_dimensions"]] == ["overall", "alignment", "fidelity"]
    assert body["rating_dimensions"][0]["anchors"]["1"].startswith("Very poor")
    assert (body["ranking_slots"], body["max_images_per_slot"], body["gold_rate"]) == (5, 2, 0.1)
    assert body["roles"] == ["annotator"]


def test_staff_create_a_project_and_become_its_manager(client_for):
    staff = make_user(is_staff=True)

    response = client_for(staff).post(
        "/api/v1/projects/",
        {
            "name": "Faces",
            "slug": "faces",
            "annotations_per_group": 3,
            "rating_dimensions": [{"key": "overall", "label": "Overall", "min": 1, "max": 5}],
        },
        format="json",
    )

    assert response.status_code == 201
    project = Project.objects.get(slug="faces")
    assert (project.annotations_per_group, project.rating_dimensions[0]["max"]) == (3, 5)
    assert Membership.objects.get(project=project).role == "manager"
    assert response.json()["id"] == project.pk


def test_creating_a_project_with_a_taken_slug_is_refused(client_for):
    taken = make_project().slug
    response = client_for(make_user(is_staff=True)).post(
        "/api/v1/projects/", {"name": "x", "slug": taken}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "slug", "rule": "unique", "message": f"a project with slug {taken!r} exists"}
    ]


def test_a_manager_patches_settings(client_for):
    manager = make_user()
    project = make_project(members={manager: "manager"})

    response = client_for(manager).patch(
        f"/api/v1/projects/{project.pk}/", {"gold_rate": 0.2, "prompt_categories": ["Faces", "Hands"]}, format="json"
    )

    assert response.status_code == 200
    project.refresh_from_db()
    assert (project.gold_rate, project.prompt_categories) == (0.2, ["Faces", "Hands"])
    assert response.json()["gold_rate"] == 0.2


@pytest.mark.parametrize(
    "change, field, rule",
    [
        ({"gold_rate": 1.5}, "gold_rate", "max_value"),
        ({"lease_seconds": 5}, "lease_seconds", "min_value"),
        ({"prompt_flags": ["nsfw", "nsfw"]}, "prompt_flags", "unique"),
        (
            {"rating_dimensions": [{"key": "overall", "label": "Overall", "min": 7, "max": 1}]},
            "rating_dimensions[0].max",
            "range",
        ),
        ({"rating_dimensions": []}, "rating_dimensions", "invalid"),
        ({"ranking_slots": 1}, "ranking_slots", "too_few_places"),
    ],
)
def test_patch_refuses_bad_settings_naming_field_and_rule(client_for, change, field, rule):
    manager = make_user()
    project = make_project(members={manager: "manager"})
    make_group(project, k=4)  # 1 slot of 2 cannot rank 4 images
    before = Project.objects.values().get(pk=project.pk)

    response = client_for(manager).patch(f"/api/v1/projects/{project.pk}/", change, format="json")

    assert response.status_code == 400
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [(field, rule)]
    assert Project.objects.values().get(pk=project.pk) == before


def test_a_manager_lists_and_adds_members(client_for):
    manager, carol = make_user("manager"), make_user("carol")
    project = make_project(members={manager: "manager"})
    client = client_for(manager)

    added = client.post(
        f"/api/v1/projects/{project.pk}/members/", {"username": "carol", "role": "reviewer"}, format="json"
    )

    assert (added.status_code, added.json()) == (201, {"username": "carol", "role": "reviewer"})
    assert client.get(f"/api/v1/projects/{project.pk}/members/").json() == [
        {"username": "carol", "role": "reviewer"},
        {"username": "manager", "role": "manager"},
    ]
    assert carol.memberships.get().project == project


def test_adding_an_unknown_user_or_role_is_refused(client_for):
    manager = make_user()
    project = make_project(members={manager: "manager"})
    client = client_for(manager)

    unknown = client.post(
        f"/api/v1/projects/{project.pk}/members/", {"username": "nobody", "role": "annotator"}, format="json"
    )
    bad_role = client.post(
        f"/api/v1/projects/{project.pk}/members/", {"username": manager.username, "role": "boss"}, format="json"
    )

    assert (unknown.status_code, unknown.json()["errors"][0]["rule"]) == (400, "unknown_user")
    assert (bad_role.status_code, bad_role.json()["errors"][0]["field"]) == (400, "role")
    assert Membership.objects.count() == 1
