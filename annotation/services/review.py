"""Review: quality inspectors accept or reject submitted annotations (ImageReward section 1:
"quality inspectors double-check annotations; rejected ones are relabelled by other annotators").

What a decision does:

- accept: the annotation's status becomes `accepted`; nothing else changes.
- reject: the status becomes `rejected` and the group gives its place back: its
  `annotation_count` goes down by one and `completed_at` is cleared, so `next_task` offers it
  again, to annotators other than the rejected one (one annotation per annotator and group).
  The rejected annotation's Comparisons are deleted: they stop being data for export and for
  retraining without every consumer having to remember to filter on annotation status. The
  annotation and its per-image judgments (ratings, flags, slots) stay, for the record and for the
  per-annotator statistics; the comparisons can be derived from the slots again at any time.

Reviewing an annotation that was already reviewed:

- the same decision again answers with the annotation as it is and writes nothing, so a retried
  request (a double click, a lost response) is harmless;
- a different decision is a manager's call (or staff's); a reviewer gets 409. Turning a rejection
  back into an acceptance needs a free place in the group: if relabelling has taken it meanwhile
  (an annotation or a live lease), the answer is 409 and nothing changes. Re-accepting derives
  the annotation's comparisons anew.

A decision may name a reason from the project's list (`review_reasons`) and add a note;
every decision that changes something is recorded as a ReviewDecision (who, when, what, why),
so the history survives a later change of decision.

Nobody reviews their own annotation, managers included: a second pair of eyes is the point.

One transaction; the group's row is locked first (`assignment.lock_group`, as submission and
leasing do), then the annotation's, so a review never races a submission, a lease or another
review of the same group."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from annotation.errors import Conflict, Problem, Refused
from annotation.models import Annotation, AnnotationStatus, Comparison, GroupImage, PromptGroup, ReviewDecision, Role
from annotation.permissions import has_role, require_role
from annotation.ranking import expand_ranking_to_pairs
from annotation.services.assignment import lock_group, return_expired_leases
from annotation.webhooks import outbox

DECISIONS = {"accept": AnnotationStatus.ACCEPTED, "reject": AnnotationStatus.REJECTED}
COUNTED = {AnnotationStatus.SUBMITTED, AnnotationStatus.ACCEPTED}


def review_annotation(
    *, annotation: Annotation, reviewer, decision: str, note: str = "", reason: str = ""
) -> Annotation:
    """Record `reviewer`'s `decision` ("accept" or "reject") on `annotation` and return it fresh.

    Raises Http404/PermissionDenied (through `require_role`) for users without the reviewer or
    manager role in the annotation's project, `Refused` (403) for one's own annotation or a bad
    decision, `Conflict` (409) for a change of decision by a non-manager or a re-acceptance that
    would over-fill the group."""
    require_role(reviewer, annotation.project, Role.REVIEWER)
    if decision not in DECISIONS:
        raise Refused(
            Problem("decision", "choice", f"{decision!r} is not one of accept, reject"),
            detail=f"Review refused: decision {decision!r} is not one of accept, reject.",
        )
    if annotation.annotator_id == reviewer.pk:
        raise Refused(
            Problem("annotation", "own_annotation", "you may not review your own annotation"),
            detail="Review refused: you may not review your own annotation.",
            status_code=403,
        )
    _check_reason(annotation.project, decision, reason)
    new_status = DECISIONS[decision]

    with transaction.atomic():
        group = lock_group(group_id=annotation.group_id)
        annotation = Annotation.objects.select_for_update().get(pk=annotation.pk)
        old_status = annotation.status

        if old_status == new_status:
            return annotation
        if old_status != AnnotationStatus.SUBMITTED and not has_role(reviewer, group.project, Role.MANAGER):
            raise Conflict(
                Problem(
                    "decision",
                    "already_reviewed",
                    f"the annotation was already {old_status}; only a project manager may change a review decision",
                ),
                detail=f"Review refused: annotation {annotation.pk} was already {old_status}; "
                "only a project manager may change the decision.",
            )

        if old_status in COUNTED and new_status == AnnotationStatus.REJECTED:
            _give_place_back(group)
            Comparison.objects.filter(annotation=annotation).delete()
        elif old_status == AnnotationStatus.REJECTED and new_status in COUNTED:
            return_expired_leases(project=group.project, now=timezone.now(), group=group)
            if group.annotation_count + group.lease_count >= group.annotations_needed:
                raise Conflict(
                    Problem(
                        "decision",
                        "group_full",
                        f"group {group.pk}'s places have been taken for relabelling "
                        "meanwhile (annotations or live leases); this annotation can no longer count",
                    ),
                    detail=f"Review refused: group {group.pk} has been given to other annotators meanwhile; "
                    "accepting this annotation would over-fill it.",
                )
            _take_place(group)
            _derive_comparisons(annotation)

        annotation.status = new_status
        annotation.reviewed_by = reviewer
        annotation.reviewed_at = timezone.now()
        annotation.review_note = note
        annotation.review_reason = reason
        annotation.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "review_reason"])
        ReviewDecision.objects.create(
            annotation=annotation, reviewer=reviewer, decision=new_status, reason=reason, note=note
        )
        outbox.record_review(annotation)
    return annotation


def _check_reason(project, decision: str, reason: str) -> None:
    """A reason, when given, is one of the project's. It stays optional in the API (scripts that
    reviewed before reasons existed keep working); the review screen asks for one on rejection."""
    if reason and reason not in (project.review_reasons or []):
        raise Refused(Problem("reason", "choice", f"{reason!r} is not one of the project's review reasons"))


def _give_place_back(group: PromptGroup) -> None:
    PromptGroup.objects.filter(pk=group.pk).update(annotation_count=F("annotation_count") - 1, completed_at=None)


def _take_place(group: PromptGroup) -> None:
    full = group.annotation_count + 1 >= group.annotations_needed
    PromptGroup.objects.filter(pk=group.pk).update(
        annotation_count=F("annotation_count") + 1, completed_at=timezone.now() if full else None
    )


def _derive_comparisons(annotation: Annotation) -> None:
    """The annotation's comparisons from its slots, as at submission: every pair of the group's
    images, in GroupImage position order; a tie lists the earlier image as `better`."""
    positions = dict(GroupImage.objects.filter(group_id=annotation.group_id).values_list("image_id", "position"))
    judged = sorted(
        annotation.image_annotations.values_list("image_id", "slot"), key=lambda row: positions.get(row[0], 0)
    )
    image_ids = [image_id for image_id, _ in judged]
    Comparison.objects.bulk_create(
        Comparison(
            project_id=annotation.project_id,
            annotation=annotation,
            group_id=annotation.group_id,
            better_id=image_ids[better],
            worse_id=image_ids[worse],
            is_tie=tie,
        )
        for better, worse, tie in expand_ranking_to_pairs([slot for _, slot in judged])
    )
