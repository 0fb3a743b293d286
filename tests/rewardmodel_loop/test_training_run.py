"""A training run executed in this process (the worker's code path, without a worker): data,
training, atomic checkpoint, evaluation on the fixed held-out set, promotion by the rule."""

from pathlib import Path

import pytest
from django.conf import settings

from rewardmodel.models import (
    ModelVersion,
    ProjectModelSettings,
    Promotion,
    RunState,
    RunTrigger,
    TrainingRun,
    VersionStatus,
)
from rewardmodel.services import runs
from rewardmodel.services.training import execute_run
from rewardmodel.split import is_held_out, normalise_prompt

from .helpers import annotate, loop_project

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def run_now(project, **kwargs):
    run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL, **kwargs)
    return execute_run(run_id=run.pk, task_id=run.celery_task_id), TrainingRun.objects.get(pk=run.pk)


def test_run_trains_a_ready_version_on_exactly_the_data_it_records():
    project = loop_project()
    annotations = annotate(project, 16)

    version, run = run_now(project)

    assert run.state == RunState.SUCCEEDED and version.status == VersionStatus.READY
    assert sorted(version.annotation_ids) == sorted(a.pk for a in annotations)
    held_out = set(version.split["held_out_prompts"])
    assert held_out == {
        normalise_prompt(a.group.prompt.text)
        for a in annotations
        if is_held_out(a.group.prompt.text, salt="test-salt", fraction=0.25)
    }
    assert version.metrics["n_pairs"] == version.counts["held_out_pairs"] > 0
    assert 0.0 <= version.metrics["preference_accuracy"] <= 1.0
    assert run.step == run.total_steps > 0 and run.loss_history and run.progress == 1.0
    assert set(run.timings) >= {"queue_wait", "data", "training", "evaluation", "total"}
    checkpoint = Path(settings.CHECKPOINT_ROOT) / version.checkpoint_path
    assert (checkpoint / "model.safetensors").is_file()
    assert not list((Path(settings.CHECKPOINT_ROOT) / ".tmp").glob(f"run-{run.pk}-*"))


def test_every_version_is_measured_on_the_same_growing_held_out_set_as_production_and_can_warm_start():
    project = loop_project()
    annotate(project, 12)
    first, _ = run_now(project)
    assert first.is_production
    assert Promotion.objects.get(version=first).action == "auto"

    annotate(project, 8, seed=1)
    ProjectModelSettings.objects.filter(project=project).update(warm_start=True)
    second, run = run_now(project)

    # Warm start: the second version trained on from production's weights.
    assert run.config["init_checkpoint"] == str(Path(settings.CHECKPOINT_ROOT) / first.checkpoint_path)
    assert second.metrics["training"]["origin"].startswith("checkpoint")

    # Prompts held out before stay held out; new ones joined by the same rule.
    assert set(first.split["held_out_prompts"]) <= set(second.split["held_out_prompts"])
    assert not set(second.split["held_out_prompts"]) & set(second.split["valid_prompts"])
    # Production was scored on exactly the candidate's held-out pairs.
    baseline = second.comparison["production"]
    assert baseline["number"] == first.number and baseline["n_pairs"] == second.metrics["n_pairs"]
    assert second.parent == first
    assert "verdict" in second.comparison
    assert ModelVersion.objects.filter(project=project, is_production=True).count() == 1
