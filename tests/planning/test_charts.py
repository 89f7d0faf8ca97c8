"""Server-side SVG bar charts (planning/charts.py) and the financial model partial."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString

from planning.charts import (
    CHAR_WIDTH,
    ELLIPSIS,
    MARGIN,
    TEXT_SIZE,
    WIDTH,
    bar_chart,
    financial_charts,
    format_amount,
)
from planning.finance import financial_model
from tests.factories import (
    ActivityFactory,
    FundingLineFactory,
    FundingSourceFactory,
    ProgramFactory,
    SectorFactory,
)

SVG = "{http://www.w3.org/2000/svg}"
NBSP = "\xa0"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 — our own markup, parsed to check that it is well formed


def visible_texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def bars(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}rect"))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_chart_is_accessible_scalable_svg():
    svg = bar_chart([("Roads", 10), ("Water", 5)], title="Funding by sector")

    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Funding by sector"
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 ")
    assert root.get("font-family") == "DejaVu Sans, Noto Sans, sans-serif"
    assert root[0].tag == f"{SVG}title"
    assert root[0].text == "Funding by sector"
    assert len(bars(root)) == 2


def test_chart_has_no_styles_scripts_or_external_references():
    svg = bar_chart([("Roads", 10)], title="T")
    assert "style" not in svg
    assert "script" not in svg
    assert "class=" not in svg
    assert "href" not in svg
    assert svg.count("http") == 1  # the SVG namespace only


def test_user_text_is_escaped():
    svg = bar_chart(
        [("<script>alert(1)</script>", 10), ('Roads & "bridges"', 5)],
        title="Water & <b>roads</b>",
    )

    assert "<script>" not in svg
    assert "<b>" not in svg
    assert "&lt;script&gt;" in svg
    assert "&amp;" in svg
    root = parse(svg)
    assert root.get("aria-label") == "Water & <b>roads</b>"
    assert "<script>alert(1)</script>" in visible_texts(root)
    assert 'Roads & "bridges"' in visible_texts(root)


def test_control_characters_do_not_break_the_xml():
    root = parse(bar_chart([("Line one\nline\x0btwo", 1)], title="A\x00B"))
    assert "Line one linetwo" in visible_texts(root)


def test_long_labels_wrap_at_word_boundaries_and_stay_whole_in_the_tooltip():
    long_label = "Reconstruction of the drinking water supply system " * 4
    root = parse(bar_chart([(long_label, 10), ("Short", 5)], title="T"))

    texts = visible_texts(root)
    lines = texts[1 : texts.index("Short") - 1]  # after the title, before the first bar's value
    assert len(lines) == 3
    words = long_label.split()
    assert lines[-1].endswith(ELLIPSIS)
    # Every line is whole words of the label, in order: no word is cut.
    shown = " ".join(lines).removesuffix(ELLIPSIS).split()
    assert shown == words[: len(shown)]
    assert all(len(line) * TEXT_SIZE * CHAR_WIDTH <= WIDTH - 2 * MARGIN for line in lines)
    tooltips = [element.text for element in root.iter(f"{SVG}title")]
    assert any(tip.startswith(long_label.strip()) for tip in tooltips)


def test_the_demo_s_longest_source_is_written_in_full_on_two_lines():
    # "Тургундардын жана ишканалар…" was cut mid-word, on the page and in the PDF.
    label = "Тургундардын жана ишканалардын ыктыярдуу салымдары"
    root = parse(bar_chart([(label, 180000), ("Жергиликтүү бюджет", 250000)], title="Каржылоо булактары"))
    texts = visible_texts(root)
    first = next(i for i, text in enumerate(texts) if text.startswith("Тургундардын"))
    assert texts[first + 1] != label and f"{texts[first]} {texts[first + 1]}" == label
    assert not any(ELLIPSIS in text for text in texts)


def test_the_lettering_is_readable_on_a_phone():
    # The chart fills a 375-px phone's column (343 px): its text stays at least 12 px high.
    svg = bar_chart([("Roads", 10)], title="T")
    width = float(parse(svg).get("viewBox").split()[2])
    assert TEXT_SIZE * 343 / width >= 12


def test_more_than_max_bars_groups_the_smallest_into_other():
    rows = [(f"Sector {n}", n) for n in range(1, 21)]

    root = parse(bar_chart(rows, title="T", max_bars=5))

    assert len(bars(root)) == 5
    texts = visible_texts(root)
    # The four largest stay, in the order given; 1 + 2 + … + 16 = 136 go to "Other".
    labels = [t for t in texts if t.startswith("Sector") or t == "Other"]
    assert labels == ["Sector 17", "Sector 18", "Sector 19", "Sector 20", "Other"]
    assert "136" in texts


def test_other_goes_through_gettext(monkeypatch):
    # The catalogs may not have the word yet: check that it is asked for, not how it reads.
    monkeypatch.setattr("planning.charts.gettext", lambda message: f"[{message}]")
    root = parse(bar_chart([(str(n), n) for n in range(1, 4)], title="T", max_bars=2))
    assert "[Other]" in visible_texts(root)


def test_max_bars_rows_are_not_grouped():
    root = parse(bar_chart([(f"S{n}", n) for n in range(15)], title="T"))
    assert len(bars(root)) == 15
    assert "Other" not in visible_texts(root)


@pytest.mark.parametrize("rows", [[], [("Roads", 0), ("Water", Decimal("0.00"))]])
def test_no_data_gives_a_small_note(rows):
    svg = bar_chart(rows, title="Funding by year")

    root = parse(svg)
    assert bars(root) == []
    assert "No data to show." in visible_texts(root)
    assert root.get("aria-label") == "Funding by year"


def test_the_caller_can_word_the_empty_note():
    root = parse(bar_chart([], title="T", empty_message="Nothing planned & nothing spent"))
    assert "Nothing planned & nothing spent" in visible_texts(root)


def test_vertical_chart_has_a_column_for_every_row_even_zero():
    rows = [("2025", Decimal("1500")), ("2026", Decimal("0")), ("2027", Decimal("250.5"))]

    root = parse(bar_chart(rows, title="By year", horizontal=False))

    columns = bars(root)
    assert len(columns) == 3
    heights = [float(column.get("height")) for column in columns]
    assert heights[1] == 0
    assert heights[0] > heights[2] > 0
    texts = visible_texts(root)
    assert {"2025", "2026", "2027", "1,500", "251", "0"} <= set(texts)


def test_horizontal_bar_lengths_follow_the_values():
    root = parse(bar_chart([("A", 100), ("B", 50), ("C", Decimal("0.01"))], title="T"))
    widths = [float(rect.get("width")) for rect in bars(root)]
    assert widths[0] == pytest.approx(2 * widths[1], rel=0.01)
    assert 0 < widths[2] < 2  # a tiny amount still shows as a sliver


def test_custom_value_format():
    root = parse(bar_chart([("A", Decimal("12.5"))], title="T", value_format=lambda v: f"{v} %"))
    assert "12.5 %" in visible_texts(root)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1,234,568"), ("ky", f"1{NBSP}234{NBSP}568"), ("ru", f"1{NBSP}234{NBSP}568")],
)
def test_amounts_are_rounded_and_grouped_per_language(language, expected):
    with translation.override(language):
        assert format_amount(Decimal("1234567.50")) == expected


# --- With the database -----------------------------------------------------------------------


@pytest.fixture
def funded_program(db):
    activity = ActivityFactory(
        title="Water", sector=SectorFactory(name_en="Drinking water", name_ky="Ичүүчү суу")
    )
    program = activity.objective.goal.priority.program
    source = FundingSourceFactory(name_en="Local budget & partners", name_ky="Жергиликтүү бюджет")
    FundingLineFactory(activity=activity, source=source, year=2025, amount=Decimal("1234567.00"))
    FundingLineFactory(activity=activity, source=source, year=2026, amount=Decimal("765433.00"))
    return program


@pytest.mark.django_db
def test_financial_charts(funded_program):
    charts = financial_charts(financial_model(funded_program))

    assert set(charts) == {"by_year", "by_source", "by_sector"}
    by_year = parse(charts["by_year"])
    assert {"2025", "2026", "2027", "1,234,567", "765,433", "0"} <= set(visible_texts(by_year))
    assert len(bars(by_year)) == 3
    assert "Local budget & partners" in visible_texts(parse(charts["by_source"]))
    assert "Drinking water" in visible_texts(parse(charts["by_sector"]))


@pytest.mark.django_db
def test_partial_renders_the_figures_in_kyrgyz(funded_program):
    with translation.override("ky"):
        model = financial_model(funded_program)
        html = render_to_string(
            "planning/partials/financial_model.html", {"model": model, "charts": financial_charts(model)}
        )

    assert f"2{NBSP}000{NBSP}000" in html  # the total
    assert f"1{NBSP}234{NBSP}567" in html
    assert "765" + NBSP + "433" in html
    assert "Жергиликтүү бюджет" in html
    assert "Ичүүчү суу" in html
    assert "100,0" in html  # the share, with the Kyrgyz decimal comma
    assert html.count("<svg") == 3
    assert "<caption>" in html
    assert 'scope="col"' in html
    assert 'scope="row"' in html
    assert 'class="table-responsive"' in html
    assert "style=" not in html
    assert "alert-warning" not in html


@pytest.mark.django_db
def test_partial_uses_russian_decimal_comma_for_shares(funded_program):
    with translation.override("ru"):
        model = financial_model(funded_program)
        html = render_to_string(
            "planning/partials/financial_model.html", {"model": model, "charts": financial_charts(model)}
        )
    assert "100,0" in html  # the share, with the Kyrgyz decimal comma
    assert f"2{NBSP}000{NBSP}000" in html


@pytest.mark.django_db
def test_partial_warns_about_money_outside_the_period(funded_program):
    activity = ActivityFactory(objective__goal__priority=funded_program.priorities.first())
    FundingLineFactory(activity=activity, year=2030, amount=Decimal("5000.00"))

    model = financial_model(funded_program)
    html = render_to_string(
        "planning/partials/financial_model.html", {"model": model, "charts": financial_charts(model)}
    )

    assert "alert-warning" in html
    assert "5,000 KGS are planned for years outside the program period (2025–2027)" in html


@pytest.mark.django_db
def test_partial_of_an_empty_program(db):
    model = financial_model(ProgramFactory())
    html = render_to_string(
        "planning/partials/financial_model.html", {"model": model, "charts": financial_charts(model)}
    )
    assert "No funding has been planned for this program yet." in html
    assert "<svg" not in html
