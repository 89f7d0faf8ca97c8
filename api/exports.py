"""The action plan of a public program as CSV (here) and XLSX (planning/exchange/action_plan.py).

The CSV is "long": one row per activity × funding source × year, so that it loads straight into
a spreadsheet's pivot table or a data frame. An activity without money still has one row (empty
source, year and amount). UTF-8 with a byte order mark (Excel then reads Cyrillic right), comma
separated, amounts with a dot and two decimals. Column names are fixed English keys; names of
sectors, sources and villages follow the `lang` asked for; what the municipality wrote (titles,
results, responsible) is as written. A text a spreadsheet would take for a formula (it starts
with = + - @, a tab or a carriage return: documents/cells.py, the rule of every XLSX
export too) gets a leading apostrophe, so that a spreadsheet never runs it.
"""

from __future__ import annotations

import csv
import io
import re

from django.utils.translation import gettext as _

from documents.cells import csv_text
from planning.models import Program
from planning.selectors import plan_tree

CSV_COLUMNS = [
    "program_id",
    "municipality",
    "program",
    "code",
    "activity",
    "sector_code",
    "sector",
    "responsible",
    "village",
    "start_year",
    "end_year",
    "expected_result",
    "tags",
    "funding_source_code",
    "funding_source",
    "year",
    "amount",
]


_text = csv_text


def action_plan_csv(program: Program) -> bytes:
    """The action plan as CSV bytes, in the active language (6 queries with the municipality)."""
    tree = plan_tree(program)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    municipality = _text(program.municipality.name)
    title = _text(program.title)
    for activity in tree.activities:
        own = [
            program.pk,
            municipality,
            title,
            activity.code,
            _text(activity.title),
            activity.sector.code,
            _text(activity.sector.name),
            _text(activity.responsible),
            _text(activity.village.name) if activity.village else "",
            activity.start_year,
            activity.end_year,
            _text(activity.expected_result),
            ";".join(activity.tags),
        ]
        if not activity.line_list:
            writer.writerow([*own, "", "", "", ""])
        for line in activity.line_list:
            writer.writerow(
                [*own, line.source.code, _text(line.source.name), line.year, f"{line.amount:.2f}"]
            )
    return buffer.getvalue().encode("utf-8-sig")


def action_plan_filename(program: Program, extension: str) -> str:
    """ "Көк-Жар айыл аймагы - action plan 2025-2029.csv", in the active language."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", program.municipality.name).strip() or str(program.pk)
    label = _("action plan")
    return f"{name} - {label} {program.start_year}-{program.end_year}.{extension}"
