"""Helpers for export tests: annotated prompt groups and reading back what an export wrote."""

import json
import uuid
from pathlib import Path

from django.conf import settings

from annotation.models import AnnotationStatus
from annotation.services.exports import create_snapshot, export_snapshot, snapshot_dir
from annotation.services.submission import record_annotation
from tests.factories import make_group


def ratings_for(slot: int) -> dict:
    """Ratings that agree with the slot (slot 1 rates 7)."""
    return {"overall": 8 - slot, "alignment": 8 - slot, "fidelity": 8 - slot}


def annotate(
    group,
    annotator,
    slots,
    *,
    ratings=None,
    category="Animals",
    prompt_flags=(),
    image_flags=None,
    status=AnnotationStatus.SUBMITTED,
):
    image_ids = list(group.group_images.order_by("position").values_list("image_id", flat=True))
    assert len(slots) == len(image_ids)
    judgments = [
        {
            "image_id": image_id,
            "ratings": ratings[i] if ratings else ratings_for(slot),
            "flags": list(image_flags[i]) if image_flags else [],
            "slot": slot,
        }
        for i, (image_id, slot) in enumerate(zip(image_ids, slots))
    ]
    return record_annotation(
        group=group,
        annotator=annotator,
        client_key=uuid.uuid4(),
        prompt_category=category,
        prompt_flags=list(prompt_flags),
        judgments=judgments,
        status=status,
    )


def annotated_group(project, annotator, slots, *, prompt=None, needed=None, **kwargs):
    group = make_group(project, k=len(slots), prompt=prompt or f"prompt {uuid.uuid4().hex[:8]}", needed=needed)
    annotate(group, annotator, slots, **kwargs)
    return group


def exported(project, **request):
    """Create a snapshot and export it at once; the ready snapshot."""
    snapshot = create_snapshot(project=project, enqueue=False, **request)
    return export_snapshot(snapshot_id=snapshot.pk)


def read_json(snapshot, name):
    return json.loads((snapshot_dir(snapshot) / name).read_text(encoding="utf-8"))


def read_jsonl(snapshot, name):
    with open(snapshot_dir(snapshot) / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def file_bytes(snapshot) -> dict[str, bytes]:
    root = snapshot_dir(snapshot)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def archive_path(snapshot) -> Path:
    return Path(settings.EXPORT_ROOT) / snapshot.archive_path
