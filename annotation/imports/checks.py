"""What the plans must satisfy before anything is written: each group fits the project (2 to
slots x images-per-slot images, a known category, a ranking that fits its slots), each file is
an image inside the folder, no image is twice in one group, and no group id is in the project
already.

Rankings keep their order and ties but are renumbered 1, 2, 3... ([1, 2, 5, 3] becomes
[1, 2, 4, 3]) before they are checked against the project's slots."""

from __future__ import annotations

from ..errors import Problem
from ..models import Project, PromptGroup
from .images import BadImage, inspect_image
from .manifests import GroupPlan, ImageRow
from .problems import Problems
from .sources import ArchiveFolder, DiskFolder
from .spec import CHUNK


def dense_ranking(ranking: list[int]) -> list[int]:
    """The same order and ties in slots 1, 2, 3...: [1, 2, 5, 3] -> [1, 2, 4, 3]."""
    rank_of = {value: slot for slot, value in enumerate(sorted(set(ranking)), start=1)}
    return [rank_of[value] for value in ranking]


def check_group(project: Project, plan: GroupPlan, problems: Problems, *, uses_rankings: bool, gold: bool) -> None:
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


def check_file(folder: DiskFolder | ArchiveFolder, row: ImageRow) -> Problem | None:
    """Check the row's file and fill in its hash, size and extension; the problem, if any. Safe
    to call from several threads at once (each row is its own)."""
    path = folder.locate(row.path)
    if path is None:
        return Problem(row.where, "path_outside_folder", f"{row.path!r} is not a relative path inside the folder")
    if not path.is_file():
        return Problem(row.where, "not_found", f"no file {row.path!r} in the folder")
    try:
        checked = inspect_image(path)
    except BadImage as exc:
        return Problem(row.where, exc.rule, f"{row.path}: {exc}")
    row.file = path
    row.sha256, row.width, row.height, row.extension = checked
    return None


def check_duplicates(project: Project, plans: list[GroupPlan], problems: Problems) -> None:
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
    for start in range(0, len(ids), CHUNK):
        existing.update(
            PromptGroup.objects.filter(project=project, external_id__in=ids[start : start + CHUNK]).values_list(
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
