"""A training run executed in this process records model.version.ready and, when the project's
rule promotes it, model.version.promoted, in the transaction that makes the version ready."""

import pytest

from annotation.webhooks import services
from annotation.webhooks.events import EVENT_TYPES
from annotation.webhooks.models import WebhookEvent
from rewardmodel.models import RunTrigger
from rewardmodel.services import runs
from rewardmodel.services.training import execute_run
from tests.rewardmodel_loop.helpers import annotate, loop_project

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_a_training_run_records_model_version_ready_and_its_promotion(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    project = loop_project()
    services.create_webhook(project=project, url="http://127.0.0.1:9/hook", events=EVENT_TYPES)
    annotate(project, 12)
    run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)

    version = execute_run(run_id=run.pk, task_id=run.celery_task_id)

    ready = WebhookEvent.objects.get(type="model.version.ready").data
    promoted = WebhookEvent.objects.get(type="model.version.promoted").data
    assert ready["version_id"] == promoted["version_id"] == version.pk
    assert ready["run_id"] == run.pk and promoted["action"] == "auto"
