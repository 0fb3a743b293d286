"""Assignment and submission under real concurrency on PostgreSQL: annotators in parallel
threads, each with its own database connection, while a checker thread watches the invariant."""

import threading
import uuid

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from annotation.models import Annotation, PromptGroup
from annotation.services.assignment import next_task
from annotation.services.submission import submit_annotation
from tests.annotation.helpers import judgments
from tests.factories import make_group, make_project, make_user

ANNOTATORS = 20
GROUPS = 100
NEEDED = 3

OVERFULL_GROUPS = """
    SELECT g.id FROM annotation_promptgroup g
    WHERE (SELECT count(*) FROM annotation_lease l WHERE l.group_id = g.id AND l.expires_at > now())
        + (SELECT count(*) FROM annotation_annotation a WHERE a.group_id = g.id) > g.annotations_needed
"""


def annotate_until_nothing_is_left(project, annotator, submitted, errors):
    try:
        while (lease := next_task(project=project, annotator=annotator)) is not None:
            result = submit_annotation(
                group=lease.group,
                annotator=annotator,
                client_key=uuid.uuid4(),
                prompt_category="Abstract",
                prompt_flags=[],
                images=judgments(lease.group),
                time_spent_ms=1,
            )
            submitted.append((annotator.pk, lease.group_id, result.annotation.pk))
    except Exception as error:  # reported by the test, not lost in the thread
        errors.append(error)
    finally:
        connections.close_all()


def watch_invariant(done, violations, errors):
    try:
        while not done.is_set():
            with connection.cursor() as cursor:
                cursor.execute(OVERFULL_GROUPS)
                violations.extend(row[0] for row in cursor.fetchall())
    except Exception as error:
        errors.append(error)
    finally:
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_annotators_fill_every_group_exactly_and_never_overfill_one():
    annotators = [make_user() for _ in range(ANNOTATORS)]
    project = make_project(members={a: "annotator" for a in annotators}, annotations_per_group=NEEDED)
    for _ in range(GROUPS):
        make_group(project, k=2)
    submitted, violations, errors = [], [], []
    done = threading.Event()

    checker = threading.Thread(target=watch_invariant, args=(done, violations, errors))
    workers = [
        threading.Thread(target=annotate_until_nothing_is_left, args=(project, a, submitted, errors))
        for a in annotators
    ]
    checker.start()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    done.set()
    checker.join()

    assert errors == []
    assert violations == []
    stored = set(Annotation.objects.values_list("annotator", "group", "pk"))
    assert stored == set(submitted)  # no submission lost, none invented
    pairs = [(annotator, group) for annotator, group, _ in submitted]
    assert len(pairs) == len(set(pairs)) == GROUPS * NEEDED  # nobody annotated a group twice
    groups = PromptGroup.objects.all()
    assert {(g.annotation_count, g.lease_count, g.completed_at is not None) for g in groups} == {(NEEDED, 0, True)}
    assert {g.annotations.count() for g in groups} == {NEEDED}


def run_together(n, call):
    """Start `call` in n threads at once; their results and errors."""
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(call())
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_annotator_asking_in_several_tabs_at_once_holds_one_group():
    alice = make_user()
    project = make_project(members={alice: "annotator"})
    for _ in range(5):
        make_group(project, k=2)

    leases, errors = run_together(6, lambda: next_task(project=project, annotator=alice))

    assert errors == []
    assert len({lease.pk for lease in leases}) == 1
    assert alice.leases.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_submission_sent_several_times_at_once_is_written_once():
    alice = make_user()
    project = make_project(members={alice: "annotator"})
    group = make_group(project, k=3)
    next_task(project=project, annotator=alice)
    kwargs = dict(
        group=group,
        annotator=alice,
        client_key=uuid.uuid4(),
        prompt_category="Abstract",
        prompt_flags=[],
        images=judgments(group),
        time_spent_ms=1,
    )

    results, errors = run_together(5, lambda: submit_annotation(**kwargs))

    assert errors == []
    assert sorted(r.created for r in results) == [False, False, False, False, True]
    assert {r.annotation.pk for r in results} == set(Annotation.objects.values_list("pk", flat=True))
    group.refresh_from_db()
    assert (group.annotation_count, group.lease_count) == (1, 0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_lease_commits_without_waiting_for_the_disk_and_a_submission_waits():
    alice = make_user()
    project = make_project(members={alice: "annotator"})
    make_group(project, k=2)
    make_group(project, k=2)

    def statements(call):
        with CaptureQueriesContext(connection) as captured:
            result = call()
        return result, [q["sql"] for q in captured.captured_queries]

    lease, sql = statements(lambda: next_task(project=project, annotator=alice))
    assert "SET LOCAL synchronous_commit TO OFF" in sql
    _, sql = statements(
        lambda: submit_annotation(
            group=lease.group,
            annotator=alice,
            client_key=uuid.uuid4(),
            prompt_category="Abstract",
            prompt_flags=[],
            images=judgments(lease.group),
            time_spent_ms=10,
        )
    )
    assert not any("synchronous_commit" in q for q in sql)

    # Inside a caller's transaction the caller's writes keep their durability.
    with transaction.atomic():
        _, sql = statements(lambda: next_task(project=project, annotator=alice))
        assert not any("synchronous_commit" in q for q in sql)
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
