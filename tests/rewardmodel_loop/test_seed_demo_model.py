"""`manage.py seed_demo_model`: the demo project starts with a first training run queued (the
worker of `make run` trains it), once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from annotation.models import Project
from rewardmodel.models import RunTrigger, TrainingRun

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
