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


# --- Throttled sign-in ---------------------------------------------------------------------------


@pytest.fixture
def throttle_counts():
    """Empty throttle counts before and after: other tests' sign-ins do not count here."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def ask_for_token(username, password="wrong", address="10.0.0.1"):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json", REMOTE_ADDR=address
    )


def test_sign_in_attempts_per_username_are_throttled_from_any_address(alice, settings, throttle_counts):
    settings.SIGN_IN_RATE_PER_USERNAME = "3/min"

    answers = [ask_for_token("alice", address=f"10.0.0.{n}").status_code for n in range(3)]
    refused = ask_for_token("ALICE", "correct horse", address="10.0.0.9")

    assert answers == [400, 400, 400]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["errors"] == [
        {"field": "non_field", "rule": "throttled", "message": refused.json()["detail"]}
    ]
    assert ask_for_token("bob").status_code == 400  # another username still gets an answer


def test_sign_in_attempts_per_address_are_throttled_for_any_username(alice, settings, throttle_counts):
    settings.SIGN_IN_RATE_PER_ADDRESS = "3/min"

    answers = [ask_for_token(f"nobody{n}").status_code for n in range(3)]

    assert answers == [400, 400, 400]
    assert ask_for_token("alice", "correct horse").status_code == 429
    assert ask_for_token("alice", "correct horse", address="10.0.0.2").status_code == 200


def test_session_sign_in_shares_the_throttle(alice, settings, throttle_counts):
    settings.SIGN_IN_RATE_PER_USERNAME = "1/min"
    client = browser()
    token = client.get("/api/v1/auth/csrf/").json()["csrfToken"]
    login = lambda: client.post(  # noqa: E731
        "/api/v1/auth/login/", {"username": "alice", "password": "wrong"}, format="json", HTTP_X_CSRFTOKEN=token
    )

    assert login().status_code == 400
    assert login().status_code == 429
    assert ask_for_token("alice", "correct horse").status_code == 429


# --- Revoking and rotating tokens ----------------------------------------------------------------


def token_client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_logout_with_revoke_token_deletes_the_token(alice):
    key = ask_for_token("alice", "correct horse").json()["token"]
    script = token_client(key)

    assert script.post("/api/v1/auth/logout/", {"revoke_token": True}, format="json").status_code == 204

    assert script.get("/api/v1/auth/me/").json()["detail"] == "Invalid token."


def test_logout_without_revoke_token_keeps_the_token(alice):
    key = ask_for_token("alice", "correct horse").json()["token"]
    script = token_client(key)

    assert script.post("/api/v1/auth/logout/", {}, format="json").status_code == 204

    assert script.get("/api/v1/auth/me/").json()["username"] == "alice"


def test_a_browser_signing_out_can_revoke_the_token_of_its_scripts(alice):
    key = ask_for_token("alice", "correct horse").json()["token"]
    client = signed_in_browser()

    answer = client.post(
        "/api/v1/auth/logout/",
        {"revoke_token": True},
        format="json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )

    assert answer.status_code == 204
    assert token_client(key).get("/api/v1/auth/me/").status_code in (401, 403)


def test_rotating_the_token_answers_a_new_one_and_the_old_one_stops_working(alice):
    old = ask_for_token("alice", "correct horse").json()["token"]

    answer = token_client(old).post("/api/v1/auth/token/rotate/")

    assert answer.status_code == 200
    new = answer.json()["token"]
    assert new != old
    assert token_client(old).get("/api/v1/auth/me/").json()["detail"] == "Invalid token."
    assert token_client(new).get("/api/v1/auth/me/").json()["username"] == "alice"
    assert ask_for_token("alice", "correct horse").json()["token"] == new


def test_rotating_needs_a_signed_in_caller():
    assert APIClient().post("/api/v1/auth/token/rotate/").status_code == 403


def test_a_session_rotates_with_the_csrf_token(alice):
    client = signed_in_browser()
    assert client.post("/api/v1/auth/token/rotate/").status_code == 403
    answer = client.post("/api/v1/auth/token/rotate/", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert answer.status_code == 200 and token_client(answer.json()["token"]).get("/api/v1/auth/me/").status_code == 200
