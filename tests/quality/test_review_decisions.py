"""Review decisions with a reason from the project's list, and their audit trail: every decision
(who, when, what, why) is kept and shown per annotation and per annotator."""

import pytest

from annotation.models import Annotation, ReviewDecision
from tests.factories import make_group, make_project, make_user

from .helpers import annotate, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    people = {name: make_user(name) for name in ["ann", "rita", "max"]}
    project = make_project(members={people["ann"]: "annotator", people["rita"]: "reviewer", people["max"]: "manager"})
    annotation = annotate(make_group(project, k=3), people["ann"], [1, 2, 3])
    return project, people, annotation


def review(who, annotation, **body):
    return client_for(who).post(f"/api/v1/annotations/{annotation.pk}/review/", body, format="json")


def test_a_rejection_with_a_reason_from_the_list_is_recorded(team):
    project, people, annotation = team

    response = review(people["rita"], annotation, decision="reject", reason="missed a flag", note="image 2 is blurred")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["review_reason"]) == ("rejected", "missed a flag")
    [decision] = body["decisions"]
    assert (decision["reviewer"]["username"], decision["decision"], decision["reason"], decision["note"]) == (
        "rita",
        "rejected",
        "missed a flag",
        "image 2 is blurred",
    )


def test_a_reason_outside_the_projects_list_is_refused_and_nothing_is_written(team):
    _, people, annotation = team

    response = review(people["rita"], annotation, decision="reject", reason="I did not like it")

    assert response.status_code == 400
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [("reason", "choice")]
    assert Annotation.objects.get(pk=annotation.pk).status == "submitted"
    assert not ReviewDecision.objects.exists()


def test_every_decision_is_kept_when_a_manager_changes_it(team):
    project, people, annotation = team
    review(people["rita"], annotation, decision="reject", reason="ratings inconsistent")

    review(people["max"], annotation, decision="accept", note="the ratings are fine on a closer look")

    decisions = ReviewDecision.objects.filter(annotation=annotation)
    assert [(d.reviewer.username, d.decision) for d in decisions] == [("rita", "rejected"), ("max", "accepted")]


def test_repeating_a_decision_adds_no_record(team):
    _, people, annotation = team
    review(people["rita"], annotation, decision="accept")

    review(people["rita"], annotation, decision="accept")

    assert ReviewDecision.objects.count() == 1


def test_the_annotator_page_lists_the_decisions_on_their_work(team):
    project, people, annotation = team
    review(people["rita"], annotation, decision="reject", reason="other", note="see chat")

    body = client_for(people["rita"]).get(f"/api/v1/projects/{project.pk}/annotators/{people['ann'].pk}/").json()

    assert [(d["annotation_id"], d["decision"], d["reason"]) for d in body["decisions"]] == [
        (annotation.pk, "rejected", "other")
    ]
    assert [a["id"] for a in body["recent"]] == [annotation.pk]
    assert body["paused"] is False


def test_a_decision_on_another_projects_annotation_is_refused(team):
    _, people, _ = team
    elsewhere = make_project(members={people["ann"]: "annotator"})
    foreign = annotate(make_group(elsewhere, k=2), people["ann"], [1, 2])

    response = review(people["rita"], foreign, decision="reject", reason="other")

    assert response.status_code == 404
    assert Annotation.objects.get(pk=foreign.pk).status == "submitted"
    assert not ReviewDecision.objects.exists()


def test_the_stored_report_answers_with_its_computed_at(team):
    project, people, _ = team

    first = client_for(people["rita"]).get(f"/api/v1/projects/{project.pk}/quality/report/").json()
    second = client_for(people["rita"]).get(f"/api/v1/projects/{project.pk}/quality/report/").json()

    assert first["computed_at"] == second["computed_at"], "the second read comes from the stored report"
    assert first["figures"]["annotations"]["total"] == 1
