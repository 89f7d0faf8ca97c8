"""Which monitoring report a user may reach, and for what: the one door of every monitoring request.

As planning.access: the report is resolved to its program's municipality and
accounts/permissions.py is asked. 404 to people who may not read the municipality's workspace
(they must not learn that a report being prepared exists), 403 to readers without the right.

| need        | who has it                                                |
|-------------|-----------------------------------------------------------|
| read        | staff and head of M, coordinators of M's projects, admins |
| edit        | staff and head of M (fill the report, submit it)          |
| head        | the head of M (publish)                                   |
| review      | coordinators of M's projects (comment, request changes, accept) |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import permissions
from monitoring.models import MonitoringReport

Need = Literal["read", "edit", "head", "review"]
NEEDS = ("read", "edit", "head", "review")


@dataclass(frozen=True)
class ReportAccess:
    """What one user may do with one report, by role (and, for `writable`, by its state)."""

    report: MonitoringReport
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
        """May change the report's records now: their municipality, and a state that allows it."""
        from monitoring.workflow import EDITABLE_STATUSES

        return self.edit and self.report.status in EDITABLE_STATUSES


def report_access(user, report: MonitoringReport) -> ReportAccess:
    """The user's rights on the report (no query: accounts caches the user's roles per request)."""
    municipality = report.program.municipality_id
    return ReportAccess(
        report=report,
        read=permissions.can_read(user, municipality),
        edit=permissions.can_edit(user, municipality),
        head=permissions.is_head(user, municipality),
        review=permissions.can_review(user, municipality),
    )


def report_for_user(user, pk, *, need: Need = "read") -> MonitoringReport:
    """The report if this user has `need` on it (404 to outsiders, 403 to readers without it);
    it carries its `access`."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:
        raise Http404
    report = (
        MonitoringReport.objects.select_related("program__municipality__district__region")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    access = report_access(user, report)
    if not access.read:
        raise Http404
    if not access.has(need):
        raise PermissionDenied
    report.access = access
    return report


def may_start_report(user, program) -> bool:
    """Staff and the head of the program's municipality start its yearly reports."""
    return permissions.can_edit(user, program.municipality_id)
