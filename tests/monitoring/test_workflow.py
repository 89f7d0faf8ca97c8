"""The workflow of a yearly report: every step × every state × every persona, and its rules."""

from datetime import date

import pytest
from django.utils import translation

from monitoring import workflow
from monitoring.models import MonitoringReport, ReportStatusChange
from planning.models import PublicGeneration
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

S = MonitoringReport.Status
ALLOWED = {
    workflow.Action.SUBMIT: {"staff_a", "head_a"},
    workflow.Action.REQUEST_CHANGES: {"coordinator_a"},
    workflow.Action.ACCEPT: {"coordinator_a"},
    workflow.Action.PUBLISH: {"head_a"},
}


def _in_state(report: MonitoringReport, status: str) -> MonitoringReport:
    MonitoringReport.objects.filter(pk=report.pk).update(
        status=status, jmeg_verified_on=date(2026, 2, 10), council_heard_on=date(2026, 3, 1)
    )
    report.refresh_from_db()
    return report


def _take(action: str, report: MonitoringReport, user):
    kwargs = {"report": report, "user": user, "expected_version": report.version}
    if action == workflow.Action.REQUEST_CHANGES:
        kwargs["note"] = "2-иш-чаранын чыгымдарын тактагыла."
    return workflow.TRANSITIONS[action].run(**kwargs)


def test_every_action_is_in_the_table_with_its_allowed_personas():
    assert set(workflow.TRANSITIONS) == set(ALLOWED)


@pytest.mark.parametrize("action", list(workflow.TRANSITIONS))
def test_each_step_succeeds_only_for_its_role_and_from_its_states(world, report_a, action):
    transition = workflow.TRANSITIONS[action]
    for state in S.values:
        for persona in PERSONAS:
            user = world.persona(persona)
            report = _in_state(report_a, state)
            before = (report.status, report.version, ReportStatusChange.objects.count())
            if state in transition.sources and persona in ALLOWED[action]:
                change = _take(action, report, user)
                report.refresh_from_db()
                assert report.status == transition.target, (persona, state, action)
                assert report.version == before[1] + 1
                assert (change.from_status, change.to_status, change.by) == (state, transition.target, user)
                continue
            with pytest.raises(workflow.TransitionError):
                _take(action, report, user)
            report.refresh_from_db()
            assert (report.status, report.version, ReportStatusChange.objects.count()) == before, (
                persona,
                state,
                action,
            )


def test_the_whole_way_records_who_did_each_step_and_when(world, report_a):
    report = report_a
    workflow.report_submit(report=report, user=world.staff_a, expected_version=report.version)
    workflow.report_request_changes(
        report=report, user=world.coordinator_a, expected_version=report.version, note="Тактагыла."
    )
    workflow.report_submit(report=report, user=world.staff_a, expected_version=report.version)
    workflow.report_accept(report=report, user=world.coordinator_a, expected_version=report.version)
    MonitoringReport.objects.filter(pk=report.pk).update(
        jmeg_verified_on=date(2026, 2, 10), council_heard_on=date(2026, 3, 1)
    )
    report.refresh_from_db()
    generation = PublicGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0
    workflow.report_publish(report=report, user=world.head_a, expected_version=report.version)
    report.refresh_from_db()
    assert report.status == S.PUBLISHED
    assert (report.submitted_by, report.accepted_by, report.published_by) == (
        world.staff_a,
        world.coordinator_a,
        world.head_a,
    )
    assert report.submitted_at and report.accepted_at and report.published_at
    steps = list(report.status_changes.values_list("to_status", "comment"))
    assert steps == [
        (S.SUBMITTED, ""),
        (S.CHANGES_REQUESTED, "Тактагыла."),
        (S.SUBMITTED, ""),
        (S.ACCEPTED, ""),
        (S.PUBLISHED, ""),
    ]
    # The public pages' kept answers move on with the published report.
    assert PublicGeneration.objects.get(pk=1).value == generation + 1


@pytest.mark.parametrize(
    ("verified", "heard", "missing"),
    [
        (None, None, ["JMEG", "council"]),
        (date(2026, 2, 10), None, ["council"]),
        (None, date(2026, 3, 1), ["JMEG"]),
    ],
)
def test_publishing_is_refused_until_the_jmeg_and_the_council_dates_are_recorded(
    world, report_a, verified, heard, missing
):
    MonitoringReport.objects.filter(pk=report_a.pk).update(
        status=S.ACCEPTED, jmeg_verified_on=verified, council_heard_on=heard
    )
    report_a.refresh_from_db()
    with translation.override("en"), pytest.raises(workflow.TransitionError) as refused:
        workflow.report_publish(report=report_a, user=world.head_a, expected_version=report_a.version)
    assert len(refused.value.details) == len(missing)
    for word, detail in zip(missing, refused.value.details, strict=True):
        assert word in detail
    report_a.refresh_from_db()
    assert report_a.status == S.ACCEPTED and not report_a.status_changes.exists()


def test_the_refusal_to_publish_is_in_the_users_language(world, report_a):
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=S.ACCEPTED)
    report_a.refresh_from_db()
    with translation.override("ky"), pytest.raises(workflow.TransitionError) as refused:
        workflow.report_publish(report=report_a, user=world.head_a, expected_version=report_a.version)
    english = "The report cannot be published yet:"
    assert refused.value.message != english
    assert all("Record the date" not in detail for detail in refused.value.details)


def test_a_step_taken_on_an_older_page_is_refused(world, report_a):
    seen = report_a.version
    MonitoringReport.objects.filter(pk=report_a.pk).update(version=seen + 1)  # someone saved meanwhile
    report_a.refresh_from_db()
    with translation.override("en"), pytest.raises(workflow.TransitionError) as refused:
        workflow.report_submit(report=report_a, user=world.staff_a, expected_version=seen)
    assert "changed since you opened" in refused.value.message
    for expected in (None, "", "abc", "1e9"):
        with pytest.raises(workflow.TransitionError):
            workflow.report_submit(report=report_a, user=world.staff_a, expected_version=expected)
    report_a.refresh_from_db()
    assert report_a.status == S.DRAFT


def test_a_step_on_a_stale_copy_of_the_report_is_refused(world, report_a):
    """Two coordinators act on the same page at once: only the first succeeds."""
    stale = MonitoringReport.objects.get(pk=report_a.pk)
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=S.SUBMITTED)
    first = MonitoringReport.objects.get(pk=report_a.pk)
    second = MonitoringReport.objects.get(pk=report_a.pk)
    workflow.report_accept(report=first, user=world.coordinator_a, expected_version=first.version)
    with pytest.raises(workflow.TransitionError):
        workflow.report_request_changes(
            report=second, user=world.coordinator_a, expected_version=second.version, note="Кечиктиңер."
        )
    with pytest.raises(workflow.TransitionError):
        workflow.report_submit(report=stale, user=world.staff_a, expected_version=stale.version)
    assert MonitoringReport.objects.get(pk=report_a.pk).status == S.ACCEPTED


def test_requesting_changes_needs_a_note(world, report_a):
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=S.SUBMITTED)
    report_a.refresh_from_db()
    for note in ("", "   ", "\x00"):
        with pytest.raises(workflow.TransitionError):
            workflow.report_request_changes(
                report=report_a, user=world.coordinator_a, expected_version=report_a.version, note=note
            )
    assert MonitoringReport.objects.get(pk=report_a.pk).status == S.SUBMITTED


def test_available_actions_follow_the_table(world, report_a):
    from monitoring.access import report_access

    assert [t.action for t in workflow.available_actions(report_access(world.staff_a, report_a))] == [
        "submit"
    ]
    assert workflow.available_actions(report_access(world.coordinator_a, report_a)) == []
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=S.SUBMITTED)
    report_a.refresh_from_db()
    assert [t.action for t in workflow.available_actions(report_access(world.coordinator_a, report_a))] == [
        "request_changes",
        "accept",
    ]


def test_a_record_saved_meanwhile_makes_a_submit_from_an_older_page_refused(world, report_a):
    """A colleague saved a record after the page was opened: the report's version moved on."""
    from monitoring import services

    seen = report_a.version
    services.progress_save(
        report=MonitoringReport.objects.get(pk=report_a.pk),
        user=world.head_a,
        activity=report_a.plan["pipe"],
        status="completed",
        share_done=100,
    )
    with pytest.raises(workflow.TransitionError):
        workflow.report_submit(report=report_a, user=world.staff_a, expected_version=seen)
    current = MonitoringReport.objects.get(pk=report_a.pk)
    assert current.status == S.DRAFT
    workflow.report_submit(report=current, user=world.staff_a, expected_version=current.version)
    assert MonitoringReport.objects.get(pk=report_a.pk).status == S.SUBMITTED
