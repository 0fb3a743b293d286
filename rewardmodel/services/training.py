"""Executing a training run: what a `gpu` worker does with a run id.

1. claim the run (services/runs.py: queued -> running, or the next attempt after a lost worker);
2. read the data: every trainable annotation up to a cutoff, split by the project's fixed
   held-out rule; the version row records exactly which annotations and how they were split;
3. train with `rewardmodel.core.train` into a temporary directory under CHECKPOINT_ROOT/.tmp,
   writing progress (epoch, step, loss, validation) to the run as it goes, a heartbeat from a
   thread all along (images in a bucket are fetched first, STORAGE_TRANSFER_CONCURRENCY at once);
4. commit the checkpoint (rewardmodel/checkpoints.py): one rename into CHECKPOINT_ROOT, or with
   a bucket every file uploaded and checked, then its manifest (a reader never sees half a
   checkpoint);
5. evaluate the new version, and production, on the same held-out groups;
6. in one transaction: version ready, run succeeded, the project's promotion rule applied.
Any error marks the run and its version failed; production changes only in step 6."""

import logging
import shutil
import socket
import time
import traceback
import uuid
from pathlib import Path

import torch
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from config import transfers
from config.storage import in_bucket, storage_errors

from .. import checkpoints, dispatch, selectors, webhooks
from ..core.checkpoint import load_checkpoint
from ..core.data import RankedGroup
from ..core.evaluate import evaluate
from ..core.train import train
from ..models import ModelVersion, RunState, TrainingRun, VersionStatus
from ..selectors import AnnotationRanking
from ..split import Split, split_rankings
from ..training_options import train_config
from . import promotion, runs
from .executors import Heartbeat
from .loop_settings import model_settings_for

log = logging.getLogger(__name__)

LOSS_POINTS_KEPT = 500
TRAINING_SHARE = 0.9  # of the progress bar; evaluation fills the rest


class NoTrainingData(Exception):
    pass


def execute_run(*, run_id: int, task_id: str) -> ModelVersion | None:
    """Run `run_id` to the end in this process; returns the version when it became ready."""
    cpu = use_cpu()
    run = runs.claim_run(run_id=run_id, task_id=task_id, device=describe_device(cpu))
    if run is None:
        log.info("training run %s: nothing to do for task %s", run_id, task_id)
        return None
    tmp_root = Path(settings.CHECKPOINT_ROOT) / ".tmp"
    for leftover in tmp_root.glob(f"run-{run.pk}-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # an earlier attempt's, whose worker is gone
    workdir = tmp_root / f"run-{run.pk}-a{run.attempt}-{uuid.uuid4().hex[:8]}"
    reporter = Reporter(run)
    beat = Heartbeat(run)
    beat.start()
    try:
        return _execute(run, reporter, workdir, cpu)
    except runs.RunLost as lost:
        log.warning("training run %s: %s; stopping", run.pk, lost)
        return None
    except Exception as exc:  # the run records it; the message is done with (no Celery retry)
        log.exception("training run %s failed", run.pk)
        reporter.line(f"error: {type(exc).__name__}: {exc}")
        runs.fail_run(run=run, error=f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc(limit=20)}")
        return None
    finally:
        beat.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def _execute(run: TrainingRun, reporter: "Reporter", workdir: Path, cpu: bool) -> ModelVersion:
    started = time.monotonic()
    version, split = prepare_version(run=run)
    counts = version.counts
    reporter.line(
        f"data: {counts['annotations']} annotations, {counts['train_pairs']} training pairs, "
        f"{counts['valid_pairs']} validation pairs, {counts['held_out_pairs']} held-out pairs (version {version.number})"
    )
    if not counts["train_pairs"]:
        raise NoTrainingData("no non-tied training pair yet: nothing to train on")
    workdir.mkdir(parents=True, exist_ok=True)
    images = local_images(
        {name for part in (split.train, split.valid, split.held_out) for group in part for name in group.image_files},
        workdir,
    )
    data = {"train": core_groups(split.train, images), "valid": core_groups(split.valid, images)}
    held_out = core_groups(split.held_out, images)
    timings = {"data": round(time.monotonic() - started, 3)}

    loop = model_settings_for(run.project)
    parent = version.parent
    warm = loop.warm_start and parent is not None and parent.preset == run.preset and parent.checkpoint_path
    cfg = train_config(
        preset=run.preset,
        options=loop.training_options,
        cpu=cpu,
        init_checkpoint=str(checkpoints.local_checkpoint(parent.checkpoint_path)) if warm else None,
    )
    reporter.begin_training(cfg.to_dict())
    mark = time.monotonic()
    result = train(cfg, data, workdir / "checkpoint", on_progress=reporter.on_progress)
    timings["training"] = round(time.monotonic() - mark, 3)
    reporter.line(
        f"trained: best epoch {result['best_epoch']}, best validation loss {result['best_val_loss']}, "
        f"{result['total_steps']} steps from {result['origin']}"
    )

    name = f"project-{run.project_id}/v{version.number}-run{run.pk}-a{run.attempt}"
    final = checkpoints.commit_checkpoint(folder=workdir / "checkpoint", name=name)
    training_summary = {
        key: result[key]
        for key in ("origin", "lr", "total_steps", "best_step", "best_epoch", "best_val_loss", "seconds", "history")
    }
    version = start_evaluation(run=run, version=version, checkpoint=name, training=training_summary)
    reporter.phase("evaluation", TRAINING_SHARE)

    mark = time.monotonic()
    device = "cpu" if cpu else ("cuda" if torch.cuda.is_available() else "cpu")
    metrics = held_out_metrics(final, held_out, device)
    production = selectors.production_version(run.project)
    comparison = {"production": None}
    if production is not None:
        try:
            baseline = held_out_metrics(checkpoints.local_checkpoint(production.checkpoint_path), held_out, device)
            comparison = {"production": {"id": production.pk, "number": production.number, **_headline(baseline)}}
        except Exception as exc:  # a broken production checkpoint must not block its replacement
            comparison = {"production": {"id": production.pk, "number": production.number, "error": str(exc)}}
    timings["evaluation"] = round(time.monotonic() - mark, 3)
    timings["total"] = round(time.monotonic() - started, 3)
    accuracy = metrics.get("preference_accuracy")
    reporter.line(
        f"held-out accuracy {accuracy if accuracy is None else round(accuracy, 4)} on {metrics.get('n_pairs', 0)} pairs"
    )
    return finish_run(
        run=run,
        reporter=reporter,
        version=version,
        metrics={**metrics, "training": training_summary},
        comparison=comparison,
        timings=timings,
    )


def _headline(report: dict) -> dict:
    return {
        key: report.get(key) for key in ("preference_accuracy", "preference_accuracy_per_prompt", "loss", "n_pairs")
    }


def held_out_metrics(checkpoint: Path, groups, device: str) -> dict:
    """`rewardmodel.core.evaluate` of a checkpoint on the held-out groups."""
    if not groups:
        return {"preference_accuracy": None, "n_pairs": 0, "n_groups": 0, "note": "no held-out groups yet"}
    model = load_checkpoint(checkpoint, device=device)
    try:
        return evaluate(model, groups)
    finally:
        del model
        if device.startswith("cuda"):
            torch.cuda.empty_cache()


def local_images(names: set[str], workdir: Path) -> dict[str, Path]:
    """A local path of each stored image: the file itself on a filesystem storage, else a copy in
    `workdir` (a bucket, on a GPU worker of another host), all of the run's fetched before
    training, STORAGE_TRANSFER_CONCURRENCY at a time."""
    if not in_bucket(default_storage):
        return {name: Path(default_storage.path(name)) for name in names}
    paths = {name: workdir / "images" / name for name in sorted(names)}
    with storage_errors():
        transfers.download_many(default_storage, {name: (path, None, None) for name, path in paths.items()})
    return paths


def core_groups(ranked: list[AnnotationRanking], images: dict[str, Path]) -> list[RankedGroup]:
    """The library's groups (id = annotation id, images as local paths)."""
    return [
        RankedGroup(
            id=str(group.annotation_id),
            prompt=group.prompt,
            images=tuple(images[name] for name in group.image_files),
            ranking=group.ranking,
        )
        for group in ranked
    ]


# -- the writes of a run's phases (each one transaction, each refused to a lost executor) ------


def prepare_version(*, run: TrainingRun) -> tuple[ModelVersion, Split]:
    """Read the run's data (up to its cutoff, fixed at the first attempt) and record it on the
    run's version, made here with the next number (or reused by a later attempt)."""
    project = run.project
    loop = model_settings_for(project)
    cutoff = run.data_cutoff or timezone.now()
    # Read before the write transaction: on SQLite that one locks out every other writer.
    ranked = selectors.ranked_annotations(project, until=cutoff)
    split = split_rankings(ranked, salt=loop.held_out_salt, held_out_fraction=loop.held_out_fraction)
    counts, split_info = split.summary(salt=loop.held_out_salt, held_out_fraction=loop.held_out_fraction)
    with transaction.atomic():
        owned = runs.owned_for_update(run)
        version = ModelVersion.objects.filter(run=owned).first()
        if version is None:
            version = ModelVersion(
                project=project,
                run=owned,
                number=selectors.next_version_number(project),
                preset=owned.preset,
                parent=selectors.production_version(project),
            )
        version.status = VersionStatus.TRAINING
        version.checkpoint_path = ""
        version.annotation_ids = [g.annotation_id for g in ranked]
        version.counts = counts
        version.split = split_info
        version.metrics = {}
        version.comparison = {}
        version.save()
        owned.data_cutoff = cutoff
        owned.phase = "data"
        owned.save(update_fields=["data_cutoff", "phase"])
        run.data_cutoff = cutoff
    return version, split


def start_evaluation(*, run: TrainingRun, version: ModelVersion, checkpoint: str, training: dict) -> ModelVersion:
    """Record the committed checkpoint `checkpoint` (its name: a path under CHECKPOINT_ROOT, or
    in the bucket) on the version, now evaluating."""
    with transaction.atomic():
        runs.owned_for_update(run)
        version.checkpoint_path = checkpoint
        version.status = VersionStatus.EVALUATING
        version.metrics = {"training": training}
        version.save(update_fields=["checkpoint_path", "status", "metrics"])
    # An earlier attempt may have put its checkpoint in place (or half of it in the bucket) and
    # died before recording it.
    checkpoints.remove_attempts(
        parent=f"project-{run.project_id}", stem=f"v{version.number}-run{run.pk}-a", keep=checkpoint
    )
    return version


def finish_run(
    *, run: TrainingRun, reporter: "Reporter", version: ModelVersion, metrics: dict, comparison: dict, timings: dict
) -> ModelVersion:
    """Version ready, run succeeded and the promotion rule applied, together."""
    loop = model_settings_for(run.project)
    promote, note = promotion.promotion_verdict(
        rule=loop.promotion_rule,
        tolerance=loop.promotion_tolerance,
        candidate=metrics,
        production=None
        if comparison["production"] is None or "error" in comparison["production"]
        else comparison["production"],
    )
    reporter.line(("promoted: " if promote else "kept as a candidate: ") + note)
    now = timezone.now()
    with transaction.atomic():
        owned = runs.owned_for_update(run)
        version.status = VersionStatus.READY
        version.metrics = metrics
        version.comparison = comparison
        version.ready_at = now
        version.save(update_fields=["status", "metrics", "comparison", "ready_at"])
        owned.state = RunState.SUCCEEDED
        owned.phase = "done"
        owned.progress = 1.0
        owned.finished_at = now
        owned.heartbeat_at = now
        owned.timings = {**owned.timings, **timings}
        owned.log_lines = reporter.run.log_lines
        owned.save()
        webhooks.version_ready(version)
        promotion.apply_promotion_rule(version=version, promote=promote, note=note)
    if promote and loop.order_queue_by_uncertainty:
        transaction.on_commit(lambda: dispatch.enqueue_prescoring(run.project_id), robust=True)
    version.refresh_from_db()
    return version


# -- progress and liveness ----------------------------------------------------------------------


class Reporter:
    """Turns the trainer's progress callbacks into the run's fields, written at most once a
    second (every phase change and validation at once)."""

    def __init__(self, run: TrainingRun):
        self.run = run
        self.last_write = 0.0
        self.pending: set[str] = set()  # fields changed in memory and not written yet

    def _write(self, fields: list[str], *, force: bool = False) -> None:
        # Writes are throttled to one a second; what a skipped write changed is kept in
        # `pending` and goes with the next one, so the last loss point is never dropped.
        self.pending.update(fields)
        now = time.monotonic()
        if force or now - self.last_write >= 1.0:
            runs.save_progress(run=self.run, fields=sorted(self.pending))
            self.pending.clear()
            self.last_write = now

    def line(self, text: str) -> None:
        self.run.log_lines = (list(self.run.log_lines) + [f"{timezone.now():%H:%M:%S} {text}"])[-runs.LOG_LINES_KEPT :]
        self._write(["log_lines"], force=True)

    def phase(self, name: str, progress: float) -> None:
        self.run.phase = name
        self.run.progress = progress
        self._write(["phase", "progress"], force=True)

    def begin_training(self, config: dict) -> None:
        self.run.config = config
        self.run.phase = "training"
        self._write(["config", "phase"], force=True)

    def on_progress(self, event: dict) -> None:
        run = self.run
        run.epoch = event.get("epoch") or 0
        run.step = event.get("step") or 0
        run.total_steps = event.get("total_steps") or 0
        if run.total_steps:
            run.progress = min(TRAINING_SHARE, TRAINING_SHARE * run.step / run.total_steps)
        fields = ["epoch", "step", "total_steps", "progress"]
        phase = event.get("phase")
        if phase == "train" and event.get("loss") is not None:
            run.loss = float(event["loss"])
            history = list(run.loss_history) + [[run.step, round(run.loss, 6)]]
            if len(history) > LOSS_POINTS_KEPT:
                history = history[::2]  # keep the whole curve at half the resolution
            run.loss_history = history
            fields += ["loss", "loss_history"]
            self._write(fields)
        elif phase == "eval":
            accuracy = event.get("val_accuracy")
            self.run.log_lines = (
                list(run.log_lines)
                + [
                    f"{timezone.now():%H:%M:%S} epoch {run.epoch} step {run.step}/{run.total_steps}: validation loss "
                    f"{_round(event.get('val_loss'))}, accuracy {_round(accuracy)}"
                ]
            )[-runs.LOG_LINES_KEPT :]
            self._write(fields + ["log_lines"], force=True)
        else:
            self._write(fields, force=phase == "done")


def _round(value):
    return None if value is None else round(float(value), 4)


def use_cpu() -> bool:
    wanted = settings.REWARD_MODEL_DEVICE
    if wanted:
        return not wanted.startswith("cuda")
    return not torch.cuda.is_available()


def describe_device(cpu: bool) -> str:
    if not cpu and torch.cuda.is_available():
        index = torch.cuda.current_device()
        return f"cuda:{index} ({torch.cuda.get_device_name(index)})"
    return f"cpu ({torch.get_num_threads()} threads) on {socket.gethostname()}"
