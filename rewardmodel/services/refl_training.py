"""Executing a ReFL run: what a `gpu` worker does with a ReFL run id.

1. claim the run (executors.claim: queued -> running, or the next attempt after a lost worker);
2. resolve its inputs: the bundle's folder, the pipeline folder under REFL_PIPELINE_ROOT (checked
   again: a symlink may have changed since the request), the bundle's snapshot as pre-training
   data unless `pretrain_weight` is 0, the options (checked again) with the worker's device;
3. `rewardmodel.refl.train` into a temporary folder under CHECKPOINT_ROOT/.tmp, writing progress
   and the curves (reward loss, training reward, pre-training loss, held-out mean reward) to the
   run as it goes, a heartbeat from a thread all along;
4. move the result into place with one rename and zip it;
5. in one transaction: the result recorded, the run succeeded.
With a bucket (STORAGE_URL), the bundle's zip and the snapshot's (unpacked) are fetched into a
folder beside the working one, each checked against its sha256, and the result is published to
the `checkpoints` storage like an export (annotation/exports/bucket.py), the local copy removed.
Any error marks the run failed with the library's message (a missing file names the file)."""

import json
import logging
import os
import shutil
import time
import traceback
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from annotation.exports.bucket import exports_in_bucket, exports_storage, publish
from annotation.exports.files import hash_file, relative_files, write_archive
from annotation.services.exports import snapshot_dir
from config import transfers
from config.storage import storage_errors

from .. import checkpoints
from ..models import BundleStatus, ReflBundleBuild, ReflRun, RunState
from ..refl import ReflConfig, ReflSetupError, train
from ..refl_options import check_pipeline, check_refl_options, pipeline_folder, pretrain_weight
from . import executors, refl_runs
from .training import describe_device, use_cpu

log = logging.getLogger(__name__)

CURVE_POINTS_KEPT = 500
TRAINING_SHARE = 0.95  # of the progress bar; saving and zipping fill the rest


def execute_refl_run(*, run_id: int, task_id: str) -> ReflRun | None:
    """Run `run_id` to the end in this process; returns the run when it succeeded."""
    cpu = use_cpu()
    with transaction.atomic():
        run = executors.claim(ReflRun, job_id=run_id, task_id=task_id, device=describe_device(cpu), fail=refl_runs.fail)
        if run is not None:
            _reset_progress(run)
            run.save()
    if run is None:
        log.info("ReFL run %s: nothing to do for task %s", run_id, task_id)
        return None
    tmp_root = Path(settings.CHECKPOINT_ROOT) / ".tmp"
    for leftover in tmp_root.glob(f"refl-{run.pk}-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # an earlier attempt's, whose worker is gone
    workdir = tmp_root / f"refl-{run.pk}-a{run.attempt}-{uuid.uuid4().hex[:8]}"
    inputs = workdir.with_name(f"{workdir.name}-inputs")  # not in workdir, which becomes the result
    reporter = ReflReporter(run, workdir)
    beat = executors.Heartbeat(run)
    beat.start()
    try:
        return _execute(run, reporter, workdir, inputs, cpu)
    except executors.RunLost as lost:
        log.warning("ReFL run %s: %s; stopping", run.pk, lost)
        return None
    except Exception as exc:  # the run records it; the message is done with (no Celery retry)
        log.exception("ReFL run %s failed", run.pk)
        reporter.line(f"error: {type(exc).__name__}: {exc}")
        detail = "" if isinstance(exc, ReflSetupError) else f"\n\n{traceback.format_exc(limit=20)}"
        refl_runs.fail_run(run=run, error=f"{type(exc).__name__}: {exc}{detail}")
        return None
    finally:
        beat.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(inputs, ignore_errors=True)


def _reset_progress(run: ReflRun) -> None:
    run.phase = "setup"
    run.step = run.total_steps = 0
    run.reward_loss_history = []
    run.train_reward_history = []
    run.pretrain_loss_history = []
    run.eval_reward_history = []
    run.result = {}


def _execute(run: ReflRun, reporter: "ReflReporter", workdir: Path, inputs: Path, cpu: bool) -> ReflRun:
    started = time.monotonic()
    problems = check_pipeline(run.pipeline) + check_refl_options(run.options)
    if problems:
        raise ReflSetupError("; ".join(f"{p.field}: {p.message}" for p in problems))
    bundle = run.bundle
    if bundle.status != BundleStatus.READY:  # built again since the request, and not (yet) ready
        raise ReflSetupError(f"the ReFL bundle {bundle.pk} is {bundle.status}; start the run again once it is ready")
    bundle_path, pretrain = _local_inputs(bundle, inputs, pretrain=pretrain_weight(run.options) > 0)
    config = ReflConfig.from_dict({**run.options, "cpu": cpu})
    reporter.begin(config.to_dict())
    pairs = f"the best-ranked images of snapshot v{bundle.snapshot.version}" if pretrain else "none"
    reporter.line(f"pipeline {run.pipeline}, bundle {bundle_path.name}, pre-training pairs: {pairs}")

    result = train(
        config,
        bundle=bundle_path,
        pipeline=pipeline_folder(run.pipeline),
        out=workdir,
        pretrain_data=pretrain,
        on_progress=reporter.on_progress,
    )
    timings = {"training": round(time.monotonic() - started, 3)}
    reporter.phase("saving", TRAINING_SHARE)
    reporter.read_evaluations()

    final = refl_runs.result_folder(run)
    final.parent.mkdir(parents=True, exist_ok=True)
    for earlier in (final, final.with_suffix(".zip")):  # an attempt that died after its rename
        if earlier.is_dir():
            shutil.rmtree(earlier)
        elif earlier.exists():
            earlier.unlink()
    os.replace(workdir, final)  # one rename: the result appears whole or not at all
    zipped = final.with_suffix(".zip")
    write_archive(final, zipped, prefix=final.name)
    sha256, size = hash_file(zipped)
    root = Path(settings.CHECKPOINT_ROOT)
    files = relative_files(final)
    if checkpoints.in_bucket_mode():
        with storage_errors():
            publish(
                export_root=root,
                folder=final,
                archive=zipped,
                files={path: dict(zip(("sha256", "bytes"), hash_file(final / path))) for path in files},
                archive_entry={"sha256": sha256, "bytes": size},
                storage=checkpoints.checkpoints_storage(),
            )
    outcome = {
        "folder": final.relative_to(root).as_posix(),
        "mode": result["mode"],
        "files": files,
        "archive": {"path": zipped.relative_to(root).as_posix(), "name": zipped.name, "sha256": sha256, "bytes": size},
        "initial_mean_reward": result["initial_mean_reward"],
        "final_mean_reward": result["final_mean_reward"],
    }
    timings["total"] = round(time.monotonic() - started, 3)
    reporter.line(
        f"done: held-out mean reward {_round(result['initial_mean_reward'])} -> {_round(result['final_mean_reward'])}"
    )
    return _finish(run, reporter, outcome, timings)


def _local_inputs(bundle: ReflBundleBuild, inputs: Path, *, pretrain: bool) -> tuple[Path, Path | None]:
    """The bundle and (when wanted) the pre-training data, its snapshot in the reference format,
    as local paths: where they are under EXPORT_ROOT, or fetched from the bucket into `inputs`
    (the zips, each checked against its sha256; the snapshot's unpacked)."""
    snapshot = bundle.snapshot
    if not exports_in_bucket():
        archive = Path(settings.EXPORT_ROOT) / bundle.result["archive"]["path"]
        bundle_path = archive.with_suffix("") if archive.with_suffix("").is_dir() else archive
        return bundle_path, snapshot_dir(snapshot) if pretrain else None
    storage = exports_storage()
    archive = bundle.result["archive"]
    bundle_path = inputs / archive["name"]
    wanted = {archive["path"]: (bundle_path, archive["sha256"], archive["bytes"])}
    if pretrain:
        entry = snapshot.manifest["archive"]
        wanted[snapshot.archive_path] = (inputs / "snapshot.zip", entry["sha256"], entry["bytes"])
    with storage_errors():
        transfers.download_many(storage, wanted)
    if not pretrain:
        return bundle_path, None
    with zipfile.ZipFile(inputs / "snapshot.zip") as zipped:
        zipped.extractall(inputs / "snapshot")  # our own archive, and its sha256 checked
    (inputs / "snapshot.zip").unlink()
    (top,) = (inputs / "snapshot").iterdir()  # the archive's one folder, <slug>-v<version>
    return bundle_path, top


def _finish(run: ReflRun, reporter: "ReflReporter", outcome: dict, timings: dict) -> ReflRun:
    now = timezone.now()
    with transaction.atomic():
        owned = executors.owned_for_update(run)
        for name in reporter.CURVES + ("step", "total_steps", "log_lines", "config"):
            setattr(owned, name, getattr(run, name))
        owned.state = RunState.SUCCEEDED
        owned.phase = "done"
        owned.progress = 1.0
        owned.result = outcome
        owned.finished_at = owned.heartbeat_at = now
        owned.timings = {**owned.timings, **timings}
        owned.save()
    return owned


def _round(value):
    return None if value is None else round(float(value), 4)


class ReflReporter:
    """Turns the trainer's progress callbacks into the run's fields, written at most once a
    second (every evaluation and phase change at once)."""

    CURVES = ("reward_loss_history", "train_reward_history", "pretrain_loss_history", "eval_reward_history")

    def __init__(self, run: ReflRun, out: Path):
        self.run, self.out = run, out
        self.last_write = 0.0
        self.pending: set[str] = set()

    def _write(self, fields: list[str], *, force: bool = False) -> None:
        # What a skipped write changed stays in `pending` and goes with the next one.
        self.pending.update(fields)
        now = time.monotonic()
        if force or now - self.last_write >= 1.0:
            executors.save_progress(job=self.run, fields=sorted(self.pending))
            self.pending.clear()
            self.last_write = now

    def line(self, text: str) -> None:
        self.run.log_lines = executors.with_line(self.run.log_lines, text)
        self._write(["log_lines"], force=True)

    def phase(self, name: str, progress: float) -> None:
        self.run.phase, self.run.progress = name, progress
        self._write(["phase", "progress"], force=True)

    def begin(self, config: dict) -> None:
        self.run.config = config
        self.run.phase = "training"
        self.run.total_steps = config["steps"]
        self._write(["config", "phase", "total_steps"], force=True)

    def read_evaluations(self) -> None:
        """The held-out mean rewards so far, from the trainer's metrics.json (the one before
        training is written there, before the first step's callback)."""
        try:
            evaluations = json.loads((self.out / "metrics.json").read_text(encoding="utf-8"))["evaluations"]
        except (OSError, ValueError, KeyError):
            return
        self.run.eval_reward_history = [
            [e["step"], round(e["mean_reward"], 6)] for e in evaluations if e.get("mean_reward") is not None
        ][-CURVE_POINTS_KEPT:]
        self.pending.add("eval_reward_history")

    def on_progress(self, event: dict) -> None:
        run = self.run
        run.step = event["step"]
        run.total_steps = event["total_steps"]
        run.progress = min(TRAINING_SHARE, TRAINING_SHARE * run.step / max(run.total_steps, 1))
        for name, key in (
            ("reward_loss_history", "reward_loss"),
            ("train_reward_history", "train_reward"),
            ("pretrain_loss_history", "pretrain_loss"),
        ):
            if event.get(key) is not None:
                setattr(run, name, _appended(getattr(run, name), run.step, event[key]))
        fields = ["step", "total_steps", "progress", *self.CURVES[:3]]
        first = run.step == 1  # the evaluation before training is in metrics.json by now
        evaluated = event.get("mean_reward") is not None
        if first or evaluated:
            self.read_evaluations()
        if evaluated:
            run.log_lines = executors.with_line(
                run.log_lines, f"step {run.step}/{run.total_steps}: held-out mean reward {_round(event['mean_reward'])}"
            )
            fields.append("log_lines")
        self._write(fields, force=first or evaluated or run.step == run.total_steps)


def _appended(curve: list, step: int, value) -> list:
    curve = list(curve) + [[step, round(float(value), 6)]]
    if len(curve) > CURVE_POINTS_KEPT:
        curve = curve[::2]  # the whole curve at half the resolution
    return curve
