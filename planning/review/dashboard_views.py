"""The coordinators' dashboard: every reviewed municipality and the stage of its program.

Coordinators see the municipalities of their projects, administrators all of them; anyone else
gets 404 (planning.access.may_see_dashboard). The filters come from the query string and are
each checked on their own: a value that is not valid (not a number, another person's project, an
unknown stage) is dropped and the other filters still apply.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from municipalities.ordering import by_name
from planning.access import may_see_dashboard
from planning.exchange.http import XLSX, attachment
from planning.review.dashboard import (
    STAGES,
    alphabetical,
    dashboard_projects,
    dashboard_regions,
    dashboard_rows,
    export_dashboard,
    extra_columns,
    extra_filters,
    stage_counts,
)

BASE_FILTERS = ("project", "oblast", "stage")


def filter_names() -> tuple[str, ...]:
    """The dashboard's own filters, then those of the extensions (monitoring's "late")."""
    return (*BASE_FILTERS, *(item.name for item in extra_filters()))


class DashboardFilterForm(forms.Form):
    """The filters of the dashboard; the choices are only what this user may filter by."""

    project = forms.TypedChoiceField(
        label=gettext_lazy("Project"), required=False, coerce=int, empty_value=None
    )
    oblast = forms.TypedChoiceField(
        label=gettext_lazy("Oblast"), required=False, coerce=int, empty_value=None
    )
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), required=False)

    def __init__(self, *args, projects: list[tuple[int, str]], regions: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", _("All projects")), *projects]
        self.fields["oblast"].choices = [("", _("All oblasts")), *regions]
        self.fields["stage"].choices = [("", _("All stages")), *((code, label) for code, label in STAGES)]
        for item in extra_filters():
            self.fields[item.name] = forms.ChoiceField(
                label=item.label, required=False, choices=[("", _("All")), *item.choices()]
            )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def valid_filters(self) -> dict:
        """The filters that passed validation; the invalid ones are left out."""
        self.is_valid()
        return {name: self.cleaned_data[name] for name in filter_names() if self.cleaned_data.get(name)}


def _filter_choices(user) -> dict:
    """What this user may filter by (one query each), so validation needs no other query."""
    return {
        "projects": [(p.pk, p.name) for p in dashboard_projects(user).order_by("-start_year", by_name())],
        "regions": sorted(
            ((r.pk, r.name) for r in dashboard_regions(user)), key=lambda choice: alphabetical(choice[1])
        ),
    }


def _rows_and_filters(request) -> tuple[list, dict, dict]:
    if not may_see_dashboard(request.user):
        raise Http404
    choices = _filter_choices(request.user)
    filters = DashboardFilterForm(request.GET, **choices).valid_filters()
    rows = dashboard_rows(
        user=request.user, project_id=filters.get("project"), region_id=filters.get("oblast")
    )
    return rows, filters, choices


def _query(filters: dict, **changes) -> str:
    values = {**filters, **changes}
    return urlencode({name: values[name] for name in filter_names() if values.get(name)})


def _narrowed(rows: list, filters: dict) -> list:
    """The rows the stage filter and the extensions' filters keep."""
    if filters.get("stage"):
        rows = [row for row in rows if row.stage == filters["stage"]]
    for item in extra_filters():
        if filters.get(item.name):
            rows = [row for row in rows if item.keep(row, filters[item.name])]
    return rows


@login_required
@require_safe
def dashboard(request):
    """The table of municipalities, a count per stage above it, and the filters."""
    rows, filters, choices = _rows_and_filters(request)
    # The counts are of the rows before the stage filter, so they show where everyone stands.
    summary = [
        {
            "code": code,
            "label": label,
            "count": count,
            "query": _query(filters, stage=code),
            "current": filters.get("stage") == code,
        }
        for code, label, count in stage_counts(rows)
    ]
    rows = _narrowed(rows, filters)
    return render(
        request,
        "planning/review/dashboard.html",
        {
            # Unbound, so a dropped value shows as "all" rather than as an error.
            "form": DashboardFilterForm(initial=filters, **choices),
            "rows": rows,
            "extra_columns": extra_columns(),
            "summary": summary,
            "filtered": bool(filters),
            "query": _query(filters),
        },
    )


@login_required
@require_safe
def dashboard_export(request):
    """The same rows as the page, with the same filters, as an Excel file."""
    rows, filters, _choices = _rows_and_filters(request)
    rows = _narrowed(rows, filters)
    response = HttpResponse(export_dashboard(rows), content_type=XLSX)
    stem = _("SEDP dashboard %(date)s") % {"date": timezone.localdate().isoformat()}
    return attachment(response, f"{stem}.xlsx")
