"""Qualification: with `project.require_qualification` on, a member new to the project gets
qualification groups (gold groups a manager marked) and no real work until they pass.

- An attempt is the next `qualification_size` qualification groups the annotator answers; its
  score is the mean of their gold agreement (the share of the reference ranking's non-tied pairs
  they ordered the same way, computed at submission). They pass with a score of at least
  `qualification_pass_mark`.
- A failed attempt starts the next one on other qualification groups (an annotator answers a
  group once), so the set should hold at least twice `qualification_size` groups. After two
  failed attempts the annotator is refused until a manager resets them (the reset is kept on
  the attempts, with who, when and why).
- Members who already did real work in the project when qualification was turned on keep
  working: the rule is for newcomers.

The gate (`qualification_gate`) runs inside `next_task` under the annotator's row lock, so
however many tabs ask at once, one who has not passed only ever leases qualification groups.
A qualification group takes every newcomer: marking it gives it QUALIFICATION_PLACES places.
Managers mark gold groups (or import them so), and take one out again unless an attempt in
progress uses it. The annotator is told where they stand: each task's place in their attempt
(`qualification_place`) and their results in words (`my_qualification`)."""

from django.db import transaction
from django.db.models import Avg, Exists, OuterRef
from django.utils import timezone

from ..errors import Problem, Refused
from ..models import Annotation, Lease, Membership, Project, PromptGroup, QualificationAttempt, Role
from ..permissions import require_role

MAX_FAILURES = 2
STATES = ("not_required", "not_started", "in_progress", "passed", "failed")  # an annotator's, per project
QUALIFICATION_PLACES = 32767  # PositiveSmallIntegerField's largest value


def mark_qualification_groups(*, project: Project, group_ids: list[int], marked_by) -> list[PromptGroup]:
    """Mark gold groups of the project as its qualification set. Unknown or non-gold groups are
    refused, naming each, and nothing is marked."""
    require_role(marked_by, project, Role.MANAGER)
    found = {g.pk: g for g in PromptGroup.objects.filter(project=project, pk__in=group_ids)}
    problems = [
        Problem(f"groups[{i}]", "unknown", f"no group {pk} in this project")
        if pk not in found
        else Problem(f"groups[{i}]", "not_gold", f"group {pk} has no reference ranking (not a gold group)")
        for i, pk in enumerate(group_ids)
        if pk not in found or not found[pk].is_gold
    ]
    if not group_ids:
        problems.append(Problem("groups", "required", "name at least one gold group"))
    if problems:
        raise Refused(problems)
    with transaction.atomic():
        put_in_qualification_set(group_ids=group_ids)
    return list(PromptGroup.objects.filter(pk__in=group_ids).order_by("pk"))


def put_in_qualification_set(*, group_ids: list[int]) -> int:
    """The write of marking, inside the caller's transaction, for gold groups the caller checked
    (mark_qualification_groups; an import with `qualification`, whose groups it just made gold).
    The number of groups marked."""
    return PromptGroup.objects.filter(pk__in=group_ids, is_gold=True).update(
        is_qualification=True, annotations_needed=QUALIFICATION_PLACES, completed_at=None
    )


def unmark_qualification_group(*, project: Project, group_id: int, unmarked_by) -> PromptGroup:
    """Take a group out of the qualification set; it stays a gold group. Refused (409) while an
    attempt in progress holds or has answered it: that attempt is scored on the groups it was
    given. The group's places go back to the project's `annotations_per_group` (or to those
    already taken, when more). Unmarking a gold group that is not in the set changes nothing;
    a group that is not a gold group of the project is unknown (404)."""
    require_role(unmarked_by, project, Role.MANAGER)
    with transaction.atomic():
        group = None
        if 0 < group_id < 2**63:
            group = PromptGroup.objects.select_for_update().filter(project=project, pk=group_id, is_gold=True).first()
        if group is None:
            raise Refused(Problem("group", "unknown", f"no gold group {group_id} in this project"), status_code=404)
        if not group.is_qualification:
            return group
        qualifying = QualificationAttempt.objects.filter(
            project=project, passed__isnull=True, annotator=OuterRef("annotator")
        )
        busy = sorted(
            set(
                Lease.objects.filter(group=group, expires_at__gt=timezone.now())
                .filter(Exists(qualifying))
                .values_list("annotator__username", flat=True)
            )
            | set(
                Annotation.objects.filter(group=group)
                .filter(Exists(qualifying.filter(started_at__lte=OuterRef("created_at"))))
                .values_list("annotator__username", flat=True)
            )
        )
        if busy:
            raise Refused(
                Problem(
                    "group",
                    "in_an_attempt",
                    f"group {group.pk} is part of the qualification attempt in progress of {', '.join(busy)}; "
                    "unmark it once they finished",
                ),
                status_code=409,
            )
        group.is_qualification = False
        group.annotations_needed = max(project.annotations_per_group, group.annotation_count + group.lease_count)
        group.completed_at = timezone.now() if group.annotation_count >= group.annotations_needed else None
        group.save(update_fields=["is_qualification", "annotations_needed", "completed_at"])
    return group


def qualification_gate(*, project: Project, annotator) -> bool:
    """True when the annotator may only lease qualification groups now; False when they may work.
    Finishes an attempt that has all its answers. Raises Refused (403) after two failures. Call
    with the annotator's row locked (next_task does)."""
    if not project.require_qualification:
        return False
    attempts = list(QualificationAttempt.objects.filter(project=project, annotator=annotator))
    if any(a.passed for a in attempts):
        return False
    if (
        not attempts
        and Annotation.objects.filter(project=project, annotator=annotator, group__is_qualification=False).exists()
    ):
        return False  # worked here before qualification was required
    current = next((a for a in attempts if a.passed is None), None)
    if current is None:
        failed = [a for a in attempts if a.passed is False and a.reset_at is None]
        if len(failed) >= MAX_FAILURES:
            raise Refused(Problem("annotator", "qualification_failed", _out_message(project, failed)), status_code=403)
        current = QualificationAttempt.objects.create(project=project, annotator=annotator, number=len(attempts) + 1)
    if _finish(project, annotator, current) is None:
        return True
    return False if current.passed else qualification_gate(project=project, annotator=annotator)


def settle_qualification(*, project: Project, annotator) -> None:
    """Record the result of an attempt that has all its answers, in a transaction of its own:
    next_task calls this first, so a result stays recorded even when the gate then refuses
    (a refusal rolls back next_task's transaction). Finishing twice writes the same result."""
    if not project.require_qualification:
        return
    current = QualificationAttempt.objects.filter(project=project, annotator=annotator, passed__isnull=True).first()
    if current is not None:
        with transaction.atomic():
            _finish(project, annotator, current)


def _finish(project: Project, annotator, attempt: QualificationAttempt) -> bool | None:
    """Score `attempt` once it has `qualification_size` answers (None before)."""
    answered = list(
        Annotation.objects.filter(
            project=project, annotator=annotator, group__is_qualification=True, created_at__gte=attempt.started_at
        )
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[: project.qualification_size]
    )
    if len(answered) < project.qualification_size:
        return None
    score = Annotation.objects.filter(pk__in=answered).aggregate(score=Avg("gold_agreement"))["score"] or 0.0
    attempt.score, attempt.finished_at = score, timezone.now()
    attempt.passed = score >= project.qualification_pass_mark
    QualificationAttempt.objects.filter(pk=attempt.pk, passed__isnull=True).update(
        score=attempt.score, finished_at=attempt.finished_at, passed=attempt.passed
    )
    return attempt.passed


def refuse_no_qualification_group(project: Project) -> None:
    raise Refused(
        Problem(
            "annotator",
            "qualification_unavailable",
            "this project asks newcomers to qualify first and has no qualification group left for you; "
            f"ask a project manager ({_managers(project)})",
        ),
        status_code=403,
    )


def reset_qualification(*, project: Project, annotator, reset_by, note: str) -> list[QualificationAttempt]:
    """A manager lets an annotator who failed try again: their failed attempts stop counting."""
    require_role(reset_by, project, Role.MANAGER)
    note = (note or "").strip()
    if not note:
        raise Refused(Problem("note", "required", "say why the annotator may try again"))
    settle_qualification(project=project, annotator=annotator)
    with transaction.atomic():
        failed = list(
            QualificationAttempt.objects.select_for_update().filter(
                project=project, annotator=annotator, passed=False, reset_at__isnull=True
            )
        )
        if not failed:
            raise Refused(
                Problem("annotator", "not_failed", f"{annotator.username} has no failed qualification to reset"),
                status_code=409,
            )
        now = timezone.now()
        for attempt in failed:
            attempt.reset_by, attempt.reset_at, attempt.reset_note = reset_by, now, note
            attempt.save(update_fields=["reset_by", "reset_at", "reset_note"])
    return failed


def qualification_status(*, project: Project, annotator) -> dict:
    attempts = list(QualificationAttempt.objects.filter(project=project, annotator=annotator))
    failed = [a for a in attempts if a.passed is False and a.reset_at is None]
    if not project.require_qualification:
        state = "not_required"
    elif any(a.passed for a in attempts):
        state = "passed"
    elif len(failed) >= MAX_FAILURES:
        state = "failed"
    else:
        state = "in_progress" if attempts else "not_started"
    return {"state": state, "attempts": attempts}


def qualification_place(*, project: Project, annotator, lease: Lease) -> dict | None:
    """Where a leased qualification group stands for an annotator who is qualifying: the attempt
    it counts in and its place there ({"attempt", "position", "size"}), counting the groups of the
    attempt answered and those held before it (a prefetched group comes after the one on screen).
    A place past the attempt's end is the next attempt's (if this one fails). None when the
    annotator has no attempt in progress or the group is not a qualification group."""
    if not (project.require_qualification and lease.group.is_qualification):
        return None
    current = QualificationAttempt.objects.filter(project=project, annotator=annotator, passed__isnull=True).first()
    if current is None:
        return None
    answered = Annotation.objects.filter(
        project=project, annotator=annotator, group__is_qualification=True, created_at__gte=current.started_at
    ).count()
    held_before = Lease.objects.filter(
        project=project,
        annotator=annotator,
        group__is_qualification=True,
        pk__lt=lease.pk,
        expires_at__gt=timezone.now(),
    ).count()
    ahead, size = answered + held_before, project.qualification_size
    return {"attempt": current.number + ahead // size, "position": ahead % size + 1, "size": size}


def my_qualification(*, project: Project, annotator) -> dict:
    """An annotator's own qualification, as their task screen shows it: the state, the attempt in
    progress and its answers, every attempt's result, and what the latest finished one means for
    them in words (naming the managers who can let them try again). A result that has all its
    answers is recorded first (as next_task does), so the answer is current."""
    settle_qualification(project=project, annotator=annotator)
    status = qualification_status(project=project, annotator=annotator)
    attempts = status["attempts"]
    current = next((a for a in attempts if a.passed is None), None)
    answered = 0
    if current is not None:
        answered = Annotation.objects.filter(
            project=project, annotator=annotator, group__is_qualification=True, created_at__gte=current.started_at
        ).count()
    failed = [a for a in attempts if a.passed is False and a.reset_at is None]
    finished = [a for a in attempts if a.passed is not None]
    latest = finished[-1] if finished else None
    return {
        **status,
        "size": project.qualification_size,
        "pass_mark": project.qualification_pass_mark,
        "attempt": current.number if current else None,
        "answered": min(answered, project.qualification_size),
        "failures_left": max(0, MAX_FAILURES - len(failed)),
        "latest": latest,
        "message": _result_message(project, status["state"], latest, failed),
        "managers": _manager_names(project),
    }


def _result_message(project: Project, state: str, latest: QualificationAttempt | None, failed) -> str:
    mark, size = project.qualification_pass_mark, project.qualification_size
    if state == "not_required":
        return ""
    if state == "failed":
        return _out_message(project, failed)
    if latest is None:
        return (
            f"Qualify first: answer {size} qualification groups; you pass with a mean agreement of at least "
            f"{mark:.0%} with their reference rankings. Your work counts once you pass."
        )
    agreement = f"your rankings agreed with the reference rankings on {latest.score:.0%} of image pairs"
    if latest.passed:
        return f"You passed the qualification: {agreement} (the pass mark is {mark:.0%}). Your work now counts."
    if latest.reset_at is not None:
        who = latest.reset_by.username if latest.reset_by else "a manager"
        return f"{who} let you try the qualification again ({latest.reset_note}). The pass mark is {mark:.0%}."
    return (
        f"Attempt {latest.number} did not pass: {agreement}, below the pass mark of {mark:.0%}. "
        f"You have {MAX_FAILURES - len(failed)} more attempt{'s' if MAX_FAILURES - len(failed) != 1 else ''}, "
        "on other groups."
    )


def _out_message(project: Project, failed: list[QualificationAttempt]) -> str:
    return (
        f"You did not pass this project's qualification in {len(failed)} attempts (scores "
        f"{', '.join(f'{a.score:.0%}' for a in failed)}; the pass mark is "
        f"{project.qualification_pass_mark:.0%} over {project.qualification_size} groups). "
        f"A project manager can let you try again ({_managers(project)})."
    )


def _manager_names(project: Project) -> list[str]:
    return sorted(
        Membership.objects.filter(project=project, role=Role.MANAGER).values_list("user__username", flat=True)
    )


def _managers(project: Project) -> str:
    return ", ".join(_manager_names(project)) or "a project manager"
