"""Bounded work per request: a body too deep or too large, or a list's `limit` or `offset` out
of range, is a 4xx in the API's error shape naming the field and the rule, and changes nothing."""

import json

import pytest
from rest_framework.test import APIClient

from annotation.models import Project
from config.parsers import nesting_exceeds
from tests.factories import make_project, make_user

pytestmark = pytest.mark.django_db


def post_raw(path, body: bytes | str, content_type="application/json", client=None):
    return (client or APIClient()).post(path, data=body, content_type=content_type)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def the_only_problem(answer):
    body = answer.json()
    assert len(body["errors"]) == 1, body
    return body["errors"][0]


def test_a_body_nested_100_000_deep_is_400_max_depth_without_signing_in():
    answer = post_raw("/api/v1/auth/token/", nested(100_000))

    assert answer.status_code == 400
    assert the_only_problem(answer)["field"] == "body"
    assert the_only_problem(answer)["rule"] == "max_depth"


@pytest.mark.parametrize(
    "role, path",
    [
        ("manager", "/api/v1/projects/{project}/members/"),
        ("annotator", "/api/v1/projects/{project}/next-task/"),
        ("manager", "/api/v1/projects/{project}/imports/"),
        ("researcher", "/api/v1/projects/{project}/model/score/"),
        ("researcher", "/api/v1/projects/{project}/snapshots/"),
    ],
)
def test_a_deep_body_is_400_on_endpoints_of_every_area(role, path):
    user = make_user(role)
    project = make_project(members={user: role})
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)

    answer = post_raw(path.format(project=project.pk), nested(100_000), client=client)

    assert answer.status_code == 400
    assert the_only_problem(answer)["rule"] == "max_depth"


def test_nesting_up_to_the_limit_is_read_and_one_more_level_is_refused(settings):
    settings.API_MAX_JSON_DEPTH = 5
    at_limit = json.dumps({"username": [[[["x"]]]], "password": "p"})  # 5 levels
    too_deep = json.dumps({"username": [[[[["x"]]]]], "password": "p"})

    assert the_only_problem(post_raw("/api/v1/auth/token/", at_limit))["rule"] != "max_depth"
    assert the_only_problem(post_raw("/api/v1/auth/token/", too_deep))["rule"] == "max_depth"


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert not nesting_exceeds(json.dumps({"a": "[[[[[[[[[[", "b": '\\"[[[[[[[['}).encode(), 2)
    assert nesting_exceeds(b'{"a": "]]]]", "b": [[[1]]]}', 3)


def test_a_json_body_over_the_upload_limit_is_413_too_large(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"username": "x" * 2000, "password": "p"})

    answer = post_raw("/api/v1/auth/token/", body)

    assert answer.status_code == 413
    assert the_only_problem(answer)["field"] == "body"
    assert the_only_problem(answer)["rule"] == "too_large"


def test_a_form_body_over_the_upload_limit_is_413_too_large(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    answer = post_raw("/api/v1/auth/token/", "username=" + "x" * 2000, "application/x-www-form-urlencoded")

    assert answer.status_code == 413
    assert the_only_problem(answer)["rule"] == "too_large"


def test_malformed_json_is_400_parse_error_on_the_body():
    answer = post_raw("/api/v1/auth/token/", '{"username": ')

    assert answer.status_code == 400
    assert the_only_problem(answer)["field"] == "body"
    assert the_only_problem(answer)["rule"] == "parse_error"


def test_a_too_deep_body_changes_nothing():
    staff = make_user("boss", is_staff=True)
    client = APIClient()
    client.force_authenticate(staff)
    body = '{"name": "Deep", "slug": "deep", "instructions": ' + nested(1000) + "}"

    assert post_raw("/api/v1/projects/", body, client=client).status_code == 400
    assert not Project.objects.filter(slug="deep").exists()


# --- Pagination ----------------------------------------------------------------------------------


@pytest.fixture
def reviewer_client():
    reviewer = make_user("reviewer")
    project = make_project(members={reviewer: "reviewer"})
    client = APIClient()
    client.force_authenticate(reviewer)
    return client, f"/api/v1/projects/{project.pk}/annotations/"


@pytest.mark.parametrize(
    "limit, rule",
    [
        ("99999999999999999999999", "max_value"),  # beyond 64 bits
        ("-1", "min_value"),
        ("0", "min_value"),
        ("ten", "invalid"),
        ("", "invalid"),
        ("501", "max_value"),  # API_MAX_LIMIT
    ],
)
def test_a_limit_out_of_range_is_400_naming_limit(reviewer_client, limit, rule):
    client, path = reviewer_client

    answer = client.get(path, {"limit": limit})

    assert answer.status_code == 400
    assert the_only_problem(answer)["field"] == "limit"
    assert the_only_problem(answer)["rule"] == rule


@pytest.mark.parametrize("offset, rule", [("9" * 25, "max_value"), ("-5", "min_value"), ("x", "invalid")])
def test_an_offset_out_of_range_is_400_naming_offset(reviewer_client, offset, rule):
    client, path = reviewer_client

    answer = client.get(path, {"offset": offset})

    assert answer.status_code == 400
    assert the_only_problem(answer) == {
        "field": "offset",
        "rule": rule,
        "message": answer.json()["errors"][0]["message"],
    }


def test_the_largest_limit_and_offset_are_answered(reviewer_client, settings):
    client, path = reviewer_client

    answer = client.get(path, {"limit": settings.API_MAX_LIMIT, "offset": 2**63 - 1})

    assert answer.status_code == 200
    assert answer.json()["results"] == []


def test_the_maximum_limit_is_a_setting(reviewer_client, settings):
    client, path = reviewer_client
    settings.API_MAX_LIMIT = 10

    assert client.get(path, {"limit": 10}).status_code == 200
    assert client.get(path, {"limit": 11}).status_code == 400
