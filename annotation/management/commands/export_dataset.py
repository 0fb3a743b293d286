"""`manage.py export_dataset`: the CLI face of dataset snapshots.

    manage.py export_dataset --project my-project                       # a new snapshot, all formats
    manage.py export_dataset --project 3 --status accepted --fractions 0.9,0.05,0.05 --seed 7 \\
        --format reference --format pairwise_parquet --images link
    manage.py export_dataset --project my-project --held-out-test test_prompts.txt
    manage.py export_dataset --snapshot 12                              # export snapshot 12 again
    manage.py export_dataset --verify 12                                # re-hash its files

The export runs in this process (no worker needed) with the same services as the API; a bad
request prints the refusal and creates nothing."""

import json
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotation.errors import Refused
from annotation.exports.bucket import exports_in_bucket, published_where
from annotation.exports.spec import AGGREGATIONS, FORMATS, IMAGE_MODES, SPLITS
from annotation.models import DatasetSnapshot, Project
from annotation.services.exports import (
    ExportFailed,
    create_snapshot,
    export_snapshot,
    snapshot_dir,
    snapshot_folder,
    verify_snapshot,
)


class Command(BaseCommand):
    help = "Create and export a dataset snapshot (or export / verify an existing one)."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--project", help="project slug or id: create a new snapshot of it")
        which.add_argument("--snapshot", type=int, help="export this snapshot (id) again")
        which.add_argument(
            "--verify", type=int, metavar="SNAPSHOT", help="check this snapshot's files against its manifest"
        )
        parser.add_argument("--status", action="append", dest="statuses", help="annotation status (repeatable)")
        parser.add_argument("--date-from", help="annotations created on or after (YYYY-MM-DD or ISO datetime)")
        parser.add_argument("--date-to", help="annotations created up to (inclusive)")
        parser.add_argument("--annotator", action="append", dest="annotators", help="username (repeatable)")
        parser.add_argument("--include-gold", action="store_true", help="include gold groups")
        parser.add_argument("--fractions", help="train,valid,test shares of the prompts, e.g. 0.8,0.1,0.1")
        parser.add_argument("--seed", type=int, default=0, help="seed of the fraction split (default 0)")
        parser.add_argument("--held-out-test", type=Path, help="file of test prompts: a JSON list, or one per line")
        parser.add_argument("--held-out-valid", type=Path, help="file of validation prompts (as --held-out-test)")
        parser.add_argument(
            "--format", action="append", dest="formats", choices=FORMATS, help="repeatable; default all"
        )
        parser.add_argument("--images", choices=IMAGE_MODES, default="none", help="copy or hard-link the images")
        parser.add_argument("--aggregation", choices=AGGREGATIONS, default="mean_slot")
        parser.add_argument("--refl-category", action="append", dest="refl_categories", default=[])
        parser.add_argument("--refl-exclude-flag", action="append", dest="refl_exclude_prompt_flags", default=[])
        parser.add_argument("--user", help="record this username as the snapshot's creator")

    def handle(self, *args, **opts):
        if opts["verify"]:
            return self._verify(opts["verify"])
        if opts["snapshot"]:
            snapshot = self._snapshot(opts["snapshot"])
        else:
            snapshot = self._create(opts)
        started = time.perf_counter()
        try:
            snapshot = export_snapshot(snapshot_id=snapshot.pk)
        except ExportFailed as exc:
            raise CommandError(f"snapshot {snapshot.pk} (v{snapshot.version}) failed: {exc}") from exc
        seconds = time.perf_counter() - started
        counts = snapshot.counts
        self.stdout.write(
            f"snapshot {snapshot.pk}: {snapshot.project.slug} v{snapshot.version} in {seconds:.2f} s: "
            f"{counts['groups']} groups, {counts['images']} images, {counts['comparisons']} comparisons, "
            f"{counts['ties']} ties"
        )
        if exports_in_bucket():
            folder, archive = published_where(snapshot_folder(snapshot)), published_where(snapshot.archive_path)
        else:
            folder, archive = (
                snapshot_dir(snapshot),
                snapshot_dir(snapshot).parent / snapshot.manifest["archive"]["name"],
            )
        self.stdout.write(f"files:   {folder}")
        self.stdout.write(f"archive: {archive} (sha256 {snapshot.manifest['archive']['sha256']})")

    def _create(self, opts) -> DatasetSnapshot:
        project = _project(opts["project"])
        filters = {"include_gold": opts["include_gold"]}
        for key in ("statuses", "date_from", "date_to", "annotators"):
            if opts[key]:
                filters[key] = opts[key]
        if opts["held_out_test"] or opts["held_out_valid"]:
            split = {
                "method": "held_out",
                "test": _prompts(opts["held_out_test"]),
                "valid": _prompts(opts["held_out_valid"]),
            }
        elif opts["fractions"]:
            try:
                shares = [float(x) for x in opts["fractions"].split(",")]
            except ValueError:
                raise CommandError("--fractions takes three numbers: train,valid,test") from None
            if len(shares) != 3:
                raise CommandError("--fractions takes three numbers: train,valid,test")
            split = {"method": "fractions", "seed": opts["seed"], "fractions": dict(zip(SPLITS, shares))}
        else:
            split = {
                "method": "fractions",
                "seed": opts["seed"],
                "fractions": {"train": 0.8, "valid": 0.1, "test": 0.1},
            }
        options = {k: opts[k] for k in ("images", "aggregation", "refl_categories", "refl_exclude_prompt_flags")}
        user = None
        if opts["user"]:
            user = get_user_model().objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"no such user: {opts['user']}")
        try:
            return create_snapshot(
                project=project,
                created_by=user,
                filters=filters,
                split=split,
                formats=opts["formats"],
                options=options,
                enqueue=False,
            )
        except Refused as exc:
            raise CommandError(exc.detail) from exc

    def _snapshot(self, snapshot_id) -> DatasetSnapshot:
        snapshot = DatasetSnapshot.objects.filter(pk=snapshot_id).first()
        if snapshot is None:
            raise CommandError(f"no snapshot {snapshot_id}")
        return snapshot

    def _verify(self, snapshot_id):
        snapshot = self._snapshot(snapshot_id)
        problems = verify_snapshot(snapshot=snapshot)
        if problems:
            raise CommandError("verification failed:\n  " + "\n  ".join(problems))
        self.stdout.write(f"snapshot {snapshot.pk} (v{snapshot.version}): every file matches its manifest")


def _project(ref: str) -> Project:
    project = Project.objects.filter(slug=ref).first()
    if project is None and ref.isdigit():
        project = Project.objects.filter(pk=int(ref)).first()
    if project is None:
        raise CommandError(f"no project {ref!r}")
    return project


def _prompts(path: Path | None) -> list:
    """A JSON list (ids and/or texts) or a text file with one prompt per line."""
    if path is None:
        return []
    text = path.read_text(encoding="utf-8")
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return [line for line in text.splitlines() if line.strip()]
    if not isinstance(value, list):
        raise CommandError(f"{path}: expected a JSON list of prompt ids or texts")
    return value
