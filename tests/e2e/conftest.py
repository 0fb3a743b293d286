"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server,
which serves the built app (frontend/dist, `make frontend`) and the API."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings

# The live server answers from other threads while the test reads and writes the database: on
# SQLite that needs a file (pytest-django's in-memory default shares one connection between the
# threads, and concurrent statements on it fail with "database table is locked").
# SQLITE_TEST_NAME, when set, already names one (config/settings.py).
_default = django_settings.DATABASES["default"]
if _default["ENGINE"].endswith("sqlite3") and not _default.setdefault("TEST", {}).get("NAME"):
    _default["TEST"]["NAME"] = str(Path(tempfile.mkdtemp(prefix="imagepref-sqlite-")) / "test.sqlite3")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist" / "index.html"


def pytest_collection_modifyitems(config, items):
    reason = None
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        reason = f"needs Chromium at {CHROMIUM} (apt-get install -y chromium)"
    elif not DIST.exists():
        reason = "needs the built app: make frontend (cd frontend && npm ci && npm run build)"
    if reason:
        skip = pytest.mark.skip(reason=reason)
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(skip)


_warmed: set[str] = set()


@pytest.fixture
def server(live_server):
    """The live server, after its first request: that one imports every URL module (and with them
    torch, through the reward-model views), which can take long on a loaded machine."""
    import urllib.request

    if live_server.url not in _warmed:
        with urllib.request.urlopen(live_server.url + "/api/v1/auth/csrf/", timeout=300) as answer:
            answer.read()
        _warmed.add(live_server.url)
    return live_server


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Playwright's sync API keeps an event loop running in the
    test's thread while it lives; the ORM calls the tests make meanwhile (creating data, checking
    what was stored) are still plain synchronous code, so Django's async guard is lifted for that
    time only (Django reads the variable on each call)."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, transactional_db, server):
    """A fresh browser context at 1280x720. It depends on the database and the server so that it is
    closed before them: a request still in flight (a prefetch, a retried submission) must not
    meet the database being emptied after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(30_000)
    in_flight = set()
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))
    if os.environ.get("E2E_DEBUG"):
        import time

        t0 = time.monotonic()
        page.on("request", lambda r: print(f"{time.monotonic() - t0:7.2f} -> {r.method} {r.url}"))
        page.on("requestfinished", lambda r: print(f"{time.monotonic() - t0:7.2f} <- {r.url}"))
        page.on("requestfailed", lambda r: print(f"{time.monotonic() - t0:7.2f} !! {r.url} {r.failure}"))
        page.on("console", lambda m: print(f"{time.monotonic() - t0:7.2f} console {m.type}: {m.text}"))
    yield page
    # Let the server finish what the app asked last (a prefetch after the last submission, say):
    # on PostgreSQL, emptying the tables under a running request deadlocks.
    # Quiet means nothing in flight for 200 ms (an answer may trigger the next request).
    quiet = 0
    for _ in range(300):
        quiet = quiet + 1 if not in_flight else 0
        if quiet >= 4:
            break
        page.wait_for_timeout(50)
    context.close()
