"""next_task, skip_group and release_lease: how a group reaches an annotator."""

from datetime import timedelta

import pytest
from django.utils import timezone

from annotation.errors import Conflict, Refused
from annotation.models import Lease, PromptGroup, Skip
from annotation.services.assignment import MAX_HELD_LEASES, next_task, release_lease, skip_group
from annotation.services.submission import submit_annotation
from tests.annotation.helpers import submit_kwargs
from tests.factories import make_group, make_project, make_user

pytestmark = pytest.mark.django_db


def annotators(n):
    return [make_user() for _ in range(n)]


def project_for(users, **settings):
    return make_project(members={u: "annotator" for u in users}, **settings)


def finish(group, user):
    """Lease-free submission: the user's lease (if any) becomes the annotation."""
    return submit_annotation(annotator=user, **submit_kwargs(group)).annotation


def test_returns_none_when_the_project_has_no_groups():
    (alice,) = annotators(1)
    assert next_task(project=project_for([alice]), annotator=alice) is None


def test_leases_a_group_for_the_projects_lease_time():
    (alice,) = annotators(1)
    project = project_for([alice], lease_seconds=600)
    group = make_group(project)
    now = timezone.now()

    lease = next_task(project=project, annotator=alice, now=now)

    assert (lease.group, lease.annotator, lease.expires_at) == (group, alice, now + timedelta(seconds=600))
    group.refresh_from_db()
    assert (group.lease_count, group.is_started) == (1, True)


def test_returns_the_group_the_annotator_already_holds():
    (alice,) = annotators(1)
    project = project_for([alice])
    make_group(project)
    make_group(project)

    first = next_task(project=project, annotator=alice)

    assert next_task(project=project, annotator=alice) == first
    assert Lease.objects.filter(annotator=alice).count() == 1


def test_excluding_the_held_group_leases_a_second_one_and_a_third_is_refused():
    (alice,) = annotators(1)
    project = project_for([alice])
    for _ in range(3):
        make_group(project)

    current = next_task(project=project, annotator=alice)
    prefetched = next_task(project=project, annotator=alice, exclude_group_ids=[current.group_id])

    assert prefetched.group_id != current.group_id
    assert next_task(project=project, annotator=alice, exclude_group_ids=[current.group_id]) == prefetched
    with pytest.raises(Conflict) as refused:
        next_task(project=project, annotator=alice, exclude_group_ids=[current.group_id, prefetched.group_id])
    assert refused.value.problems[0].rule == "max_held_leases"
    assert Lease.objects.filter(annotator=alice).count() == MAX_HELD_LEASES == 2


def test_never_offers_a_group_the_annotator_annotated():
    (alice,) = annotators(1)
    project = project_for([alice], annotations_per_group=3)
    group = make_group(project)
    finish(group, alice)

    assert next_task(project=project, annotator=alice) is None


def test_never_offers_more_places_than_the_group_needs():
    alice, bob, carol = annotators(3)
    project = project_for([alice, bob, carol], annotations_per_group=2)
    group = make_group(project)

    assert next_task(project=project, annotator=alice).group == group
    assert next_task(project=project, annotator=bob).group == group
    assert next_task(project=project, annotator=carol) is None


def test_places_held_by_annotations_count_like_leases():
    alice, bob, carol = annotators(3)
    project = project_for([alice, bob, carol], annotations_per_group=2)
    group = make_group(project)
    finish(group, alice)
    next_task(project=project, annotator=bob)

    assert next_task(project=project, annotator=carol) is None
    group.refresh_from_db()
    assert (group.annotation_count, group.lease_count) == (1, 1)


def test_an_expired_lease_returns_the_group_to_the_queue():
    alice, bob = annotators(2)
    project = project_for([alice, bob], lease_seconds=60)
    group = make_group(project)
    now = timezone.now()
    next_task(project=project, annotator=alice, now=now)
    assert next_task(project=project, annotator=bob, now=now + timedelta(seconds=59)) is None

    lease = next_task(project=project, annotator=bob, now=now + timedelta(seconds=61))

    assert lease.group == group
    assert list(Lease.objects.values_list("annotator", flat=True)) == [bob.pk]
    group.refresh_from_db()
    assert group.lease_count == 1


def test_between_sweeps_an_expired_lease_still_returns_its_group_when_nothing_else_is_open(sweep_paused):
    alice, bob = annotators(2)
    project = project_for([alice, bob], lease_seconds=60)
    group = make_group(project)
    now = timezone.now()
    next_task(project=project, annotator=alice, now=now)

    lease = next_task(project=project, annotator=bob, now=now + timedelta(seconds=61))

    assert lease.group == group
    assert list(Lease.objects.values_list("annotator", flat=True)) == [bob.pk]
    group.refresh_from_db()
    assert group.lease_count == 1


def test_started_groups_come_first_then_priority_then_oldest():
    alice, bob = annotators(2)
    project = project_for([alice, bob], annotations_per_group=2)
    old_low = make_group(project, priority=0)
    old_high = make_group(project, priority=5)
    new_high = make_group(project, priority=5)
    started_low = make_group(project, priority=-1)
    finish(started_low, bob)

    order = []
    for _ in range(4):
        lease = next_task(project=project, annotator=alice)
        order.append(lease.group)
        skip_group(group=lease.group, annotator=alice, reason="walk the queue")

    assert order == [started_low, old_high, new_high, old_low]


def test_a_group_leased_by_someone_else_counts_as_started():
    alice, bob = annotators(2)
    project = project_for([alice, bob], annotations_per_group=2)
    high = make_group(project, priority=3)
    leased_low = make_group(project, priority=0)
    assert next_task(project=project, annotator=bob, exclude_group_ids=[high.pk]).group == leased_low

    assert next_task(project=project, annotator=alice).group == leased_low


def test_gold_groups_are_mixed_in_at_the_projects_rate():
    (alice,) = annotators(1)
    project = project_for([alice], gold_rate=0.25)
    gold = {make_group(project, gold_ranking=[1, 2, 3, 4]).pk for _ in range(5)}
    for _ in range(20):
        make_group(project)

    kinds = []
    for _ in range(20):
        lease = next_task(project=project, annotator=alice)
        kinds.append(lease.group_id in gold)
        finish(lease.group, alice)

    assert [i + 1 for i, is_gold in enumerate(kinds) if is_gold] == [4, 8, 12, 16, 20]


def test_without_gold_rate_gold_groups_are_offered_only_when_nothing_else_is_left():
    (alice,) = annotators(1)
    project = project_for([alice], gold_rate=0.0)
    gold_group = make_group(project, gold_ranking=[1, 2, 3, 4], priority=10)
    regular = make_group(project)

    first = next_task(project=project, annotator=alice)
    finish(first.group, alice)

    assert (first.group, next_task(project=project, annotator=alice).group) == (regular, gold_group)


def test_skipping_releases_the_lease_and_the_group_is_not_offered_again():
    alice, bob = annotators(2)
    project = project_for([alice, bob])
    group = make_group(project)
    next_task(project=project, annotator=alice)

    skip = skip_group(group=group, annotator=alice, reason="cannot judge anatomy")

    assert (skip.reason, Lease.objects.count()) == ("cannot judge anatomy", 0)
    assert next_task(project=project, annotator=alice) is None
    assert next_task(project=project, annotator=bob).group == group


def test_skipping_needs_a_reason_and_writes_nothing_without_one():
    (alice,) = annotators(1)
    project = project_for([alice])
    group = make_group(project)
    next_task(project=project, annotator=alice)

    with pytest.raises(Refused) as refused:
        skip_group(group=group, annotator=alice, reason="  ")

    assert (refused.value.problems[0].field, refused.value.problems[0].rule) == ("reason", "required")
    assert (Skip.objects.count(), Lease.objects.count()) == (0, 1)


def test_releasing_gives_the_place_back_and_the_group_may_come_again():
    (alice,) = annotators(1)
    project = project_for([alice])
    group = make_group(project)
    next_task(project=project, annotator=alice)

    release_lease(group=group, annotator=alice)

    group.refresh_from_db()
    assert (group.lease_count, Lease.objects.count()) == (0, 0)
    assert next_task(project=project, annotator=alice).group == group


def test_the_database_refuses_more_places_than_needed():
    from django.db import IntegrityError

    project = make_project(annotations_per_group=1)
    group = make_group(project)
    with pytest.raises(IntegrityError):
        PromptGroup.objects.filter(pk=group.pk).update(annotation_count=1, lease_count=1)
