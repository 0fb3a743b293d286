"""Building annotations for the review and quality tests through the real writer
(`record_annotation`), from a slot list and optional ratings per image."""

import uuid

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotation.models import AnnotationStatus
from annotation.services.assignment import next_task
from annotation.services.qualification import mark_qualification_groups
from annotation.services.submission import record_annotation, submit_annotation
from tests.annotation.helpers import judgments
from tests.factories import make_group, make_project, make_user


def annotate(
    group,
    annotator,
    slots,
    *,
    ratings=None,
    status=AnnotationStatus.SUBMITTED,
    time_spent_ms=1000,
    flags=None,
    prompt_flags=(),
):
    """An annotation of `group` by `annotator`: `slots[i]` is the slot of the group's i-th image
    (position order); `ratings[i]` its overall rating, used for all three dimensions, or a dict
    {dimension: value}. Without ratings every image gets 8 - slot (consistent with the ranking).
    `flags[i]`: the i-th image's flags."""
    image_ids = list(group.group_images.order_by("position").values_list("image_id", flat=True))
    assert len(slots) == len(image_ids), "one slot per image of the group"
    judgments = []
    for index, (image_id, slot) in enumerate(zip(image_ids, slots)):
        value = ratings[index] if ratings is not None else 8 - slot
        judged = value if isinstance(value, dict) else {"overall": value, "alignment": value, "fidelity": value}
        image_flags = list(flags[index]) if flags is not None else []
        judgments.append({"image_id": image_id, "ratings": judged, "flags": image_flags, "slot": slot})
    return record_annotation(
        group=group,
        annotator=annotator,
        client_key=uuid.uuid4(),
        prompt_category="Abstract",
        prompt_flags=list(prompt_flags),
        judgments=judgments,
        time_spent_ms=time_spent_ms,
        status=status,
    )


def submit(group, annotator, slots):
    """What the app does: submit a judgment of a group the annotator holds a lease on."""
    image_ids = list(group.group_images.order_by("position").values_list("image_id", flat=True))
    images = [
        {
            "image_id": image_id,
            "ratings": {"overall": 8 - slot, "alignment": 4, "fidelity": 4},
            "flags": [],
            "slot": slot,
        }
        for image_id, slot in zip(image_ids, slots)
    ]
    return submit_annotation(
        group=group,
        annotator=annotator,
        client_key=uuid.uuid4(),
        prompt_category="Abstract",
        prompt_flags=[],
        images=images,
        time_spent_ms=1000,
    ).annotation


def client_for(user):
    """An API client authenticated as `user` with a token, as scripts are (None: anonymous)."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


RIGHT, WRONG = [1, 2, 3], [3, 2, 1]  # a qualification group's reference ranking, and its reverse


def qualifying_project():
    """A project that requires qualification (2 groups, pass mark 80%) with a newcomer, the
    manager max, 3 real groups ranking above 6 gold groups of the qualification set (answer RIGHT)."""
    newcomer, max_ = make_user("newcomer"), make_user("max")
    project = make_project(
        members={newcomer: "annotator", max_: "manager"},
        require_qualification=True,
        qualification_size=2,
        qualification_pass_mark=0.8,
        annotations_per_group=1,
    )
    real = [make_group(project, k=3, prompt=f"real {n}", priority=10) for n in range(3)]
    gold = [make_group(project, k=3, prompt=f"gold {n}", gold_ranking=RIGHT) for n in range(6)]
    mark_qualification_groups(project=project, group_ids=[g.pk for g in gold], marked_by=max_)
    return project, newcomer, max_, real, gold


def answer(project, annotator, slots):
    """Lease the next task and submit `slots` for it; the group."""
    lease = next_task(project=project, annotator=annotator)
    submit_annotation(
        group=lease.group,
        annotator=annotator,
        client_key=uuid.uuid4(),
        prompt_category="Abstract",
        prompt_flags=[],
        images=judgments(lease.group, slots),
        time_spent_ms=1000,
    )
    return lease.group
