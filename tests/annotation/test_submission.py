"""submit_annotation and record_annotation: what a submission writes, once."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from annotation.errors import Conflict, Refused
from annotation.models import Annotation, Comparison, ImageAnnotation, Lease
from annotation.ranking import non_tied_pairs
from annotation.services.assignment import next_task
from annotation.services.submission import record_annotation, submit_annotation
from annotation.signals import annotation_recorded
from tests.annotation.helpers import image_ids, judgments, row_counts, submit_kwargs
from tests.factories import make_group, make_project, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return make_user("alice")


def test_submission_turns_the_lease_into_an_annotation(alice):
    project = make_project(members={alice: "annotator"}, annotations_per_group=2)
    group = make_group(project)
    next_task(project=project, annotator=alice)

    result = submit_annotation(annotator=alice, **submit_kwargs(group, [1, 2, 3, 4], time_spent_ms=9000))

    assert result.created
    group.refresh_from_db()
    assert (group.annotation_count, group.lease_count, group.completed_at) == (1, 0, None)
    assert Lease.objects.count() == 0
    stored = ImageAnnotation.objects.filter(annotation=result.annotation)
    assert sorted(stored.values_list("slot", flat=True)) == [1, 2, 3, 4]
    assert result.annotation.time_spent_ms == 9000


def test_the_last_annotation_completes_the_group(alice):
    project = make_project(members={alice: "annotator"})
    group = make_group(project)

    annotation = submit_annotation(annotator=alice, **submit_kwargs(group)).annotation

    group.refresh_from_db()
    assert (group.annotation_count, group.completed_at) == (1, annotation.created_at)


def test_comparisons_are_every_pair_of_the_ranking_ties_included(alice):
    project = make_project(members={alice: "annotator"})
    group = make_group(project, k=5)
    ids = image_ids(group)

    annotation = submit_annotation(annotator=alice, **submit_kwargs(group, [2, 1, 2, 5, 4])).annotation

    pairs = set(Comparison.objects.filter(annotation=annotation).values_list("better", "worse", "is_tie"))
    ties = {(ids[0], ids[2], True)}
    ordered = {(ids[b], ids[w], False) for b, w in non_tied_pairs([2, 1, 2, 5, 4])}
    assert pairs == ties | ordered
    assert len(pairs) == 10


def test_a_retry_with_the_same_client_key_returns_the_first_annotation_and_writes_nothing(alice):
    project = make_project(members={alice: "annotator"}, annotations_per_group=2)
    group = make_group(project)
    next_task(project=project, annotator=alice)
    kwargs = submit_kwargs(group)
    first = submit_annotation(annotator=alice, **kwargs)
    before = row_counts()

    retry = submit_annotation(annotator=alice, **kwargs)

    assert (retry.created, retry.annotation) == (False, first.annotation)
    assert row_counts() == before


def test_each_annotation_written_is_announced_once_with_its_comparisons_and_a_retry_is_not(alice):
    project = make_project(members={alice: "annotator"})
    group = make_group(project, k=3)
    announced = []

    def receiver(sender, annotation, **kwargs):
        announced.append((sender, annotation.pk, Comparison.objects.filter(annotation=annotation).count()))

    annotation_recorded.connect(receiver, dispatch_uid="test-receiver")
    try:
        kwargs = submit_kwargs(group)
        first = submit_annotation(annotator=alice, **kwargs).annotation
        submit_annotation(annotator=alice, **kwargs)
    finally:
        annotation_recorded.disconnect(dispatch_uid="test-receiver")

    assert announced == [(Annotation, first.pk, 3)]


def test_the_same_client_key_for_another_group_is_a_conflict(alice):
    project = make_project(members={alice: "annotator"})
    group, other = make_group(project), make_group(project)
    key = str(uuid.uuid4())
    submit_annotation(annotator=alice, **submit_kwargs(group, client_key=key))
    before = row_counts()

    with pytest.raises(Conflict) as refused:
        submit_annotation(annotator=alice, **submit_kwargs(other, client_key=key))

    assert (refused.value.problems[0].field, refused.value.problems[0].rule) == ("client_key", "key_reused")
    assert row_counts() == before


def test_a_second_annotation_of_the_same_group_is_refused(alice):
    project = make_project(members={alice: "annotator"}, annotations_per_group=3)
    group = make_group(project)
    submit_annotation(annotator=alice, **submit_kwargs(group))

    with pytest.raises(Conflict) as refused:
        submit_annotation(annotator=alice, **submit_kwargs(group))

    assert refused.value.problems[0].rule == "already_annotated"


def test_an_expired_lease_still_submits_while_the_group_has_room(alice):
    project = make_project(members={alice: "annotator"}, lease_seconds=60)
    group = make_group(project)
    next_task(project=project, annotator=alice, now=timezone.now() - timedelta(seconds=120))

    result = submit_annotation(annotator=alice, **submit_kwargs(group))

    group.refresh_from_db()
    assert result.created
    assert (group.annotation_count, group.lease_count, Lease.objects.count()) == (1, 0, 0)


def test_an_expired_lease_whose_place_was_taken_is_refused_and_writes_nothing(alice):
    bob = make_user("bob")
    project = make_project(members={alice: "annotator", bob: "annotator"}, lease_seconds=60)
    group = make_group(project)
    now = timezone.now()
    next_task(project=project, annotator=alice, now=now - timedelta(seconds=120))
    assert next_task(project=project, annotator=bob, now=now).group == group
    before = row_counts()

    with pytest.raises(Conflict) as refused:
        submit_annotation(annotator=alice, **submit_kwargs(group))

    assert (refused.value.problems[0].field, refused.value.problems[0].rule) == ("group", "no_free_place")
    assert row_counts() == before


def test_gold_agreement_is_the_share_of_gold_pairs_ordered_alike(alice):
    project = make_project(members={alice: "annotator"})
    # Gold: 0 > 1 > 2 and 3 tied with 2: non-tied pairs (0,1) (0,2) (0,3) (1,2) (1,3).
    group = make_group(project, gold_ranking=[1, 2, 3, 3])

    # Puts 1 and 3 above 0 and ties them: agrees on (0,2) and (1,2) only.
    annotation = submit_annotation(annotator=alice, **submit_kwargs(group, [2, 1, 3, 1])).annotation

    assert annotation.gold_agreement == pytest.approx(2 / 5)


def test_regular_groups_have_no_gold_agreement(alice):
    project = make_project(members={alice: "annotator"})
    annotation = submit_annotation(annotator=alice, **submit_kwargs(make_group(project))).annotation
    assert annotation.gold_agreement is None


def test_a_refused_submission_writes_nothing(alice):
    project = make_project(members={alice: "annotator"})
    group = make_group(project)
    next_task(project=project, annotator=alice)
    before = row_counts()

    with pytest.raises(Refused):
        submit_annotation(annotator=alice, **submit_kwargs(group, [1, 2, 3, 9]))

    assert row_counts() == before


def test_record_annotation_stores_an_imported_ranking_without_ratings(alice):
    project = make_project()
    group = make_group(project, k=3)
    ranking = [
        {"image_id": image_id, "ratings": {}, "flags": [], "slot": slot}
        for image_id, slot in zip(image_ids(group), [2, 1, 2])
    ]

    annotation = record_annotation(
        group=group,
        annotator=alice,
        client_key=uuid.uuid4(),
        judgments=ranking,
        source="reference:train.json",
        status="accepted",
    )

    group.refresh_from_db()
    assert (annotation.source, annotation.status, group.annotation_count) == ("reference:train.json", "accepted", 1)
    assert Comparison.objects.filter(annotation=annotation, is_tie=False).count() == 2
    assert Comparison.objects.filter(annotation=annotation, is_tie=True).count() == 1


def test_record_annotation_refuses_a_ranking_that_misses_an_image(alice):
    group = make_group(make_project(), k=3)
    ranking = judgments(group)[:2]
    with pytest.raises(Refused):
        record_annotation(group=group, annotator=alice, client_key=uuid.uuid4(), judgments=ranking)
    assert Annotation.objects.count() == 0
