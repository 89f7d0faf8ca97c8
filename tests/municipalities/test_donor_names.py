"""Donor projects' donors and implementers have names in Kyrgyz, Russian and English, shown in
the page's language, and in another language when one is missing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import DonorProjectFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "donor"),
    [("ky", "Швейцариянын"), ("ru", "Швейцарское агентство"), ("en", "Swiss Agency")],
)
def test_the_municipality_page_names_its_projects_donor_in_the_page_s_language(client, language, donor):
    municipality = MunicipalityFactory()
    DonorProjectFactory(targets=[municipality])
    with translation.override(language):
        html = client.get(f"/{language}/municipalities/{municipality.pk}/").content.decode()
    assert donor in html
    assert all(
        other not in html for other in {"Швейцариянын", "Швейцарское агентство", "Swiss Agency"} - {donor}
    )


def test_a_name_missing_in_one_language_is_shown_in_another():
    project = DonorProjectFactory(donor_ru="", implementer_ru="", implementer_ky="")
    with translation.override("ru"):
        assert project.donor == project.donor_ky  # Kyrgyz first
        assert project.implementer == project.implementer_en  # then English
    with translation.override("ky"):
        assert project.donor == project.donor_ky


def test_a_project_names_its_donor_and_implementer_in_at_least_one_language():
    project = DonorProjectFactory.build(
        donor_ky="", donor_ru="", donor_en="", implementer_ky="", implementer_ru="", implementer_en=""
    )
    with pytest.raises(ValidationError) as raised:
        project.full_clean(exclude=["target_municipalities"])
    assert {"donor_ky", "implementer_ky"} <= set(raised.value.message_dict)


def test_the_admin_edits_the_names_in_each_language(client, world):
    project = DonorProjectFactory()
    client.force_login(world.admin)
    html = client.get(f"/admin/municipalities/donorproject/{project.pk}/change/").content.decode()
    for field in ("donor_ky", "donor_ru", "donor_en", "implementer_ky", "implementer_ru", "implementer_en"):
        assert f'name="{field}"' in html
    assert client.get("/admin/municipalities/donorproject/?q=Институт").status_code == 200
