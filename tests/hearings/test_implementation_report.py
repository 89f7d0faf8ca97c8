"""A hearing of the kind "report on the program's implementation" presents one yearly monitoring
report of its municipality: the workspace's form offers only those (and requires one for that
kind); the public page and the notice name it by its year and program, and link to its public
page only once it is published."""

from datetime import timedelta

import pytest
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from hearings.models import Hearing
from hearings.pdf import document_context
from monitoring.models import MonitoringReport
from planning.models import Program
from tests.factories import HearingFactory, ProgramFactory

pytestmark = pytest.mark.django_db

K = Hearing.Kind
R = MonitoringReport.Status
WITH_REPORT_PAGE = override_settings(ROOT_URLCONF="tests.hearings.urls_with_report")


def ws(name: str, *args) -> str:
    with translation.override("ky"):
        return reverse(f"hearings_ws:{name}", args=args)


def public_page(client, hearing) -> str:
    with translation.override("ky"):
        return client.get(reverse("hearings:detail", args=[hearing.pk])).content.decode()


def report_of(municipality, *, year=2021, status=R.DRAFT) -> MonitoringReport:
    program = ProgramFactory(
        municipality=municipality, status=Program.Status.PUBLISHED, start_year=2019, end_year=2023
    )
    return MonitoringReport.objects.create(program=program, year=year, status=status)


def new_hearing(**changes) -> dict:
    return {
        "kind": K.IMPLEMENTATION_REPORT,
        "format": "hearing",
        "title": "СЭӨПтин 2021-жылы аткарылышы боюнча угуу",
        "starts_at": (timezone.localtime() + timedelta(days=20)).strftime("%Y-%m-%dT10:00"),
        "place": "Маданият үйү",
        **changes,
    }


def presenting(report, *, status=Hearing.Status.ANNOUNCED) -> Hearing:
    return HearingFactory(
        municipality=report.program.municipality,
        kind=K.IMPLEMENTATION_REPORT,
        budget_year=None,
        program=report.program,
        monitoring_report=report,
        status=status,
    )


def publish(report) -> None:
    MonitoringReport.objects.filter(pk=report.pk).update(status=R.PUBLISHED, published_at=timezone.now())
    report.refresh_from_db()


# --- The workspace's form -------------------------------------------------------------------------


def test_a_hearing_on_the_implementation_presents_a_report_of_its_program(client, world):
    report = report_of(world.municipality_a)
    client.force_login(world.staff_a)
    page = client.get(ws("create", world.municipality_a.pk)).content.decode()
    assert f'<option value="{report.pk}">2021 — {report.program.title} (2019–2023)' in page

    response = client.post(ws("create", world.municipality_a.pk), new_hearing(monitoring_report=report.pk))

    hearing = Hearing.objects.get()
    assert response.status_code == 302
    assert (hearing.kind, hearing.monitoring_report, hearing.program) == (
        K.IMPLEMENTATION_REPORT,
        report,
        report.program,  # the hearing is about the report's program
    )


def test_the_report_is_required_for_that_kind_and_said_in_kyrgyz(client, world):
    client.force_login(world.staff_a)
    response = client.post(ws("create", world.municipality_a.pk), new_hearing())
    page = response.content.decode()
    assert "Угуу кайсы мониторинг боюнча отчетту тааныштырарын тандаңыз." in page
    assert 'value="СЭӨПтин 2021-жылы аткарылышы боюнча угуу"' in page  # what was typed stays
    assert not Hearing.objects.exists()


def test_a_report_of_another_municipality_is_refused(client, world):
    theirs = report_of(world.municipality_b)
    client.force_login(world.staff_a)
    page = client.get(ws("create", world.municipality_a.pk)).content.decode()
    assert f'value="{theirs.pk}"' not in page
    response = client.post(ws("create", world.municipality_a.pk), new_hearing(monitoring_report=theirs.pk))
    assert response.status_code == 200
    assert not Hearing.objects.exists()


def test_the_report_must_be_of_the_program_chosen(client, world):
    report = report_of(world.municipality_a)
    other = ProgramFactory(municipality=world.municipality_a)
    client.force_login(world.staff_a)
    response = client.post(
        ws("create", world.municipality_a.pk), new_hearing(monitoring_report=report.pk, program=other.pk)
    )
    assert "Тандалган отчет башка программага тиешелүү" in response.content.decode()
    assert not Hearing.objects.exists()


def test_another_kind_keeps_no_report(client, world):
    report = report_of(world.municipality_a)
    client.force_login(world.staff_a)
    client.post(
        ws("create", world.municipality_a.pk),
        new_hearing(kind=K.BUDGET_EXECUTION, budget_year="2021", monitoring_report=report.pk),
    )
    assert Hearing.objects.get().monitoring_report is None


def test_the_details_form_changes_the_report(client, world):
    first = report_of(world.municipality_a)
    second = MonitoringReport.objects.create(program=first.program, year=2022)
    hearing = presenting(first, status=Hearing.Status.DRAFT)
    client.force_login(world.staff_a)
    data = new_hearing(monitoring_report=second.pk, version=hearing.version)
    assert client.post(ws("edit", hearing.pk), data).status_code == 302
    hearing.refresh_from_db()
    assert hearing.monitoring_report == second


def test_a_report_a_hearing_presented_cannot_be_deleted(world):
    report = report_of(world.municipality_a)
    presenting(report)
    with pytest.raises(ProtectedError):
        report.delete()


# --- The public page and the notice -------------------------------------------------------------


@WITH_REPORT_PAGE
def test_the_public_page_names_an_unpublished_report_without_linking_it(client, world):
    report = report_of(world.municipality_a, status=R.ACCEPTED)
    hearing = presenting(report)
    page = public_page(client, hearing)
    assert "СЭӨП 2019–2023 боюнча 2021-жылдын отчету" in page
    assert f"/plans/{report.program_id}/monitoring/2021/" not in page


@WITH_REPORT_PAGE
def test_the_public_page_links_the_published_report(client, world):
    report = report_of(world.municipality_a)
    hearing = presenting(report)
    publish(report)
    page = public_page(client, hearing)
    assert (
        f'<a href="/ky/plans/{report.program_id}/monitoring/2021/">СЭӨП 2019–2023 боюнча 2021-жылдын отчету</a>'
        in page
    )


def test_without_the_report_page_the_public_page_still_names_the_report(client, world):
    report = report_of(world.municipality_a)
    publish(report)
    page = public_page(client, presenting(report))
    assert "СЭӨП 2019–2023 боюнча 2021-жылдын отчету" in page


@WITH_REPORT_PAGE
def test_the_notice_names_the_report_and_gives_its_address_once_published(world, settings):
    report = report_of(world.municipality_a, status=R.SUBMITTED)
    hearing = presenting(report)
    address = f"{settings.SITE_URL}/ky/plans/{report.program_id}/monitoring/2021/"
    with translation.override("ky"):
        before = render_to_string("hearings/pdf/notice.html", document_context(hearing, "hearing_notice"))
        publish(report)
        after = render_to_string("hearings/pdf/notice.html", document_context(hearing, "hearing_notice"))
        protocol = render_to_string(
            "hearings/pdf/protocol.html", document_context(hearing, "hearing_protocol")
        )
    assert "СЭӨП 2019–2023 боюнча 2021-жылдын отчету" in before
    assert address not in before
    assert address in after
    assert "СЭӨП 2019–2023 боюнча 2021-жылдын отчету" in protocol
