"""Review: accepting, rejecting (the group goes back for relabelling), changing a decision."""

import threading

import pytest
from django.db import connection
from rest_framework.exceptions import PermissionDenied

from annotation.errors import Conflict, Refused
from annotation.models import Annotation, AnnotationStatus, Comparison, PromptGroup
from annotation.services.assignment import next_task
from annotation.services.review import review_annotation
from tests.factories import make_group, make_project, make_user

from .helpers import annotate, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    people = {name: make_user(name) for name in ("ann", "bea", "rita", "max")}
    project = make_project(
        members={
            people["ann"]: "annotator",
            people["bea"]: "annotator",
            people["rita"]: "reviewer",
            people["max"]: "manager",
        }
    )
    people["project"] = project
    return people


def refreshed(obj):
    obj.refresh_from_db()
    return obj


def test_accept_marks_the_annotation_accepted_and_leaves_the_group_complete(team):
    group = make_group(team["project"], k=3)
    annotation = annotate(group, team["ann"], [1, 2, 3])

    review_annotation(annotation=annotation, reviewer=team["rita"], decision="accept", note="clean")

    annotation = refreshed(annotation)
    assert (annotation.status, annotation.reviewed_by, annotation.review_note) == ("accepted", team["rita"], "clean")
    assert annotation.reviewed_at is not None
    group = refreshed(group)
    assert (group.annotation_count, group.completed_at is not None) == (1, True)
    assert Comparison.objects.filter(annotation=annotation).count() == 3


def test_reject_gives_the_group_its_place_back_and_withdraws_the_comparisons(team):
    group = make_group(team["project"], k=3)
    annotation = annotate(group, team["ann"], [1, 2, 3])
    assert refreshed(group).completed_at is not None

    review_annotation(annotation=annotation, reviewer=team["rita"], decision="reject", note="random clicks")

    assert refreshed(annotation).status == "rejected"
    group = refreshed(group)
    assert (group.annotation_count, group.completed_at) == (0, None)
    assert not Comparison.objects.filter(annotation=annotation).exists()
    # The judgments stay on record.
    assert annotation.image_annotations.count() == 3


def test_a_rejected_group_is_offered_again_to_another_annotator_but_not_to_the_rejected_one(team):
    group = make_group(team["project"], k=3)
    annotation = annotate(group, team["ann"], [1, 2, 3])
    assert next_task(project=team["project"], annotator=team["bea"]) is None

    review_annotation(annotation=annotation, reviewer=team["rita"], decision="reject")

    assert next_task(project=team["project"], annotator=team["ann"]) is None
    lease = next_task(project=team["project"], annotator=team["bea"])
    assert lease is not None and lease.group_id == group.pk


def test_relabelling_after_a_reject_completes_the_group_again(team):
    group = make_group(team["project"], k=3)
    review_annotation(annotation=annotate(group, team["ann"], [1, 2, 3]), reviewer=team["rita"], decision="reject")
    next_task(project=team["project"], annotator=team["bea"])

    relabel = submit(group, team["bea"], [2, 1, 3])

    group = refreshed(group)
    assert (group.annotation_count, group.completed_at is not None) == (1, True)
    assert set(Comparison.objects.filter(group=group).values_list("annotation_id", flat=True)) == {relabel.pk}


def test_a_reviewer_may_not_review_their_own_annotation(team):
    project = team["project"]
    project.memberships.create(user=team["rita"], role="annotator")
    annotation = annotate(make_group(project, k=2), team["rita"], [1, 2])

    with pytest.raises(Refused) as refused:
        review_annotation(annotation=annotation, reviewer=team["rita"], decision="accept")

    assert (refused.value.status_code, refused.value.problems[0].rule) == (403, "own_annotation")
    assert refreshed(annotation).status == "submitted"


def test_a_manager_may_not_review_their_own_annotation_either(team):
    annotation = annotate(make_group(team["project"], k=2), team["max"], [1, 2])

    with pytest.raises(Refused):
        review_annotation(annotation=annotation, reviewer=team["max"], decision="reject")

    assert refreshed(annotation).status == "submitted"


def test_an_annotator_may_not_review(team):
    annotation = annotate(make_group(team["project"], k=2), team["ann"], [1, 2])

    with pytest.raises(PermissionDenied):
        review_annotation(annotation=annotation, reviewer=team["bea"], decision="reject")

    assert refreshed(annotation).status == "submitted"


def test_the_same_decision_again_changes_nothing(team):
    group = make_group(team["project"], k=2)
    annotation = review_annotation(
        annotation=annotate(group, team["ann"], [1, 2]), reviewer=team["rita"], decision="reject", note="first"
    )
    first_reviewed_at = annotation.reviewed_at

    again = review_annotation(annotation=annotation, reviewer=team["max"], decision="reject", note="second")

    assert (again.reviewed_by, again.review_note, again.reviewed_at) == (team["rita"], "first", first_reviewed_at)
    assert refreshed(group).annotation_count == 0


def test_a_reviewer_cannot_change_a_decision(team):
    annotation = review_annotation(
        annotation=annotate(make_group(team["project"], k=2), team["ann"], [1, 2]),
        reviewer=team["rita"],
        decision="accept",
    )

    with pytest.raises(Conflict) as conflict:
        review_annotation(annotation=annotation, reviewer=team["rita"], decision="reject")

    assert conflict.value.problems[0].rule == "already_reviewed"
    assert refreshed(annotation).status == "accepted"


def test_a_manager_may_overturn_an_acceptance(team):
    group = make_group(team["project"], k=2)
    annotation = review_annotation(
        annotation=annotate(group, team["ann"], [1, 2]), reviewer=team["rita"], decision="accept"
    )

    review_annotation(annotation=annotation, reviewer=team["max"], decision="reject", note="missed a flag")

    assert (refreshed(annotation).status, refreshed(annotation).reviewed_by) == ("rejected", team["max"])
    assert refreshed(group).annotation_count == 0
    assert not Comparison.objects.filter(annotation=annotation).exists()


def test_a_manager_may_overturn_a_rejection_and_the_comparisons_come_back(team):
    group = make_group(team["project"], k=3)
    annotation = annotate(group, team["ann"], [2, 1, 2])
    before = sorted(Comparison.objects.filter(annotation=annotation).values_list("better_id", "worse_id", "is_tie"))
    review_annotation(annotation=annotation, reviewer=team["rita"], decision="reject")

    review_annotation(annotation=annotation, reviewer=team["max"], decision="accept")

    after = sorted(Comparison.objects.filter(annotation=annotation).values_list("better_id", "worse_id", "is_tie"))
    assert after == before and len(after) == 3
    group = refreshed(group)
    assert (group.annotation_count, group.completed_at is not None) == (1, True)


def test_a_rejection_cannot_be_overturned_once_the_group_was_given_to_someone_else(team):
    group = make_group(team["project"], k=2)
    annotation = review_annotation(
        annotation=annotate(group, team["ann"], [1, 2]), reviewer=team["rita"], decision="reject"
    )
    next_task(project=team["project"], annotator=team["bea"])  # a live lease holds the free place

    with pytest.raises(Conflict) as conflict:
        review_annotation(annotation=annotation, reviewer=team["max"], decision="accept")

    assert conflict.value.problems[0].rule == "group_full"
    assert refreshed(annotation).status == "rejected"
    assert not Comparison.objects.filter(annotation=annotation).exists()


def test_an_unknown_decision_is_refused_and_nothing_changes(team):
    annotation = annotate(make_group(team["project"], k=2), team["ann"], [1, 2])

    with pytest.raises(Refused) as refused:
        review_annotation(annotation=annotation, reviewer=team["rita"], decision="maybe")

    assert refused.value.problems[0].field == "decision"
    assert refreshed(annotation).status == "submitted"


def test_with_overlap_a_reject_frees_one_place_of_several(team):
    project = team["project"]
    group = make_group(project, k=2, needed=2)
    first = annotate(group, team["ann"], [1, 2])
    annotate(group, team["bea"], [1, 2])

    review_annotation(annotation=first, reviewer=team["rita"], decision="reject")

    group = refreshed(group)
    assert (group.annotation_count, group.completed_at) == (1, None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_rejecting_at_once_give_the_place_back_once():
    ann, rita, rob = make_user(), make_user(), make_user()
    project = make_project(members={ann: "annotator", rita: "reviewer", rob: "reviewer"})
    group = make_group(project, k=2, needed=1)
    annotation = annotate(group, ann, [1, 2])
    barrier = threading.Barrier(2)
    outcomes = []

    def reject(reviewer):
        try:
            barrier.wait()
            review_annotation(annotation=Annotation.objects.get(pk=annotation.pk), reviewer=reviewer, decision="reject")
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=reject, args=(reviewer,)) for reviewer in (rita, rob)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok", "ok"]  # the second sees the same decision: nothing to do
    assert PromptGroup.objects.get(pk=group.pk).annotation_count == 0
    assert Annotation.objects.get(pk=annotation.pk).status == AnnotationStatus.REJECTED
