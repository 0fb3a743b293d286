"""Celery tasks: thin wrappers over the services. `train_reward_model`, `prescore_groups`,
`measure_model_agreement` and `run_refl` go to the `gpu` queue (config/settings.py, CELERY_TASK_ROUTES); the rest to the default queue.
The database records every job's state; these tasks return nothing worth keeping."""

import logging

from celery import shared_task

from annotation.models import Project

from . import dispatch
from .models import ACTIVE_RUN_STATES, RunTrigger
from .services import model_agreement, prescoring, refl_bundle, refl_runs, refl_training, runs, training

log = logging.getLogger(__name__)


@shared_task(name=dispatch.CHECK_RETRAIN, ignore_result=True)
def check_retrain(project_id: int) -> int | None:
    """Queue a retraining run if the project's new comparisons reached its threshold."""
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        return None
    run = runs.maybe_queue_retrain(project=project, trigger=RunTrigger.THRESHOLD)
    return run.id if run else None


@shared_task(
    name=dispatch.TRAIN_REWARD_MODEL,
    bind=True,
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
)
def train_reward_model(self, run_id: int) -> None:
    """Train, evaluate and (by the project's rule) promote; see services/training.py."""
    training.execute_run(run_id=run_id, task_id=self.request.id)


@shared_task(name=dispatch.PRESCORE_GROUPS, ignore_result=True)
def prescore_groups(project_id: int) -> int:
    """Score the project's open prompt groups with the production version and, if the project
    orders its queue by uncertainty, set their priorities."""
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        return 0
    return prescoring.prescore_open_groups(project=project)


@shared_task(name=dispatch.MEASURE_MODEL_AGREEMENT, ignore_result=True)
def measure_model_agreement(project_id: int, only_if_stale: bool = False) -> None:
    """Score the project's annotated groups with production and record how far it agrees with
    each annotator and where it disagrees most (services/model_agreement.py)."""
    project = Project.objects.filter(pk=project_id).first()
    if project is not None:
        model_agreement.measure_model_agreement(project=project, only_if_stale=only_if_stale)


@shared_task(name=dispatch.PERIODIC_CHECK, ignore_result=True)
def periodic_check() -> dict:
    """Celery beat, every REWARD_MODEL_CHECK_SECONDS: reap runs whose worker is gone, re-send
    lost queued runs (training and ReFL alike), catch thresholds a signal missed, pre-score new groups,
    measure production's agreement with the labelers again where annotations or reviews came since."""
    reaped = runs.reap_stale_runs()
    reaped_refl = refl_runs.reap_stale_refl_runs()
    queued = []
    # Projects without a settings row yet retrain by default, so they are checked too.
    for project in Project.objects.exclude(model_settings__auto_retrain=False).exclude(
        training_runs__state__in=ACTIVE_RUN_STATES
    ):
        run = runs.maybe_queue_retrain(project=project, trigger=RunTrigger.PERIODIC)
        if run is not None:
            queued.append(run.id)
    for project_id in prescoring.projects_needing_prescoring():
        prescore_groups.delay(project_id)
    for project_id in model_agreement.projects_needing_measurement():
        measure_model_agreement.delay(project_id, True)
    if reaped or queued or reaped_refl:
        log.info("periodic check: reaped runs %s, queued runs %s, reaped ReFL runs %s", reaped, queued, reaped_refl)
    return {"reaped": reaped, "queued": queued, "reaped_refl": reaped_refl}


@shared_task(name=dispatch.BUILD_REFL_BUNDLE, ignore_result=True)
def build_refl_bundle_task(build_id: int) -> None:
    """Build a requested ReFL bundle (refl_bundle.build_requested_bundle); the row records the
    result or the error."""
    refl_bundle.build_requested_bundle(build_id=build_id)


@shared_task(name=dispatch.RUN_REFL, bind=True, ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def run_refl(self, run_id: int) -> None:
    """Fine-tune a diffusion pipeline with ReFL; see services/refl_training.py."""
    refl_training.execute_refl_run(run_id=run_id, task_id=self.request.id)
