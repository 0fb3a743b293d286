"""Queue the demo project's first reward-model training run, so a newcomer's Models page (and
the model's view of the quality console) is not empty: `make run` calls it after seed_demo, and
the worker it starts trains the run on the `gpu` queue a few seconds later; the version it makes
is promoted, and its promotion has the worker measure its agreement with the demo's annotators.
Nothing is queued when the project has a version or a run already.

The held-out salt is chosen so that the demo's few prompts leave some untied pairs held out and
some to train on: with a random salt, about one demo in five held out none, and its first version
stayed a candidate with nothing to be evaluated on (no production model, no model figures)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from annotation.models import Project

from ... import selectors
from ...models import ModelVersion, RunTrigger, TrainingRun
from ...services.loop_settings import model_settings_for, set_held_out_salt
from ...services.runs import queue_training_run
from ...split import split_rankings

SALTS_TRIED = 1000


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def add_arguments(self, parser):
        parser.add_argument("--project", default="demo", help="the project's slug (default: demo)")

    def handle(self, *args, **options):
        project = Project.objects.filter(slug=options["project"]).first()
        if project is None:
            raise CommandError(f"no project with slug {options['project']!r}: run seed_demo first")
        if (
            ModelVersion.objects.filter(project=project).exists()
            or TrainingRun.objects.filter(project=project).exists()
        ):
            self.stdout.write(f"Project {project.slug} has a reward model already; nothing queued.")
            return
        salt = demo_salt(project)
        if salt is not None:
            set_held_out_salt(project=project, salt=salt)
        run = queue_training_run(
            project=project, trigger=RunTrigger.MANUAL, new_comparisons=selectors.new_comparisons(project)
        )
        self.stdout.write(
            f"Queued training run {run.pk} of project {project.slug}: the worker trains its first version."
        )


def demo_salt(project: Project) -> str | None:
    """The first of the salts demo-0, demo-1, ... under which the project's annotations hold out
    untied pairs and leave some to train on (None if none does: too little data)."""
    fraction = model_settings_for(project).held_out_fraction
    rankings = selectors.ranked_annotations(project, until=timezone.now())
    for n in range(SALTS_TRIED):
        salt = f"demo-{n}"
        counts, _ = split_rankings(rankings, salt=salt, held_out_fraction=fraction).summary(
            salt=salt, held_out_fraction=fraction
        )
        if counts["held_out_pairs"] and counts["train_pairs"]:
            return salt
    return None
