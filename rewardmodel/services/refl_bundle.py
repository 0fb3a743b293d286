"""The ReFL bundle: what a researcher needs to fine-tune a generator with a reward model of this
platform (ImageReward, section 5): a dataset snapshot's training prompts (`refl_data.json`) and
a reward-model checkpoint, with a README that says how to use them.

It joins the two apps (`annotation` never imports `rewardmodel`), so it is assembled
here, from a snapshot made by `annotation.services.exports` and a checkpoint directory of
`rewardmodel.core`'s format:

    EXPORT_ROOT/projects/<project id>/refl/<name>/
        refl_data.json      the snapshot's file, byte for byte (its sha256 is checked first)
        reward_model/       the checkpoint: model.safetensors, config.json, tokenizer files
        README.md           how to use both
        SHA256SUMS          every other file's sha256
    EXPORT_ROOT/projects/<project id>/refl/<name>.zip   the same, one deterministic archive

Files are hard-linked where the file system allows (a large checkpoint is not copied) and
copied otherwise. The same snapshot and checkpoint always give the same bytes.

With a bucket (STORAGE_URL) the inputs come from it (refl_data.json checked against the
snapshot's manifest, the checkpoint through the checkpoint cache), the bundle is assembled on
this machine as above and then published like a snapshot (annotation/exports/bucket.py: uploaded
under the same names, checked against its checksums, the local copy removed); downloads are
presigned URLs.

Over the API a bundle is built by a Celery task (`request_refl_bundle`, then
`build_requested_bundle` on a worker); its `ReflBundleBuild` row records the state and the
result, and lets one build of a bundle run at a time."""

import json
import logging
import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from annotation.errors import Conflict, Problem, Refused
from annotation.exports.bucket import Download, exports_in_bucket, exports_storage, publish, published_download
from annotation.exports.files import hash_file, relative_files, write_archive, write_checksums
from annotation.models import DatasetSnapshot, SnapshotStatus
from annotation.services.exports import snapshot_dir, snapshot_folder
from config import transfers
from config.storage import storage_errors

from .. import checkpoints, dispatch
from ..core.checkpoint_format import CheckpointError, read_checkpoint_config
from ..models import BundleStatus, ModelVersion, ReflBundleBuild, VersionStatus
from ..selectors import refl_bundle_name, refl_bundle_root

log = logging.getLogger(__name__)

CHECKPOINT_FOLDER = "reward_model"


@dataclass(frozen=True)
class ReflBundle:
    name: str
    folder: Path
    archive: Path
    prompts: int
    files: dict  # path -> {"sha256", "bytes"}, every file but SHA256SUMS's own entry is in it
    archive_sha256: str
    archive_bytes: int


def build_refl_bundle(
    *, snapshot: DatasetSnapshot, checkpoint_dir, model_label: str, out_root: Path | None = None
) -> ReflBundle:
    """Assemble the bundle of `snapshot`'s refl_data.json and the checkpoint in `checkpoint_dir`
    (`model_label` names it, e.g. "v3"). Refused (4xx) when the snapshot has no ReFL prompts or
    the directory is not a reward-model checkpoint."""
    with _checked_prompts(snapshot) as prompts_file:
        bundle = _assemble(
            snapshot=snapshot,
            prompts_file=prompts_file,
            checkpoint_dir=checkpoint_dir,
            model_label=model_label,
            out_root=out_root,
        )
    if exports_in_bucket() and out_root is None:
        with storage_errors():
            publish(
                export_root=Path(settings.EXPORT_ROOT),
                folder=bundle.folder,
                archive=bundle.archive,
                files=bundle.files,
                archive_entry={"sha256": bundle.archive_sha256, "bytes": bundle.archive_bytes},
            )
    return bundle


def _assemble(
    *, snapshot: DatasetSnapshot, prompts_file: Path, checkpoint_dir, model_label: str, out_root: Path | None
) -> ReflBundle:
    checkpoint_dir = Path(checkpoint_dir)
    try:
        config = read_checkpoint_config(checkpoint_dir)
    except CheckpointError as exc:
        raise Refused(Problem("model_version", "checkpoint", str(exc)), detail=f"ReFL bundle refused: {exc}.") from exc

    name = refl_bundle_name(snapshot, model_label)
    root = out_root or refl_bundle_root(snapshot)
    root.mkdir(parents=True, exist_ok=True)
    final = root / name
    scratch = root / f".{name}.{uuid.uuid4().hex}"
    try:
        scratch.mkdir()
        _place(prompts_file, scratch / "refl_data.json")
        for path in relative_files(checkpoint_dir):
            if path.endswith(".tmp"):  # a save in progress, not part of the checkpoint
                continue
            (scratch / CHECKPOINT_FOLDER / path).parent.mkdir(parents=True, exist_ok=True)
            _place(checkpoint_dir / path, scratch / CHECKPOINT_FOLDER / path)
        with open(prompts_file, encoding="utf-8") as f:
            prompts = len(json.load(f))
        (scratch / "README.md").write_text(
            _readme(snapshot=snapshot, model_label=model_label, config=config, prompts=prompts), encoding="utf-8"
        )
        files = write_checksums(scratch)
        if final.exists():
            old = root / f".{name}.old.{uuid.uuid4().hex}"
            final.rename(old)
            scratch.rename(final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            scratch.rename(final)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    archive = root / f"{name}.zip"
    write_archive(final, archive, prefix=name)
    archive_sha256, archive_bytes = hash_file(archive)
    return ReflBundle(name, final, archive, prompts, files, archive_sha256, archive_bytes)


def build_refl_bundle_for_version(*, snapshot: DatasetSnapshot, version: ModelVersion) -> ReflBundle:
    """The bundle of a snapshot and a ready model version of the same project."""
    problems = []
    if version.project_id != snapshot.project_id:
        problems.append(Problem("model_version", "other_project", "the model version belongs to another project"))
    elif version.status != VersionStatus.READY or not version.checkpoint_path:
        problems.append(
            Problem(
                "model_version",
                "not_ready",
                f"model version v{version.number} is {version.status}, its checkpoint is not ready",
            )
        )
    if problems:
        raise Refused(problems, detail="ReFL bundle refused: " + "; ".join(p.message for p in problems) + ".")
    return build_refl_bundle(
        snapshot=snapshot,
        checkpoint_dir=checkpoints.local_checkpoint(version.checkpoint_path),
        model_label=f"v{version.number}",
    )


@contextmanager
def _checked_prompts(snapshot: DatasetSnapshot):
    """The snapshot's refl_data.json as a local file checked against its manifest, inside the
    block (from a bucket: a copy, removed afterwards)."""
    if "refl_data" not in snapshot.formats:
        raise Refused(
            Problem("snapshot", "no_refl_data", f"snapshot v{snapshot.version} was exported without refl_data"),
            detail=f"ReFL bundle refused: snapshot v{snapshot.version} has no refl_data.json "
            "(create a snapshot with the refl_data format).",
        )
    if snapshot.status != SnapshotStatus.READY:
        raise Conflict(
            Problem("snapshot", "not_ready", f"snapshot v{snapshot.version} is {snapshot.status}"),
            detail=f"Snapshot v{snapshot.version} is {snapshot.status}; build the bundle when it is ready.",
        )
    expected = snapshot.manifest.get("files", {}).get("refl_data.json", {})
    changed = Conflict(
        Problem("snapshot", "files_changed", "refl_data.json is missing or differs from the manifest"),
        detail=f"refl_data.json of snapshot v{snapshot.version} is missing or changed; export it again.",
    )
    if not exports_in_bucket():
        path = snapshot_dir(snapshot) / "refl_data.json"
        if not path.is_file() or hash_file(path) != (expected.get("sha256"), expected.get("bytes")):
            raise changed
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="refl-data-") as scratch:
        path = Path(scratch) / "refl_data.json"
        try:
            with storage_errors():
                transfers.download(
                    exports_storage(),
                    f"{snapshot_folder(snapshot)}/refl_data.json",
                    path,
                    sha256=expected.get("sha256"),
                    size=expected.get("bytes"),
                )
        except (transfers.TransferMismatch, FileNotFoundError):
            raise changed from None
        yield path


def _place(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _readme(*, snapshot: DatasetSnapshot, model_label: str, config: dict, prompts: int) -> str:
    model = config.get("model", {})
    options = snapshot.options or {}
    selection = []
    if options.get("refl_categories"):
        selection.append(f"categories {', '.join(options['refl_categories'])}")
    if options.get("refl_exclude_prompt_flags"):
        selection.append(f"without prompts flagged {', '.join(options['refl_exclude_prompt_flags'])}")
    return "\n".join(
        [
            f"# ReFL bundle: {snapshot.project.name}, snapshot v{snapshot.version}, reward model {model_label}",
            "",
            f"- `refl_data.json`: {prompts} training prompts of dataset snapshot v{snapshot.version} (its train split"
            + (f"; {'; '.join(selection)}" if selection else "")
            + '), `[{"text": prompt, "image": group id}]`.',
            f"- `{CHECKPOINT_FOLDER}/`: reward model {model_label} (preset `{config.get('preset', '')}`, "
            f"image size {model.get('image_size', '?')}), a checkpoint of `rewardmodel.core`: `model.safetensors`, "
            "`config.json` (architecture and the score normalisation), the tokenizer files.",
            "- `SHA256SUMS`: check the files with `sha256sum -c SHA256SUMS`.",
            "",
            "## The prompts",
            "",
            'ImageReward\'s ReFL script reads this file as is: `ReFL.Trainer("CompVis/stable-diffusion-v1-4", '
            '"refl_data.json", args=args)` (caption column `text`).',
            "",
            "## The reward model",
            "",
            "```python",
            "from rewardmodel.core import load_checkpoint",
            "",
            f'reward_model = load_checkpoint("{CHECKPOINT_FOLDER}", device="cuda")',
            "reward_model.requires_grad_(False)  # frozen: gradients flow to the pixels only",
            "# pixels: (B, 3, H, W) floats in [0, 1], e.g. the VAE decoding of the predicted x0, mapped from [-1, 1]",
            "rewards = reward_model.reward(pixels, prompts)  # normalised like ImageReward's scores, differentiable",
            "loss = torch.relu(2.0 - rewards).mean() * 1e-3  # ReFL's hinge and grad scale (lambda)",
            "```",
            "",
            "`reward` resizes and normalises the pixels itself (a differentiable tensor path; scores differ slightly "
            "from the PIL path of `score`, which matches the reference preprocessing). In ImageReward's `ReFL.py`, "
            'this replaces `RM.load("ImageReward-v1.0")` and the call to `score_gard(...)`.',
            "",
            "ReFL as published alternates the reward loss with the ordinary denoising loss on real image-text pairs; "
            "without it the generator drifts (users of the reference report worse images). Keep both: sample 40 steps, "
            "pick t in [30, 39], run the first t steps without gradient and one with, decode the predicted x0, score it.",
            "",
        ]
    )


# --- building in the background ------------------------------------------------------------------


def request_refl_bundle(*, snapshot: DatasetSnapshot, version: ModelVersion) -> ReflBundleBuild:
    """Check the pair now (the same 4xx as a build) and queue the bundle's build, which a Celery
    task runs (`build_requested_bundle`). A build already queued or running is returned as it is
    (one build at a time per bundle), unless it has been silent for EXPORT_STALE_SECONDS (its
    worker is gone): then it is queued again."""
    _check_request(snapshot, version)
    now = timezone.now()
    with transaction.atomic():
        build, created = ReflBundleBuild.objects.get_or_create(
            snapshot=snapshot, version=version, defaults={"project_id": snapshot.project_id}
        )
        build = ReflBundleBuild.objects.select_for_update().get(pk=build.pk)
        alive = now - build.heartbeat_at < timedelta(seconds=settings.EXPORT_STALE_SECONDS)
        if not created and build.status in (BundleStatus.PENDING, BundleStatus.BUILDING) and alive:
            return build
        build.status = BundleStatus.PENDING
        build.error = ""
        build.requested_at = build.heartbeat_at = now
        build.finished_at = None
        build.save(update_fields=["status", "error", "requested_at", "heartbeat_at", "finished_at"])
        build_id = build.pk
        # robust: a broker that is down leaves the build pending; asking again after
        # EXPORT_STALE_SECONDS queues it again.
        transaction.on_commit(lambda: dispatch.enqueue_refl_bundle_build(build_id), robust=True)
    return build


def _check_request(snapshot: DatasetSnapshot, version: ModelVersion) -> None:
    if version.project_id != snapshot.project_id:
        problem = Problem("model_version", "other_project", "the model version belongs to another project")
    elif version.status != VersionStatus.READY or not version.checkpoint_path:
        problem = Problem(
            "model_version",
            "not_ready",
            f"model version v{version.number} is {version.status}, its checkpoint is not ready",
        )
    else:
        with _checked_prompts(snapshot):
            return
    raise Refused(problem, detail=f"ReFL bundle refused: {problem.message}.")


def build_requested_bundle(*, build_id: int) -> ReflBundleBuild | None:
    """The task's body: take the build (pending -> building), build the bundle with temporary
    names of its own, record the result or the error. None when there was nothing to take (a
    duplicate message, or another worker has it)."""
    now = timezone.now()
    taken = ReflBundleBuild.objects.filter(pk=build_id, status=BundleStatus.PENDING).update(
        status=BundleStatus.BUILDING, heartbeat_at=now
    )
    if not taken:
        return None
    build = ReflBundleBuild.objects.select_related("snapshot__project", "version").get(pk=build_id)
    try:
        bundle = build_refl_bundle_for_version(snapshot=build.snapshot, version=build.version)
    except Exception as exc:
        log.exception("ReFL bundle %s failed", build_id)
        message = exc.detail if isinstance(exc, Refused) else f"{type(exc).__name__}: {exc}"
        _finish(build, status=BundleStatus.FAILED, error=message)
        return build
    archive = {
        "name": bundle.archive.name,
        "sha256": bundle.archive_sha256,
        "bytes": bundle.archive_bytes,
        "path": bundle.archive.relative_to(Path(settings.EXPORT_ROOT)).as_posix(),
    }
    _finish(
        build,
        status=BundleStatus.READY,
        result={"name": bundle.name, "prompts": bundle.prompts, "files": bundle.files, "archive": archive},
    )
    return build


def _finish(build: ReflBundleBuild, **fields) -> None:
    fields.update(finished_at=timezone.now(), heartbeat_at=timezone.now())
    ReflBundleBuild.objects.filter(pk=build.pk, status=BundleStatus.BUILDING).update(**fields)
    for name, value in fields.items():
        setattr(build, name, value)


def ready_bundle_archive(*, project_id: int, snapshot_version: int, model_number: int) -> Download:
    """The zip of a built bundle, for download: the file, or its presigned URL in the bucket
    (Conflict when it was never built or is not ready)."""
    build = ReflBundleBuild.objects.filter(
        project_id=project_id,
        snapshot__version=snapshot_version,
        version__number=model_number,
        status=BundleStatus.READY,
    ).first()
    download = None
    if build is not None:
        archive = build.result["archive"]
        if exports_in_bucket():
            with storage_errors():
                download = published_download(archive["path"], filename=archive["name"])
        elif (Path(settings.EXPORT_ROOT) / archive["path"]).is_file():
            download = Download(filename=archive["name"], path=Path(settings.EXPORT_ROOT) / archive["path"])
    if download is None:
        raise Conflict(
            Problem("bundle", "not_built", "this bundle has not been built; POST it first"),
            detail="This ReFL bundle has not been built yet.",
        )
    return download
