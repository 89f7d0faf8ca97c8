"""What a program looked like when it was submitted, and what changed since.

Each submission keeps `program_snapshot(program)` in `ReviewRound.snapshot`; the next round shows
`snapshot_diff(previous_round.snapshot, program_snapshot(program))` with the partial
templates/planning/includes/diff.html.

A snapshot is plain JSON: every part carries its database id (parts are matched by id between
two rounds, so a renamed or renumbered part is the same part) and its code at that moment.
Decimals are strings ("150000.00"), dates ISO strings. Phone numbers of the working group are
never included: a snapshot is shown to reviewers.

The diff is computed in the active language (field labels, number grouping), when it is shown.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

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
    ReviewComment,
    SectorAnalysis,
    Swot,
    WorkingGroup,
    WorkingGroupMember,
    WorkPlanTask,
)
from planning.selectors import plan_tree

SNAPSHOT_FORMAT = 1
Part = ReviewComment.Part

PROGRAM_FIELDS = ("title", "start_year", "end_year")
VISION_FIELDS = ("vision", "strategic_goal")
CHARACTERISTICS_FIELDS = tuple(
    f.name for f in GeneralCharacteristics._meta.concrete_fields if f.name not in {"id", "program"}
)
WORKING_GROUP_FIELDS = ("order_number", "order_date")
MEMBER_FIELDS = ("name", "gender", "category", "position", "village", "is_chair", "is_secretary")
TASK_FIELDS = ("what", "responsible", "due_date", "done")
MEETING_FIELDS = ("date", "women_present", "men_present", "minutes")
SECTOR_FIELDS = ("text",)
KEY_FIGURE_FIELDS = ("label", "value", "unit", "year")
SWOT_FIELDS = ("strengths", "weaknesses", "opportunities", "threats")
PRIORITY_FIELDS = ("title", "description")
GOAL_FIELDS = ("title",)
OBJECTIVE_FIELDS = ("title",)
ACTIVITY_FIELDS = (
    "title",
    "sector",
    "responsible",
    "village",
    "start_year",
    "end_year",
    "expected_result",
    *Activity.TAG_FIELDS,
)
INDICATOR_FIELDS = (
    "name",
    "unit",
    "baseline_value",
    "baseline_year",
    "source_of_verification",
    "measured_by",
)


# --- The snapshot ----------------------------------------------------------------------------


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _values(obj: models.Model, names: Iterable[str]) -> dict:
    """The plain (not related) fields of `obj`, JSON-ready."""
    return {name: _json(getattr(obj, name)) for name in names}


def _name(obj) -> str | None:
    # Reference data (sectors, sources, villages) in Kyrgyz, the language of the program.
    return obj.name_ky if obj is not None else None


def program_snapshot(program: Program) -> dict:
    """The whole content of a program as JSON-serialisable data, in 13 queries whatever its size.

    Queries: the program with its characteristics, working group and SWOT (1); the group's
    members, tasks and meetings (3); the sector analyses and their key figures (2); the plan tree:
    directions, goals, objectives, activities, funding lines, indicators, targets (7).
    """
    program = Program.objects.select_related("characteristics", "working_group", "swot").get(pk=program.pk)
    characteristics = getattr(program, "characteristics", None)
    group = getattr(program, "working_group", None)
    swot = getattr(program, "swot", None)
    return {
        "format": SNAPSHOT_FORMAT,
        "program": {"id": program.pk, **_values(program, (*PROGRAM_FIELDS, *VISION_FIELDS))},
        "working_group": _working_group_snapshot(group) if group is not None else None,
        "characteristics": (
            {"id": characteristics.pk, **_values(characteristics, CHARACTERISTICS_FIELDS)}
            if characteristics is not None
            else None
        ),
        "sectors": _sectors_snapshot(program),
        "swot": {"id": swot.pk, **_values(swot, SWOT_FIELDS)} if swot is not None else None,
        "priorities": _plan_snapshot(program),
    }


def _working_group_snapshot(group: WorkingGroup) -> dict:
    members = list(group.members.select_related("village").order_by("order", "id"))
    member_names = {m.pk: m.name for m in members}
    return {
        "id": group.pk,
        **_values(group, WORKING_GROUP_FIELDS),
        # No phone: the snapshot is shown to reviewers (the phone is not public).
        "members": [
            {
                "id": m.pk,
                **_values(m, ("name", "gender", "category", "position", "is_chair", "is_secretary")),
                "village_id": m.village_id,
                "village": _name(m.village),
            }
            for m in members
        ],
        "tasks": [
            {
                "id": t.pk,
                **_values(t, ("what", "due_date", "done")),
                "responsible_id": t.responsible_id,
                "responsible": member_names.get(t.responsible_id),
            }
            for t in group.tasks.order_by("order", "due_date", "id")
        ],
        "meetings": [
            {"id": m.pk, **_values(m, MEETING_FIELDS)} for m in group.meetings.order_by("date", "id")
        ],
    }


def _sectors_snapshot(program: Program) -> list[dict]:
    analyses = (
        SectorAnalysis.objects.filter(program=program)
        .select_related("sector")
        .prefetch_related(models.Prefetch("key_figures", queryset=KeyFigure.objects.order_by("order", "id")))
        .order_by("sector__order", "sector__code")
    )
    return [
        {
            "id": analysis.pk,
            "sector_id": analysis.sector_id,
            "sector_code": analysis.sector.code,
            "sector": analysis.sector.name_ky,
            "text": analysis.text,
            "key_figures": [
                {"id": figure.pk, **_values(figure, KEY_FIGURE_FIELDS)}
                for figure in analysis.key_figures.all()
            ],
        }
        for analysis in analyses
    ]


def _plan_snapshot(program: Program) -> list[dict]:
    tree = plan_tree(program, activities=True, indicators=True)
    return [
        {
            "id": priority.pk,
            "code": priority.code,
            **_values(priority, PRIORITY_FIELDS),
            "goals": [
                {
                    "id": goal.pk,
                    "code": goal.code,
                    **_values(goal, GOAL_FIELDS),
                    "objectives": [
                        {
                            "id": objective.pk,
                            "code": objective.code,
                            **_values(objective, OBJECTIVE_FIELDS),
                            "activities": [_activity_snapshot(a) for a in objective.activity_list],
                            "indicators": [_indicator_snapshot(i) for i in objective.indicator_list],
                        }
                        for objective in goal.objective_list
                    ],
                }
                for goal in priority.goal_list
            ],
        }
        for priority in tree.priorities
    ]


def _activity_snapshot(activity: Activity) -> dict:
    return {
        "id": activity.pk,
        "code": activity.code,
        **_values(activity, ("title", "responsible", "start_year", "end_year", "expected_result")),
        "sector_id": activity.sector_id,
        "sector": _name(activity.sector),
        "village_id": activity.village_id,
        "village": _name(activity.village),
        "tags": activity.tags,
        "funding": [
            {
                "source": line.source.code,
                "source_name": line.source.name_ky,
                "year": line.year,
                "amount": _json(line.amount),
            }
            for line in activity.line_list
        ],
    }


def _indicator_snapshot(indicator: Indicator) -> dict:
    return {
        "id": indicator.pk,
        "code": indicator.code,
        **_values(indicator, INDICATOR_FIELDS),
        "targets": [
            {"year": target.year, "value": _json(target.value)}
            for target in sorted(indicator.target_by_year.values(), key=lambda t: t.year)
        ],
    }


# --- The difference between two snapshots ------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field of a part: its label, the old and new values as text, and both marked up."""

    name: str
    old: str
    new: str
    html: SafeString


@dataclass
class PartChange:
    """A part of the program (a ReviewComment.Part) that was added, removed or changed."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"

    kind: str
    part: str
    part_id: int | None
    label: str
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def part_name(self) -> str:
        return str(Part(self.part).label)


TEXT, NUMBER, YEAR, DATE, BOOL, CHOICE, REF = "text", "number", "year", "date", "bool", "choice", "ref"


@dataclass(frozen=True)
class _Spec:
    key: str  # what is compared
    display: str  # what is shown
    label: str
    kind: str
    choices: dict


def _specs(model: type[models.Model], names: Iterable[str]) -> list[_Spec]:
    """How to compare and show each field, from the model: labels in the active language."""
    specs = []
    for name in names:
        f = model._meta.get_field(name)
        label = str(capfirst(f.verbose_name))
        choices = {}
        if f.is_relation:
            specs.append(_Spec(f"{name}_id", name, label, REF, choices))
            continue
        if f.choices:
            kind, choices = CHOICE, dict(f.flatchoices)
        elif isinstance(f, models.BooleanField):
            kind = BOOL
        elif isinstance(f, models.DateField):
            kind = DATE
        elif name == "year" or name.endswith("_year") or name.startswith("year_"):
            kind = YEAR
        elif isinstance(f, models.DecimalField | models.IntegerField):
            kind = NUMBER
        else:
            kind = TEXT
        specs.append(_Spec(name, name, label, kind, choices))
    return specs


def _blank(value) -> bool:
    return value is None or value is False or value == "" or value == []


def _format_number(value) -> str:
    """A number grouped by thousands the way the active language does; whole numbers without ",00"."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return intcomma(number)


def _format_date(value) -> str:
    try:
        return formats.date_format(date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value or "")


def _display(spec: _Spec, node: dict) -> str:
    """The value of a field as a person reads it ("" where the part has none)."""
    if not node:
        return ""
    value = node.get(spec.display)
    if spec.kind == BOOL:
        return gettext("yes") if value else gettext("no")
    if value is None or value == "":
        return ""
    if spec.kind == NUMBER:
        return _format_number(value)
    if spec.kind == DATE:
        return _format_date(value)
    if spec.kind == CHOICE:
        return str(spec.choices.get(value, value))
    return str(value)


_TOKENS = re.compile(r"\s+|\S+")


def _escaped(tokens: list[str]) -> str:
    return escape("".join(tokens)).replace("\n", "<br>\n")


def _deleted(html: str) -> str:
    """Removed text: struck through on a red ground, and a visible "−" and a word a screen reader
    reads, so that the mark does not rest on colour alone (WCAG 1.4.1)."""
    label = escape(gettext("deleted:"))
    return (
        f'<del class="diff-del"><span class="diff-sign" aria-hidden="true">−</span>'
        f'<span class="visually-hidden">{label} </span>{html}</del>'
    )


def _inserted(html: str) -> str:
    """Added text: underlined on a green ground, with a visible "+" and a word a screen reader reads."""
    label = escape(gettext("inserted:"))
    return (
        f'<ins class="diff-ins"><span class="diff-sign" aria-hidden="true">+</span>'
        f'<span class="visually-hidden">{label} </span>{html}</ins>'
    )


def word_diff(old: str, new: str) -> SafeString:
    """`new`, with the words taken out of `old` in <del> and the words put in in <ins>.

    Words are compared, whitespace is kept; every piece of text is escaped. Each mark carries a
    sign and a word for screen readers besides its colour, and a space parts a deletion from the
    insertion that follows it.
    """
    a = _TOKENS.findall((old or "").replace("\r\n", "\n"))
    b = _TOKENS.findall((new or "").replace("\r\n", "\n"))
    segments: list[tuple[str, list[str], list[str]]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        segments.append((tag, a[i1:i2], b[j1:j2]))
        # A lone space kept between two changed runs would cut one change in many pieces:
        # "<del>a</del><ins>x</ins> <del>b</del><ins>y</ins>" reads better as one replacement.
        while (
            len(segments) >= 3
            and segments[-1][0] != "equal"
            and segments[-2][0] == "equal"
            and all(token.isspace() for token in segments[-2][1])
            and segments[-3][0] != "equal"
        ):
            after, space, before = segments.pop(), segments.pop(), segments.pop()
            segments.append(("replace", before[1] + space[1] + after[1], before[2] + space[2] + after[2]))
    out = []
    for tag, removed, added in segments:
        if tag == "equal":
            out.append(_escaped(added))
            continue
        changed = removed or added
        # Spaces around a word that was only inserted or only deleted stay outside the mark.
        lead = trail = []
        if not (removed and added):
            while changed and changed[0].isspace():
                lead, changed = [*lead, changed[0]], changed[1:]
            while changed and changed[-1].isspace():
                trail, changed = [changed[-1], *trail], changed[:-1]
            removed, added = (changed, []) if removed else ([], changed)
        out.append(_escaped(lead))
        if removed:
            out.append(_deleted(_escaped(removed)))
        if removed and added:
            out.append(" ")  # "Малды алыскы", not "Малды алыскыАлыскы": the two do not run together
        if added:
            out.append(_inserted(_escaped(added)))
        out.append(_escaped(trail))
    return mark_safe("".join(out))  # noqa: S308 -- every piece is escaped above


def before_after(old: str, new: str) -> SafeString:
    """<del>old</del> → <ins>new</ins>, or only one of them when the other is empty."""
    pieces = []
    if old:
        pieces.append(_deleted(escape(old)))
    if new:
        pieces.append(_inserted(escape(new)))
    return mark_safe(" → ".join(pieces))  # noqa: S308 -- both values are escaped


def _change(name: str, old: str, new: str, *, text: bool) -> FieldChange:
    return FieldChange(name, old, new, word_diff(old, new) if text else before_after(old, new))


def _field_changes(specs: list[_Spec], old: dict, new: dict) -> list[FieldChange]:
    changes = []
    for spec in specs:
        old_value, new_value = (old or {}).get(spec.key), (new or {}).get(spec.key)
        if (_blank(old_value) and _blank(new_value)) or old_value == new_value:
            continue
        changes.append(_change(spec.label, _display(spec, old), _display(spec, new), text=spec.kind == TEXT))
    return changes


def _merge(
    old_rows: list,
    new_rows: list,
    *,
    key: Callable[[dict], object] = lambda row: row["id"],
    old_index: dict | None = None,
    new_keys: set | None = None,
) -> list[tuple[dict | None, dict | None]]:
    """Pairs (old, new) in the order of `new_rows`, each removed row after the row it followed.

    `old_index` and `new_keys` are the rows of the whole snapshot when rows can move from one
    parent to another: a row that moved is paired where it is now, not reported as removed.
    """
    old_index = old_index if old_index is not None else {key(row): row for row in old_rows}
    new_keys = new_keys if new_keys is not None else {key(row) for row in new_rows}
    here = {key(row) for row in new_rows}
    removed_after: dict[object, list[dict]] = defaultdict(list)
    anchor = None
    for row in old_rows:
        if key(row) in here:
            anchor = key(row)
        elif key(row) not in new_keys:
            removed_after[anchor].append(row)
    pairs: list[tuple[dict | None, dict | None]] = [(row, None) for row in removed_after[None]]
    for row in new_rows:
        pairs.append((old_index.get(key(row)), row))
        pairs.extend((removed, None) for removed in removed_after[key(row)])
    return pairs


def _row_changes(
    model: type[models.Model], old_rows: list, new_rows: list, summary: Callable[[dict], str]
) -> list[FieldChange]:
    """Rows of a part (members, tasks, key figures…) added, removed or changed, matched by id."""
    name = str(capfirst(model._meta.verbose_name))
    changes = []
    for old, new in _merge(old_rows, new_rows):
        if _content(old) == _content(new):
            continue
        changes.append(_change(name, summary(old) if old else "", summary(new) if new else "", text=True))
    return changes


def _content(row: dict | None) -> dict | None:
    return None if row is None else {k: v for k, v in row.items() if k not in {"id", "code"}}


def _joined(*pieces: str, separator: str = ", ") -> str:
    return separator.join(piece for piece in pieces if piece)


def _member_summary(member: dict) -> str:
    specs = {s.display: s for s in _specs(WorkingGroupMember, MEMBER_FIELDS)}
    details = [_display(specs[name], member) for name in ("gender", "category", "position", "village")]
    details += [specs[name].label for name in ("is_chair", "is_secretary") if member.get(name)]
    inside = _joined(*details)
    return f"{member.get('name', '')} ({inside})" if inside else member.get("name", "")


def _task_summary(task: dict) -> str:
    specs = {s.display: s for s in _specs(WorkPlanTask, TASK_FIELDS)}
    details = _joined(
        _display(specs["responsible"], task),
        _display(specs["due_date"], task),
        specs["done"].label if task.get("done") else "",
    )
    return _joined(task.get("what", ""), details, separator=" — ")


def _meeting_summary(meeting: dict) -> str:
    specs = {s.display: s for s in _specs(Meeting, MEETING_FIELDS)}
    present = _joined(
        *(
            f"{specs[name].label}: {_display(specs[name], meeting) or 0}"
            for name in ("women_present", "men_present")
        )
    )
    return _joined(_display(specs["date"], meeting), present, meeting.get("minutes") or "", separator=" — ")


def _key_figure_summary(figure: dict) -> str:
    value = _joined(figure.get("value") or "", figure.get("unit") or "", separator=" ")
    text = f"{figure.get('label', '')}: {value}"
    return f"{text} ({figure['year']})" if figure.get("year") else text


def _singleton_change(
    part: str, old: dict | None, new: dict | None, fields: list[FieldChange]
) -> PartChange | None:
    label = str(capfirst(Part(part).label))
    if not old and not new:
        return None
    if not old:
        return PartChange(PartChange.ADDED, part, None, label, fields)
    if not new:
        return PartChange(PartChange.REMOVED, part, None, label, [])
    return PartChange(PartChange.CHANGED, part, None, label, fields) if fields else None


# The plan: each kind of part, its model, fields, children and parent.
TREE = {
    Part.PRIORITY: (Priority, PRIORITY_FIELDS, ((Part.GOAL, "goals"),)),
    Part.GOAL: (Goal, GOAL_FIELDS, ((Part.OBJECTIVE, "objectives"),)),
    Part.OBJECTIVE: (
        Objective,
        OBJECTIVE_FIELDS,
        ((Part.ACTIVITY, "activities"), (Part.INDICATOR, "indicators")),
    ),
    Part.ACTIVITY: (Activity, ACTIVITY_FIELDS, ()),
    Part.INDICATOR: (Indicator, INDICATOR_FIELDS, ()),
}
PARENT = {
    Part.GOAL: Part.PRIORITY,
    Part.OBJECTIVE: Part.GOAL,
    Part.ACTIVITY: Part.OBJECTIVE,
    Part.INDICATOR: Part.OBJECTIVE,
}


@dataclass
class _PlanIndex:
    nodes: dict[str, dict[int, dict]]
    parents: dict[str, dict[int, int | None]]

    @classmethod
    def of(cls, snapshot: dict) -> _PlanIndex:
        index = cls({kind: {} for kind in TREE}, {kind: {} for kind in TREE})

        def visit(kind: str, node: dict, parent_id: int | None) -> None:
            index.nodes[kind][node["id"]] = node
            index.parents[kind][node["id"]] = parent_id
            for child_kind, key in TREE[kind][2]:
                for child in node.get(key) or []:
                    visit(child_kind, child, node["id"])

        for priority in snapshot.get("priorities") or []:
            visit(Part.PRIORITY, priority, None)
        return index

    def parent_label(self, kind: str, node_id: int) -> str:
        parent = self.nodes[PARENT[kind]].get(self.parents[kind].get(node_id))
        return _node_label(parent) if parent else ""


def _node_label(node: dict) -> str:
    return _joined(node.get("code") or "", node.get("title") or node.get("name") or "", separator=" ")


def _with_tags(node: dict | None) -> dict:
    if not node:
        return {}
    tags = set(node.get("tags") or [])
    return {**node, **{tag: tag in tags for tag in Activity.TAG_FIELDS}}


def _funding_changes(old: dict, new: dict) -> list[FieldChange]:
    """Funding lines compared by (source, year): a new line, a removed one, a changed amount."""
    label = str(capfirst(FundingLine._meta.verbose_name))

    def key(line: dict) -> tuple:
        return (line.get("source"), line.get("year"))

    changes = []
    for old_line, new_line in _merge(old.get("funding") or [], new.get("funding") or [], key=key):
        old_amount = _decimal(old_line and old_line.get("amount"))
        new_amount = _decimal(new_line and new_line.get("amount"))
        if old_amount == new_amount:
            continue
        line = new_line or old_line
        changes.append(
            _change(
                f"{label}: {line.get('source_name') or line.get('source')}, {line.get('year')}",
                _format_number(old_amount),
                _format_number(new_amount),
                text=False,
            )
        )
    return changes


def _target_changes(old: dict, new: dict) -> list[FieldChange]:
    label = str(capfirst(IndicatorTarget._meta.get_field("value").verbose_name))
    changes = []
    for old_target, new_target in _merge(
        old.get("targets") or [], new.get("targets") or [], key=lambda t: t.get("year")
    ):
        old_value = _decimal(old_target and old_target.get("value"))
        new_value = _decimal(new_target and new_target.get("value"))
        if old_value != new_value:
            year = (new_target or old_target).get("year")
            changes.append(
                _change(f"{label}, {year}", _format_number(old_value), _format_number(new_value), text=False)
            )
    return changes


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _plan_changes(old_snapshot: dict, new_snapshot: dict) -> list[PartChange]:
    old_index, new_index = _PlanIndex.of(old_snapshot), _PlanIndex.of(new_snapshot)
    specs = {kind: _specs(model, names) for kind, (model, names, _children) in TREE.items()}
    changes: list[PartChange] = []

    def compare(kind: str, old: dict | None, new: dict | None) -> None:
        node = new or old
        label = _node_label(node)
        if new is None:
            changes.append(PartChange(PartChange.REMOVED, kind, node["id"], label))
        else:
            old_values, new_values = (
                (_with_tags(old), _with_tags(new)) if kind == Part.ACTIVITY else (old, new)
            )
            fields = []
            if old is not None and kind in PARENT:
                old_parent = old_index.parents[kind].get(node["id"])
                if old_parent != new_index.parents[kind].get(node["id"]):
                    fields.append(
                        _change(
                            str(capfirst(TREE[PARENT[kind]][0]._meta.verbose_name)),
                            old_index.parent_label(kind, node["id"]),
                            new_index.parent_label(kind, node["id"]),
                            text=False,
                        )
                    )
            fields += _field_changes(specs[kind], old_values or {}, new_values)
            if kind == Part.ACTIVITY:
                fields += _funding_changes(old or {}, new)
            elif kind == Part.INDICATOR:
                fields += _target_changes(old or {}, new)
            if old is None:
                changes.append(PartChange(PartChange.ADDED, kind, node["id"], label, fields))
            elif fields:
                changes.append(PartChange(PartChange.CHANGED, kind, node["id"], label, fields))
        for child_kind, key in TREE[kind][2]:
            walk(child_kind, (old or {}).get(key) or [], (new or {}).get(key) or [])

    def walk(kind: str, old_rows: list, new_rows: list) -> None:
        pairs = _merge(
            old_rows, new_rows, old_index=old_index.nodes[kind], new_keys=set(new_index.nodes[kind])
        )
        for old, new in pairs:
            compare(kind, old, new)

    walk(Part.PRIORITY, old_snapshot.get("priorities") or [], new_snapshot.get("priorities") or [])
    return changes


def snapshot_diff(old: dict, new: dict) -> list[PartChange]:
    """The parts added, removed and changed from snapshot `old` to snapshot `new`, in plan order.

    Parts are matched by id. Renumbering alone is no change (the label shows the new code);
    a part moved under another parent shows that as a change. Reordering among siblings is not
    reported. Added parts list their content; removed parts only their label.
    """
    old, new = old or {}, new or {}
    changes: list[PartChange] = []

    def add(change: PartChange | None) -> None:
        if change is not None:
            changes.append(change)

    old_program, new_program = old.get("program") or {}, new.get("program") or {}
    add(
        _singleton_change(
            Part.GENERAL,
            old_program,
            new_program,
            _field_changes(_specs(Program, PROGRAM_FIELDS), old_program, new_program),
        )
    )

    old_group, new_group = old.get("working_group"), new.get("working_group")
    group_fields = _field_changes(
        _specs(WorkingGroup, WORKING_GROUP_FIELDS), old_group or {}, new_group or {}
    )
    for key, model, summary in (
        ("members", WorkingGroupMember, _member_summary),
        ("tasks", WorkPlanTask, _task_summary),
        ("meetings", Meeting, _meeting_summary),
    ):
        group_fields += _row_changes(
            model, (old_group or {}).get(key) or [], (new_group or {}).get(key) or [], summary
        )
    add(_singleton_change(Part.WORKING_GROUP, old_group, new_group, group_fields))

    old_chars, new_chars = old.get("characteristics"), new.get("characteristics")
    add(
        _singleton_change(
            Part.CHARACTERISTICS,
            old_chars,
            new_chars,
            _field_changes(
                _specs(GeneralCharacteristics, CHARACTERISTICS_FIELDS), old_chars or {}, new_chars or {}
            ),
        )
    )

    sector_specs = _specs(SectorAnalysis, SECTOR_FIELDS)
    for old_sector, new_sector in _merge(
        old.get("sectors") or [], new.get("sectors") or [], key=lambda s: s.get("sector_id")
    ):
        sector = new_sector or old_sector
        if new_sector is None:
            add(PartChange(PartChange.REMOVED, Part.SECTOR, sector["sector_id"], sector.get("sector") or ""))
            continue
        fields = _field_changes(sector_specs, old_sector or {}, new_sector)
        fields += _row_changes(
            KeyFigure,
            (old_sector or {}).get("key_figures") or [],
            new_sector.get("key_figures") or [],
            _key_figure_summary,
        )
        if old_sector is None or fields:
            kind = PartChange.ADDED if old_sector is None else PartChange.CHANGED
            add(PartChange(kind, Part.SECTOR, sector["sector_id"], sector.get("sector") or "", fields))

    old_swot, new_swot = old.get("swot"), new.get("swot")
    add(
        _singleton_change(
            Part.SWOT,
            old_swot,
            new_swot,
            _field_changes(_specs(Swot, SWOT_FIELDS), old_swot or {}, new_swot or {}),
        )
    )
    add(
        _singleton_change(
            Part.VISION,
            old_program,
            new_program,
            _field_changes(_specs(Program, VISION_FIELDS), old_program, new_program),
        )
    )

    changes += _plan_changes(old, new)
    return changes


def diff_summary(changes: Iterable[PartChange]) -> dict[str, int]:
    """How many parts were added, removed and changed (and all of them: "total")."""
    counts = {PartChange.ADDED: 0, PartChange.REMOVED: 0, PartChange.CHANGED: 0}
    for change in changes:
        counts[change.kind] += 1
    counts["total"] = sum(counts.values())
    return counts
