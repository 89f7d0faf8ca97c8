"""The coordinators' view of hearings: the hearings of the municipalities of their projects
(administrators: all), with filters, counts, and Excel exports of the hearings and their proposals.

Anyone else gets 404, as planning's dashboard does (hearings.access.may_follow_hearings). A filter
value that is not valid (not a number, a municipality the user does not follow, an unknown
status) is dropped and the other filters still apply. The exports carry no contacts, names only
with the resident's consent, no hidden proposal, and every text cell is written as text, so a
proposal typed as "=HYPERLINK(…)" stays a sentence and never becomes a formula.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from documents.cells import value_cell
from hearings.access import followed_municipalities, may_follow_hearings
from hearings.models import Gender, Hearing, Proposal
from hearings.workspace.forms import FollowFilterForm
from municipalities.ordering import alphabetical
from planning.exchange.http import XLSX, attachment

M = Proposal.Moderation
PER_PAGE = 100


def _followed(request) -> tuple[QuerySet, dict, dict]:
    """The hearings this user follows with the valid filters applied (except the status, whose
    counts are shown for every status), the filters, and the filter choices."""
    if not may_follow_hearings(request.user):
        raise Http404
    municipalities = list(followed_municipalities(request.user).select_related("district__region"))
    regions = {m.district.region_id: m.district.region.name for m in municipalities}
    hearings = Hearing.objects.filter(municipality__in=followed_municipalities(request.user))
    years = sorted({d.year for d in hearings.dates("starts_at", "year")}, reverse=True)
    choices = {
        "regions": sorted(regions.items(), key=lambda item: alphabetical(item[1])),
        "municipalities": sorted(((m.pk, m.name) for m in municipalities), key=lambda c: alphabetical(c[1])),
        "years": years,
    }
    filters = FollowFilterForm(request.GET, **choices).valid_filters()
    if filters.get("oblast"):
        hearings = hearings.filter(municipality__district__region_id=filters["oblast"])
    if filters.get("municipality"):
        hearings = hearings.filter(municipality_id=filters["municipality"])
    if filters.get("kind"):
        hearings = hearings.filter(kind=filters["kind"])
    if filters.get("year"):
        hearings = hearings.filter(starts_at__year=filters["year"])
    return hearings, filters, choices


def _with_status(hearings: QuerySet, filters: dict) -> QuerySet:
    return hearings.filter(status=filters["status"]) if filters.get("status") else hearings


def _rows(hearings: QuerySet) -> QuerySet:
    return (
        hearings.select_related("municipality__district__region", "attendance")
        .annotate(
            proposal_count=Count("proposals", filter=~Q(proposals__moderation=M.HIDDEN)),
            pending_count=Count("proposals", filter=Q(proposals__moderation=M.PENDING)),
            answered_count=Count(
                "proposals", filter=Q(proposals__moderation=M.PUBLISHED) & ~Q(proposals__disposition="")
            ),
        )
        .order_by("-starts_at", "-pk")
    )


def _query(filters: dict, **changes) -> str:
    values = {**filters, **changes}
    return urlencode({name: values[name] for name in FollowFilterForm.FILTERS if values.get(name)})


@login_required
@require_safe
def follow(request):
    """The followed hearings, 100 a page, a count per status above them, totals, and the filters."""
    hearings, filters, choices = _followed(request)
    by_status = dict(hearings.order_by().values_list("status").annotate(n=Count("pk")))
    summary = [
        {
            "code": code,
            "label": label,
            "count": by_status.get(code, 0),
            "query": _query(filters, status=code),
            "current": filters.get("status") == code,
        }
        for code, label in Hearing.Status.choices
    ]
    selected = _with_status(hearings, filters)
    totals = selected.aggregate(
        women=Sum("attendance__women"),
        men=Sum("attendance__men"),
    )
    proposal_totals = Proposal.objects.filter(hearing__in=selected).aggregate(
        total=Count("pk", filter=~Q(moderation=M.HIDDEN)),
        answered=Count("pk", filter=Q(moderation=M.PUBLISHED) & ~Q(disposition="")),
    )
    page = Paginator(_rows(selected), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "hearings/workspace/follow.html",
        {
            # Unbound, so a dropped value shows as "all" rather than as an error.
            "form": FollowFilterForm(initial=filters, **choices),
            "page": page,
            "summary": summary,
            "totals": {**totals, **proposal_totals},
            "filtered": bool(filters),
            "query": _query(filters),
        },
    )


# --- Excel ------------------------------------------------------------------------------------


def _workbook(title: str, headers: list[str], widths: list[int], rows) -> bytes:
    """One sheet: bold headers, then the rows; every string a text cell (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for values in rows:
        cells = []
        for value in values:
            cell = value_cell(sheet, value)  # the one safe cell writer: formula-looking text stays text
            if isinstance(value, date):
                cell.number_format = "DD.MM.YYYY HH:MM" if hasattr(value, "hour") else "DD.MM.YYYY"
            cells.append(cell)
        sheet.append(cells)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _local(value):
    """A date-time as Excel keeps it: local time, without a time zone."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def hearings_workbook(hearings) -> bytes:
    headers = [
        _("Municipality"), _("Rayon"), _("Oblast"), _("Title"), _("Subject"), _("Format"),
        _("Date and time"), _("Place"), _("Status"), _("Women"), _("Men"), _("Total"),
        _("Proposals"), _("Answered"), _("Waiting for moderation"),
    ]  # fmt: skip
    widths = [30, 20, 18, 40, 24, 22, 17, 30, 16, 9, 9, 9, 11, 11, 13]

    def rows():
        for hearing in hearings:
            municipality = hearing.municipality
            attendance = getattr(hearing, "attendance", None)
            yield [
                municipality.name,
                municipality.district.name,
                municipality.district.region.name,
                hearing.title,
                hearing.get_kind_display(),
                hearing.get_format_display(),
                _local(hearing.starts_at),
                hearing.place,
                hearing.get_status_display(),
                attendance.women if attendance else None,
                attendance.men if attendance else None,
                attendance.total if attendance else None,
                hearing.proposal_count,
                hearing.answered_count,
                hearing.pending_count,
            ]

    return _workbook(_("Hearings"), headers, widths, rows())


def proposals_workbook(proposals) -> bytes:
    headers = [
        _("Municipality"), _("Hearing"), _("Date of the hearing"), _("No."), _("Source"),
        _("Paper form No."), _("Proposal"), _("Village"), _("Gender"), _("Age group"),
        _("Name (published with consent)"), _("Moderation"), _("Disposition"), _("Answer"),
        _("Merged with No."), _("Referred to"), _("Part of the plan"), _("Received"),
    ]  # fmt: skip
    widths = [28, 36, 14, 6, 18, 10, 60, 18, 9, 10, 22, 16, 22, 50, 9, 24, 18, 17]
    genders = dict(Gender.choices)

    def rows():
        for proposal in proposals:
            hearing = proposal.hearing
            yield [
                hearing.municipality.name,
                hearing.title,
                _local(hearing.starts_at),
                proposal.number,
                proposal.get_source_display(),
                proposal.paper_form_number,
                proposal.text,
                proposal.village.name if proposal.village else "",
                str(genders.get(proposal.gender, "")),
                proposal.get_age_group_display() if proposal.age_group else "",
                proposal.public_name,
                proposal.get_moderation_display(),
                proposal.get_disposition_display() if proposal.disposition else "",
                proposal.answer,
                proposal.merged_into.number if proposal.merged_into else None,
                proposal.referred_to,
                proposal.get_plan_part_display() if proposal.plan_part else "",
                _local(proposal.submitted_at),
            ]

    return _workbook(_("Proposals"), headers, widths, rows())


def _filename(what: str) -> str:
    return f"{what} {timezone.localdate().isoformat()}.xlsx"


@login_required
@require_safe
def export_hearings(request):
    """The hearings of the page, with the same filters, as an Excel file."""
    hearings, filters, _choices = _followed(request)
    content = hearings_workbook(_rows(_with_status(hearings, filters)).iterator(chunk_size=500))
    return attachment(HttpResponse(content, content_type=XLSX), _filename(_("Hearings")))


@login_required
@require_safe
def export_proposals(request):
    """The proposals of the page's hearings (not the hidden ones), without contacts."""
    hearings, filters, _choices = _followed(request)
    proposals = (
        Proposal.objects.filter(hearing__in=_with_status(hearings, filters))
        .exclude(moderation=M.HIDDEN)
        .select_related("hearing__municipality", "village", "merged_into")
        .defer("contact", "hearing__summary", "hearing__agenda", "hearing__minutes")
        .order_by("-hearing__starts_at", "hearing_id", "number")
    )
    content = proposals_workbook(proposals.iterator(chunk_size=500))
    return attachment(HttpResponse(content, content_type=XLSX), _filename(_("Proposals")))
