"""A yearly monitoring report from start to publication in Debian's chromium, on a 375-px phone:
A's staff start the year's report of their published program from the workspace home, fill one
direction's activities (a status, a share, a spending amount), an indicator's actual value and
the JMEG's verification, and submit it; the coordinator accepts it; the head publishes it through
its confirmation page; the program's public page still answers."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from documents import services
from documents.models import GeneratedDocument
from monitoring.models import ActivityProgress, ActivitySpending, IndicatorActual, MonitoringReport
from tests.monitoring.conftest import published_a  # noqa: F401 - the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def phone(browser, live_server):
    """A new browser context on a phone for each person, signed in."""
    contexts = []

    def _open(username: str):
        context = browser.new_context(viewport=PHONE, locale="ky-KG")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/ky/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "pw-for-tests-1")
        page.click("form button[type=submit]")
        page.wait_for_url("**/ky/workspace/")
        return page

    yield _open
    for context in contexts:
        context.close()


def fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def confirm(page, action_href: str) -> None:
    """Open a step's confirmation page from the overview and press its one button."""
    page.click(f".report-actions a[href*='{action_href}']")
    page.wait_for_url("**/confirm/")
    assert fits(page)
    page.click("form[action*='/transition/'] button[type=submit]")
    page.wait_for_selector(".alert-success")


def test_staff_fill_and_submit_the_coordinator_accepts_the_head_publishes(
    browser,
    phone,
    live_server,
    world,
    published_a,  # noqa: F811 - the fixture imported above
):
    plan = published_a.plan
    pipe, local, more = plan["pipe"], plan["local"], plan["more"]

    staff = phone("staff_a")
    staff.click("a.monitoring-link")
    staff.wait_for_url("**/reports/")
    staff.select_option("#id_year", "2025")
    staff.click("form button[type=submit]:not(.btn-link)")
    staff.wait_for_selector(".report-actions")
    report = MonitoringReport.objects.get(program=published_a, year=2025)
    assert fits(staff)

    # One direction: the pipe in progress, 40 % done, 90 000 spent from the local budget.
    staff.click(".report-nav a[href*='/directions/']")
    staff.wait_for_selector(".activity-card")
    assert fits(staff)
    staff.select_option(f"#id_a{pipe.pk}-status", "in_progress")
    staff.fill(f"#id_a{pipe.pk}-share_done", "40")
    staff.fill(f"#id_a{pipe.pk}-amount_{local.pk}", "90 000")
    staff.click(".direction-form .sticky-bottom button")
    staff.wait_for_selector(".alert-success")
    progress = ActivityProgress.objects.get(report=report, activity=pipe)
    assert (progress.status, progress.share_done) == ("in_progress", 40)
    assert ActivitySpending.objects.get(report=report, activity=pipe, source=local).amount == 90000

    # An indicator's actual value: the target met, said in words.
    staff.click(".report-nav a[href$='/indicators/']")
    staff.fill(f"#id_i{more.pk}-value", "72")
    staff.click(".indicators-form .sticky-bottom button")
    staff.wait_for_selector(".alert-success")
    assert IndicatorActual.objects.get(report=report, indicator=more).value == 72
    assert "Ооба" in staff.inner_text(f"#indicator-{more.pk} .target-met")
    assert fits(staff)

    # The JMEG's verification and the council's hearing.
    staff.click(".report-nav a[href$='/verification/']")
    staff.fill("#id_jmeg_verified_on", "2026-01-20")
    staff.fill("#id_jmeg_women", "3")
    staff.fill("#id_jmeg_men", "2")
    staff.fill("#id_council_heard_on", "2026-02-10")
    staff.click(".verification-form button[type=submit]")
    staff.wait_for_selector(".alert-success")
    assert fits(staff)

    staff.click(f".report-nav a[href$='/reports/{report.pk}/']")
    confirm(staff, "/transition/submit/")
    report.refresh_from_db()
    assert report.status == MonitoringReport.Status.SUBMITTED

    coordinator = phone("coordinator_a")
    coordinator.goto(f"{live_server.url}/ky/workspace/monitoring/reports/{report.pk}/")
    confirm(coordinator, "/transition/accept/")
    report.refresh_from_db()
    assert report.status == MonitoringReport.Status.ACCEPTED

    head = phone("head_a")
    head.goto(f"{live_server.url}/ky/workspace/monitoring/reports/{report.pk}/")
    confirm(head, "/transition/publish/")
    report.refresh_from_db()
    assert report.status == MonitoringReport.Status.PUBLISHED
    assert head.locator(".report-actions").count() == 0  # nothing left to do on it

    with translation.override("ky"):
        public = reverse("plans:detail", args=[published_a.pk])
    response = head.goto(f"{live_server.url}{public}")
    assert response.status == 200

    # The worker renders the two PDFs publishing asked for (the Celery task's job, done here).
    documents = GeneratedDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(MonitoringReport), object_id=report.pk
    )
    assert sorted(documents.values_list("language", flat=True)) == ["ky", "ru"]
    for document in documents:
        services.document_render(document.pk)

    # A visitor with no account, on a phone: the plan's implementation, its charts, the report, its PDF.
    context = browser.new_context(viewport=PHONE, locale="ky-KG")
    visitor = context.new_page()
    visitor.set_default_timeout(15_000)
    visitor.goto(f"{live_server.url}{public}")
    section = visitor.locator("#implementation")
    assert section.locator("svg").count() >= 2  # activities by status, spending against the plan
    assert "Суу түтүгү" in section.inner_text() or "Суу түтүгү" in visitor.content()
    assert fits(visitor)
    visitor.click(f"#implementation a[href$='/plans/{published_a.pk}/monitoring/2025/']")
    visitor.wait_for_url(f"**/ky/plans/{published_a.pk}/monitoring/2025/")
    assert visitor.locator("svg").count() >= 2
    assert "Суу түтүгү" in visitor.inner_text("#activities")
    assert fits(visitor)
    with visitor.expect_download() as download:
        visitor.click(f"a[href$='/plans/{published_a.pk}/monitoring/2025/pdf/ky/']")
    text = " ".join((page.extract_text() or "") for page in PdfReader(download.value.path()).pages)
    assert "Суу түтүгү" in " ".join(text.split())
    context.close()
