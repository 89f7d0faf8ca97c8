"""The report's workflow through its pages: submit → request changes (the coordinator's message
shown to the staff) → submit → accept → publish (refused while the JMEG's and the council's dates
are missing, with the message shown), each step through its confirmation page; a POST without
`confirm` changes nothing, a stale version is a message, not an error page."""

from datetime import date
from html import escape

import pytest
from django.utils import translation

from monitoring import services
from monitoring.models import MonitoringReport, ReportStatusChange
from tests.monitoring.workspace.test_pages import body, ky, ws

pytestmark = pytest.mark.django_db

S = MonitoringReport.Status


def step(client, report, action: str, **data):
    """Open the step's confirmation page and press its button (the version the page carries)."""
    page = client.get(ws("transition_confirm", report.pk, action))
    assert page.status_code == 200
    version = page.context["version"]
    assert f'name="version" value="{version}"' in body(page)
    return client.post(ws("transition", report.pk, action), {"version": version, "confirm": "1", **data})


def status(report) -> str:
    report.refresh_from_db()
    return report.status


def test_the_whole_path_from_draft_to_published(client, world, report_a):
    overview = ws("report", report_a.pk)
    client.force_login(world.staff_a)
    assert ws("transition_confirm", report_a.pk, "submit") in body(client.get(overview))
    assert step(client, report_a, "submit")["Location"] == overview
    assert status(report_a) == S.SUBMITTED

    client.force_login(world.coordinator_a)
    page = body(client.get(overview))
    assert ws("transition_confirm", report_a.pk, "request_changes") in page
    assert ws("transition_confirm", report_a.pk, "accept") in page
    refused = step(client, report_a, "request_changes", note="  ")
    assert refused.status_code == 200 and ky("Write a short note on the changes you request.") in body(
        refused
    )
    assert status(report_a) == S.SUBMITTED
    step(client, report_a, "request_changes", note="Насостун чыгымын тактагыла")
    assert status(report_a) == S.CHANGES_REQUESTED

    client.force_login(world.staff_a)
    page = body(client.get(overview))
    message = page.split('id="coordinator-message"', 1)[1].split("</div>\n    </div>", 1)[0]
    assert "Насостун чыгымын тактагыла" in message and world.coordinator_a.display_name in message
    step(client, report_a, "submit")
    assert status(report_a) == S.SUBMITTED

    client.force_login(world.coordinator_a)
    step(client, report_a, "accept")
    assert status(report_a) == S.ACCEPTED

    client.force_login(world.head_a)
    page = body(client.get(overview))
    assert ky("Record the date the local council heard the report.") in page  # what is still missing
    refused = step(client, report_a, "publish")
    assert refused.status_code == 200 and status(report_a) == S.ACCEPTED
    error = body(refused).split("transition-error", 1)[1].split("</div>", 1)[0]
    assert ky("The report cannot be published yet:") in error
    assert ky("Record the date the local council heard the report.") in error

    # The verification is still recorded once the report is accepted.
    client.post(
        ws("verification", report_a.pk),
        {"jmeg_verified_on": "2026-01-20", "jmeg_women": "3", "jmeg_men": "2", "jmeg_remarks": "", "council_heard_on": "2026-02-10"},
    )  # fmt: skip
    response = step(client, report_a, "publish")
    assert response["Location"] == overview and status(report_a) == S.PUBLISHED
    assert [c.to_status for c in ReportStatusChange.objects.order_by("at", "id")] == [
        S.SUBMITTED, S.CHANGES_REQUESTED, S.SUBMITTED, S.ACCEPTED, S.PUBLISHED,
    ]  # fmt: skip
    page = body(client.get(overview))
    assert ws("transition_confirm", report_a.pk, "publish") not in page
    with translation.override("ky"):
        assert escape(str(S.PUBLISHED.label)) in page


def test_a_post_without_confirm_shows_the_confirmation_and_changes_nothing(client, world, report_a):
    client.force_login(world.staff_a)
    response = client.post(ws("transition", report_a.pk, "submit"), {"version": report_a.version})
    assert response.status_code == 200 and 'name="confirm" value="1"' in body(response)
    assert status(report_a) == S.DRAFT


def test_a_stale_version_is_a_message_not_an_error_page(client, world, report_a):
    client.force_login(world.staff_a)
    page = client.get(ws("transition_confirm", report_a.pk, "submit"))
    services.verification_save(report=report_a, user=world.staff_a, women="3")  # the version moves on
    response = client.post(
        ws("transition", report_a.pk, "submit"), {"version": page.context["version"], "confirm": "1"}
    )
    assert response.status_code == 200 and status(report_a) == S.DRAFT
    assert ky(
        "The report has changed since you opened the page. Nothing was changed: look at it again and repeat if needed."
    ) in body(response)
    for bad in ("", "abc", "99999999999999999999"):
        response = client.post(ws("transition", report_a.pk, "submit"), {"version": bad, "confirm": "1"})
        assert response.status_code == 200 and status(report_a) == S.DRAFT


def test_a_step_for_another_role_is_403_and_an_unknown_step_404(client, world, report_a):
    client.force_login(world.staff_a)
    assert client.get(ws("transition_confirm", report_a.pk, "accept")).status_code == 403
    assert client.get(ws("transition_confirm", report_a.pk, "nothing")).status_code == 404
    client.force_login(world.coordinator_a)
    response = client.post(
        ws("transition", report_a.pk, "submit"), {"version": report_a.version, "confirm": "1"}
    )
    assert response.status_code == 403 and status(report_a) == S.DRAFT


def test_the_overview_shows_the_totals_the_missing_dates_and_the_timeline(client, world, report_a):
    pipe, local = report_a.plan["pipe"], report_a.plan["local"]
    services.progress_save(
        report=report_a, user=world.staff_a, activity=pipe, status="delayed", reason="Тендер"
    )
    services.spending_save(report=report_a, user=world.staff_a, activity=pipe, source=local, amount="1000")
    services.verification_save(report=report_a, user=world.staff_a, verified_on=date(2026, 1, 20))
    client.force_login(world.staff_a)
    response = client.get(ws("report", report_a.pk))
    total = response.context["total"]
    assert (total.delayed, total.not_started, total.actual) == (1, 2, 1000)
    page = body(response)
    assert ky("Record the date the local council heard the report.") in page
    assert (
        ky("Record the date the joint monitoring and evaluation group (JMEG) verified the report.")
        not in page
    )
    assert ws("direction", report_a.pk, pipe.objective.goal.priority_id) in page
    assert ws("indicators", report_a.pk) in page and ws("verification", report_a.pk) in page
