"""A public hearing from end to end in Debian's chromium, through the real pages, as people click.

A resident with no account, on a 375-px phone, finds the announced hearing on the home page and
sends a proposal; staff moderate it, answer it and link it to an activity of the published
program; the day of the hearing comes, staff record it as held and enter the attendance and the
minutes; the head closes it; the resident then reads what became of the proposal on the hearing's
page and finds its trace on the plan's page, with a link back to the hearing.

The ORM only builds the world and lets the clock move (the hearing's day comes); every step of
the workflow is a form or a button of the pages themselves."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from hearings.documents import LABELS, PROTOCOL
from hearings.models import Attendance, Hearing, Proposal
from planning.demo.sample import build_program
from planning.models import Activity
from tests.conftest import PASSWORD
from tests.factories import HearingFactory, VillageFactory
from tests.hearings.public_data import publish

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
# The resident's proposal, with the letters of Kyrgyz that other alphabets lack (ң ө ү).
PROPOSAL_TEXT = "Көк-Жардагы мектепке жаңы жылуулук системасын орнотуу керек: кышында балдар үшүп отурушат."
ANSWER_TEXT = "Сунуш кабыл алынды: мектептин жылуулук системасы 2026-жылы жаңыланат."
MINUTES_TEXT = "Талкууланды: мектептин жылуулугу, ичүүчү суу, жолдор. Сунуштар программага кошулду."


@pytest.fixture
def sedp_hearing(world, reference):
    """Kök-Jar's published program and its announced hearing on the SEDP draft, three weeks
    ahead, residents' proposals open from yesterday for ten more days."""
    a = world.municipality_a
    village = VillageFactory(municipality=a, name_ky="Көк-Жар", name_ru="Кок-Жар", is_centre=True)
    program = publish(build_program(municipality=a, activities=3, start_year=2025, years=3))
    now = timezone.now()
    hearing = HearingFactory(
        municipality=a,
        kind=Hearing.Kind.SEDP_DRAFT,
        program=program,
        budget_year=None,
        title="Көк-Жардын СЭӨП долбоору боюнча коомдук угуу",
        summary="Өнүгүү программасынын долбоору: багыттар, максаттар жана иш-чаралар.",
        agenda="СЭӨПтүн долбоору\n- Суроолор жана сунуштар",
        chair="Асанов А.",
        secretary="Исакова Б.",
        # What announcing leaves on the hearing (hearings.workflow.hearing_announce): it is public,
        # the notice was posted in time, and the window for proposals is set.
        status=Hearing.Status.ANNOUNCED,
        starts_at=now + timedelta(days=21),
        notice_posted_on=timezone.localdate() - timedelta(days=1),
        channels=["poster", "messengers"],
        proposals_open_from=now - timedelta(days=1),
        proposals_open_until=now + timedelta(days=10),
    )
    hearing.villages.set([village])
    return hearing


def assert_fits_the_phone(page) -> None:
    """Nothing makes the resident's page scroll sideways at 375 px."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def signed_in_context(browser, live_server, username: str):
    """A fresh browser (its own cookies) signed in as `username`, as the head would on their phone."""
    context = browser.new_context(viewport={"width": 412, "height": 900}, locale="ky-KG")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/ky/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/ky/workspace/")
    return context, page


def test_a_residents_proposal_goes_from_the_phone_to_the_closed_hearing_and_the_plan(
    browser, page, live_server, sign_in, world, sedp_hearing
):
    hearing = sedp_hearing
    base = live_server.url
    resident_context = browser.new_context(viewport=PHONE, locale="ky-KG")
    resident = resident_context.new_page()
    resident.set_default_timeout(15_000)
    try:
        # --- 1. The resident finds the hearing on the home page and sends a proposal ------------
        resident.goto(f"{base}/ky/")
        assert_fits_the_phone(resident)
        upcoming = resident.locator("section[aria-labelledby=hearings-heading]")
        upcoming.get_by_role("link", name=hearing.title).click()
        resident.wait_for_url(f"**/ky/hearings/{hearing.pk}/")
        assert_fits_the_phone(resident)
        form = resident.locator("#propose form")
        form.locator("#id_text").fill(PROPOSAL_TEXT)
        form.locator("#id_village").select_option(label="Көк-Жар")
        form.locator("#id_gender").select_option("f")
        form.locator("#id_age_group").select_option("29_59")
        form.locator("#id_author_name").fill("Айгүл Токтогулова")
        form.locator("#id_name_may_be_published").check()
        form.locator("#id_contact").fill("+996 555 12 34 56")
        form.locator("button[type=submit]").click()
        resident.wait_for_url(f"**/ky/hearings/{hearing.pk}/thanks/?r=*")
        assert_fits_the_phone(resident)
        receipt = resident.locator("main .alert-success").inner_text()
        assert "№ 1 менен кабыл алынды" in receipt, receipt  # the receipt's number
        proposal = Proposal.objects.get(hearing=hearing)
        assert (proposal.number, proposal.moderation, proposal.text) == (1, "pending", PROPOSAL_TEXT)

        # --- 2. Staff moderate, answer and link it to an activity of the published program -----
        sign_in("staff_a")
        page.click(f"a[href='/ky/workspace/hearings/municipalities/{world.municipality_a.pk}/']")
        page.get_by_role("link", name=hearing.title).click()
        page.wait_for_url(f"**/ky/workspace/hearings/{hearing.pk}/")
        page.click(f"main a[href='/ky/workspace/hearings/{hearing.pk}/moderation/']")
        queued = page.locator("main ol > li").filter(has_text=PROPOSAL_TEXT)
        assert queued.count() == 1
        queued.locator("form:has(input[name=decision][value=publish]) button").click()
        page.wait_for_url("**/moderation/")
        assert page.locator("main ol > li").filter(has_text=PROPOSAL_TEXT).count() == 0  # left the queue

        page.click(f"nav.hearing-nav a[href='/ky/workspace/hearings/{hearing.pk}/proposals/']")
        page.click(f"a[href='/ky/workspace/hearings/{hearing.pk}/proposals/{proposal.pk}/']")
        page.wait_for_url(f"**/proposals/{proposal.pk}/")
        page.select_option("#id_disposition", "accepted")
        page.fill("#id_answer", ANSWER_TEXT)
        page.click(f"form[action$='/proposals/{proposal.pk}/'] button[type=submit]")
        page.wait_for_url(f"**/proposals/{proposal.pk}/")
        activity = (
            Activity.objects.filter(objective__goal__priority__program=hearing.program).order_by("pk").first()
        )
        page.select_option("#id_part", f"activity:{activity.pk}")
        page.click(f"form[action$='/proposals/{proposal.pk}/link/'] button[type=submit]")
        page.wait_for_url(f"**/proposals/{proposal.pk}/")
        assert activity.title in page.locator("#plan-heading + p").inner_text()  # "Linked to: …"
        proposal.refresh_from_db()
        assert (proposal.moderation, proposal.disposition, proposal.answer) == (
            "published",
            "accepted",
            ANSWER_TEXT,
        )
        assert (proposal.plan_part, proposal.plan_part_id) == ("activity", activity.pk)

        # --- 3. The day of the hearing comes: staff record it as held and enter what happened --
        # The clock cannot be moved in the live server, so the hearing's date is moved instead:
        # it began two hours ago (what "record as held" checks, hearings.workflow).
        Hearing.objects.filter(pk=hearing.pk).update(starts_at=timezone.now() - timedelta(hours=2))
        page.goto(f"{base}/ky/workspace/hearings/{hearing.pk}/")
        page.click("form[action$='/transition/record_held/'] button[type=submit]")
        page.wait_for_url(f"**/ky/workspace/hearings/{hearing.pk}/")
        hearing.refresh_from_db()
        assert hearing.status == Hearing.Status.HELD

        page.click(f"main a[href='/ky/workspace/hearings/{hearing.pk}/attendance/']")
        page.fill("#id_women", "46")
        page.fill("#id_men", "39")
        page.fill("#id_invited", "120")
        page.click("main .form-actions button[type=submit]")
        page.wait_for_url(f"**/ky/workspace/hearings/{hearing.pk}/attendance/")
        counted = Attendance.objects.get(hearing=hearing)
        assert (counted.women, counted.men, counted.invited) == (46, 39, 120)

        page.click(f"main a[href='/ky/workspace/hearings/{hearing.pk}/details/']")
        page.fill("#id_minutes", MINUTES_TEXT)
        page.click("main .form-actions button[type=submit]")
        page.wait_for_url(f"**/ky/workspace/hearings/{hearing.pk}/details/")
        hearing.refresh_from_db()
        assert hearing.minutes == MINUTES_TEXT

        # Everything closing needs is there (hearings.workflow.close_readiness), and closing is
        # the head's step: staff see no button for it.
        page.click(f"main a[href='/ky/workspace/hearings/{hearing.pk}/']")
        assert page.locator("#workflow-heading ~ p.checklist-item.is-done").count() == 1
        assert page.locator("form[action$='/transition/close/']").count() == 0

        # --- 4. The head closes the hearing (a browser of their own) --------------------------
        head_context, head = signed_in_context(browser, live_server, "head_a")
        try:
            head.goto(f"{base}/ky/workspace/hearings/{hearing.pk}/")
            head.click("form[action$='/transition/close/'] button[type=submit]")
            head.wait_for_url(f"**/ky/workspace/hearings/{hearing.pk}/")
            hearing.refresh_from_db()
            assert hearing.status == Hearing.Status.CLOSED
        finally:
            head_context.close()

        # --- 5. The resident reads what became of the proposal, and its trace in the plan ------
        resident.goto(f"{base}/ky/hearings/{hearing.pk}/")
        assert_fits_the_phone(resident)
        # The protocol, as a journalist downloads it from the hearing's page (rendered by the
        # worker when the head closed the hearing): the proposal, its disposition and the answer.
        with translation.override("ky"):
            protocol_label = str(LABELS[PROTOCOL])
        protocol_item = resident.locator(
            ".hearing-documents li", has_text=protocol_label[:1].upper() + protocol_label[1:]
        )
        with resident.expect_download() as download:
            protocol_item.locator('a[hreflang="ky"]').click()
        pdf = PdfReader(download.value.path())
        protocol_text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
        assert PROPOSAL_TEXT in protocol_text and ANSWER_TEXT in protocol_text
        with translation.override("ky"):
            assert str(Proposal.Disposition.ACCEPTED.label) in protocol_text
        shown = resident.locator("#proposal-1")
        assert PROPOSAL_TEXT in shown.locator(".proposal-text").inner_text()
        assert "Айгүл Токтогулова" in shown.inner_text()  # the name, with the author's consent
        assert "+996 555" not in resident.content()  # the contact, never
        disposition = shown.locator(".disposition").inner_text()
        assert disposition.strip().lower().startswith("кабыл алын"), disposition
        assert ANSWER_TEXT in shown.locator(".answer").inner_text()
        shown.locator(".plan-link a").click()
        resident.wait_for_url(f"**/ky/plans/{hearing.program_id}/#part-activity-{activity.pk}")
        assert_fits_the_phone(resident)
        trace = resident.locator(f"#part-activity-{activity.pk} .trace a")
        with translation.override("ky"):
            day = date_format(timezone.localtime(hearing.starts_at), "DATE_FORMAT")
        assert trace.inner_text() == f"Угууда сунушталган (угуунун күнү: {day}; № 1 сунуш)"
        trace.click()
        resident.wait_for_url(f"**/ky/hearings/{hearing.pk}/#proposal-1")
    finally:
        resident_context.close()
