"""A whole worker killed in the middle of a run (a host that dies: the worker and its pool
processes at once, so nothing gives the message back): the beat's periodic check reaps the run
once its heartbeat is stale, the run ends failed with the reason, production stays. A module of
its own, so that no other test's worker shares the broker and picks the run up."""

import tempfile
from pathlib import Path

import pytest

from rewardmodel import selectors
from rewardmodel.models import ModelVersion, RunState, RunTrigger, TrainingRun, VersionStatus
from rewardmodel.services import runs
from rewardmodel.tasks import periodic_check

from .helpers import annotate, loop_project, ready_version
from .test_worker import BROKERS, LONG, broker_for
from .worker import celery_worker, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loop_dirs(settings):
    root = Path(tempfile.mkdtemp(prefix="imagepref-worker-lost-"))
    settings.MEDIA_ROOT = root / "media"
    settings.CHECKPOINT_ROOT = root / "checkpoints"
    return root


@pytest.mark.parametrize("kind", BROKERS)
def test_killing_the_whole_worker_mid_run_fails_the_run_visibly(kind, loop_dirs, settings):
    settings.REWARD_MODEL_STALE_SECONDS = 3
    project = loop_project(held_out_fraction=0.4, training=LONG)
    production = ready_version(project, production=True)
    annotate(project, 8)
    url, options = broker_for(kind, loop_dirs)
    with celery_worker(root=loop_dirs, broker_url=url, transport_options=options) as lost:
        run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)
        wait_for(
            lambda: TrainingRun.objects.filter(pk=run.pk, state=RunState.RUNNING, step__gte=2).first(),
            what="training to be under way",
            worker=lost,
        )
        lost.kill_all()

        # The beat's periodic check reaps it once the heartbeat is older than the limit.
        wait_for(lambda: run.pk in periodic_check.run()["reaped"], what="the reaper", every=1.0, timeout=120)

    run.refresh_from_db()
    assert run.state == RunState.FAILED and "No heartbeat" in run.error
    assert ModelVersion.objects.get(run=run).status == VersionStatus.FAILED
    assert selectors.production_version(project) == production
