"""The work an annotating request may ask for is bounded by the protocol, and the bounds are
checked before any lock is taken: a hostile body is refused at once, naming the field and the
rule, and never holds the group (or SQLite's one write lock) while it is looked at."""

from unittest import mock

import pytest
from django.test import override_settings

from tests.annotation.helpers import row_counts, submission
from tests.factories import make_group, make_project, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return make_user("alice")


@pytest.fixture
def project(alice):
    return make_project(members={alice: "annotator"})


def _submit(client, group, body):
    with mock.patch("annotation.services.submission.lock_group", side_effect=AssertionError("locked")):
        return client.post(f"/api/v1/groups/{group.pk}/submit/", body, format="json")


def _errors(response):
    return [(e["field"], e["rule"]) for e in response.json()["errors"]]


def test_sixty_thousand_copies_of_a_flag_are_refused_before_the_group_is_locked(client_for, alice, project):
    group = make_group(project, k=3)
    body = submission(group)
    body["images"][1]["flags"] = ["too blurred"] * 60_000
    body["prompt_flags"] = ["sexual content"] * 60_000
    before = row_counts()

    response = _submit(client_for(alice), group, body)

    assert response.status_code == 400
    assert _errors(response) == [("prompt_flags", "max_length"), ("images[1].flags", "max_length")]
    assert row_counts() == before


@pytest.mark.parametrize(
    "change, error",
    [
        (lambda body: body["images"].extend(body["images"] * 4), ("images", "max_length")),
        (lambda body: body.update(prompt_category="c" * 101), ("prompt_category", "max_length")),
        (
            lambda body: body["images"][0]["ratings"].update({f"k{i}": 1 for i in range(1000)}),
            ("images[0].ratings", "max_length"),
        ),
    ],
)
def test_lists_and_texts_longer_than_the_protocol_allows_are_refused_before_the_lock(
    client_for, alice, project, change, error
):
    project.ranking_slots, project.max_images_per_slot = 2, 2  # groups of at most 4 images
    project.save()
    group = make_group(project, k=3)
    body = submission(group, slots=[1, 2, 2])
    change(body)

    response = _submit(client_for(alice), group, body)

    assert response.status_code == 400
    assert _errors(response) == [error]


def test_a_flag_listed_twice_is_still_named(client_for, alice, project):
    group = make_group(project, k=2)
    body = submission(group)
    body["images"][0]["flags"] = ["too blurred", "too blurred"]

    response = client_for(alice).post(f"/api/v1/groups/{group.pk}/submit/", body, format="json")

    assert response.status_code == 400
    assert _errors(response) == [("images[0].flags[1]", "unique")]


@override_settings(NEXT_TASK_MAX_EXCLUDE=3)
@pytest.mark.parametrize(
    "exclude, rule",
    [([1, 2, 3, 4], "max_length"), ([2**64], "max_value"), ([0], "min_value"), ([[1]], "invalid")],
)
def test_next_task_refuses_an_exclude_list_too_long_or_beyond_the_id_range(client_for, alice, project, exclude, rule):
    make_group(project, k=2)

    response = client_for(alice).post(f"/api/v1/projects/{project.pk}/next-task/", {"exclude": exclude}, format="json")

    assert response.status_code == 400
    assert [e["rule"] for e in response.json()["errors"]] == [rule]
    assert all(e["field"].startswith("exclude") for e in response.json()["errors"])
    assert row_counts()["Lease"] == 0


@override_settings(SKIP_REASON_MAX_LENGTH=10)
def test_a_skip_reason_longer_than_the_bound_is_refused(client_for, alice, project):
    group = make_group(project, k=2)

    response = client_for(alice).post(f"/api/v1/groups/{group.pk}/skip/", {"reason": "x" * 11}, format="json")

    assert response.status_code == 400
    assert _errors(response) == [("reason", "max_length")]
    assert row_counts()["Skip"] == 0


def test_an_image_id_beyond_64_bits_is_refused(client_for, alice, project):
    group = make_group(project, k=2)
    body = submission(group)
    body["images"][0]["image_id"] = 2**64

    response = client_for(alice).post(f"/api/v1/groups/{group.pk}/submit/", body, format="json")

    assert response.status_code == 400
    assert [e["rule"] for e in response.json()["errors"]] == ["max_value"]
