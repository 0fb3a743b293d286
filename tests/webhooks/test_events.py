"""Each service records its event in the transaction of what happened: review, export, promotion,
a failed training run. (Submission's events: test_delivery.py.)"""

from datetime import timedelta

import pytest
from django.utils import timezone

from annotation import synthetic
from annotation.imports import import_generations
from annotation.services.exports import create_snapshot, export_snapshot
from annotation.services.quality import pause_annotator
from annotation.services.review import review_annotation
from annotation.services.submission import submit_annotation
from annotation.webhooks import services
from annotation.webhooks.events import EVENT_TYPES
from annotation.webhooks.models import WebhookEvent
from rewardmodel.models import ModelVersion, RunState, RunTrigger, TrainingRun, VersionStatus
from rewardmodel.services.promotion import promote_version
from rewardmodel.services.runs import reap_stale_runs
from tests.annotation.helpers import submit_kwargs

pytestmark = pytest.mark.django_db


@pytest.fixture
def everything(project, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    return services.create_webhook(project=project, url="http://127.0.0.1:9/hook", events=EVENT_TYPES)


def recorded(type):
    return [event.data for event in WebhookEvent.objects.filter(type=type)]


def test_an_import_records_import_finished_with_its_counts(everything, project, manager, tmp_path):
    synthetic.write_generation_folder(tmp_path, n_groups=2, seed=1, k_range=(2, 3), size=8)

    batch = import_generations(project=project, folder=tmp_path, created_by=manager)

    (data,) = recorded("import.finished")
    assert (data["import_id"], data["counts"]["groups"]) == (batch.pk, 2)


def test_a_review_records_annotation_reviewed(everything, project, group, annotator, manager):
    annotation = submit_annotation(annotator=annotator, **submit_kwargs(group)).annotation

    review_annotation(annotation=annotation, reviewer=manager, decision="accept")

    (data,) = recorded("annotation.reviewed")
    assert (data["annotation_id"], data["status"], data["reviewed_by"]) == (annotation.pk, "accepted", "boss")


def test_pausing_an_annotator_records_annotator_paused(everything, project, annotator, manager):
    pause_annotator(project=project, annotator=annotator, rule="manual", reason="careless", paused_by=manager)

    (data,) = recorded("annotator.paused")
    assert (data["annotator"], data["rule"], data["reason"]) == ("ann", "manual", "careless")


def test_an_export_records_snapshot_ready(everything, project, group, annotator, manager):
    submit_annotation(annotator=annotator, **submit_kwargs(group))
    snapshot = create_snapshot(project=project, created_by=manager, enqueue=False)

    export_snapshot(snapshot_id=snapshot.pk)

    (data,) = recorded("snapshot.ready")
    assert (data["snapshot_id"], data["version"], data["counts"]["groups"]) == (snapshot.pk, 1, 1)
    assert recorded("snapshot.failed") == []


def test_a_promotion_records_model_version_promoted(everything, project, manager):
    version = ModelVersion.objects.create(project=project, number=3, preset="tiny", status=VersionStatus.READY)

    promote_version(version=version, by=manager)

    (data,) = recorded("model.version.promoted")
    assert (data["version_id"], data["number"], data["action"]) == (version.pk, 3, "promote")


def test_a_run_whose_worker_is_lost_records_training_run_failed(everything, project):
    run = TrainingRun.objects.create(
        project=project,
        trigger=RunTrigger.MANUAL,
        preset="tiny",
        state=RunState.RUNNING,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )

    reap_stale_runs()

    (data,) = recorded("training_run.failed")
    assert data["run_id"] == run.pk and "heartbeat" in data["error"].lower()


def test_a_project_whose_webhooks_want_other_events_records_none_of_these(project, group, annotator, manager, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    services.create_webhook(project=project, url="http://127.0.0.1:9/hook", events=["import.finished"])
    annotation = submit_annotation(annotator=annotator, **submit_kwargs(group)).annotation

    review_annotation(annotation=annotation, reviewer=manager, decision="reject")

    assert not WebhookEvent.objects.exists()
