"""`manage.py seed_demo_model`: the demo project starts with a first training run queued (the
worker of `make run` trains it), once, and ends with a production model whose agreement with the
demo's annotators is measured."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from annotation.models import Annotation, ModelAgreement, ModelDisagreement, Project
from config.celery import app
from rewardmodel import selectors
from rewardmodel.models import ProjectModelSettings, RunTrigger, TrainingRun
from rewardmodel.split import split_rankings

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("seed_demo_model", *args, stdout=out)
    return out.getvalue()


def test_the_demo_project_gets_one_queued_training_run(django_capture_on_commit_callbacks):
    project = Project.objects.create(name="Shapes demo", slug="demo")

    with django_capture_on_commit_callbacks() as sent:
        output = run()

    (queued,) = TrainingRun.objects.filter(project=project)
    assert (queued.state, queued.trigger) == ("queued", RunTrigger.MANUAL)
    assert len(sent) == 1 and f"Queued training run {queued.pk}" in output
    assert "nothing queued" in run() and TrainingRun.objects.filter(project=project).count() == 1


def test_an_unknown_project_is_an_error():
    with pytest.raises(CommandError, match="no project with slug 'nowhere'"):
        run("--project", "nowhere")


def test_the_held_out_salt_is_chosen_so_that_the_first_version_has_pairs_to_be_evaluated_on():
    loop = ready_demo(groups=8, annotated=5)

    settings = ProjectModelSettings.objects.get(project=loop)
    counts, _ = split_rankings(
        selectors.ranked_annotations(loop, until=timezone.now()),
        salt=settings.held_out_salt,
        held_out_fraction=settings.held_out_fraction,
    ).summary(salt=settings.held_out_salt, held_out_fraction=settings.held_out_fraction)
    assert settings.held_out_salt.startswith("demo-")
    assert counts["held_out_pairs"] > 0 and counts["train_pairs"] > 0


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_demo_ends_with_a_production_model_and_its_agreement_with_the_annotators(eager):
    # As `make run` does it, with the worker's tasks run here: seed_demo, seed_demo_model, then
    # the training run, its promotion, and the measurement the promotion queues.
    project = ready_demo(groups=8, annotated=5)

    production = selectors.production_version(project)
    assert production is not None
    agreement = ModelAgreement.objects.get(project=project)
    assert agreement.version_number == production.number
    assert {row["id"] for row in agreement.figures["annotators"]} == set(
        Annotation.objects.filter(project=project, group__is_gold=False).values_list("annotator_id", flat=True)
    )
    assert ModelDisagreement.objects.filter(project=project).exists()


def ready_demo(**seed) -> Project:
    call_command("seed_demo", size=32, verbosity=0, **seed)
    run()
    return Project.objects.get(slug="demo")


@pytest.fixture
def eager():
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False
