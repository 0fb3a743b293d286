"""How a task reaches an annotator.

A prompt group needs `annotations_needed` annotations. Each annotation and each lease holds one
*place* in the group, and the group row counts them (`annotation_count`, `lease_count`); the
database refuses a row where they add up to more than `annotations_needed`. Every change to a
group's places happens with the group's row locked, so the counters are exact, and a group is
never handed to more annotators than it needs.

`next_task` for an annotator in a project:

1. One call at a time per annotator (the annotator's user row is locked), so the rules below
   cannot be raced by the same person in two tabs.
2. Expired leases in the project are deleted and their places returned to the queue: at most
   every `SWEEP_SECONDS` per project and process, and whenever the queue below comes up empty
   (then the queue is looked at again).
3. A group the annotator already holds (a live lease), unless the caller excludes it, is returned
   again: reloading the page gives the same task.
4. An annotator holds at most `MAX_HELD_LEASES` leases per project (the current task and one
   prefetched); asking for a third is refused with 409.
5. Otherwise the first group of the queue with a free place that the annotator has not annotated,
   skipped or leased is locked (`FOR NO KEY UPDATE SKIP LOCKED` on PostgreSQL: concurrent callers
   take different groups instead of waiting for each other) and leased for `project.lease_seconds`.
   The queue order: started groups first (someone annotated or holds them), then higher
   `priority`, then older, then lower id. A partial index (`group_open_queue_idx`) holds exactly
   the groups with a free place, in this order.
6. A paused annotator (annotation/services/quality.py) gets a 403 that says why and which
   managers can resume them, checked under the annotator's lock that pausing also takes.
7. With `project.require_qualification`, one who has not passed the qualification
   (services/qualification.py) only leases qualification groups, checked under the same lock;
   such a task carries its place in their attempt (`qualification`: group 2 of 5).
8. Gold groups are mixed in at `project.gold_rate`: the annotator's n-th task (counting the
   groups they annotated, skipped or hold in the project) is a gold one when
   floor(n * rate) > floor((n - 1) * rate), i.e. exactly floor(n * rate) of the first n tasks,
   evenly spread (rate 0.2: tasks 5, 10, 15...). When the kind whose turn it is has nothing left,
   the other kind is offered.

On SQLite (the embedded default) row locks do not exist; every transaction starts as IMMEDIATE
(config/settings.py), so writers are serialised and the same code is correct.

Durability: on PostgreSQL next_task, in a transaction of its own, commits with
`synchronous_commit` off (a lease does not wait for a disk flush); a crash may forget the last
leases, never an annotation.

`skip_group` records that the annotator will not do the group (it is not offered to them again)
and frees their place; `release_lease` frees the place without skipping. Submission
(services/submission.py) turns the annotator's lease into an annotation under the same lock.
"""

import logging
import math
import time
from collections import Counter
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from .. import sql
from ..errors import Conflict, Problem, Refused
from ..models import Annotation, AnnotatorPause, Lease, Membership, Project, PromptGroup, Role, Skip
from ..selectors import task_for_lease
from .qualification import (
    qualification_gate,
    qualification_place,
    refuse_no_qualification_group,
    settle_qualification,
)

log = logging.getLogger(__name__)

MAX_HELD_LEASES = 2
# Expired leases returned per next_task call; the rest wait for the next call.
EXPIRED_BATCH = 100
# How often (seconds, per project and process) next_task sweeps the project's expired leases
# before looking at the queue. Between sweeps, a call that finds no open group sweeps and looks
# again, so an expired lease never keeps a group from an annotator who has nothing else to do.
SWEEP_SECONDS = 5.0
_last_sweep: dict[int, float] = {}


def next_task(*, project: Project, annotator, exclude_group_ids=(), now: datetime | None = None) -> Lease | None:
    """The lease of the group the annotator should work on next, or None when nothing is left.

    The lease comes with its group, prompt and images (in position order) loaded inside the
    transaction: once it commits, the lease may expire and be reclaimed by another annotator's
    call at any moment, so nothing may read it again afterwards."""
    now = now or timezone.now()
    exclude = set(exclude_group_ids)
    # Only a transaction of its own: inside a caller's, the setting would reach the caller's writes.
    asynchronous_commit = connection.vendor == "postgresql" and not connection.in_atomic_block
    settle_qualification(project=project, annotator=annotator)
    with transaction.atomic():
        if asynchronous_commit:
            # A lease is not worth waiting for a disk flush, the slowest step of next-task at the
            # load target: COMMIT returns without waiting for the WAL to reach the disk. A crash
            # can forget the last leases given (never an annotation: submit stays synchronous);
            # their groups are then simply open again, and a submission on a forgotten lease takes
            # a free place (services/submission.py).
            sql.commit_asynchronously()
        held = _lock_annotator_and_read_held(project=project, annotator=annotator, now=now)
        _refuse_if_paused(project=project, annotator=annotator)
        qualifying = qualification_gate(project=project, annotator=annotator)
        swept = _sweep_due(project)
        if swept:
            return_expired_leases(project=project, now=now)

        for lease in held:
            if lease.group_id not in exclude and (lease.group.is_qualification or not qualifying):
                return _task(lease, project=project, annotator=annotator, qualifying=qualifying)
        if len(held) >= MAX_HELD_LEASES:
            raise Conflict(
                Problem(
                    "exclude",
                    "max_held_leases",
                    f"you already hold {len(held)} groups in this project (at most {MAX_HELD_LEASES}); "
                    "submit, skip or release one first",
                )
            )

        if qualifying:
            group = sql.lease_next_group(
                project_id=project.pk, annotator_id=annotator.pk, is_gold=True, exclude=exclude, qualification=True
            )
            if group is None:
                if any(lease.group.is_qualification for lease in held):
                    return None  # the next qualification group waits for the one held (a prefetch)
                refuse_no_qualification_group(project)
            lease = _lease(project=project, group=group, annotator=annotator, now=now)
            return _task(lease, project=project, annotator=annotator, qualifying=True)

        kinds = _kinds_in_turn(project=project, annotator=annotator, held=len(held))
        for sweep in (False, True):
            if sweep:
                if swept:
                    break
                # Nothing open: expired leases may hold the places left (the sweep was skipped).
                if not return_expired_leases(project=project, now=now):
                    break
            for is_gold in kinds:
                group = _lock_first_open_group(project=project, annotator=annotator, is_gold=is_gold, exclude=exclude)
                if group is not None:
                    lease = _lease(project=project, group=group, annotator=annotator, now=now)
                    return _task(lease, project=project, annotator=annotator, qualifying=False)
        return None


def _task(lease: Lease, *, project: Project, annotator, qualifying: bool) -> Lease:
    """The task of a lease, with `qualification`: its place in the annotator's qualification
    attempt while they are qualifying (None otherwise)."""
    task = task_for_lease(lease=lease)
    task.qualification = qualification_place(project=project, annotator=annotator, lease=lease) if qualifying else None
    return task


def skip_group(*, group: PromptGroup, annotator, reason: str) -> Skip:
    """The annotator will not do this group: it is not offered to them again and their lease, if
    any, is given back. Skipping twice returns the first skip."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(Problem("reason", "required", "say why you skip this group"))
    with transaction.atomic():
        group = lock_group(group_id=group.pk)
        if Annotation.objects.filter(group=group, annotator=annotator).exists():
            raise Conflict(Problem("group", "already_annotated", "you already annotated this group"))
        drop_lease(group=group, annotator=annotator)
        skip, _ = Skip.objects.get_or_create(group=group, annotator=annotator, defaults={"reason": reason})
    return skip


def release_lease(*, group: PromptGroup, annotator) -> None:
    """Give the group back without skipping it (it may be offered to the annotator again).
    Releasing a group one does not hold does nothing."""
    with transaction.atomic():
        drop_lease(group=lock_group(group_id=group.pk), annotator=annotator)


# --- Places: the bookkeeping every service does with the group row locked ------------------------


def lock_group(*, group_id: int) -> PromptGroup:
    """The group with its project, locked until the end of the transaction (waits for other
    holders); PromptGroup.DoesNotExist if there is none."""
    group = sql.lock_group(group_id=group_id)
    if group is None:
        raise PromptGroup.DoesNotExist(f"no prompt group {group_id}")
    return group


def drop_lease(*, group: PromptGroup, annotator) -> bool:
    """Delete the annotator's lease on a locked group and give its place back."""
    deleted, _ = Lease.objects.filter(group=group, annotator=annotator).delete()
    if deleted:
        change_lease_count(group, -deleted)
    return bool(deleted)


def return_expired_leases(*, project: Project, now: datetime, group: PromptGroup | None = None) -> int:
    """Delete expired leases and give their places back: those of one locked `group`, or of
    (up to EXPIRED_BATCH) groups of the project that nobody else has locked right now."""
    if group is not None:
        groups = {group.pk: group}
    else:
        group_ids = set(
            Lease.objects.filter(project=project, expires_at__lte=now).values_list("group_id", flat=True)[
                :EXPIRED_BATCH
            ]
        )
        if not group_ids:
            return 0
        groups = {
            g.pk: g
            for g in PromptGroup.objects.filter(pk__in=group_ids)
            .order_by("pk")
            .select_for_update(no_key=True, skip_locked=True)
            .only("pk", "lease_count")
        }
    expired = list(Lease.objects.filter(group_id__in=groups, expires_at__lte=now).values_list("pk", "group_id"))
    if not expired:
        return 0
    Lease.objects.filter(pk__in=[pk for pk, _ in expired]).delete()
    for group_id, count in Counter(group_id for _, group_id in expired).items():
        change_lease_count(groups[group_id], -count)
    log.info("returned %d expired leases in project %s", len(expired), project.pk)
    return len(expired)


def change_lease_count(group: PromptGroup, delta: int) -> None:
    """Add `delta` to the (locked) group's lease places, in the database and on `group`."""
    sql.change_lease_count(group_id=group.pk, delta=delta)
    group.lease_count += delta


# --- The queue -----------------------------------------------------------------------------------


def _sweep_due(project: Project) -> bool:
    """Whether this call sweeps the project's expired leases first (at most every SWEEP_SECONDS
    per process and project)."""
    clock = time.monotonic()
    if clock - _last_sweep.get(project.pk, -math.inf) < SWEEP_SECONDS:
        return False
    _last_sweep[project.pk] = clock
    return True


def _lock_annotator_and_read_held(*, project: Project, annotator, now: datetime) -> list[Lease]:
    """Lock the annotator's user row (one next_task at a time per annotator), then read their
    live leases in the project, oldest first, with group and prompt. Two statements, not one: on
    PostgreSQL a statement that waited for a row lock still reads the other tables as they were
    when it began, so it would miss the lease that the call it waited for has just committed."""
    sql.lock_annotator(annotator_id=annotator.pk)
    return sql.held_leases(annotator_id=annotator.pk, project_id=project.pk, now=now)


def _refuse_if_paused(*, project: Project, annotator) -> None:
    """A paused annotator gets nothing, not even a group they held (pausing gave those back);
    the refusal says why and who can resume them."""
    pause_id = sql.open_pause_id(project_id=project.pk, annotator_id=annotator.pk)
    if pause_id is None:
        return
    pause = AnnotatorPause.objects.get(pk=pause_id)
    managers = sorted(
        Membership.objects.filter(project=project, role=Role.MANAGER).values_list("user__username", flat=True)
    )
    who = ", ".join(managers) if managers else "a project manager"
    raise Refused(
        Problem(
            "annotator",
            "paused",
            f"you are paused in this project since {pause.paused_at:%Y-%m-%d %H:%M} UTC: {pause.reason}. "
            f"A project manager can resume you ({who}).",
        ),
        status_code=403,
    )


def _kinds_in_turn(*, project: Project, annotator, held: int) -> tuple[bool, bool]:
    """(is_gold of the kind whose turn it is, the other kind)."""
    if project.gold_rate <= 0:
        return (False, True)
    given = (
        held
        + Annotation.objects.filter(project=project, annotator=annotator).count()
        + Skip.objects.filter(group__project=project, annotator=annotator).count()
    )
    n = given + 1
    # The epsilon keeps rates like 0.29 from missing a turn through float rounding (0.29 * 100).
    gold_turn = math.floor(n * project.gold_rate + 1e-9) > math.floor((n - 1) * project.gold_rate + 1e-9)
    return (True, False) if gold_turn else (False, True)


def _lock_first_open_group(*, project: Project, annotator, is_gold: bool, exclude: set) -> PromptGroup | None:
    """The first open group of the queue for the annotator, locked, with its prompt loaded.
    On PostgreSQL a row changed by a concurrent commit is re-checked against the filter once
    locked (READ COMMITTED), so the group returned still has a free place; the check constraint
    group_never_over_assigned stands behind that."""
    return sql.lease_next_group(project_id=project.pk, annotator_id=annotator.pk, is_gold=is_gold, exclude=exclude)


def _lease(*, project: Project, group: PromptGroup, annotator, now: datetime) -> Lease:
    lease = sql.insert_lease(
        Lease(
            group=group, annotator=annotator, project=project, expires_at=now + timedelta(seconds=project.lease_seconds)
        )
    )
    change_lease_count(group, +1)
    return lease
