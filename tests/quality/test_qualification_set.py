"""The qualification set as a manager keeps it: the project's gold groups listed with whether each
is in the set, marked and unmarked through the API; an unmarked group stays gold, and a group an
attempt in progress holds or answered cannot be taken out from under it."""

import pytest

from annotation.errors import Refused
from annotation.models import PromptGroup
from annotation.services.assignment import next_task
from annotation.services.qualification import (
    QUALIFICATION_PLACES,
    mark_qualification_groups,
    unmark_qualification_group,
)
from tests.factories import make_group, make_project, make_user

from .helpers import RIGHT, answer, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    newcomer, max_ = make_user("newcomer"), make_user("max")
    project = make_project(
        members={newcomer: "annotator", max_: "manager"},
        require_qualification=True,
        qualification_size=2,
        qualification_pass_mark=0.8,
        annotations_per_group=3,
    )
    real = make_group(project, k=3, prompt="real work")
    gold = [make_group(project, k=3, prompt=f"gold {n}", gold_ranking=RIGHT) for n in range(4)]
    mark_qualification_groups(project=project, group_ids=[g.pk for g in gold[:3]], marked_by=max_)
    return project, newcomer, max_, real, gold


def groups_url(project, group=None):
    return f"/api/v1/projects/{project.pk}/qualification-groups/" + (f"{group.pk}/" if group else "")


def test_a_manager_lists_the_gold_groups_with_whether_each_is_in_the_set(setup):
    project, _, max_, real, gold = setup

    body = client_for(max_).get(groups_url(project)).json()

    assert body["count"] == 4
    rows = {row["id"]: row for row in body["results"]}
    assert real.pk not in rows
    assert [rows[g.pk]["is_qualification"] for g in gold] == [True, True, True, False]
    assert rows[gold[0].pk] | {"id": 0} == {
        "id": 0,
        "external_id": gold[0].external_id,
        "prompt": "gold 0",
        "images": 3,
        "gold_ranking": RIGHT,
        "is_qualification": True,
        "annotation_count": 0,
    }


def test_the_list_filters_by_the_set_and_bounds_its_page(setup):
    project, _, max_, _, gold = setup
    client = client_for(max_)

    outside = client.get(groups_url(project), {"qualification": "false"}).json()
    too_long = client.get(groups_url(project), {"limit": 100_000})

    assert [row["id"] for row in outside["results"]] == [gold[3].pk]
    assert too_long.status_code == 400
    assert too_long.json()["errors"][0]["field"] == "limit"


def test_an_unmarked_group_stays_gold_with_the_projects_places_and_is_no_longer_offered(setup):
    project, newcomer, max_, _, gold = setup

    response = client_for(max_).delete(groups_url(project, gold[0]))

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["is_qualification"]) == (gold[0].pk, False)
    group = PromptGroup.objects.get(pk=gold[0].pk)
    assert (group.is_gold, group.is_qualification, group.annotations_needed) == (True, False, 3)
    offered = {next_task(project=project, annotator=newcomer).group_id}
    offered.add(next_task(project=project, annotator=newcomer, exclude_group_ids=offered).group_id)
    assert offered == {gold[1].pk, gold[2].pk}


def test_marking_again_after_unmarking_gives_the_group_every_place_back(setup):
    project, _, max_, _, gold = setup
    unmark_qualification_group(project=project, group_id=gold[0].pk, unmarked_by=max_)

    response = client_for(max_).post(groups_url(project), {"groups": [gold[0].pk]}, format="json")

    assert response.status_code == 200
    assert PromptGroup.objects.get(pk=gold[0].pk).annotations_needed == QUALIFICATION_PLACES


def test_a_group_held_by_an_attempt_in_progress_cannot_be_unmarked(setup):
    project, newcomer, max_, _, _ = setup
    held = next_task(project=project, annotator=newcomer).group

    response = client_for(max_).delete(groups_url(project, held))

    assert response.status_code == 409
    [error] = response.json()["errors"]
    assert (error["field"], error["rule"]) == ("group", "in_an_attempt")
    assert "newcomer" in error["message"]
    assert PromptGroup.objects.get(pk=held.pk).is_qualification


def test_a_group_answered_in_an_attempt_in_progress_cannot_be_unmarked(setup):
    project, newcomer, max_, _, _ = setup
    answered = answer(project, newcomer, RIGHT)

    with pytest.raises(Refused) as refusal:
        unmark_qualification_group(project=project, group_id=answered.pk, unmarked_by=max_)

    assert (refusal.value.status_code, refusal.value.problems[0].rule) == (409, "in_an_attempt")


def test_a_group_answered_by_one_who_passed_may_be_unmarked_and_counts_its_answer(setup):
    project, newcomer, max_, _, _ = setup
    first = answer(project, newcomer, RIGHT)
    answer(project, newcomer, RIGHT)
    next_task(project=project, annotator=newcomer)  # records the pass

    group = unmark_qualification_group(project=project, group_id=first.pk, unmarked_by=max_)

    assert (group.is_qualification, group.annotation_count, group.annotations_needed) == (False, 1, 3)


def test_unmarking_refuses_a_group_that_is_not_a_gold_group_of_the_project(setup):
    project, _, max_, real, _ = setup
    elsewhere = make_group(make_project(), k=2, gold_ranking=[1, 2])

    answers = [client_for(max_).delete(groups_url(project, group)) for group in (real, elsewhere)]

    assert [a.status_code for a in answers] == [404, 404]
    assert answers[0].json()["errors"][0]["rule"] == "unknown"
    assert not PromptGroup.objects.get(pk=real.pk).is_gold


def test_unmarking_a_gold_group_outside_the_set_changes_nothing(setup):
    project, _, max_, _, gold = setup
    before = PromptGroup.objects.get(pk=gold[3].pk)

    response = client_for(max_).delete(groups_url(project, gold[3]))

    assert response.status_code == 200
    after = PromptGroup.objects.get(pk=gold[3].pk)
    assert (after.is_qualification, after.annotations_needed) == (False, before.annotations_needed)
