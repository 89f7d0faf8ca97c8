"""The rules of an activity's years and funding, shared by the workspace forms and the Excel
import (planning/exchange/action_plan.py), so both refuse the same things with the same words.

Each rule returns the message for the user (translated), or None when the value is right.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from planning.models import Program


def year_outside_period(program: Program, year: int | None) -> str | None:
    """A year of an activity or of its funding must lie in the program's period."""
    if year is None or program.start_year <= year <= program.end_year:
        return None
    return _("%(year)s is outside the program period %(start)s–%(end)s.") % {
        "year": year,
        "start": program.start_year,
        "end": program.end_year,
    }


def end_before_start(start: int | None, end: int | None) -> str | None:
    """An activity cannot end before it starts."""
    if start is None or end is None or end >= start:
        return None
    return _("The activity cannot end in %(end)s, before it starts in %(start)s.") % {
        "start": start,
        "end": end,
    }


def funding_outside_activity(start: int | None, end: int | None, year: int, amount) -> str | None:
    """Money is planned only for the years the activity runs.

    Any amount written counts, zero included: a zero is a funding line like any other (the plan's
    tables, the financial model and the exports show it, and it holds the activity's years in
    place), so it is refused rather than silently dropped. Only an empty cell means "nothing".
    """
    if amount is None or start is None or end is None or start <= year <= end:
        return None
    return _("%(year)s is outside the activity's years %(start)s–%(end)s.") % {
        "year": year,
        "start": start,
        "end": end,
    }
