"""The program as a PDF document, the way a municipality hands it to its council.

`plan_document_context(program, draft=...)` is the context of templates/planning/pdf/plan.html
and `plan_document_filename(program, language)` the name of the file. Build the context and
render the template under the document's language (documents.services does both inside
`translation.override`): the charts' titles are translated when they are built.

What the document shows of the plan is `plan_context(program, audience="pdf")`
(planning/presentation.py), the same reading as the web pages', drawn by the same partials. The
context is read in a fixed number of queries whatever the size of the plan: the municipality
with its rayon and oblast (1), the plan tree with activities, funding lines and indicators (7),
the financial model on that tree (5), the working group and its members (2), the general
characteristics (1), the sector analyses and their key figures (2) and the SWOT analysis (1).

Phone numbers of working-group members are never read (planning.presentation.MemberRow has
none). User text is escaped by the template; the only markup this module hands over is the
charts (planning/charts.py escapes their text) and the CSS of the page counter, built from the
translation catalogs, never from user text.
"""

from __future__ import annotations

import re
from datetime import date

from django.utils import translation
from django.utils.functional import lazy
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from planning.models import Program
from planning.presentation import plan_context

# The sections of the document, in order: (key, title). The number is the position.
SECTIONS = (
    ("characteristics", _("General characteristics of the territory")),
    ("working_group", _("Working group")),
    ("analysis", _("Situation analysis by sector")),
    ("swot", _("SWOT analysis")),
    ("vision", _("Vision and strategic goal")),
    ("directions", _("Development directions, goals and objectives")),
    ("action_plan", _("Action plan")),
    ("finance", _("Financial model")),
    ("indicators", _("Indicators (M&E plan)")),
)

# A date as official papers write it, one phrase a month so that each language can decline the
# month: "2019-жылдын 20-декабрындагы", "20 декабря 2019 г.", "20 December 2019".
MONTH_DATES = (
    _("%(day)s January %(year)s"),
    _("%(day)s February %(year)s"),
    _("%(day)s March %(year)s"),
    _("%(day)s April %(year)s"),
    _("%(day)s May %(year)s"),
    _("%(day)s June %(year)s"),
    _("%(day)s July %(year)s"),
    _("%(day)s August %(year)s"),
    _("%(day)s September %(year)s"),
    _("%(day)s October %(year)s"),
    _("%(day)s November %(year)s"),
    _("%(day)s December %(year)s"),
)

# Beyond this many years the indicators table (a column a year) goes on a landscape page.
PORTRAIT_INDICATOR_YEARS = 3

# Characters that Windows, macOS or Linux refuse in a file name, and control characters.
_ILLEGAL_IN_FILENAME = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')
MAX_FILENAME_STEM = 150
_PAGE_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


def plan_document_context(program: Program, *, draft: bool = False) -> dict:
    """Everything templates/planning/pdf/plan.html shows, in a fixed number of queries."""
    municipality = Municipality.objects.select_related("district__region").get(pk=program.municipality_id)
    plan = plan_context(program, audience="pdf")
    group = plan.working_group
    sections = [
        {"key": key, "number": number, "title": title, "anchor": f"section-{key}"}
        for number, (key, title) in enumerate(SECTIONS, start=1)
    ]
    decided = bool(program.council_decision_number and program.council_decision_date)
    return {
        "program": program,
        "municipality": municipality,
        "district": municipality.district,
        "region": municipality.district.region,
        "is_city": municipality.kind != Municipality.Kind.AIYL_AIMAK,
        "draft": draft,
        "plan": plan,
        "order_date": document_date(group.order_date) if group and group.order_date else None,
        "sections": sections,
        "section": {s["key"]: s for s in sections},
        "decision_date": document_date(program.council_decision_date) if decided and not draft else None,
        # The head approves on the council's decision: the date under "APPROVED", written by the
        # template in the document's own DATE_FORMAT. A draft keeps the blank to fill by hand.
        "approval_date": program.council_decision_date if decided and not draft else None,
        "page_counter": page_counter_css(),
        "wide_indicators": len(program.years) > PORTRAIT_INDICATOR_YEARS,
    }


def plan_document_filename(program: Program, language: str) -> str:
    """ "Көк-Жар айыл аймагы СЭӨП 2020-2024.pdf": Cyrillic kept, nothing a file system refuses."""
    with translation.override(language):
        name = program.municipality.name
        # Translators: the short name of a socio-economic development program, in file names.
        abbreviation = gettext("SEDP")
    stem = f"{name} {abbreviation} {program.start_year}-{program.end_year}"
    stem = " ".join(_ILLEGAL_IN_FILENAME.sub(" ", stem).split())[:MAX_FILENAME_STEM].strip(" .")
    return f"{stem or 'SEDP'}.pdf"


# --- Helpers --------------------------------------------------------------------------------


def _document_date(value: date) -> str:
    return str(MONTH_DATES[value.month - 1]) % {"day": value.day, "year": value.year}


# Translated when the template shows it, in the language active then.
document_date = lazy(_document_date, str)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string: quotes, backslashes, angle brackets and controls escaped."""
    escaped = "".join(ch if ch.isprintable() and ch not in '"\\<>' else f"\\{ord(ch):x} " for ch in str(text))
    return f'"{escaped}"'


def _page_counter_css() -> SafeString:
    """The `content` of the page-number margin box: "Page " counter(page) " of " counter(pages).

    The translation decides the order of words and numbers (ky: "3-бет, бардыгы 12").
    """
    text = gettext("Page %(page)s of %(pages)s")
    if sorted(_PAGE_PLACEHOLDER.findall(text)) != ["page", "pages"]:
        text = "%(page)s / %(pages)s"
    parts, position = [], 0
    for match in _PAGE_PLACEHOLDER.finditer(text):
        if match.start() > position:
            parts.append(css_string(text[position : match.start()].replace("%%", "%")))
        parts.append(f"counter({match.group(1)})")
        position = match.end()
    if position < len(text):
        parts.append(css_string(text[position:].replace("%%", "%")))
    return mark_safe(" ".join(parts))  # noqa: S308 - catalog text, escaped by css_string


page_counter_css = lazy(_page_counter_css, SafeString)
