"""The Models page in a real Chromium against the live server: a manager sees production, the
run in progress with its progress bar and loss curve, the learning curve and the versions, and
promotes a candidate."""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

from rewardmodel import selectors
from rewardmodel.models import RunState, RunTrigger, TrainingRun
from rewardmodel.services import runs

from .helpers import loop_project, ready_version

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist" / "index.html"
PASSWORD = "models-page-pw"

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
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.set_default_timeout(60_000)
        yield page
        browser.close()
        # Under Playwright's sync API the test's ORM calls ran in a context of Playwright's, so
        # their connection is not the one pytest-django closes: left open, it made dropping the
        # PostgreSQL test database fail ("being accessed by other users"). Close it here, in it.
        connections.close_all()


@pytest.fixture
def project(transactional_db, monkeypatch):
    monkeypatch.setattr("rewardmodel.services.runs._dispatch", lambda *args: None)  # no worker here
    project = loop_project(threshold=300)
    project.manager.set_password(PASSWORD)
    project.manager.save()
    ready_version(
        project,
        production=True,
        counts={"comparisons": 120, "train_pairs": 96},
        metrics={"preference_accuracy": 0.61, "n_pairs": 40},
    )
    ready_version(
        project,
        counts={"comparisons": 300, "train_pairs": 240},
        metrics={"preference_accuracy": 0.68, "n_pairs": 52},
        comparison={
            "production": {"id": 1, "number": 1, "preference_accuracy": 0.63},
            "promoted": False,
            "verdict": "the project promotes by hand",
        },
    )
    run = runs.queue_training_run(project=project, trigger=RunTrigger.THRESHOLD, new_comparisons=310)
    TrainingRun.objects.filter(pk=run.pk).update(
        state=RunState.RUNNING,
        phase="training",
        attempt=1,
        epoch=3,
        step=36,
        total_steps=120,
        progress=0.27,
        loss=0.52,
        loss_history=[[s, round(0.69 - 0.17 * s / 36, 4)] for s in range(1, 37)],
        log_lines=[
            "12:00:01 queued (threshold, 310 new comparisons)",
            "12:00:02 attempt 1 started",
            "12:00:20 epoch 3 step 36/120: validation loss 0.55, accuracy 0.66",
        ],
        device="cpu (2 threads)",
    )
    return project


def test_manager_sees_the_live_run_and_promotes_a_candidate(page, live_server, project):
    page.goto(live_server.url + "/")
    page.get_by_label("Username").fill(project.manager.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Your projects").wait_for()

    page.goto(f"{live_server.url}/app/projects/{project.pk}/models")
    page.locator("[data-testid=production]", has_text="v1").wait_for()
    assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "27"
    assert page.get_by_role("img", name="Training loss by step").is_visible()
    assert page.locator(".learning-curve circle.marker").count() == 2
    assert page.locator("[data-testid=new-comparisons]").inner_text().endswith("/ 300")
    if os.environ.get("MODELS_PAGE_SCREENSHOT"):
        page.screenshot(path=os.environ["MODELS_PAGE_SCREENSHOT"], full_page=True)

    page.get_by_role("button", name="Promote v2").click()
    page.locator("[data-testid=production]", has_text="v2").wait_for()
    assert selectors.production_version(project).number == 2
    assert page.get_by_role("button", name="Retrain now").is_disabled()  # a run is active
