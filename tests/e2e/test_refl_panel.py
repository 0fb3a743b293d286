"""The ReFL panel of the Models page in a real Chromium against the live server: a researcher's
request refused with the server's message next to the field it names, then a run started, its
curves drawn once a worker (here, this test) has run it, and its result offered for download."""

import shutil
import tempfile
from pathlib import Path
from unittest import mock

import pytest

from rewardmodel.models import ReflRun, RunState
from rewardmodel.services.refl_training import execute_refl_run
from tests.rewardmodel_loop.refl_helpers import FAST_OPTIONS, PIPELINE, pipeline_root, refl_world

from .helpers import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    # WhiteNoise looks for STATIC_ROOT (collectstatic); the live server serves the build directly.
    pytest.mark.filterwarnings("ignore:No directory at"),
]


@pytest.fixture
def world(transactional_db, settings):
    root = Path(tempfile.mkdtemp(prefix="imagepref-refl-e2e-"))
    settings.MEDIA_ROOT = root / "media"
    settings.CHECKPOINT_ROOT = root / "checkpoints"
    settings.EXPORT_ROOT = root / "exports"
    settings.REFL_PIPELINE_ROOT = pipeline_root(root)
    with mock.patch("rewardmodel.dispatch.enqueue_refl_run"):  # no worker: the test runs the run
        yield refl_world()
    shutil.rmtree(root, ignore_errors=True)


def test_a_researcher_starts_a_refl_run_follows_its_curves_and_downloads_the_result(page, server, world):
    project, researcher, bundle = world
    sign_in(page, server, researcher.username, "pw-for-tests")
    page.goto(f"{server.url}/app/projects/{project.pk}/models")
    panel = page.locator("section.refl")
    panel.get_by_label("Bundle").select_option(str(bundle.pk))
    panel.get_by_label("Pipeline").select_option(PIPELINE)
    panel.locator("input[name=steps]").fill("0")
    panel.get_by_role("button", name="Start ReFL run").click()

    refusal = panel.locator("label", has=page.locator("input[name=steps]")).locator(".field-error")
    refusal.wait_for()
    assert "steps must be from 1" in refusal.inner_text()
    assert not ReflRun.objects.exists()

    panel.locator("input[name=steps]").fill("2")
    panel.locator("input[name=eval_every]").fill("0")
    panel.get_by_role("button", name="Start ReFL run").click()
    panel.locator("article.refl-run[data-run-state=queued]").wait_for()
    run = ReflRun.objects.get()
    assert run.options == {"steps": 2, "eval_every": 0}
    # The tiny pipeline and bundle want a short schedule and few held-out prompts: what the form
    # does not offer, set here before the "worker" runs it.
    ReflRun.objects.filter(pk=run.pk).update(options=FAST_OPTIONS)
    execute_refl_run(run_id=run.pk, task_id=run.celery_task_id)
    assert ReflRun.objects.get(pk=run.pk).state == RunState.SUCCEEDED

    panel.locator("article.refl-run[data-run-state=succeeded]").wait_for(timeout=60_000)
    assert panel.locator("svg[aria-label='Held-out mean reward by step'] path.line").count() == 1
    assert panel.locator("svg[aria-label='Reward loss by step'] path.line").count() == 1
    download = panel.get_by_role("link", name="Download")
    assert download.get_attribute("href") == f"/api/v1/refl-runs/{run.pk}/download/"
