"""A manager's overview of a project: groups complete, in progress and open (gold apart),
annotations per day, who is active now, and the estimated finish at the last week's rate."""

from datetime import timedelta

import pytest
from django.utils import timezone

from annotation import selectors
from annotation.models import Annotation, PromptGroup
from annotation.services import assignment, submission
from tests.annotation.helpers import submit_kwargs
from tests.factories import make_group, make_project, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_user("boss")


@pytest.fixture
def project(manager):
    return make_project(members={manager: "manager"}, annotations_per_group=2)


def annotate(project, annotator):
    lease = assignment.next_task(project=project, annotator=annotator)
    submission.submit_annotation(annotator=annotator, **submit_kwargs(PromptGroup.objects.get(pk=lease.group_id)))


def test_progress_counts_groups_by_state_and_shows_who_is_active(client_for, manager, project):
    ann, bob = make_user("ann"), make_user("bob")
    for user in (ann, bob):
        project.memberships.create(user=user, role="annotator")
    for _ in range(4):
        make_group(project, k=2)
    make_group(project, k=2, gold_ranking=[1, 2])
    annotate(project, ann)
    annotate(project, bob)  # the started group first: now complete
    assignment.next_task(project=project, annotator=ann)  # holds a second group

    body = client_for(manager).get(f"/api/v1/projects/{project.pk}/progress/").json()

    assert body["groups"] == {"total": 4, "complete": 1, "in_progress": 1, "open": 2, "gold": 1}
    assert body["annotations_remaining"] == 6
    assert body["active_annotators"] == ["ann", "bob"]
    assert body["annotations_per_day"][-1] == {"day": str(timezone.localdate()), "annotations": 2}
    assert len(body["annotations_per_day"]) == 30
    assert body["rate_per_day"] == round(2 / 7, 2)
    assert body["estimated_finish"] is not None


def test_the_estimated_finish_follows_the_last_weeks_rate(project):
    ann = make_user("ann")
    project.memberships.create(user=ann, role="annotator")
    for _ in range(4):
        make_group(project, k=2)
    now = timezone.now()
    annotate(project, ann)
    annotate(project, ann)
    first, second = Annotation.objects.order_by("id")
    Annotation.objects.filter(pk=first.pk).update(created_at=now - timedelta(days=9))  # before the week
    Annotation.objects.filter(pk=second.pk).update(created_at=now - timedelta(days=3))

    progress = selectors.project_progress(project=project, now=now)

    # 1 annotation in the last 7 days; 6 still needed: 42 days at that rate.
    assert progress["annotations_remaining"] == 6
    assert progress["estimated_finish"] == now + timedelta(days=42)
    assert progress["active_annotators"] == []  # nothing held, nothing in the last 15 minutes


def test_without_recent_work_there_is_no_estimate(project):
    make_group(project, k=2)
    progress = selectors.project_progress(project=project)
    assert progress["estimated_finish"] is None and progress["rate_per_day"] == 0
    assert progress["groups"]["open"] == 1 and progress["active_annotators"] == []
