"""Writing an accepted import: the files of the images not in the project yet (each stored once,
by content), then in one transaction its batch, those images' rows, the prompts not in it yet,
the groups and their images, and, with `rankings_as`, one annotation per ranked group through
the submission service; with `qualification`, the groups (gold ones) join the project's
qualification set."""

from __future__ import annotations

import uuid
from functools import partial

from django.db import transaction

from ..errors import Problem, Refused
from ..models import Comparison, GroupImage, Image, ImportBatch, Prompt, PromptGroup
from ..services.qualification import put_in_qualification_set
from ..services.submission import record_annotation
from ..webhooks import outbox
from .images import store_image
from .parallel import map_in_threads
from .spec import CHUNK


def write_batch(
    *, project, plans, format, source, created_by, annotator, gold, qualification=False, progress=None
) -> ImportBatch:
    counts = {
        "groups": 0,
        "images": 0,
        "images_reused": 0,
        "prompts": 0,
        "gold_groups": 0,
        "qualification_groups": 0,
        "annotations": 0,
        "comparisons": 0,
    }
    shas = sorted({row.sha256 for plan in plans for row in plan.images})
    texts = sorted({plan.prompt for plan in plans})
    known = set()
    for start in range(0, len(shas), CHUNK):
        known.update(
            Image.objects.filter(project=project, sha256__in=shas[start : start + CHUNK]).values_list(
                "sha256", flat=True
            )
        )
    # The files first, outside the transaction and in threads: storing is most of an import's
    # time, and a file is named by its content, so one left behind by a failed import is the
    # file a later import of the same image needs.
    first_rows = {}
    for plan in plans:
        for row in plan.images:
            if row.sha256 not in known:
                first_rows.setdefault(row.sha256, row)
    stored = dict(
        zip(
            first_rows,
            map_in_threads(
                partial(store_image, project), list(first_rows.values()), stage="storing", progress=progress
            ),
        )
    )
    if progress is not None:
        progress("writing", 0, 1)
    with transaction.atomic():
        batch = ImportBatch.objects.create(project=project, created_by=created_by, source=source[:1000], format=format)

        images: dict[str, Image] = {}
        for start in range(0, len(shas), CHUNK):
            for image in Image.objects.filter(project=project, sha256__in=shas[start : start + CHUNK]):
                images[image.sha256] = image
        new_images = []
        for sha, row in first_rows.items():
            if sha in images:  # another import added it meanwhile
                continue
            image = Image(
                project=project,
                sha256=sha,
                width=row.width,
                height=row.height,
                generator=row.generator,
                seed=row.seed,
                metadata=row.metadata,
                import_batch=batch,
            )
            image.file.name = stored[sha]
            images[sha] = image
            new_images.append(image)
        Image.objects.bulk_create(new_images, batch_size=CHUNK)
        listed = [row.sha256 for plan in plans for row in plan.images]
        counts["images"] = len(new_images)
        counts["images_reused"] = len(listed) - len(new_images)

        prompts: dict[str, Prompt] = {}
        for start in range(0, len(texts), CHUNK):
            for prompt in Prompt.objects.filter(project=project, text__in=texts[start : start + CHUNK]).order_by("id"):
                prompts.setdefault(prompt.text, prompt)
        new_prompts = [Prompt(project=project, text=text) for text in texts if text not in prompts]
        Prompt.objects.bulk_create(new_prompts, batch_size=CHUNK)
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
        PromptGroup.objects.bulk_create(groups, batch_size=CHUNK)
        GroupImage.objects.bulk_create(
            [
                GroupImage(group=group, image=images[row.sha256], position=position)
                for group, plan in zip(groups, plans)
                for position, row in enumerate(plan.images)
            ],
            batch_size=CHUNK,
        )
        counts["groups"] = len(groups)
        counts["gold_groups"] = len(groups) if gold else 0
        if qualification:
            counts["qualification_groups"] = put_in_qualification_set(group_ids=[g.pk for g in groups])

        if annotator is not None:
            counts["annotations"] = _record_rankings(batch, annotator, groups, plans, images)
            counts["comparisons"] = Comparison.objects.filter(group__import_batch=batch).count()

        batch.counts = counts
        batch.save(update_fields=["counts"])
        outbox.record_import(batch)
    if progress is not None:
        progress("writing", 1, 1)
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
