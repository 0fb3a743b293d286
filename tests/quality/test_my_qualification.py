"""What a qualifying annotator is told: each task says its place in their attempt ("group 2 of
2"), and their own qualification status gives each attempt's result and what it means in words:
passed, one more attempt, or out until a manager (named) resets them."""

import pytest

from annotation.services.qualification import reset_qualification

from .helpers import RIGHT, WRONG, answer, client_for, qualifying_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    return qualifying_project()


def task(client, project, exclude=()):
    return client.post(f"/api/v1/projects/{project.pk}/next-task/", {"exclude": list(exclude)}, format="json")


def status(client, project):
    response = client.get(f"/api/v1/projects/{project.pk}/qualification/")
    assert response.status_code == 200
    return response.json()


def test_each_qualification_task_says_its_place_in_the_attempt_the_prefetched_one_after_the_held(setup):
    project, newcomer, _, _, _ = setup
    client = client_for(newcomer)

    shown = task(client, project).json()
    prefetched = task(client, project, exclude=[shown["group"]["id"]]).json()

    assert shown["qualification"] == {"attempt": 1, "position": 1, "size": 2}
    assert prefetched["qualification"] == {"attempt": 1, "position": 2, "size": 2}


def test_the_place_counts_the_answers_of_the_attempt(setup):
    project, newcomer, _, _, _ = setup
    answer(project, newcomer, WRONG)

    assert task(client_for(newcomer), project).json()["qualification"] == {"attempt": 1, "position": 2, "size": 2}


def test_a_group_fetched_beyond_the_attempts_end_is_the_next_attempts_first(setup):
    project, newcomer, _, _, _ = setup
    answer(project, newcomer, WRONG)
    client = client_for(newcomer)
    last = task(client, project).json()

    beyond = task(client, project, exclude=[last["group"]["id"]]).json()

    assert beyond["qualification"] == {"attempt": 2, "position": 1, "size": 2}


def test_real_work_carries_no_qualification_place(setup):
    project, newcomer, _, real, _ = setup
    answer(project, newcomer, RIGHT)
    answer(project, newcomer, RIGHT)

    body = task(client_for(newcomer), project).json()

    assert body["group"]["id"] in {g.pk for g in real} and body["qualification"] is None


def test_a_newcomer_is_told_what_qualifying_asks_of_them(setup):
    project, newcomer, _, _, _ = setup

    body = status(client_for(newcomer), project)

    assert (body["state"], body["size"], body["pass_mark"], body["answered"], body["latest"]) == (
        "not_started",
        2,
        0.8,
        0,
        None,
    )
    assert "80%" in body["message"] and "counts once you pass" in body["message"]


def test_a_passed_attempt_is_recorded_on_reading_and_reported_with_its_score_and_the_pass_mark(setup):
    project, newcomer, _, _, _ = setup
    answer(project, newcomer, RIGHT)
    answer(project, newcomer, RIGHT)

    body = status(client_for(newcomer), project)

    assert (body["state"], body["latest"]["score"], body["latest"]["passed"]) == ("passed", 1.0, True)
    assert body["message"].startswith("You passed the qualification")
    assert "100%" in body["message"] and "80%" in body["message"]


def test_a_first_failure_says_the_score_the_pass_mark_and_that_one_attempt_is_left(setup):
    project, newcomer, _, _, _ = setup
    answer(project, newcomer, WRONG)
    answer(project, newcomer, WRONG)

    body = status(client_for(newcomer), project)

    assert (body["state"], body["failures_left"], body["latest"]["passed"]) == ("in_progress", 1, False)
    assert "Attempt 1 did not pass: " in body["message"]
    assert "0% of image pairs" in body["message"] and "below the pass mark of 80%" in body["message"]
    assert "1 more attempt," in body["message"]


def test_while_the_second_attempt_runs_its_answers_are_counted(setup):
    project, newcomer, _, _, _ = setup
    for slots in (WRONG, WRONG, RIGHT):
        answer(project, newcomer, slots)

    body = status(client_for(newcomer), project)

    assert (body["attempt"], body["answered"]) == (2, 1)


def test_after_two_failures_the_annotator_is_told_to_wait_for_a_named_manager_as_next_task_refuses(setup):
    project, newcomer, _, _, _ = setup
    for _ in range(4):
        answer(project, newcomer, WRONG)
    client = client_for(newcomer)

    body = status(client, project)
    refusal = task(client, project)

    assert (body["state"], body["failures_left"], body["managers"]) == ("failed", 0, ["max"])
    assert refusal.status_code == 403
    assert body["message"] == refusal.json()["errors"][0]["message"]
    assert "0%, 0%" in body["message"] and "(max)" in body["message"]


def test_after_a_reset_the_annotator_is_told_who_let_them_try_again(setup):
    project, newcomer, max_, _, _ = setup
    for _ in range(4):
        answer(project, newcomer, WRONG)
    reset_qualification(project=project, annotator=newcomer, reset_by=max_, note="read the guide again")

    body = status(client_for(newcomer), project)

    assert (body["state"], body["failures_left"]) == ("in_progress", 2)
    assert body["message"].startswith("max let you try the qualification again (read the guide again)")


def test_without_required_qualification_the_status_says_so_and_next_task_carries_no_place(setup):
    project, newcomer, _, _, _ = setup
    project.require_qualification = False
    project.save()
    client = client_for(newcomer)

    assert (status(client, project)["state"], status(client, project)["message"]) == ("not_required", "")
    assert task(client, project).json()["qualification"] is None
