"""The quality loop's writes: the stored quality report, pausing and resuming annotators.

- `recompute_quality` computes a project's figures (annotation.quality.project_quality), stores
  them with their `computed_at` (the dashboard reads them, never computing per request), then
  applies the pausing rules.
- Pausing rules: an annotator whose flags include a rule with a project bar set (rolling gold
  accuracy under `gold_accuracy_bar`, agreement with the majority under `agreement_bar`, see
  annotation/quality_rules.py) is paused. One a manager has resumed is paused again only on work
  done after the resume: the data that paused them the first time does not count twice.
- Paused means: `next_task` refuses them (annotation/services/assignment.py), the leases they
  hold are given back here, their unreviewed annotations lead the review queue
  (annotation.quality.review_queue). Only a manager resumes, with a note; the AnnotatorPause rows
  keep who paused and resumed, when and why.

Pausing takes the annotator's row lock, as next_task does, so a lease is never handed to an
annotator in the instant they are paused."""

import time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .. import sql
from ..errors import Conflict, Problem, Refused
from ..models import Annotation, AnnotatorPause, Lease, Project, QualityReport, Role
from ..permissions import require_role
from ..quality import project_quality
from ..webhooks import events, outbox
from .assignment import drop_lease, lock_group


def recompute_quality(*, project: Project) -> QualityReport:
    """Compute and store the project's quality figures, then pause whom the bars say to."""
    began = time.perf_counter()
    figures = project_quality(project=project)
    report, _ = QualityReport.objects.update_or_create(
        project=project,
        defaults={"figures": figures, "computed_at": timezone.now(), "seconds": time.perf_counter() - began},
    )
    apply_pausing_rules(project=project, figures=figures)
    return report


def apply_pausing_rules(*, project: Project, figures: dict) -> list[AnnotatorPause]:
    paused = []
    for row in figures["annotators"]:
        pausing = [flag for flag in row.get("flags", []) if flag["pauses"]]
        if not pausing:
            continue
        last = AnnotatorPause.objects.filter(project=project, annotator_id=row["id"]).first()
        if last is not None and last.resumed_at is None:
            continue
        if (
            last is not None
            and not Annotation.objects.filter(
                project=project, annotator_id=row["id"], created_at__gt=last.resumed_at
            ).exists()
        ):
            continue
        annotator = get_user_model().objects.get(pk=row["id"])
        reason = "; ".join(flag["message"] for flag in pausing)
        paused.append(pause_annotator(project=project, annotator=annotator, rule=pausing[0]["rule"], reason=reason))
    return paused


def pause_annotator(*, project: Project, annotator, rule: str, reason: str, paused_by=None) -> AnnotatorPause:
    """Pause `annotator` in `project` and give back the leases they hold. A manager pausing by
    hand (`paused_by`) must say why. Pausing one who is paused returns the open pause."""
    if paused_by is not None:
        require_role(paused_by, project, Role.MANAGER)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(Problem("reason", "required", "say why the annotator is paused"))
    with transaction.atomic():
        sql.lock_annotator(annotator_id=annotator.pk)
        pause = AnnotatorPause.objects.filter(project=project, annotator=annotator, resumed_at__isnull=True).first()
        if pause is not None:
            return pause
        pause = AnnotatorPause.objects.create(
            project=project, annotator=annotator, rule=rule, reason=reason, paused_by=paused_by
        )
        for group_id in Lease.objects.filter(project=project, annotator=annotator).values_list("group_id", flat=True):
            drop_lease(group=lock_group(group_id=group_id), annotator=annotator)
        outbox.record(
            project.pk,
            events.ANNOTATOR_PAUSED,
            {"project_id": project.pk, "annotator": annotator.username, "rule": rule, "reason": reason},
        )
    return pause


def resume_annotator(*, project: Project, annotator, resumed_by, note: str) -> AnnotatorPause:
    """A manager lets a paused annotator work again, saying why."""
    require_role(resumed_by, project, Role.MANAGER)
    note = (note or "").strip()
    if not note:
        raise Refused(Problem("note", "required", "say why the annotator may work again"))
    with transaction.atomic():
        pause = (
            AnnotatorPause.objects.select_for_update()
            .filter(project=project, annotator=annotator, resumed_at__isnull=True)
            .first()
        )
        if pause is None:
            raise Conflict(Problem("annotator", "not_paused", f"{annotator.username} is not paused in this project"))
        pause.resumed_by, pause.resumed_at, pause.resume_note = resumed_by, timezone.now(), note
        pause.save(update_fields=["resumed_by", "resumed_at", "resume_note"])
    return pause


def open_pause(*, project: Project, annotator) -> AnnotatorPause | None:
    return AnnotatorPause.objects.filter(project=project, annotator=annotator, resumed_at__isnull=True).first()
