"""Dataset snapshots: what researchers download.

`create_snapshot` checks a request (filters, split, formats, options; see exports/spec.py),
freezes the ids of the annotations it selects, numbers the snapshot (v1, v2, ... per project)
and queues its export, in one transaction; a bad request (a filter that matches nothing, a split
that does not add up, a held-out prompt the snapshot does not have) is refused and writes nothing.

`export_snapshot` (the Celery task's body, and the CLI's) writes the files under
EXPORT_ROOT/projects/<project id>/v<version>/ and a zip beside them, streaming one chunk of annotations
at a time, and records progress, counts and the manifest (sha256 of every file) on the snapshot.
What it writes is a function of the frozen annotations only: exporting the same snapshot again
gives byte-identical files and archive. It works in a scratch folder and moves the result into
place at the end, so a failed or repeated export never leaves half a snapshot where a finished
one was. With a bucket (STORAGE_URL), the finished folder and zip are then uploaded under the
same names of the `exports` storage and checked against the manifest (exports/bucket.py); the
snapshot is ready only once every object matches, and the local copy is removed.

`verify_snapshot` re-hashes a snapshot's files (or objects) against its manifest."""

import logging
import shutil
import time
import uuid
from datetime import timedelta
from pathlib import Path, PurePosixPath

import pyarrow
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from config.storage import storage_errors

from .. import dispatch
from ..errors import Conflict, Problem, Refused
from ..exports import datacard
from ..exports.bucket import Download, exports_in_bucket, publish, published_download, verify_published
from ..exports.files import ImageCopier, hash_file, project_folder, verify, write_archive, write_checksums
from ..exports.records import pair_labels, ranked_views
from ..exports.source import held_out_texts, iter_groups, prompt_keys
from ..exports.spec import DEFAULT_OPTIONS, SPLITS, normalise_request
from ..exports.split import FractionSplit, HeldOutSplit, normalise_prompt
from ..exports.writers import WRITERS
from ..models import Annotation, DatasetSnapshot, Project, Prompt, SnapshotStatus
from ..webhooks import outbox

log = logging.getLogger(__name__)

# Progress is written at most this often (seconds): a few UPDATEs per export, not one per group.
PROGRESS_INTERVAL = 0.5


class ExportFailed(Exception):
    pass


# --- creating a snapshot -------------------------------------------------------------------------


def create_snapshot(
    *, project: Project, created_by=None, filters=None, split=None, formats=None, options=None, enqueue=True
) -> DatasetSnapshot:
    """A new pending snapshot of `project` with its annotations frozen; its export is queued
    when the transaction commits (`enqueue=False`: the caller runs `export_snapshot` itself)."""
    request = normalise_request(project=project, filters=filters, split=split, formats=formats, options=options)
    with transaction.atomic():
        # Locking the project row numbers concurrent snapshots one after the other.
        Project.objects.select_for_update().filter(pk=project.pk).exists()
        selected = matching_annotations(project, request["filters"])
        annotation_ids = list(selected.order_by("group_id", "id").values_list("id", flat=True))
        if not annotation_ids:
            raise Refused(
                Problem("filters", "empty", f"no annotation of project {project.slug!r} matches these filters"),
                detail=f"Export refused: no annotation of project {project.slug!r} matches these filters.",
            )
        if request["split"]["method"] == "held_out":
            _check_held_out(project, selected, request["split"])
        version = (DatasetSnapshot.objects.filter(project=project).aggregate(v=Max("version"))["v"] or 0) + 1
        snapshot = DatasetSnapshot.objects.create(
            project=project,
            version=version,
            created_by=created_by,
            filters=request["filters"],
            split=request["split"],
            formats=request["formats"],
            options=request["options"],
            annotation_ids=annotation_ids,
        )
        if enqueue:
            dispatch.export_snapshot(snapshot.pk)
    return snapshot


def matching_annotations(project: Project, filters: dict):
    """The annotations a snapshot with these (canonical) filters selects."""
    selected = Annotation.objects.filter(project=project, status__in=filters["statuses"])
    if not filters["include_gold"]:
        selected = selected.filter(group__is_gold=False)
    if filters["date_from"]:
        selected = selected.filter(created_at__gte=parse_datetime(filters["date_from"]))
    if filters["date_to"]:
        selected = selected.filter(created_at__lte=parse_datetime(filters["date_to"]))
    if filters["annotators"]:
        selected = selected.filter(annotator_id__in=filters["annotators"])
    return selected


def _check_held_out(project: Project, selected, split: dict) -> None:
    """Every held-out prompt must be one of the snapshot's prompts: a fixed test set that
    silently lost members is how test sets get lost."""
    problems = []
    prompts = Prompt.objects.filter(project=project, groups__annotations__in=selected).distinct()
    for name in ("valid", "test"):
        entries = split.get(name, [])
        ids = [e for e in entries if not isinstance(e, str)]
        known_ids = set(prompts.filter(id__in=ids).values_list("id", flat=True))
        wanted = {normalise_prompt(e): e for e in entries if isinstance(e, str)}
        if wanted:
            found = set()
            for text in prompts.values_list("text", flat=True).iterator(chunk_size=2000):
                key = normalise_prompt(text)
                if key in wanted:
                    found.add(key)
        else:
            found = set()
        missing = [str(i) for i in ids if i not in known_ids] + [repr(wanted[k]) for k in wanted if k not in found]
        if missing:
            problems.append(
                Problem(
                    f"split.{name}",
                    "unknown_prompt",
                    f"not among the snapshot's prompts: {', '.join(missing[:10])}"
                    + (f" and {len(missing) - 10} more" if len(missing) > 10 else ""),
                )
            )
    valid, _ = held_out_texts(project.pk, split.get("valid", []))
    test, _ = held_out_texts(project.pk, split.get("test", []))
    both = sorted(valid & test)
    if both:
        problems.append(
            Problem(
                "split.test", "overlap", f"held out for both valid and test: {', '.join(repr(t) for t in both[:10])}"
            )
        )
    if problems:
        raise Refused(
            problems, detail="Export refused: " + "; ".join(f"{p.field}: {p.message}" for p in problems) + "."
        )


# --- exporting -----------------------------------------------------------------------------------


def snapshot_folder(snapshot: DatasetSnapshot) -> str:
    """The snapshot's folder relative to EXPORT_ROOT (or its name in the `exports` storage of a
    bucket): beside the archive its export recorded (the row is the source of truth, so
    snapshots exported under the old slug-named folders still read), or under the project's id
    for an export to come."""
    if snapshot.status == SnapshotStatus.READY and snapshot.archive_path:
        return (PurePosixPath(snapshot.archive_path).parent / f"v{snapshot.version}").as_posix()
    return project_folder(Path(""), snapshot.project_id).joinpath(f"v{snapshot.version}").as_posix()


def snapshot_dir(snapshot: DatasetSnapshot) -> Path:
    """The snapshot's folder on this machine (with a bucket: while it is being exported)."""
    return Path(settings.EXPORT_ROOT) / snapshot_folder(snapshot)


def archive_name(snapshot: DatasetSnapshot) -> str:
    return f"{snapshot.project.slug}-v{snapshot.version}.zip"


def export_snapshot(*, snapshot_id: int) -> DatasetSnapshot:
    """Write the snapshot's files and archive; mark it ready (or failed, with the reason, and
    raise ExportFailed)."""
    snapshot = DatasetSnapshot.objects.select_related("project").get(pk=snapshot_id)
    _set_state(snapshot, status=SnapshotStatus.RUNNING, progress=0.0, error="")
    final = snapshot_dir(snapshot)
    scratch = final.with_name(f".{final.name}.{uuid.uuid4().hex}")
    try:
        counts = _write_files(snapshot, scratch)
        files = write_checksums(scratch)
        _replace_dir(scratch, final)
        archive = final.parent / archive_name(snapshot)
        write_archive(final, archive, prefix=f"{snapshot.project.slug}-v{snapshot.version}")
        archive_sha256, archive_bytes = hash_file(archive)
        if exports_in_bucket():
            with storage_errors():  # a bucket error names the setting to check
                publish(
                    export_root=Path(settings.EXPORT_ROOT),
                    folder=final,
                    archive=archive,
                    files=files,
                    archive_entry={"sha256": archive_sha256, "bytes": archive_bytes},
                )
    except Exception as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        log.exception("export of snapshot %s failed", snapshot.pk)
        _set_state(
            snapshot, status=SnapshotStatus.FAILED, error=f"{type(exc).__name__}: {exc}", finished_at=timezone.now()
        )
        raise ExportFailed(str(exc)) from exc
    manifest = {
        "files": files,
        "images": {"count": counts["image_files"], "bytes": counts["image_bytes"]},
        "archive": {"name": archive.name, "sha256": archive_sha256, "bytes": archive_bytes},
    }
    counts = {k: v for k, v in counts.items() if k not in ("image_files", "image_bytes")}
    _set_state(
        snapshot,
        status=SnapshotStatus.READY,
        progress=1.0,
        counts=counts,
        manifest=manifest,
        archive_path=archive.relative_to(Path(settings.EXPORT_ROOT)).as_posix(),
        finished_at=timezone.now(),
    )
    return snapshot


def _write_files(snapshot: DatasetSnapshot, root: Path) -> dict:
    project = snapshot.project
    options = {**DEFAULT_OPTIONS, **snapshot.options}
    root.mkdir(parents=True)
    assign_split = _split_for(snapshot)
    writers = [WRITERS[fmt](root, dimensions=project.rating_dimensions, options=options) for fmt in snapshot.formats]
    needs_ranked = any(w.needs_ranked for w in writers)
    needs_pairs = any(w.needs_pairs for w in writers)
    # "embed" puts the images inside the Parquet files (the writers read them), not beside them.
    images = (
        ImageCopier(root, default_storage, options["images"], concurrency=settings.STORAGE_TRANSFER_CONCURRENCY)
        if options["images"] in ("copy", "link")
        else None
    )
    counts = _empty_counts()
    annotators = set()
    total = len(snapshot.annotation_ids)
    done = 0
    last_progress = time.monotonic()
    try:
        for group in iter_groups(snapshot.annotation_ids):
            split = assign_split(group.prompt_id, group.prompt)
            ranked = ranked_views(group, aggregation=options["aggregation"]) if needs_ranked else []
            pairs = pair_labels(group) if needs_pairs else None
            for writer in writers:
                writer.add(group, split, ranked, pairs)
            if images is not None:
                for image in group.images:
                    images.add(image.storage_name, image.path)
            _count(counts, split, group)
            annotators.update(j.annotator for j in group.judgments)
            done += len(group.judgments)
            if time.monotonic() - last_progress > PROGRESS_INTERVAL:
                _set_state(snapshot, progress=round(0.95 * done / total, 4))
                last_progress = time.monotonic()
    except BaseException:
        if images is not None:  # no fetch of it goes on writing into a folder about to go
            images.abort()
        raise
    for writer in writers:
        writer.close()
    if images is not None:
        images.close()
    counts["annotators"] = len(annotators)
    counts["image_files"] = images.count if images else 0
    counts["image_bytes"] = images.bytes if images else 0
    public_counts = {k: v for k, v in counts.items() if k not in ("image_files", "image_bytes")}
    (root / "snapshot.json").write_text(
        datacard.snapshot_json(
            snapshot=snapshot, project=project, counts=public_counts, writer_versions={"pyarrow": pyarrow.__version__}
        ),
        encoding="utf-8",
    )
    (root / "README.md").write_text(
        datacard.readme(snapshot=snapshot, project=project, counts=public_counts), encoding="utf-8"
    )
    return counts


def _split_for(snapshot: DatasetSnapshot):
    split = snapshot.split
    if split["method"] == "held_out":
        valid, missing_valid = held_out_texts(snapshot.project_id, split.get("valid", []))
        test, missing_test = held_out_texts(snapshot.project_id, split.get("test", []))
        if missing_valid or missing_test:
            raise ExportFailed(f"held-out prompt ids no longer exist: {missing_valid + missing_test}")
        return HeldOutSplit(valid=valid - test, test=test)
    keys = prompt_keys(snapshot.annotation_ids, seed=split["seed"])
    return FractionSplit(seed=split["seed"], fractions=split["fractions"], keys=keys)


def _empty_counts() -> dict:
    zero = {"groups": 0, "images": 0, "annotations": 0, "comparisons": 0, "ties": 0}
    return {**zero, "splits": {name: dict(zero) for name in SPLITS}}


def _count(counts: dict, split: str, group) -> None:
    k = len(group.images)
    ties = 0
    for judgment in group.judgments:
        per_slot = {}
        for slot in judgment.slots:
            per_slot[slot] = per_slot.get(slot, 0) + 1
        ties += sum(m * (m - 1) // 2 for m in per_slot.values())
    pairs = len(group.judgments) * k * (k - 1) // 2
    for bucket in (counts, counts["splits"][split]):
        bucket["groups"] += 1
        bucket["images"] += k
        bucket["annotations"] += len(group.judgments)
        bucket["comparisons"] += pairs - ties
        bucket["ties"] += ties


def _replace_dir(scratch: Path, final: Path) -> None:
    """Move the finished scratch folder to `final`, replacing an earlier export of it."""
    if final.exists():
        old = final.with_name(f".{final.name}.old.{uuid.uuid4().hex}")
        final.rename(old)
        scratch.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        scratch.rename(final)


def _set_state(snapshot: DatasetSnapshot, **fields) -> None:
    """One UPDATE of the snapshot's state (progress, status, results), visible at once, with the
    webhook event of a status that became ready or failed."""
    fields.setdefault("heartbeat_at", timezone.now())  # what the reaper reads
    with transaction.atomic():
        DatasetSnapshot.objects.filter(pk=snapshot.pk).update(**fields)
        for name, value in fields.items():
            setattr(snapshot, name, value)
        if "status" in fields:
            outbox.record_snapshot(snapshot)


# --- checking ------------------------------------------------------------------------------------


def verify_snapshot(*, snapshot: DatasetSnapshot) -> list[str]:
    """Differences between the snapshot's files on disk (or in the bucket) and its manifest
    (empty: all verified)."""
    if snapshot.status != SnapshotStatus.READY:
        return [f"snapshot v{snapshot.version} is {snapshot.status}, not ready"]
    if exports_in_bucket():
        with storage_errors():
            return verify_published(
                folder=snapshot_folder(snapshot), archive=snapshot.archive_path, manifest=snapshot.manifest
            )
    problems = verify(snapshot_dir(snapshot), snapshot.manifest)
    archive = Path(settings.EXPORT_ROOT) / snapshot.archive_path
    expected = snapshot.manifest.get("archive", {})
    if not archive.is_file():
        problems.append(f"{archive.name}: missing")
    elif hash_file(archive) != (expected.get("sha256"), expected.get("bytes")):
        problems.append(f"{archive.name}: differs from the manifest")
    return problems


def snapshot_download(snapshot: DatasetSnapshot) -> Download:
    """The snapshot's zip, for download: the file, or a presigned URL of it in the bucket
    (Conflict while it is not ready or when it is missing; StorageUnavailable when the bucket
    cannot be asked)."""
    if snapshot.status != SnapshotStatus.READY or not snapshot.archive_path:
        raise Conflict(
            Problem("snapshot", "not_ready", f"snapshot v{snapshot.version} is {snapshot.status}"),
            detail=f"Snapshot v{snapshot.version} is {snapshot.status}; download it when it is ready.",
        )
    filename = PurePosixPath(snapshot.archive_path).name
    if exports_in_bucket():
        with storage_errors():
            download = published_download(snapshot.archive_path, filename=filename)
    else:
        path = Path(settings.EXPORT_ROOT) / snapshot.archive_path
        download = Download(filename=filename, path=path) if path.is_file() else None
    if download is None:
        raise Conflict(
            Problem("snapshot", "files_missing", "the archive is missing; export the snapshot again"),
            detail=f"The archive of snapshot v{snapshot.version} is missing; export it again.",
        )
    return download


# --- lost exports --------------------------------------------------------------------------------


def _export_lost(snapshot: DatasetSnapshot, now) -> bool:
    """Whether a pending or running snapshot's export is lost: a pending one's message waited
    EXPORT_RESEND_SECONDS (the broker was down, or the message was lost), a running one wrote
    no progress for EXPORT_STALE_SECONDS (its worker died)."""
    limit = (
        settings.EXPORT_RESEND_SECONDS if snapshot.status == SnapshotStatus.PENDING else settings.EXPORT_STALE_SECONDS
    )
    return snapshot.heartbeat_at < now - timedelta(seconds=limit)


def _queue_again(snapshot: DatasetSnapshot, now) -> None:
    """Mark the (locked) snapshot pending and send its message once committed. A broker that is
    still down leaves it pending, and the reaper sends it again later."""
    snapshot.status = SnapshotStatus.PENDING
    snapshot.progress = 0.0
    snapshot.error = ""
    snapshot.heartbeat_at = now
    snapshot.save(update_fields=["status", "progress", "error", "heartbeat_at"])
    dispatch.export_snapshot(snapshot.pk)


def reap_stale_snapshots(*, now=None) -> dict[str, list[int]]:
    """The periodic check of exports (as `reap_stale_runs` is of training runs): send a lost
    pending snapshot's message again; mark a running one whose worker is gone failed, with a
    message that says to export it again (`retry_snapshot`). Returns the ids of both."""
    now = now or timezone.now()
    resent, failed = [], []
    with transaction.atomic():
        stuck = DatasetSnapshot.objects.select_for_update().filter(
            status__in=(SnapshotStatus.PENDING, SnapshotStatus.RUNNING),
            heartbeat_at__lt=now
            - timedelta(seconds=min(settings.EXPORT_RESEND_SECONDS, settings.EXPORT_STALE_SECONDS)),
        )
        for snapshot in stuck.order_by("pk"):
            if not _export_lost(snapshot, now):
                continue
            if snapshot.status == SnapshotStatus.PENDING:
                _queue_again(snapshot, now)
                resent.append(snapshot.pk)
            else:
                _set_state(
                    snapshot,
                    status=SnapshotStatus.FAILED,
                    error=f"The export stopped: no progress since {snapshot.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC "
                    "(its worker was lost). Export the snapshot again.",
                    finished_at=now,
                )
                failed.append(snapshot.pk)
    for snapshot_id in failed:
        log.warning(
            "reaped snapshot %s: its export wrote no progress for %ss", snapshot_id, settings.EXPORT_STALE_SECONDS
        )
    return {"resent": resent, "failed": failed}


def retry_snapshot(*, snapshot: DatasetSnapshot, now=None) -> DatasetSnapshot:
    """Export a snapshot again: a ready one (its files were lost, or to check they come out the
    same), a failed one, or one stuck pending or running whose export is lost (see
    `_export_lost`). Conflict while its export is alive."""
    now = now or timezone.now()
    with transaction.atomic():
        snapshot = DatasetSnapshot.objects.select_for_update().get(pk=snapshot.pk)
        if snapshot.status in (SnapshotStatus.PENDING, SnapshotStatus.RUNNING) and not _export_lost(snapshot, now):
            raise Conflict(
                Problem("snapshot", "busy", f"snapshot v{snapshot.version} is being exported"),
                detail=f"Snapshot v{snapshot.version} is being exported already.",
            )
        _queue_again(snapshot, now)
    return snapshot
