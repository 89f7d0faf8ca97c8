"""Pages of a program that read or move data as a whole: the financial model, Excel export and
import, the scanned order, and the history of changes."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import permissions
from planning import forms, models
from planning.access import can_write, program_for_user
from planning.checklist import STEPS
from planning.locking import touch_parts
from planning.services import ProgramNotEditable, ensure_editable

IMPORT_ERRORS_SHOWN = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    """Content-Disposition that keeps a Cyrillic file name (RFC 6266 / 5987)."""
    ascii_name = slugify(filename.rsplit(".", 1)[0]) or "file"
    extension = filename.rsplit(".", 1)[-1]
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}.{extension}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def _file_stem(program: models.Program, what: str) -> str:
    return f"{what} - {program.municipality.name} {program.start_year}-{program.end_year}"


@login_required
def finance(request, pk: int):
    from planning.charts import financial_charts
    from planning.finance import financial_model

    program = program_for_user(request.user, pk)
    model = financial_model(program)
    return render(
        request,
        "planning/finance.html",
        {
            "program": program,
            "step": "finance",
            "steps": STEPS,
            "model": model,
            "charts": financial_charts(model),
        },
    )


@login_required
def export_action_plan(request, pk: int):
    from planning.excel import export_action_plan as build

    program = program_for_user(request.user, pk)
    response = HttpResponse(build(program), content_type=XLSX)
    return _attachment(response, _file_stem(program, _("Action plan")) + ".xlsx")


@login_required
def export_finance(request, pk: int):
    from planning.finance_excel import export_financial_model as build

    program = program_for_user(request.user, pk)
    response = HttpResponse(build(program), content_type=XLSX)
    return _attachment(response, _file_stem(program, _("Financial model")) + ".xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def import_action_plan(request, pk: int):
    """Upload the filled-in template: every row is applied, or none, with the reasons."""
    from planning.excel import import_action_plan as run_import

    program = program_for_user(request.user, pk)
    writable = can_write(request.user, program)
    result = None
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not permissions.can_edit(request.user, program.municipality_id):
            raise PermissionDenied
        try:
            ensure_editable(program)
        except ProgramNotEditable:
            messages.error(request, _("This program cannot be changed now."))
            return redirect("planning:import", program.pk)
        if form.is_valid():
            result = run_import(program, form.cleaned_data["file"], user=request.user)
            if result.ok:
                touch_parts(program, "action_plan:", request.user)
                messages.success(
                    request,
                    _("Imported: %(created)s new activities, %(updated)s updated, %(lines)s funding amounts.")
                    % {"created": result.created, "updated": result.updated, "lines": result.lines},
                )
                return redirect("planning:action_plan", program.pk)
    return render(
        request,
        "planning/import.html",
        {
            "program": program,
            "step": "action_plan",
            "steps": STEPS,
            "form": form,
            "result": result,
            "errors_shown": result.errors[:IMPORT_ERRORS_SHOWN] if result else [],
            "errors_hidden": max(0, len(result.errors) - IMPORT_ERRORS_SHOWN) if result else 0,
            "writable": writable,
        },
    )


@login_required
def order_file(request, pk: int):
    """The scanned order of the working group, for those who may read the program."""
    program = program_for_user(request.user, pk)
    group = models.WorkingGroup.objects.filter(program=program).first()
    if group is None or not group.order_file:
        raise Http404
    content_type = mimetypes.guess_type(group.order_file.name)[0] or "application/octet-stream"
    response = FileResponse(group.order_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=0"
    return response


# --- History ------------------------------------------------------------------------------


@dataclass
class Change:
    when: datetime
    who: str
    kind: str  # "+", "~", "-"
    what: str
    label: str
    fields: list[tuple[str, str, str]]


HISTORY_PAGE = 40


def _history_querysets(program: models.Program):
    """The historical rows of every part of one program (deleted parts included)."""
    h = {model: model.history.model for model in (
        models.Program, models.GeneralCharacteristics, models.WorkingGroup, models.WorkingGroupMember,
        models.WorkPlanTask, models.Meeting, models.SectorAnalysis, models.KeyFigure, models.Swot,
        models.Priority, models.Goal, models.Objective, models.Activity, models.FundingLine,
        models.Indicator, models.IndicatorTarget,
    )}  # fmt: skip
    group_ids = list(
        h[models.WorkingGroup].objects.filter(program_id=program.pk).values_list("id", flat=True).distinct()
    )
    analysis_ids = list(
        h[models.SectorAnalysis].objects.filter(program_id=program.pk).values_list("id", flat=True).distinct()
    )
    priority_ids = list(
        h[models.Priority].objects.filter(program_id=program.pk).values_list("id", flat=True).distinct()
    )
    goal_ids = list(
        h[models.Goal].objects.filter(priority_id__in=priority_ids).values_list("id", flat=True).distinct()
    )
    objective_ids = list(
        h[models.Objective].objects.filter(goal_id__in=goal_ids).values_list("id", flat=True).distinct()
    )
    activity_ids = list(
        h[models.Activity]
        .objects.filter(objective_id__in=objective_ids)
        .values_list("id", flat=True)
        .distinct()
    )
    indicator_ids = list(
        h[models.Indicator]
        .objects.filter(objective_id__in=objective_ids)
        .values_list("id", flat=True)
        .distinct()
    )
    return [
        h[models.Program].objects.filter(id=program.pk),
        h[models.GeneralCharacteristics].objects.filter(program_id=program.pk),
        h[models.WorkingGroup].objects.filter(program_id=program.pk),
        h[models.WorkingGroupMember].objects.filter(working_group_id__in=group_ids),
        h[models.WorkPlanTask].objects.filter(working_group_id__in=group_ids),
        h[models.Meeting].objects.filter(working_group_id__in=group_ids),
        h[models.SectorAnalysis].objects.filter(program_id=program.pk),
        h[models.KeyFigure].objects.filter(analysis_id__in=analysis_ids),
        h[models.Swot].objects.filter(program_id=program.pk),
        h[models.Priority].objects.filter(program_id=program.pk),
        h[models.Goal].objects.filter(priority_id__in=priority_ids),
        h[models.Objective].objects.filter(goal_id__in=goal_ids),
        h[models.Activity].objects.filter(objective_id__in=objective_ids),
        h[models.FundingLine].objects.filter(activity_id__in=activity_ids),
        h[models.Indicator].objects.filter(objective_id__in=objective_ids),
        h[models.IndicatorTarget].objects.filter(indicator_id__in=indicator_ids),
    ]


def _display(record, field) -> str:
    value = getattr(record, field.attname, None)
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        try:
            return str(getattr(record, field.name))
        except Exception:  # noqa: BLE001 - the related row may be gone
            return f"#{value}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def recent_changes(program: models.Program, *, limit: int = HISTORY_PAGE) -> list[Change]:
    """The latest changes to any part of the program, newest first, with what changed."""
    records = sorted(
        chain.from_iterable(
            qs.select_related("history_user").order_by("-history_date")[:limit]
            for qs in _history_querysets(program)
        ),
        key=lambda r: r.history_date,
        reverse=True,
    )[:limit]
    changes = []
    for record in records:
        model = record.instance_type
        fields = []
        if record.history_type == "~":
            previous = record.prev_record
            if previous is not None:
                delta = record.diff_against(previous, excluded_fields=["version", "updated_at", "search_key"])
                for change in delta.changes:
                    field = model._meta.get_field(change.field)
                    fields.append(
                        (str(field.verbose_name), _display(previous, field), _display(record, field))
                    )
            if not fields:
                continue
        user = record.history_user
        changes.append(
            Change(
                when=record.history_date,
                who=user.display_name if user else _("(system)"),
                kind=record.history_type,
                what=str(model._meta.verbose_name),
                label=str(record.instance)[:120],
                fields=fields,
            )
        )
    return changes


@login_required
def history(request, pk: int):
    program = program_for_user(request.user, pk)
    return render(
        request,
        "planning/history.html",
        {"program": program, "step": "history", "steps": STEPS, "changes": recent_changes(program)},
    )
