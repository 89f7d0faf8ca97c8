"""A year's report in and out of Excel: the workbook to fill in offline and its import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from documents.uploads import upload_limit
from documents.workbook_check import MAX_WORKBOOK_BYTES
from monitoring.access import report_for_user
from monitoring.exchange.forms import ReportImportForm
from planning.exchange.http import xlsx_response

IMPORT_ERRORS_SHOWN = 200


@login_required
@require_safe
def report_export(request, pk: int):
    """The report as a workbook to fill in offline, for anyone who may read it."""
    from monitoring.exchange.workbook import export_report

    report = report_for_user(request.user, pk)
    filename = _("Monitoring report %(year)s - %(municipality)s.xlsx") % {
        "year": report.year,
        "municipality": report.program.municipality.name,
    }
    return xlsx_response(export_report(report), filename)


@upload_limit(MAX_WORKBOOK_BYTES)
@login_required
@require_http_methods(["GET", "POST"])
def report_import(request, pk: int):
    """Upload the filled-in workbook: every row is saved, or none, with the reasons."""
    from monitoring.exchange.workbook import import_report

    # Anyone who may read the report sees the page; only its municipality's staff import.
    report = report_for_user(request.user, pk, need="edit" if request.method == "POST" else "read")
    writable = report.access.writable
    form = ReportImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        if not writable:
            messages.error(
                request,
                _("The report is “%(status)s” and cannot be changed now.")
                % {"status": report.get_status_display()},
            )
            return redirect("monitoring_ws:report_import", report.pk)
        if form.is_valid():
            result = import_report(report, form.cleaned_data["file"], user=request.user)
            if result.ok:
                message = ngettext(
                    "Imported: %(count)s row changed.", "Imported: %(count)s rows changed.", result.changed
                ) % {"count": result.changed}
                if result.kept:
                    message += " " + ngettext(
                        "%(count)s row changed on the portal after the download was left as it is there.",
                        "%(count)s rows changed on the portal after the download were left as they are there.",
                        result.kept,
                    ) % {"count": result.kept}
                messages.success(request, message)
                return redirect("monitoring_ws:report", report.pk)
    return render(
        request,
        "monitoring/exchange/import.html",
        {
            "report": report,
            "program": report.program,
            "form": form,
            "result": result,
            "writable": writable,
            "may_edit": report.access.edit,
            "errors_shown": result.errors[:IMPORT_ERRORS_SHOWN] if result else [],
            "errors_hidden": max(0, len(result.errors) - IMPORT_ERRORS_SHOWN) if result else 0,
        },
    )
