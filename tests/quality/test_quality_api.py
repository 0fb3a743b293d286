"""The review and quality endpoints: who may use them, what they answer, how they refuse."""

import pytest

from annotation.models import Annotation, PromptGroup
from tests.factories import make_group, make_project, make_user

from .helpers import annotate, client_for

pytestmark = pytest.mark.django_db

ROLES = ["annotator", "reviewer", "researcher", "manager"]


@pytest.fixture
def setup():
    people = {role: make_user(role) for role in ROLES}
    people["outsider"] = make_user("outsider")
    people["worker"] = make_user("worker")
    project = make_project(members={**{people[role]: role for role in ROLES}, people["worker"]: "annotator"})
    make_project(members={people["outsider"]: "manager"})
    group = make_group(project, k=3)
    annotation = annotate(group, people["worker"], [1, 2, 2])
    return project, group, annotation, people


def caller(people, who):
    return client_for(None if who == "anonymous" else people[who])


@pytest.mark.parametrize(
    "who, expected",
    [
        ("annotator", 403),
        ("reviewer", 200),
        ("researcher", 403),
        ("manager", 200),
        ("outsider", 404),
        ("anonymous", 403),
    ],
)
def test_who_may_list_annotations_for_review(setup, who, expected):
    project, _, _, people = setup

    response = caller(people, who).get(f"/api/v1/projects/{project.pk}/annotations/")

    assert response.status_code == expected


@pytest.mark.parametrize(
    "who, expected",
    [
        ("annotator", 403),
        ("reviewer", 200),
        ("researcher", 403),
        ("manager", 200),
        ("outsider", 404),
        ("anonymous", 403),
    ],
)
def test_who_may_review(setup, who, expected):
    _, group, annotation, people = setup

    response = caller(people, who).post(
        f"/api/v1/annotations/{annotation.pk}/review/", {"decision": "reject"}, format="json"
    )

    assert response.status_code == expected
    annotation.refresh_from_db()
    assert annotation.status == ("rejected" if expected == 200 else "submitted")
    assert PromptGroup.objects.get(pk=group.pk).annotation_count == (0 if expected == 200 else 1)


@pytest.mark.parametrize(
    "who, expected",
    [
        ("annotator", 403),
        ("reviewer", 200),
        ("researcher", 200),
        ("manager", 200),
        ("outsider", 404),
        ("anonymous", 403),
    ],
)
def test_who_may_read_quality_figures(setup, who, expected):
    project, _, _, people = setup

    response = caller(people, who).get(f"/api/v1/projects/{project.pk}/quality/")

    assert response.status_code == expected


def test_staff_may_review_in_any_project(setup):
    _, _, annotation, _ = setup

    response = client_for(make_user(is_staff=True)).post(
        f"/api/v1/annotations/{annotation.pk}/review/", {"decision": "accept"}, format="json"
    )

    assert (response.status_code, response.json()["status"]) == (200, "accepted")


def test_the_review_list_shows_each_image_judgment_in_group_order(setup):
    project, group, annotation, people = setup

    body = client_for(people["reviewer"]).get(f"/api/v1/projects/{project.pk}/annotations/").json()

    assert body["count"] == 1
    item = body["results"][0]
    assert (item["id"], item["status"], item["annotator"]["username"]) == (annotation.pk, "submitted", "worker")
    assert item["group"]["prompt"]["text"] == group.prompt.text
    positions = list(group.group_images.order_by("position").values_list("image_id", flat=True))
    assert [(i["image_id"], i["position"], i["slot"]) for i in item["images"]] == [
        (positions[0], 0, 1),
        (positions[1], 1, 2),
        (positions[2], 2, 2),
    ]
    assert item["images"][0]["ratings"] == {"overall": 7, "alignment": 7, "fidelity": 7}
    assert item["images"][0]["url"].startswith("/media/")


def test_the_review_list_filters_by_status_and_annotator(setup):
    project, _, _, people = setup
    other = make_user("other")
    project.memberships.create(user=other, role="annotator")
    rejected = annotate(make_group(project, k=2), other, [1, 2], status="rejected")
    client = client_for(people["manager"])

    by_status = client.get(f"/api/v1/projects/{project.pk}/annotations/", {"status": "rejected"}).json()
    by_annotator = client.get(f"/api/v1/projects/{project.pk}/annotations/", {"annotator": other.pk}).json()

    assert [item["id"] for item in by_status["results"]] == [rejected.pk]
    assert [item["id"] for item in by_annotator["results"]] == [rejected.pk]


def test_the_review_list_is_paginated_in_a_constant_number_of_queries(setup, django_assert_max_num_queries):
    project, _, _, people = setup
    for _ in range(6):
        annotate(make_group(project, k=4), people["worker"], [1, 2, 3, 4])
    client = client_for(people["reviewer"])

    # auth token, roles, project, count, page, prefetched judgments (+ the user row lookups)
    with django_assert_max_num_queries(8):
        body = client.get(f"/api/v1/projects/{project.pk}/annotations/", {"limit": 5}).json()

    assert (body["count"], len(body["results"])) == (7, 5)
    assert body["next"] is not None


def test_a_bad_status_filter_is_a_400_naming_the_field(setup):
    project, _, _, people = setup

    response = client_for(people["reviewer"]).get(f"/api/v1/projects/{project.pk}/annotations/", {"status": "lost"})

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["status"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "decision"),
        ({"decision": "approve"}, "decision"),
        ({"decision": "reject", "note": "x" * 5001}, "note"),
    ],
)
def test_bad_review_input_is_a_400_and_changes_nothing(setup, body, field):
    _, group, annotation, people = setup

    response = client_for(people["reviewer"]).post(f"/api/v1/annotations/{annotation.pk}/review/", body, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
    assert Annotation.objects.get(pk=annotation.pk).status == "submitted"
    assert PromptGroup.objects.get(pk=group.pk).annotation_count == 1


def test_reviewing_ones_own_annotation_is_a_403_with_the_rule(setup):
    project, _, _, people = setup
    own = annotate(make_group(project, k=2), people["reviewer"], [1, 2])

    response = client_for(people["reviewer"]).post(
        f"/api/v1/annotations/{own.pk}/review/", {"decision": "accept"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["errors"][0]["rule"] == "own_annotation"
    assert Annotation.objects.get(pk=own.pk).status == "submitted"


def test_a_reviewer_changing_a_decision_gets_409(setup):
    _, _, annotation, people = setup
    client = client_for(people["reviewer"])
    client.post(f"/api/v1/annotations/{annotation.pk}/review/", {"decision": "accept"}, format="json")

    response = client.post(f"/api/v1/annotations/{annotation.pk}/review/", {"decision": "reject"}, format="json")

    assert response.status_code == 409
    assert response.json()["errors"][0]["rule"] == "already_reviewed"
    assert Annotation.objects.get(pk=annotation.pk).status == "accepted"


def test_reviewing_an_unknown_annotation_is_a_404(setup):
    _, _, _, people = setup

    response = client_for(people["manager"]).post(
        "/api/v1/annotations/999999/review/", {"decision": "accept"}, format="json"
    )

    assert response.status_code == 404


def test_the_review_answer_is_the_reviewed_annotation(setup):
    _, _, annotation, people = setup

    body = (
        client_for(people["reviewer"])
        .post(
            f"/api/v1/annotations/{annotation.pk}/review/",
            {"decision": "reject", "note": "slots at random"},
            format="json",
        )
        .json()
    )

    assert (body["id"], body["status"], body["review_note"], body["reviewed_by"]["username"]) == (
        annotation.pk,
        "rejected",
        "slots at random",
        "reviewer",
    )


def test_the_quality_answer_has_every_section(setup):
    project, _, _, people = setup

    body = client_for(people["researcher"]).get(f"/api/v1/projects/{project.pk}/quality/").json()

    assert set(body) == {
        "project",
        "annotations",
        "overlap",
        "ratings",
        "ranking",
        "gold",
        "flags",
        "pairs",
        "windows",
        "project_habits",
        "annotators",
    }
    assert [r["dimension"] for r in body["ratings"]] == ["overall", "alignment", "fidelity"]
    assert [a["username"] for a in body["annotators"]] == ["worker"]


def test_the_schema_describes_the_review_and_quality_endpoints(setup):
    _, _, _, people = setup

    schema = client_for(people["manager"]).get("/api/v1/schema/", {"format": "json"}).json()

    assert {
        "/api/v1/projects/{project_id}/annotations/",
        "/api/v1/annotations/{annotation_id}/review/",
        "/api/v1/projects/{project_id}/quality/",
    } <= set(schema["paths"])
    quality = schema["paths"]["/api/v1/projects/{project_id}/quality/"]["get"]["responses"]["200"]
    assert quality["content"]["application/json"]["schema"]["$ref"].endswith("/ProjectQuality")
