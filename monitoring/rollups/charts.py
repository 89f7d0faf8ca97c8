"""The roll-ups' two charts, drawn on the server by planning/charts.py (no JavaScript)."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext

from monitoring.models import ActivityProgress
from monitoring.rollups.selectors import Rollup
from planning.charts import bar_chart


def rollup_charts(rollup: Rollup) -> dict[str, SafeString]:
    """ "statuses": the activities of the latest reports by implementation status; "spending":
    planned and actual spending by funding source, KGS."""
    counts = rollup.total.counts
    spending = []
    for total in rollup.sources:
        spending.append((gettext("%(source)s: planned") % {"source": total.source.name}, total.planned))
        spending.append((gettext("%(source)s: spent") % {"source": total.source.name}, total.actual))
    return {
        "statuses": bar_chart(
            [(label, counts[code]) for code, label in ActivityProgress.Status.choices],
            title=gettext("Activities by implementation status"),
            value_format=str,
            empty_message=gettext("No published report yet."),
        ),
        "spending": bar_chart(
            spending,
            title=gettext("Spending by funding source, planned and actual, KGS"),
            max_bars=16,
            empty_message=gettext("No published report yet."),
        ),
    }
