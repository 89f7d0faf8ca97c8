"""Which hearing a user may reach, and for what: the one door of every hearings request.

As planning.access: the hearing is resolved to its municipality and accounts/permissions.py is
asked. 404 to people who may not read the municipality's workspace (they must not learn that a
hearing being prepared exists), 403 to readers without the right.

| need        | who has it                                                |
|-------------|-----------------------------------------------------------|
| read        | staff and head of M, coordinators of M's projects, admins |
| edit        | staff and head of M (prepare, enter results, moderate)    |
| head        | the head of M (announce, postpone, cancel, close)         |
| review      | coordinators of M's projects                              |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import permissions
from hearings.models import Hearing

Need = Literal["read", "edit", "head", "review"]
NEEDS = ("read", "edit", "head", "review")


@dataclass(frozen=True)
class HearingAccess:
    hearing: Hearing
    read: bool
    edit: bool
    head: bool
    review: bool

    def has(self, need: str) -> bool:
        if need not in NEEDS:
            raise ValueError(f"unknown need: {need}")
        return bool(getattr(self, need))

    @property
    def writable(self) -> bool:
        from hearings.workflow import EDITABLE_STATUSES

        return self.edit and self.hearing.status in EDITABLE_STATUSES


def hearing_access(user, hearing: Hearing) -> HearingAccess:
    municipality = hearing.municipality_id
    return HearingAccess(
        hearing=hearing,
        read=permissions.can_read(user, municipality),
        edit=permissions.can_edit(user, municipality),
        head=permissions.is_head(user, municipality),
        review=permissions.can_review(user, municipality),
    )


def hearing_for_user(user, pk, *, need: Need = "read") -> Hearing:
    """The hearing if this user has `need` on it (404 to outsiders, 403 to readers without it);
    it carries its `access`."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    hearing = (
        Hearing.objects.select_related("municipality__district__region", "program").filter(pk=pk).first()
    )
    if hearing is None:
        raise Http404
    access = hearing_access(user, hearing)
    if not access.read:
        raise Http404
    if not access.has(need):
        raise PermissionDenied
    hearing.access = access
    return hearing


def municipality_for_user(user, pk, *, need: Literal["read", "edit"] = "read"):
    """The municipality whose hearings a page lists (404 to outsiders, 403 to readers who may
    not prepare one)."""
    municipality = permissions.municipality_for_user(user, pk)
    if need == "edit" and not permissions.can_edit(user, municipality):
        raise PermissionDenied
    return municipality


def may_prepare_hearings(user, municipality) -> bool:
    return permissions.can_edit(user, municipality)


def followed_municipalities(user):
    """The municipalities whose hearings the coordinators' view lists (admins: all)."""
    return permissions.reviewed_municipalities(user)


def may_follow_hearings(user) -> bool:
    return permissions.can_see_dashboard(user)
