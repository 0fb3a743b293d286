"""Reads: what the API shows, with the queries that keep it to a handful per request."""

from datetime import datetime, time, timedelta

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from . import media, sql
from .errors import Problem, Refused
from .models import Annotation, Image, Lease, Membership, Project, PromptGroup, Role, Skip
from .permissions import check_roles, member_project_of_group, project_for, require_role, roles_in


def projects_with_progress(*, user) -> list[Project]:
    """The projects `user` is a member of (staff: all), each with `roles` and the user's
    `progress`: annotations done today (since midnight in TIME_ZONE) and in total, and the groups
    still open to them (not complete, not annotated or skipped by them)."""
    projects = Project.objects.order_by("name", "id")
    if not user.is_staff:
        projects = projects.filter(Exists(Membership.objects.filter(project=OuterRef("pk"), user=user)))
    mine = Annotation.objects.filter(project=OuterRef("pk"), annotator=user)
    start_of_today = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    open_to_me = (
        PromptGroup.objects.filter(project=OuterRef("pk"), annotation_count__lt=F("annotations_needed"))
        .exclude(Exists(Annotation.objects.filter(group=OuterRef("pk"), annotator=user)))
        .exclude(Exists(Skip.objects.filter(group=OuterRef("pk"), annotator=user)))
    )
    projects = projects.annotate(
        done_total=_count(mine),
        done_today=_count(mine.filter(created_at__gte=start_of_today)),
        queue_left=_count(open_to_me),
    ).prefetch_related(Prefetch("memberships", Membership.objects.filter(user=user), to_attr="my_memberships"))
    result = list(projects)
    for project in result:
        project.roles = _all_roles() if user.is_staff else sorted({m.role for m in project.my_memberships})
        project.progress = {
            "done_today": project.done_today,
            "done_total": project.done_total,
            "queue_left": project.queue_left,
        }
    return result


def project_for_member(*, user, project_id) -> Project:
    """The project with the caller's `roles` set; 404 unless the caller is a member."""
    project = project_for(user, project_id, *Role.values)
    project.roles = sorted(roles_in(user, project))
    return project


def project_members(*, project: Project) -> list[Membership]:
    return list(project.memberships.select_related("user").order_by("user__username", "role"))


def project_people(*, project: Project) -> list[dict]:
    """One row per member: username, roles, when they joined, their annotations in the project,
    the groups they hold now, and their last activity (the latest annotation, lease, skip or
    review of theirs in the project; None if they have done nothing yet). Five queries."""
    people: dict[int, dict] = {}
    for user_id, username, role, joined in project.memberships.order_by("user__username", "role").values_list(
        "user_id", "user__username", "role", "created_at"
    ):
        person = people.setdefault(
            user_id,
            {
                "username": username,
                "roles": [],
                "joined_at": joined,
                "annotations": 0,
                "leases": 0,
                "last_activity": None,
            },
        )
        person["roles"].append(role)
        person["joined_at"] = min(person["joined_at"], joined)

    def latest(rows):
        for user_id, when, count in rows:
            if user_id in people and when is not None:
                person = people[user_id]
                person["last_activity"] = max(filter(None, [person["last_activity"], when]))
                yield person, count

    annotated = Annotation.objects.filter(project=project).values("annotator_id")
    for person, count in latest(
        annotated.annotate(when=Max("created_at"), n=Count("id")).values_list("annotator_id", "when", "n")
    ):
        person["annotations"] = count
    now = timezone.now()
    leased = Lease.objects.filter(project=project).values("annotator_id")
    for person, count in latest(
        leased.annotate(when=Max("created_at"), n=Count("id", filter=Q(expires_at__gt=now))).values_list(
            "annotator_id", "when", "n"
        )
    ):
        person["leases"] = count
    skipped = Skip.objects.filter(group__project=project).values("annotator_id")
    list(latest(skipped.annotate(when=Max("created_at"), n=Count("id")).values_list("annotator_id", "when", "n")))
    reviewed = Annotation.objects.filter(project=project, reviewed_by__isnull=False).values("reviewed_by_id")
    list(latest(reviewed.annotate(when=Max("reviewed_at"), n=Count("id")).values_list("reviewed_by_id", "when", "n")))
    return list(people.values())


def group_for(*, user, group_id, roles) -> PromptGroup:
    """The group if `user` holds one of `roles` in its project (404 for groups of other projects).

    For a member, one query (the caller's memberships in the group's project, with the project)
    and the group comes back as a reference: its pk and project only, for services that lock
    the group row (and so read it) anyway."""
    if not user.is_staff:
        project, mine = member_project_of_group(user, group_id)
        if project is None:
            raise Http404("No such group.")
        check_roles(mine, project, roles)
        return PromptGroup(pk=int(group_id), project=project)
    try:
        group = PromptGroup.objects.select_related("project").get(pk=group_id)
    except (PromptGroup.DoesNotExist, ValueError, TypeError):
        raise Http404("No such group.") from None
    require_role(user, group.project, *roles)
    return group


def task_for_lease(*, lease: Lease) -> Lease:
    """The lease with its group's prompt and, as `lease.group.task_images`, the group's images
    (each with its image and its `url`) in position order: what the task screen shows, with
    `lease.group.urls_expire_at` (None: the URLs do not expire). The prompt is read only when the
    lease does not come with it (`next_task` gives it loaded)."""
    group = lease.group
    prefetch_related_objects([group], "prompt")  # nothing to do when it came loaded
    group.task_images = sql.task_images(group_id=group.pk)
    urls, group.urls_expire_at = media.image_urls(
        [group_image.image.file.name for group_image in group.task_images], valid_after=lease.expires_at
    )
    for group_image, url in zip(group.task_images, urls, strict=True):
        group_image.group = group
        group_image.url = url
    return lease


def gold_groups(*, project: Project, in_qualification_set: bool | None = None):
    """The project's gold groups with their prompt and number of images, oldest first: what a
    manager picks the qualification set from (`in_qualification_set`: only those in it, or out)."""
    groups = PromptGroup.objects.filter(project=project, is_gold=True)
    if in_qualification_set is not None:
        groups = groups.filter(is_qualification=in_qualification_set)
    return groups.select_related("prompt").annotate(image_count=Count("group_images")).order_by("id")


def image_urls_for_holder(*, group: PromptGroup, annotator, now: datetime | None = None) -> dict:
    """The group's image URLs signed anew, for the annotator who holds a live lease on it: the
    task screen refreshes them before `urls_expire_at`. Anyone else is refused (403), a member
    of the project included: the URLs are the permission to see the images."""
    now = now or timezone.now()
    lease = Lease.objects.filter(group=group, annotator=annotator, expires_at__gt=now).first()
    if lease is None:
        raise Refused(
            Problem("group", "not_lease_holder", "you do not hold this group (its lease ended or was given back)"),
            status_code=403,
        )
    task_images = sql.task_images(group_id=group.pk)
    urls, expire_at = media.image_urls(
        [group_image.image.file.name for group_image in task_images], valid_after=lease.expires_at, now=now
    )
    return {
        "group": group.pk,
        "lease_expires_at": lease.expires_at,
        "urls_expire_at": expire_at,
        "images": [{"id": gi.image.pk, "url": url} for gi, url in zip(task_images, urls, strict=True)],
    }


def image_for_media(*, user, name: str) -> Image:
    """The image stored under `name` if the user is a member of its project (404 otherwise).
    One file may be stored for images of several projects: membership in any of them suffices."""
    images = Image.objects.filter(file=name)
    if not user.is_staff:
        images = images.filter(project__memberships__user=user)
    image = images.first()
    if image is None:
        raise Http404("No such file.")
    return image


class _SubqueryCount(Subquery):
    template = "(SELECT count(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def _count(queryset):
    return _SubqueryCount(queryset.order_by().values("pk"))


def _all_roles():
    return sorted(Role.values)


ACTIVE_MINUTES = 15  # an annotator who held or submitted a group this recently is active now
RATE_DAYS = 7  # the current rate: annotations per day over this many days
CHART_DAYS = 30


def project_progress(*, project: Project, now: datetime | None = None) -> dict:
    """A manager's overview: the groups complete, in progress (started, not complete) and open
    (nobody started them), gold groups apart; annotations per day over the last CHART_DAYS days
    (in TIME_ZONE); the annotators active in the last ACTIVE_MINUTES minutes; and the estimated
    finish if the last RATE_DAYS days' rate goes on (None when nothing was annotated then)."""
    now = now or timezone.now()
    work = PromptGroup.objects.filter(project=project, is_gold=False)
    complete = Q(annotation_count__gte=F("annotations_needed"))
    counts = work.aggregate(
        total=Count("id"),
        complete=Count("id", filter=complete),
        in_progress=Count("id", filter=Q(is_started=True) & ~complete),
        needed=Sum("annotations_needed"),
        done=Sum("annotation_count"),
    )
    gold = PromptGroup.objects.filter(project=project, is_gold=True).count()
    today = timezone.localdate(now)
    first_day = today - timedelta(days=CHART_DAYS - 1)
    start = timezone.make_aware(datetime.combine(first_day, time.min))
    per_day = dict(
        Annotation.objects.filter(project=project, created_at__gte=start)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    days = [
        {"day": first_day + timedelta(days=i), "annotations": per_day.get(first_day + timedelta(days=i), 0)}
        for i in range(CHART_DAYS)
    ]
    since = now - timedelta(minutes=ACTIVE_MINUTES)
    active = set(
        Annotation.objects.filter(project=project, created_at__gte=since).values_list("annotator__username", flat=True)
    ) | set(Lease.objects.filter(project=project, expires_at__gt=now).values_list("annotator__username", flat=True))
    recent = Annotation.objects.filter(
        project=project, group__is_gold=False, created_at__gte=now - timedelta(days=RATE_DAYS)
    ).count()
    rate = recent / RATE_DAYS
    remaining = max(0, (counts["needed"] or 0) - (counts["done"] or 0))
    finish = None
    if remaining == 0 and counts["total"]:
        finish = now
    elif rate > 0:
        finish = now + timedelta(days=remaining / rate)
    return {
        "groups": {
            "total": counts["total"],
            "complete": counts["complete"],
            "in_progress": counts["in_progress"],
            "open": counts["total"] - counts["complete"] - counts["in_progress"],
            "gold": gold,
        },
        "annotations_remaining": remaining,
        "annotations_per_day": days,
        "active_annotators": sorted(active),
        "rate_per_day": round(rate, 2),
        "estimated_finish": finish,
    }
