"""Staff choose a standard indicator on a phone, in Debian's chromium."""

import pytest

from planning.demo.sample import build_program
from planning.models import Indicator, StandardIndicator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_pick_a_standard_indicator_on_a_phone_and_its_unit_is_taken(
    page, sign_in, live_server, world, reference
):
    program = build_program(municipality=world.municipality_a, activities=3, years=3)
    indicator = Indicator.objects.filter(objective__goal__priority__program=program).order_by("pk").first()
    places = StandardIndicator.objects.get(code="ED-02")
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in("staff_a")
    page.goto(f"{live_server.url}/ky/workspace/programs/{program.pk}/indicators/")
    # The long "code — name" options do not widen the page past the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    row = page.locator(f"input[name$='-id'][value='{indicator.pk}']").get_attribute("name").rsplit("-", 1)[0]
    page.select_option(
        f"select[name='{row}-standard']", label="ED-02 — Балдар бакчаларындагы орундардын саны"
    )
    page.select_option(f"select[name='{row}-direction']", value="decrease")
    page.fill(f"input[name='{row}-unit']", "")
    with page.expect_navigation():
        page.locator("form.js-track-changes button.btn-primary[type=submit]").click()

    indicator.refresh_from_db()
    assert indicator.standard == places
    assert indicator.unit == "орун" and indicator.direction == "decrease"
