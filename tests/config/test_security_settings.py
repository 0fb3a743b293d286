"""Production settings: DJANGO_SECURE=1 turns on HTTPS-only cookies, HSTS and the redirect to
HTTPS behind a proxy; every HTML page carries a Content-Security-Policy; the generated secret key
is readable by its owner only. Settings are read in a fresh interpreter with the environment
under test, as a deployment reads them."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from config import frontend

ROOT = Path(__file__).resolve().parents[2]
SECURITY = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
]


def settings_with(tmp_path, names, **env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    environ.update(DJANGO_SETTINGS_MODULE="config.settings", DATA_DIR=str(tmp_path), **env)
    code = f"import json; from django.conf import settings; print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_django_secure_turns_on_https_only_cookies_hsts_and_the_redirect(tmp_path):
    secure = settings_with(tmp_path, SECURITY, DJANGO_SECURE="1", DJANGO_SECRET_KEY="k" * 50)

    assert secure["SESSION_COOKIE_SECURE"] and secure["CSRF_COOKIE_SECURE"] and secure["SECURE_SSL_REDIRECT"]
    assert secure["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert secure["SECURE_HSTS_SECONDS"] >= 30 * 24 * 3600


def test_without_django_secure_plain_http_works(tmp_path):
    plain = settings_with(tmp_path, SECURITY, DJANGO_SECRET_KEY="k" * 50)

    assert plain == {
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_HSTS_SECONDS": 0,
    }


def test_the_generated_secret_key_is_readable_by_its_owner_only(tmp_path):
    first = settings_with(tmp_path, ["SECRET_KEY"])["SECRET_KEY"]

    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert settings_with(tmp_path, ["SECRET_KEY"])["SECRET_KEY"] == first  # kept across restarts


def test_a_cache_url_selects_the_redis_cache(tmp_path):
    caches = settings_with(tmp_path, ["CACHES"], DJANGO_SECRET_KEY="k" * 50, CACHE_URL="redis://cache:6379/1")["CACHES"]
    assert caches["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache:6379/1",
    }


# --- Content-Security-Policy ---------------------------------------------------------------------


@pytest.fixture
def built_app(tmp_path, settings):
    (tmp_path / "index.html").write_text(
        '<!doctype html><div id="app"></div><script src="/static/assets/x.js"></script>'
    )
    settings.FRONTEND_DIST = tmp_path
    frontend._cache.clear()
    yield tmp_path
    frontend._cache.clear()


def test_the_app_page_carries_the_policy_scripts_and_styles_from_its_own_origin(client, built_app):
    policy = client.get("/").headers["Content-Security-Policy"]

    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data: blob:"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_json_answers_carry_no_policy(client):
    assert "Content-Security-Policy" not in client.get("/api/v1/auth/csrf/").headers


def test_an_empty_policy_setting_sends_none(client, built_app, settings):
    settings.CONTENT_SECURITY_POLICY = ""
    assert "Content-Security-Policy" not in client.get("/").headers
