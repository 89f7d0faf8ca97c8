"""Demo data: the review of the demo programs, played through the real workflow services.

Kök-Jar's 2020–2024 program goes through two review rounds (changes requested with comments,
then endorsed), is approved by the local council and published; Ak-Tal's 2020–2022 program is
submitted and waits for review. Runs only on programs that have not moved yet, so it is safe
to run twice.

The steps on the portal are dated relative to the day the demo is loaded, so that the dashboard's
"days in the stage" read as they would on a portal in use (Ak-Tal has waited twelve days,
Kök-Jar was published three weeks ago after four months of review), while the facts from the
field keep their dates (the working groups of 2019, the council's decision of 20 December 2019,
the hearings): the municipalities put programs made then onto the portal now. The history rows
are dated with the steps, so that the history of changes tells the story in its order (the
program as typed in, the steps, the staff's corrections between the two rounds).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from planning.authoring.history import history_querysets
from planning.models import (
    Activity,
    CommentReply,
    Notification,
    Program,
    ReviewComment,
    ReviewRound,
    StatusChange,
    Swot,
)
from planning.review import comments, workflow

# The council's decision on Kök-Jar's program, as recorded (a fact of the field, not of the portal).
KOK_JAR_DECISION = ("41", date(2019, 12, 20))
# Days before the demo is loaded on which each step happened.
KOK_JAR_STEPS = {
    "submitted": 123,
    "commented": 119,
    "changes_requested": 116,
    "corrected": 106,
    "resubmitted": 102,
    "endorsed": 95,
    "approval_recorded": 28,
    "published": 21,
}
AK_TAL_SUBMITTED = 12


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _fresh(program: Program) -> Program:
    return Program.objects.get(pk=program.pk)


def _date_last_change(program: Program, day: date, hour: int = 10) -> None:
    change = StatusChange.objects.filter(program=program).order_by("-id").first()
    StatusChange.objects.filter(pk=change.pk).update(at=_at(day, hour))


def _date_history(program: Program, day: date, hour: int, *, since: datetime | None = None) -> None:
    """Date the program's history rows (those written since `since`, or all) back to `day`."""
    for rows in history_querysets(program):
        if since is not None:
            rows = rows.filter(history_date__gte=since)
        rows.update(history_date=_at(day, hour))


def play_kok_jar(program: Program, *, head, staff, coordinator) -> None:
    """Two rounds, the council's approval and publication."""
    typed_in = _at(days_ago(KOK_JAR_STEPS["submitted"]), 9)  # the program as the working group wrote it
    _date_history(program, typed_in.date(), 9)
    Program.objects.filter(pk=program.pk).update(created_at=typed_in)
    workflow.program_submit(
        program=_fresh(program), user=head, expected_version=_fresh(program).version,
        comment="Жумушчу топ даярдаган программанын долбоору кароого жөнөтүлдү.",
    )  # fmt: skip
    _date_last_change(program, days_ago(KOK_JAR_STEPS["submitted"]))
    ReviewRound.objects.filter(program=program, number=1).update(
        submitted_at=_at(days_ago(KOK_JAR_STEPS["submitted"]))
    )

    activity = (
        Activity.objects.filter(objective__goal__priority__program=program)
        .order_by("objective__goal__priority__order", "order")
        .first()
    )
    first = comments.comment_add(
        program=_fresh(program), user=coordinator, part="activity", part_id=activity.pk,
        text="Бул иш-чаранын күтүлгөн натыйжасын сан менен көрсөтүңүз: канча үй чарбасы пайдаланат?",
    )  # fmt: skip
    second = comments.comment_add(
        program=_fresh(program), user=coordinator, part="swot",
        text="Коркунучтарга климаттын өзгөрүшүнүн таасирин (кургакчылык, сел) кошуңуз.",
    )  # fmt: skip
    ReviewComment.objects.filter(pk__in=[first.pk, second.pk]).update(
        created_at=_at(days_ago(KOK_JAR_STEPS["commented"]))
    )
    workflow.program_request_changes(
        program=_fresh(program), user=coordinator, expected_version=_fresh(program).version,
        summary="Программа жалпысынан жакшы. Эки пикирди эске алып, кайра жөнөтүңүз.",
    )  # fmt: skip
    _date_last_change(program, days_ago(KOK_JAR_STEPS["changes_requested"]))
    ReviewRound.objects.filter(program=program, number=1).update(
        closed_at=_at(days_ago(KOK_JAR_STEPS["changes_requested"]))
    )

    # The staff answer, change the plan and resolve the comments.
    corrections = timezone.now()
    comments.comment_reply(comment=first, user=staff, text="Натыйжа толукталды: 420 үй чарбасы.")
    comments.comment_set_resolved(comment=first, user=staff, resolved=True)
    comments.comment_reply(comment=second, user=staff, text="SWOT-талдоого кошулду.")
    comments.comment_set_resolved(comment=second, user=staff, resolved=True)
    activity.expected_result = "420 үй чарбасы таза ичүүчү суу менен камсыз болот"
    activity._history_user = staff  # read by django-simple-history (no request here)
    activity.save(update_fields=["expected_result"])
    swot = Swot.objects.get(program=program)
    if "кургакчылык" not in swot.threats:
        swot.threats = (swot.threats + "\nКлиматтын өзгөрүшү: кургакчылык жана сел жүрүү коркунучу").strip()
        swot._history_user = staff
        swot.save(update_fields=["threats"])
    _date_history(program, days_ago(KOK_JAR_STEPS["corrected"]), 11, since=corrections)
    corrected = _at(days_ago(KOK_JAR_STEPS["corrected"]), 11)
    CommentReply.objects.filter(comment__in=[first, second]).update(created_at=corrected)
    ReviewComment.objects.filter(pk__in=[first.pk, second.pk]).update(resolved_at=corrected)

    workflow.program_submit(program=_fresh(program), user=head, expected_version=_fresh(program).version)
    _date_last_change(program, days_ago(KOK_JAR_STEPS["resubmitted"]))
    ReviewRound.objects.filter(program=program, number=2).update(
        submitted_at=_at(days_ago(KOK_JAR_STEPS["resubmitted"]))
    )
    workflow.program_endorse(
        program=_fresh(program), user=coordinator, expected_version=_fresh(program).version,
        comment="Пикирлер эске алынды. Айылдык кеңешке сунуштоого болот.",
    )  # fmt: skip
    _date_last_change(program, days_ago(KOK_JAR_STEPS["endorsed"]))
    ReviewRound.objects.filter(program=program, number=2).update(
        closed_at=_at(days_ago(KOK_JAR_STEPS["endorsed"]))
    )
    workflow.program_record_approval(
        program=_fresh(program), user=head, expected_version=_fresh(program).version,
        number=KOK_JAR_DECISION[0], decided_on=KOK_JAR_DECISION[1],
    )  # fmt: skip
    _date_last_change(program, days_ago(KOK_JAR_STEPS["approval_recorded"]), 15)
    workflow.program_publish(program=_fresh(program), user=head, expected_version=_fresh(program).version)
    _date_last_change(program, days_ago(KOK_JAR_STEPS["published"]))
    Program.objects.filter(pk=program.pk).update(published_at=_at(days_ago(KOK_JAR_STEPS["published"])))


def play_ak_tal(program: Program, *, head) -> None:
    """Submitted, waiting for the coordinator."""
    _date_history(program, days_ago(AK_TAL_SUBMITTED), 9)
    Program.objects.filter(pk=program.pk).update(created_at=_at(days_ago(AK_TAL_SUBMITTED), 9))
    workflow.program_submit(
        program=_fresh(program), user=head, expected_version=_fresh(program).version,
        comment="Долбоор 1-июнга чейин айылдык кеңешке берилиши керек.",
    )  # fmt: skip
    _date_last_change(program, days_ago(AK_TAL_SUBMITTED))
    ReviewRound.objects.filter(program=program).update(submitted_at=_at(days_ago(AK_TAL_SUBMITTED)))


def load_demo_review(programs: dict[str, Program], users: dict) -> None:
    """Play the review of the demo programs that have not moved yet."""
    kok_jar, ak_tal = programs.get("kok-jar"), programs.get("ak-tal")
    touched = []
    if kok_jar is not None and not StatusChange.objects.filter(program=kok_jar).exists():
        play_kok_jar(
            kok_jar,
            head=users["kokjar_head"],
            staff=users["kokjar_staff"],
            coordinator=users["vap_coordinator"],
        )
        touched.append(kok_jar.pk)
    if ak_tal is not None and not StatusChange.objects.filter(program=ak_tal).exists():
        play_ak_tal(ak_tal, head=users["aktal_head"])
        touched.append(ak_tal.pk)
    # The demo's story is played, not lived: its notifications are not e-mailed now.
    Notification.objects.filter(program_id__in=touched, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
