"""On a 375-px phone: the statistics page, the public list and a training's public page fit the
screen (a table may scroll sideways only inside its own box), with long Kyrgyz titles, and meet
WCAG 2.1 AA (axe-core). Debian's chromium, driven by Playwright."""

import os

import pytest

from tests.factories import ParticipationFactory, TrainingFactory
from tests.hearings.test_workspace_phone import AXE, MEASURE, PHONE, letters, violations
from tests.services import require
from trainings.models import Training

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_statistics_and_public_pages_fit_a_phone_and_meet_wcag_aa(browser, live_server, world):
    require(AXE.exists(), "axe-core is not installed: run `npm ci` (make test does)")
    from accounts.models import ProjectCoordinator

    project = ProjectCoordinator.objects.get(user=world.coordinator_a).project
    training = TrainingFactory(project=project, status=Training.Status.HELD, title=letters(300, seed=3))
    for gender in "ffm":
        ParticipationFactory(
            training=training, person__municipality=world.municipality_a, person__gender=gender
        )
    pages = {
        "statistics": f"{live_server.url}/ky/workspace/trainings/statistics/",
        "list": f"{live_server.url}/ky/trainings/",
        "detail": f"{live_server.url}/ky/trainings/{training.pk}/",
    }
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    measured, failing = {}, {}
    try:
        page.goto(f"{live_server.url}/ky/accounts/login/")
        page.fill("#id_username", "coordinator_a")
        page.fill("#id_password", "pw-for-tests-1")
        page.click("form button[type=submit]")
        page.wait_for_url("**/workspace/**")
        for name, address in pages.items():
            response = page.goto(address)
            assert response.status == 200, (name, response.status)
            measured[name] = page.evaluate(MEASURE)
            failing[name] = violations(page)
    finally:
        context.close()
    too_wide = {name: m for name, m in measured.items() if m["page"] > PHONE["width"] or m["loose"]}
    assert not too_wide, too_wide
    assert not {name: found for name, found in failing.items() if found}
