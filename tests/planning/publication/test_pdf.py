"""The program PDF (planning/publication/pdf.py, templates/planning/pdf/plan.html), rendered by WeasyPrint and
read back with pypdf: what a council member holding the printed program would check.

The words of the title page are the field's conventions in each language ("МАКУЛДАШЫЛДЫ" and
"БЕКИТЕМИН" in Kyrgyz, "СОГЛАСОВАНО" and "УТВЕРЖДАЮ" in Russian): they come from the catalogs
in locale/, so these tests need them compiled (`make run` / `manage.py compiletranslations`).
"""

import io
import random
import re
import shutil
import subprocess
from datetime import date

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from documents.rendering import render_pdf
from planning.demo.sample import build_program
from planning.models import Activity, Program, SectorAnalysis, Swot, WorkingGroupMember
from planning.publication.pdf import SECTIONS, css_string, plan_document_context, plan_document_filename
from planning.reference import load_reference
from planning.selectors import plan_tree
from tests.factories import MunicipalityFactory, ProgramFactory, VillageFactory
from tests.services import require

pytestmark = pytest.mark.django_db

ACTIVITIES = 40
MUNICIPALITY_KY = "Көк-Жар айыл аймагы"
MUNICIPALITY_RU = "Кок-Жарский айылный аймак"
PHONE_PREFIX = "+996 770 41 86"

HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/passwd">',
    "@import url(http://127.0.0.1:1/x.css)",
    "<script>alert(1)</script>",
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="http://127.0.0.1:1/x.png" width="9" height="9"/></svg>',
]


def activity_title(number: int) -> str:
    # ө, ү and ң in every title: the fonts must have them in the condensed table face too.
    return f"Көпүрө оңдоо №{number:03d}"


def make_program(activities: int = ACTIVITIES) -> Program:
    load_reference()
    municipality = MunicipalityFactory(
        name_ky=MUNICIPALITY_KY,
        name_ru=MUNICIPALITY_RU,
        name_en="Kök-Jar aiyl aimak",
        district__name_ky="Ноокат району",
        district__name_ru="Ноокатский район",
        district__region__name_ky="Ош облусу",
        district__region__name_ru="Ошская область",
    )
    VillageFactory(municipality=municipality, name_ky="Жаңы-Абад", name_ru="Жаны-Абад")
    program = build_program(
        municipality=municipality,
        activities=activities,
        start_year=2020,
        years=5,
        title="Көк-Жар айыл аймагынын социалдык-экономикалык өнүгүү программасы",
    )
    rows = list(Activity.objects.filter(objective__goal__priority__program=program).order_by("pk"))
    for number, activity in enumerate(rows, start=1):
        activity.title = activity_title(number)
    Activity.objects.bulk_update(rows, ["title"])
    for number, member in enumerate(WorkingGroupMember.objects.filter(working_group__program=program)):
        member.phone = f"{PHONE_PREFIX} {number:02d}"
        member.save(update_fields=["phone"])
    return program


@pytest.fixture
def program() -> Program:
    return make_program()


def render(program: Program, language: str = "ky", *, draft: bool = False):
    with translation.override(language):
        html = render_to_string("planning/pdf/plan.html", plan_document_context(program, draft=draft))
    return html, render_pdf(html)


def page_texts(rendered) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(rendered.content)).pages]


def squeeze(text: str) -> str:
    """Text without any white space: line breaks fall where the layout puts them."""
    return re.sub(r"\s+", "", text)


# What a reader sees on the page. pypdf returns every glyph drawn, also those drawn beyond the
# page's edge or over another column, so it cannot tell whether a text can be read; poppler's
# pdftotext (poppler-utils) keeps to the page and orders text by where it stands, and gives
# each word's box.
def _pdftotext(rendered, *options: str) -> str:
    require(
        shutil.which("pdftotext") is not None, "pdftotext is not installed (apt-get install poppler-utils)"
    )
    result = subprocess.run(
        ["pdftotext", *options, "-", "-"], input=rendered.content, capture_output=True, check=True
    )
    return result.stdout.decode()


def visible_pages(rendered, *, margins: list[str] = ()) -> list[str]:
    """The text on each page, without the margin boxes (running header, page number)."""
    pages = _pdftotext(rendered, "-enc", "UTF-8").split("\f")[: rendered.pages]
    running = set(margins)
    return [
        "\n".join(
            line
            for line in page.splitlines()
            if line.strip() not in running and not re.fullmatch(r"\d+-бет, бардыгы \d+", line.strip())
        )
        for page in pages
    ]


def unbroken(text: str) -> str:
    """Text as written before the layout broke its lines: no white space and no hyphens (a line
    break may add one, U+2010 or a soft hyphen, and pdftotext drops the "-" of "иш-чара" when the
    line ends there), to compare with the text as written, also unbroken."""
    return re.sub(r"[\s\u00ad\u2010-]+", "", text)


WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def overlapping_words(rendered, page: int, tolerance: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of words on `page` (1-based) whose boxes cover each other: text over text."""
    xhtml = _pdftotext(rendered, "-bbox", "-f", str(page), "-l", str(page))
    words = [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in WORD_BOX.findall(xhtml)]
    return [
        (one[4], other[4])
        for index, one in enumerate(words)
        for other in words[index + 1 :]
        if min(one[2], other[2]) - max(one[0], other[0]) > tolerance
        and min(one[3], other[3]) - max(one[1], other[1]) > tolerance
    ]


def letters(length: int, seed: int) -> str:
    """A word without spaces, the same for every run, that no dictionary knows."""
    alphabet = "абвгдежзийклмнңоөпрстуүфхцчшыэюя"
    generator = random.Random(seed)
    return "".join(generator.choice(alphabet) for _ in range(length))


def _fonts_of(resources, seen: set[int]):
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if id(xobject) in seen or xobject.get("/Subtype") != "/Form":
            continue
        seen.add(id(xobject))
        yield from _fonts_of(xobject.get("/Resources"), seen)


def _descriptor(font):
    if font.get("/Subtype") == "/Type0":
        return font["/DescendantFonts"][0].get_object().get("/FontDescriptor").get_object()
    descriptor = font.get("/FontDescriptor")
    return descriptor.get_object() if descriptor is not None else None


# --- The whole document ---------------------------------------------------------------------


def test_the_plan_in_kyrgyz(program):
    html, pdf = render(program)
    pages = page_texts(pdf)
    everything = "\n".join(pages)
    squeezed = [squeeze(text) for text in pages]
    assert pdf.pages == len(pages) > 5
    assert pdf.refused == []

    # The title page: the territory, the signature blocks, the title and the period.
    title = pages[0]
    assert MUNICIPALITY_KY.upper() in title
    assert "Ош облусу" in title and "Ноокат району" in title
    assert "МАКУЛДАШЫЛДЫ" in title and "Айылдык кеңештин төрагасы" in title
    assert "БЕКИТЕМИН" in title and "Айыл өкмөтүнүн башчысы" in title
    assert "2020–2024-жылдарга" in title
    assert "чечими" not in title  # not approved yet
    assert "DRAFT" not in everything

    # Kyrgyz letters survive the fonts and the text layer.
    for letter in "ңөүӨҮ":
        assert letter in everything, letter

    # "Page X of Y" in Kyrgyz and the municipality in the margin, on every page but the title page.
    for number, text in enumerate(pages[1:], start=2):
        assert f"{number}-бет, бардыгы {len(pages)}" in text
        assert MUNICIPALITY_KY in text
    assert "-бет, бардыгы" not in pages[0]

    # Every activity, and the action plan's header on every page of the table, in landscape.
    titles = [squeeze(activity_title(n)) for n in range(1, ACTIVITIES + 1)]
    for title_text in titles:
        assert any(title_text in text for text in squeezed), title_text
    plan_pages = [i for i, text in enumerate(squeezed) if any(t in text for t in titles)]
    assert len(plan_pages) > 1
    reader = PdfReader(io.BytesIO(pdf.content))
    with translation.override("ky"):
        headers = [gettext("Responsible"), gettext("Funding sources"), gettext("Cost, som")]
    assert headers[0] == "Жооптуу"
    header_count = 0
    for index in plan_pages:
        for header in headers:
            assert squeeze(header) in squeezed[index], (index + 1, header)
        header_count += pages[index].count(headers[0])
        box = reader.pages[index].mediabox
        assert box.width > box.height, f"action plan page {index + 1} is not landscape"
    assert header_count >= len(plan_pages)
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height

    # The contents: each section with the page it starts on.
    assert "1-БӨЛҮМ. АЙМАКТЫН ЖАЛПЫ МҮНӨЗДӨМӨСҮ" in everything
    contents = pages[1]
    with translation.override("ky"):
        assert gettext("Contents") in contents
        for number, (_key, section_title) in enumerate(SECTIONS, start=1):
            match = re.search(
                rf"{number}\.\s*{re.escape(str(section_title))}[\s.]*?(\d+)\s*$", contents, re.M
            )
            assert match, f"section {number} is not in the contents"
            page = int(match.group(1))
            heading = gettext("Section %(number)s. %(title)s") % {"number": number, "title": section_title}
            assert squeeze(heading.upper()) in squeezed[page - 1], f"section {number} is not on page {page}"

    # Every font is embedded.
    fonts = 0
    for number, page in enumerate(reader.pages, start=1):
        for font in _fonts_of(page.get("/Resources"), set()):
            fonts += 1
            descriptor = _descriptor(font)
            assert descriptor is not None, f"a font of page {number} has no descriptor"
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), (
                f"font {font.get('/BaseFont')} of page {number} is not embedded"
            )
    assert fonts >= len(pages)

    # The working group is there, its phone numbers are not, neither in the PDF nor in its HTML.
    with translation.override("ky"):
        assert gettext("Members of the working group") in everything
    assert "Мүчө 1" in everything
    assert PHONE_PREFIX not in html
    assert squeeze(PHONE_PREFIX) not in squeeze(everything)


def test_the_decision_of_the_council_on_the_title_page(program):
    program.council_decision_number = "41"
    program.council_decision_date = date(2019, 12, 20)
    program.status = Program.Status.APPROVED
    program.save()
    _html, pdf = render(program)
    title = squeeze(page_texts(pdf)[0])
    assert squeeze("Айылдык кеңештин 2019-жылдын 20-декабрындагы №41 чечими") in title
    assert "МАКУЛДАШЫЛДЫ" in title and "БЕКИТЕМИН" in title


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_the_head_s_approval_carries_the_date_of_the_recorded_decision(language):
    from django.utils.formats import date_format

    program = make_program(activities=2)
    program.council_decision_number = "19"
    program.council_decision_date = date(2025, 4, 7)
    program.status = Program.Status.APPROVED
    program.save()
    _html, pdf = render(program, language)
    title = squeeze(page_texts(pdf)[0])
    with translation.override(language):
        written = date_format(date(2025, 4, 7), "DATE_FORMAT")  # the locale's own written form
        approved = gettext("APPROVED")
    head_block = title[title.index(squeeze(approved)) :]
    assert squeeze(written) in head_block
    assert "«____»" not in title  # neither signature block is left blank
    assert "2025" in head_block and "20____" not in head_block


def test_a_draft_keeps_the_approval_date_blank_to_fill_by_hand(program):
    program.council_decision_number = "19"
    program.council_decision_date = date(2025, 4, 7)
    program.save()
    _html, pdf = render(program, draft=True)
    title = squeeze(page_texts(pdf)[0])
    assert title.count("«____»") == 2 and "2025" not in title


def test_the_draft_preview_is_marked_on_every_page(program):
    _html, pdf = render(program, draft=True)
    pages = page_texts(pdf)
    for number, text in enumerate(pages, start=1):
        assert "DRAFT" in text, f"page {number} has no draft mark"
        assert "ДОЛБООР" in text, f"page {number} has no draft mark"
    # In the title too, beside the mark over the page.
    assert squeeze(pages[0]).count(squeeze("ДОЛБООР / DRAFT")) >= 2


def test_the_draft_preview_shows_no_decision(program):
    program.council_decision_number = "41"
    program.council_decision_date = date(2019, 12, 20)
    program.save()
    _html, pdf = render(program, draft=True)
    assert "чечими" not in page_texts(pdf)[0]


def test_the_title_page_in_russian(program):
    _html, pdf = render(program, "ru")
    pages = page_texts(pdf)
    title = pages[0]
    assert "СОГЛАСОВАНО" in title and "Председатель айылного кенеша" in title
    assert "УТВЕРЖДАЮ" in title and "Глава айыл окмоту" in title
    assert MUNICIPALITY_RU.upper() in title
    assert "на 2020–2024 годы" in title
    assert f"Страница 2 из {len(pages)}" in pages[1]


def test_an_empty_program_of_a_town_renders():
    program = ProgramFactory(
        municipality__name_ky="Ноокат шаары", municipality__kind="town", start_year=2025, end_year=2027
    )
    _html, pdf = render(program)
    pages = page_texts(pdf)
    assert "Шаардык кеңештин төрагасы" in pages[0] and "Мэр" in pages[0]
    with translation.override("ky"):
        assert gettext("not written") in "\n".join(pages)
    # Three years: the indicators stay on a portrait page; only the action plan turns.
    reader = PdfReader(io.BytesIO(pdf.content))
    assert sum(page.mediabox.width > page.mediabox.height for page in reader.pages) == 1


# --- Hostile text -----------------------------------------------------------------------------


def test_hostile_text_is_shown_as_text_and_fetches_nothing():
    program = make_program(activities=6)
    hostile = " ".join(HOSTILE)
    program.vision = f"Элес: {hostile}"
    program.save()
    activity = Activity.objects.filter(objective__goal__priority__program=program).order_by("pk").first()
    activity.title = hostile
    activity.save()
    Swot.objects.filter(program=program).update(strengths=hostile)

    html, pdf = render(program)
    assert pdf.refused == []  # nothing was even asked for: it is text
    for piece in ("<script>", "<img src=", '<link rel="attachment"', "<image href"):
        assert piece not in html
    squeezed = squeeze("\n".join(page_texts(pdf)))
    for piece in HOSTILE:
        assert squeezed.count(squeeze(piece)) >= 3, piece  # vision, activity, SWOT
    assert b"root:" not in pdf.content
    assert b"/EmbeddedFile" not in pdf.content


# --- Context and file name -----------------------------------------------------------------


def test_the_context_takes_a_fixed_number_of_queries():
    def queries(activities: int) -> int:
        program = Program.objects.get(pk=make_program(activities).pk)
        with translation.override("ky"):
            with CaptureQueriesContext(connection) as captured:
                context = plan_document_context(program)
            with CaptureQueriesContext(connection) as rendering:
                render_to_string("planning/pdf/plan.html", context)
        assert len(rendering) == 0, [q["sql"][:120] for q in rendering.captured_queries]
        return len(captured)

    small, large = queries(5), queries(120)
    assert small == large
    # Municipality 1, plan tree 7, financial model 5 (on that tree), working group 2,
    # characteristics 1, sector analyses 2, SWOT 1; the hearings held on it, the proposals traced
    # into it and the priority votes on its directions 3 (hearings/plan_traces.py); its published
    # monitoring reports 1 (monitoring/plan_implementation.py: none here; 3 more when there are).
    assert large <= 23


def test_the_file_name_keeps_cyrillic_and_drops_what_file_systems_refuse():
    program = ProgramFactory(
        municipality__name_ky=MUNICIPALITY_KY,
        municipality__name_ru=MUNICIPALITY_RU,
        municipality__name_en="Kök-Jar aiyl aimak",
        start_year=2020,
        end_year=2024,
    )
    assert plan_document_filename(program, "ky") == "Көк-Жар айыл аймагы СЭӨП 2020-2024.pdf"
    assert plan_document_filename(program, "ru") == "Кок-Жарский айылный аймак ПСЭР 2020-2024.pdf"
    assert plan_document_filename(program, "en") == "Kök-Jar aiyl aimak SEDP 2020-2024.pdf"

    program.municipality.name_ky = 'Ак/Тал\\: "*?" <аймак> |'
    name = plan_document_filename(program, "ky")
    assert not set('/\\:*?"<>|') & set(name)
    assert name == "Ак Тал аймак СЭӨП 2020-2024.pdf"


def test_page_counter_words_are_safe_in_css():
    assert css_string('Бет "1" \\ </style>') == '"Бет \\22 1\\22  \\5c  \\3c /style\\3e "'


# --- Size -----------------------------------------------------------------------------------


def test_a_plan_of_300_activities_renders():
    program = make_program(activities=300)
    _html, pdf = render(program)
    squeezed = squeeze("\n".join(page_texts(pdf)))
    assert squeeze(activity_title(1)) in squeezed
    assert squeeze(activity_title(300)) in squeezed
    assert pdf.pages > 20


# --- Long texts wrap ------------------------------------------------------------------------


@pytest.fixture
def ak_tal() -> Program:
    """Ak-Tal's demo program (planning/demo/ak_tal.py): three years, so its indicators are on
    portrait pages."""
    from config.demo import MUNICIPALITIES, load_demo
    from municipalities.models import Municipality
    from municipalities.territory import load_territory
    from planning.demo.programs import load_demo_programs

    load_territory()
    load_demo()
    municipalities = {
        key: Municipality.objects.get(name_en=en) for key, _ky, _ru, en, _soate in MUNICIPALITIES
    }
    return Program.objects.get(pk=load_demo_programs(municipalities)["ak-tal"].pk)


def test_every_indicator_of_ak_tal_is_readable_in_its_column(ak_tal):
    """Before: on the portrait pages the name column was about 1 cm wide and its words ran over
    the unit column ("Кооперативге" over "үй чарбасы")."""
    _html, pdf = render(ak_tal)
    with translation.override("ky"):
        number = [key for key, _title in SECTIONS].index("indicators") + 1
        heading = gettext("Section %(number)s. %(title)s") % {
            "number": number,
            "title": SECTIONS[number - 1][1],
        }
        period = gettext("for the years %(start)s–%(end)s") % {"start": 2020, "end": 2022}
        margins = [ak_tal.municipality.name, period]
    pages = visible_pages(pdf, margins=margins)
    first = next(i for i, text in enumerate(pages) if squeeze(heading.upper()) in squeeze(text))
    indicator_pages = list(range(first, len(pages)))
    reader = PdfReader(io.BytesIO(pdf.content))
    for index in indicator_pages:
        box = reader.pages[index].mediabox
        assert box.width < box.height, f"indicators page {index + 1} is not portrait"

    # Each name is read whole, as one piece of text, and the names come in the plan's order.
    names = [indicator.name for indicator in plan_tree(ak_tal, activities=False, indicators=True).indicators]
    assert len(names) >= 8
    text = unbroken("\n".join(pages[i] for i in indicator_pages))
    positions = [text.find(unbroken(name)) for name in names]
    assert -1 not in positions, [name for name, at in zip(names, positions, strict=True) if at < 0]
    assert positions == sorted(positions)
    # No word lies over another one.
    for index in indicator_pages:
        assert overlapping_words(pdf, index + 1) == [], f"page {index + 1}"


def test_a_word_of_5000_letters_and_a_title_of_500_come_out_whole():
    """Before: the word ran off the page after a line (86 of its 5,000 letters could be read),
    the title after a third of it."""
    program = make_program(activities=6)
    word, title = letters(5000, seed=1), letters(500, seed=2)
    analysis = SectorAnalysis.objects.filter(program=program).order_by("pk").first()
    analysis.text = f"Башы {word} аягы."
    analysis.save()
    activity = Activity.objects.filter(objective__goal__priority__program=program).order_by("pk").first()
    activity.title = title
    activity.save()

    _html, pdf = render(program)
    with translation.override("ky"):
        period = gettext("for the years %(start)s–%(end)s") % {"start": 2020, "end": 2024}
    text = unbroken("\n".join(visible_pages(pdf, margins=[MUNICIPALITY_KY, period])))
    assert word in text
    assert title in text
