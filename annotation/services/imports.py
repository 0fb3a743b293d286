"""Import of generations: a folder of images plus a manifest becomes prompt groups.

Two manifest formats:

* `jsonl` (default file `manifest.jsonl`): one JSON object per line, one line per image; lines
  with the same `group` form one prompt group, images in line order.

      {"group": "g1", "prompt": "a red circle above a blue square", "image": "g1/0.png",
       "generator": "sd-1.4", "seed": 42, "metadata": {"steps": 50}, "rank": 1, "category": "Abstract"}

  Required: `group` (string, at most 200 characters: the group's external id), `prompt`
  (the same on every line of a group), `image` (a path relative to the folder). Optional:
  `generator` (string), `seed` (integer), `metadata` (object), `rank` (the image's slot,
  1 = best, equal numbers are ties: on every line of the group or on none), `category` (the
  prompt's category, one of the project's; used for imported rankings). Blank lines are skipped.

* `reference` (default file `train.json`): ImageReward's reference training format, a JSON
  array of `{"id", "prompt", "generations": [paths], "ranking": [slot per image]}`.

Rankings (the `rank` column, or `ranking`) are used in one of two ways, or not at all:
`rankings_as=USERNAME` records each as an annotation of that user (through the submission
service, so it yields the same comparisons as a submission in the app); `gold=True` makes every
group a gold group with that ranking as its answer. A ranking keeps its order and ties but is
renumbered 1, 2, 3... ([1, 2, 5, 3] becomes [1, 2, 4, 3]) and must then fit the project's slots.

Everything is checked before anything is written: every path stays inside the folder (no
absolute paths, no `..`, no symlink leading out), every file is a PNG, JPEG or WebP image that
Pillow decodes and that has at most `settings.MAX_IMAGE_PIXELS` pixels, a group has 2 to
slots x images-per-slot images and no image twice, and no group id is already in the project.
A refused import raises `Refused` with one problem per bad row (`manifest.jsonl:12.image`,
`train.json[3].generations[1]`) and writes nothing; an accepted one is written in one
transaction and recorded as an ImportBatch.

Duplicates: an image whose bytes (sha256) are already in the project, or appear in two groups of
the import, is stored once and shown in every group that lists it (`images_reused` in the
counts); the same image twice in one group is refused. Files are stored through Django's
default storage under a content-addressed name, `images/<project id>/<sha[:2]>/<sha>.<ext>`.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import tempfile
import uuid
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from ..errors import Conflict, Problem, Refused
from ..models import Comparison, GroupImage, Image, ImportBatch, Project, Prompt, PromptGroup
from .submission import record_annotation

FORMATS = {"jsonl": "manifest.jsonl", "reference": "train.json"}
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
# Bounds, each overridable by the setting of the same name.
LIMITS = {
    "IMPORT_MAX_IMAGE_BYTES": 64 * 1024**2,  # one image file, checked before it is decoded
    "IMPORT_MAX_ARCHIVE_MEMBERS": 200_000,  # members of an uploaded zip
    "IMPORT_MAX_UNPACKED_BYTES": 4 * 1024**3,  # an uploaded zip once unpacked
}
MAX_EXTERNAL_ID = 200
_CHUNK = 500


@dataclass
class _ImageRow:
    where: str  # the row's field in problems, e.g. "manifest.jsonl:12.image"
    path: str
    generator: str = ""
    seed: int | None = None
    metadata: dict = field(default_factory=dict)
    # Filled by the file check:
    file: Path | None = None
    sha256: str = ""
    width: int = 0
    height: int = 0
    extension: str = ""


@dataclass
class _GroupPlan:
    where: str  # "manifest.jsonl:3" (its first line) or "train.json[3]"
    external_id: str
    prompt: str
    images: list[_ImageRow] = field(default_factory=list)
    ranking: list[int] | None = None
    ranking_where: str = ""
    ranking_refused: bool = False  # a bad rank was reported already
    category: str = ""


def limit(name: str) -> int:
    return getattr(settings, name, LIMITS[name])


class _Problems(list):
    def add(self, where: str, rule: str, message: str) -> None:
        self.append(Problem(where, rule, message))


# ---------------------------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------------------------


def import_generations(
    *,
    project: Project,
    folder,
    manifest: str | None = None,
    format: str = "jsonl",
    rankings_as: str | None = None,
    gold: bool = False,
    created_by=None,
    source: str | None = None,
) -> ImportBatch:
    """Import the generations listed in `folder`/`manifest` into `project` (see the module's
    docstring). `source` is what the batch records as its origin (default: the folder)."""
    problems = _Problems()
    annotator = _check_options(problems, format=format, rankings_as=rankings_as, gold=gold)
    root = Path(folder)
    if not root.is_dir():
        problems.add("folder", "not_a_folder", f"{folder} is not a folder")
    if problems:
        _refuse(problems)
    root = root.resolve()
    manifest_name = manifest or FORMATS[format]
    manifest_path = _inside(root, manifest_name)
    if manifest_path is None or not manifest_path.is_file():
        _refuse([Problem("manifest", "not_found", f"no manifest {manifest_name!r} inside the folder")])

    label = PurePosixPath(manifest_name).name
    plans = (
        _read_jsonl(manifest_path, label, problems)
        if format == "jsonl"
        else _read_reference(manifest_path, label, problems)
    )
    uses_rankings = gold or annotator is not None
    for plan in plans:
        _check_group(project, plan, problems, uses_rankings=uses_rankings, gold=gold)
        for row in plan.images:
            _check_file(root, row, problems)
    _check_duplicates(project, plans, problems)
    if problems:
        _refuse(problems)
    try:
        return _write(
            project=project,
            plans=plans,
            format=format,
            source=source or str(root / manifest_name),
            created_by=created_by,
            annotator=annotator,
            gold=gold,
        )
    except IntegrityError as exc:
        # Checked above, so only an import of the same images running at the same moment gets here.
        raise Conflict(
            Problem("import", "concurrent_import", f"another import wrote the same images meanwhile; try again ({exc})")
        ) from exc


def _refuse(problems) -> None:
    n = len(problems)
    raise Refused(
        problems,
        detail=f"Import refused: {n} problem{'s' if n != 1 else ''}, nothing was imported. "
        + "; ".join(f"{p.field}: {p.message}" for p in problems[:20])
        + ("; ..." if n > 20 else ""),
    )


def _check_options(problems: _Problems, *, format, rankings_as, gold):
    if format not in FORMATS:
        problems.add("format", "unknown_format", f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    if gold and rankings_as:
        problems.add("gold", "gold_with_rankings_as", "a ranking is either a gold answer or an annotation, not both")
    if not rankings_as:
        return None
    try:
        return get_user_model().objects.get(username=rankings_as)
    except get_user_model().DoesNotExist:
        problems.add("rankings_as", "unknown_user", f"no user {rankings_as!r}")
        return None


def _inside(root: Path, relative) -> Path | None:
    """`root/relative` if `relative` is a plain relative path that stays inside `root` once
    symlinks are followed; None otherwise."""
    if not isinstance(relative, str) or not relative or "\\" in relative or "\x00" in relative:
        return None
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or (pure.parts and ":" in pure.parts[0]):
        return None
    candidate = (root / pure).resolve()
    return candidate if candidate.is_relative_to(root) and candidate != root else None


# ---------------------------------------------------------------------------------------------
# Reading the manifests
# ---------------------------------------------------------------------------------------------


def _read_jsonl(path: Path, label: str, problems: _Problems) -> list[_GroupPlan]:
    plans: dict[str, _GroupPlan] = {}
    ranks: dict[str, list] = {}
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            where = f"{label}:{number}"
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                problems.add(where, "invalid_json", f"not a JSON object: {exc}")
                continue
            if not isinstance(line, dict):
                problems.add(where, "invalid_json", "not a JSON object")
                continue
            unknown = set(line) - {"group", "prompt", "image", "generator", "seed", "metadata", "rank", "category"}
            if unknown:
                problems.add(where, "unknown_field", f"unknown field(s) {', '.join(sorted(unknown))}")
            group_id = _external_id(line.get("group"), f"{where}.group", problems)
            prompt = _prompt(line.get("prompt"), f"{where}.prompt", problems)
            row = _image_row(line, where, problems)
            if group_id is None or prompt is None or row is None:
                continue
            plan = plans.get(group_id)
            if plan is None:
                plan = plans[group_id] = _GroupPlan(where=where, external_id=group_id, prompt=prompt)
                ranks[group_id] = []
            elif plan.prompt != prompt:
                problems.add(
                    f"{where}.prompt", "prompt_mismatch", f"group {group_id!r} has another prompt on {plan.where}"
                )
            category = line.get("category", "")
            if not isinstance(category, str):
                problems.add(f"{where}.category", "invalid", "category must be a string")
            elif category:
                if plan.category and plan.category != category:
                    problems.add(
                        f"{where}.category",
                        "category_mismatch",
                        f"group {group_id!r} has another category on {plan.where}",
                    )
                plan.category = category
            plan.images.append(row)
            ranks[group_id].append((where, line.get("rank")))
    for group_id, plan in plans.items():
        given = [(where, rank) for where, rank in ranks[group_id] if rank is not None]
        if not given:
            continue
        for where, rank in ranks[group_id]:
            if rank is None:
                problems.add(f"{where}.rank", "rank_missing", f"group {group_id!r} ranks some images but not this one")
            elif not _is_slot(rank):
                problems.add(f"{where}.rank", "invalid_rank", f"rank must be an integer >= 1, got {rank!r}")
        if len(given) == len(ranks[group_id]) and all(_is_slot(rank) for _, rank in given):
            plan.ranking = [rank for _, rank in given]
            plan.ranking_where = f"{plan.where}.rank"
        else:
            plan.ranking_refused = True
    return list(plans.values())


def _read_reference(path: Path, label: str, problems: _Problems) -> list[_GroupPlan]:
    try:
        records = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.add(label, "invalid_json", f"not JSON: {exc}")
        return []
    if not isinstance(records, list):
        problems.add(label, "invalid_json", "must be a JSON array of groups")
        return []
    plans = []
    for index, record in enumerate(records):
        where = f"{label}[{index}]"
        if not isinstance(record, dict):
            problems.add(where, "invalid_json", "not a JSON object")
            continue
        missing = [key for key in ("id", "prompt", "generations", "ranking") if key not in record]
        for key in missing:
            problems.add(f"{where}.{key}", "required", f"{key} is required")
        if missing:
            continue
        raw_id = record["id"]
        group_id = _external_id(
            str(raw_id) if isinstance(raw_id, int) and not isinstance(raw_id, bool) else raw_id, f"{where}.id", problems
        )
        prompt = _prompt(record["prompt"], f"{where}.prompt", problems)
        generations, ranking = record["generations"], record["ranking"]
        if not isinstance(generations, list):
            problems.add(f"{where}.generations", "invalid", "generations must be a list of paths")
            continue
        rows = []
        for i, rel in enumerate(generations):
            if not isinstance(rel, str) or not rel:
                problems.add(f"{where}.generations[{i}]", "invalid_path", "a path must be a non-empty string")
                continue
            rows.append(_ImageRow(where=f"{where}.generations[{i}]", path=rel))
        ranking_ok = isinstance(ranking, list) and len(ranking) == len(generations) and all(map(_is_slot, ranking))
        if not ranking_ok:
            problems.add(
                f"{where}.ranking",
                "invalid_ranking",
                f"ranking must list one integer slot >= 1 per generation ({len(generations)}), got {ranking!r}",
            )
        if group_id is None or prompt is None or len(rows) != len(generations) or not ranking_ok:
            continue
        plans.append(
            _GroupPlan(
                where=where,
                external_id=group_id,
                prompt=prompt,
                images=rows,
                ranking=list(ranking),
                ranking_where=f"{where}.ranking",
            )
        )
    return plans


def _is_slot(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _external_id(value, where: str, problems: _Problems) -> str | None:
    if not isinstance(value, str) or not value.strip():
        problems.add(where, "required", "a non-empty string id is required")
        return None
    if len(value) > MAX_EXTERNAL_ID:
        problems.add(where, "too_long", f"at most {MAX_EXTERNAL_ID} characters")
        return None
    return value


def _prompt(value, where: str, problems: _Problems) -> str | None:
    if not isinstance(value, str) or not value.strip():
        problems.add(where, "required", "a non-empty prompt is required")
        return None
    return value


def _image_row(line: dict, where: str, problems: _Problems) -> _ImageRow | None:
    ok = True
    image = line.get("image")
    if not isinstance(image, str) or not image:
        problems.add(f"{where}.image", "required", "image (a path relative to the folder) is required")
        ok = False
    generator = line.get("generator", "")
    if not isinstance(generator, str) or len(generator) > 200:
        problems.add(f"{where}.generator", "invalid", "generator must be a string of at most 200 characters")
        ok = False
    seed = line.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or not -(2**63) <= seed < 2**63):
        problems.add(f"{where}.seed", "invalid", "seed must be a 64-bit integer")
        ok = False
    metadata = line.get("metadata", {})
    if not isinstance(metadata, dict):
        problems.add(f"{where}.metadata", "invalid", "metadata must be a JSON object")
        ok = False
    if not ok:
        return None
    return _ImageRow(where=f"{where}.image", path=image, generator=generator, seed=seed, metadata=metadata)


# ---------------------------------------------------------------------------------------------
# Checking groups and files
# ---------------------------------------------------------------------------------------------


def dense_ranking(ranking: list[int]) -> list[int]:
    """The same order and ties in slots 1, 2, 3...: [1, 2, 5, 3] -> [1, 2, 4, 3]."""
    rank_of = {value: slot for slot, value in enumerate(sorted(set(ranking)), start=1)}
    return [rank_of[value] for value in ranking]


def _check_group(project: Project, plan: _GroupPlan, problems: _Problems, *, uses_rankings: bool, gold: bool) -> None:
    k = len(plan.images)
    most = project.ranking_slots * project.max_images_per_slot
    if not 2 <= k <= most:
        problems.add(
            plan.where,
            "group_size",
            f"group {plan.external_id!r} has {k} image(s); a group needs 2 to {most} "
            f"({project.ranking_slots} slots of {project.max_images_per_slot})",
        )
    if plan.category and plan.category not in project.prompt_categories:
        problems.add(
            f"{plan.where}.category", "unknown_category", f"{plan.category!r} is not one of the project's categories"
        )
    if not uses_rankings:
        return
    if plan.ranking is None:
        if gold and not plan.ranking_refused:
            problems.add(plan.where, "ranking_missing", f"gold group {plan.external_id!r} needs a rank for every image")
        return
    slots = dense_ranking(plan.ranking)
    plan.ranking = slots
    if max(slots) > project.ranking_slots:
        problems.add(
            plan.ranking_where,
            "ranking_too_long",
            f"the ranking needs {max(slots)} slots; the project has {project.ranking_slots}",
        )
    crowded = max(slots.count(s) for s in set(slots))
    if crowded > project.max_images_per_slot:
        problems.add(
            plan.ranking_where,
            "slot_too_full",
            f"{crowded} images tie in one slot; the project allows {project.max_images_per_slot}",
        )


def _check_file(root: Path, row: _ImageRow, problems: _Problems) -> None:
    path = _inside(root, row.path)
    if path is None:
        problems.add(row.where, "path_outside_folder", f"{row.path!r} is not a relative path inside the folder")
        return
    if not path.is_file():
        problems.add(row.where, "not_found", f"no file {row.path!r} in the folder")
        return
    try:
        checked = inspect_image(path)
    except BadImage as exc:
        problems.add(row.where, exc.rule, f"{row.path}: {exc}")
        return
    row.file = path
    row.sha256, row.width, row.height, row.extension = checked


class BadImage(Exception):
    def __init__(self, rule: str, message: str):
        self.rule = rule
        super().__init__(message)


def inspect_image(path: Path) -> tuple[str, int, int, str]:
    """(sha256, width, height, extension) of a real, fully decodable image within the pixel
    bound; BadImage otherwise."""
    size, most = path.stat().st_size, limit("IMPORT_MAX_IMAGE_BYTES")
    if size > most:
        raise BadImage("file_too_large", f"{size} bytes is over the limit of {most}")
    data = path.read_bytes()
    width, height, fmt = verify_image_bytes(data)
    return hashlib.sha256(data).hexdigest(), width, height, IMAGE_FORMATS[fmt]


def verify_image_bytes(data: bytes) -> tuple[int, int, str]:
    most_pixels = settings.MAX_IMAGE_PIXELS
    # Pillow refuses images over twice its bound and warns above it; the bound is ours, and the
    # warning is turned into a refusal too.
    PILImage.MAX_IMAGE_PIXELS = most_pixels
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            with PILImage.open(io.BytesIO(data)) as image:
                width, height, fmt = image.width, image.height, image.format
                if fmt not in IMAGE_FORMATS:
                    raise BadImage("unsupported_format", f"{fmt} images are not accepted (PNG, JPEG or WebP)")
                if width * height > most_pixels:
                    raise BadImage("too_many_pixels", f"{width}x{height} is over the limit of {most_pixels} pixels")
                image.verify()
            with PILImage.open(io.BytesIO(data)) as image:
                image.load()
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
            raise BadImage("too_many_pixels", f"decompression bomb: {exc}") from None
        except UnidentifiedImageError:
            raise BadImage("not_an_image", "not an image Pillow can read") from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise BadImage("broken_image", f"broken image: {exc}") from None
    return width, height, fmt


def _check_duplicates(project: Project, plans: list[_GroupPlan], problems: _Problems) -> None:
    first_where: dict[str, str] = {}
    for plan in plans:
        if plan.external_id in first_where:
            problems.add(
                plan.where, "duplicate_group", f"group {plan.external_id!r} is also {first_where[plan.external_id]}"
            )
        else:
            first_where[plan.external_id] = plan.where
        seen: dict[str, str] = {}
        for row in plan.images:
            if not row.sha256:
                continue
            if row.sha256 in seen:
                problems.add(row.where, "duplicate_in_group", f"the same image as {seen[row.sha256]}")
            else:
                seen[row.sha256] = row.where
    ids = list(first_where)
    existing = {}
    for start in range(0, len(ids), _CHUNK):
        existing.update(
            PromptGroup.objects.filter(project=project, external_id__in=ids[start : start + _CHUNK]).values_list(
                "external_id", "import_batch_id"
            )
        )
    for plan in plans:
        if plan.external_id in existing and first_where[plan.external_id] == plan.where:
            batch = existing[plan.external_id]
            problems.add(
                plan.where,
                "group_exists",
                f"group {plan.external_id!r} is already in the project" + (f" (import batch {batch})" if batch else ""),
            )


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def storage_name(project: Project, sha256: str, extension: str) -> str:
    return f"images/{project.pk}/{sha256[:2]}/{sha256}.{extension}"


def _store(project: Project, row: _ImageRow) -> str:
    data = row.file.read_bytes()
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise Refused(Problem(row.where, "file_changed", f"{row.path} changed during the import"))
    name = storage_name(project, row.sha256, row.extension)
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # another import stored it at the same moment
            default_storage.delete(saved)
    return name


def _write(*, project, plans, format, source, created_by, annotator, gold) -> ImportBatch:
    counts = {
        "groups": 0,
        "images": 0,
        "images_reused": 0,
        "prompts": 0,
        "gold_groups": 0,
        "annotations": 0,
        "comparisons": 0,
    }
    shas = sorted({row.sha256 for plan in plans for row in plan.images})
    texts = sorted({plan.prompt for plan in plans})
    with transaction.atomic():
        batch = ImportBatch.objects.create(project=project, created_by=created_by, source=source[:1000], format=format)

        images: dict[str, Image] = {}
        for start in range(0, len(shas), _CHUNK):
            for image in Image.objects.filter(project=project, sha256__in=shas[start : start + _CHUNK]):
                images[image.sha256] = image
        new_images = []
        for plan in plans:
            for row in plan.images:
                if row.sha256 in images:
                    continue
                image = Image(
                    project=project,
                    sha256=row.sha256,
                    width=row.width,
                    height=row.height,
                    generator=row.generator,
                    seed=row.seed,
                    metadata=row.metadata,
                    import_batch=batch,
                )
                image.file.name = _store(project, row)
                images[row.sha256] = image
                new_images.append(image)
        Image.objects.bulk_create(new_images, batch_size=_CHUNK)
        listed = [row.sha256 for plan in plans for row in plan.images]
        counts["images"] = len(new_images)
        counts["images_reused"] = len(listed) - len(new_images)

        prompts: dict[str, Prompt] = {}
        for start in range(0, len(texts), _CHUNK):
            for prompt in Prompt.objects.filter(project=project, text__in=texts[start : start + _CHUNK]).order_by("id"):
                prompts.setdefault(prompt.text, prompt)
        new_prompts = [Prompt(project=project, text=text) for text in texts if text not in prompts]
        Prompt.objects.bulk_create(new_prompts, batch_size=_CHUNK)
        prompts.update({p.text: p for p in new_prompts})
        counts["prompts"] = len(new_prompts)

        groups = [
            PromptGroup(
                project=project,
                prompt=prompts[plan.prompt],
                external_id=plan.external_id,
                annotations_needed=project.annotations_per_group,
                is_gold=gold,
                gold_ranking=plan.ranking if gold else None,
                import_batch=batch,
            )
            for plan in plans
        ]
        PromptGroup.objects.bulk_create(groups, batch_size=_CHUNK)
        GroupImage.objects.bulk_create(
            [
                GroupImage(group=group, image=images[row.sha256], position=position)
                for group, plan in zip(groups, plans)
                for position, row in enumerate(plan.images)
            ],
            batch_size=_CHUNK,
        )
        counts["groups"] = len(groups)
        counts["gold_groups"] = len(groups) if gold else 0

        if annotator is not None:
            counts["annotations"] = _record_rankings(batch, annotator, groups, plans, images)
            counts["comparisons"] = Comparison.objects.filter(group__import_batch=batch).count()

        batch.counts = counts
        batch.save(update_fields=["counts"])
    return batch


def _record_rankings(batch, annotator, groups, plans, images) -> int:
    # The submission service is the one writer of annotations: imported rankings get the same
    # rows, comparisons and counters as rankings submitted in the app.
    recorded = 0
    for group, plan in zip(groups, plans):
        if plan.ranking is None:
            continue
        judgments = [
            {"image_id": images[row.sha256].pk, "ratings": {}, "flags": [], "slot": slot}
            for row, slot in zip(plan.images, plan.ranking)
        ]
        try:
            record_annotation(
                group=group,
                annotator=annotator,
                client_key=uuid.uuid5(uuid.NAMESPACE_URL, f"import:{batch.pk}:{plan.external_id}"),
                prompt_category=plan.category,
                judgments=judgments,
                source="import",
            )
        except Refused as exc:
            raise Refused(
                [Problem(plan.ranking_where or plan.where, p.rule, p.message) for p in exc.problems],
                detail=f"Import refused, nothing was imported: {plan.ranking_where or plan.where}: {exc.detail}",
            ) from exc
        recorded += 1
    return recorded


# ---------------------------------------------------------------------------------------------
# The API's two sources: a folder on the server, an uploaded zip archive
# ---------------------------------------------------------------------------------------------


def server_folder(folder: str) -> Path:
    """`folder` (absolute, or relative to the first of settings.IMPORT_ROOTS) if it lies inside
    one of the IMPORT_ROOTS once symlinks are followed; Refused otherwise."""
    roots = [Path(root).resolve() for root in settings.IMPORT_ROOTS]
    raw = Path(folder)
    candidate = (raw if raw.is_absolute() else (roots[0] / raw if roots else raw)).resolve()
    if not any(candidate.is_relative_to(root) for root in roots):
        raise Refused(
            Problem(
                "folder",
                "outside_import_roots",
                f"{folder} is not inside an import root ({', '.join(map(str, roots))})",
            )
        )
    return candidate


def import_server_folder(*, project: Project, folder: str, **options) -> ImportBatch:
    """The API's folder import: only folders under settings.IMPORT_ROOTS."""
    return import_generations(project=project, folder=server_folder(folder), **options)


def import_archive(
    *,
    project: Project,
    archive,
    name: str = "archive.zip",
    format: str = "jsonl",
    manifest: str | None = None,
    **options,
) -> ImportBatch:
    """The API's upload import: a zip of the folder (the manifest at its top, or in its one
    top-level folder), unpacked into a temporary folder within the archive bounds."""
    with tempfile.TemporaryDirectory(prefix="import-") as tmp:
        root = unpack_zip(archive, Path(tmp))
        wanted = manifest or FORMATS.get(format, "")
        if not (root / wanted).is_file():
            tops = [p for p in root.iterdir() if p.name != "__MACOSX"]
            if len(tops) == 1 and tops[0].is_dir() and (tops[0] / wanted).is_file():
                root = tops[0]
        return import_generations(
            project=project, folder=root, format=format, manifest=manifest, source=f"upload:{name}"[:1000], **options
        )


def unpack_zip(archive, destination: Path) -> Path:
    """Unpack a zip file (path or file object) into `destination`, refusing members that would
    land outside it (zip-slip), links, and archives over the member or size bounds."""
    try:
        zf = zipfile.ZipFile(getattr(archive, "file", archive))  # an UploadedFile wraps the real file
    except (zipfile.BadZipFile, OSError) as exc:
        raise Refused(Problem("archive", "not_a_zip", f"not a zip archive: {exc}")) from exc
    with zf:
        members = zf.infolist()
        max_members, max_bytes = limit("IMPORT_MAX_ARCHIVE_MEMBERS"), limit("IMPORT_MAX_UNPACKED_BYTES")
        problems = _Problems()
        if len(members) > max_members:
            problems.add("archive", "too_many_members", f"{len(members)} members; at most {max_members}")
        declared = sum(m.file_size for m in members)
        if declared > max_bytes:
            problems.add("archive", "too_large", f"{declared} bytes unpacked; at most {max_bytes}")
        files = []
        for member in members:
            where = f"archive:{member.filename}"
            if member.filename.startswith("__MACOSX/") or member.is_dir():
                continue
            if stat.S_ISLNK(member.external_attr >> 16):
                problems.add(where, "link_in_archive", "links are not unpacked")
                continue
            target = _inside(destination.resolve(), member.filename)
            if target is None:
                problems.add(where, "path_outside_folder", "would be unpacked outside the folder")
                continue
            files.append((member, target))
        if problems:
            raise Refused(
                problems, detail=f"Archive refused: {'; '.join(f'{p.field}: {p.message}' for p in problems[:20])}"
            )
        written = 0
        for member, target in files:
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(member) as source, target.open("wb") as out:
                    # The declared sizes can lie: count what is really unpacked.
                    while chunk := source.read(1024 * 1024):
                        written += len(chunk)
                        if written > max_bytes:
                            raise Refused(Problem("archive", "too_large", f"more than {max_bytes} bytes unpacked"))
                        out.write(chunk)
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as exc:
                raise Refused(Problem(f"archive:{member.filename}", "broken_archive", f"cannot unpack: {exc}")) from exc
    return destination
