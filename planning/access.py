"""Which program a user may reach, and for what: the one door every planning request goes through.

`program_for_user(user, pk, need=...)` resolves the program to its municipality and asks
accounts/permissions.py. Every planning view calls it, reads and writes alike; no view, form or
template asks the roles itself. Pages get a `ProgramAccess` (`program_access(user, program)`) and
show or hide their buttons by it.

The answers, for a program of municipality M:

| need        | who has it                                                  | others who may read M | the rest |
|-------------|-------------------------------------------------------------|-----------------------|----------|
| read        | staff and head of M, coordinators of M's projects, admins   | —                     | 404      |
| edit        | staff and head of M                                         | 403                   | 404      |
| head        | the head of M                                               | 403                   | 404      |
| submit      | the head of M; staff of M when the head allows it           | 403                   | 404      |
| review      | coordinators of M's projects                                | 403                   | 404      |
| participate | staff and head of M and coordinators of M's projects        | 403                   | 404      |

Why 404 and 403: people who may not read M must not learn that the program exists, so they get
the same answer as for a program that does not exist (404). People who may read it already know
it exists; telling them "not for your role" (403) is honest and helps them more than a 404 would.
Whether the program's *state* allows a change (a submitted program is frozen) is another question,
answered by the services with a message, not by an error page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import permissions
from planning.models import Program

Need = Literal["read", "edit", "head", "submit", "review", "participate"]
NEEDS: tuple[str, ...] = ("read", "edit", "head", "submit", "review", "participate")


@dataclass(frozen=True)
class ProgramAccess:
    """What one user may do with one program, by role (and, for `writable`, by its state)."""

    program: Program
    read: bool
    edit: bool  # staff and head of the municipality
    head: bool
    review: bool  # coordinators of the municipality's projects
    technical: bool = False  # administrators: may see a failed render's technical detail

    @property
    def submit(self) -> bool:
        return self.head or (self.edit and self.program.staff_may_submit)

    @property
    def participate(self) -> bool:
        """Those who make the plan: they answer comments and ask for documents (not admins)."""
        return self.edit or self.review

    @property
    def writable(self) -> bool:
        """May change the program's content now: their municipality, and a state that allows it."""
        return self.edit and self.program.is_editable

    def has(self, need: str) -> bool:
        if need not in NEEDS:
            raise ValueError(f"unknown need: {need}")
        return bool(getattr(self, need))


def program_access(user, program: Program) -> ProgramAccess:
    """The user's rights on the program (no query: accounts caches the user's roles per request)."""
    municipality = program.municipality_id
    return ProgramAccess(
        program=program,
        read=permissions.can_read(user, municipality),
        edit=permissions.can_edit(user, municipality),
        head=permissions.is_head(user, municipality),
        review=permissions.can_review(user, municipality),
        technical=permissions.access_of(user).is_admin,
    )


def program_for_user(user, pk, *, need: Need = "read") -> Program:
    """The program if this user has `need` on it; 404 to those who may not read it, 403 to readers
    without the right (see the table above). The program carries its `access`."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    program = Program.objects.select_related("municipality__district__region").filter(pk=pk).first()
    if program is None:
        raise Http404
    access = program_access(user, program)
    if not access.read:
        raise Http404
    if not access.has(need):
        raise PermissionDenied
    program.access = access
    return program


def can_write(user, program: Program) -> bool:
    """May this user change the program now (their municipality, and a state that allows it)?"""
    return program_access(user, program).writable


# --- Municipality-level questions of the planning pages --------------------------------------


def municipality_for_user(user, pk, *, need: Literal["read", "edit"] = "read"):
    """The municipality whose programs the page lists: 404 to those who may not read it, 403 to
    readers who may not start a program there."""
    municipality = permissions.municipality_for_user(user, pk)
    if need == "edit" and not permissions.can_edit(user, municipality):
        raise PermissionDenied
    return municipality


def may_create_program(user, municipality) -> bool:
    return permissions.can_edit(user, municipality)


def may_see_dashboard(user) -> bool:
    """The coordinators' dashboard: coordinators (their municipalities) and administrators (all)."""
    return permissions.can_see_dashboard(user)
