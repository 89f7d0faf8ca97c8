"""A new version of a program: a draft that replaces it, with a copy of all its content.

Rows are copied with the usual Django idiom (pk = None, then save()), so every field is copied,
including fields added to the models later, and django-simple-history records each new row.
"""

from __future__ import annotations

from django.db import models, transaction

from planning.models import (
    Activity,
    FundingLine,
    GeneralCharacteristics,
    Goal,
    Indicator,
    IndicatorTarget,
    KeyFigure,
    Meeting,
    Objective,
    Priority,
    Program,
    SectorAnalysis,
    Swot,
    WorkingGroup,
    WorkingGroupMember,
    WorkPlanTask,
)


def _save_copy(obj: models.Model, user, **changes) -> models.Model:
    """Save `obj` as a new row with `changes` applied (one INSERT and one history row)."""
    obj.pk = None
    obj._state.adding = True
    for name, value in changes.items():
        setattr(obj, name, value)
    if user is not None:
        obj._history_user = user  # read by django-simple-history when there is no request
    obj.save()
    return obj


def _by_parent(rows, attname: str) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(getattr(row, attname), []).append(row)
    return grouped


def program_copy(program: Program, *, user=None) -> Program:
    """Start a new draft version of `program`, with a deep copy of everything in it.

    The copy replaces the program (`supersedes`), starts at version 1 without a council decision,
    and keeps the indicators' targets but not their actual values. The scanned order of the
    working group is shared (same file), not duplicated. Raises ValueError if the program already
    has a successor. Reads take a fixed number of queries (17, counting the locked original and
    the successor check); each copied row costs an INSERT and its history row.
    """
    with transaction.atomic():
        # Lock the original: two people copying at once get one copy and one ValueError.
        original = Program.objects.select_for_update().get(pk=program.pk)
        if Program.objects.filter(supersedes=original).exists():
            raise ValueError(f"Program {original.pk} already has a new version.")

        copy = Program(
            municipality_id=original.municipality_id,
            title=original.title,
            start_year=original.start_year,
            end_year=original.end_year,
            vision=original.vision,
            strategic_goal=original.strategic_goal,
            status=Program.Status.DRAFT,
            supersedes=original,
            staff_may_submit=False,
        )
        if user is not None:
            copy._history_user = user
        copy.save()

        for model in (GeneralCharacteristics, Swot):
            for row in model.objects.filter(program=original):
                _save_copy(row, user, program=copy)

        for group in WorkingGroup.objects.filter(program=original):
            old_group_id = group.pk
            # The FieldFile keeps its name: the new row points to the same scanned order.
            group = _save_copy(group, user, program=copy)
            members = {}
            for member in WorkingGroupMember.objects.filter(working_group_id=old_group_id).order_by("id"):
                old_id = member.pk
                members[old_id] = _save_copy(member, user, working_group=group)
            for task in WorkPlanTask.objects.filter(working_group_id=old_group_id).order_by("id"):
                _save_copy(task, user, working_group=group, responsible=members.get(task.responsible_id))
            for meeting in Meeting.objects.filter(working_group_id=old_group_id).order_by("id"):
                _save_copy(meeting, user, working_group=group)

        figures = _by_parent(
            KeyFigure.objects.filter(analysis__program=original).order_by("id"), "analysis_id"
        )
        for analysis in SectorAnalysis.objects.filter(program=original).order_by("id"):
            old_id = analysis.pk
            analysis = _save_copy(analysis, user, program=copy)
            for figure in figures.get(old_id, []):
                _save_copy(figure, user, analysis=analysis)

        _copy_plan(original, copy, user)
    return copy


def _copy_plan(original: Program, copy: Program, user) -> None:
    """Directions → goals → objectives → activities → funding lines; indicators → targets."""
    goals = _by_parent(Goal.objects.filter(priority__program=original).order_by("id"), "priority_id")
    objectives = _by_parent(
        Objective.objects.filter(goal__priority__program=original).order_by("id"), "goal_id"
    )
    activities = _by_parent(
        Activity.objects.filter(objective__goal__priority__program=original).order_by("id"), "objective_id"
    )
    lines = _by_parent(
        FundingLine.objects.filter(activity__objective__goal__priority__program=original).order_by("id"),
        "activity_id",
    )
    indicators = _by_parent(
        Indicator.objects.filter(objective__goal__priority__program=original).order_by("id"), "objective_id"
    )
    targets = _by_parent(
        IndicatorTarget.objects.filter(indicator__objective__goal__priority__program=original).order_by("id"),
        "indicator_id",
    )

    for priority in Priority.objects.filter(program=original).order_by("id"):
        old_priority = priority.pk
        priority = _save_copy(priority, user, program=copy)
        for goal in goals.get(old_priority, []):
            old_goal = goal.pk
            goal = _save_copy(goal, user, priority=priority)
            for objective in objectives.get(old_goal, []):
                old_objective = objective.pk
                objective = _save_copy(objective, user, goal=goal)
                for activity in activities.get(old_objective, []):
                    old_activity = activity.pk
                    activity = _save_copy(activity, user, objective=objective)
                    for line in lines.get(old_activity, []):
                        _save_copy(line, user, activity=activity)
                for indicator in indicators.get(old_objective, []):
                    old_indicator = indicator.pk
                    indicator = _save_copy(indicator, user, objective=objective)
                    for target in targets.get(old_indicator, []):
                        _save_copy(target, user, indicator=indicator, actual=None)
