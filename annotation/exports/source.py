"""Reads a snapshot's data from the database, a chunk of annotations at a time.

A snapshot freezes its annotation ids in (group id, annotation id) order. Reading walks that
list in chunks; each chunk costs six queries (annotations, their per-image judgments, their
groups, the groups' prompts, the groups' images, those images' files), so memory holds one
chunk whatever the size of the snapshot, the query count grows with size / chunk, and nothing
depends on server-side cursors (the same code runs on SQLite and PostgreSQL). A group whose
annotations straddle two chunks is held back and completed by the next one.

Every query looks rows up by primary or foreign key (`= ANY(ids)`), one table at a time where a
join would read a whole table: PostgreSQL answers "a chunk's groups joined to their prompts" (or
"their images joined to the image table") with a scan of the whole prompt (image) table once the
chunk is a few percent of it, and doing that once a chunk makes an export's time grow with the
square of the project. Annotators' names are looked up once per export (there are few)."""

import json
import os
from collections.abc import Iterable, Iterator

import numpy as np
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, TextField, Value
from django.db.models.functions import Cast

from ..models import Annotation, GroupImage, Image, ImageAnnotation, Prompt, PromptGroup
from .records import ExportImage, GroupRecord, Judgment, record_id_for
from .split import normalise_prompt, prompt_key


class SnapshotDataError(Exception):
    """The database no longer holds what the snapshot froze (or never held it consistently)."""


def chunk_size() -> int:
    # PostgreSQL gets a chunk's ids as one array parameter; SQLite caps the number of bound
    # parameters per query (32766 since 3.32, 999 before).
    return 2000 if connection.vendor == "postgresql" else 900


def any_of(field: str, ids: list[int]):
    """A filter `field IN ids`. On PostgreSQL the ids travel as one array parameter
    (`field = ANY(%s)`): thousands of placeholders cost more to build and parse than the query.
    The array goes as its text form: adapting a list checks every element's type."""
    if connection.vendor == "postgresql":
        literal = "{" + ",".join(map(str, map(int, ids))) + "}"
        return Func(
            F(field),
            Value(literal),
            arg_joiner=" = ANY(",
            template="%(expressions)s::bigint[])",
            output_field=BooleanField(),
        )
    return Q(**{f"{field}__in": ids})


class JsonValues:
    """Decodes JSON columns read as text, remembering recent texts: ratings and flags repeat a
    lot (a few hundred rating triples), so most rows cost a dict lookup. Decoded values are
    shared between rows and must not be modified."""

    def __init__(self, limit: int = 10000):
        self.seen: dict[str, object] = {}
        self.cells: dict[tuple, tuple] = {}
        self.limit = limit

    def judged(self, ratings: str | None, flags: str | None, slot: int) -> tuple[dict, tuple[str, ...], int]:
        """One image's judgment (ratings, sorted flags, slot), from its columns: one lookup for
        the whole row where it repeats, as most do."""
        key = (ratings, flags, slot)
        cell = self.cells.get(key)
        if cell is None:
            if len(self.cells) >= self.limit:
                self.cells.clear()
            cell = self.cells[key] = (self(ratings) or {}, tuple(sorted(self(flags) or ())), slot)
        return cell

    def __call__(self, text):
        if text is None or not isinstance(text, str):
            return text
        value = self.seen.get(text)
        if value is None:
            value = json.loads(text)
            if len(self.seen) >= self.limit:
                self.seen.clear()
            self.seen[text] = value
        return value


def chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def export_image_path(sha256: str, storage_name: str) -> str:
    """Where an image sits inside an export: content-addressed, two-level, its own extension
    (os.path.splitext's; the common case is read without it, as this runs once per image)."""
    dot = storage_name.rfind(".")
    if dot > 0 and storage_name[dot - 1] not in "./" and storage_name.find("/", dot) < 0:
        ext = storage_name[dot:].lower()
    else:
        ext = os.path.splitext(storage_name)[1].lower()
    return f"images/{sha256[:2]}/{sha256}{ext}"


def prompt_keys(annotation_ids: list[int], *, seed: int) -> np.ndarray:
    """The split keys of every prompt the annotations belong to (with repeats)."""
    parts = []
    for chunk in chunks(annotation_ids, chunk_size()):
        group_ids = sorted(set(Annotation.objects.filter(any_of("id", chunk)).values_list("group_id", flat=True)))
        texts = [text for _, _, text, _ in _groups(group_ids).values()]
        parts.append(np.fromiter((prompt_key(seed, t) for t in texts), dtype=np.uint64, count=len(texts)))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)


def _groups(group_ids: list[int]) -> dict[int, tuple[str, int, str, bool]]:
    """Group id -> (external id, prompt id, prompt text, is gold), the prompts read apart."""
    rows = list(
        PromptGroup.objects.filter(any_of("id", group_ids)).values_list("id", "external_id", "prompt_id", "is_gold")
    )
    prompt_ids = sorted({row[2] for row in rows})
    texts = dict(Prompt.objects.filter(any_of("id", prompt_ids)).values_list("id", "text"))
    return {
        group_id: (external_id, prompt_id, texts[prompt_id], is_gold)
        for group_id, external_id, prompt_id, is_gold in rows
    }


class Usernames:
    """Annotators' usernames by user id, each read once an export."""

    def __init__(self):
        self.names: dict[int, str] = {}

    def __call__(self, user_ids) -> dict[int, str]:
        missing = sorted(set(user_ids) - self.names.keys())
        if missing:
            users = get_user_model().objects.filter(any_of("id", missing)).values_list("id", "username")
            self.names.update(users)
        return self.names


def held_out_texts(project_id: int, entries: Iterable) -> tuple[set[str], list]:
    """Normalised texts of held-out entries (prompt ids or texts), and the ids no prompt has."""
    ids = [e for e in entries if not isinstance(e, str)]
    texts = {normalise_prompt(e) for e in entries if isinstance(e, str)}
    found = {}
    for chunk in chunks(ids, chunk_size()):
        found.update(Prompt.objects.filter(any_of("id", chunk), project_id=project_id).values_list("id", "text"))
    texts.update(normalise_prompt(t) for t in found.values())
    return texts, [i for i in ids if i not in found]


def iter_groups(annotation_ids: list[int], *, size: int | None = None) -> Iterator[GroupRecord]:
    """The snapshot's groups in group id order, each with all of its frozen judgments."""
    pending: GroupRecord | None = None
    last_group_id = -1

    def in_order(record: GroupRecord) -> GroupRecord:
        nonlocal last_group_id
        if record.group_id <= last_group_id:
            raise SnapshotDataError("the snapshot's annotation ids are not in group order")
        last_group_id = record.group_id
        return record

    decode, usernames = JsonValues(), Usernames()
    for chunk in chunks(annotation_ids, size or chunk_size()):
        records = _read_chunk(chunk, decode, usernames)
        if pending is not None:
            if records and records[0].group_id == pending.group_id:
                records[0] = _merge(pending, records[0])
            else:
                records.insert(0, pending)
        # The chunk's last group may go on in the next chunk.
        pending = records.pop() if records else None
        for record in records:
            yield in_order(record)
    if pending is not None:
        yield in_order(pending)


def _read_chunk(chunk: list[int], decode: JsonValues, usernames: Usernames) -> list[GroupRecord]:
    # JSON columns are read as text and decoded by `decode` (see JsonValues).
    annotations = list(
        Annotation.objects.filter(any_of("id", chunk))
        .order_by("group_id", "id")
        .values_list("id", "group_id", "annotator_id", "prompt_category", Cast("prompt_flags", TextField()))
    )
    if len(annotations) != len(chunk):
        missing = sorted(set(chunk) - {row[0] for row in annotations})
        raise SnapshotDataError(
            f"{len(missing)} of the snapshot's annotations no longer exist (e.g. id {missing[0]}); "
            "its files can no longer be reproduced"
        )
    per_annotation: dict[int, dict[int, tuple]] = {annotation_id: {} for annotation_id in chunk}
    judged = decode.judged
    for annotation_id, image_id, ratings, flags, slot in ImageAnnotation.objects.filter(
        any_of("annotation_id", chunk)
    ).values_list("annotation_id", "image_id", Cast("ratings", TextField()), Cast("flags", TextField()), "slot"):
        per_annotation[annotation_id][image_id] = judged(ratings, flags, slot)

    names = usernames({row[2] for row in annotations})
    group_ids = sorted({row[1] for row in annotations})
    groups = _groups(group_ids)
    members = list(
        GroupImage.objects.filter(any_of("group_id", group_ids))
        .order_by("group_id", "position")
        .values_list("group_id", "image_id")
    )
    files = {
        image_id: (storage_name, sha256)
        for image_id, storage_name, sha256 in Image.objects.filter(
            any_of("id", sorted({image_id for _, image_id in members}))
        ).values_list("id", "file", "sha256")
    }
    images: dict[int, list[ExportImage]] = {}
    for group_id, image_id in members:
        storage_name, sha256 = files[image_id]
        group_images = images.get(group_id)
        if group_images is None:
            group_images = images[group_id] = []
        group_images.append(ExportImage(image_id, export_image_path(sha256, storage_name), storage_name, sha256))

    records: list[GroupRecord] = []
    judgments: list[Judgment] = []
    for index, (annotation_id, group_id, annotator_id, category, prompt_flags) in enumerate(annotations):
        group_images = images.get(group_id, [])
        by_image = per_annotation[annotation_id]
        try:
            rows = [by_image[img.image_id] for img in group_images]
            if len(rows) != len(by_image):
                raise KeyError(group_id)
        except KeyError:
            raise SnapshotDataError(
                f"annotation {annotation_id} does not judge exactly the images of group {group_id}"
            ) from None
        ratings, image_flags, slots = zip(*rows) if rows else ((), (), ())
        judgments.append(
            Judgment(
                annotation_id=annotation_id,
                annotator=names[annotator_id],
                category=category or "",
                prompt_flags=tuple(sorted(decode(prompt_flags) or ())),
                slots=slots,
                ratings=ratings,
                image_flags=image_flags,
                annotator_id=annotator_id,
            )
        )
        last_of_group = index + 1 == len(annotations) or annotations[index + 1][1] != group_id
        if last_of_group:
            external_id, prompt_id, prompt, is_gold = groups[group_id]
            records.append(
                GroupRecord(
                    group_id=group_id,
                    record_id=record_id_for(group_id, external_id),
                    prompt_id=prompt_id,
                    prompt=prompt,
                    is_gold=is_gold,
                    images=tuple(group_images),
                    judgments=tuple(judgments),
                )
            )
            judgments = []
    return records


def _merge(first: GroupRecord, second: GroupRecord) -> GroupRecord:
    return GroupRecord(
        group_id=first.group_id,
        record_id=first.record_id,
        prompt_id=first.prompt_id,
        prompt=first.prompt,
        is_gold=first.is_gold,
        images=first.images,
        judgments=first.judgments + second.judgments,
    )
