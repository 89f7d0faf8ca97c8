"""Bar charts drawn on the server as SVG, for web pages and WeasyPrint PDFs alike.

The same markup must work in a browser, on a phone and in a PDF, under a Content-Security-Policy
that forbids inline styles and scripts: so no JavaScript, no external references, no CSS; only
presentation attributes (fill=, font-size=…). The SVG has a viewBox and width="100%" so it scales
with its container.

The drawing is 360 units wide, so on a 375-px phone one unit is about one pixel and the 13-unit
text stays readable (at 640 units it was about 6 px high); the page shows the charts about
that wide on a laptop too, and the PDF about 110 mm. Each label stands on its own lines above
its bar and wraps at word boundaries (at most three lines, the last ending with an ellipsis
if text was left out) rather than being cut mid-word. The labels and titles are user text:
they are escaped; the full label stays in a <title> tooltip on each bar. Text widths are an
estimate of the glyph width (there are no font metrics on the server), a little generous.
trainings/reports/charts.py draws its charts the same way (trainings may not import planning).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from documents import svg_text
from planning.finance import FinancialModel

FONT_FAMILY = "DejaVu Sans, Noto Sans, sans-serif"
WIDTH = 360
MARGIN = 6
TITLE_SIZE = 14
TEXT_SIZE = 13
LINE = 16  # the height of a line of text
# Average advance of a glyph of DejaVu Sans, as a share of the font size (digits are 0.636);
# a little generous so that an estimate never lets a label run into its bar.
CHAR_WIDTH = 0.64
ELLIPSIS = "…"
MAX_LABEL_LINES = 3
MAX_TITLE_LINES = 2

BAR_COLOUR = "#0d6efd"
OTHER_COLOUR = "#6c757d"
TEXT_COLOUR = "#212529"
AXIS_COLOUR = "#adb5bd"

# Horizontal bars: the label's lines, then the bar with its value at the end.
BAR_HEIGHT = 14
ROW_GAP = 8
# Vertical bars.
PLOT_HEIGHT = 160
MAX_BAR_WIDTH = 48

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
    """The charts of the financial model: "by_year", "by_source" and "by_sector", as bars with
    their labels above them (a column a year left the years' sums too little room on a phone)."""
    return {
        "by_year": bar_chart(
            [(str(row.year), row.amount) for row in model.by_year],
            title=gettext("Funding by year, KGS"),
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
    value_width = max(_text_width(text) for text in formatted) + 6
    bar_room = WIDTH - 2 * MARGIN - value_width
    largest = max(value for _, value, _ in bars)

    title_lines = wrap(_clean(title), WIDTH - 2 * MARGIN, TITLE_SIZE, max_lines=MAX_TITLE_LINES)
    parts = [_title_text(title_lines)]
    y = _top(title_lines)
    for (label, value, is_other), text in zip(bars, formatted, strict=True):
        width = _bar_length(value, largest, bar_room)
        group = [f"<g><title>{escape(label)}: {escape(text)}</title>"]
        for line in wrap(label, WIDTH - 2 * MARGIN, TEXT_SIZE):
            y += LINE
            group.append(
                f'<text x="{MARGIN}" y="{y - 3}" font-size="{TEXT_SIZE}" fill="{TEXT_COLOUR}">{escape(line)}</text>'
            )
        y += 2
        group.append(
            f'<rect x="{MARGIN}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{OTHER_COLOUR if is_other else BAR_COLOUR}"/>'
            f'<text x="{MARGIN + width + 4:.1f}" y="{y + BAR_HEIGHT - 2}" font-size="{TEXT_SIZE}" '
            f'fill="{TEXT_COLOUR}">{escape(text)}</text>'
            "</g>"
        )
        parts.append("".join(group))
        y += BAR_HEIGHT + ROW_GAP
    return _svg(title, y + MARGIN - ROW_GAP, parts)


def _vertical(title: str, bars: list[tuple[str, Decimal, bool]], formatted: list[str]) -> SafeString:
    slot = (WIDTH - 2 * MARGIN) / len(bars)
    bar_width = min(MAX_BAR_WIDTH, slot * 0.6)
    # The values sit above their columns: shrink them rather than let neighbours overlap.
    value_size = max(7.0, min(TEXT_SIZE, (slot - 4) / (CHAR_WIDTH * max(len(t) for t in formatted))))
    largest = max(value for _, value, _ in bars)

    title_lines = wrap(_clean(title), WIDTH - 2 * MARGIN, TITLE_SIZE, max_lines=MAX_TITLE_LINES)
    plot_top = _top(title_lines) + 2 + value_size + 4
    axis_y = plot_top + PLOT_HEIGHT
    height = axis_y + TEXT_SIZE + 8 + MARGIN
    parts = [_title_text(title_lines)]
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
    title_lines = wrap(_clean(title), WIDTH - 2 * MARGIN, TITLE_SIZE, max_lines=MAX_TITLE_LINES)
    parts = [_title_text(title_lines)]
    y = _top(title_lines)
    for line in wrap(_clean(message), WIDTH - 2 * MARGIN, TEXT_SIZE):
        y += LINE
        parts.append(
            f'<text x="{MARGIN}" y="{y - 3}" font-size="{TEXT_SIZE}" fill="{OTHER_COLOUR}">{escape(line)}</text>'
        )
    return _svg(title, y + MARGIN, parts)


def _svg(title: str, height: float, parts: list[str]) -> SafeString:
    title = _clean(title)
    return mark_safe(  # noqa: S308 — every piece of text in `parts` went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT_FAMILY}">'
        f"<title>{escape(title)}</title>" + "".join(parts) + "</svg>"
    )


def _top(title_lines: list[str]) -> float:
    """Where the first row starts, below the title's lines."""
    return MARGIN + TITLE_SIZE + (len(title_lines) - 1) * (TITLE_SIZE + 4) + 10


def _title_text(lines: list[str]) -> str:
    return "".join(
        f'<text x="{MARGIN}" y="{MARGIN + TITLE_SIZE + index * (TITLE_SIZE + 4)}" font-size="{TITLE_SIZE}" '
        f'font-weight="bold" fill="{TEXT_COLOUR}">{escape(line)}</text>'
        for index, line in enumerate(lines)
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


def wrap(text: str, width: float, size: float = TEXT_SIZE, *, max_lines: int = MAX_LABEL_LINES) -> list[str]:
    """The text in lines that fit `width` (documents.svg_text.wrap, with this chart's glyph width)."""
    return svg_text.wrap(text, width, size, char_width=CHAR_WIDTH, max_lines=max_lines)


def _clean(text) -> str:
    # Line breaks and control characters are not allowed in a one-line label (nor, some, in XML).
    return " ".join(_CONTROL_CHARACTERS.sub("", str(text)).split())


def _decimal(value) -> Decimal:
    if value is None:
        return Decimal("0")
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))
