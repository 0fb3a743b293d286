"""The people of a project: a manager sees one row per member (roles, work, last activity), sets
a member's roles and removes members. Losing the annotator role gives back the groups the
member holds at once, so nobody waits for their leases to expire."""

import pytest

from annotation.models import Annotation, Lease, Membership, PromptGroup
from annotation.services import assignment, submission
from tests.annotation.helpers import submit_kwargs
from tests.factories import make_group, make_project, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_user("boss")


@pytest.fixture
def ann():
    return make_user("ann")


@pytest.fixture
def project(manager, ann):
    return make_project(members={manager: "manager", ann: ["annotator", "reviewer"]}, annotations_per_group=2)


def people_url(project, username=""):
    return f"/api/v1/projects/{project.pk}/people/" + (f"{username}/" if username else "")


def test_the_people_table_has_one_row_per_member_with_roles_work_and_last_activity(client_for, manager, ann, project):
    make_group(project, k=2)
    make_group(project, k=2)
    lease = assignment.next_task(project=project, annotator=ann)
    submission.submit_annotation(annotator=ann, **submit_kwargs(PromptGroup.objects.get(pk=lease.group_id)))
    assignment.next_task(project=project, annotator=ann)

    rows = client_for(manager).get(people_url(project)).json()

    assert [r["username"] for r in rows] == ["ann", "boss"]
    ann_row, boss_row = rows
    assert ann_row["roles"] == ["annotator", "reviewer"]
    assert ann_row["annotations"] == 1 and ann_row["leases"] == 1
    assert ann_row["last_activity"] is not None
    assert boss_row["roles"] == ["manager"] and boss_row["last_activity"] is None


def test_removing_an_annotator_gives_back_their_held_groups_and_keeps_their_annotations(
    client_for, manager, ann, project
):
    for _ in range(3):
        make_group(project, k=2)
    lease = assignment.next_task(project=project, annotator=ann)
    submission.submit_annotation(annotator=ann, **submit_kwargs(PromptGroup.objects.get(pk=lease.group_id)))
    assignment.next_task(project=project, annotator=ann)
    assignment.next_task(
        project=project, annotator=ann, exclude_group_ids=[held.group_id for held in Lease.objects.all()]
    )
    assert Lease.objects.filter(annotator=ann).count() == 2

    response = client_for(manager).delete(people_url(project, "ann"))

    assert response.status_code == 200, response.json()
    assert response.json() == {"username": "ann", "leases_returned": 2}
    assert not Membership.objects.filter(project=project, user=ann).exists()
    assert not Lease.objects.filter(annotator=ann).exists()
    assert sorted(PromptGroup.objects.values_list("lease_count", flat=True)) == [0, 0, 0]
    assert Annotation.objects.filter(annotator=ann).count() == 1


def test_changing_roles_away_from_annotator_returns_leases_and_keeps_the_other_roles(client_for, manager, ann, project):
    make_group(project, k=2)
    assignment.next_task(project=project, annotator=ann)

    response = client_for(manager).put(people_url(project, "ann"), {"roles": ["reviewer"]}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["roles"] == ["reviewer"] and response.json()["leases"] == 0
    assert not Lease.objects.exists()
    assert PromptGroup.objects.get().lease_count == 0


def test_adding_roles_keeps_the_held_groups(client_for, manager, ann, project):
    make_group(project, k=2)
    assignment.next_task(project=project, annotator=ann)

    response = client_for(manager).put(
        people_url(project, "ann"), {"roles": ["annotator", "researcher"]}, format="json"
    )

    assert response.json()["roles"] == ["annotator", "researcher"]
    assert Lease.objects.filter(annotator=ann).count() == 1


def test_the_last_manager_cannot_be_removed_nor_demoted(client_for, manager, project):
    client = client_for(manager)

    removed = client.delete(people_url(project, "boss"))
    demoted = client.put(people_url(project, "boss"), {"roles": ["annotator"]}, format="json")

    for response in (removed, demoted):
        assert response.status_code == 409
        assert response.json()["errors"][0] == {
            "field": "roles",
            "rule": "last_manager",
            "message": "'boss' is the project's only manager; add another first",
        }
    assert Membership.objects.filter(project=project, user=manager, role="manager").exists()


def test_a_second_manager_may_remove_the_first(client_for, manager, project):
    other = make_user("deputy")
    Membership.objects.create(project=project, user=other, role="manager")

    assert client_for(other).delete(people_url(project, "boss")).status_code == 200
    assert not Membership.objects.filter(project=project, user=manager).exists()


@pytest.mark.parametrize(
    "username, body, status, field, rule",
    [
        ("nobody", {"roles": ["annotator"]}, 404, "username", "unknown_user"),
        ("stranger", {"roles": ["annotator"]}, 404, "username", "not_a_member"),
        ("ann", {"roles": []}, 400, "roles", "empty"),
        ("ann", {"roles": ["owner"]}, 400, "roles[0]", "invalid_choice"),
    ],
)
def test_bad_role_changes_are_refused_naming_field_and_rule_and_change_nothing(
    client_for, manager, project, username, body, status, field, rule
):
    make_user("stranger")
    before = sorted(Membership.objects.values_list("user__username", "role"))

    response = client_for(manager).put(people_url(project, username), body, format="json")

    assert response.status_code == status
    assert (response.json()["errors"][0]["field"], response.json()["errors"][0]["rule"]) == (field, rule)
    assert sorted(Membership.objects.values_list("user__username", "role")) == before
