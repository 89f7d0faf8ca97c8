"""The change history of a program, newest first, as a municipal specialist reads it.

Two sources, merged:

- the steps of the workflow (submitted, changes requested, endorsed, approved, published…) from
  StatusChange, the only record of the status: a transition moves it with a conditional UPDATE
  (planning/review/workflow.py), which writes no historical row;
- the historical rows of every part of the program (django-simple-history), each compared with
  the row before it of the same part. Fields that only the workflow writes are never compared:
  between two historical rows they jump, and the jump would be shown at the time and under the
  name of whoever saved the program next.

Values read as people read them, in the active language: fields by their verbose_name, choices
by label, related rows by their name, dates and numbers formatted for the language, files as
"attached", "replaced" or "removed" (never the stored path). Fields with no label of their own
(position counters, the version, the link to the parent) are internal and left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from itertools import chain

from django.core.exceptions import ObjectDoesNotExist
from django.db import models as db
from django.db.models import OuterRef, Q
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from planning import models

HISTORY_PAGE = 40

# Written with a queryset UPDATE, which leaves no historical row: the status, the version and
# the council's decision by the transitions (the decision is in the approval step's comment).
# ("Specialists may submit" is saved by its service with a historical row, so it is shown.)
WORKFLOW_FIELDS = frozenset(
    {
        "status",
        "version",
        "published_at",
        "council_decision_number",
        "council_decision_date",
    }
)
# Parts of which a program has one: the program's name would only repeat the page's title.
ONE_PER_PROGRAM = (models.GeneralCharacteristics, models.WorkingGroup, models.Swot)


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: str = ""
    new: str = ""
    note: str = ""  # said instead of "old → new" (files: "file attached")


@dataclass
class Change:
    ADDED, CHANGED, REMOVED, STATUS = "+", "~", "-", "status"

    when: datetime
    who: str
    kind: str
    what: str
    label: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    status: tuple[str, str] = ("", "")  # a workflow step: from, to
    comment: str = ""


def _ids(history: type[db.Model], **lookup) -> list[int]:
    # order_by(): the default ordering would join the DISTINCT and give one id per historical row.
    return list(history.objects.filter(**lookup).order_by().values_list("id", flat=True).distinct())


def history_querysets(program: models.Program) -> list[db.QuerySet]:
    """The historical rows of every part of one program (deleted parts included)."""
    h = {model: model.history.model for model in (
        models.Program, models.GeneralCharacteristics, models.WorkingGroup, models.WorkingGroupMember,
        models.WorkPlanTask, models.Meeting, models.SectorAnalysis, models.KeyFigure, models.Swot,
        models.Priority, models.Goal, models.Objective, models.Activity, models.FundingLine,
        models.Indicator, models.IndicatorTarget,
    )}  # fmt: skip
    # Lists, not subqueries: an empty one costs no query for the parts below it.
    group_ids = _ids(h[models.WorkingGroup], program_id=program.pk)
    analysis_ids = _ids(h[models.SectorAnalysis], program_id=program.pk)
    priority_ids = _ids(h[models.Priority], program_id=program.pk)
    goal_ids = _ids(h[models.Goal], priority_id__in=priority_ids)
    objective_ids = _ids(h[models.Objective], goal_id__in=goal_ids)
    activity_ids = _ids(h[models.Activity], objective_id__in=objective_ids)
    indicator_ids = _ids(h[models.Indicator], objective_id__in=objective_ids)
    return [
        h[models.Program].objects.filter(id=program.pk),
        h[models.GeneralCharacteristics].objects.filter(program_id=program.pk),
        h[models.WorkingGroup].objects.filter(program_id=program.pk),
        h[models.WorkingGroupMember].objects.filter(working_group_id__in=group_ids),
        h[models.WorkPlanTask].objects.filter(working_group_id__in=group_ids),
        h[models.Meeting].objects.filter(working_group_id__in=group_ids),
        h[models.SectorAnalysis].objects.filter(program_id=program.pk),
        h[models.KeyFigure].objects.filter(analysis_id__in=analysis_ids),
        h[models.Swot].objects.filter(program_id=program.pk),
        h[models.Priority].objects.filter(program_id=program.pk),
        h[models.Goal].objects.filter(priority_id__in=priority_ids),
        h[models.Objective].objects.filter(goal_id__in=goal_ids),
        h[models.Activity].objects.filter(objective_id__in=objective_ids),
        h[models.FundingLine].objects.filter(activity_id__in=activity_ids),
        h[models.Indicator].objects.filter(objective_id__in=objective_ids),
        h[models.IndicatorTarget].objects.filter(indicator_id__in=indicator_ids),
    ]


# --- Which fields, and how they read ----------------------------------------------------------


def shown_fields(model: type[db.Model]) -> list[db.Field]:
    """The fields of a part that the history compares and shows."""
    kept = {f.name for f in model.history.model._meta.fields}  # the phone is not kept at all
    return [
        f
        for f in model._meta.concrete_fields
        if f.name in kept
        and not f.primary_key
        # A field without a translated label of its own is internal: the position counters of
        # rows (members, tasks, key figures, indicators), the version, the link to the parent.
        and isinstance(f.verbose_name, Promise)
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
        and not (model is models.Program and f.name in WORKFLOW_FIELDS)
    ]


def _number(value, field: db.Field) -> str:
    """Grouped by thousands as the active language groups them; decimals only if the value has some."""
    decimals = None
    if isinstance(value, Decimal):
        decimals = 0 if value == value.to_integral_value() else field.decimal_places
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _value(record, field: db.Field) -> str:
    """The value of a field in one historical row, as a person reads it."""
    value = getattr(record, field.attname, None)
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        try:
            related = getattr(record, field.name)  # selected with the row
        except ObjectDoesNotExist:
            related = None
        return str(related) if related is not None else _("(deleted)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(field, db.DateField):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(field, db.DecimalField) or (
        isinstance(field, db.IntegerField) and "year" not in field.name
    ):
        return _number(value, field)
    return str(value)


def _file_note(old, new) -> str:
    if not old:
        return _("file attached")
    if not new:
        return _("file removed")
    return _("file replaced")


def _field_changes(record, previous, fields: list[db.Field]) -> list[FieldChange]:
    changes = []
    for f in fields:
        old, new = getattr(previous, f.attname, None), getattr(record, f.attname, None)
        if old == new:
            continue
        name = str(f.verbose_name)
        if isinstance(f, db.FileField):
            if old or new:
                changes.append(FieldChange(name, note=_file_note(old, new)))
            continue
        shown_old, shown_new = _value(previous, f), _value(record, f)
        if shown_old != shown_new:
            changes.append(FieldChange(name, shown_old, shown_new))
    return changes


def _label(record, model: type[db.Model]) -> str:
    """Which part it is, in a few words (the model's __str__ would show raw numbers and dates)."""
    if model in ONE_PER_PROGRAM:
        return ""
    get = model._meta.get_field
    if model is models.Meeting:
        return _value(record, get("date"))
    if model is models.SectorAnalysis:
        return _value(record, get("sector"))
    if model is models.FundingLine:
        return f"{_value(record, get('source'))} {record.year}: {_value(record, get('amount'))}"
    if model is models.IndicatorTarget:
        return f"{record.year}: {_value(record, get('value'))}"
    # Not record.instance: it reads the fields the history leaves out (the phone) from the table.
    part = model(
        **{
            f.attname: getattr(record, f.attname)
            for f in model._meta.concrete_fields
            if hasattr(record, f.attname)
        }
    )
    return str(part)[:120]


# --- The rows ---------------------------------------------------------------------------------


def _latest_with_previous(rows: db.QuerySet, fields: list[db.Field], limit: int) -> list:
    """The latest `limit` of `rows`, newest first, each with `.previous`: the row before it of
    the same part (or None). One query: the latest rows and the rows before them come together."""
    history = rows.model
    order = ("-history_date", "-history_id")
    before = (
        history.objects.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by(*order)
        .values("history_id")[:1]
    )
    latest = rows.order_by(*order)
    fetched = list(
        history.objects.filter(
            Q(history_id__in=latest.values("history_id")[:limit])
            | Q(history_id__in=latest.annotate(before=before).values("before")[:limit])
        )
        .select_related("history_user", *(f.name for f in fields if f.is_relation))
        .order_by(*order)
    )
    # A row fetched as the one before a latest row is older than every latest row (or is one
    # of them), so the latest rows come first.
    last_seen: dict[int, object] = {}  # of each part, going from the oldest row to the newest
    for row in reversed(fetched):
        row.previous = last_seen.get(row.id)
        last_seen[row.id] = row
    return fetched[:limit]


def _part_changes(program: models.Program, limit: int) -> list[Change]:
    changes = []
    for rows in history_querysets(program):
        model = rows.model.instance_type
        fields = shown_fields(model)
        for record in _latest_with_previous(rows, fields, limit):
            changed = []
            if record.history_type == Change.CHANGED:
                if record.previous is None:
                    continue  # inserted without a history row (in bulk): what changed is unknown
                changed = _field_changes(record, record.previous, fields)
                if not changed:
                    continue
            user = record.history_user
            changes.append(
                Change(
                    when=record.history_date,
                    who=user.display_name if user else _("(system)"),
                    kind=record.history_type,
                    what=str(model._meta.verbose_name),
                    label=_label(record, model),
                    fields=changed,
                )
            )
    return changes


def _status_changes(program: models.Program, limit: int) -> list[Change]:
    """The workflow's steps, as the timeline shows them."""
    steps = (
        models.StatusChange.objects.filter(program=program)
        .select_related("by")
        .order_by("-at", "-id")[:limit]
    )
    what = str(models.Program._meta.get_field("status").verbose_name)
    return [
        Change(
            when=step.at,
            who=step.by.display_name if step.by else _("(deleted user)"),
            kind=Change.STATUS,
            what=what,
            status=(
                step.get_from_status_display() if step.from_status else _("created"),
                step.get_to_status_display(),
            ),
            comment=step.comment,
        )
        for step in steps
    ]


def recent_changes(program: models.Program, *, limit: int = HISTORY_PAGE) -> list[Change]:
    """The latest changes to any part of the program and its workflow steps, newest first.

    Queries: the workflow's steps (1); the ids of the program's parts that have parts of their
    own (up to 7); for each kind of part, its latest rows with the rows before them (up to 16).
    None grows with the size of the program.
    """
    return sorted(
        chain(_status_changes(program, limit), _part_changes(program, limit)),
        key=lambda change: change.when,
        reverse=True,
    )[:limit]
