"""next-task, submit, skip and release through the REST API."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotation.models import Comparison, Lease, Skip
from annotation.ranking import non_tied_pairs
from tests.annotation.helpers import image_ids, row_counts, submission
from tests.factories import make_group, make_project, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return make_user("alice")


@pytest.fixture
def project(alice):
    return make_project(members={alice: "annotator"}, annotations_per_group=2)


def next_task(client, project, **body):
    return client.post(f"/api/v1/projects/{project.pk}/next-task/", body, format="json")


def submit(client, group, body):
    return client.post(f"/api/v1/groups/{group.pk}/submit/", body, format="json")


def test_next_task_answers_the_lease_the_prompt_and_the_images_in_order(client_for, alice, project):
    group = make_group(project, k=3, prompt="a cat on a mat")

    response = next_task(client_for(alice), project)

    assert response.status_code == 200
    body = response.json()
    lease = Lease.objects.get()
    assert body["lease"]["id"] == lease.pk
    assert body["group"]["id"] == group.pk
    assert body["group"]["prompt"]["text"] == "a cat on a mat"
    assert [i["id"] for i in body["group"]["images"]] == image_ids(group)
    assert [i["position"] for i in body["group"]["images"]] == [0, 1, 2]
    first = group.group_images.get(position=0).image
    assert body["group"]["images"][0] == {
        "id": first.pk,
        "url": first.file.url,
        "width": 16,
        "height": 16,
        "position": 0,
    }
    assert body["group"]["images"][0]["url"].startswith("/media/")


def test_next_task_reads_the_same_number_of_rows_whatever_the_group_size(client_for, alice, project, sweep_every_call):
    make_group(project, k=2)
    client = client_for(alice)
    with CaptureQueriesContext(connection) as small:
        next_task(client, project)
    Lease.objects.all().delete()
    project.groups.update(lease_count=0, annotation_count=2)
    make_group(project, k=9)
    with CaptureQueriesContext(connection) as large:
        next_task(client, project)

    assert len(large) == len(small)


def test_next_task_answers_the_task_even_if_the_lease_is_reclaimed_right_after_it_was_given(
    client_for, alice, project, monkeypatch
):
    # Under overload a lease can expire between next_task's commit and the answer, and another
    # annotator's call can delete it: the answer must not read the lease again (it was a 500).
    from annotation.services import assignment

    group = make_group(project, k=2, prompt="a dog")
    give = assignment.next_task

    def give_then_reclaim(**kwargs):
        lease = give(**kwargs)
        Lease.objects.filter(pk=lease.pk).delete()
        return lease

    monkeypatch.setattr(assignment, "next_task", give_then_reclaim)

    response = next_task(client_for(alice), project)

    assert response.status_code == 200
    assert response.json()["group"]["id"] == group.pk
    assert [i["id"] for i in response.json()["group"]["images"]] == image_ids(group)


def test_next_task_answers_204_when_nothing_is_left(client_for, alice, project):
    assert next_task(client_for(alice), project).status_code == 204


def test_next_task_with_exclude_prefetches_a_second_group_and_refuses_a_third(client_for, alice, project):
    groups = [make_group(project) for _ in range(3)]
    client = client_for(alice)
    current = next_task(client, project).json()["group"]["id"]

    prefetched = next_task(client, project, exclude=[current]).json()["group"]["id"]
    third = next_task(client, project, exclude=[current, prefetched])

    assert prefetched != current and {current, prefetched} < {g.pk for g in groups}
    assert third.status_code == 409
    assert third.json()["errors"][0]["rule"] == "max_held_leases"


def test_submit_answers_201_and_a_retry_200_with_the_same_answer(client_for, alice, project):
    group = make_group(project)
    client = client_for(alice)
    next_task(client, project)
    body = submission(group)

    first = submit(client, group, body)
    before = row_counts()
    retry = submit(client, group, body)

    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json() == first.json()
    assert first.json()["comparisons"] == 6 and first.json()["group"] == group.pk
    assert row_counts() == before


def test_submitted_comparisons_are_the_reference_expansion_plus_ties(client_for, alice, project):
    group = make_group(project, k=6)
    ids = image_ids(group)
    slots = [3, 1, 3, 2, 5, 1]  # ties: images 1 and 5 in slot 1, 0 and 2 in slot 3

    response = submit(client_for(alice), group, submission(group, slots))

    assert response.status_code == 201
    stored = Comparison.objects.filter(annotation_id=response.json()["id"])
    assert set(stored.filter(is_tie=False).values_list("better", "worse")) == {
        (ids[b], ids[w]) for b, w in non_tied_pairs(slots)
    }
    assert set(stored.filter(is_tie=True).values_list("better", "worse")) == {(ids[1], ids[5]), (ids[0], ids[2])}
    assert response.json()["comparisons"] == 15


def test_skip_answers_204_and_the_group_is_not_offered_again(client_for, alice, project):
    group = make_group(project)
    client = client_for(alice)
    next_task(client, project)

    response = client.post(f"/api/v1/groups/{group.pk}/skip/", {"reason": "prompt is unreadable"}, format="json")

    assert response.status_code == 204
    assert Skip.objects.get().reason == "prompt is unreadable"
    assert next_task(client, project).status_code == 204


def test_skip_without_reason_is_refused_naming_the_field(client_for, alice, project):
    group = make_group(project)
    response = client_for(alice).post(f"/api/v1/groups/{group.pk}/skip/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "reason"
    assert Skip.objects.count() == 0


def test_release_answers_204_and_gives_the_lease_back(client_for, alice, project):
    group = make_group(project)
    client = client_for(alice)
    next_task(client, project)

    response = client.post(f"/api/v1/groups/{group.pk}/release/")

    assert (response.status_code, Lease.objects.count()) == (204, 0)


# --- Every rule of a submission: a 4xx naming the field and the rule, nothing written ------------


def break_category(group, body):
    body["prompt_category"] = "Cooking"


def break_prompt_flag(group, body):
    body["prompt_flags"] = ["intent unclear", "boring"]


def break_rating_range(group, body):
    body["images"][1]["ratings"]["overall"] = 8


def break_rating_missing(group, body):
    del body["images"][0]["ratings"]["fidelity"]


def break_rating_unknown_dimension(group, body):
    body["images"][0]["ratings"]["beauty"] = 3


def break_rating_not_integer(group, body):
    body["images"][0]["ratings"]["alignment"] = 4.5


def break_image_flag(group, body):
    body["images"][2]["flags"] = ["ugly"]


def break_missing_image(group, body):
    body["images"].pop()


def break_duplicate_image(group, body):
    body["images"][3]["image_id"] = body["images"][2]["image_id"]


def break_foreign_image(group, body):
    body["images"][0]["image_id"] = image_ids(make_group(group.project))[0]


def break_slot_range(group, body):
    body["images"][3]["slot"] = 6
    body["images"][3]["ratings"]["overall"] = 1


def break_slot_zero(group, body):
    body["images"][0]["slot"] = 0


def break_slot_capacity(group, body):
    for item in body["images"][:3]:
        item["slot"], item["ratings"]["overall"] = 1, 6


def break_consistency(group, body):
    # Image 0 is rated 6 overall but ranked last.
    body["images"][0]["slot"] = 5


def break_client_key(group, body):
    body["client_key"] = "not-a-uuid"


def break_time_spent(group, body):
    body["time_spent_ms"] = -1


RULES = [
    (break_category, "prompt_category", "choice"),
    (break_prompt_flag, "prompt_flags[1]", "choice"),
    (break_rating_range, "images[1].ratings.overall", "rating_range"),
    (break_rating_missing, "images[0].ratings.fidelity", "required"),
    (break_rating_unknown_dimension, "images[0].ratings.beauty", "unknown_dimension"),
    (break_rating_not_integer, "images[0].ratings.alignment", "invalid"),
    (break_image_flag, "images[2].flags[0]", "choice"),
    (break_missing_image, "images", "missing_image"),
    (break_duplicate_image, "images[3].image_id", "duplicate_image"),
    (break_foreign_image, "images[0].image_id", "not_in_group"),
    (break_slot_range, "images[3].slot", "slot_range"),
    (break_slot_zero, "images[0].slot", "slot_range"),
    (break_slot_capacity, "images[2].slot", "slot_capacity"),
    (break_consistency, "images[0].slot", "ranking_contradicts_ratings"),
    (break_client_key, "client_key", "invalid"),
    (break_time_spent, "time_spent_ms", "min_value"),
]


@pytest.mark.parametrize("break_rule, field, rule", RULES, ids=[r[0].__name__[6:] for r in RULES])
def test_submit_refuses_each_broken_rule_naming_field_and_rule_and_writes_nothing(
    client_for, alice, project, break_rule, field, rule
):
    group = make_group(project)
    client = client_for(alice)
    next_task(client, project)
    body = submission(group)
    break_rule(group, body)
    before = row_counts()

    response = submit(client, group, body)

    assert response.status_code == 400, response.json()
    assert {"field": field, "rule": rule} in [
        {"field": e["field"], "rule": e["rule"]} for e in response.json()["errors"]
    ]
    assert field in response.json()["detail"]
    assert row_counts() == before


def test_submit_refuses_a_ranking_that_contradicts_ratings_only_when_the_project_requires_it(client_for, alice):
    project = make_project(members={alice: "annotator"}, require_consistent_ranking=False)
    group = make_group(project)
    body = submission(group)
    break_consistency(group, body)

    assert submit(client_for(alice), group, body).status_code == 201


def test_ratings_equal_overall_may_rank_either_way(client_for, alice, project):
    group = make_group(project, k=2)
    body = submission(group, [2, 1])
    for item in body["images"]:
        item["ratings"]["overall"] = 4

    assert submit(client_for(alice), group, body).status_code == 201


def test_submit_with_the_same_key_for_another_group_is_409(client_for, alice, project):
    group, other = make_group(project), make_group(project)
    client = client_for(alice)
    key = str(uuid.uuid4())
    assert submit(client, group, submission(group, client_key=key)).status_code == 201
    before = row_counts()

    response = submit(client, other, submission(other, client_key=key))

    assert response.status_code == 409
    assert response.json()["errors"][0] == {
        "field": "client_key",
        "rule": "key_reused",
        "message": f"this client_key was used for group {group.pk}; a new submission needs a new key",
    }
    assert row_counts() == before
