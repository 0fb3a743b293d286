"""Qualification: a newcomer gets qualification groups and no real work until they pass; two
failed attempts keep them out until a manager resets them; the gate holds however many tabs
ask at once (PostgreSQL)."""

import threading
import uuid

import pytest
from django.db import connections

from annotation.errors import Refused
from annotation.models import Annotation, Lease, QualificationAttempt
from annotation.services.assignment import next_task, release_lease
from annotation.services.qualification import mark_qualification_groups, reset_qualification
from annotation.services.submission import submit_annotation
from tests.annotation.helpers import judgments
from tests.factories import make_group, make_project, make_user

from .helpers import RIGHT, WRONG, answer, client_for, qualifying_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    return qualifying_project()


def test_a_newcomer_gets_qualification_groups_first_then_real_work_once_passed(setup):
    project, newcomer, _, real, gold = setup

    first = answer(project, newcomer, RIGHT)
    second = answer(project, newcomer, RIGHT)
    after = next_task(project=project, annotator=newcomer)

    assert first.is_qualification and second.is_qualification
    assert after.group_id in {g.pk for g in real}
    [attempt] = QualificationAttempt.objects.filter(annotator=newcomer)
    assert (attempt.passed, attempt.score) == (True, 1.0)


def test_two_failed_attempts_keep_the_annotator_out_with_their_scores(setup):
    project, newcomer, _, _, _ = setup
    for _ in range(4):
        assert answer(project, newcomer, WRONG).is_qualification

    with pytest.raises(Refused) as refusal:
        next_task(project=project, annotator=newcomer)

    problem = refusal.value.problems[0]
    assert (problem.field, problem.rule, refusal.value.status_code) == ("annotator", "qualification_failed", 403)
    assert "0%, 0%" in problem.message and "max" in problem.message
    assert [a.passed for a in QualificationAttempt.objects.filter(annotator=newcomer)] == [False, False]


def test_a_manager_resets_a_failed_annotator_who_may_then_try_again(setup):
    project, newcomer, max_, _, _ = setup
    for _ in range(4):
        answer(project, newcomer, WRONG)

    response = client_for(max_).post(
        f"/api/v1/projects/{project.pk}/annotators/{newcomer.pk}/qualification/reset/",
        {"note": "explained the rules"},
        format="json",
    )

    assert response.status_code == 200
    assert {a.reset_by for a in QualificationAttempt.objects.filter(annotator=newcomer)} == {max_}
    assert next_task(project=project, annotator=newcomer).group.is_qualification


def test_a_reset_without_failures_is_a_conflict(setup):
    project, newcomer, max_, _, _ = setup

    with pytest.raises(Refused) as refusal:
        reset_qualification(project=project, annotator=newcomer, reset_by=max_, note="why not")

    assert refusal.value.status_code == 409


def test_a_member_who_worked_before_qualification_was_required_keeps_working(setup):
    project, _, _, real, _ = setup
    veteran = make_user("veteran")
    project.memberships.create(user=veteran, role="annotator")
    project.require_qualification = False
    project.save()
    answer(project, veteran, RIGHT)
    project.require_qualification = True
    project.save()

    assert next_task(project=project, annotator=veteran).group_id in {g.pk for g in real}


def test_without_a_qualification_group_left_the_newcomer_is_told_to_ask_a_manager(setup):
    project, newcomer, _, _, gold = setup
    project.qualification_size = 10
    project.save()
    for _ in gold:
        answer(project, newcomer, RIGHT)

    with pytest.raises(Refused) as refusal:
        next_task(project=project, annotator=newcomer)

    assert refusal.value.problems[0].rule == "qualification_unavailable"


def test_prefetching_while_the_last_qualification_group_is_held_answers_nothing_yet(setup):
    project, newcomer, _, _, gold = setup
    project.qualification_size = len(gold)
    project.save()
    for _ in gold[1:]:
        answer(project, newcomer, RIGHT)
    held = next_task(project=project, annotator=newcomer)

    assert held.group.is_qualification
    assert next_task(project=project, annotator=newcomer, exclude_group_ids=[held.group_id]) is None


def test_marking_refuses_unknown_and_non_gold_groups_naming_each_and_marks_nothing(setup):
    project, _, max_, real, gold = setup
    fresh = make_group(project, k=3, prompt="fresh gold", gold_ranking=RIGHT)

    response = client_for(max_).post(
        f"/api/v1/projects/{project.pk}/qualification-groups/",
        {"groups": [fresh.pk, real[0].pk, 999_999]},
        format="json",
    )

    assert response.status_code == 400
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [
        ("groups[1]", "not_gold"),
        ("groups[2]", "unknown"),
    ]
    fresh.refresh_from_db()
    assert not fresh.is_qualification


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_newcomer_in_many_tabs_never_receives_a_real_group_before_passing():
    newcomer, max_ = make_user("tabs"), make_user("boss")
    project = make_project(
        members={newcomer: "annotator", max_: "manager"},
        require_qualification=True,
        qualification_size=3,
        qualification_pass_mark=0.8,
        annotations_per_group=1,
    )
    real = {make_group(project, k=3, prompt=f"real {n}", priority=10).pk for n in range(20)}
    gold = [make_group(project, k=3, prompt=f"gold {n}", gold_ranking=RIGHT) for n in range(8)]
    mark_qualification_groups(project=project, group_ids=[g.pk for g in gold], marked_by=max_)
    leased, errors = [], []
    lock = threading.Lock()

    def tab(slots):
        try:
            for _ in range(6):
                try:
                    lease = next_task(project=project, annotator=newcomer)
                except Refused:
                    continue
                if lease is None:
                    return
                with lock:
                    leased.append(lease.group_id)
                if lease.group_id in real:
                    release_lease(group=lease.group, annotator=newcomer)
                    continue
                try:
                    submit_annotation(
                        group=lease.group,
                        annotator=newcomer,
                        client_key=uuid.uuid4(),
                        prompt_category="Abstract",
                        prompt_flags=[],
                        images=judgments(lease.group, slots),
                        time_spent_ms=1000,
                    )
                except Refused:
                    pass  # another tab submitted this group first
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    # Half the tabs answer wrongly, half rightly: whatever the order, the gate decides per attempt.
    threads = [threading.Thread(target=tab, args=(WRONG if n % 2 else RIGHT,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    passed = QualificationAttempt.objects.filter(annotator=newcomer, passed=True).first()
    real_annotations = Annotation.objects.filter(annotator=newcomer, group_id__in=real)
    assert not real_annotations.exists()  # the tabs release real groups, never submit them
    real_leases = [g for g in leased if g in real]
    if passed is None:
        assert real_leases == []
    assert not Lease.objects.filter(annotator=newcomer, group_id__in=real).exists() or passed is not None
    # Every real group leased came after an attempt passed: before it, only qualification groups.
    first_real = next((i for i, g in enumerate(leased) if g in real), None)
    if first_real is not None:
        assert passed is not None
        assert sum(1 for g in leased[:first_real] if g not in real) >= project.qualification_size
