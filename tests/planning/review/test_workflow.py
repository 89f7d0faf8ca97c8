"""The review and approval workflow: every transition, every persona, and the whole path."""

import re
import threading
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from planning.demo.sample import build_program
from planning.models import Activity, Notification, Program, ReviewComment, ReviewRound, StatusChange
from planning.review import workflow
from tests.conftest import PERSONAS
from tests.factories import pdf_bytes
from tests.planning.helpers import form_data, url
from tests.services import require

pytestmark = pytest.mark.django_db

S = Program.Status


@pytest.fixture
def complete_a(world, reference):
    """A complete program of municipality A (the checklist is green)."""
    return build_program(municipality=world.municipality_a, activities=6, start_year=2025, years=3)


def _service(action, program, user, version):
    if action == workflow.Action.SUBMIT:
        return workflow.program_submit(program=program, user=user, expected_version=version)
    if action == workflow.Action.REQUEST_CHANGES:
        return workflow.program_request_changes(
            program=program, user=user, expected_version=version, summary="Оңдоңуз"
        )
    if action == workflow.Action.ENDORSE:
        return workflow.program_endorse(program=program, user=user, expected_version=version)
    if action == workflow.Action.RECORD_APPROVAL:
        return workflow.program_record_approval(
            program=program, user=user, expected_version=version, number="19", decided_on=date(2025, 4, 7)
        )
    if action == workflow.Action.PUBLISH:
        return workflow.program_publish(program=program, user=user, expected_version=version)
    return workflow.program_new_version(program=program, user=user, expected_version=version)


# Who may take each action (when the state allows it).
ALLOWED = {
    workflow.Action.SUBMIT: {"head_a"},
    workflow.Action.REQUEST_CHANGES: {"coordinator_a"},
    workflow.Action.ENDORSE: {"coordinator_a"},
    workflow.Action.RECORD_APPROVAL: {"head_a"},
    workflow.Action.PUBLISH: {"head_a"},
    workflow.Action.NEW_VERSION: {"head_a"},
}
STATES = [S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.ENDORSED, S.APPROVED, S.PUBLISHED, S.SUPERSEDED]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(workflow.TRANSITIONS))
def test_every_transition_from_every_state_by_every_persona(world, complete_a, state, action):
    Program.objects.filter(pk=complete_a.pk).update(status=state)
    transition = workflow.TRANSITIONS[action]
    for persona in PERSONAS:
        program = Program.objects.get(pk=complete_a.pk)
        before = (program.status, program.version, StatusChange.objects.count(), Program.objects.count())
        user = world.persona(persona)
        allowed = persona in ALLOWED[action] and state in transition.sources
        if allowed:
            _service(action, program, user, program.version)
            program.refresh_from_db()
            if transition.target:
                assert program.status == transition.target, (persona, state, action)
            else:
                assert Program.objects.filter(supersedes=program).exists()
            # Put it back for the next persona.
            Program.objects.filter(pk=program.pk).update(status=state)
            ReviewRound.objects.filter(program=program).delete()
        else:
            with pytest.raises(workflow.TransitionError):
                _service(action, program, user, program.version)
            program.refresh_from_db()
            after = (program.status, program.version, StatusChange.objects.count(), Program.objects.count())
            assert after == before, (persona, state, action)


def test_staff_may_submit_only_when_the_head_allows_it(world, complete_a):
    with pytest.raises(workflow.TransitionError):
        workflow.program_submit(program=complete_a, user=world.staff_a, expected_version=complete_a.version)
    Program.objects.filter(pk=complete_a.pk).update(staff_may_submit=True)
    complete_a.refresh_from_db()
    workflow.program_submit(program=complete_a, user=world.staff_a, expected_version=complete_a.version)
    assert Program.objects.get(pk=complete_a.pk).status == S.SUBMITTED


def test_the_head_lets_specialists_submit_through_the_overview_and_the_history_keeps_it(
    client, world, complete_a
):
    client.force_login(world.head_a)
    response = client.post(url("staff_may_submit", complete_a.pk), {"allowed": "1"}, follow=True)
    assert "Эми адистер программаны жөнөтө алат." in response.content.decode()
    complete_a.refresh_from_db()
    assert complete_a.staff_may_submit
    last = complete_a.history.latest("history_date")
    assert last.staff_may_submit and last.history_user == world.head_a

    client.force_login(world.staff_a)
    client.post(url("transition", complete_a.pk, "submit"), {"version": complete_a.version})
    assert Program.objects.get(pk=complete_a.pk).status == S.SUBMITTED


@pytest.mark.parametrize("persona", ["staff_a", "coordinator_a", "admin"])
def test_only_the_head_may_let_specialists_submit_even_when_a_view_forgets_to_ask(world, complete_a, persona):
    before = complete_a.history.count()
    with pytest.raises(workflow.TransitionError):
        workflow.program_set_staff_may_submit(program=complete_a, user=world.persona(persona), allowed=True)
    assert not Program.objects.get(pk=complete_a.pk).staff_may_submit
    assert complete_a.history.count() == before


def test_asking_for_what_is_already_so_writes_no_history(world, complete_a):
    before = complete_a.history.count()
    assert (
        workflow.program_set_staff_may_submit(program=complete_a, user=world.head_a, allowed=False) is False
    )
    assert complete_a.history.count() == before


def test_submit_needs_the_checklist_green_and_says_what_is_missing(client, world, program_a):
    client.force_login(world.head_a)
    response = client.post(
        url("transition", program_a.pk, "submit", language="en"), {"version": program_a.version}, follow=True
    )
    body = response.content.decode()
    assert "cannot be submitted yet" in body
    assert "Working group: Enter the number and date of the head" in body
    assert Program.objects.get(pk=program_a.pk).status == S.DRAFT
    assert not StatusChange.objects.exists()


def test_a_stale_page_changes_nothing(world, complete_a):
    stale = complete_a.version
    workflow.program_submit(program=complete_a, user=world.head_a, expected_version=stale)
    program = Program.objects.get(pk=complete_a.pk)
    with pytest.raises(workflow.TransitionError) as error:
        workflow.program_endorse(program=program, user=world.coordinator_a, expected_version=stale)
    assert "changed since you opened the page" in error.value.message
    assert Program.objects.get(pk=complete_a.pk).status == S.SUBMITTED
    assert StatusChange.objects.count() == 1


def test_request_changes_needs_a_summary(world, complete_a):
    workflow.program_submit(program=complete_a, user=world.head_a, expected_version=complete_a.version)
    program = Program.objects.get(pk=complete_a.pk)
    with pytest.raises(workflow.TransitionError):
        workflow.program_request_changes(
            program=program, user=world.coordinator_a, expected_version=program.version, summary="  "
        )
    assert Program.objects.get(pk=complete_a.pk).status == S.SUBMITTED


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_at_once_one_succeeds_and_nothing_is_recorded_twice(world, reference):
    require(connection.vendor == "postgresql", "needs PostgreSQL: SQLite cannot run two writers at once")
    from tests.factories import ProjectCoordinatorFactory

    program = build_program(municipality=world.municipality_a, activities=6, start_year=2025, years=3)
    second = ProjectCoordinatorFactory(project=world.coordinator_a.coordinated_projects.first().project).user
    workflow.program_submit(program=program, user=world.head_a, expected_version=program.version)
    version = Program.objects.get(pk=program.pk).version
    barrier = threading.Barrier(2)
    results = []

    def act(user, action):
        try:
            barrier.wait()
            target = Program.objects.get(pk=program.pk)
            if action == "endorse":
                workflow.program_endorse(program=target, user=user, expected_version=version)
            else:
                workflow.program_request_changes(
                    program=target, user=user, expected_version=version, summary="Оңдоо"
                )
            results.append("ok")
        except workflow.TransitionError as error:
            results.append(error.message)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(world.coordinator_a, "endorse")),
        threading.Thread(target=act, args=(second, "request_changes")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=lambda r: r != "ok")[0] == "ok"
    assert results.count("ok") == 1
    assert StatusChange.objects.filter(program=program).exclude(to_status=S.SUBMITTED).count() == 1
    round_ = ReviewRound.objects.get(program=program)
    assert round_.outcome in {"endorsed", "changes_requested"}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a request leaves for after the commit (e-mails), as the real server would."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


def test_the_whole_path_with_the_test_client(client, world, complete_a, committed):
    """Staff fill, head submits, coordinator comments and requests changes, staff resolve,
    head resubmits, the diff shows the changes, coordinator endorses, head records the council's
    approval and publishes; the e-mails along the way go to the right people, in their language."""
    world.coordinator_a.language = "ru"
    world.coordinator_a.save(update_fields=["language"])
    world.staff_a.language = "ky"
    world.staff_a.save(update_fields=["language"])
    program = complete_a
    activity = Activity.objects.filter(objective__goal__priority__program=program).order_by("pk").first()
    Activity.objects.filter(pk=activity.pk).update(title="Суу түтүгүн алмаштыруу")

    # The head submits.
    client.force_login(world.head_a)
    response = committed(
        lambda: client.post(
            url("transition", program.pk, "submit"), {"version": program.version, "comment": "Даяр"}
        )
    )
    assert response.status_code == 302
    assert Program.objects.get(pk=program.pk).status == S.SUBMITTED
    assert [m.to for m in mail.outbox] == [[world.coordinator_a.email]]
    assert (
        "программа отправлена вам на рассмотрение" in mail.outbox[0].subject
    )  # Russian: the coordinator's language
    assert f"/ru/workspace/programs/{program.pk}/" in mail.outbox[0].body
    mail.outbox.clear()

    # The coordinator comments on an activity and on the SWOT, then requests changes.
    client.force_login(world.coordinator_a)
    review = client.get(url("review", program.pk))
    assert review.status_code == 200
    client.post(
        url("comment_add", program.pk),
        {"part_choice": f"activity:{activity.pk}", "text": "Аталышын тактаңыз"},
    )
    client.post(url("comment_add", program.pk), {"part": "swot", "text": "Коркунучтарды толуктаңыз"})
    assert ReviewComment.objects.filter(program=program).count() == 2
    version = Program.objects.get(pk=program.pk).version
    committed(
        lambda: client.post(
            url("transition", program.pk, "request_changes"),
            {"version": version, "comment": "Эки пикирди караңыз", "confirm": "1"},
        )
    )
    assert Program.objects.get(pk=program.pk).status == S.CHANGES_REQUESTED
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([world.staff_a.email, world.head_a.email])
    staff_mail = next(m for m in mail.outbox if m.to == [world.staff_a.email])
    assert (
        "өзгөртүү суралды" in staff_mail.subject.lower()
        or "өзгөртүүлөр суралат" in staff_mail.subject.lower()
    )
    assert "Эки пикирди караңыз" in staff_mail.body
    mail.outbox.clear()

    # The staff see the comment next to the activity in their editor, answer and resolve it.
    client.force_login(world.staff_a)
    activity_page = client.get(url("activity", program.pk, activity.pk)).content.decode()
    assert "Аталышын тактаңыз" in activity_page
    overview = client.get(url("overview", program.pk)).content.decode()
    assert "2 ачык пикир" in overview
    comment = ReviewComment.objects.get(part="activity")
    client.post(url("comment_reply", program.pk, comment.pk), {"text": "Тактадык", "resolve": "1"})
    comment.refresh_from_db()
    assert not comment.is_open and comment.replies.get().text == "Тактадык"
    data = form_data(client.get(url("activity", program.pk, activity.pk)))
    data["activity-title"] = "Суу түтүгүн толук алмаштыруу"
    assert client.post(url("activity", program.pk, activity.pk), data).status_code == 302

    # The head submits again; the coordinator sees what changed, word by word.
    client.force_login(world.head_a)
    version = Program.objects.get(pk=program.pk).version
    committed(lambda: client.post(url("transition", program.pk, "submit"), {"version": version}))
    assert Program.objects.get(pk=program.pk).status == S.SUBMITTED
    assert ReviewRound.objects.filter(program=program).count() == 2
    client.force_login(world.coordinator_a)
    review = client.get(url("review", program.pk)).content.decode()
    # The mark: a sign and a word for screen readers, then the word (planning.review.snapshot).
    assert re.search(r"<ins[^>]*>(?:<span[^>]*>[^<]*</span>)*\s*толук\s*</ins>", review), (
        "the added word is marked"
    )
    mail.outbox.clear()

    # The coordinator endorses.
    version = Program.objects.get(pk=program.pk).version
    committed(
        lambda: client.post(
            url("transition", program.pk, "endorse"), {"version": version, "comment": "Жакшы", "confirm": "1"}
        )
    )
    assert Program.objects.get(pk=program.pk).status == S.ENDORSED
    assert sorted(a for m in mail.outbox for a in m.to) == sorted([world.staff_a.email, world.head_a.email])
    mail.outbox.clear()

    # The head records the council's approval, with the signed scan, and publishes.
    client.force_login(world.head_a)
    version = Program.objects.get(pk=program.pk).version
    response = committed(
        lambda: client.post(
            url("approval", program.pk),
            {
                "version": version,
                "number": "19",
                "decided_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
                "scan": SimpleUploadedFile("чечим.pdf", pdf_bytes()),
            },
        )
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.status == S.APPROVED and program.council_decision_number == "19"
    assert program.council_decision_file.name.endswith(".pdf")
    committed(
        lambda: client.post(
            url("transition", program.pk, "publish"), {"version": program.version, "confirm": "1"}
        )
    )
    program.refresh_from_db()
    assert program.status == S.PUBLISHED and program.published_at is not None
    published = sorted(a for m in mail.outbox for a in m.to)
    assert published == sorted([world.staff_a.email, world.coordinator_a.email])  # the head acted
    assert all("жарыяланды" in m.subject or "опубликована" in m.subject for m in mail.outbox)

    # Every step is on record.
    steps = list(StatusChange.objects.filter(program=program).values_list("from_status", "to_status"))
    assert steps == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.CHANGES_REQUESTED),
        (S.CHANGES_REQUESTED, S.SUBMITTED),
        (S.SUBMITTED, S.ENDORSED),
        (S.ENDORSED, S.APPROVED),
        (S.APPROVED, S.PUBLISHED),
    ]
    timeline = client.get(url("timeline", program.pk)).content.decode()
    assert timeline.count('class="border-start border-3 ps-2 mb-3"') == 6
    # And everyone involved has it in their notifications too.
    assert Notification.objects.filter(recipient=world.staff_a).count() == 3


def test_approved_program_is_frozen(client, world, complete_a):
    Program.objects.filter(pk=complete_a.pk).update(status=S.APPROVED)
    client.force_login(world.staff_a)
    data = form_data(client.get(url("swot", complete_a.pk)))
    data["strengths"] = "Өзгөртүү"
    client.post(url("swot", complete_a.pk), data)
    complete_a.swot.refresh_from_db()
    assert complete_a.swot.strengths != "Өзгөртүү"
    client.force_login(world.coordinator_a)
    client.post(url("comment_add", complete_a.pk), {"part": "swot", "text": "Кеч калган пикир"})
    assert not ReviewComment.objects.exists()


def test_new_version_supersedes_the_old_one_when_published(world, complete_a):
    Program.objects.filter(pk=complete_a.pk).update(status=S.PUBLISHED, published_at=timezone.now())
    old = Program.objects.get(pk=complete_a.pk)
    new = workflow.program_new_version(program=old, user=world.head_a, expected_version=old.version)
    assert new.status == S.DRAFT and new.supersedes_id == old.pk
    assert Program.objects.get(pk=old.pk).status == S.PUBLISHED  # still the public one
    with pytest.raises(workflow.TransitionError):
        workflow.program_new_version(
            program=Program.objects.get(pk=old.pk), user=world.head_a, expected_version=old.version
        )
    Program.objects.filter(pk=new.pk).update(status=S.APPROVED)
    new.refresh_from_db()
    workflow.program_publish(program=new, user=world.head_a, expected_version=new.version)
    assert Program.objects.get(pk=old.pk).status == S.SUPERSEDED
    assert StatusChange.objects.filter(program=old, to_status=S.SUPERSEDED).exists()


def test_comments_only_by_reviewers_and_on_this_programs_parts(client, world, complete_a):
    foreign = build_program(municipality=world.municipality_b, activities=1)
    foreign_activity = Activity.objects.filter(objective__goal__priority__program=foreign).first()
    client.force_login(world.coordinator_a)
    client.post(
        url("comment_add", complete_a.pk), {"part_choice": f"activity:{foreign_activity.pk}", "text": "X"}
    )
    client.post(url("comment_add", complete_a.pk), {"part": "nonsense", "text": "X"})
    client.post(url("comment_add", complete_a.pk), {"part": "swot", "text": "   "})
    assert not ReviewComment.objects.exists()
    client.force_login(world.staff_a)
    client.post(url("comment_add", complete_a.pk), {"part": "swot", "text": "Өзүм"})
    assert not ReviewComment.objects.exists()
    client.force_login(world.coordinator_other)
    assert client.post(url("comment_add", complete_a.pk), {"part": "swot", "text": "X"}).status_code == 404


def test_notification_emails_are_sent_once_even_if_the_task_runs_twice(world, complete_a, committed):
    from planning.review.notifications import notification_send_email

    committed(
        lambda: workflow.program_submit(
            program=complete_a, user=world.head_a, expected_version=complete_a.version
        )
    )
    notification = Notification.objects.get()
    assert len(mail.outbox) == 1
    assert notification_send_email(notification.pk) is False
    assert len(mail.outbox) == 1


def test_broker_down_keeps_the_transition_and_the_email_waits(world, complete_a, monkeypatch, committed):
    from planning import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker is down")

    monkeypatch.setattr(tasks.send_notification_email, "delay", broker_down)
    committed(
        lambda: workflow.program_submit(
            program=complete_a, user=world.head_a, expected_version=complete_a.version
        )
    )
    assert Program.objects.get(pk=complete_a.pk).status == S.SUBMITTED
    assert mail.outbox == []
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    from django.core.management import call_command

    call_command("send_pending_notifications")
    assert len(mail.outbox) == 1


def test_nul_characters_and_huge_texts_never_give_a_500(client, world, complete_a):
    """Hostile input in the free-text fields of the review (PostgreSQL refuses NUL characters)."""
    client.force_login(world.head_a)
    response = client.post(
        url("transition", complete_a.pk, "submit"), {"version": complete_a.version, "comment": "Даяр\x00\x00"}
    )
    assert response.status_code == 302
    assert StatusChange.objects.get().comment == "Даяр"
    client.force_login(world.coordinator_a)
    assert (
        client.post(url("comment_add", complete_a.pk), {"part": "swot", "text": "Пикир\x00"}).status_code
        == 302
    )
    assert ReviewComment.objects.get().text == "Пикир"
    assert (
        client.post(url("comment_add", complete_a.pk), {"part": "swot", "text": "x" * 100_000}).status_code
        == 302
    )
    assert ReviewComment.objects.count() == 1  # too long: refused with a message
    comment = ReviewComment.objects.get()
    assert (
        client.post(url("comment_reply", complete_a.pk, comment.pk), {"text": "\x00"}).status_code == 302
    )  # empty after cleaning: refused with a message


def test_step_comments_write_dates_in_words_not_iso(world, complete_a):
    """The timeline and the history show these comments as they were written."""
    program = complete_a
    for action, user in [
        (workflow.Action.SUBMIT, world.head_a),
        (workflow.Action.ENDORSE, world.coordinator_a),
        (workflow.Action.RECORD_APPROVAL, world.head_a),  # decided on 7 April 2025
        (workflow.Action.PUBLISH, world.head_a),
    ]:
        program = Program.objects.get(pk=program.pk)
        _service(action, program, user, program.version)
    approval = StatusChange.objects.get(program=program, to_status=S.APPROVED)
    assert approval.comment == "Кеңештин 2025-жылдын 7-апрелиндеги №19 чечими"
    Program.objects.filter(pk=program.pk).update(
        published_at=timezone.make_aware(datetime(2025, 4, 9, 0, 30))
    )
    program = Program.objects.get(pk=program.pk)
    successor = workflow.program_new_version(
        program=program, user=world.head_a, expected_version=program.version
    )
    start = StatusChange.objects.get(program=successor)
    # Published after midnight in Bishkek (still 8 April in UTC): the local day.
    assert start.comment == "Программанын жаңы версиясы (мурункусу жарыяланган күн: 2025-жылдын 9-апрели)."
