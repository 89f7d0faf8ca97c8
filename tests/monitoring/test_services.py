"""Writing a report's records: who may, in which states, and what is refused (with a message)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone, translation

from monitoring import services
from monitoring.access import report_for_user
from monitoring.models import (
    ActivityProgress,
    ActivitySpending,
    IndicatorActual,
    MonitoringReport,
    ReportComment,
)
from planning.models import Program
from tests.conftest import PERSONAS
from tests.factories import ActivityFactory, FundingSourceFactory, ProgramFactory

pytestmark = pytest.mark.django_db

S = MonitoringReport.Status
P = ActivityProgress.Status


# --- The one door ---------------------------------------------------------------------------

DOOR = {
    # need: outcome per persona (A: through, F: 403, N: 404), in PERSONAS' order
    "read": "A N A A N N A",
    "edit": "A N A F N N F",
    "head": "F N A F N N F",
    "review": "F N F A N N F",
}


@pytest.mark.parametrize("need", list(DOOR))
def test_the_door_answers_each_persona(world, report_a, need):
    for persona, expected in zip(PERSONAS, DOOR[need].split(), strict=True):
        user = world.persona(persona)
        if expected == "A":
            assert report_for_user(user, report_a.pk, need=need).access.has(need), persona
        else:
            with pytest.raises(PermissionDenied if expected == "F" else Http404):
                report_for_user(user, report_a.pk, need=need)


@pytest.mark.parametrize("pk", ["abc", "", None, "-1", "0", str(2**70), "999999"])
def test_the_door_gives_404_for_what_is_not_a_report(world, pk):
    with pytest.raises(Http404):
        report_for_user(world.admin, pk)


# --- Starting a report ----------------------------------------------------------------------


def test_staff_start_a_report_for_a_year_of_the_published_program(world, published_a):
    report = services.report_create(program=published_a, user=world.staff_a, year="2026")
    assert (report.year, report.status) == (2026, S.DRAFT)
    with pytest.raises(services.MonitoringError):
        services.report_create(program=published_a, user=world.head_a, year=2026)  # one a year
    assert MonitoringReport.objects.filter(program=published_a).count() == 1


@pytest.mark.parametrize("year", [2024, 2028, "abc", None, ""])
def test_a_year_outside_the_programs_period_is_refused(world, published_a, year):
    with translation.override("en"), pytest.raises(services.MonitoringError) as refused:
        services.report_create(program=published_a, user=world.staff_a, year=year)
    assert "2025–2027" in refused.value.message


@pytest.mark.parametrize("status", [s for s in Program.Status.values if s != Program.Status.PUBLISHED])
def test_only_a_published_program_is_monitored(world, status):
    program = ProgramFactory(municipality=world.municipality_a, status=status)
    with pytest.raises(services.MonitoringError):
        services.report_create(program=program, user=world.staff_a, year=2025)
    assert not MonitoringReport.objects.exists()


@pytest.mark.parametrize("persona", ["staff_b", "coordinator_a", "coordinator_other", "citizen", "admin"])
def test_only_the_municipalitys_team_starts_a_report(world, published_a, persona):
    with pytest.raises(services.MonitoringError):
        services.report_create(program=published_a, user=world.persona(persona), year=2025)


# --- Progress -------------------------------------------------------------------------------


def test_staff_record_an_activitys_progress_and_the_version_moves_on(world, report_a):
    version = report_a.version
    progress = services.progress_save(
        report=report_a, user=world.staff_a, activity=report_a.plan["pipe"], status=P.IN_PROGRESS,
        share_done="60", comment="Түтүктүн 3 км төшөлдү.",
    )  # fmt: skip
    assert (progress.status, progress.share_done, progress.comment) == (
        P.IN_PROGRESS,
        60,
        "Түтүктүн 3 км төшөлдү.",
    )
    assert MonitoringReport.objects.get(pk=report_a.pk).version == version + 1
    services.progress_save(
        report=report_a,
        user=world.head_a,
        activity=report_a.plan["pipe"].pk,
        status=P.COMPLETED,
        share_done=100,
    )
    assert ActivityProgress.objects.get(report=report_a).status == P.COMPLETED  # one row, updated


@pytest.mark.parametrize("status", [P.DELAYED, P.CANCELLED])
def test_a_delayed_or_cancelled_activity_needs_a_reason(world, report_a, status):
    activity = report_a.plan["pipe"]
    for reason in ("", "   ", "\x00"):
        with translation.override("en"), pytest.raises(services.MonitoringError) as refused:
            services.progress_save(
                report=report_a, user=world.staff_a, activity=activity, status=status, reason=reason
            )
        assert refused.value.field == "reason" and "reason" in refused.value.message
    assert not ActivityProgress.objects.exists()
    services.progress_save(
        report=report_a, user=world.staff_a, activity=activity, status=status, reason="Подрядчик кечикти."
    )
    assert ActivityProgress.objects.get(report=report_a).reason == "Подрядчик кечикти."


@pytest.mark.parametrize("share", [-1, 101, "150", "abc", "12.5", True, [50]])
def test_the_share_done_is_a_whole_number_from_0_to_100(world, report_a, share):
    with pytest.raises(services.MonitoringError) as refused:
        services.progress_save(
            report=report_a, user=world.staff_a, activity=report_a.plan["pipe"], status=P.IN_PROGRESS,
            share_done=share,
        )  # fmt: skip
    assert refused.value.field == "share_done"
    assert not ActivityProgress.objects.exists()


def test_a_completed_activity_is_done_in_full(world, report_a):
    pipe = report_a.plan["pipe"]
    save = {"report": report_a, "user": world.staff_a, "activity": pipe}
    assert services.progress_save(**save, status=P.COMPLETED).share_done == 100  # left empty
    assert services.progress_save(**save, status=P.IN_PROGRESS, share_done="").share_done == 0
    with translation.override("en"), pytest.raises(services.MonitoringError) as refused:
        services.progress_save(**save, status=P.COMPLETED, share_done=40)
    assert refused.value.field == "share_done" and "in full" in refused.value.message
    assert ActivityProgress.objects.get(report=report_a).status == P.IN_PROGRESS


def test_an_unknown_status_or_an_activity_of_another_program_is_refused(world, report_a):
    other = ActivityFactory()  # another program's activity
    for activity, status in [(other, P.COMPLETED), (report_a.plan["pipe"], "finished"), ("x", P.COMPLETED)]:
        with pytest.raises(services.MonitoringError):
            services.progress_save(report=report_a, user=world.staff_a, activity=activity, status=status)
    assert not ActivityProgress.objects.exists()


@pytest.mark.parametrize("status", [S.SUBMITTED, S.ACCEPTED, S.PUBLISHED])
def test_records_are_frozen_outside_draft_and_changes_requested(world, report_a, status):
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=status)
    report_a.refresh_from_db()
    plan = report_a.plan
    writes = [
        lambda: services.progress_save(
            report=report_a, user=world.staff_a, activity=plan["pipe"], status=P.COMPLETED
        ),
        lambda: services.spending_save(
            report=report_a, user=world.staff_a, activity=plan["pipe"], source=plan["local"], amount="10"
        ),
        lambda: services.actual_save(report=report_a, user=world.staff_a, indicator=plan["more"], value="70"),
    ]
    for write in writes:
        with pytest.raises(services.MonitoringError):
            write()
    assert not ActivityProgress.objects.exists()
    assert not ActivitySpending.objects.exists()
    assert not IndicatorActual.objects.exists()


def test_records_can_be_changed_again_when_changes_are_requested(world, report_a):
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=S.CHANGES_REQUESTED)
    report_a.refresh_from_db()
    services.progress_save(
        report=report_a, user=world.staff_a, activity=report_a.plan["pump"], status=P.COMPLETED
    )
    assert ActivityProgress.objects.filter(report=report_a).count() == 1


@pytest.mark.parametrize("persona", ["staff_b", "coordinator_a", "coordinator_other", "citizen", "admin"])
def test_only_the_municipalitys_team_writes_the_records(world, report_a, persona):
    with pytest.raises(services.MonitoringError):
        services.progress_save(
            report=report_a, user=world.persona(persona), activity=report_a.plan["pipe"], status=P.COMPLETED
        )
    assert not ActivityProgress.objects.exists()


# --- Spending and actual values -------------------------------------------------------------


def test_spending_is_recorded_by_source_and_removed_when_emptied(world, report_a):
    plan = report_a.plan
    services.spending_save(
        report=report_a, user=world.staff_a, activity=plan["pipe"], source=plan["local"], amount="95 500,50"
    )
    assert ActivitySpending.objects.get(report=report_a).amount == Decimal("95500.50")
    services.spending_save(
        report=report_a, user=world.staff_a, activity=plan["pipe"], source=plan["local"], amount=""
    )
    assert not ActivitySpending.objects.exists()


@pytest.mark.parametrize("amount", ["-1", -5, Decimal("-0.01"), "abc", "NaN", "Infinity", "1e20"])
def test_negative_or_nonsense_spending_is_refused(world, report_a, amount):
    plan = report_a.plan
    with pytest.raises(services.MonitoringError) as refused:
        services.spending_save(
            report=report_a, user=world.staff_a, activity=plan["pipe"], source=plan["local"], amount=amount
        )
    assert refused.value.field == "amount"
    assert not ActivitySpending.objects.exists()


def test_negative_spending_is_refused_in_the_users_language(world, report_a):
    plan = report_a.plan
    with translation.override("ru"), pytest.raises(services.MonitoringError) as refused:
        services.spending_save(
            report=report_a, user=world.staff_a, activity=plan["pipe"], source=plan["local"], amount="-100"
        )
    assert refused.value.message != "The amount cannot be negative."


def test_an_unknown_funding_source_is_refused(world, report_a):
    for source in (None, "abc", 999999):
        with pytest.raises(services.MonitoringError) as refused:
            services.spending_save(
                report=report_a, user=world.staff_a, activity=report_a.plan["pipe"], source=source, amount="1"
            )
        assert refused.value.field == "source"


def test_spending_from_a_source_the_plan_did_not_foresee_is_kept(world, report_a):
    private = FundingSourceFactory(code="private-sector", order=9)
    services.spending_save(
        report=report_a, user=world.staff_a, activity=report_a.plan["road"], source=private, amount="1000"
    )
    assert ActivitySpending.objects.get(report=report_a).source == private


def test_an_indicators_actual_value_with_its_split_and_source(world, report_a):
    actual = services.actual_save(
        report=report_a, user=world.staff_a, indicator=report_a.plan["more"], value="72", women="37", men="35",
        source="Айыл өкмөтүнүн эсеби",
    )  # fmt: skip
    assert (actual.value, actual.women, actual.men, actual.source) == (
        Decimal("72"),
        Decimal("37"),
        Decimal("35"),
        "Айыл өкмөтүнүн эсеби",
    )
    with pytest.raises(services.MonitoringError):
        services.actual_save(report=report_a, user=world.staff_a, indicator=report_a.plan["more"], value="x")
    with pytest.raises(services.MonitoringError):
        services.actual_save(
            report=report_a, user=world.staff_a, indicator=report_a.plan["more"], value="5", women="-1"
        )
    assert IndicatorActual.objects.get(report=report_a).value == Decimal("72")


# --- The verification and comments ----------------------------------------------------------


def test_the_jmeg_verification_and_the_councils_hearing_are_recorded_until_publishing(world, report_a):
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=S.ACCEPTED)
    report_a.refresh_from_db()
    services.verification_save(
        report=report_a, user=world.head_a, verified_on="2026-02-10", women="4", men=3,
        remarks="Насос иштейт.", council_heard_on=date(2026, 3, 1),
    )  # fmt: skip
    report_a.refresh_from_db()
    assert (report_a.jmeg_verified_on, report_a.jmeg_women, report_a.jmeg_men, report_a.council_heard_on) == (
        date(2026, 2, 10),
        4,
        3,
        date(2026, 3, 1),
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    for bad in ({"verified_on": "10.02.2026"}, {"verified_on": tomorrow}, {"women": "-2"}, {"men": "много"}):
        with pytest.raises(services.MonitoringError):
            services.verification_save(report=report_a, user=world.head_a, **bad)
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=S.PUBLISHED)
    report_a.refresh_from_db()
    with pytest.raises(services.MonitoringError):
        services.verification_save(report=report_a, user=world.head_a, verified_on="2026-02-11")


def test_coordinators_comment_on_a_part_and_staff_resolve_it(world, report_a):
    comment = services.comment_add(
        report=report_a, user=world.coordinator_a, text="Чыгым тастыкталган эмес.", part="activity",
        part_id=str(report_a.plan["pipe"].pk),
    )  # fmt: skip
    assert (comment.part_id, comment.part_label) == (report_a.plan["pipe"].pk, "Суу түтүгү")
    for persona in ("staff_a", "head_a", "coordinator_other", "citizen"):
        with pytest.raises(services.MonitoringError):
            services.comment_add(report=report_a, user=world.persona(persona), text="…")
    with pytest.raises(services.MonitoringError):
        services.comment_add(
            report=report_a, user=world.coordinator_a, text="…", part="activity", part_id="999999"
        )
    with pytest.raises(services.MonitoringError):
        services.comment_resolve(comment=comment, user=world.coordinator_other)
    assert services.comment_resolve(comment=comment, user=world.staff_a) is True
    assert services.comment_resolve(comment=comment, user=world.staff_a) is False
    assert ReportComment.objects.get().resolved_by == world.staff_a
