"""Imports run by a worker: the request checks what it can at once (the options, the folder,
that an upload is a zip), keeps the upload and queues an ImportJob; the worker unpacks, checks
and writes it with the import service, recording its stage and progress on the job for the
browser to poll, and how it ended: its batch, or every bad row (and then nothing is written).

A job runs once at a time: the worker claims a queued job by moving it to running, so a message
delivered twice does nothing the second time. The reaper (`reap_stale_import_jobs`, Celery beat)
sends a queued job's message again when it was lost (a broker down at commit), and queues a
running job again whose worker is gone (no sign of life for IMPORT_STALE_SECONDS); an import
writes its rows in one transaction at its end, and its files by content, so running it again is
safe. A job lost MAX_ATTEMPTS times is failed."""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.storage import describe as describe_storage_error

from .. import dispatch
from ..errors import Problem, Refused
from ..models import ImportJob, ImportStatus, Project
from .buckets import is_bucket_url, open_bucket_folder
from .problems import Problems, as_row, refuse
from .service import import_archive, import_bucket_folder, import_generations
from .sources import server_folder
from .spec import check_options

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 2
MAX_PROBLEM_ROWS = 10_000  # kept on the job; problem_count has them all
PROGRESS_EVERY = 0.5  # seconds between two progress writes within a stage


def queue_import(
    *,
    project: Project,
    created_by,
    folder: str | None = None,
    archive=None,
    name: str = "archive.zip",
    format: str = "jsonl",
    manifest: str | None = None,
    rankings_as: str | None = None,
    gold: bool = False,
    qualification: bool = False,
) -> ImportJob:
    """Queue the import of a server folder (under IMPORT_ROOTS), a bucket prefix (s3://..., under
    IMPORT_BUCKET_ROOTS) or an uploaded zip (a file object, kept under IMPORT_UPLOAD_ROOT until
    the worker ran it). Refused at once, with nothing queued, for bad options, a folder outside
    the roots, a bucket prefix that is empty or denied, or an upload that is no zip."""
    problems = Problems()
    check_options(
        problems, project=project, format=format, rankings_as=rankings_as, gold=gold, qualification=qualification
    )
    if (folder is None) == (archive is None):
        problems.add("folder", "required", "give a server folder or upload an archive, not both")
    if problems:
        refuse(problems)
    options = {
        "format": format,
        "manifest": manifest,
        "rankings_as": rankings_as,
        "gold": gold,
        "qualification": qualification,
    }
    job = ImportJob(project=project, created_by=created_by, options=options)
    if folder is not None and is_bucket_url(folder):
        open_bucket_folder(folder)  # inside IMPORT_BUCKET_ROOTS, readable, not empty
        job.folder = job.source = folder
    elif folder is not None:
        job.folder = str(server_folder(folder))
        job.source = folder[:1000]
        if not Path(job.folder).is_dir():
            raise Refused(Problem("folder", "not_a_folder", f"{folder} is not a folder"))
    else:
        job.source = f"upload:{name}"[:1000]
        job.archive_path = str(_keep_upload(archive))
    try:
        with transaction.atomic():
            job.save()
            dispatch.run_import(job.pk)
    except BaseException:
        _forget_upload(job)
        raise
    return job


def run_import(*, job_id: int) -> ImportJob | None:
    """Run a queued job (the worker's side); None if it is not queued any more."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=now, heartbeat_at=now, stage="unpacking", attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("project", "created_by").get(pk=job_id)
    options = dict(job.options)
    try:
        if job.archive_path:
            with open(job.archive_path, "rb") as archive:
                name = job.source.removeprefix("upload:")
                batch = import_archive(
                    project=job.project,
                    archive=archive,
                    name=name,
                    created_by=job.created_by,
                    progress=_reporter(job),
                    **options,
                )
        elif is_bucket_url(job.folder):
            batch = import_bucket_folder(
                project=job.project, url=job.folder, created_by=job.created_by, progress=_reporter(job), **options
            )
        else:
            batch = import_generations(
                project=job.project,
                folder=Path(job.folder),
                created_by=job.created_by,
                progress=_reporter(job),
                **options,
            )
    except Refused as exc:
        rows = [as_row(p) for p in exc.problems]
        _finish(job, status=ImportStatus.REFUSED, problems=rows[:MAX_PROBLEM_ROWS], problem_count=len(rows))
    except Exception as exc:
        log.exception("import job %s failed", job.pk)
        # A bucket that cannot be reached or refuses the credentials: the message names the setting.
        error = describe_storage_error(exc) or f"{type(exc).__name__}: {exc}"
        _finish(job, status=ImportStatus.FAILED, error=error[:2000])
    else:
        _finish(job, status=ImportStatus.DONE, batch=batch)
    finally:
        _forget_upload(job)
    job.refresh_from_db()
    return job


def reap_stale_import_jobs(*, now=None) -> dict[str, list[int]]:
    """Send lost queued jobs again; queue again running jobs whose worker is gone, or fail them
    once they were lost MAX_ATTEMPTS times. Returns the ids of each."""
    now = now or timezone.now()
    resent, requeued, failed = [], [], []
    with transaction.atomic():
        queued = ImportJob.objects.select_for_update(skip_locked=True).filter(
            status=ImportStatus.QUEUED, heartbeat_at__lt=now - timedelta(seconds=settings.IMPORT_RESEND_SECONDS)
        )
        for job in queued.order_by("pk"):
            ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=now)
            dispatch.run_import(job.pk)
            resent.append(job.pk)
        running = ImportJob.objects.select_for_update(skip_locked=True).filter(
            status=ImportStatus.RUNNING, heartbeat_at__lt=now - timedelta(seconds=settings.IMPORT_STALE_SECONDS)
        )
        for job in running.order_by("pk"):
            if job.attempts >= MAX_ATTEMPTS:
                ImportJob.objects.filter(pk=job.pk).update(
                    status=ImportStatus.FAILED,
                    finished_at=now,
                    error=f"The import stopped {job.attempts} times without a sign of life (its worker was lost). "
                    "Import it again.",
                )
                transaction.on_commit(lambda job=job: _forget_upload(job))
                failed.append(job.pk)
            else:
                ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED, heartbeat_at=now, stage="")
                dispatch.run_import(job.pk)
                requeued.append(job.pk)
    for job_id in requeued + failed:
        log.warning("import job %s: its worker was lost (requeued: %s)", job_id, job_id in requeued)
    return {"resent": resent, "requeued": requeued, "failed": failed}


def _finish(job: ImportJob, **fields) -> None:
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **fields)


def _reporter(job: ImportJob):
    last = {"stage": None, "at": 0.0}

    def report(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == last["stage"] and now - last["at"] < PROGRESS_EVERY and done < total:
            return
        last.update(stage=stage, at=now)
        ImportJob.objects.filter(pk=job.pk).update(stage=stage, done=done, total=total, heartbeat_at=timezone.now())

    return report


def _keep_upload(archive) -> Path:
    root = Path(settings.IMPORT_UPLOAD_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    source = getattr(archive, "file", archive)  # an UploadedFile wraps the real file
    if not zipfile.is_zipfile(source):
        raise Refused(Problem("archive", "not_a_zip", "not a zip archive"))
    source.seek(0)
    path = root / f"{uuid.uuid4().hex}.zip"
    with tempfile.NamedTemporaryFile(dir=root, delete=False) as out:
        shutil.copyfileobj(source, out, 1024 * 1024)
    Path(out.name).rename(path)
    return path


def _forget_upload(job: ImportJob) -> None:
    if job.archive_path:
        Path(job.archive_path).unlink(missing_ok=True)
