"""Helpers for the annotation tests: judgments that satisfy a project's rules, and a count of
every row a submission could write (to show a refusal wrote nothing)."""

import uuid

from annotation.models import Annotation, Comparison, ImageAnnotation, Lease, PromptGroup, Skip


def image_ids(group):
    return list(group.group_images.order_by("position").values_list("image_id", flat=True))


def judgments(group, slots=None, *, overall=None, flags=None):
    """One judgment per image in position order; by default image i goes to slot i + 1 (capped
    at 5) and is rated so that the ranking agrees with the ratings."""
    ids = image_ids(group)
    slots = slots or [min(i + 1, 5) for i in range(len(ids))]
    overall = overall or [max(1, 7 - slot) for slot in slots]
    return [
        {
            "image_id": image_id,
            "ratings": {"overall": rating, "alignment": 4, "fidelity": 4},
            "flags": list((flags or {}).get(index, [])),
            "slot": slot,
        }
        for index, (image_id, slot, rating) in enumerate(zip(ids, slots, overall))
    ]


def submission(group, slots=None, **changes):
    body = {
        "client_key": str(uuid.uuid4()),
        "prompt_category": "Abstract",
        "prompt_flags": [],
        "time_spent_ms": 12_000,
        "images": judgments(group, slots),
    }
    body.update(changes)
    return body


def submit_kwargs(group, slots=None, **changes):
    """submission() as keyword arguments of services.submission.submit_annotation."""
    body = submission(group, slots, **changes)
    return {"group": group, **body}


def row_counts():
    return {
        model.__name__: model.objects.count() for model in (Annotation, ImageAnnotation, Comparison, Lease, Skip)
    } | {"placed": sum(PromptGroup.objects.values_list("annotation_count", flat=True))}
