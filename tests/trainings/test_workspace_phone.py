"""A coordinator on a 375-px phone: every page of a training in the workspace fits the screen (the
attendance grid scrolls sideways inside its own box, the names staying in view), even with a
300-letter title and long names, meets WCAG 2.1 AA (axe-core), and the grid is ticked and saved
without JavaScript. Debian's chromium, driven by Playwright."""

import os
import random

import pytest

from tests.factories import ParticipationFactory, PersonFactory, SessionFactory, TrainingFactory
from tests.hearings.test_workspace_phone import AXE, MEASURE, PHONE, violations
from tests.services import require
from trainings.models import Attendance, Training

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def letters(length: int, seed: int) -> str:
    generator = random.Random(seed)
    return "".join(generator.choice("абвгдежзийклмнңоөпрстуүфхцчшыэюя") for _ in range(length))


@pytest.fixture
def busy_training(world):
    from accounts.models import ProjectCoordinator

    project = ProjectCoordinator.objects.get(user=world.coordinator_a).project
    training = TrainingFactory(project=project, title=letters(300, seed=1), status=Training.Status.HELD)
    for order in range(1, 7):
        SessionFactory(training=training, order=order, title=letters(120, seed=order))
    SessionFactory(training=training, order=1, day=training.last_day)
    for n in range(12):
        ParticipationFactory(
            training=training,
            person=PersonFactory(
                full_name=f"{letters(40, seed=100 + n)} {n}", municipality=world.municipality_a
            ),
        )
    return training


def test_every_page_of_a_training_fits_a_phone_and_the_grid_is_saved(
    browser, live_server, world, busy_training
):
    require(AXE.exists(), "axe-core is not installed: run `npm ci` (make test does)")
    base = f"{live_server.url}/ky/workspace/trainings"
    pk = busy_training.pk
    person = busy_training.participations.first().person
    session = busy_training.sessions.first()
    pages = {
        "list": f"{base}/",
        "create": f"{base}/new/",
        "detail": f"{base}/{pk}/",
        "details": f"{base}/{pk}/details/",
        "sessions": f"{base}/{pk}/sessions/",
        "session": f"{base}/{pk}/sessions/{session.pk}/",
        "participants": f"{base}/{pk}/participants/",
        "attendance": f"{base}/{pk}/attendance/",
        "tallies": f"{base}/{pk}/tallies/",
        "materials": f"{base}/{pk}/materials/",
        "person": f"{base}/people/{person.pk}/",
        "merge": f"{base}/people/{person.pk}/merge/",
    }
    measured, failing = {}, {}
    context = browser.new_context(viewport=PHONE, bypass_csp=True, java_script_enabled=True)
    page = context.new_page()
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

    # The grid without JavaScript: tick the first participant's first session and save.
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/ky/accounts/login/")
        page.fill("#id_username", "coordinator_a")
        page.fill("#id_password", "pw-for-tests-1")
        page.click("form button[type=submit]")
        page.wait_for_url("**/workspace/**")
        page.goto(pages["attendance"])
        first = page.locator("input[name=tick]").first
        value = first.get_attribute("value")
        first.check()
        page.click("main form button[type=submit]")
        page.wait_for_url("**/attendance/?day=*")
        assert page.locator(f"input[name=tick][value='{value}']").is_checked()
    finally:
        context.close()
    participation_id, session_id = (int(part) for part in value.split("-"))
    assert Attendance.objects.filter(participation_id=participation_id, session_id=session_id).exists()
