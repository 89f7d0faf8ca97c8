"""Shorthands the demo programs are written in (planning/demo/kok_jar.py, ak_tal.py)."""

from __future__ import annotations

from typing import Any

F, M = "f", "m"
LSG, COUNCIL, JMEG = "lsg", "council", "jmeg"
INITIATIVE, CIVIL, LEADER = "initiative", "civil_society", "leader"

# Tags of an activity, written short in the data below.
TAGS = {
    "women": "for_women",
    "youth": "for_youth",
    "elderly": "for_elderly",
    "disabled": "for_disabled",
    "low_income": "for_low_income",
    "climate": "climate_adaptation",
}

AO = "Айыл өкмөтү"


def activity(
    title: str,
    sector: str,
    responsible: str,
    village: str | None,
    years: tuple[int, int],
    result: str,
    tags: str,
    funding: list[tuple[str, int, int]],
) -> dict[str, Any]:
    return {
        "title": title,
        "sector": sector,
        "responsible": responsible,
        "village": village,
        "years": years,
        "result": result,
        "tags": tags.split(),
        "funding": funding,
    }


def indicator(
    name: str,
    unit: str,
    baseline: str,
    targets: list[str],
    source: str,
    measured_by: str,
    *,
    standard: str = "",
    direction: str = "increase",
) -> dict[str, Any]:
    """An indicator of the M&E plan; `standard` is the code of its standard indicator, if any."""
    return {
        "name": name,
        "unit": unit,
        "baseline": baseline,
        "targets": targets,
        "source": source,
        "measured_by": measured_by,
        "standard": standard,
        "direction": direction,
    }
