"""The hearings' documents (hearings/pdf.py, templates/hearings/pdf/), rendered by WeasyPrint and
read back (pypdf, and poppler's pdftotext and pdftoppm): what a resident holding the poster, a
council member holding the protocol, or a journalist downloading it would check. Their downloads
(hearings/downloads.py) are in test_document_downloads.py.

The documents' words come from the catalogs in locale/: these tests need them compiled
(`make translations`).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from documents.rendering import RenderedPdf, render_pdf
from documents.services import document_html
from hearings import documents as kinds
from hearings.models import Hearing, HearingMaterial, Proposal
from hearings.pdf import SIGN_IN_ROWS, document_context, public_url
from tests.hearings.public_data import (
    CONSENTED_NAME,
    CONTACT,
    CONTACT_DIGITS,
    DRAFT_GATHERING_TITLE,
    HIDDEN_TEXT,
    PENDING_TEXT,
    SECRET_NAME,
    build,
)
from tests.services import require

pytestmark = pytest.mark.django_db

ALL_KINDS = (*kinds.BEFORE, *kinds.AFTER)
A4_WIDTH = 595.3  # points
A4_HEIGHT = 841.9


@pytest.fixture
def data(world, reference):
    data = build(world)
    for hearing in (data.closed, data.announced):
        HearingMaterial.objects.create(
            hearing=hearing, title="Бюджеттин таблицасы 2027", file="x.pdf", content_kind="pdf"
        )
    return data


def render(hearing: Hearing, kind: str, language: str) -> tuple[str, RenderedPdf]:
    html = document_html(obj=hearing, kind=kind, language=language)
    return html, render_pdf(html)


def pdf_text(rendered: RenderedPdf) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(rendered.content)).pages)


def squeeze(text: str) -> str:
    """Text without white space or the hyphens a line break adds, in lower case: as written,
    wherever the layout broke its lines and whether a heading is in capitals."""
    return re.sub(r"[\s\u00ad\u2010]+", "", text).casefold()


def pdftotext(rendered: RenderedPdf, *options: str) -> str:
    require(
        shutil.which("pdftotext") is not None, "pdftotext is not installed (apt-get install poppler-utils)"
    )
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, "-", "-"],
        input=rendered.content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text) if w]


def t(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


# --- Each kind, in Kyrgyz and in Russian -----------------------------------------------------


def key_facts(data, kind: str, language: str) -> list[str]:
    """What each document must say (its own words in the document's language)."""
    closed = data.closed
    facts = [closed.title, closed.place]
    if kind == kinds.NOTICE:
        facts += [t(language, "How to send a proposal"), closed.summary, "Бюджеттин таблицасы 2027"]
    elif kind == kinds.MATERIALS:
        priority = data.program.priorities.order_by("order", "id").first()
        facts += [t(language, "Summary of the draft program"), data.program.title, priority.title,
                  "Бюджеттин таблицасы 2027", t(language, "Attached materials")]  # fmt: skip
    elif kind == kinds.PROPOSAL_FORM:
        with translation.override(language):
            facts += [t(language, "Form No."), t(language, "My proposal"), *(v.name for v in data.villages)]
    elif kind == kinds.SIGN_IN_SHEET:
        facts += [t(language, "Signature"), t(language, "Gender (w/m)")]
    elif kind == kinds.PROTOCOL:
        facts += [closed.chair, closed.secretary, closed.minutes, t(language, "Who came"),
                  "Ичүүчү суу түтүгүн жаңылоо.", "Каражат жок: 2028-жылы кайра каралат.",
                  "Ноокат райондук администрациясы", "Мектепке чейинки билим берүү"]  # fmt: skip
        with translation.override(language):
            facts += [
                str(label)
                for value, label in Proposal.Disposition.choices
                if value in ("accepted", "rejected")
            ]
    elif kind == kinds.REPORT_BACK:
        facts += [t(language, "What became of your proposals"), "Каражат жок: 2028-жылы кайра каралат."]
    return facts


@pytest.mark.parametrize("language", kinds.LANGUAGES)
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_each_document_renders_with_its_key_facts(data, kind, language):
    _html, pdf = render(data.closed, kind, language)
    text = squeeze(pdf_text(pdf))
    assert pdf.refused == []
    assert pdf.pages >= 1
    for fact in key_facts(data, kind, language):
        assert squeeze(fact) in text, (kind, language, fact)
    with translation.override(language):
        assert squeeze(data.closed.municipality.name) in text
    reader = PdfReader(io.BytesIO(pdf.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait
    if language == "ky":
        assert any(letter in text for letter in "ңөү")
    # The document's title in its language (the catalogs are compiled).
    with translation.override(language):
        from hearings.pdf import TITLES

        title = str(TITLES[kind])
    if kind != kinds.NOTICE:  # the poster says "Public hearing: <kind>" instead
        assert squeeze(title) in text, (kind, language, title)


def test_the_sign_in_sheet_has_several_pages_of_numbered_rows(data):
    _html, pdf = render(data.closed, kinds.SIGN_IN_SHEET, "ky")
    assert pdf.pages >= 3
    numbers = {int(w) for w in words(pdftotext(pdf)) if w.isdigit()}
    assert set(range(1, SIGN_IN_ROWS + 1)) <= numbers
    # The columns' heads on every page.
    pages = pdftotext(pdf).split("\f")[: pdf.pages]
    for page in pages:
        assert t("ky", "Signature") in page


def test_the_proposal_form_fits_on_one_page(data):
    for language in kinds.LANGUAGES:
        _html, pdf = render(data.announced, kinds.PROPOSAL_FORM, language)
        assert pdf.pages == 1, language


def test_the_notice_is_one_poster_page_with_the_consultation_window(data):
    for language in kinds.LANGUAGES:
        _html, pdf = render(data.announced, kinds.NOTICE, language)
        assert pdf.pages == 1, language
        text = squeeze(pdf_text(pdf))
        with translation.override(language):
            until = squeeze(timezone.localtime(data.announced.proposals_open_until).strftime("%Y"))
        assert until in text
        assert squeeze(public_url(data.announced, language)) in text


# --- The QR code ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [kinds.NOTICE, kinds.PROPOSAL_FORM])
@pytest.mark.parametrize("language", kinds.LANGUAGES)
def test_the_qr_code_decodes_to_the_hearing_public_page(data, kind, language, tmp_path):
    """The poster's and the paper proposal form's QR code, scanned from the printed page."""
    import zxingcpp
    from PIL import Image

    require(shutil.which("pdftoppm") is not None, "pdftoppm is not installed (apt-get install poppler-utils)")
    _html, pdf = render(data.announced, kind, language)
    source = tmp_path / "document.pdf"
    source.write_bytes(pdf.content)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(source), str(tmp_path / "page")],
                   check=True)  # fmt: skip
    image = Image.open(next(tmp_path.glob("page*.png")))
    decoded = [code.text for code in zxingcpp.read_barcodes(image)]
    assert decoded == [public_url(data.announced, language)]
    assert decoded[0].endswith(f"/{language}/hearings/{data.announced.pk}/")


# --- The protocol of 500 proposals, and queries that do not grow ----------------------------


def many_proposals(hearing: Hearing, count: int) -> None:
    dispositions = ("accepted", "partly_accepted", "rejected", "outside_competence", "withdrawn")
    Proposal.objects.filter(hearing=hearing).delete()
    Proposal.objects.bulk_create(
        Proposal(
            hearing=hearing,
            number=n,
            source=("online", "paper", "oral")[n % 3],
            text=f"Сунуш {n}: көчөгө жарык орнотуу, арыктарды тазалоо керек.",
            author_name=f"Автор-{n}-жашыруун",
            contact=f"+996 555 {n:06d}",
            moderation="published",
            disposition=dispositions[n % len(dispositions)],
            answer=f"Жооп {n}." if n % 2 else "",
        )
        for n in range(1, count + 1)
    )


def test_a_protocol_of_500_proposals_lists_every_number_and_disposition(data):
    hearing = data.closed
    many_proposals(hearing, 500)
    _html, pdf = render(hearing, kinds.PROTOCOL, "ky")
    text = pdftotext(pdf)
    numbers = {int(n) for n in re.findall(r"№\s*(\d+)", text)}
    assert set(range(1, 501)) - numbers == set()
    with translation.override("ky"):
        for value in ("accepted", "partly_accepted", "rejected", "outside_competence", "withdrawn"):
            label = str(dict(Proposal.Disposition.choices)[value])
            assert squeeze(label.capitalize()) in squeeze(text), label
    assert "жашыруун" not in text and "+996 555" not in text
    assert pdf.pages > 10


def _queries(hearing: Hearing, kind: str, count: int) -> int:
    many_proposals(hearing, count)
    with translation.override("ky"), CaptureQueriesContext(connection) as captured:
        document_context(hearing, kind)
    return len(captured)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_each_context_takes_the_same_queries_for_10_and_500_proposals(data, kind):
    small = _queries(data.closed, kind, 10)
    large = _queries(data.closed, kind, 500)
    assert small == large, f"{kind}: {small} queries with 10 proposals, {large} with 500"


def test_the_protocol_context_query_count_is_pinned(data):
    # The hearing with its municipality, rayon, oblast and program (1), its villages (1), the
    # mini-gatherings with their counts (1) and villages (1), the attendance rolled up: the
    # gatherings' ids (1), the counts (1), by village (1); the votes and their options (2), the
    # published proposals (1), the hidden ones counted (1).
    with translation.override("ky"), CaptureQueriesContext(connection) as captured:
        document_context(data.closed, kinds.PROTOCOL)
    assert len(captured) == 11, [q["sql"][:120] for q in captured.captured_queries]


# --- Nothing private -----------------------------------------------------------------------


def test_no_private_data_in_any_public_document(data):
    """Contacts, authors' names (with consent or not: the documents name nobody), unmoderated and
    hidden proposals, a never-announced mini-gathering's title: in no public document's HTML nor
    its PDF."""
    secrets = [
        CONTACT,
        CONTACT_DIGITS,
        SECRET_NAME,
        CONSENTED_NAME,
        PENDING_TEXT,
        HIDDEN_TEXT,
        DRAFT_GATHERING_TITLE,
    ]
    for hearing in (data.closed, data.announced):
        for kind in sorted(kinds.PUBLIC_KINDS):
            for language in kinds.LANGUAGES:
                html = document_html(obj=hearing, kind=kind, language=language)
                for secret in secrets:
                    assert secret not in html, (hearing.title, kind, language, secret)
    for kind in sorted(kinds.PUBLIC_KINDS):
        _html, pdf = render(data.closed, kind, "ky")
        text = pdf_text(pdf) + pdftotext(pdf)
        for secret in secrets:
            assert secret not in text and squeeze(secret) not in squeeze(text), (kind, secret)


def test_the_protocol_counts_the_hidden_proposals_without_showing_them(data):
    html = document_html(obj=data.closed, kind=kinds.PROTOCOL, language="ru")
    assert HIDDEN_TEXT not in html
    assert "скрыто при модерации" in html


# --- Long text wraps inside the page --------------------------------------------------------

WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def boxes(rendered: RenderedPdf) -> list[tuple[float, float, float, float, str]]:
    xhtml = pdftotext(rendered, "-bbox")
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD_BOX.findall(xhtml)]


@pytest.mark.parametrize(("kind", "where"), [(kinds.PROTOCOL, "proposal"), (kinds.NOTICE, "summary"),
                                             (kinds.REPORT_BACK, "proposal"), (kinds.MATERIALS, "summary")])  # fmt: skip
def test_a_word_of_3000_letters_wraps_inside_the_page(data, kind, where):
    word = ("аөүңбв" * 500)[:3000]
    hearing = data.closed
    if where == "proposal":
        Proposal.objects.filter(hearing=hearing, number=2).update(text=word)
    else:
        Hearing.objects.filter(pk=hearing.pk).update(summary=word)
    _html, pdf = render(hearing, kind, "ky")
    found = boxes(pdf)
    assert found
    for x_min, _y_min, x_max, _y_max, text in found:
        assert x_min >= 0 and x_max <= A4_WIDTH + 0.5, (
            f"{text[:30]}… runs off the page ({x_min:.0f}–{x_max:.0f})"
        )
    pieces = [w for *_box, w in found if set(w) <= set("аөүңбв")]
    assert len(pieces) > 3  # the word is broken into lines
    written = "".join(pieces)
    expected = word if kind != kinds.REPORT_BACK else word[:300]  # the report-back cuts long texts short
    assert expected in written


# --- The plan PDF lists the hearings held on it ---------------------------------------------


def test_the_plan_pdf_lists_the_hearings_held_on_it(data):
    from django.template.loader import render_to_string

    from planning.publication.pdf import plan_document_context

    with translation.override("ru"):
        html = render_to_string("planning/pdf/plan.html", plan_document_context(data.program))
    assert "Общественные слушания, проведённые по программе" in html
    assert data.closed.title in html
    assert DRAFT_GATHERING_TITLE not in html


def test_a_plan_without_hearings_has_no_such_section(world, reference):
    from django.template.loader import render_to_string

    from planning.demo.sample import build_program
    from planning.publication.pdf import plan_document_context

    program = build_program(municipality=world.municipality_b, activities=2, start_year=2025, years=3)
    with translation.override("ru"):
        html = render_to_string("planning/pdf/plan.html", plan_document_context(program))
    assert "hearings-held" not in html


# --- Each proposal beside its own disposition; hostile text stays text ----------------------


def test_the_protocol_puts_each_proposal_beside_its_own_disposition(data):
    """Read back with pypdf, row by row: between "№n" and "№n+1" stand proposal n's text and the
    disposition given to it, not a neighbour's (a table whose cells slid would fail)."""
    hearing = data.closed
    many_proposals(hearing, 30)
    dispositions = dict(Proposal.Disposition.choices)
    _html, pdf = render(hearing, kinds.PROTOCOL, "ky")
    text = squeeze(pdf_text(pdf))
    rows = re.split(r"№(\d+)", text)[1:]
    found: dict[int, str] = {}  # "№" also numbers the running titles: keep the proposals' rows
    for number, segment in zip(rows[::2], rows[1::2], strict=True):
        if squeeze(f"Сунуш {number}:") in segment:
            found.setdefault(int(number), segment)
    assert set(found) == set(range(1, 31)), "a proposal's number and text are not in one row"
    with translation.override("ky"):
        labels = {value: squeeze(str(label)) for value, label in dispositions.items()}
        for proposal in Proposal.objects.filter(hearing=hearing).order_by("number"):
            segment = found[proposal.number]
            own = labels[proposal.disposition]
            assert own in segment, (proposal.number, proposal.disposition, segment[:200])
            others = [v for v, label in labels.items() if v != proposal.disposition and label not in own]
            assert not [v for v in others if labels[v] in segment], (proposal.number, segment[:200])


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> {{ secret }} {% debug %} =HYPERLINK("http://evil.example","x")'


@pytest.mark.parametrize("kind", [kinds.PROTOCOL, kinds.REPORT_BACK])
def test_hostile_text_in_a_proposal_and_its_answer_is_printed_as_text(data, kind):
    hearing = data.closed
    many_proposals(hearing, 2)
    Proposal.objects.filter(hearing=hearing, number=1).update(text=HOSTILE, answer=HOSTILE)
    html, pdf = render(hearing, kind, "ky")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    text = squeeze(pdf_text(pdf))
    assert squeeze('<script>alert("x")</script>') in text
    assert squeeze("{{ secret }}") in text and squeeze("=HYPERLINK(") in text
