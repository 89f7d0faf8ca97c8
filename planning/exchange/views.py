"""Excel in and out: the action plan's template and its all-or-nothing import, the financial model."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from documents.uploads import upload_limit
from documents.workbook_check import MAX_WORKBOOK_BYTES
from planning import models
from planning.access import program_for_user
from planning.authoring import forms
from planning.authoring.checklist import STEPS
from planning.authoring.services import ProgramNotEditable, ensure_editable
from planning.exchange.http import xlsx_response

IMPORT_ERRORS_SHOWN = 100


def _file_stem(program: models.Program, what: str) -> str:
    return f"{what} - {program.municipality.name} {program.start_year}-{program.end_year}"


@login_required
@require_safe
def export_action_plan(request, pk: int):
    from planning.exchange.action_plan import export_action_plan as build

    program = program_for_user(request.user, pk)
    return xlsx_response(build(program), _file_stem(program, _("Action plan")) + ".xlsx")


@login_required
@require_safe
def export_finance(request, pk: int):
    from planning.exchange.financial_model import export_financial_model as build

    program = program_for_user(request.user, pk)
    return xlsx_response(build(program), _file_stem(program, _("Financial model")) + ".xlsx")


@upload_limit(MAX_WORKBOOK_BYTES)
@login_required
@require_http_methods(["GET", "POST"])
def import_action_plan(request, pk: int):
    """Upload the filled-in template: every row is applied, or none, with the reasons."""
    from planning.exchange.action_plan import import_action_plan as run_import

    # Anyone who may read the program sees the page; only its municipality's staff import.
    program = program_for_user(request.user, pk, need="edit" if request.method == "POST" else "read")
    writable = program.access.writable
    result = None
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        try:
            ensure_editable(program)
        except ProgramNotEditable:
            messages.error(request, _("This program cannot be changed now."))
            return redirect("planning:import", program.pk)
        if form.is_valid():
            result = run_import(program, form.cleaned_data["file"], user=request.user)
            if result.ok:
                messages.success(
                    request,
                    _("Imported: %(created)s new activities, %(updated)s updated, %(lines)s funding amounts.")
                    % {"created": result.created, "updated": result.updated, "lines": result.lines},
                )
                return redirect("planning:action_plan", program.pk)
    return render(
        request,
        "planning/workspace/import.html",
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
