"""Who may do what with a municipality: the one place that answers it.

Every view asks here (directly, or through an app's access helper such as planning's
`program_for_user`, which resolves its object to a municipality first). No view writes its own
role check. The answers:

| question                 | staff of M | head of M | coordinator of M's project | administrator | others |
|--------------------------|------------|-----------|----------------------------|---------------|--------|
| can_read (workspace)     | yes        | yes       | yes                        | yes           | no     |
| can_edit                 | yes        | yes       | no                         | no            | no     |
| is_head                  | no         | yes       | no                         | no            | no     |
| can_review               | no         | no        | yes                        | no            | no     |
| can_manage_project (P)   | no         | no        | yes (coordinator of P)     | yes           | no     |

Administrators read everything in the workspace and manage data in the Django admin; they do not
write plans in a municipality's name. Public pages need no permission, but show only published
content (each app's selectors make sure of that).

Templates do not ask Django's `has_perm` (it says yes to every superuser); views pass what the
page may offer, computed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Membership, ProjectCoordinator
from municipalities.models import Municipality

_CACHE_ATTRIBUTE = "_sedp_access"


@dataclass(frozen=True)
class Access:
    """What one user may reach, read once per request (two small queries)."""

    is_admin: bool = False
    roles: dict[int, str] = field(default_factory=dict)  # municipality id → Membership.Role
    reviewed: frozenset[int] = frozenset()  # municipality ids of the user's projects
    projects: frozenset[int] = frozenset()  # ids of the donor projects the user coordinates

    @property
    def is_coordinator(self) -> bool:
        return bool(self.reviewed)


NO_ACCESS = Access()


def access_of(user) -> Access:
    """The user's access, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    roles = dict(Membership.objects.filter(user=user).values_list("municipality_id", "role"))
    pairs = list(
        ProjectCoordinator.objects.filter(user=user).values_list(
            "project_id", "project__target_municipalities"
        )
    )
    reviewed = frozenset(municipality for _project, municipality in pairs if municipality is not None)
    projects = frozenset(project for project, _municipality in pairs)
    access = Access(is_admin=user.is_superuser, roles=roles, reviewed=reviewed, projects=projects)
    setattr(user, _CACHE_ATTRIBUTE, access)
    return access


def forget_access(user) -> None:
    """Drop the cached answer (after memberships or assignments of this user changed)."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def _id(municipality: Municipality | int | None) -> int | None:
    if municipality is None:
        return None
    return municipality if isinstance(municipality, int) else municipality.pk


# --- Questions about one municipality ----------------------------------------------------


def can_edit(user, municipality: Municipality | int) -> bool:
    """Staff and the head of the municipality write its plans, working group, hearings."""
    return _id(municipality) in access_of(user).roles


def is_head(user, municipality: Municipality | int) -> bool:
    """The head of the aiyl okmotu: submits, records the council's approval, publishes."""
    return access_of(user).roles.get(_id(municipality)) == Membership.Role.HEAD


def can_review(user, municipality: Municipality | int) -> bool:
    """Coordinators of a project that targets the municipality comment, request changes, endorse."""
    return _id(municipality) in access_of(user).reviewed


def can_read(user, municipality: Municipality | int) -> bool:
    """Everyone who works on or reviews the municipality, and administrators, read its workspace."""
    access = access_of(user)
    mid = _id(municipality)
    return access.is_admin or mid in access.roles or mid in access.reviewed


def can_see_dashboard(user) -> bool:
    """The coordinators' dashboard: coordinators (their municipalities) and administrators (all)."""
    access = access_of(user)
    return access.is_admin or access.is_coordinator


def can_manage_project(user, project) -> bool:
    """A project's own work (its trainings): its coordinators and administrators. Nobody manages
    what belongs to no project but administrators."""
    access = access_of(user)
    project_id = project if isinstance(project, int) or project is None else project.pk
    return access.is_admin or (project_id is not None and project_id in access.projects)


def managed_projects(user) -> frozenset[int] | None:
    """Ids of the projects whose work the user manages; None for an administrator (all)."""
    access = access_of(user)
    return None if access.is_admin else access.projects


def can_use_workspace(user) -> bool:
    access = access_of(user)
    return access.is_admin or bool(access.roles) or access.is_coordinator


# --- Sets of municipalities -----------------------------------------------------------------


def editable_municipalities(user) -> QuerySet[Municipality]:
    return Municipality.objects.filter(pk__in=list(access_of(user).roles))


def readable_municipalities(user) -> QuerySet[Municipality]:
    access = access_of(user)
    if access.is_admin:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=[*access.roles, *access.reviewed])


def reviewed_municipalities(user) -> QuerySet[Municipality]:
    access = access_of(user)
    if access.is_admin:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=list(access.reviewed))


# --- The access helper every municipality view uses -----------------------------------------


def municipality_for_user(user, pk, *, write: bool = False, head: bool = False) -> Municipality:
    """The municipality, if this user may read it (or write it, or act as its head).

    Anyone else gets 404, the same answer as for a municipality that does not exist, so an
    outsider learns nothing.
    """
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    allowed = is_head(user, pk) if head else can_edit(user, pk) if write else can_read(user, pk)
    if not allowed:
        raise Http404
    try:
        return Municipality.objects.select_related("district__region").get(pk=pk)
    except Municipality.DoesNotExist:
        raise Http404 from None


# --- Who works on a municipality (for notifications) ----------------------------------------


def team_of(municipality_id: int):
    """Active staff and heads of the municipality."""
    from accounts.models import User

    return User.objects.filter(is_active=True, memberships__municipality_id=municipality_id).distinct()


def reviewers_of(municipality_id: int):
    """Active coordinators of the projects that target the municipality."""
    from accounts.models import User

    return User.objects.filter(
        is_active=True, coordinated_projects__project__target_municipalities=municipality_id
    ).distinct()
