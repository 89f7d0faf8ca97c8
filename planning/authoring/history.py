"""The change history of a program: every part's historical rows (django-simple-history),
newest first, with what changed in each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import chain

from django.utils.translation import gettext as _

from planning import models


@dataclass
class Change:
    when: datetime
    who: str
    kind: str  # "+", "~", "-"
    what: str
    label: str
    fields: list[tuple[str, str, str]]


HISTORY_PAGE = 40


def _history_querysets(program: models.Program):
    """The historical rows of every part of one program (deleted parts included)."""
    h = {model: model.history.model for model in (
        models.Program, models.GeneralCharacteristics, models.WorkingGroup, models.WorkingGroupMember,
        models.WorkPlanTask, models.Meeting, models.SectorAnalysis, models.KeyFigure, models.Swot,
        models.Priority, models.Goal, models.Objective, models.Activity, models.FundingLine,
        models.Indicator, models.IndicatorTarget,
    )}  # fmt: skip
    group_ids = list(
        h[models.WorkingGroup].objects.filter(program_id=program.pk).values_list("id", flat=True).distinct()
    )
    analysis_ids = list(
        h[models.SectorAnalysis].objects.filter(program_id=program.pk).values_list("id", flat=True).distinct()
    )
    priority_ids = list(
        h[models.Priority].objects.filter(program_id=program.pk).values_list("id", flat=True).distinct()
    )
    goal_ids = list(
        h[models.Goal].objects.filter(priority_id__in=priority_ids).values_list("id", flat=True).distinct()
    )
    objective_ids = list(
        h[models.Objective].objects.filter(goal_id__in=goal_ids).values_list("id", flat=True).distinct()
    )
    activity_ids = list(
        h[models.Activity]
        .objects.filter(objective_id__in=objective_ids)
        .values_list("id", flat=True)
        .distinct()
    )
    indicator_ids = list(
        h[models.Indicator]
        .objects.filter(objective_id__in=objective_ids)
        .values_list("id", flat=True)
        .distinct()
    )
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


def _display(record, field) -> str:
    value = getattr(record, field.attname, None)
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        try:
            return str(getattr(record, field.name))
        except Exception:  # noqa: BLE001 - the related row may be gone
            return f"#{value}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def recent_changes(program: models.Program, *, limit: int = HISTORY_PAGE) -> list[Change]:
    """The latest changes to any part of the program, newest first, with what changed."""
    records = sorted(
        chain.from_iterable(
            qs.select_related("history_user").order_by("-history_date")[:limit]
            for qs in _history_querysets(program)
        ),
        key=lambda r: r.history_date,
        reverse=True,
    )[:limit]
    changes = []
    for record in records:
        model = record.instance_type
        fields = []
        if record.history_type == "~":
            previous = record.prev_record
            if previous is not None:
                delta = record.diff_against(previous, excluded_fields=["version", "updated_at", "search_key"])
                for change in delta.changes:
                    field = model._meta.get_field(change.field)
                    fields.append(
                        (str(field.verbose_name), _display(previous, field), _display(record, field))
                    )
            if not fields:
                continue
        user = record.history_user
        changes.append(
            Change(
                when=record.history_date,
                who=user.display_name if user else _("(system)"),
                kind=record.history_type,
                what=str(model._meta.verbose_name),
                label=str(record.instance)[:120],
                fields=fields,
            )
        )
    return changes
