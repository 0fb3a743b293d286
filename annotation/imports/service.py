"""The import service: check everything, then write it all in one transaction or nothing.

`import_generations` reads a folder and its manifest; `import_server_folder` and `import_archive`
are the API's two ways of naming that folder (a folder under settings.IMPORT_ROOTS, an uploaded
zip); `import_bucket_folder` reads a prefix of a bucket (s3://bucket/prefix) instead of a folder."""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path, PurePosixPath

from django.db import IntegrityError

from ..errors import Conflict, Problem
from ..models import ImportBatch, Project
from .buckets import is_bucket_url, open_bucket_folder
from .checks import check_duplicates, check_file, check_group
from .manifests import READERS
from .parallel import Progress, map_in_threads
from .problems import Problems, refuse
from .sources import DiskFolder, inside, open_archive, server_folder
from .spec import FORMATS, check_options
from .writer import write_batch


def import_generations(
    *,
    project: Project,
    folder,
    manifest: str | None = None,
    format: str = "jsonl",
    rankings_as: str | None = None,
    gold: bool = False,
    qualification: bool = False,
    created_by=None,
    source: str | None = None,
    progress: Progress | None = None,
) -> ImportBatch:
    """Import the generations listed in `folder`/`manifest` into `project` (see
    `annotation.imports`). `source` is what the batch records as its origin (default: the folder).
    `qualification`: the groups are gold groups and, in the same transaction, the project's
    qualification set (services/qualification.py).
    `progress(stage, done, total)` hears of the stages "checking" (images decoded), "storing"
    (files stored) and "writing" (the rows, in one transaction)."""
    root = Path(folder)
    if not root.is_dir():
        problems = Problems()
        check_options(
            problems, project=project, format=format, rankings_as=rankings_as, gold=gold, qualification=qualification
        )
        problems.add("folder", "not_a_folder", f"{folder} is not a folder")
        refuse(problems)
    root = root.resolve()
    manifest_name = manifest or FORMATS.get(format, "")
    return _import(
        project=project,
        files=DiskFolder(root),
        manifest_path=lambda: inside(root, manifest_name),
        manifest_name=manifest_name,
        format=format,
        rankings_as=rankings_as,
        gold=gold,
        qualification=qualification,
        created_by=created_by,
        source=source or str(root / manifest_name),
        progress=progress,
    )


def _import(
    *,
    project,
    files,
    manifest_path,
    manifest_name,
    format,
    rankings_as,
    gold,
    qualification,
    created_by,
    source,
    progress,
) -> ImportBatch:
    problems = Problems()
    annotator = check_options(
        problems, project=project, format=format, rankings_as=rankings_as, gold=gold, qualification=qualification
    )
    gold = gold or qualification
    if problems:
        refuse(problems)
    path = manifest_path()
    if path is None or not path.is_file():
        refuse([Problem("manifest", "not_found", f"no manifest {manifest_name!r} inside the folder")])

    label = PurePosixPath(manifest_name).name
    plans = READERS[format](path, label, problems)
    uses_rankings = gold or annotator is not None
    rows = [row for plan in plans for row in plan.images]
    file_problems = dict(
        zip(map(id, rows), map_in_threads(partial(check_file, files), rows, stage="checking", progress=progress))
    )
    for plan in plans:
        check_group(project, plan, problems, uses_rankings=uses_rankings, gold=gold)
        problems.extend(p for row in plan.images if (p := file_problems[id(row)]) is not None)
    check_duplicates(project, plans, problems)
    if problems:
        refuse(problems)
    try:
        return write_batch(
            project=project,
            plans=plans,
            format=format,
            source=source,
            created_by=created_by,
            annotator=annotator,
            gold=gold,
            qualification=qualification,
            progress=progress,
        )
    except IntegrityError as exc:
        # Checked above, so only an import of the same images running at the same moment gets here.
        raise Conflict(
            Problem("import", "concurrent_import", f"another import wrote the same images meanwhile; try again ({exc})")
        ) from exc


def import_server_folder(*, project: Project, folder: str, **options) -> ImportBatch:
    """The API's folder import: only folders under settings.IMPORT_ROOTS, or bucket prefixes
    (s3://bucket/prefix) under settings.IMPORT_BUCKET_ROOTS."""
    if is_bucket_url(folder):
        return import_bucket_folder(project=project, url=folder, **options)
    return import_generations(project=project, folder=server_folder(folder), **options)


def import_bucket_folder(
    *,
    project: Project,
    url: str,
    format: str = "jsonl",
    manifest: str | None = None,
    within_roots: bool = True,
    progress: Progress | None = None,
    **options,
) -> ImportBatch:
    """Import from a bucket prefix holding the manifest and the images (imports/buckets.py): the
    API's only under IMPORT_BUCKET_ROOTS (`within_roots`), the command line's anywhere."""
    manifest_name = manifest or FORMATS.get(format, "")
    files = open_bucket_folder(url, within_roots=within_roots)
    with tempfile.TemporaryDirectory(prefix="import-") as tmp:
        return _import(
            project=project,
            files=files,
            manifest_path=lambda: files.download(manifest_name, Path(tmp) / "manifest"),
            manifest_name=manifest_name,
            format=format,
            source=files.source(manifest_name)[:1000],
            progress=progress,
            rankings_as=options.pop("rankings_as", None),
            gold=options.pop("gold", False),
            qualification=options.pop("qualification", False),
            created_by=options.pop("created_by", None),
            **options,
        )


def import_archive(
    *,
    project: Project,
    archive,
    name: str = "archive.zip",
    format: str = "jsonl",
    manifest: str | None = None,
    progress: Progress | None = None,
    **options,
) -> ImportBatch:
    """The API's upload import: a zip of the folder (the manifest at its top, or in its one
    top-level folder), read in place within the archive bounds: only the manifest is unpacked."""
    manifest_name = manifest or FORMATS.get(format, "")
    with open_archive(archive, progress=progress) as files, tempfile.TemporaryDirectory(prefix="import-") as tmp:
        files.choose_top(manifest_name)
        return _import(
            project=project,
            files=files,
            manifest_path=lambda: files.extract(manifest_name, Path(tmp) / "manifest"),
            manifest_name=manifest_name,
            format=format,
            source=f"upload:{name}"[:1000],
            progress=progress,
            rankings_as=options.pop("rankings_as", None),
            gold=options.pop("gold", False),
            qualification=options.pop("qualification", False),
            created_by=options.pop("created_by", None),
            **options,
        )
