"""manage.py import_generations PROJECT_SLUG FOLDER [--manifest NAME] [--format jsonl|reference]
[--rankings-as USERNAME | --gold | --qualification] [--created-by USERNAME]

FOLDER may be a bucket prefix, s3://bucket/prefix (annotation/imports/buckets.py)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotation.errors import Refused
from annotation.imports import FORMATS, import_generations
from annotation.imports.buckets import is_bucket_url
from annotation.imports.service import import_bucket_folder
from annotation.models import Project
from config.storage import StorageUnavailable, storage_errors

HELP = """Import generated images into a project as prompt groups, from FOLDER and a manifest in it.
FOLDER may also be a prefix of a bucket, s3://bucket/prefix, read with the platform's endpoint
and credentials (STORAGE_ENDPOINT_URL, STORAGE_ACCESS_KEY_ID, ...).

Formats:
  jsonl (default manifest: manifest.jsonl): one JSON object per line, one line per image; lines
    with the same "group" form one prompt group, images in line order:
      {"group": "g1", "prompt": "a red circle above a blue square", "image": "g1/0.png",
       "generator": "sd-1.4", "seed": 42, "metadata": {...}, "rank": 1, "category": "Abstract"}
    required: group, prompt (the same on every line of a group), image (path relative to FOLDER);
    optional: generator, seed, metadata, rank (slot, 1 = best, ties equal; on all lines of a
    group or none), category (one of the project's prompt categories).
  reference (default manifest: train.json): ImageReward's reference training format, a JSON
    array of {"id", "prompt", "generations": [paths relative to FOLDER], "ranking": [slot per image]}.

Rankings become annotations of the user named by --rankings-as, or the answers of gold groups
with --gold, or with --qualification the answers of gold groups that also become the project's
qualification set (what newcomers answer first when it requires qualification); otherwise they
are not imported. Every file must be a PNG, JPEG or WebP image inside
FOLDER within MAX_IMAGE_PIXELS. A bad row refuses the whole import: every problem is printed with
its line (manifest.jsonl:12.image) or index (train.json[3].generations[1]) and nothing is written."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("project", help="the project's slug")
        parser.add_argument("folder", help="folder holding the manifest and the images, or s3://bucket/prefix")
        parser.add_argument("--manifest", help="manifest file name inside FOLDER (default by format)")
        parser.add_argument("--format", default="jsonl", help=f"one of {', '.join(FORMATS)} (default jsonl)")
        parser.add_argument(
            "--rankings-as",
            dest="rankings_as",
            metavar="USERNAME",
            help="record each ranking as an annotation of this user",
        )
        parser.add_argument("--gold", action="store_true", help="make every group a gold group, its ranking the answer")
        parser.add_argument(
            "--qualification",
            action="store_true",
            help="make every group a gold group and put it in the project's qualification set (implies --gold)",
        )
        parser.add_argument("--created-by", dest="created_by", metavar="USERNAME", help="who the batch is recorded as")

    def handle(self, *args, **options):
        try:
            project = Project.objects.get(slug=options["project"])
        except Project.DoesNotExist:
            raise CommandError(f"no project with slug {options['project']!r}") from None
        created_by = None
        if options["created_by"]:
            created_by = get_user_model().objects.filter(username=options["created_by"]).first()
            if created_by is None:
                raise CommandError(f"no user {options['created_by']!r}")
        source = {"folder": options["folder"]}
        run = import_generations
        if is_bucket_url(options["folder"]):
            source, run = {"url": options["folder"], "within_roots": False}, import_bucket_folder
        try:
            with storage_errors():  # a bucket that cannot be reached: the message names the setting
                batch = run(
                    project=project,
                    **source,
                    manifest=options["manifest"],
                    format=options["format"],
                    rankings_as=options["rankings_as"],
                    gold=options["gold"],
                    qualification=options["qualification"],
                    created_by=created_by,
                )
        except StorageUnavailable as exc:
            raise CommandError(str(exc.detail)) from exc
        except Refused as exc:
            for problem in exc.problems:
                self.stderr.write(f"{problem.field}: {problem.message} [{problem.rule}]")
            raise CommandError(f"import refused: {len(exc.problems)} problem(s), nothing was imported") from exc
        counts = ", ".join(f"{key} {value}" for key, value in batch.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Import batch {batch.pk} into {project.slug}: {counts}"))
