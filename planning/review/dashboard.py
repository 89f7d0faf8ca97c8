"""The coordinators' dashboard: where each reviewed municipality stands with its program.

One row per municipality the user may review (accounts.permissions.reviewed_municipalities): its
current program (the newest one that is not superseded), the stage it has reached, how long it has
been there, its open review comments and the last time anyone touched it.

A fixed number of queries whatever the number of municipalities: the municipalities, their
current programs with everything the stage needs as annotations (Exists / Subquery), and their
projects; the rest is assembled in Python. Apps above planning (monitoring: the yearly reports'
stage) add columns and filters through `register_dashboard_extension`, one query each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO

from django.db.models import Exists, F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import access_of, reviewed_municipalities
from municipalities.models import DonorProject, Municipality, Region
from municipalities.ordering import alphabetical, by_name
from planning.models import (
    Activity,
    EditLock,
    Program,
    ReviewComment,
    Sector,
    SectorAnalysis,
    StatusChange,
    WorkingGroup,
    WorkingGroupMember,
)

# The stages in the order a program goes through them. The draft stages (started → draft) are
# reached by filling the program in; the others are the program's workflow status.
STAGES = [
    ("no_program", gettext_lazy("no program")),
    ("started", gettext_lazy("started")),
    ("working_group", gettext_lazy("working group formed")),
    ("analysis", gettext_lazy("analysis written")),
    ("draft", gettext_lazy("draft")),
    ("submitted", gettext_lazy("submitted for review")),
    ("changes_requested", gettext_lazy("changes requested")),
    ("endorsed", gettext_lazy("endorsed")),
    ("approved", gettext_lazy("approved by the council")),
    ("published", gettext_lazy("published")),
]
STAGE_LABELS = dict(STAGES)
STATUS_STAGES = frozenset(
    {
        Program.Status.SUBMITTED,
        Program.Status.CHANGES_REQUESTED,
        Program.Status.ENDORSED,
        Program.Status.APPROVED,
        Program.Status.PUBLISHED,
    }
)


@dataclass
class DashboardRow:
    municipality: Municipality  # with district and region loaded
    projects: list[DonorProject] = field(default_factory=list)
    program: Program | None = None
    stage: str = "no_program"
    days_in_stage: int | None = None
    open_comments: int = 0
    last_activity: datetime | None = None
    # What the extensions set, by column key, and the same in the order of `extra_columns()`.
    extras: dict = field(default_factory=dict)
    extra_cells: list = field(default_factory=list)

    @property
    def stage_label(self) -> str:
        return str(STAGE_LABELS[self.stage])

    @property
    def district(self):
        return self.municipality.district

    @property
    def region(self):
        return self.municipality.district.region


# --- Extensions: columns and filters of apps above planning -------------------------------------


@dataclass(frozen=True)
class ExtraCell:
    """What an extension shows in one column of a row: `text` on the page, `value` in the Excel
    file (a number or a date stays one; None: the text), `flag` a Bootstrap contextual word
    ("danger"…) that marks the cell, `sort` its sort key."""

    text: str
    value: object = None
    flag: str = ""
    sort: object = None

    @property
    def export_value(self):
        return self.text if self.value is None else self.value


@dataclass(frozen=True)
class ExtraColumn:
    key: str
    label: object  # a lazy translation
    width: int = 18  # in the Excel file


@dataclass(frozen=True)
class ExtraFilter:
    """A filter of the page's form: `choices()` the (value, label) pairs, `keep(row, value)` True
    for the rows it keeps."""

    name: str
    label: object
    choices: Callable[[], list[tuple[str, str]]]
    keep: Callable[[DashboardRow, str], bool]


@dataclass(frozen=True)
class DashboardExtension:
    """`extend(rows, today)` receives the rows by municipality id and sets `row.extras[key]` to an
    ExtraCell for each of its `columns`, in a fixed number of queries whatever the number of rows."""

    extend: Callable[[dict[int, DashboardRow], date], None]
    columns: tuple[ExtraColumn, ...] = ()
    filters: tuple[ExtraFilter, ...] = ()


# Apps above planning register theirs in their AppConfig.ready(); planning imports none of them.
_DASHBOARD_EXTENSIONS: list[DashboardExtension] = []


def register_dashboard_extension(extension: DashboardExtension) -> None:
    if extension not in _DASHBOARD_EXTENSIONS:
        _DASHBOARD_EXTENSIONS.append(extension)


def extra_columns() -> list[ExtraColumn]:
    return [column for extension in _DASHBOARD_EXTENSIONS for column in extension.columns]


def extra_filters() -> list[ExtraFilter]:
    return [item for extension in _DASHBOARD_EXTENSIONS for item in extension.filters]


def _extend(rows: dict[int, DashboardRow], today: date) -> None:
    columns = extra_columns()
    for extension in _DASHBOARD_EXTENSIONS:
        extension.extend(rows, today)
    for row in rows.values():
        row.extra_cells = [row.extras.get(column.key) or ExtraCell("") for column in columns]


# --- Who may filter by what ------------------------------------------------------------------


def dashboard_projects(user) -> QuerySet[DonorProject]:
    """The projects the user may filter by: their own projects; every project for an administrator."""
    access = access_of(user)
    if access.is_admin:
        return DonorProject.objects.all()
    if not access.is_coordinator:
        return DonorProject.objects.none()
    return DonorProject.objects.filter(coordinators__user=user).distinct()


def dashboard_regions(user) -> QuerySet[Region]:
    """The oblasts of the municipalities the user reviews."""
    if access_of(user).is_admin:
        return Region.objects.all()
    return Region.objects.filter(
        districts__municipalities__in=reviewed_municipalities(user).values("pk")
    ).distinct()


# --- The rows ----------------------------------------------------------------------------------


def _count(queryset: QuerySet) -> Subquery:
    """A correlated COUNT of the rows of `queryset` (filtered by OuterRef): 0 when there are none."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


def _latest(queryset: QuerySet, field_name: str) -> Subquery:
    """The latest non-null value of `field_name` among the rows of `queryset`."""
    return Subquery(
        queryset.filter(**{f"{field_name}__isnull": False}).order_by(f"-{field_name}").values(field_name)[:1]
    )


def _current_programs(municipalities: QuerySet[Municipality]) -> QuerySet[Program]:
    """The newest non-superseded program of each municipality, with what its stage needs."""
    program = OuterRef("pk")
    newest = (
        Program.objects.filter(municipality=OuterRef("municipality"))
        .exclude(status=Program.Status.SUPERSEDED)
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    group_formed = (
        WorkingGroup.objects.filter(program=program, order_date__isnull=False)
        .exclude(order_number="")
        .filter(Exists(WorkingGroupMember.objects.filter(working_group=OuterRef("pk"))))
    )
    # An active sector that has no written analysis in this program.
    unwritten_sector = Sector.objects.filter(is_active=True).exclude(
        Exists(
            SectorAnalysis.objects.filter(program=OuterRef(OuterRef("pk")), sector=OuterRef("pk")).exclude(
                text=""
            )
        )
    )
    return (
        Program.objects.filter(municipality__in=municipalities.values("pk"), pk=Subquery(newest))
        .annotate(
            group_formed=Exists(group_formed),
            sectors_in_use=Exists(Sector.objects.filter(is_active=True)),
            sector_without_analysis=Exists(unwritten_sector),
            has_activities=Exists(Activity.objects.filter(objective__goal__priority__program=program)),
            open_comments=_count(ReviewComment.objects.filter(program=program, resolved_at__isnull=True)),
            status_since=_latest(
                StatusChange.objects.filter(program=program, to_status=OuterRef("status")), "at"
            ),
            last_change=_latest(StatusChange.objects.filter(program=program), "at"),
            last_edit=_latest(EditLock.objects.filter(program=program), "updated_at"),
            last_comment=_latest(ReviewComment.objects.filter(program=program), "created_at"),
        )
        .order_by()
    )


def _stage_of(program: Program) -> str:
    if program.status in STATUS_STAGES:
        return str(program.status)
    if program.has_activities:
        return "draft"
    # With no sector in use at all there is nothing to analyse: the stage is not reached.
    if program.sectors_in_use and not program.sector_without_analysis:
        return "analysis"
    if program.group_formed:
        return "working_group"
    return "started"


def _stage_began(program: Program, stage: str) -> datetime:
    if stage in STATUS_STAGES:
        return program.status_since or program.created_at
    return max(filter(None, [program.created_at, program.last_change]))


def dashboard_rows(
    *,
    user,
    project_id: int | None = None,
    region_id: int | None = None,
    stage: str | None = None,
    today: date | None = None,
) -> list[DashboardRow]:
    """One row per municipality the user reviews, ordered by oblast, rayon and name.

    `project_id` keeps the municipalities targeted by that project (for a coordinator, only one of
    their own projects: any other gives no rows), `region_id` those of that oblast, `stage` those
    at that stage. Three queries, plus one per registered extension (monitoring's: one), plus
    reading the user's access once per request.
    """
    today = today or timezone.localdate()
    municipalities = reviewed_municipalities(user).select_related("district__region").order_by()
    if project_id is not None:
        if access_of(user).is_admin:
            municipalities = municipalities.filter(donor_projects__pk=project_id)
        else:
            municipalities = municipalities.filter(
                donor_projects__pk=project_id, donor_projects__coordinators__user=user
            )
    if region_id is not None:
        municipalities = municipalities.filter(district__region_id=region_id)
    municipalities = municipalities.distinct()

    rows = {m.pk: DashboardRow(municipality=m) for m in municipalities}  # query 1
    if not rows:
        return []

    projects = (
        DonorProject.objects.filter(target_municipalities__in=municipalities.values("pk"))
        .annotate(municipality_id=F("target_municipalities"))
        .order_by("-start_year", by_name(), "pk")
    )
    projects_of: dict[int, list[DonorProject]] = defaultdict(list)
    for project in projects:  # query 2
        projects_of[project.municipality_id].append(project)

    for program in _current_programs(municipalities):  # query 3
        row = rows[program.municipality_id]
        row.program = program
        row.stage = _stage_of(program)
        began = timezone.localdate(_stage_began(program, row.stage))
        row.days_in_stage = max(0, (today - began).days)
        row.open_comments = program.open_comments or 0
        moments = [program.last_edit, program.last_change, program.last_comment]
        row.last_activity = max(filter(None, moments), default=None)

    _extend(rows, today)  # one query per extension

    result = []
    for row in rows.values():
        row.projects = projects_of.get(row.municipality.pk, [])
        if stage and row.stage != stage:
            continue
        result.append(row)
    result.sort(
        key=lambda r: (
            alphabetical(r.region.name),
            alphabetical(r.district.name),
            alphabetical(r.municipality.name),
            r.municipality.pk,
        )
    )
    return result


def stage_counts(rows: list[DashboardRow]) -> list[tuple[str, str, int]]:
    """(code, label, number of rows) for every stage, in the order of the stages."""
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.stage] += 1
    return [(code, str(label), counts[code]) for code, label in STAGES]


# --- Excel -------------------------------------------------------------------------------------


def export_dashboard(rows: list[DashboardRow]) -> bytes:
    """The rows as one sheet, in the active language; numbers and dates stay numbers and dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from documents.cells import value_cell

    book = Workbook()
    sheet = book.active
    sheet.title = _("Coordinator's dashboard")[:31]
    headers = [
        _("Municipality"),
        _("Rayon"),
        _("Oblast"),
        _("Projects"),
        _("Program"),
        _("Stage"),
        _("Days in stage"),
        _("Open comments"),
        _("Last activity"),
        *(str(column.label) for column in extra_columns()),
    ]
    for column, title in enumerate(headers, start=1):
        cell = value_cell(sheet, title, row=1, column=column)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(rows, start=2):
        program = row.program
        values = [
            row.municipality.name,
            row.district.name,
            row.region.name,
            ", ".join(project.name for project in row.projects),
            f"{program.title} ({program.start_year}–{program.end_year})" if program else "",
            row.stage_label,
            row.days_in_stage,
            row.open_comments if program else None,
            timezone.localdate(row.last_activity) if row.last_activity else None,
            *(cell.export_value for cell in row.extra_cells),
        ]
        for column, value in enumerate(values, start=1):
            cell = value_cell(sheet, value, row=number, column=column)
            if isinstance(value, date):
                cell.number_format = "DD.MM.YYYY"
    widths = [34, 24, 20, 34, 40, 26, 12, 12, 14, *(column.width for column in extra_columns())]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"

    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
