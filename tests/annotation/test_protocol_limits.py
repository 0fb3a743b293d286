"""A project's protocol is bounded: quality statistics allocate per rating point, submissions check
flags against the lists, and a chosen category is stored in a column of fixed length."""

import pytest
from django.test import override_settings

from annotation.models import Project
from tests.factories import make_project, make_user

pytestmark = pytest.mark.django_db

LIMITS = {
    "rating_dimensions": 3,
    "rating_points": 11,
    "rating_abs": 1000,
    "labels": 4,
    "label_length": 10,
    "instructions_length": 20,
}


def _dimension(low, high, key="overall"):
    return {"key": key, "label": "Overall", "min": low, "max": high}


@override_settings(PROTOCOL_LIMITS=LIMITS)
@pytest.mark.parametrize(
    "change, field, rule",
    [
        ({"rating_dimensions": [_dimension(0, 11)]}, "rating_dimensions[0].max", "max_points"),
        ({"rating_dimensions": [_dimension(0, 10**20)]}, "rating_dimensions[0].max", "max_points"),
        ({"rating_dimensions": [_dimension(2000, 2005)]}, "rating_dimensions[0].max", "max_points"),
        ({"rating_dimensions": [_dimension(1, 7, f"d{i}") for i in range(4)]}, "rating_dimensions", "max_length"),
        ({"image_flags": ["a", "b", "c", "d", "e"]}, "image_flags", "max_length"),
        ({"prompt_flags": ["a" * 11]}, "prompt_flags[0]", "max_length"),
        ({"prompt_categories": ["Faces", "c" * 11]}, "prompt_categories[1]", "max_length"),
        ({"instructions": "x" * 21}, "instructions", "invalid"),
    ],
)
def test_a_protocol_beyond_its_limits_is_refused_naming_field_and_rule(client_for, change, field, rule):
    manager = make_user()
    project = make_project(members={manager: "manager"})
    before = Project.objects.values().get(pk=project.pk)

    response = client_for(manager).patch(f"/api/v1/projects/{project.pk}/", change, format="json")

    assert response.status_code == 400, response.content
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [(field, rule)]
    assert Project.objects.values().get(pk=project.pk) == before


@override_settings(PROTOCOL_LIMITS=LIMITS)
def test_a_protocol_at_its_limits_is_accepted(client_for):
    manager = make_user()
    project = make_project(members={manager: "manager"})
    change = {
        "rating_dimensions": [_dimension(-5, 5, f"d{i}") for i in range(3)],
        "prompt_categories": ["a" * 10, "b", "c", "d"],
        "instructions": "x" * 20,
    }

    response = client_for(manager).patch(f"/api/v1/projects/{project.pk}/", change, format="json")

    assert response.status_code == 200, response.content
    project.refresh_from_db()
    assert project.prompt_categories == change["prompt_categories"]
    assert [d["min"] for d in project.rating_dimensions] == [-5, -5, -5]
