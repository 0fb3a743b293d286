"""The Exports page in a real Chromium against the live server: a researcher creates a snapshot
with a seeded split, sees it become ready with its counts, and downloads its archive."""

import shutil
from pathlib import Path

import pytest

from annotation.models import DatasetSnapshot
from config.celery import app as celery_app
from tests.e2e.conftest import CHROMIUM, DIST, browser, page, server  # noqa: F401  (the browser fixtures)
from tests.e2e.demo import PASSWORD
from tests.exports.helpers import annotated_group, archive_path
from tests.factories import make_project, make_user

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:No directory at"),
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)),
        reason=f"needs Chromium at {CHROMIUM} (apt-get install -y chromium)",
    ),
    pytest.mark.skipif(not DIST.exists(), reason="needs the built app: make frontend"),
]


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def project(transactional_db):
    annotator = make_user("expert1", password=PASSWORD)
    researcher = make_user("researcher", password=PASSWORD)
    project = make_project(name="Castles", members={annotator: "annotator", researcher: "researcher"})
    for i in range(10):
        annotated_group(project, annotator, [1, 2, 2, 4], prompt=f"a castle on a hill, take {i}")
    return project


def test_researcher_creates_and_downloads_a_snapshot_in_the_browser(page, server, project, eager_celery):  # noqa: F811
    page.goto(server.url + "/")
    page.get_by_label("Username").fill("researcher")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Exports").click()
    page.get_by_text("No snapshot yet").wait_for()

    page.get_by_label("train share").fill("0.6")
    assert page.get_by_text("The shares add up to 0.8, not 1.").is_visible()
    page.get_by_label("valid share").fill("0.3")
    page.get_by_label("split seed").fill("7")
    page.get_by_role("button", name="Create snapshot").click()

    row = page.locator("tr[data-snapshot-version='1']")
    row.get_by_text("ready").wait_for()
    assert "10" in row.locator("td").nth(2).inner_text()  # groups
    assert row.locator("td").nth(6).inner_text() == "6 / 3 / 1"
    with page.expect_download() as download:
        row.get_by_role("link").click()
    snapshot = DatasetSnapshot.objects.get()
    assert snapshot.split == {"method": "fractions", "seed": 7, "fractions": {"train": 0.6, "valid": 0.3, "test": 0.1}}
    with open(download.value.path(), "rb") as f:
        assert f.read() == archive_path(snapshot).read_bytes()
