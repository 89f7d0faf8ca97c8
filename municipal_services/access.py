"""Which municipal services, joint action plans and local initiatives a user may reach, and for what.

The one door of every municipal_services request, as planning.access: the object is resolved to
its municipality and accounts/permissions.py is asked. 404 to people who may not read the
municipality's workspace (they must not learn that a draft exists), 403 to readers without the
right.

| need    | who has it                                                        |
|---------|-------------------------------------------------------------------|
| read    | staff and head of M, coordinators of M's projects, administrators |
| edit    | staff and head of M (services, tariffs, surveys, JAPs, initiatives) |
| head    | the head of M (publish a JAP; select and fund an initiative)      |
| review  | coordinators of M's projects (follow M's JAPs and initiatives)     |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import permissions
from municipal_services.models import JointActionPlan, LocalInitiative, MunicipalService
from municipalities.models import Municipality

Need = Literal["read", "edit", "head", "review"]
NEEDS = ("read", "edit", "head", "review")


@dataclass(frozen=True)
class ServicesAccess:
    """What one user may do with one municipality's services, JAPs and initiatives, by role."""

    municipality_id: int
    read: bool
    edit: bool
    head: bool
    review: bool

    def has(self, need: str) -> bool:
        if need not in NEEDS:
            raise ValueError(f"unknown need: {need}")
        return bool(getattr(self, need))


def services_access(user, municipality: Municipality | int) -> ServicesAccess:
    """The user's rights on a municipality's services (no query: accounts caches the roles)."""
    pk = municipality if isinstance(municipality, int) else municipality.pk
    return ServicesAccess(
        municipality_id=pk,
        read=permissions.can_read(user, pk),
        edit=permissions.can_edit(user, pk),
        head=permissions.is_head(user, pk),
        review=permissions.can_review(user, pk),
    )


def _pk(pk) -> int:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:
        raise Http404
    return pk


def _checked(user, obj, municipality_id: int, need: str):
    if obj is None:
        raise Http404
    access = services_access(user, municipality_id)
    if not access.read:
        raise Http404
    if not access.has(need):
        raise PermissionDenied
    obj.access = access
    return obj


def municipality_for_user(user, pk, *, need: Need = "read") -> Municipality:
    """A municipality's workspace of services (lists, creating a service, a JAP, an initiative)."""
    pk = _pk(pk)
    municipality = Municipality.objects.select_related("district__region").filter(pk=pk).first()
    return _checked(user, municipality, pk, need)


def service_for_user(user, pk, *, need: Need = "read") -> MunicipalService:
    """A municipality's service (with its registry entry and municipality), carrying `access`."""
    service = (
        MunicipalService.objects.select_related("base_service", "municipality__district__region")
        .filter(pk=_pk(pk))
        .first()
    )
    return _checked(user, service, service.municipality_id if service else 0, need)


def jap_for_user(user, pk, *, need: Need = "read") -> JointActionPlan:
    """A joint action plan, carrying `access`."""
    plan = (
        JointActionPlan.objects.select_related(
            "municipality__district__region", "service__base_service", "vote_option__vote", "hearing"
        )
        .filter(pk=_pk(pk))
        .first()
    )
    return _checked(user, plan, plan.municipality_id if plan else 0, need)


def initiative_for_user(user, pk, *, need: Need = "read") -> LocalInitiative:
    """A local initiative, carrying `access`."""
    initiative = (
        LocalInitiative.objects.select_related("municipality__district__region", "village", "activity")
        .filter(pk=_pk(pk))
        .first()
    )
    return _checked(user, initiative, initiative.municipality_id if initiative else 0, need)
