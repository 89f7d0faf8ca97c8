"""Operations that change programs. Views call these; they do not write models themselves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from documents.uploads import delete_after_commit
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


@dataclass(frozen=True)
class FundingChange:
    written: int  # lines created or changed
    deleted: int
    total: int  # lines the activity has afterwards


def activity_replace_funding(
    *,
    activity: Activity,
    rows: list[tuple[FundingSource, dict[int, Decimal]]],
    user=None,
    existing: list[FundingLine] | None = None,
) -> FundingChange:
    """Make the activity's funding lines exactly `rows` (source → amount per year).

    The activity page and the Excel import both write funding through here. Unchanged lines are
    left alone, so the history shows only what really changed, and each change is recorded as
    `user`'s. `existing` saves the query when the caller has read the lines already.
    """

    def recorded(line: FundingLine) -> FundingLine:
        if user is not None:  # otherwise the request's user (simple_history's middleware)
            line._history_user = user
        return line

    wanted = {(source.pk, year): amount for source, amounts in rows for year, amount in amounts.items()}
    lines = existing if existing is not None else list(activity.funding_lines.all())
    current = {(line.source_id, line.year): line for line in lines}
    written = deleted = 0
    for key, line in current.items():
        if key not in wanted:
            recorded(line).delete()
            deleted += 1
    for (source_id, year), amount in wanted.items():
        line = current.get((source_id, year))
        if line is None:
            recorded(FundingLine(activity=activity, source_id=source_id, year=year, amount=amount)).save()
            written += 1
        elif line.amount != amount:
            line.amount = amount
            recorded(line).save(update_fields=["amount"])
            written += 1
    return FundingChange(written=written, deleted=deleted, total=len(wanted))


# --- Saving the pages' forms (called by services.save_part's `write`, inside its transaction) ---
#
# The views validate; these decide what is written and in which order, so a page's rules about
# saving live here and not in the view.


def forms_save(*forms) -> None:
    """Save validated model forms and formsets in the order given (a parent before its rows)."""
    for form in forms:
        form.save()


def rows_save(formset) -> None:
    """A model formset's rows as formset.save() writes them, with the changed rows in bulk.

    Django saves each changed row with its own UPDATE and its history with its own INSERT
    (and a history manager built for each): 100 queries for a table of 50. Here the changed rows
    go in one UPDATE and their history rows in one INSERT (simple_history's
    bulk_update_with_history: the same rows, "~", the request's user as a single save records).
    Rows removed and rows added are written one by one, as the formset does. For models whose
    save() and signals do nothing but the history (an Activity); the caller's transaction holds.
    """
    changed, names = [], set()
    formset.changed_objects, formset.deleted_objects = [], []
    deleted = formset.deleted_forms
    for form in formset.initial_forms:
        row = form.instance
        if row.pk is None:  # a row deleted meanwhile, or not one of the formset's
            continue
        if form in deleted:
            formset.deleted_objects.append(row)
            formset.delete_existing(row)
        elif form.has_changed():
            formset.changed_objects.append((row, form.changed_data))
            changed.append(form.save(commit=False))
            names.update(form.changed_data)
    if changed:
        model = formset.model
        # The columns some row changed (an UPDATE of every column of every row would cost
        # more to build than the rows' own saves).
        fields = [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name in names]
        bulk_update_with_history(changed, model, fields, batch_size=500)
    formset.save_new_objects(commit=True)


def _save_rows_in_order(formset, instance) -> None:
    """Save a formset's rows under `instance`, numbered in the order the page shows them."""
    formset.instance = instance
    for index, form in enumerate(formset.forms, start=1):
        if hasattr(form.instance, "order"):
            form.instance.order = index
    formset.save()


def working_group_save(*, group_form, members, tasks, meetings) -> WorkingGroup:
    """The working group page: the order that formed it, then its members, work-plan tasks and
    meetings, each list kept in the order the page shows."""
    replaced = group_form.initial.get("order_file")  # the stored order, before this save
    group = group_form.save()
    for rows in (members, tasks, meetings):
        _save_rows_in_order(rows, group)
    if replaced and replaced.name != group.order_file.name:
        # A new version of a program shares its predecessor's order (program_copy): the file goes
        # only once no working group refers to it.
        name = replaced.name
        delete_after_commit(
            replaced.storage, name, still_used=lambda: WorkingGroup.objects.filter(order_file=name).exists()
        )
    return group


def sector_analysis_save(*, form, figures):
    """A sector's analysis text and its key figures (the analysis is created on its first save)."""
    analysis = form.save()
    figures.instance = analysis
    figures.save()
    return analysis


def activity_save(*, form, funding) -> Activity:
    """An activity and its funding: a row per source, an amount per year (emptied rows dropped)."""
    activity = form.save()
    rows = [
        (row.cleaned_data["source"], row.amounts())
        for row in funding.forms
        if row.cleaned_data and not row.cleaned_data.get("DELETE") and row.cleaned_data.get("source")
    ]
    activity_replace_funding(activity=activity, rows=rows)
    return activity


def indicators_save(*, formset) -> None:
    """The indicators of the M&E plan and the yearly targets of each."""
    formset.save()
    for form in formset.forms:
        if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.instance.pk:
            indicator_set_targets(indicator=form.instance, targets=form.targets())


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
