"""The loop with real Celery workers (`celery -A config worker -Q celery,gpu`, as the embedded
default runs it) on the test database, once with Redis as the broker and once with the embedded
filesystem broker: submissions crossing the threshold give exactly one run and a ready version;
concurrent triggers still give one run; a pool process killed mid-run leaves the run retried,
visibly, and production as it was (a whole worker killed: test_worker_lost.py)."""

import os
import signal
import tempfile
import threading
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.test import APIClient

from rewardmodel import selectors
from rewardmodel.core import load_checkpoint
from rewardmodel.models import (
    ModelVersion,
    ProjectModelSettings,
    PromotionRule,
    RunState,
    RunTrigger,
    TrainingRun,
    VersionStatus,
)
from rewardmodel.services import runs
from rewardmodel.tasks import check_retrain

from .helpers import add_synthetic_groups, annotate, loop_project, ready_version, submit
from .worker import celery_worker, filesystem_broker, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SHORT = {"epochs": 1, "groups_per_batch": 4, "log_every": 1}
# Long enough to be killed in the middle: steps of a few groups, many epochs.
LONG = {"epochs": 30, "groups_per_batch": 2, "log_every": 1}


def broker_for(kind: str, root: Path) -> tuple[str, dict]:
    if kind == "redis":
        import redis

        url = os.environ["REDIS_URL"]
        redis.Redis.from_url(url).flushdb()
        return url, {"visibility_timeout": 43200}
    return filesystem_broker(root)


BROKERS = ["filesystem", pytest.param("redis", marks=pytest.mark.redis)]


@pytest.fixture(scope="module")
def worker_root():
    return Path(tempfile.mkdtemp(prefix="imagepref-worker-"))


@pytest.fixture
def loop_dirs(settings, worker_root):
    """Overrides the package's fixture: every test of a module shares the folders its worker
    was started with."""
    settings.MEDIA_ROOT = worker_root / "media"
    settings.CHECKPOINT_ROOT = worker_root / "checkpoints"
    return worker_root


@pytest.fixture(scope="module", params=BROKERS)
def worker(request, django_db_setup, django_db_blocker, worker_root):
    from django.conf import settings

    url, options = broker_for(request.param, worker_root)
    with pytest.MonkeyPatch.context() as patch:
        # The worker reads its folders from the environment; this process uses the same ones.
        patch.setattr(settings, "MEDIA_ROOT", worker_root / "media")
        patch.setattr(settings, "CHECKPOINT_ROOT", worker_root / "checkpoints")
        with celery_worker(root=worker_root, broker_url=url, transport_options=options) as started:
            yield started


def finished(project):
    run = TrainingRun.objects.filter(project=project).order_by("-id").first()
    return run if run is not None and run.state in (RunState.SUCCEEDED, RunState.FAILED) else None


def test_submissions_crossing_the_threshold_train_exactly_one_ready_version(worker):
    project = loop_project(threshold=24, held_out_fraction=0.4, training=SHORT)
    for group, synthetic in add_synthetic_groups(project, 10):
        submit(group, synthetic, project.annotator)
        if selectors.new_comparisons(project) >= 24:
            break
    else:
        pytest.fail("the groups did not reach the threshold")

    run = wait_for(lambda: finished(project), what="the run to finish", worker=worker)

    assert run.state == RunState.SUCCEEDED, run.error
    assert run.trigger == RunTrigger.THRESHOLD and run.worker_pid != os.getpid()
    assert TrainingRun.objects.filter(project=project).count() == 1
    version = ModelVersion.objects.get(run=run)
    assert version.status == VersionStatus.READY and version.is_production
    assert version.metrics["preference_accuracy"] is not None and version.metrics["n_pairs"] > 0

    # The scoring endpoint gives the library's numbers for this version.
    image_ids = [ia.image_id for ia in project.annotations.first().image_annotations.all()]
    client = APIClient()
    client.force_authenticate(project.researcher)
    body = client.post(
        f"/api/v1/projects/{project.pk}/model/score/", {"prompt": "a red circle", "image_ids": image_ids}, format="json"
    ).json()
    from django.conf import settings

    from annotation.models import Image

    model = load_checkpoint(Path(settings.CHECKPOINT_ROOT) / version.checkpoint_path)
    paths = [Image.objects.get(pk=i).file.path for i in image_ids]
    assert [s["score"] for s in body["scores"]] == pytest.approx(
        model.score_batch(["a red circle"] * len(paths), paths).tolist(), abs=1e-5
    )


def test_concurrent_triggers_still_give_one_run(worker):
    project = loop_project(threshold=12, held_out_fraction=0.4, training=SHORT, auto_retrain=False)
    annotate(project, 5)
    ProjectModelSettings.objects.filter(project=project).update(auto_retrain=True)

    # Eight checks on the worker's two processes, and two threads of this process, at once.
    for _ in range(8):
        check_retrain.delay(project.pk)

    def trigger():
        try:
            runs.maybe_queue_retrain(project=project)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=trigger) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    run = wait_for(lambda: finished(project), what="the run to finish", worker=worker)
    assert run.state == RunState.SUCCEEDED, run.error
    assert TrainingRun.objects.filter(project=project).count() == 1


def test_killing_the_pool_process_mid_run_retries_the_run_and_leaves_production(worker):
    project = loop_project(held_out_fraction=0.4, training=LONG, promotion_rule=PromotionRule.MANUAL)
    production = ready_version(project, production=True)
    annotate(project, 8)
    run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)

    training = wait_for(
        lambda: TrainingRun.objects.filter(pk=run.pk, state=RunState.RUNNING, step__gte=2).first(),
        what="training to be under way",
        worker=worker,
    )
    os.kill(training.worker_pid, signal.SIGKILL)

    retried = wait_for(
        lambda: TrainingRun.objects.filter(pk=run.pk, attempt__gte=2).first(), what="the second attempt", worker=worker
    )
    assert any("attempt 1 lost its worker" in line for line in retried.log_lines)
    assert selectors.production_version(project) == production
    done = wait_for(lambda: finished(project), what="the retried run to finish", worker=worker)
    assert done.state == RunState.SUCCEEDED and done.attempt == 2, done.error
    assert ModelVersion.objects.get(run=done).status == VersionStatus.READY
    assert selectors.production_version(project) == production  # the rule here is manual
