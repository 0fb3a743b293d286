"""The reward-model endpoints: who may see and do what, and the answers' shapes."""

from unittest import mock

import pytest
from rest_framework.test import APIClient

from rewardmodel import selectors
from rewardmodel.models import ProjectModelSettings, RunState, RunTrigger, TrainingRun
from rewardmodel.services import runs
from tests.factories import make_user

from .helpers import loop_project, ready_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_broker():
    with (
        mock.patch("rewardmodel.services.runs._dispatch") as dispatch,
        mock.patch("rewardmodel.dispatch.enqueue_prescoring") as prescore,
    ):
        yield {"train": dispatch, "prescore": prescore}


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def project():
    return loop_project()


def test_overview_shows_settings_production_and_the_active_run(project):
    version = ready_version(project, production=True)
    run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)
    answer = client_for(project.researcher).get(f"/api/v1/projects/{project.pk}/model/")
    assert answer.status_code == 200
    body = answer.json()
    assert body["production"]["id"] == version.pk
    assert body["active_run"]["id"] == run.pk and body["active_run"]["state"] == "queued"
    assert body["settings"]["preset"] == "tiny" and body["can_manage"] is False
    assert "preference_accuracy" in body["metric_definitions"]


@pytest.mark.parametrize(
    "path",
    ["model/", "model/versions/", "model/runs/", "model/learning-curve/", "model/settings/", "model/promotions/"],
)
def test_annotators_may_not_see_the_models_and_outsiders_do_not_learn_the_project_exists(project, path):
    assert client_for(project.annotator).get(f"/api/v1/projects/{project.pk}/{path}").status_code == 403
    assert client_for(make_user()).get(f"/api/v1/projects/{project.pk}/{path}").status_code == 404
    assert client_for(None).get(f"/api/v1/projects/{project.pk}/{path}").status_code in (401, 403)


def test_retrain_now_is_a_managers_and_queues_one_run(project, no_broker):
    url = f"/api/v1/projects/{project.pk}/model/runs/"
    assert client_for(project.researcher).post(url).status_code == 403
    answer = client_for(project.manager).post(url)
    assert answer.status_code == 202
    assert answer.json()["state"] == "queued" and answer.json()["trigger"] == "manual"
    again = client_for(project.manager).post(url)
    assert again.status_code == 409
    assert again.json()["errors"][0]["rule"] == "run_active"
    assert TrainingRun.objects.filter(project=project).count() == 1


def test_run_detail_carries_live_progress(project):
    run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)
    TrainingRun.objects.filter(pk=run.pk).update(
        state=RunState.RUNNING,
        step=3,
        total_steps=10,
        progress=0.27,
        loss=0.61,
        loss_history=[[1, 0.69], [2, 0.65], [3, 0.61]],
    )
    body = client_for(project.researcher).get(f"/api/v1/training-runs/{run.pk}/").json()
    assert (body["step"], body["total_steps"], body["progress"]) == (3, 10, 0.27)
    assert body["loss_history"][-1] == [3, 0.61] and body["log_lines"]
    assert client_for(project.annotator).get(f"/api/v1/training-runs/{run.pk}/").status_code == 403


def test_settings_patch_is_a_managers_and_validates(project):
    url = f"/api/v1/projects/{project.pk}/model/settings/"
    assert client_for(project.researcher).patch(url, {"retrain_threshold": 5}, format="json").status_code == 403
    ok = client_for(project.manager).patch(
        url, {"retrain_threshold": 5, "training_options": {"epochs": 3}}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["retrain_threshold"] == 5
    bad = client_for(project.manager).patch(url, {"training_options": {"epochz": 3}, "preset": "huge"}, format="json")
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"training_options", "preset"}
    assert ProjectModelSettings.objects.get(project=project).training_options == {"epochs": 3}


def test_held_out_fraction_is_fixed_once_a_version_exists(project):
    url = f"/api/v1/projects/{project.pk}/model/settings/"
    assert client_for(project.manager).patch(url, {"held_out_fraction": 0.3}, format="json").status_code == 200
    ready_version(project)
    refused = client_for(project.manager).patch(url, {"held_out_fraction": 0.2}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["rule"] == "fixed_once_trained"
    assert ProjectModelSettings.objects.get(project=project).held_out_fraction == 0.3


def test_promote_and_rollback_through_the_api(project):
    v1 = ready_version(project, production=True)
    v2 = ready_version(project)
    assert client_for(project.researcher).post(f"/api/v1/model-versions/{v2.pk}/promote/").status_code == 403
    promoted = client_for(project.manager).post(
        f"/api/v1/model-versions/{v2.pk}/promote/", {"note": "looks better"}, format="json"
    )
    assert promoted.status_code == 200
    assert promoted.json()["version"]["id"] == v2.pk and promoted.json()["previous"]["id"] == v1.pk
    back = client_for(project.manager).post(f"/api/v1/projects/{project.pk}/model/rollback/")
    assert back.status_code == 200 and back.json()["action"] == "rollback"
    assert selectors.production_version(project) == v1
    history = client_for(project.researcher).get(f"/api/v1/projects/{project.pk}/model/promotions/").json()
    assert [entry["action"] for entry in history["results"]] == ["rollback", "promote", "promote"]


def test_versions_list_and_learning_curve(project):
    ready_version(
        project,
        counts={"comparisons": 40, "train_pairs": 30},
        metrics={"preference_accuracy": 0.6, "n_pairs": 10, "definitions": {"x": "y"}},
    )
    ready_version(
        project, counts={"comparisons": 80, "train_pairs": 60}, metrics={"preference_accuracy": 0.7, "n_pairs": 20}
    )
    versions = client_for(project.researcher).get(f"/api/v1/projects/{project.pk}/model/versions/").json()
    assert [v["number"] for v in versions["results"]] == [2, 1]
    assert "definitions" not in versions["results"][1]["metrics"]
    curve = client_for(project.researcher).get(f"/api/v1/projects/{project.pk}/model/learning-curve/").json()
    assert [(p["train_pairs"], p["preference_accuracy"], p["held_out_pairs"]) for p in curve] == [
        (30, 0.6, 10),
        (60, 0.7, 20),
    ]


def test_version_detail_lists_the_annotations_it_saw(project):
    version = ready_version(project, annotation_ids=[3, 5, 8], split={"method": "prompt_hash"})
    body = client_for(project.researcher).get(f"/api/v1/model-versions/{version.pk}/").json()
    assert body["annotation_ids"] == [3, 5, 8] and body["split"]["method"] == "prompt_hash"
    assert client_for(make_user()).get(f"/api/v1/model-versions/{version.pk}/").status_code == 404


def test_prescore_needs_a_production_version(project, no_broker):
    url = f"/api/v1/projects/{project.pk}/model/prescore/"
    assert client_for(project.manager).post(url).status_code == 409
    version = ready_version(project, production=True)
    answer = client_for(project.manager).post(url)
    assert answer.status_code == 202 and answer.json()["version"]["id"] == version.pk
    no_broker["prescore"].assert_called_once_with(project.pk)


def test_schema_describes_the_model_endpoints(project):
    schema = client_for(project.manager).get("/api/v1/schema/?format=json").json()
    for path in (
        "/api/v1/projects/{project_id}/model/",
        "/api/v1/projects/{project_id}/model/score/",
        "/api/v1/training-runs/{run_id}/",
        "/api/v1/model-versions/{version_id}/promote/",
    ):
        assert path in schema["paths"]
    assert "ModelOverview" in schema["components"]["schemas"]
