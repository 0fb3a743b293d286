"""On /api/ paths every error is the API's JSON error shape, even where Django, not DRF, answers
(an unknown URL, a server error); other paths keep Django's pages."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from annotation import selectors
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def assert_error_shape(answer, status, rule):
    assert answer.status_code == status
    assert answer["Content-Type"] == "application/json"
    body = answer.json()
    assert body["detail"]
    assert [problem["rule"] for problem in body["errors"]] == [rule]


def signed_in():
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(make_user("someone"))
    return client


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v1/projects/x/", "/api/elsewhere"])
def test_an_unknown_api_url_is_a_json_404(path):
    assert_error_shape(Client().get(path), 404, "not_found")


def test_other_unknown_urls_keep_djangos_page():
    answer = Client().get("/no-such-page/")
    assert answer.status_code == 404
    assert answer["Content-Type"].startswith("text/html")


def test_a_method_the_endpoint_lacks_is_a_json_405():
    assert_error_shape(signed_in().delete("/api/v1/projects/"), 405, "method_not_allowed")


def test_a_server_error_on_an_api_path_is_a_json_500(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "projects_with_progress", broken)

    assert_error_shape(signed_in().get("/api/v1/projects/"), 500, "server_error")


def test_drf_refusals_name_their_rule():
    assert_error_shape(APIClient().get("/api/v1/auth/me/"), 403, "not_authenticated")
    assert_error_shape(signed_in().get("/api/v1/projects/999999/"), 404, "not_found")


def test_an_unsupported_media_type_names_the_body():
    answer = APIClient().post("/api/v1/auth/token/", "username: x", content_type="text/yaml")
    assert_error_shape(answer, 415, "unsupported_media_type")
    assert answer.json()["errors"][0]["field"] == "body"


def test_a_form_with_too_many_fields_is_a_json_400(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    body = "&".join(f"f{n}=1" for n in range(10))

    answer = APIClient().post("/api/v1/auth/token/", body, content_type="application/x-www-form-urlencoded")

    assert_error_shape(answer, 400, "too_many_fields")
