"""The OpenAPI schema describes the auth, project and annotating endpoints without warnings."""

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

MY_PATHS = {
    "/auth/csrf/": {"get"},
    "/auth/login/": {"post"},
    "/auth/logout/": {"post"},
    "/auth/me/": {"get"},
    "/auth/token/": {"post"},
    "/auth/token/rotate/": {"post"},
    "/projects/": {"get", "post"},
    "/projects/{project_id}/": {"get", "patch"},
    "/projects/{project_id}/members/": {"get", "post"},
    "/projects/{project_id}/progress/": {"get"},
    "/projects/{project_id}/people/": {"get"},
    "/projects/{project_id}/people/{username}/": {"put", "delete"},
    "/projects/{project_id}/next-task/": {"post"},
    "/groups/{group_id}/submit/": {"post"},
    "/groups/{group_id}/skip/": {"post"},
    "/groups/{group_id}/release/": {"post"},
    "/groups/{group_id}/image-urls/": {"get"},
}


@pytest.fixture
def schema():
    GENERATOR_STATS.reset()
    generated = SchemaGenerator(urlconf="annotation.api.urls").get_schema(request=None, public=True)
    yield generated
    GENERATOR_STATS.reset()


def test_every_endpoint_is_described_without_warnings_or_errors(schema):
    assert {path: set(ops) - {"parameters"} for path, ops in schema["paths"].items()} == MY_PATHS
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache


def test_next_task_documents_its_task_and_the_empty_answer(schema):
    answers = schema["paths"]["/projects/{project_id}/next-task/"]["post"]["responses"]
    assert answers["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Task"}
    assert set(answers) == {"200", "204", "409"}


def test_submit_documents_created_retry_and_refusals(schema):
    answers = schema["paths"]["/groups/{group_id}/submit/"]["post"]["responses"]
    assert set(answers) == {"200", "201", "400", "409"}
    request = schema["paths"]["/groups/{group_id}/submit/"]["post"]["requestBody"]["content"]["application/json"]
    assert request["schema"] == {"$ref": "#/components/schemas/SubmissionRequest"}
