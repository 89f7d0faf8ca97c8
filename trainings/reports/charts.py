"""Small bar charts of the trainings' statistics, drawn on the server as SVG.

Written after planning/charts.py (trainings may not import planning): no JavaScript, no CSS, no
external reference, only presentation attributes, so the markup works in a browser, on a phone
and under the portal's Content-Security-Policy. The difference is the layout: each label stands
on its own lines above its bar and wraps at word boundaries instead of being cut, and the
drawing is 360 units wide, so on a 375-px phone one unit is about one pixel and the 13-unit
text stays readable.

Every piece of text is user or place text: it is escaped. Numbers only, never a person's name
(the callers pass oblasts, roles, trainings' titles).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from documents import svg_text

FONT_FAMILY = "DejaVu Sans, Noto Sans, sans-serif"
WIDTH = 360
MARGIN = 6
TITLE_SIZE = 14
TEXT_SIZE = 13
LINE = 16  # the height of a line of text
BAR_HEIGHT = 14
BAR_GAP = 3
ROW_GAP = 8
CHAR_WIDTH = 0.6  # the average advance of a glyph, as a share of the font size (a little generous)
MAX_LABEL_LINES = 3
ELLIPSIS = "…"

COLOURS = ("#0d6efd", "#6c757d", "#198754")
TEXT_COLOUR = "#212529"

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def bar_chart(
    rows: Iterable[tuple[object, Sequence[float | int | None]]],
    *,
    title: str,
    series: Sequence[str] = (),
    max_rows: int = 30,
    empty_message: str | None = None,
) -> SafeString:
    """Horizontal bars of (label, values) rows, in the order given: one bar a value, the series
    in COLOURS' order with a legend when there are several (e.g. planned and actual).

    Beyond `max_rows` rows the rest are left out and the chart says how many."""
    data = [(_clean(label), [max(float(v or 0), 0.0) for v in values]) for label, values in rows]
    if not any(v > 0 for _, values in data for v in values):
        return _svg(title, [_title_text(title), _note(empty_message or gettext("No data to show."), _top())])
    left_out = max(len(data) - max_rows, 0)
    data = data[:max_rows]
    largest = max(v for _, values in data for v in values)
    bars_per_row = max(len(values) for _, values in data)
    parts = [_title_text(title)]
    y = _top()
    if len(series) > 1:
        x = MARGIN
        for index, name in enumerate(series):
            name = _clean(name)
            parts.append(
                f'<rect x="{x}" y="{y - 10}" width="10" height="10" fill="{COLOURS[index % len(COLOURS)]}"/>'
                f'<text x="{x + 14}" y="{y}" font-size="{TEXT_SIZE}" fill="{TEXT_COLOUR}">{escape(name)}</text>'
            )
            x += 14 + _width(name) + 12
        y += LINE
    for label, values in data:
        values = values + [0.0] * (bars_per_row - len(values))
        shown = [_number(v) for v in values]
        lines = wrap(label, WIDTH - 2 * MARGIN, TEXT_SIZE)
        summary = ", ".join(
            f"{_clean(series[i]) if i < len(series) else ''} {text}".strip() for i, text in enumerate(shown)
        )
        group = [f"<g><title>{escape(label)}: {escape(summary)}</title>"]
        for line in lines:
            y += LINE
            group.append(
                f'<text x="{MARGIN}" y="{y - 3}" font-size="{TEXT_SIZE}" fill="{TEXT_COLOUR}">{escape(line)}</text>'
            )
        y += 2
        value_room = max(_width(text) for text in shown) + 6
        room = WIDTH - 2 * MARGIN - value_room
        for index, (value, text) in enumerate(zip(values, shown, strict=True)):
            length = 0.0 if value <= 0 else max(1.0, value / largest * room)
            group.append(
                f'<rect x="{MARGIN}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{COLOURS[index % len(COLOURS)]}"/>'
                f'<text x="{MARGIN + length + 4:.1f}" y="{y + BAR_HEIGHT - 2}" font-size="{TEXT_SIZE}" '
                f'fill="{TEXT_COLOUR}">{escape(text)}</text>'
            )
            y += BAR_HEIGHT + BAR_GAP
        group.append("</g>")
        parts.append("".join(group))
        y += ROW_GAP
    if left_out:
        y += LINE
        parts.append(_note(gettext("and %(count)s more, in the Excel file") % {"count": left_out}, y))
    return _svg(title, parts, height=y + MARGIN)


def wrap(text: str, width: float, size: float = TEXT_SIZE) -> list[str]:
    """The text in lines that fit `width` (documents.svg_text.wrap, with this chart's glyph width)."""
    return svg_text.wrap(text, width, size, char_width=CHAR_WIDTH, max_lines=MAX_LABEL_LINES)


def _top() -> float:
    return MARGIN + TITLE_SIZE + 14


def _title_text(title: str) -> str:
    lines = wrap(_clean(title), WIDTH - 2 * MARGIN, TITLE_SIZE)[:1]
    return (
        f'<text x="{MARGIN}" y="{MARGIN + TITLE_SIZE}" font-size="{TITLE_SIZE}" font-weight="bold" '
        f'fill="{TEXT_COLOUR}">{escape(lines[0])}</text>'
    )


def _note(message: str, y: float) -> str:
    return (
        f'<text x="{MARGIN}" y="{y}" font-size="{TEXT_SIZE}" fill="{COLOURS[1]}">'
        f"{escape(wrap(_clean(message), WIDTH - 2 * MARGIN)[0])}</text>"
    )


def _svg(title: str, parts: list[str], *, height: float | None = None) -> SafeString:
    title = _clean(title)
    height = height if height is not None else _top() + MARGIN + 4
    return mark_safe(  # noqa: S308 — every piece of text in `parts` went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT_FAMILY}"><title>{escape(title)}</title>' + "".join(parts) + "</svg>"
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _width(text: str, size: float = TEXT_SIZE) -> float:
    return len(text) * size * CHAR_WIDTH


def _clean(text) -> str:
    return " ".join(_CONTROL_CHARACTERS.sub("", str(text)).split())
