"""Projects, their annotation protocol settings, and who works in them."""

import re

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from ..errors import Conflict, Problem, Refused
from ..models import GroupImage, Lease, Membership, Project, Role
from .assignment import drop_lease, lock_group

# What a manager may change; the defaults are ImageReward's protocol (annotation/defaults.py).
SETTINGS = (
    "name",
    "slug",
    "instructions",
    "rating_dimensions",
    "image_flags",
    "prompt_flags",
    "prompt_categories",
    "ranking_slots",
    "max_images_per_slot",
    "annotations_per_group",
    "lease_seconds",
    "require_consistent_ranking",
    "gold_rate",
    "gold_window",
    "gold_accuracy_bar",
    "agreement_bar",
    "review_sample_rate",
    "review_reasons",
    "require_qualification",
    "qualification_size",
    "qualification_pass_mark",
)
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def create_project(*, name: str, slug: str, created_by=None, **settings) -> Project:
    """A new project with ImageReward's protocol unless `settings` say otherwise; the creator,
    if given, becomes its manager. `annotations_per_group` applies to groups imported later."""
    _refuse_problems(_check_settings({"name": name, "slug": slug, **settings}))
    with transaction.atomic():
        _refuse_taken_slug(slug)
        project = Project.objects.create(name=name, slug=slug, **settings)
        if created_by is not None:
            Membership.objects.create(project=project, user=created_by, role=Role.MANAGER)
    return project


def update_project(*, project: Project, **changes) -> Project:
    """Change settings. Existing groups keep their `annotations_needed`; a ranking too small for
    the largest group of the project is refused."""
    _refuse_problems(_check_settings(changes))
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if "slug" in changes and changes["slug"] != project.slug:
            _refuse_taken_slug(changes["slug"])
        for field, value in changes.items():
            setattr(project, field, value)
        if {"ranking_slots", "max_images_per_slot"} & changes.keys():
            _refuse_problems(_check_places_for_largest_group(project))
        project.save(update_fields=list(changes) or None)
    return project


def add_member(*, project: Project, user, role: str) -> Membership:
    """Give `user` the `role` in the project (one user may hold several roles). Adding a role the
    user already holds returns that membership."""
    if role not in Role.values:
        raise Refused(Problem("role", "choice", f"{role!r} is not one of {', '.join(Role.values)}"))
    with transaction.atomic():
        membership, _ = Membership.objects.get_or_create(project=project, user=user, role=role)
    return membership


def set_roles(*, project: Project, user, roles: list[str]) -> int:
    """Make `roles` exactly the user's roles in the project (an empty list removes the user).
    Losing the annotator role gives back the groups the user holds, in the same transaction, so
    their places return to the queue at once instead of when the leases expire. A project keeps
    at least one manager. Returns the number of leases given back."""
    unknown = [role for role in roles if role not in Role.values]
    if unknown:
        raise Refused(Problem("roles", "choice", f"{unknown[0]!r} is not one of {', '.join(Role.values)}"))
    wanted = set(roles)
    with transaction.atomic():
        # The project row is the lock that serialises membership changes (the last-manager rule).
        Project.objects.select_for_update().filter(pk=project.pk).first()
        held = set(Membership.objects.filter(project=project, user=user).values_list("role", flat=True))
        if not held:
            raise Refused(
                Problem("username", "not_a_member", f"{user.username!r} is not a member of {project.slug!r}"),
                status_code=404,
            )
        if Role.MANAGER in held and Role.MANAGER not in wanted:
            others = Membership.objects.filter(project=project, role=Role.MANAGER).exclude(user=user)
            if not others.exists():
                raise Conflict(
                    Problem(
                        "roles", "last_manager", f"{user.username!r} is the project's only manager; add another first"
                    )
                )
        Membership.objects.filter(project=project, user=user).exclude(role__in=wanted).delete()
        for role in sorted(wanted - held):
            Membership.objects.create(project=project, user=user, role=role)
        returned = 0
        if Role.ANNOTATOR in held and Role.ANNOTATOR not in wanted:
            returned = _return_leases(project=project, user=user)
    return returned


def remove_member(*, project: Project, user) -> int:
    """Take every role in the project from `user`; their held groups go back to the queue.
    Their annotations stay. Returns the number of leases given back."""
    return set_roles(project=project, user=user, roles=[])


def _return_leases(*, project: Project, user) -> int:
    group_ids = sorted(Lease.objects.filter(project=project, annotator=user).values_list("group_id", flat=True))
    # Groups locked in id order, as everywhere else, so this cannot deadlock with next_task.
    return sum(drop_lease(group=lock_group(group_id=group_id), annotator=user) for group_id in group_ids)


# --- Checks --------------------------------------------------------------------------------------


def _refuse_problems(problems: list[Problem]) -> None:
    if problems:
        raise Refused(problems)


def _refuse_taken_slug(slug: str) -> None:
    if Project.objects.filter(slug=slug).exists():
        raise Refused(Problem("slug", "unique", f"a project with slug {slug!r} exists"))


def _check_settings(values: dict) -> list[Problem]:
    problems = [
        Problem(key, "unknown_setting", f"{key!r} is not a project setting") for key in values if key not in SETTINGS
    ]
    checks = {
        "name": lambda v: None if isinstance(v, str) and 0 < len(v.strip()) <= 200 else "a name of 1..200 characters",
        "slug": lambda v: (
            None
            if isinstance(v, str) and _SLUG.match(v) and len(v) <= 100
            else "letters, digits, - and _ (at most 100)"
        ),
        "instructions": lambda v: (
            None
            if isinstance(v, str) and len(v) <= _limit("instructions_length")
            else f"text of at most {_limit('instructions_length')} characters"
        ),
        "ranking_slots": _int_at_least(1),
        "max_images_per_slot": _int_at_least(1),
        "annotations_per_group": _int_at_least(1),
        "lease_seconds": _int_at_least(10),
        "require_consistent_ranking": lambda v: None if isinstance(v, bool) else "true or false",
        "gold_rate": lambda v: (
            None if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1 else "a number from 0 to 1"
        ),
    }
    checks["gold_window"] = _int_at_least(1)
    checks["review_sample_rate"] = _share
    checks["qualification_pass_mark"] = _share
    checks["qualification_size"] = _int_at_least(1)
    checks["require_qualification"] = lambda v: None if isinstance(v, bool) else "true or false"
    for bar in ("gold_accuracy_bar", "agreement_bar"):
        checks[bar] = _bar
    for key, check in checks.items():
        if key in values and (wanted := check(values[key])):
            problems.append(Problem(key, "invalid", f"expected {wanted}"))
    for key in ("image_flags", "prompt_flags", "prompt_categories", "review_reasons"):
        if key in values:
            problems += _check_labels(key, values[key])
    if "rating_dimensions" in values:
        problems += _check_dimensions(values["rating_dimensions"])
    return problems


def _share(v):
    return None if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1 else "a number from 0 to 1"


def _bar(v):
    return None if v is None or _share(v) is None else "null (off) or a number from 0 to 1"


def _int_at_least(low):
    return lambda v: None if isinstance(v, int) and not isinstance(v, bool) and v >= low else f"an integer >= {low}"


def _limit(name: str) -> int:
    return settings.PROTOCOL_LIMITS[name]


def _check_labels(field, labels) -> list[Problem]:
    if not isinstance(labels, list) or not all(isinstance(x, str) and x.strip() for x in labels):
        return [Problem(field, "invalid", "expected a list of non-empty strings")]
    if len(labels) > _limit("labels"):
        return [Problem(field, "max_length", f"at most {_limit('labels')} entries")]
    too_long = [i for i, label in enumerate(labels) if len(label) > _limit("label_length")]
    if too_long:
        return [
            Problem(f"{field}[{i}]", "max_length", f"at most {_limit('label_length')} characters") for i in too_long
        ]
    if len(set(labels)) != len(labels):
        return [Problem(field, "unique", "each entry may appear once")]
    return []


def _check_dimensions(dimensions) -> list[Problem]:
    if not isinstance(dimensions, list) or not dimensions:
        return [Problem("rating_dimensions", "invalid", "expected a non-empty list of dimensions")]
    if len(dimensions) > _limit("rating_dimensions"):
        return [Problem("rating_dimensions", "max_length", f"at most {_limit('rating_dimensions')} dimensions")]
    problems = []
    for index, d in enumerate(dimensions):
        field = f"rating_dimensions[{index}]"
        if not isinstance(d, dict) or not {"key", "label", "min", "max"} <= d.keys():
            problems.append(Problem(field, "invalid", "a dimension has key, label, min, max and anchors"))
            continue
        if not isinstance(d["key"], str) or not _KEY.match(d["key"]):
            problems.append(Problem(f"{field}.key", "invalid", "lower-case letters, digits and _"))
        if not isinstance(d["label"], str) or not d["label"].strip():
            problems.append(Problem(f"{field}.label", "invalid", "a non-empty label"))
        low, high = d["min"], d["max"]
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (low, high)) or low >= high:
            problems.append(Problem(f"{field}.max", "range", "min and max are integers with min < max"))
            continue
        if max(abs(low), abs(high)) > _limit("rating_abs") or high - low + 1 > _limit("rating_points"):
            problems.append(
                Problem(
                    f"{field}.max",
                    "max_points",
                    f"a scale of at most {_limit('rating_points')} points within ±{_limit('rating_abs')}",
                )
            )
            continue
        anchors = d.get("anchors", {})
        if not isinstance(anchors, dict) or not all(
            isinstance(text, str) and str(point).lstrip("-").isdigit() and low <= int(point) <= high
            for point, text in anchors.items()
        ):
            problems.append(Problem(f"{field}.anchors", "invalid", f"anchors map points {low}..{high} to texts"))
    keys = [d.get("key") for d in dimensions if isinstance(d, dict)]
    if len(set(keys)) != len(keys):
        problems.append(Problem("rating_dimensions", "unique", "dimension keys must differ"))
    return problems


def _check_places_for_largest_group(project: Project) -> list[Problem]:
    places = project.ranking_slots * project.max_images_per_slot
    largest = (
        GroupImage.objects.filter(group__project=project)
        .values("group")
        .annotate(k=Count("id"))
        .order_by("-k")
        .values_list("k", flat=True)
        .first()
    )
    if largest and largest > places:
        return [
            Problem(
                "ranking_slots",
                "too_few_places",
                f"{project.ranking_slots} slots of {project.max_images_per_slot} hold {places} images; "
                f"the project has groups of {largest}",
            )
        ]
    return []
