"""Demo development programs from the field (shared GLOSSARY.md, "Facts from the field").

The programs are data (planning/demo/kok_jar.py, ak_tal.py); this module loads them.
`load_demo_programs(municipalities)` builds Kök-Jar's SEDP for 2020–2024 and Ak-Tal's SEDP for
2020–2022, in Kyrgyz, as the municipalities would write them. Both pass the completeness
checklist (planning/authoring/checklist.py), so a later step of the demo can submit them for review.

Safe to run again: each program is found by municipality and period, and each of its parts by a
natural key (its number inside its parent, a sector, a source and year…). A row is saved only
when its values differ from the data, and rows the data no longer has are deleted, so a
second run writes nothing at all, not even history rows. The status of an existing program is
left alone (a later step of the demo may have moved it through review).
"""

from __future__ import annotations

from decimal import Decimal
from types import ModuleType
from typing import Any

from django.db import models, transaction

from municipalities.models import Municipality, Village
from planning.demo import ak_tal, kok_jar
from planning.demo.data import TAGS
from planning.models import (
    Activity,
    FundingLine,
    FundingSource,
    GeneralCharacteristics,
    Goal,
    Indicator,
    IndicatorTarget,
    KeyFigure,
    Meeting,
    Objective,
    Priority,
    Program,
    Sector,
    SectorAnalysis,
    StandardIndicator,
    Swot,
    WorkingGroup,
    WorkingGroupMember,
    WorkPlanTask,
)
from planning.reference import load_reference

# An active sector added later by an administrator gets a short placeholder analysis.
ANALYSIS_TO_COMPLETE = (
    "{sector}: бул тармак боюнча маалыматтар чогултулуп жатат. Жумушчу топ учурдагы абалды "
    "талдоону программаны карап чыгууда толуктайт."
)


# ============================================================================================
# Loading
# ============================================================================================


def _put(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any], kept: dict) -> Any:
    """Find the row by `lookup`; create it, or save the fields that differ from `values`.

    Saving only what changed keeps the history free of empty entries when the demo is loaded
    again. The row's id is recorded in `kept` so that rows the data no longer has can be pruned.
    """
    obj = model.objects.filter(**lookup).order_by("pk").first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
    else:
        changed = []
        for name, value in values.items():
            attname = model._meta.get_field(name).attname
            current = getattr(obj, attname)
            wanted = value.pk if isinstance(value, models.Model) else value
            if current != wanted:
                setattr(obj, name, value)
                changed.append(name)
        if changed:
            if isinstance(obj, Program):
                obj.version += 1
                changed += ["version", "updated_at"]
            obj.save(update_fields=changed)
    kept.setdefault(model, set()).add(obj.pk)
    return obj


def _prune(program: Program, kept: dict) -> None:
    """Delete the rows of the program that the demo data no longer has, children first."""
    in_plan = "objective__goal__priority__program"
    scoped = [
        (FundingLine, {f"activity__{in_plan}": program}),
        (IndicatorTarget, {f"indicator__{in_plan}": program}),
        (Activity, {in_plan: program}),
        (Indicator, {in_plan: program}),
        (Objective, {"goal__priority__program": program}),
        (Goal, {"priority__program": program}),
        (Priority, {"program": program}),
        (KeyFigure, {"analysis__program": program}),
        (SectorAnalysis, {"program": program}),
        (WorkPlanTask, {"working_group__program": program}),
        (Meeting, {"working_group__program": program}),
        (WorkingGroupMember, {"working_group__program": program}),
    ]
    for model, lookup in scoped:
        for obj in model.objects.filter(**lookup).exclude(pk__in=kept.get(model, set())):
            obj.delete()  # one by one, so each deletion is in the history


def _villages(municipality: Municipality) -> dict[str, Village]:
    """The municipality's villages by Kyrgyz name (the centre also under its key "centre")."""
    villages = list(Village.objects.filter(municipality=municipality))
    by_name = {village.name_ky: village for village in villages}
    centre = next((v for v in villages if v.is_centre), None)
    if centre is not None:
        by_name.setdefault("centre", centre)
    return by_name


def _village(by_name: dict[str, Village], name: str | None) -> Village | None:
    if name is None:
        return None
    # A village the data names but the aimak does not have (its villages came from elsewhere):
    # the activity is then for the whole aimak.
    return by_name.get(name)


def _ensure_villages(municipality: Municipality, villages) -> None:
    """Add the villages the data names when the aimak has fewer (its villages came from elsewhere)."""
    if not villages or Village.objects.filter(municipality=municipality).count() > len(villages):
        return
    for ky, ru, en, population in villages:
        Village.objects.get_or_create(
            municipality=municipality,
            name_en=en,
            defaults={"name_ky": ky, "name_ru": ru, "is_centre": False, "population": population},
        )


def _program(municipality: Municipality, start: int, end: int, fields: dict[str, str], kept: dict) -> Program:
    program = (
        Program.objects.filter(municipality=municipality, start_year=start, end_year=end)
        .order_by("pk")
        .first()
    )
    if program is None:
        program = Program.objects.create(
            municipality=municipality, start_year=start, end_year=end, status=Program.Status.DRAFT, **fields
        )
        kept.setdefault(Program, set()).add(program.pk)
        return program
    return _put(Program, {"pk": program.pk}, fields, kept)


def _working_group(
    program: Program,
    order: dict[str, Any],
    members: list[tuple],
    tasks: list[tuple],
    meetings: list[tuple],
    villages: dict[str, Village],
    kept: dict,
) -> None:
    group = _put(WorkingGroup, {"program": program}, order, kept)
    rows = []
    for number, row in enumerate(members, start=1):
        if len(row) == 8:
            name, gender, category, position, village, phone, chair, secretary = row
        else:
            name, gender, category, position, phone, chair, secretary = row
            village = "centre"
        rows.append(
            _put(
                WorkingGroupMember,
                {"working_group": group, "order": number},
                {
                    "name": name,
                    "gender": gender,
                    "category": category,
                    "position": position,
                    "village": _village(villages, village),
                    "phone": phone,
                    "is_chair": chair,
                    "is_secretary": secretary,
                },
                kept,
            )
        )
    for number, (what, responsible, due, done) in enumerate(tasks, start=1):
        _put(
            WorkPlanTask,
            {"working_group": group, "order": number},
            {"what": what, "responsible": rows[responsible - 1], "due_date": due, "done": done},
            kept,
        )
    for day, women, men, minutes in meetings:
        _put(
            Meeting,
            {"working_group": group, "date": day},
            {"women_present": women, "men_present": men, "minutes": minutes},
            kept,
        )


def _analysis(program: Program, analysis: dict[str, tuple[str, list]], kept: dict) -> None:
    for sector in Sector.objects.filter(is_active=True):
        text, figures = analysis.get(sector.code, (ANALYSIS_TO_COMPLETE.format(sector=sector.name_ky), []))
        row = _put(SectorAnalysis, {"program": program, "sector": sector}, {"text": text}, kept)
        for number, (label, value, unit, year) in enumerate(figures, start=1):
            _put(
                KeyFigure,
                {"analysis": row, "order": number},
                {"label": label, "value": value, "unit": unit, "year": year},
                kept,
            )


def _plan(program: Program, priorities: list[dict], villages: dict[str, Village], kept: dict) -> None:
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    sources = {source.code: source for source in FundingSource.objects.all()}
    for p, priority_spec in enumerate(priorities, start=1):
        priority = _put(
            Priority,
            {"program": program, "order": p},
            {"title": priority_spec["title"], "description": priority_spec["description"]},
            kept,
        )
        for g, goal_spec in enumerate(priority_spec["goals"], start=1):
            goal = _put(Goal, {"priority": priority, "order": g}, {"title": goal_spec["title"]}, kept)
            for o, objective_spec in enumerate(goal_spec["objectives"], start=1):
                objective = _put(
                    Objective, {"goal": goal, "order": o}, {"title": objective_spec["title"]}, kept
                )
                for a, spec in enumerate(objective_spec["activities"], start=1):
                    _activity_row(objective, a, spec, sectors, sources, villages, kept)
                for i, spec in enumerate(objective_spec["indicators"], start=1):
                    _indicator_row(program, objective, i, spec, kept)


def _activity_row(objective, number, spec, sectors, sources, villages, kept) -> None:
    start, end = spec["years"]
    values = {
        "title": spec["title"],
        "sector": sectors[spec["sector"]],
        "responsible": spec["responsible"],
        "village": _village(villages, spec["village"]),
        "start_year": start,
        "end_year": end,
        "expected_result": spec["result"],
    }
    values |= {field: short in spec["tags"] for short, field in TAGS.items()}
    activity = _put(Activity, {"objective": objective, "order": number}, values, kept)
    for code, year, amount in spec["funding"]:
        _put(
            FundingLine,
            {"activity": activity, "source": sources[code], "year": year},
            {"amount": Decimal(amount)},
            kept,
        )


def _indicator_row(program, objective, number, spec, kept) -> None:
    indicator = _put(
        Indicator,
        {"objective": objective, "order": number},
        {
            "name": spec["name"],
            "unit": spec["unit"],
            "baseline_value": Decimal(spec["baseline"]),
            "baseline_year": program.start_year - 1,
            "source_of_verification": spec["source"],
            "measured_by": spec["measured_by"],
            "direction": spec["direction"],
            "standard": StandardIndicator.objects.get(code=spec["standard"]) if spec["standard"] else None,
        },
        kept,
    )
    for year, value in zip(program.years, spec["targets"], strict=True):
        _put(IndicatorTarget, {"indicator": indicator, "year": year}, {"value": Decimal(value)}, kept)


def _swot(program: Program, quadrants: dict[str, list[str]], kept: dict) -> None:
    _put(Swot, {"program": program}, {k: "\n".join(v) for k, v in quadrants.items()}, kept)


def _load(municipality: Municipality, data: ModuleType) -> Program:
    """One demo program from its data module (planning/demo/kok_jar.py, ak_tal.py)."""
    kept: dict = {}
    _ensure_villages(municipality, getattr(data, "VILLAGES", ()))
    villages = _villages(municipality)
    villages.setdefault(data.CENTRE, villages.get("centre"))
    program = _program(municipality, data.START_YEAR, data.END_YEAR, data.PROGRAM, kept)
    _put(GeneralCharacteristics, {"program": program}, data.CHARACTERISTICS, kept)
    _working_group(program, data.ORDER, data.MEMBERS, data.TASKS, data.MEETINGS, villages, kept)
    _analysis(program, data.ANALYSIS, kept)
    _swot(program, data.SWOT, kept)
    _plan(program, data.PRIORITIES, villages, kept)
    _prune(program, kept)
    return program


# The demo programs by the keys of config/demo.py.
DEMO_PROGRAMS = {"kok-jar": kok_jar, "ak-tal": ak_tal}


@transaction.atomic
def load_demo_programs(municipalities: dict[str, Municipality]) -> dict[str, Program]:
    """Create or update the demo programs of Kök-Jar (2020–2024) and Ak-Tal (2020–2022).

    `municipalities` is keyed as in config/demo.py ("kok-jar", "ak-tal", …); keys without a demo
    program are ignored. Returns the programs by the same keys.
    """
    load_reference()
    programs = {}
    for key, data in DEMO_PROGRAMS.items():
        if key not in municipalities:
            continue
        existing = Program.objects.filter(
            municipality=municipalities[key], start_year=data.START_YEAR, end_year=data.END_YEAR
        ).first()
        if existing is not None and existing.status != Program.Status.DRAFT:
            # Submitted, reviewed or published: its content is on record and stays as it is.
            programs[key] = existing
            continue
        programs[key] = _load(municipalities[key], data)
    return programs
