"""Optimistic locking of the parts of a program (one EditLock row per page).

A page sends the version of its part it was loaded with (`lock_version`). `claim_part` moves the
version on only if it is still the same, with one conditional UPDATE (atomic on PostgreSQL and
SQLite alike). If someone saved the part in between, it raises EditConflict, which says who
and when, and nothing is written.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from planning.models import EditLock, Program


class EditConflict(Exception):
    """Someone else saved this part after the page was opened."""

    def __init__(self, lock: EditLock):
        super().__init__(f"{lock.part} moved to version {lock.version}")
        self.lock = lock


def current_lock(program: Program, part: str) -> EditLock:
    """The lock row of a part, created at version 0 the first time a page shows it."""
    lock = EditLock.objects.filter(program=program, part=part).select_related("updated_by").first()
    if lock is not None:
        return lock
    try:
        with transaction.atomic():
            return EditLock.objects.create(program=program, part=part)
    except IntegrityError:  # created by a parallel request a moment ago
        return EditLock.objects.select_related("updated_by").get(program=program, part=part)


def claim_part(program: Program, part: str, expected_version, user) -> int:
    """Move the part's version on if it is still `expected_version`; return the new version.

    Call it inside the transaction that saves the part, so that a failed save rolls it back.
    """
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = -1
    updated = EditLock.objects.filter(program=program, part=part, version=expected).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by=user
    )
    if updated != 1:
        raise EditConflict(current_lock(program, part))
    return expected + 1


def touch_parts(program: Program, prefix: str, user) -> None:
    """Move on the version of every part whose name starts with `prefix`.

    For changes made outside a page (an Excel import): anyone who has such a page open gets
    the conflict message on saving, instead of silently overwriting the imported rows.
    """
    EditLock.objects.filter(program=program, part__startswith=prefix).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by=user
    )
