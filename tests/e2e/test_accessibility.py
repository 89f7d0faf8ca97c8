"""WCAG 2.1 A/AA checks with axe-core (npm, package-lock.json) in Debian's chromium."""

from pathlib import Path

import pytest

from planning.demo.sample import build_program
from planning.models import Program
from tests.services import require

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe_page(browser):
    require(AXE.exists(), "axe-core is not installed: run `npm ci` (make test does)")
    # axe is injected by the test, so the page's own Content-Security-Policy is bypassed for it.
    context = browser.new_context(viewport={"width": 412, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def violations(page) -> list[str]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def test_public_pages_meet_wcag_aa(axe_page, live_server, world, reference):
    program = build_program(municipality=world.municipality_a, activities=5, years=3)
    Program.objects.filter(pk=program.pk).update(
        status=Program.Status.PUBLISHED, published_at="2025-01-10T10:00:00Z"
    )
    for path in [
        "/ky/",
        "/ky/?q=kok",
        "/ru/plans/",
        f"/ky/plans/{program.pk}/",
        f"/en/plans/{program.pk}/",  # with the note that the program is written in Kyrgyz
        f"/en/plans/{program.pk}/pdf/",  # the PDF being prepared, and in which language it is
        f"/en/municipalities/{world.municipality_a.pk}/",
        "/ky/accounts/login/",
    ]:
        axe_page.goto(f"{live_server.url}{path}")
        assert violations(axe_page) == [], path


def test_workspace_pages_meet_wcag_aa(axe_page, live_server, world, reference):
    program = build_program(municipality=world.municipality_a, activities=5, years=3)
    axe_page.goto(f"{live_server.url}/ky/accounts/login/")
    axe_page.fill("#id_username", "staff_a")
    axe_page.fill("#id_password", "pw-for-tests-1")
    axe_page.click("form button[type=submit]")
    axe_page.wait_for_url("**/workspace/")
    for path in ["", "vision/", "working-group/", "action-plan/", "finance/", "indicators/", "review/"]:
        axe_page.goto(f"{live_server.url}/ky/workspace/programs/{program.pk}/{path}")
        assert violations(axe_page) == [], path
