"""The terms of use of the open data, for people, in the three languages."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_open_data_page_links_every_endpoint(client, language):
    response = client.get(f"/{language}/open-data/")
    assert response.status_code == 200
    assert response.templates[0].name == "api/open_data.html"
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for path in ["regions/", "districts/", "municipalities/", "programs/", "schema/"]:
        assert f'href="http://testserver/api/v1/{path}"' in html
    assert "http://testserver/api/v1/programs/{id}/action-plan.csv" in html
    assert "http://testserver/api/v1/programs/{id}/action-plan.xlsx" in html


def test_open_data_page_states_the_terms(client):
    html = client.get("/en/open-data/").content.decode()
    assert "attribution" in html and "SEDP portal" in html
    assert "No personal data is published" in html
    assert "<script" not in html.split("<main", 1)[1]  # nothing for the CSP to block


def test_open_data_page_is_read_only(client):
    assert client.post("/en/open-data/").status_code == 405
