"""Bar charts drawn on the server as SVG, for web pages and WeasyPrint PDFs alike.

The same markup must work in a browser, on a phone and in a PDF, under a Content-Security-Policy
that forbids inline styles and scripts: so no JavaScript, no external references, no CSS; only
presentation attributes (fill=, font-size=…). The SVG has a viewBox and width="100%" so it scales
with its container.

Labels and titles are user text: they are escaped, and long labels are shortened with an
ellipsis, measured with an estimate of the glyph width (there are no font metrics on the
server). The full label stays in a <title> tooltip on each bar.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from planning.finance import FinancialModel

FONT_FAMILY = "DejaVu Sans, Noto Sans, sans-serif"
WIDTH = 640
MARGIN = 8
TITLE_SIZE = 14
TEXT_SIZE = 12
# Average advance of a glyph of DejaVu Sans, as a share of the font size (digits are 0.636);
# a little generous so that an estimate never lets a label run into its bar.
CHAR_WIDTH = 0.64
ELLIPSIS = "…"

BAR_COLOUR = "#0d6efd"
OTHER_COLOUR = "#6c757d"
TEXT_COLOUR = "#212529"
AXIS_COLOUR = "#adb5bd"

# Horizontal bars.
MAX_LABEL_WIDTH = 220
ROW_HEIGHT = 26
BAR_HEIGHT = 18
# Vertical bars.
PLOT_HEIGHT = 180
MAX_BAR_WIDTH = 60

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Row = tuple[object, object]


def format_amount(value) -> str:
    """A sum in KGS as a whole number, grouped by thousands the way the active language does."""
    return intcomma(int(_decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)))


def bar_chart(
    rows: Iterable[Row],
    *,
    title: str,
    value_format: Callable[[object], str] | None = None,
    horizontal: bool = True,
    max_bars: int = 15,
    empty_message: str | None = None,
) -> SafeString:
    """An SVG bar chart of (label, value) rows, in the order given.

    Horizontal: the label on the left and the value at the end of the bar (sources, sectors).
    Vertical: one column a row, the value above it and the label below (years).
    Beyond `max_bars` rows the largest `max_bars - 1` stay and the rest become one "Other" bar.
    Without any positive value the chart is a short note saying there is nothing to show.
    """
    value_format = value_format or format_amount
    data = [(_clean(label), max(_decimal(value), Decimal("0"))) for label, value in rows]
    if not any(value > 0 for _, value in data):
        return _empty_chart(title, empty_message or gettext("No data to show."))
    bars = [(label, value, False) for label, value in data]
    max_bars = max(max_bars, 2)
    if len(bars) > max_bars:
        keep = set(sorted(range(len(bars)), key=lambda i: (-bars[i][1], i))[: max_bars - 1])
        rest = sum((value for i, (_, value, _) in enumerate(bars) if i not in keep), Decimal("0"))
        bars = [bar for i, bar in enumerate(bars) if i in keep]
        bars.append((gettext("Other"), rest, True))
    formatted = [value_format(value) for _, value, _ in bars]
    draw = _horizontal if horizontal else _vertical
    return draw(title, bars, formatted)


def financial_charts(model: FinancialModel) -> dict[str, SafeString]:
    """The charts of the financial model: "by_year" (columns), "by_source" and "by_sector" (bars)."""
    return {
        "by_year": bar_chart(
            [(str(row.year), row.amount) for row in model.by_year],
            title=gettext("Funding by year, KGS"),
            horizontal=False,
        ),
        "by_source": bar_chart(
            [(row.source.name, row.amount) for row in model.by_source],
            title=gettext("Funding by source, KGS"),
        ),
        "by_sector": bar_chart(
            [(row.sector.name, row.amount) for row in model.by_sector],
            title=gettext("Funding by sector, KGS"),
        ),
    }


# --- Drawing ---------------------------------------------------------------------------------


def _horizontal(title: str, bars: list[tuple[str, Decimal, bool]], formatted: list[str]) -> SafeString:
    label_width = min(MAX_LABEL_WIDTH, max(_text_width(label) for label, _, _ in bars))
    value_width = max(_text_width(text) for text in formatted) + 6
    bar_x = MARGIN + label_width + 8
    bar_room = WIDTH - MARGIN - value_width - bar_x
    top = MARGIN + TITLE_SIZE + 12
    height = top + len(bars) * ROW_HEIGHT + MARGIN
    largest = max(value for _, value, _ in bars)

    parts = [_title_text(title)]
    parts.append(_line(bar_x, top - 4, bar_x, top + len(bars) * ROW_HEIGHT))
    for index, ((label, value, is_other), text) in enumerate(zip(bars, formatted, strict=True)):
        y = top + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        width = _bar_length(value, largest, bar_room)
        baseline = y + BAR_HEIGHT / 2 + TEXT_SIZE * 0.35
        parts.append(
            "<g>"
            f"<title>{escape(label)}: {escape(text)}</title>"
            f'<text x="{MARGIN}" y="{baseline:.1f}" font-size="{TEXT_SIZE}" fill="{TEXT_COLOUR}">'
            f"{escape(_truncate(label, label_width, TEXT_SIZE))}</text>"
            f'<rect x="{bar_x}" y="{y:.1f}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{OTHER_COLOUR if is_other else BAR_COLOUR}"/>'
            f'<text x="{bar_x + width + 4:.1f}" y="{baseline:.1f}" font-size="{TEXT_SIZE}" '
            f'fill="{TEXT_COLOUR}">{escape(text)}</text>'
            "</g>"
        )
    return _svg(title, height, parts)


def _vertical(title: str, bars: list[tuple[str, Decimal, bool]], formatted: list[str]) -> SafeString:
    slot = (WIDTH - 2 * MARGIN) / len(bars)
    bar_width = min(MAX_BAR_WIDTH, slot * 0.6)
    # The values sit above their columns: shrink them rather than let neighbours overlap.
    value_size = max(7.0, min(TEXT_SIZE, (slot - 4) / (CHAR_WIDTH * max(len(t) for t in formatted))))
    plot_top = MARGIN + TITLE_SIZE + 12 + value_size + 4
    axis_y = plot_top + PLOT_HEIGHT
    height = axis_y + TEXT_SIZE + 8 + MARGIN
    largest = max(value for _, value, _ in bars)

    parts = [_title_text(title)]
    for index, ((label, value, is_other), text) in enumerate(zip(bars, formatted, strict=True)):
        centre = MARGIN + slot * index + slot / 2
        length = _bar_length(value, largest, PLOT_HEIGHT)
        parts.append(
            "<g>"
            f"<title>{escape(label)}: {escape(text)}</title>"
            f'<rect x="{centre - bar_width / 2:.1f}" y="{axis_y - length:.1f}" width="{bar_width:.1f}" '
            f'height="{length:.1f}" fill="{OTHER_COLOUR if is_other else BAR_COLOUR}"/>'
            f'<text x="{centre:.1f}" y="{axis_y - length - 4:.1f}" font-size="{value_size:.1f}" '
            f'text-anchor="middle" fill="{TEXT_COLOUR}">{escape(text)}</text>'
            f'<text x="{centre:.1f}" y="{axis_y + TEXT_SIZE + 4}" font-size="{TEXT_SIZE}" '
            f'text-anchor="middle" fill="{TEXT_COLOUR}">{escape(_truncate(label, slot - 4, TEXT_SIZE))}</text>'
            "</g>"
        )
    parts.append(_line(MARGIN, axis_y, WIDTH - MARGIN, axis_y))
    return _svg(title, height, parts)


def _empty_chart(title: str, message: str) -> SafeString:
    height = MARGIN + TITLE_SIZE + 12 + TEXT_SIZE + MARGIN
    note = (
        f'<text x="{MARGIN}" y="{height - MARGIN - 2}" font-size="{TEXT_SIZE}" fill="{OTHER_COLOUR}">'
        f"{escape(_truncate(_clean(message), WIDTH - 2 * MARGIN, TEXT_SIZE))}</text>"
    )
    return _svg(title, height, [_title_text(title), note])


def _svg(title: str, height: float, parts: list[str]) -> SafeString:
    title = _clean(title)
    return mark_safe(  # noqa: S308 — every piece of text in `parts` went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT_FAMILY}">'
        f"<title>{escape(title)}</title>" + "".join(parts) + "</svg>"
    )


def _title_text(title: str) -> str:
    text = _truncate(_clean(title), WIDTH - 2 * MARGIN, TITLE_SIZE)
    return (
        f'<text x="{MARGIN}" y="{MARGIN + TITLE_SIZE}" font-size="{TITLE_SIZE}" font-weight="bold" '
        f'fill="{TEXT_COLOUR}">{escape(text)}</text>'
    )


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{AXIS_COLOUR}" stroke-width="1"/>'


def _bar_length(value: Decimal, largest: Decimal, room: float) -> float:
    if value <= 0:
        return 0.0
    # A tiny but non-zero amount still shows as a sliver.
    return max(1.0, float(value / largest) * room)


def _text_width(text: str, size: float = TEXT_SIZE) -> float:
    return len(text) * size * CHAR_WIDTH


def _truncate(text: str, width: float, size: float) -> str:
    max_chars = max(1, int(width / (size * CHAR_WIDTH)))
    if len(text) <= max_chars:
        return text
    return text[: max_chars - 1].rstrip() + ELLIPSIS


def _clean(text) -> str:
    # Line breaks and control characters are not allowed in a one-line label (nor, some, in XML).
    return " ".join(_CONTROL_CHARACTERS.sub("", str(text)).split())


def _decimal(value) -> Decimal:
    if value is None:
        return Decimal("0")
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))
