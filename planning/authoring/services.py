"""Operations that change programs. Views call these; they do not write models themselves."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from planning.authoring.locking import claim_part
from planning.models import (
    Activity,
    FundingLine,
    FundingSource,
    GeneralCharacteristics,
    Indicator,
    IndicatorTarget,
    Program,
    Swot,
    WorkingGroup,
)
from planning.review.workflow import EDITABLE_STATUSES
from planning.selectors import program_activities, program_funding_lines


class ProgramNotEditable(Exception):
    """The program's state (submitted, approved, published…) does not allow changes."""

    def __init__(self, program: Program):
        super().__init__(program.status)
        self.program = program


class PeriodConflict(Exception):
    """A new period would leave parts of the plan outside it."""


def ensure_editable(program: Program) -> None:
    if not program.is_editable:
        raise ProgramNotEditable(program)


@transaction.atomic
def program_create(*, municipality, user, title: str, start_year: int, end_year: int) -> Program:
    """Start a new draft program with its empty parts (working group, characteristics, SWOT)."""
    program = Program.objects.create(
        municipality=municipality, title=title, start_year=start_year, end_year=end_year
    )
    WorkingGroup.objects.create(program=program)
    GeneralCharacteristics.objects.create(program=program)
    Swot.objects.create(program=program)
    return program


def outside_period(program: Program, start_year: int, end_year: int) -> list[str]:
    """What of the plan lies outside a candidate period, as sentences for the user."""
    problems = []
    activities = (
        program_activities(program).exclude(start_year__gte=start_year, end_year__lte=end_year).count()
    )
    if activities:
        problems.append(
            _("%(count)s activities have years outside %(start)s–%(end)s.")
            % {"count": activities, "start": start_year, "end": end_year}
        )
    lines = program_funding_lines(program).exclude(year__gte=start_year, year__lte=end_year).count()
    if lines:
        problems.append(
            _("%(count)s funding amounts are for years outside %(start)s–%(end)s.")
            % {"count": lines, "start": start_year, "end": end_year}
        )
    return problems


def save_part(*, program: Program, part: str, user, lock_version, write: Callable[[], object]) -> None:
    """Save one part of a program: state check, version check, then `write()`, in one transaction.

    Raises ProgramNotEditable or planning.authoring.locking.EditConflict; then nothing is written.
    """
    ensure_editable(program)
    with transaction.atomic():
        # Lock the program's row: a submission waits for this save, or this save sees it.
        current = Program.objects.select_for_update().only("status").get(pk=program.pk)
        if current.status not in EDITABLE_STATUSES:
            program.status = current.status
            raise ProgramNotEditable(program)
        claim_part(program, part, lock_version, user)
        write()


def program_update_settings(*, program: Program, title: str, start_year: int, end_year: int) -> None:
    """Change the title or the period; refuse a period that would leave parts of the plan outside."""
    problems = outside_period(program, start_year, end_year)
    if problems:
        raise PeriodConflict(" ".join(problems))
    program.title, program.start_year, program.end_year = title, start_year, end_year
    program.save(update_fields=["title", "start_year", "end_year", "updated_at"])
    # Targets of years that left the period have no meaning any more.
    IndicatorTarget.objects.filter(indicator__objective__goal__priority__program=program).exclude(
        year__gte=start_year, year__lte=end_year
    ).delete()


def activity_replace_funding(
    *, activity: Activity, rows: list[tuple[FundingSource, dict[int, Decimal]]]
) -> int:
    """Make the activity's funding lines exactly `rows` (source → amount per year).

    Unchanged lines are left alone, so the history shows only what really changed. Returns the
    number of lines the activity has afterwards.
    """
    wanted = {(source.pk, year): amount for source, amounts in rows for year, amount in amounts.items()}
    existing = {(line.source_id, line.year): line for line in activity.funding_lines.all()}
    for key, line in existing.items():
        if key not in wanted:
            line.delete()
        elif line.amount != wanted[key]:
            line.amount = wanted[key]
            line.save(update_fields=["amount"])
    for (source_id, year), amount in wanted.items():
        if (source_id, year) not in existing:
            FundingLine.objects.create(activity=activity, source_id=source_id, year=year, amount=amount)
    return len(wanted)


def indicator_set_targets(*, indicator: Indicator, targets: dict[int, Decimal | None]) -> None:
    """Store the yearly targets of an indicator; an emptied year removes its target."""
    existing = {t.year: t for t in indicator.targets.all()}
    for year, value in targets.items():
        target = existing.get(year)
        if value is None:
            if target is not None:
                target.delete()
        elif target is None:
            IndicatorTarget.objects.create(indicator=indicator, year=year, value=value)
        elif target.value != value:
            target.value = value
            target.save(update_fields=["value"])
