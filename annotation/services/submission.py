"""An annotator's judgment of a prompt group becomes an annotation.

`submit_annotation` is what the app calls: it checks every rule of the project's protocol, turns
the annotator's lease into an annotation and derives the comparisons, all in one transaction
with the group row locked; a refusal (`Refused`, a 4xx naming the field and the rule) writes
nothing. It is idempotent: a retry with the same `client_key` returns the first annotation.

`record_annotation` is the low-level writer under it (also used by the importer, whose
rankings carry no ratings): annotation, per-image rows, comparisons, the group's count. Each
annotation written is announced with the `annotation_recorded` signal (annotation/signals.py).
"""

import logging
import uuid
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import sql
from ..errors import Conflict, Problem, Refused
from ..models import (
    Annotation,
    AnnotationStatus,
    Comparison,
    ImageAnnotation,
    Project,
    PromptGroup,
)
from ..ranking import expand_ranking_to_pairs, non_tied_pairs
from ..signals import annotation_recorded
from ..webhooks import outbox
from .assignment import change_lease_count, lock_group

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SubmissionResult:
    annotation: Annotation
    created: bool  # False: a retry of an earlier submission, nothing was written


def submit_annotation(
    *, group: PromptGroup, annotator, client_key, prompt_category, prompt_flags, images, time_spent_ms
) -> SubmissionResult:
    """images: [{"image_id", "ratings": {dimension key: int}, "flags": [str], "slot": int}], one
    per image of the group."""
    client_key = _parse_client_key(client_key)
    # The work a submission may ask for is bounded by the protocol before any lock is taken.
    _refuse_oversized(group.project, prompt_category=prompt_category, prompt_flags=prompt_flags, images=images)
    try:
        with transaction.atomic():
            group = lock_group(group_id=group.pk)
            earlier, annotated_before = _earlier_submissions(annotator=annotator, client_key=client_key, group=group)
            if earlier is not None:
                return SubmissionResult(earlier, created=False)
            image_ids = _group_image_ids(group)
            judgments = validate_submission(
                project=group.project,
                image_ids=image_ids,
                prompt_category=prompt_category,
                prompt_flags=prompt_flags,
                images=images,
            )
            if annotated_before:
                raise Conflict(Problem("group", "already_annotated", "you already annotated this group"))
            leases_dropped = _take_place(group=group, annotator=annotator)
            annotation = _record(
                group=group,
                image_ids=image_ids,
                annotator=annotator,
                client_key=client_key,
                prompt_category=prompt_category,
                prompt_flags=list(prompt_flags),
                judgments=judgments,
                time_spent_ms=time_spent_ms,
                source="app",
                status=AnnotationStatus.SUBMITTED,
                lease_delta=-leases_dropped,
            )
            outbox.record_submission(annotation=annotation, group=group)
    except IntegrityError:
        # A concurrent submission with the same key for another group committed first and the
        # unique key refused ours: a reused key, 409. (Retries for the same group wait for the
        # group lock and answer above.)
        earlier = _earlier_submission(annotator=annotator, client_key=client_key, group=group)
        if earlier is None:
            raise
        return SubmissionResult(earlier, created=False)
    return SubmissionResult(annotation, created=True)


def record_annotation(
    *,
    group: PromptGroup,
    annotator,
    client_key,
    prompt_category="",
    prompt_flags=(),
    judgments,
    time_spent_ms=0,
    source="app",
    status=AnnotationStatus.SUBMITTED,
) -> Annotation:
    """Write an annotation as given: no lease, rating or protocol checks, only that `judgments`
    ({"image_id", "ratings", "flags", "slot"}) rank every image of the group once. Runs inside
    the caller's transaction when there is one."""
    image_ids = _group_image_ids(group)
    by_image = {j["image_id"]: j for j in judgments}
    if sorted(by_image) != sorted(image_ids) or len(judgments) != len(image_ids):
        raise Refused(
            Problem("judgments", "images_of_group", f"judgments must rank each image of group {group.pk} once")
        )
    if any(not _is_int(j["slot"]) or j["slot"] < 1 for j in judgments):
        raise Refused(Problem("judgments", "slot_range", "slots are integers from 1 (best)"))
    with transaction.atomic(savepoint=False):
        return _record(
            group=group,
            image_ids=image_ids,
            annotator=annotator,
            client_key=_parse_client_key(client_key),
            prompt_category=prompt_category,
            prompt_flags=list(prompt_flags),
            judgments=[by_image[image_id] for image_id in image_ids],
            time_spent_ms=time_spent_ms,
            source=source,
            status=status,
        )


def validate_submission(*, project: Project, image_ids, prompt_category, prompt_flags, images) -> list[dict]:
    """The judgments in group position order, or `Refused` listing every problem found."""
    problems: list[Problem] = []
    _check_prompt(project, prompt_category, prompt_flags, problems)
    by_image = _check_images(project, image_ids, images, problems)
    if not problems and project.require_consistent_ranking:
        _check_ranking_agrees_with_ratings(project, images, problems)
    if problems:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise Refused(problems, detail=f"Submission refused: {listed}.")
    return [by_image[image_id] for image_id in image_ids]


# --- Rules ---------------------------------------------------------------------------------------


def _check_prompt(project, prompt_category, prompt_flags, problems):
    categories = project.prompt_categories
    if categories and prompt_category not in categories:
        problems.append(
            Problem("prompt_category", "choice", f"{prompt_category!r} is not one of the project's prompt categories")
        )
    elif not categories and prompt_category:
        problems.append(Problem("prompt_category", "choice", "this project has no prompt categories"))
    _check_choices("prompt_flags", prompt_flags, project.prompt_flags, "prompt flags", problems)


def _refuse_oversized(project: Project, *, prompt_category, prompt_flags, images) -> None:
    """Refuse lists longer than the protocol allows: at most the images a group of the project
    can hold, each flag once, ratings for at most the dimensions a protocol may have, a category
    no longer than its column."""
    problems = []
    most_images = project.ranking_slots * project.max_images_per_slot
    if isinstance(images, (list, tuple)) and len(images) > most_images:
        problems.append(Problem("images", "max_length", f"a group of this project has at most {most_images} images"))
    if isinstance(prompt_flags, (list, tuple)) and len(prompt_flags) > len(project.prompt_flags):
        problems.append(
            Problem("prompt_flags", "max_length", f"at most {len(project.prompt_flags)} prompt flags, each once")
        )
    if isinstance(prompt_category, str) and len(prompt_category) > _CATEGORY_LENGTH:
        problems.append(Problem("prompt_category", "max_length", f"at most {_CATEGORY_LENGTH} characters"))
    # Unknown rating keys are named one by one below; past the most dimensions any project may
    # have, the ratings are refused whole.
    most_ratings = settings.PROTOCOL_LIMITS["rating_dimensions"]
    for index, item in enumerate(images[:most_images] if isinstance(images, (list, tuple)) else ()):
        if not isinstance(item, dict):
            continue
        flags, ratings = item.get("flags"), item.get("ratings")
        if isinstance(flags, (list, tuple)) and len(flags) > len(project.image_flags):
            problems.append(
                Problem(
                    f"images[{index}].flags", "max_length", f"at most {len(project.image_flags)} image flags, each once"
                )
            )
        if isinstance(ratings, dict) and len(ratings) > most_ratings:
            problems.append(Problem(f"images[{index}].ratings", "max_length", f"at most {most_ratings} ratings"))
    if problems:
        raise Refused(problems, detail="Submission refused: " + "; ".join(p.message for p in problems) + ".")


_CATEGORY_LENGTH = Annotation._meta.get_field("prompt_category").max_length


def _check_choices(field, values, allowed, what, problems):
    if not isinstance(values, (list, tuple)):
        problems.append(Problem(field, "list", f"{field} must be a list"))
        return
    seen = set()
    for index, value in enumerate(values):
        if value not in allowed:
            problems.append(Problem(f"{field}[{index}]", "choice", f"{value!r} is not one of the project's {what}"))
        elif value in seen:
            problems.append(Problem(f"{field}[{index}]", "unique", f"{value!r} is listed twice"))
        else:
            seen.add(value)


def _check_images(project, image_ids, images, problems) -> dict:
    if not isinstance(images, (list, tuple)) or not all(isinstance(item, dict) for item in images):
        problems.append(Problem("images", "list", "images must be a list of judgments, one per image"))
        return {}
    in_group = set(image_ids)
    dimensions = {d["key"]: d for d in project.rating_dimensions}
    by_image: dict = {}
    for index, item in enumerate(images):
        field = f"images[{index}]"
        image_id = item.get("image_id")
        if image_id not in in_group:
            problems.append(Problem(f"{field}.image_id", "not_in_group", f"image {image_id} is not in this group"))
        elif image_id in by_image:
            problems.append(Problem(f"{field}.image_id", "duplicate_image", f"image {image_id} is judged twice"))
        else:
            by_image[image_id] = item

        ratings = item.get("ratings")
        if not isinstance(ratings, dict):
            problems.append(Problem(f"{field}.ratings", "required", "ratings are required"))
            ratings = {}
        for key, dimension in dimensions.items():
            value = ratings.get(key)
            low, high = dimension["min"], dimension["max"]
            if value is None:
                problems.append(
                    Problem(f"{field}.ratings.{key}", "required", f"rate {dimension['label']} ({low}..{high})")
                )
            elif not _is_int(value):
                problems.append(Problem(f"{field}.ratings.{key}", "integer", f"{value!r} is not an integer"))
            elif not low <= value <= high:
                problems.append(Problem(f"{field}.ratings.{key}", "rating_range", f"{value} is outside {low}..{high}"))
        for key in ratings.keys() - dimensions.keys():
            problems.append(
                Problem(
                    f"{field}.ratings.{key}", "unknown_dimension", f"{key!r} is not a rating dimension of this project"
                )
            )

        _check_choices(f"{field}.flags", item.get("flags", []), project.image_flags, "image flags", problems)

        slot = item.get("slot")
        if not _is_int(slot):
            problems.append(Problem(f"{field}.slot", "integer", f"slot {slot!r} is not an integer"))
        elif not 1 <= slot <= project.ranking_slots:
            problems.append(
                Problem(f"{field}.slot", "slot_range", f"slot {slot} is outside 1..{project.ranking_slots}")
            )

    missing = [image_id for image_id in image_ids if image_id not in by_image]
    if missing:
        problems.append(
            Problem(
                "images", "missing_image", f"images {missing} are not judged: every image of the group is ranked once"
            )
        )

    slots = Counter(item.get("slot") for item in images if _is_int(item.get("slot")))
    for slot, count in sorted(slots.items()):
        if count > project.max_images_per_slot:
            problems.append(
                Problem(
                    f"images[{_last_index_in_slot(images, slot)}].slot",
                    "slot_capacity",
                    f"slot {slot} holds {count} images; at most {project.max_images_per_slot} may share a slot",
                )
            )
    return by_image


def _check_ranking_agrees_with_ratings(project, images, problems):
    """An image rated higher overall may not be ranked below one rated lower (same slot is fine)."""
    key = overall_key(project)
    for (i, a), (j, b) in combinations(enumerate(images), 2):
        if (a["ratings"][key] - b["ratings"][key]) * (a["slot"] - b["slot"]) > 0:
            (hi, higher), (lo, lower) = ((i, a), (j, b)) if a["ratings"][key] > b["ratings"][key] else ((j, b), (i, a))
            problems.append(
                Problem(
                    f"images[{hi}].slot",
                    "ranking_contradicts_ratings",
                    f"image {higher['image_id']} is rated {higher['ratings'][key]} ({key}) but ranked in slot "
                    f"{higher['slot']}, below image {lower['image_id']} rated {lower['ratings'][key]} in slot {lower['slot']}",
                )
            )


def overall_key(project: Project) -> str:
    """The dimension the ranking must agree with: `overall` if the project has it, else its first."""
    keys = [d["key"] for d in project.rating_dimensions]
    return "overall" if "overall" in keys else keys[0]


def _last_index_in_slot(images, slot) -> int:
    return max(index for index, item in enumerate(images) if item.get("slot") == slot)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- Writing -------------------------------------------------------------------------------------


def _parse_client_key(client_key) -> uuid.UUID:
    try:
        return client_key if isinstance(client_key, uuid.UUID) else uuid.UUID(str(client_key))
    except ValueError:
        raise Refused(Problem("client_key", "uuid", f"{client_key!r} is not a UUID")) from None


def _earlier_submissions(*, annotator, client_key, group) -> tuple[Annotation | None, bool]:
    """(The annotation submitted earlier with this key, whether the annotator already annotated
    the group), in one statement."""
    rows = sql.annotations_by_key_or_group(annotator_id=annotator.pk, client_key=client_key, group_id=group.pk)
    earlier = next((a for a in rows if a.client_key == client_key), None)
    if earlier is None:
        return None, any(a.group_id == group.pk for a in rows)
    return _earlier_submission(annotator=annotator, client_key=client_key, group=group, earlier=earlier), True


def _earlier_submission(*, annotator, client_key, group, earlier=None) -> Annotation | None:
    if earlier is None:
        earlier = Annotation.objects.filter(annotator=annotator, client_key=client_key).first()
    if earlier is not None and earlier.group_id != group.pk:
        raise Conflict(
            Problem(
                "client_key",
                "key_reused",
                f"this client_key was used for group {earlier.group_id}; a new submission needs a new key",
            )
        )
    return earlier


def _take_place(*, group: PromptGroup, annotator) -> int:
    """Turn the annotator's live lease into the annotation's place, or take a free place; expired
    leases of the (locked) group are deleted on the way. Returns the number of leases deleted,
    whose places the caller gives back in the same UPDATE that counts the annotation."""
    deleted = sql.delete_leases_for_submission(group_id=group.pk, annotator_id=annotator.pk, now=timezone.now())
    expired = sum(1 for _, live in deleted if not live)
    if expired:
        log.info("returned %d expired leases in project %s", expired, group.project_id)
    if any(annotator_id == annotator.pk and live for annotator_id, live in deleted):
        return len(deleted)
    if group.annotation_count + group.lease_count - expired >= group.annotations_needed:
        raise Conflict(
            Problem(
                "group",
                "no_free_place",
                "your lease on this group expired and others have taken its remaining places",
            )
        )
    return len(deleted)


def _group_image_ids(group: PromptGroup) -> list[int]:
    return sql.group_image_ids(group_id=group.pk)


def _record(
    *,
    group,
    image_ids,
    annotator,
    client_key,
    prompt_category,
    prompt_flags,
    judgments,
    time_spent_ms,
    source,
    status,
    lease_delta=0,
) -> Annotation:
    """judgments in group position order, one per image id."""
    slots = [j["slot"] for j in judgments]
    annotation = sql.insert_annotation(
        Annotation(
            group=group,
            annotator=annotator,
            project_id=group.project_id,
            client_key=client_key,
            prompt_category=prompt_category,
            prompt_flags=prompt_flags,
            time_spent_ms=time_spent_ms,
            status=status,
            source=source,
            gold_agreement=_gold_agreement(group, slots) if group.is_gold else None,
        )
    )
    sql.insert_image_annotations(
        ImageAnnotation(
            annotation=annotation,
            image_id=j["image_id"],
            ratings=j.get("ratings") or {},
            flags=list(j.get("flags") or []),
            slot=j["slot"],
        )
        for j in judgments
    )
    annotation.comparison_count = sql.insert_comparisons(  # for the receipt, without a COUNT(*)
        Comparison(
            project_id=group.project_id,
            annotation=annotation,
            group=group,
            better_id=image_ids[better],
            worse_id=image_ids[worse],
            is_tie=is_tie,
            created_at=annotation.created_at,
        )
        for better, worse, is_tie in expand_ranking_to_pairs(slots)
    )
    if status != AnnotationStatus.REJECTED:
        _count_annotation(group, annotation.created_at, lease_delta=lease_delta)
    elif lease_delta:
        change_lease_count(group, lease_delta)
    annotation_recorded.send(sender=Annotation, annotation=annotation)
    return annotation


def _count_annotation(group: PromptGroup, now, lease_delta=0) -> None:
    # The check constraint group_never_over_annotated refuses a count over annotations_needed.
    # The annotator's lease place (lease_delta -1) becomes the annotation's in the same UPDATE.
    sql.count_annotation(group_id=group.pk, lease_delta=lease_delta, now=now)
    group.annotation_count += 1
    group.lease_count += lease_delta
    if group.annotation_count >= group.annotations_needed:
        group.completed_at = now


def _gold_agreement(group: PromptGroup, slots: list[int]) -> float | None:
    """Share of the gold ranking's non-tied pairs that this ranking orders the same way."""
    gold = group.gold_ranking or []
    if len(gold) != len(slots):
        log.warning("gold group %s has a gold ranking of %d images for %d images", group.pk, len(gold), len(slots))
        return None
    pairs = non_tied_pairs(gold)
    if not pairs:
        return None
    return sum(1 for better, worse in pairs if slots[better] < slots[worse]) / len(pairs)
