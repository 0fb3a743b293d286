"""Who may do what in a project. Roles are per project (Membership); a manager may do everything
in its project; Django staff may do everything everywhere. A user who is not a member of a
project gets 404 for it, so other projects' existence does not leak."""

from django.http import Http404
from rest_framework.exceptions import PermissionDenied

from . import sql
from .models import Membership, Project, Role


def roles_in(user, project: Project) -> set[str]:
    if not user or not user.is_authenticated:
        return set()
    if user.is_staff:
        return {role.value for role in Role}
    return set(Membership.objects.filter(project=project, user=user).values_list("role", flat=True))


def has_role(user, project: Project, *roles: str) -> bool:
    mine = roles_in(user, project)
    return bool(mine) and (Role.MANAGER in mine or bool(mine.intersection(roles)))


def require_role(user, project: Project, *roles: str) -> None:
    """Raise 404 for non-members and 403 for members without one of `roles`."""
    check_roles(roles_in(user, project), project, roles)


def project_for(user, project_id, *roles: str) -> Project:
    """The project with `project_id` if the user holds one of `roles` there (404/403 otherwise).
    One query: the caller's memberships with their project (staff: the project)."""
    try:
        if user and user.is_authenticated and user.is_staff:
            return Project.objects.get(pk=project_id)
        if not user or not user.is_authenticated:
            raise Http404("No such project.")
        project_id = _row_id(project_id)
    except (Project.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such project.") from None
    project, mine = sql.memberships_in_project(user_id=user.pk, project_id=project_id)
    if project is None:
        raise Http404("No such project.")
    check_roles(mine, project, roles)
    return project


def member_project_of_group(user, group_id) -> tuple[Project | None, set[str]]:
    """(The project of group `group_id`, the user's roles in it) for a member; (None, set())
    otherwise, or for a malformed id. One statement."""
    try:
        return sql.memberships_in_project_of_group(user_id=user.pk, group_id=_row_id(group_id))
    except (ValueError, TypeError, OverflowError):
        return None, set()


def _row_id(value) -> int:
    """An id from a URL, or ValueError when no row can have it."""
    value = int(value)
    if not 0 < value < 2**63:
        raise ValueError(value)
    return value


def check_roles(mine: set[str], project: Project, roles) -> None:
    """404 when `mine` (the caller's roles in `project`) is empty, 403 when none fits `roles`."""
    if not mine:
        raise Http404("No such project.")
    if Role.MANAGER in mine or mine.intersection(roles):
        return
    wanted = ", ".join(sorted(set(roles) | {Role.MANAGER.value}))
    raise PermissionDenied(f"This needs one of the roles {wanted} in project {project.slug!r}.")
