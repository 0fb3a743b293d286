"""Session sign-in with CSRF for the browser, tokens for scripts."""

import pytest
from rest_framework.test import APIClient

from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return make_user("alice", password="correct horse")


def browser():
    return APIClient(enforce_csrf_checks=True)


def signed_in_browser():
    client = browser()
    token = client.get("/api/v1/auth/csrf/").json()["csrfToken"]
    client.post(
        "/api/v1/auth/login/", {"username": "alice", "password": "correct horse"}, format="json", HTTP_X_CSRFTOKEN=token
    )
    return client


def test_csrf_sets_the_cookie_and_returns_the_token():
    response = browser().get("/api/v1/auth/csrf/")
    assert response.status_code == 200
    assert response.cookies["csrftoken"].value
    assert response.json()["csrfToken"]


def test_login_with_the_csrf_token_starts_a_session(alice):
    client = browser()
    token = client.get("/api/v1/auth/csrf/").json()["csrfToken"]

    response = client.post(
        "/api/v1/auth/login/", {"username": "alice", "password": "correct horse"}, format="json", HTTP_X_CSRFTOKEN=token
    )

    assert response.status_code == 200
    assert response.json() == {"id": alice.pk, "username": "alice", "is_staff": False}
    assert client.get("/api/v1/auth/me/").json()["username"] == "alice"


def test_login_without_the_csrf_token_is_refused(alice):
    response = browser().post("/api/v1/auth/login/", {"username": "alice", "password": "correct horse"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_login_with_a_wrong_password_is_400_naming_the_problem(alice):
    client = browser()
    token = client.get("/api/v1/auth/csrf/").json()["csrfToken"]

    response = client.post(
        "/api/v1/auth/login/", {"username": "alice", "password": "wrong"}, format="json", HTTP_X_CSRFTOKEN=token
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["rule"] == "credentials"
    assert client.get("/api/v1/auth/me/").status_code == 403


def test_me_is_403_when_signed_out():
    assert browser().get("/api/v1/auth/me/").status_code == 403


def test_writes_in_a_session_need_the_csrf_token(alice):
    client = signed_in_browser()
    assert client.post("/api/v1/auth/logout/").status_code == 403
    # Signing in rotates the token: the browser reads the new one from the cookie.
    assert client.post("/api/v1/auth/logout/", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value).status_code == 204
    assert client.get("/api/v1/auth/me/").status_code == 403


def test_a_token_signs_in_scripts_without_csrf(alice):
    token = (
        APIClient()
        .post("/api/v1/auth/token/", {"username": "alice", "password": "correct horse"}, format="json")
        .json()["token"]
    )

    script = APIClient(enforce_csrf_checks=True)
    script.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert script.get("/api/v1/auth/me/").json()["id"] == alice.pk
    assert script.post("/api/v1/projects/", {"name": "x", "slug": "x"}, format="json").status_code == 403  # not staff


def test_token_with_a_wrong_password_is_400(alice):
    response = APIClient().post("/api/v1/auth/token/", {"username": "alice", "password": "nope"}, format="json")
    assert response.status_code == 400


def test_an_unknown_token_and_an_inactive_users_token_are_refused(alice):
    from rest_framework.authtoken.models import Token

    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = script.get("/api/v1/auth/me/")
    assert response.status_code in (401, 403) and response.json()["detail"] == "Invalid token."

    token = Token.objects.create(user=alice)
    script.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert script.get("/api/v1/auth/me/").json()["username"] == "alice"
    alice.is_active = False
    alice.save()
    response = script.get("/api/v1/auth/me/")
    assert response.status_code in (401, 403) and response.json()["detail"] == "User inactive or deleted."
