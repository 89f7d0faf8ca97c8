"""The public plans list's filters are Bootstrap fields (as crispy draws them), so they wrap on a
phone instead of running off it; a bad year is said next to the field."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def fields(html: str) -> dict[str, str]:
    return {name: tag for tag, name in re.findall(r'(<(?:input|select)[^>]*name="(\w+)"[^>]*>)', html)}


def test_every_filter_is_a_bootstrap_field_with_its_label(client, reference):
    html = client.get(reverse("plans:list")).content.decode()
    found = fields(html)
    assert set(found) == {"q", "oblast", "rayon", "year", "sector", "source"}
    for name in ("oblast", "rayon", "sector", "source"):
        assert 'class="select form-select"' in found[name], name
    for name in ("q", "year"):
        assert "form-control" in found[name], name
    for name in found:
        assert f'<label for="id_{name}" class="form-label">' in html, name
    assert 'class="filter-form row g-2 mb-3" role="search"' in html


def test_a_bad_year_is_said_next_to_the_field_and_the_other_filters_still_apply(client, reference):
    response = client.get(reverse("plans:list"), {"year": "abc", "q": "суу"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "is-invalid" in fields(html)["year"]
    assert 'id="id_year_error" class="invalid-feedback"' in html
    assert 'value="суу"' in fields(html)["q"]
