"""Sending the loop's Celery tasks. Services and views enqueue through here, by task name: tasks
import services, never the other way round, and a web process sends a message without loading
the worker's modules (the trainer, torch). The names are defined once, here; `tasks.py`
registers its tasks under them."""

from celery import current_app

CHECK_RETRAIN = "rewardmodel.tasks.check_retrain"
TRAIN_REWARD_MODEL = "rewardmodel.tasks.train_reward_model"
PRESCORE_GROUPS = "rewardmodel.tasks.prescore_groups"
PERIODIC_CHECK = "rewardmodel.tasks.periodic_check"
BUILD_REFL_BUNDLE = "rewardmodel.tasks.build_refl_bundle"
RUN_REFL = "rewardmodel.tasks.run_refl"
MEASURE_MODEL_AGREEMENT = "rewardmodel.tasks.measure_model_agreement"


def enqueue_training(run_id: int, *, task_id: str) -> None:
    """Send a training run to a `gpu` worker; `task_id` is the run's, so a redelivery is known."""
    _send(TRAIN_REWARD_MODEL, [run_id], task_id=task_id)


def enqueue_prescoring(project_id: int) -> None:
    """Have the project's open groups scored with its production version."""
    _send(PRESCORE_GROUPS, [project_id])


def enqueue_model_agreement(project_id: int) -> None:
    """Have the production version's agreement with the project's labelers measured."""
    _send(MEASURE_MODEL_AGREEMENT, [project_id])


def enqueue_refl_bundle_build(build_id: int) -> None:
    """Have a requested ReFL bundle built by a worker."""
    _send(BUILD_REFL_BUNDLE, [build_id])


def enqueue_refl_run(run_id: int, *, task_id: str) -> None:
    """Send a ReFL run to a `gpu` worker; `task_id` is the run's, so a redelivery is known."""
    _send(RUN_REFL, [run_id], task_id=task_id)


def _send(name: str, args: list, **options) -> None:
    app = current_app
    if app.conf.task_always_eager:
        # Eager mode runs a task here and now, and send_task would only send it: load the task
        # modules as a worker does at start, and apply the registered task.
        app.loader.import_default_modules()
        app.tasks[name].apply_async(args=args, **options)
    else:
        app.send_task(name, args=args, **options)
