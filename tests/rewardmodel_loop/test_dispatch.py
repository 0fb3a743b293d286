"""Services and views send the loop's tasks by name (rewardmodel/dispatch.py): to a worker
through the broker, or, with Celery's eager mode, run here and now as a task's own
apply_async would."""

from unittest import mock

import pytest

import rewardmodel.tasks  # noqa: F401  (registers the tasks, as a worker does at start)
from config.celery import app
from rewardmodel import dispatch
from tests.factories import make_project


@pytest.fixture
def eager():
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_every_name_it_sends_is_a_task_of_rewardmodel_tasks():
    names = {dispatch.CHECK_RETRAIN, dispatch.TRAIN_REWARD_MODEL, dispatch.PRESCORE_GROUPS, dispatch.PERIODIC_CHECK}
    assert names <= set(app.tasks)
    assert {app.tasks[name].__module__ for name in names} == {"rewardmodel.tasks"}


def test_a_training_run_is_sent_by_name_with_its_task_id():
    with mock.patch.object(app, "send_task") as send:
        dispatch.enqueue_training(7, task_id="run-7-task")
    send.assert_called_once_with(dispatch.TRAIN_REWARD_MODEL, args=[7], task_id="run-7-task")


def test_prescoring_is_sent_by_name():
    with mock.patch.object(app, "send_task") as send:
        dispatch.enqueue_prescoring(3)
    send.assert_called_once_with(dispatch.PRESCORE_GROUPS, args=[3])


@pytest.mark.django_db
def test_in_eager_mode_the_task_runs_here(eager):
    project = make_project()
    with (
        mock.patch.object(app, "send_task") as send,
        mock.patch("rewardmodel.services.prescoring.prescore_open_groups", return_value=0) as prescore,
    ):
        dispatch.enqueue_prescoring(project.pk)
    send.assert_not_called()
    prescore.assert_called_once_with(project=project)
