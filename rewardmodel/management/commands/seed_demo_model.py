"""Queue the demo project's first reward-model training run, so a newcomer's Models page (and
the model's view of the quality console) is not empty: `make run` calls it after seed_demo, and
the worker it starts trains the run on the `gpu` queue a few seconds later. Nothing is queued
when the project has a version or a run already."""

from django.core.management.base import BaseCommand, CommandError

from annotation.models import Project

from ... import selectors
from ...models import ModelVersion, RunTrigger, TrainingRun
from ...services.runs import queue_training_run


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
        run = queue_training_run(
            project=project, trigger=RunTrigger.MANUAL, new_comparisons=selectors.new_comparisons(project)
        )
        self.stdout.write(
            f"Queued training run {run.pk} of project {project.slug}: the worker trains its first version."
        )
