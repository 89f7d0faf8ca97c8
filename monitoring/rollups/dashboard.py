"""Monitoring's columns on planning's coordinators' dashboard: each municipality's latest yearly
report (year and status) and whether a report is late (planning/review/dashboard.py's extension
point; registered in monitoring/apps.py, planning imports nothing of monitoring).

Which program: the municipality's current published program (as the roll-ups: status
"published", the one published last), whatever the dashboard's own program column shows (a new
version being drafted has no reports). Late: the report of year Y of a published program covering
Y is due by MONITORING_REPORT_DUE (month-day) of year Y+1; after that day it is late until it is
*published* (submitted or accepted is not enough: the law asks for a report the public can read,
and the JMEG's verification and the council's hearing come before publication). A year whose due
day came before the program was published is not asked for. One query whatever the number of
municipalities.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring.models import MonitoringReport
from planning.models import Program
from planning.review.dashboard import DashboardExtension, DashboardRow, ExtraCell, ExtraColumn, ExtraFilter

S = MonitoringReport.Status
YEAR, STATUS, LATE = "monitoring_year", "monitoring_status", "monitoring_late"
LATE_YEARS = "monitoring_late_years"  # the list of late years (not a column)


def due_date(year: int) -> date:
    """The day the report of `year` is due (in year + 1)."""
    month, day = (int(part) for part in settings.MONITORING_REPORT_DUE.split("-"))
    return date(year + 1, month, day)


def late_years(program: Program, statuses: dict[int, str], today: date) -> list[int]:
    """The years of the program whose report is due (its day is past) and not published."""
    published_on = timezone.localdate(program.published_at) if program.published_at else None
    late = []
    for year in range(program.start_year, program.end_year + 1):
        due = due_date(year)
        if today <= due:
            break
        if published_on is not None and published_on > due:
            continue  # due before the program was published: not asked for
        if statuses.get(year) != S.PUBLISHED:
            late.append(year)
    return late


def extend_dashboard(rows: dict[int, DashboardRow], today: date) -> None:
    """Set the three cells of each row; one query."""
    # One row per (program, report), or one with no report: a LEFT JOIN, on any database.
    records = (
        Program.objects.filter(municipality_id__in=list(rows), status=Program.Status.PUBLISHED)
        .order_by("municipality_id", F("published_at").desc(nulls_last=True), "-pk")
        .values_list(
            "pk", "municipality_id", "start_year", "end_year", "published_at",
            "monitoring_reports__year", "monitoring_reports__status",
        )
    )  # fmt: skip
    chosen: dict[int, Program] = {}
    statuses_of: dict[int, dict[int, str]] = {}
    for pk, municipality_id, start, end, published_at, year, status in records:
        program = chosen.get(municipality_id)
        if program is None:
            program = chosen[municipality_id] = Program(
                pk=pk,
                municipality_id=municipality_id,
                start_year=start,
                end_year=end,
                published_at=published_at,
            )
            statuses_of[pk] = {}
        if program.pk == pk and year is not None:
            statuses_of[pk][year] = status
    labels = dict(S.choices)
    for municipality_id, row in rows.items():
        program = chosen.get(municipality_id)
        if program is None:
            row.extras[YEAR] = ExtraCell("—", value="")
            row.extras[STATUS] = ExtraCell(_("no published program"))
            row.extras[LATE] = ExtraCell("—", value="")
            row.extras[LATE_YEARS] = []
            continue
        statuses = statuses_of[program.pk]
        if statuses:
            latest = max(statuses)
            row.extras[YEAR] = ExtraCell(str(latest), value=latest)
            row.extras[STATUS] = ExtraCell(str(labels[statuses[latest]]))
        else:
            row.extras[YEAR] = ExtraCell("—", value="")
            row.extras[STATUS] = ExtraCell(_("no report"))
        late = late_years(program, statuses, today)
        row.extras[LATE_YEARS] = late
        if late:
            years = ", ".join(str(year) for year in late)
            row.extras[LATE] = ExtraCell(_("late: %(years)s") % {"years": years}, flag="danger")
        else:
            row.extras[LATE] = ExtraCell(_("on time"))


def _keep(row: DashboardRow, value: str) -> bool:
    return bool(row.extras.get(LATE_YEARS)) == (value == "yes")


DASHBOARD = DashboardExtension(
    extend=extend_dashboard,
    columns=(
        ExtraColumn(YEAR, gettext_lazy("Latest report"), width=12),
        ExtraColumn(STATUS, gettext_lazy("Report status"), width=22),
        ExtraColumn(LATE, gettext_lazy("Reports late"), width=18),
    ),
    filters=(
        ExtraFilter(
            "late",
            gettext_lazy("Monitoring reports"),
            choices=lambda: [("yes", _("late")), ("no", _("none late"))],
            keep=_keep,
        ),
    ),
)
