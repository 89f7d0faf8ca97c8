"""Which program a user may reach: the one access helper every planning view uses.

It resolves the program to its municipality and asks accounts/permissions.py. People who may not
read the municipality get 404, the same as for a program that does not exist.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import permissions
from planning.models import Program


def program_for_user(user, pk, *, write: bool = False) -> Program:
    """The program if this user may read it (or, with write=True, change it).

    Readers who are not writers (coordinators, administrators) get 403 on a write: they know the
    program exists. Whether the program's state allows changes is a separate question
    (Program.is_editable), answered by the page with a message rather than an error.
    """
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    program = Program.objects.select_related("municipality__district__region").filter(pk=pk).first()
    if program is None or not permissions.can_read(user, program.municipality_id):
        raise Http404
    if write and not permissions.can_edit(user, program.municipality_id):
        raise PermissionDenied
    return program


def can_write(user, program: Program) -> bool:
    """May this user change the program now (their municipality, and a state that allows it)?"""
    return program.is_editable and permissions.can_edit(user, program.municipality_id)
