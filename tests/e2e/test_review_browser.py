"""The review in Debian's chromium: the diff's marks are seen and read (not colour alone), the
confirmation pages and the read-only pages meet WCAG 2.1 AA (axe-core)."""

import re

import pytest

from planning.demo.sample import build_program
from planning.models import Program, ReviewComment, ReviewRound
from planning.review.snapshot import program_snapshot
from planning.selectors import plan_tree
from tests.e2e.test_accessibility import violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    from tests.e2e.test_accessibility import AXE
    from tests.services import require

    require(AXE.exists(), "axe-core is not installed: run `npm ci` (make test does)")
    context = browser.new_context(viewport={"width": 412, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/ky/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("form button[type=submit]")
    page.wait_for_url("**/workspace/")


def test_the_review_screen_and_its_confirmation_meet_wcag_and_the_diff_is_not_colour_alone(
    page, live_server, world, reference
):
    program = build_program(municipality=world.municipality_a, activities=5, years=3)
    activity = plan_tree(program).activities[0]
    activity.title = "Малды алыскы жайыттарга айдоо"
    activity.save()
    ReviewRound.objects.create(
        program=program, number=1, submitted_by=world.head_a, snapshot=program_snapshot(program)
    )
    activity.title = "Алыскы жайыттарга жол салуу"
    activity.save()
    ReviewRound.objects.create(
        program=program, number=2, submitted_by=world.head_a, snapshot=program_snapshot(program)
    )
    Program.objects.filter(pk=program.pk).update(status=Program.Status.SUBMITTED)
    ReviewComment.objects.create(
        program=program,
        part="activity",
        part_id=activity.pk,
        part_label="1.1.1.1",
        author=world.coordinator_a,
        text="Жолдун узундугун жазыңыз",
    )

    sign_in(page, live_server, "coordinator_a")
    page.goto(f"{live_server.url}/ky/workspace/programs/{program.pk}/review/")
    assert violations(page) == [], "review"
    deleted = page.locator(".program-diff del").first
    inserted = page.locator(".program-diff ins").first
    assert deleted.inner_text().startswith("−") and inserted.inner_text().startswith("+")
    # a screen reader reads a word, and the two marks do not run together
    assert "өчүрүлгөн:" in deleted.text_content() and "кошулган:" in inserted.text_content()
    field = page.locator(".program-diff dd").first.inner_text()
    assert re.search(r"\w[−+]", field) is None, f"a mark runs into the word before it: {field!r}"
    assert "Малды" in field and "Алыскы" in field
    assert deleted.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    # the list of open comments leads to the comment
    page.click("#open-comments a")
    assert page.url.endswith(f"#comment-{ReviewComment.objects.get().pk}")

    page.goto(f"{live_server.url}/ky/workspace/programs/{program.pk}/transition/endorse/confirm/")
    assert violations(page) == [], "confirmation"


def test_read_only_pages_of_a_published_program_meet_wcag(page, live_server, world, reference):
    program = build_program(municipality=world.municipality_a, activities=5, years=3)
    Program.objects.filter(pk=program.pk).update(
        status=Program.Status.PUBLISHED, published_at="2025-01-10T10:00:00Z"
    )
    sign_in(page, live_server, "head_a")
    for path in [
        "vision/",
        "working-group/",
        "goals/",
        "indicators/",
        "swot/",
        "transition/new_version/confirm/",
    ]:
        page.goto(f"{live_server.url}/ky/workspace/programs/{program.pk}/{path}")
        assert violations(page) == [], path
        assert page.locator("main textarea, main input[disabled]").count() == 0 or "confirm" in path, path
