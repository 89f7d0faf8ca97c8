"""A resident on a phone: finds Kök-Jar by typing "Kok-Jar", opens its plan, downloads the PDF."""

import pytest

from documents import services
from planning.demo.sample import build_program
from planning.models import Program
from planning.publication.document_kinds import PLAN

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_find_kok_jar_open_its_plan_and_download_the_pdf(page, live_server, world, reference):
    program = build_program(
        municipality=world.municipality_a, activities=6, years=3, title="Көк-Жар СЭӨП 2025–2027"
    )
    Program.objects.filter(pk=program.pk).update(
        status=Program.Status.PUBLISHED, published_at="2025-01-10T10:00:00Z"
    )
    program.refresh_from_db()
    document = services.document_request(obj=program, kind=PLAN, language="ky")
    services.document_render(document.pk)

    page.goto(f"{live_server.url}/")
    assert page.url.endswith("/ky/")
    page.fill("#id_q", "Kok-Jar")
    page.click("form[role=search] button[type=submit]")
    page.click("text=Көк-Жар айыл аймагы")
    assert f"/ky/municipalities/{world.municipality_a.pk}/" in page.url
    page.click("text=Көк-Жар СЭӨП 2025–2027")
    assert f"/ky/plans/{program.pk}/" in page.url
    assert page.locator("h1").inner_text() == "Көк-Жар СЭӨП 2025–2027"
    with page.expect_download() as download:
        page.click(f'a[href="/ky/plans/{program.pk}/pdf/"]')
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith(".pdf")
