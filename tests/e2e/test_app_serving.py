"""config/frontend.py: Django answers the built app's index.html for "/" and the app's routes,
with the CSRF cookie set, and shadows none of the server's own paths."""

import os

import pytest

from config import frontend

# WhiteNoise looks for STATIC_ROOT (collectstatic), which tests do not need.
pytestmark = pytest.mark.filterwarnings("ignore:No directory at")


@pytest.fixture
def built_app(tmp_path, settings):
    (tmp_path / "index.html").write_text(
        '<!doctype html><div id="app"></div><script src="/static/assets/x.js"></script>'
    )
    settings.FRONTEND_DIST = tmp_path
    frontend._cache.clear()
    yield tmp_path
    frontend._cache.clear()


@pytest.mark.parametrize("path", ["/", "/app", "/app/", "/app/projects/3/annotate"])
def test_the_app_is_served_for_the_root_and_every_client_route(client, built_app, path):
    answer = client.get(path)

    assert answer.status_code == 200
    assert b'<div id="app"></div>' in answer.content
    assert "csrftoken" in answer.cookies
    assert "no-cache" in answer["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/auth/me/", "/admin/login/", "/media/images/none.png", "/static/none.js", "/application"]
)
def test_the_app_shadows_no_server_path(client, built_app, path):
    answer = client.get(path)

    assert b'<div id="app"></div>' not in answer.content


def test_a_missing_build_says_how_to_build_it(client, tmp_path, settings):
    settings.FRONTEND_DIST = tmp_path / "nothing-here"
    frontend._cache.clear()

    answer = client.get("/")

    assert answer.status_code == 503
    assert b"make frontend" in answer.content


def test_a_new_build_is_served_without_a_restart(client, built_app):
    client.get("/")
    index = built_app / "index.html"
    index.write_text('<!doctype html><div id="app" data-build="2"></div>')
    stat = index.stat()
    os.utime(index, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    assert b'data-build="2"' in client.get("/app/").content
