"""The implementation's charts, drawn on the server as SVG the way planning/charts.py draws the
plan's (its sizes, colours, wrapped labels and <svg> frame are imported from there, not copied):
the same markup on the public pages and in the report's PDF, no script, no CSS, only
presentation attributes, 360 units wide so that 13-unit text is about 13 px on a phone.

- `status_chart`: activities by implementation status, one stacked bar per development direction
  and one for the whole plan; each bar has its counts in words under it (not colour only).
- `planned_actual_chart`: pairs of bars, planned then actual, per year or per funding source,
  every bar on one scale; the amounts at the end of the bars.
- `indicator_chart`: each indicator's target against its actual value, each pair on its own
  scale (indicators have different units); whether it was met is in the table beside, in words.

Every label is user text: escaped; the full label stays in a <title> tooltip on each group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

from monitoring.models import ActivityProgress
from planning.charts import (
    AXIS_COLOUR,
    BAR_COLOUR,
    BAR_HEIGHT,
    LINE,
    MARGIN,
    MAX_TITLE_LINES,
    ROW_GAP,
    TEXT_COLOUR,
    TEXT_SIZE,
    WIDTH,
    _bar_length,
    _clean,
    _decimal,
    _empty_chart,
    _svg,
    _text_width,
    _title_text,
    _top,
    format_amount,
    wrap,
)

P = ActivityProgress.Status
# The order of the segments, the done first; each with its colour (the legend names them).
STATUS_ORDER = (P.COMPLETED, P.IN_PROGRESS, P.DELAYED, P.NOT_STARTED, P.CANCELLED)
STATUS_COLOURS = {
    P.COMPLETED: "#198754",
    P.IN_PROGRESS: BAR_COLOUR,
    P.DELAYED: "#fd7e14",
    P.NOT_STARTED: "#ced4da",
    P.CANCELLED: "#6c757d",
}
PLANNED_COLOUR = "#adb5bd"
SMALL_SIZE = 12  # the counts under a bar, the legend
STACK_HEIGHT = 18
SWATCH = 10


def _legend(entries: list[tuple[str, str]], y: float) -> tuple[list[str], float]:
    """Swatches with their names, as many on a line as fit; returns the parts and the y below."""
    parts, x = [], MARGIN
    y += LINE
    for colour, label in entries:
        width = SWATCH + 4 + _text_width(label, SMALL_SIZE) + 10
        if x > MARGIN and x + width > WIDTH - MARGIN:
            x, y = MARGIN, y + LINE
        parts.append(
            f'<rect x="{x}" y="{y - SWATCH - 1}" width="{SWATCH}" height="{SWATCH}" fill="{colour}"/>'
            f'<text x="{x + SWATCH + 4}" y="{y - 2}" font-size="{SMALL_SIZE}" fill="{TEXT_COLOUR}">'
            f"{escape(label)}</text>"
        )
        x += width
    return parts, y + 4


def _label_lines(label: str, y: float) -> tuple[list[str], float]:
    parts = []
    for line in wrap(label, WIDTH - 2 * MARGIN, TEXT_SIZE):
        y += LINE
        parts.append(
            f'<text x="{MARGIN}" y="{y - 3}" font-size="{TEXT_SIZE}" fill="{TEXT_COLOUR}">{escape(line)}</text>'
        )
    return parts, y


def status_counts_text(counts: dict[str, int]) -> str:
    """ "12 completed · 3 in progress · …" in the active language, the statuses that have any."""
    labels = dict(P.choices)
    return " · ".join(f"{counts[s]} {labels[s]}" for s in STATUS_ORDER if counts.get(s))


def status_chart(rows: Iterable[tuple[str, dict[str, int]]], *, title: str) -> SafeString:
    """Activities by status: (label, counts by status) rows, a stacked bar each, as shares of the
    row's activities, with the counts in words under the bar."""
    rows = [(_clean(label), counts) for label, counts in rows]
    if not any(sum(counts.values()) for _, counts in rows):
        return _empty_chart(title, gettext("No activities to show."))
    labels = dict(P.choices)
    title_lines = wrap(_clean(title), WIDTH - 2 * MARGIN, 14, max_lines=MAX_TITLE_LINES)
    parts = [_title_text(title_lines)]
    legend, y = _legend([(STATUS_COLOURS[s], str(labels[s])) for s in STATUS_ORDER], _top(title_lines) - 6)
    parts += legend
    room = WIDTH - 2 * MARGIN
    for label, counts in rows:
        total = sum(counts.values())
        summary = status_counts_text(counts) or "—"
        group = [f"<g><title>{escape(label)}: {escape(summary)}</title>"]
        lines, y = _label_lines(label, y)
        group += lines
        y += 2
        x = float(MARGIN)
        for status in STATUS_ORDER:
            count = counts.get(status, 0)
            if not count:
                continue
            width = room * count / total
            group.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{STACK_HEIGHT}" '
                f'fill="{STATUS_COLOURS[status]}"><title>{escape(labels[status])}: {count}</title></rect>'
            )
            x += width
        y += STACK_HEIGHT
        for line in wrap(summary, room, SMALL_SIZE):
            y += LINE - 2
            group.append(
                f'<text x="{MARGIN}" y="{y - 2}" font-size="{SMALL_SIZE}" fill="{TEXT_COLOUR}">{escape(line)}</text>'
            )
        group.append("</g>")
        parts.append("".join(group))
        y += ROW_GAP
    return _svg(title, y + MARGIN, parts)


def planned_actual_chart(
    rows: Iterable[tuple[str, object, object]],
    *,
    title: str,
    first: str | None = None,
    second: str | None = None,
    own_scale: bool = False,
    value_format: Callable[[object], str] | None = None,
) -> SafeString:
    """(label, planned, actual) rows: for each, its label, then a bar of the first value and one
    of the second, their figures at the end. One scale for all (money), or with `own_scale` one
    per row (indicators). A missing value (None) draws no bar and says "—"."""
    value_format = value_format or format_amount
    first = first or pgettext("spending", "planned")
    second = second or pgettext("spending", "spent")
    data = [(_clean(label), a, b) for label, a, b in rows]
    values = [_decimal(v) for _, a, b in data for v in (a, b) if v is not None]
    if not any(v > 0 for v in values):
        return _empty_chart(title, gettext("No data to show."))
    texts = [[("—" if v is None else value_format(v)) for v in (a, b)] for _, a, b in data]
    value_width = max(_text_width(t) for pair in texts for t in pair) + 6
    bar_room = WIDTH - 2 * MARGIN - value_width
    largest = max(values)

    title_lines = wrap(_clean(title), WIDTH - 2 * MARGIN, 14, max_lines=MAX_TITLE_LINES)
    parts = [_title_text(title_lines)]
    legend, y = _legend([(PLANNED_COLOUR, first), (BAR_COLOUR, second)], _top(title_lines) - 6)
    parts += legend
    for (label, a, b), pair in zip(data, texts, strict=True):
        scale = (
            max((_decimal(v) for v in (a, b) if v is not None), default=Decimal("0"))
            if own_scale
            else largest
        )
        group = [f"<g><title>{escape(label)}: {escape(first)} {pair[0]}, {escape(second)} {pair[1]}</title>"]
        lines, y = _label_lines(label, y)
        group += lines
        y += 2
        for value, text, colour in ((a, pair[0], PLANNED_COLOUR), (b, pair[1], BAR_COLOUR)):
            amount = max(_decimal(value), Decimal("0"))
            width = _bar_length(amount, scale, bar_room) if scale > 0 else 0.0
            group.append(
                f'<rect x="{MARGIN}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>'
                f'<text x="{MARGIN + width + 4:.1f}" y="{y + BAR_HEIGHT - 2}" font-size="{TEXT_SIZE}" '
                f'fill="{TEXT_COLOUR}">{escape(text)}</text>'
            )
            y += BAR_HEIGHT + 2
        group.append(
            f'<line x1="{MARGIN}" y1="{y - 2 * BAR_HEIGHT - 4}" x2="{MARGIN}" y2="{y - 2}" '
            f'stroke="{AXIS_COLOUR}" stroke-width="1"/></g>'
        )
        parts.append("".join(group))
        y += ROW_GAP
    return _svg(title, y + MARGIN - ROW_GAP, parts)


def format_value(value) -> str:
    """An indicator's value as written: no trailing zeros (72, 12.5)."""
    value = _decimal(value).normalize()
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def indicator_chart(rows: Iterable[tuple[str, object, object]], *, title: str) -> SafeString:
    """(indicator, target, actual) rows, each pair on its own scale."""
    return planned_actual_chart(
        rows,
        title=title,
        first=gettext("target"),
        second=gettext("actual"),
        own_scale=True,
        value_format=format_value,
    )


def implementation_charts(implementation) -> dict[str, SafeString]:
    """The charts of one year's report (monitoring.selectors.Implementation): "status" (per
    direction and in all), "by_source" (planned against actual) and "indicators"."""
    by_source: dict[int, list] = {}
    for row in implementation.activities:
        for spending in row.sources:
            entry = by_source.setdefault(spending.source.pk, [spending.source, Decimal("0"), Decimal("0")])
            entry[1] += spending.planned
            entry[2] += spending.actual or Decimal("0")
    year = implementation.report.year
    return {
        "status": status_chart(
            [(t.priority.title, t.counts) for t in implementation.directions]
            + [(gettext("All directions"), implementation.total.counts)],
            title=gettext("Activities by status, %(year)s") % {"year": year},
        ),
        "by_source": planned_actual_chart(
            [(source.name, planned, actual) for source, planned, actual in by_source.values()],
            title=gettext("Spending against the plan by funding source, %(year)s, KGS") % {"year": year},
        ),
        "indicators": indicator_chart(
            [(row.indicator.name, row.target, row.actual_value) for row in implementation.indicators],
            title=gettext("Indicators: target against actual, %(year)s") % {"year": year},
        ),
    }
