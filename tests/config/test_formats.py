"""Numbers and dates as a municipal specialist writes them in each language (config/formats/)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from planning.publication.pdf import document_date


def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load humanize %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "share", "amount"),
    [("ky", "18,5 %", "8,40"), ("ru", "18,5 %", "8,40"), ("en", "18.5 %", "8.40")],
)
def test_decimals_take_the_languages_separator(language, share, amount):
    assert _render("{{ v|floatformat:1 }} %", language, v=18.5) == share
    assert _render("{{ v|floatformat:2 }}", language, v=Decimal("8.4")) == amount


def test_kyrgyz_thousands_are_grouped_with_a_no_break_space():
    assert _render("{{ v|intcomma }}", "ky", v=1234567) == "1\xa0234\xa0567"
    with translation.override("ky"):
        assert (
            formats.number_format(Decimal("12345.6"), 1, use_l10n=True, force_grouping=True) == "12\xa0345,6"
        )


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2019, 1, 15), "2019-жылдын 15-январы"),
        (date(2019, 4, 9), "2019-жылдын 9-апрели"),
        (date(2019, 5, 1), "2019-жылдын 1-майы"),
        (date(2019, 6, 1), "2019-жылдын 1-июну"),
        (date(2026, 12, 2), "2026-жылдын 2-декабры"),
    ],
)
def test_a_written_out_kyrgyz_date_is_the_official_form(day, written):
    with translation.override("ky"):
        assert formats.date_format(day) == written
    assert _render('{{ d|date:"DATE_FORMAT" }}', "ky", d=day) == written


def test_written_out_dates_in_each_language():
    moment = datetime(2026, 12, 2, 14, 5)
    with translation.override("ky"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "2026-жылдын 2-декабры, 14:05"
        assert formats.date_format(date(2019, 4, 9), "YEAR_MONTH_FORMAT") == "2019-жылдын апрели"
        assert "Декабрь" not in formats.date_format(moment, "DATETIME_FORMAT")
    with translation.override("ru"):
        assert formats.date_format(date(2019, 4, 9)) == "9 апреля 2019 г."
        assert formats.date_format(moment, "DATETIME_FORMAT") == "2 декабря 2026 г. 14:05"
    with translation.override("en"):
        assert formats.date_format(date(2019, 4, 9)) == "April 9, 2019"


@pytest.mark.parametrize(
    ("message", "date_of"),
    [
        ("Formed by order No. %(number)s of %(date)s.", document_date),
        ("Formed by order No. %(number)s of %(date)s.", formats.date_format),
        ("Notice posted on %(date)s.", formats.date_format),
        ("New version of the program published on %(date)s.", formats.date_format),
    ],
)
def test_a_russian_sentence_never_doubles_the_point_after_the_year(message, date_of):
    with translation.override("ru"):
        text = translation.gettext(message) % {"number": 86, "date": date_of(date(2019, 4, 9))}
    assert "9 апреля 2019 г." in text
    assert ".." not in text
