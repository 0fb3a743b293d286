"""ReFL runs outside the fine-tuning itself: a researcher's request checked and queued, failure,
the reaper, and the result's archive. What a worker does with a run is `refl_training.py`.

A request is checked whole before anything is written: the bundle (built, of this project), the
pipeline folder (inside REFL_PIPELINE_ROOT), the options (rewardmodel/refl_options.py) and the
pre-training data (the bundle's snapshot, exported in the reference format with its images,
unless `pretrain_weight` is 0). A refusal names every problem at once."""

import uuid
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from annotation.errors import Conflict, Problem, Refused
from annotation.exports.bucket import Download, published_download
from annotation.exports.files import project_folder
from annotation.models import Project
from config.storage import storage_errors

from .. import checkpoints, dispatch
from ..models import BundleStatus, ReflBundleBuild, ReflRun, RunState
from ..refl_options import check_pipeline, check_refl_options, pretrain_weight
from . import executors


def _send_after_commit(run: ReflRun) -> None:
    # robust: a broker that is down must not undo the run row; the periodic check re-sends it.
    transaction.on_commit(lambda: dispatch.enqueue_refl_run(run.id, task_id=run.celery_task_id), robust=True)


def start_refl_run(*, project: Project, bundle_id: int, pipeline: str, options: dict, requested_by=None) -> ReflRun:
    """Queue a ReFL run of `pipeline` with the project's bundle `bundle_id` and send it to a `gpu`
    worker once committed. Refused (400) with every problem of the request; nothing is written then."""
    bundle = ReflBundleBuild.objects.select_related("snapshot").filter(pk=bundle_id, project=project).first()
    problems = _check_bundle(bundle) + check_pipeline(pipeline) + check_refl_options(options)
    if not any(p.field.split(".")[0] in ("bundle", "options") for p in problems):
        problems += _check_pretrain_data(bundle, options)
    if problems:
        raise Refused(problems, detail="ReFL run refused: " + "; ".join(f"{p.field}: {p.message}" for p in problems))
    with transaction.atomic():
        run = ReflRun.objects.create(
            project=project,
            bundle=bundle,
            requested_by=requested_by,
            pipeline=pipeline,
            options=options,
            celery_task_id=str(uuid.uuid4()),
            log_lines=[
                f"{executors.stamp()} queued: bundle {bundle.result.get('name', bundle.pk)}, pipeline {pipeline}"
            ],
        )
        _send_after_commit(run)
    return run


def _check_bundle(bundle: ReflBundleBuild | None) -> list[Problem]:
    if bundle is None:
        return [Problem("bundle", "not_found", "no such ReFL bundle in this project")]
    if bundle.status != BundleStatus.READY:
        return [Problem("bundle", "not_ready", f"the ReFL bundle is {bundle.status}; start a run once it is ready")]
    return []


def _check_pretrain_data(bundle: ReflBundleBuild, options: dict) -> list[Problem]:
    # ReFL without the pre-training loss drifts (ImageReward issues #24, #88, #95): running without
    # it is a choice the request states, not what a missing export falls back to.
    if pretrain_weight(options) == 0:
        return []
    snapshot = bundle.snapshot
    if "reference" in snapshot.formats and (snapshot.options or {}).get("images", "none") != "none":
        return []
    return [
        Problem(
            "options.pretrain_weight",
            "no_pretrain_data",
            f"the bundle's snapshot v{snapshot.version} was not exported in the reference format with its images, "
            "so it gives no pre-training pairs: export one that is, or set pretrain_weight to 0",
        )
    ]


# -- the executor's failure and the reaper (executors.py) -------------------------------------


def fail(run: ReflRun, now: datetime, error: str) -> None:
    executors.mark_failed(run, now, error)


def fail_run(*, run: ReflRun, error: str) -> bool:
    return executors.fail_owned(job=run, error=error, fail=fail)


def reap_stale_refl_runs(*, now: datetime | None = None) -> list[int]:
    """Fail running ReFL runs whose worker is gone and re-send lost queued ones."""
    return executors.reap_stale(ReflRun, now=now or timezone.now(), fail=fail, send=_send_after_commit)


# -- the result --------------------------------------------------------------------------------


def result_folder(run: ReflRun) -> Path:
    """Where a succeeded run's result lives (the zip beside it, `<folder>.zip`): by the project's
    id, as snapshots and bundles are."""
    return project_folder(Path(settings.CHECKPOINT_ROOT) / "refl", run.project_id) / f"run-{run.pk}"


def result_archive(run: ReflRun) -> Download:
    """The zip of a succeeded run, for download: the file, or its presigned URL in the bucket
    (Conflict while it has none)."""
    archive = run.result.get("archive") if run.state == RunState.SUCCEEDED else None
    download = None
    if archive and checkpoints.in_bucket_mode():
        with storage_errors():
            download = published_download(
                archive["path"], filename=archive["name"], storage=checkpoints.checkpoints_storage()
            )
    elif archive and (Path(settings.CHECKPOINT_ROOT) / archive["path"]).is_file():
        download = Download(filename=archive["name"], path=Path(settings.CHECKPOINT_ROOT) / archive["path"])
    if download is None:
        raise Conflict(
            Problem(
                "run", "no_result", f"ReFL run {run.pk} is {run.state}; its result is downloadable once it succeeded"
            ),
            detail=f"ReFL run {run.pk} has no result to download ({run.state}).",
        )
    return download
