"""A specialist on a 375-px phone: every page of a hearing in the workspace fits the screen (a
table may scroll sideways, but only inside its own box), even with a proposal typed as one
3,000-letter word, and meets WCAG 2.1 AA (axe-core). Debian's chromium, driven by Playwright."""

import os
import random
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from hearings.models import Attendance, Hearing, PriorityVote, VoteOption
from tests.factories import HearingFactory, ProposalFactory, VillageFactory
from tests.services import require

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 375, "height": 800}
# The page's own width, and every table that is wider than the phone without a box that scrolls.
MEASURE = """() => ({
  page: document.documentElement.scrollWidth,
  loose: [...document.querySelectorAll('main table')]
    .filter(t => t.getBoundingClientRect().width > 375 && !t.closest('.table-responsive'))
    .map(t => t.className),
  wide: [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 380)
    .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id),
})"""


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def letters(length: int, seed: int) -> str:
    generator = random.Random(seed)
    return "".join(generator.choice("абвгдежзийклмнңоөпрстуүфхцчшыэюя") for _ in range(length))


@pytest.fixture
def busy_hearing(world):
    # The residents' text is hostile; names of villages come from the territory's reference data.
    village = VillageFactory(municipality=world.municipality_a, name_ky="Кара-Булак")
    hearing = HearingFactory(
        municipality=world.municipality_a,
        title=letters(300, seed=5),
        place=letters(200, seed=6),
        status=Hearing.Status.HELD,
        starts_at=timezone.now() - timedelta(days=1),
    )
    hearing.villages.set([village])
    Attendance.objects.create(hearing=hearing, women=41, men=38)
    ProposalFactory(hearing=hearing, number=1, text=letters(3000, seed=7), village=village)
    ProposalFactory(
        hearing=hearing, number=2, source="online", moderation="pending", text=letters(3000, seed=8)
    )
    vote = PriorityVote.objects.create(hearing=hearing, tool="ballot", question=letters(300, seed=9))
    VoteOption.objects.create(vote=vote, label=letters(300, seed=10), votes_women=12, votes_men=9)
    VoteOption.objects.create(vote=vote, label="Спорт", votes_women=3, votes_men=14)
    return hearing


def test_every_page_of_a_hearing_fits_a_phone_and_meets_wcag_aa(browser, live_server, world, busy_hearing):
    require(AXE.exists(), "axe-core is not installed: run `npm ci` (make test does)")
    base = f"{live_server.url}/ky/workspace/hearings"
    proposal = busy_hearing.proposals.get(number=1)
    pages = {
        "list": f"{base}/municipalities/{world.municipality_a.pk}/",
        "create": f"{base}/municipalities/{world.municipality_a.pk}/new/",
        "detail": f"{base}/{busy_hearing.pk}/",
        "details": f"{base}/{busy_hearing.pk}/details/",
        "materials": f"{base}/{busy_hearing.pk}/materials/",
        "attendance": f"{base}/{busy_hearing.pk}/attendance/",
        "proposals": f"{base}/{busy_hearing.pk}/proposals/",
        "enter": f"{base}/{busy_hearing.pk}/proposals/new/",
        "moderation": f"{base}/{busy_hearing.pk}/moderation/",
        "proposal": f"{base}/{busy_hearing.pk}/proposals/{proposal.pk}/",
        "votes": f"{base}/{busy_hearing.pk}/votes/",
    }
    measured, failing = {}, {}
    for username, names in (("staff_a", pages), ("coordinator_a", {"follow": f"{base}/follow/"})):
        # axe is injected by the test, so the page's own Content-Security-Policy is bypassed for it.
        context = browser.new_context(viewport=PHONE, bypass_csp=True)
        page = context.new_page()
        try:
            page.goto(f"{live_server.url}/ky/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", "pw-for-tests-1")
            page.click("form button[type=submit]")
            page.wait_for_url("**/workspace/**")
            for name, address in names.items():
                response = page.goto(address)
                assert response.status == 200, (name, response.status)
                measured[name] = page.evaluate(MEASURE)
                failing[name] = violations(page)
        finally:
            context.close()
    too_wide = {name: m for name, m in measured.items() if m["page"] > PHONE["width"] or m["loose"]}
    assert not too_wide, too_wide
    assert not {name: found for name, found in failing.items() if found}
