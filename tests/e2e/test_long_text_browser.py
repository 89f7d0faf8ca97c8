"""Long texts wrap on a 375-px phone: a plan's tables may scroll sideways inside their box, but no
cell grows with a word written without spaces and the page itself never scrolls sideways."""

import random

import pytest

from planning.demo.sample import build_program
from planning.models import Activity, Indicator, Program, SectorAnalysis

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
# The widest cell a plan table may have on a phone: its widest column when it is at its smallest.
MAX_CELL = 375

MEASURE = """() => ({
  page: document.documentElement.scrollWidth,
  cell: Math.max(0, ...[...document.querySelectorAll('main td, main th')].map(e => e.getBoundingClientRect().width)),
})"""


def letters(length: int, seed: int) -> str:
    generator = random.Random(seed)
    return "".join(generator.choice("абвгдежзийклмнңоөпрстуүфхцчшыэюя") for _ in range(length))


@pytest.fixture
def long_program(world, reference) -> Program:
    program = build_program(municipality=world.municipality_a, activities=6, years=3)
    Program.objects.filter(pk=program.pk).update(
        status=Program.Status.PUBLISHED, published_at="2025-01-10T10:00Z"
    )
    activity = Activity.objects.filter(objective__goal__priority__program=program).order_by("pk").first()
    activity.title = letters(500, seed=2)
    activity.save()
    Indicator.objects.filter(objective__goal__priority__program=program).update(name=letters(500, seed=3))
    SectorAnalysis.objects.filter(program=program).update(text=letters(5000, seed=1))
    return program


def test_long_words_wrap_on_a_phone(browser, live_server, world, long_program):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/ky/plans/{long_program.pk}/")
        public = page.evaluate(MEASURE)
        assert letters(500, seed=2) in page.inner_text("#action-plan").replace("\n", "")

        page.goto(f"{live_server.url}/ky/accounts/login/")
        page.fill("#id_username", "coordinator_a")
        page.fill("#id_password", "pw-for-tests-1")
        page.click("form button[type=submit]")
        page.wait_for_url("**/workspace/**")
        page.goto(f"{live_server.url}/ky/workspace/programs/{long_program.pk}/review/")
        review = page.evaluate(MEASURE)
    finally:
        context.close()
    for name, measured in (("public", public), ("review", review)):
        assert measured["page"] <= PHONE["width"], (name, measured)
        assert measured["cell"] <= MAX_CELL, (name, measured)
