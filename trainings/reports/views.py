"""The statistics of trainings in the workspace, and the Excel exchange of a training.

Statistics: coordinators see the trainings of their own projects, administrators all (a
training with no project: administrators only). Municipal staff and heads get 404, like the
other coordinators' pages (planning's dashboard, hearings' follow page): what they may see of
trainings is who from their municipality was trained, on each training's own page; figures
across projects are the projects' business, and the public aggregates are on /trainings/.

The Excel exchange of a training is for the managers of its project (trainings.access, need
"manage"): the participant list carries the private phone and e-mail. Readers of the training
(the staff of a municipality with participants) get 403, everybody else 404.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import permissions
from documents.uploads import upload_limit
from municipalities.models import District, DonorProject, Region
from municipalities.ordering import by_name
from trainings.access import training_for_user
from trainings.models import Gender, Role, Training
from trainings.reports import charts
from trainings.reports.cells import MAX_WORKBOOK_BYTES
from trainings.reports.forms import ParticipantsImportForm, StatisticsFilterForm
from trainings.selectors import counted_trainings, training_statistics
from trainings.workflow import EDITABLE_STATUSES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_ERRORS_SHOWN = 100


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook as a download whose file name keeps its Cyrillic letters (RFC 6266 / 5987)."""
    response = HttpResponse(content, content_type=XLSX)
    stem = slugify(filename.rsplit(".", 1)[0]) or "trainings"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{stem}.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


# --- Statistics -------------------------------------------------------------------------------


def _statistics_scope(request) -> tuple[dict, dict, StatisticsFilterForm]:
    """The arguments of training_statistics for this user and the valid filters, the filters,
    and the form (unbound, so a dropped value shows as "all"). Four queries for the choices."""
    projects = permissions.managed_projects(request.user)
    if projects is not None and not projects:
        raise Http404
    project_rows = DonorProject.objects.order_by(by_name())
    if projects is not None:
        project_rows = project_rows.filter(pk__in=projects)
    project_choices = [(p.pk, p.name) for p in project_rows]
    allowed = [pk for pk, _name in project_choices] if projects is not None else None
    years = sorted(
        set(
            counted_trainings(projects=allowed)
            .annotate(y=ExtractYear("first_day"))
            .values_list("y", flat=True)
            .distinct()
        ),
        reverse=True,
    )
    regions = [(r.pk, r.name) for r in Region.objects.order_by(by_name())]
    districts = [
        (d.pk, f"{d.name} ({d.region.name})")
        for d in District.objects.select_related("region").order_by(by_name())
    ]
    choices = {"projects": project_choices, "years": years, "regions": regions, "districts": districts}
    filters = StatisticsFilterForm(request.GET, **choices).valid_filters()
    arguments = {
        "projects": [filters["project"]] if filters.get("project") else allowed,
        "year": filters.get("year"),
        "region": filters.get("oblast"),
        "district": filters.get("rayon"),
        "role": filters.get("role"),
        "format": filters.get("format"),
    }
    return arguments, filters, StatisticsFilterForm(initial=filters, **choices)


def _filter_labels(form: StatisticsFilterForm, filters: dict) -> list[tuple[str, str]]:
    labels = []
    for name in StatisticsFilterForm.FILTERS:
        if filters.get(name):
            field = form.fields[name]
            shown = {str(k): str(v) for k, v in field.choices}.get(str(filters[name]), str(filters[name]))
            labels.append((str(field.label), shown))
    return labels


def _charts(stats) -> dict:
    return {
        "by_oblast": charts.bar_chart(
            [(p.name or _("not known"), [p.figures.participants]) for p in stats.by_oblast],
            title=_("Participants by oblast"),
        ),
        "by_gender": charts.bar_chart(
            [(Gender(g).label, [n]) for g, n in stats.by_gender.items()],
            title=_("Women and men"),
        ),
        "by_role": charts.bar_chart(
            [(Role(r).label, [f.participants]) for r, f in stats.by_role.items()],
            title=_("Participants by role"),
        ),
        "target": charts.bar_chart(
            [
                (_("From target municipalities"), [stats.target.participants]),
                (_("From neighbouring municipalities"), [stats.neighbouring.participants]),
                (_("Municipality not known (tallies)"), [stats.not_known.participants]),
            ],
            title=_("Target and neighbouring municipalities"),
        ),
        "planned": charts.bar_chart(
            [(row.title, [row.planned or 0, row.actual]) for row in stats.rows],
            title=_("Planned and actual participants"),
            series=[_("Planned"), _("Actual")],
        ),
    }


@login_required
@require_safe
def statistics(request):
    """Participants and participations, share of women, by role, by oblast → rayon →
    municipality, target vs neighbouring, planned vs actual, with charts; filters in the query."""
    arguments, filters, form = _statistics_scope(request)
    stats = training_statistics(**arguments)
    query = urlencode({name: filters[name] for name in StatisticsFilterForm.FILTERS if filters.get(name)})
    return render(
        request,
        "trainings/reports/statistics.html",
        {
            "form": form,
            "filtered": bool(filters),
            "query": query,
            "stats": stats,
            "roles": [(Role(r).label, f) for r, f in stats.by_role.items()],
            "charts": _charts(stats),
        },
    )


@login_required
@require_safe
def statistics_export(request):
    from trainings.reports.exchange import export_statistics

    arguments, filters, form = _statistics_scope(request)
    stats = training_statistics(**arguments)
    content = export_statistics(stats, filters=_filter_labels(form, filters))
    return xlsx_response(content, _("Training statistics") + ".xlsx")


# --- A training's Excel -------------------------------------------------------------------------


def _stem(training: Training, what: str) -> str:
    return f"{what} - {training.title}"[:120]


@login_required
@require_safe
def participants_export(request, pk):
    from trainings.reports.exchange import export_participants

    training = training_for_user(request.user, pk, need="manage")
    return xlsx_response(export_participants(training), _stem(training, _("Participants")) + ".xlsx")


@login_required
@require_safe
def attendance_export(request, pk):
    from trainings.reports.exchange import export_attendance

    training = training_for_user(request.user, pk, need="manage")
    return xlsx_response(export_attendance(training), _stem(training, _("Attendance")) + ".xlsx")


@login_required
@require_safe
def participants_template(request, pk):
    from trainings.reports.exchange import participants_template as build

    training = training_for_user(request.user, pk, need="manage")
    return xlsx_response(build(training), _("Participants template") + ".xlsx")


@upload_limit(MAX_WORKBOOK_BYTES)
@login_required
@require_http_methods(["GET", "POST"])
def participants_import(request, pk):
    """Upload the filled-in template: every participant is registered, or none, with the reasons."""
    from trainings.reports.exchange import import_participants

    training = training_for_user(request.user, pk, need="manage")
    writable = training.status in EDITABLE_STATUSES
    form = ParticipantsImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        if not writable:
            messages.error(
                request,
                _("The training is “%(status)s” and cannot be changed now.")
                % {"status": training.get_status_display()},
            )
            return redirect("trainings_ws:participants_import", training.pk)
        if form.is_valid():
            result = import_participants(training=training, user=request.user, file=form.cleaned_data["file"])
            if result.ok:
                messages.success(
                    request,
                    _("Imported: %(count)s participants registered.") % {"count": result.registered},
                )
    return render(
        request,
        "trainings/reports/import.html",
        {
            "training": training,
            "form": form,
            "result": result,
            "writable": writable,
            "errors_shown": result.errors[:IMPORT_ERRORS_SHOWN] if result else [],
            "errors_hidden": max(0, len(result.errors) - IMPORT_ERRORS_SHOWN) if result else 0,
        },
    )
