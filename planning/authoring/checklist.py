"""The completeness checklist: for each step of the program, done, or exactly what is missing.

Reads a fixed number of queries whatever the size of the plan (the plan tree plus a few counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planning.models import (
    GeneralCharacteristics,
    Program,
    Sector,
    SectorAnalysis,
    Swot,
    WorkingGroup,
    WorkingGroupMember,
)
from planning.selectors import PlanTree, plan_tree

MAX_LISTED = 5

STEPS = [
    ("working_group", gettext_lazy("Working group"), "planning:working_group"),
    ("characteristics", gettext_lazy("General characteristics"), "planning:characteristics"),
    ("analysis", gettext_lazy("Situation analysis"), "planning:analysis"),
    ("swot", gettext_lazy("SWOT analysis"), "planning:swot"),
    ("vision", gettext_lazy("Vision, strategic goal and directions"), "planning:vision"),
    ("goals", gettext_lazy("Goals and objectives"), "planning:goals"),
    ("action_plan", gettext_lazy("Action plan"), "planning:action_plan"),
    ("finance", gettext_lazy("Financial model"), "planning:finance"),
    ("indicators", gettext_lazy("Indicators (M&E plan)"), "planning:indicators"),
]


@dataclass
class Step:
    key: str
    title: str
    url: str
    missing: list[str] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return not self.missing


@dataclass
class Checklist:
    steps: list[Step]
    tree: PlanTree

    @property
    def complete(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    if len(items) > MAX_LISTED:
        shown += " " + _("and %(count)s more") % {"count": len(items) - MAX_LISTED}
    return shown


def program_checklist(program: Program, tree: PlanTree | None = None) -> Checklist:
    tree = tree or plan_tree(program, activities=True, indicators=True)
    missing: dict[str, list[str]] = {key: [] for key, _title, _url in STEPS}

    # Working group: the order, members, a chair and a secretary, a work plan.
    group = (
        WorkingGroup.objects.filter(program=program)
        .annotate(
            member_count=Count("members", distinct=True),
            chair_count=Count("members", filter=Q(members__is_chair=True), distinct=True),
            secretary_count=Count("members", filter=Q(members__is_secretary=True), distinct=True),
            task_count=Count("tasks", distinct=True),
        )
        .first()
    )
    wg = missing["working_group"]
    if group is None or not (group.order_number and group.order_date):
        wg.append(_("Enter the number and date of the head's order that formed the group."))
    if group is None or group.member_count == 0:
        wg.append(_("Add the members of the working group."))
    else:
        if group.chair_count == 0:
            wg.append(_("Mark which member is the chair."))
        if group.secretary_count == 0:
            wg.append(_("Mark which member is the secretary."))
    if group is None or group.task_count == 0:
        wg.append(_("Add at least one task to the group's work plan."))

    # General characteristics.
    characteristics = GeneralCharacteristics.objects.filter(program=program).first()
    labels = {
        "location": _("location"),
        "centre": _("administrative centre"),
        "area_ha": _("total area"),
        "landscape": _("landscape and natural conditions"),
        "population_total": _("population"),
        "population_women": _("number of women"),
        "population_men": _("number of men"),
    }
    empty = [
        label
        for name, label in labels.items()
        if characteristics is None or getattr(characteristics, name) in (None, "")
    ]
    if empty:
        missing["characteristics"].append(_("Fill in: %(fields)s.") % {"fields": ", ".join(empty)})

    # Situation analysis: every sector in use.
    written = set(
        SectorAnalysis.objects.filter(program=program).exclude(text="").values_list("sector_id", flat=True)
    )
    unwritten = [s.name for s in Sector.objects.filter(is_active=True) if s.pk not in written]
    if unwritten:
        missing["analysis"].append(
            _("Sectors without analysis: %(sectors)s.") % {"sectors": _listed(unwritten)}
        )

    # SWOT.
    swot = Swot.objects.filter(program=program).first()
    quadrants = {
        "strengths": _("strengths"),
        "weaknesses": _("weaknesses"),
        "opportunities": _("opportunities"),
        "threats": _("threats"),
    }
    empty = [label for name, label in quadrants.items() if swot is None or not getattr(swot, name).strip()]
    if empty:
        missing["swot"].append(_("Fill in: %(fields)s.") % {"fields": ", ".join(empty)})

    # Vision, strategic goal, directions.
    vision = missing["vision"]
    if not program.vision.strip():
        vision.append(_("Write the vision."))
    if not program.strategic_goal.strip():
        vision.append(_("Write the strategic goal."))
    if not tree.priorities:
        vision.append(_("Add at least one development direction."))

    # Goals and objectives.
    no_goals = [p.code for p in tree.priorities if not p.goal_list]
    if no_goals:
        missing["goals"].append(_("Directions without goals: %(codes)s.") % {"codes": _listed(no_goals)})
    no_objectives = [g.code for g in tree.goals if not g.objective_list]
    if no_objectives:
        missing["goals"].append(_("Goals without objectives: %(codes)s.") % {"codes": _listed(no_objectives)})
    if not tree.priorities:
        missing["goals"].append(_("Add development directions first."))

    # Action plan.
    plan = missing["action_plan"]
    no_activities = [o.code for o in tree.objectives if not o.activity_list]
    if no_activities:
        plan.append(_("Objectives without activities: %(codes)s.") % {"codes": _listed(no_activities)})
    unfunded = [a.code for a in tree.activities if not a.line_list]
    if unfunded:
        plan.append(_("Activities without funding: %(codes)s.") % {"codes": _listed(unfunded)})
    outside = [
        a.code for a in tree.activities if a.start_year < program.start_year or a.end_year > program.end_year
    ]
    if outside:
        plan.append(_("Activities outside the program period: %(codes)s.") % {"codes": _listed(outside)})
    if not tree.objectives:
        plan.append(_("Add goals and objectives first."))

    # Financial model: computed; it is complete when there is money in it.
    if tree.total <= 0:
        missing["finance"].append(_("No activity has funding yet: add amounts in the action plan."))

    # Indicators.
    indicators = missing["indicators"]
    no_indicator = [o.code for o in tree.objectives if not o.indicator_list]
    if no_indicator:
        indicators.append(_("Objectives without indicators: %(codes)s.") % {"codes": _listed(no_indicator)})
    years = program.years
    without_targets = [i.code for i in tree.indicators if any(y not in i.target_by_year for y in years)]
    if without_targets:
        indicators.append(
            _("Indicators without a target for every year: %(codes)s.") % {"codes": _listed(without_targets)}
        )
    no_baseline = [i.code for i in tree.indicators if i.baseline_value is None or i.baseline_year is None]
    if no_baseline:
        indicators.append(_("Indicators without a baseline: %(codes)s.") % {"codes": _listed(no_baseline)})
    if not tree.objectives:
        indicators.append(_("Add goals and objectives first."))

    steps = [
        Step(key=key, title=str(title), url=reverse(url_name, args=[program.pk]), missing=missing[key])
        for key, title, url_name in STEPS
    ]
    return Checklist(steps=steps, tree=tree)


def member_gender_balance(program: Program) -> dict[str, int]:
    """Women and men in the working group (shown wherever people are counted)."""
    counts = dict(
        WorkingGroupMember.objects.filter(working_group__program=program)
        .values_list("gender")
        .annotate(n=Count("id"))
        .values_list("gender", "n")
    )
    return {"women": counts.get("f", 0), "men": counts.get("m", 0)}
