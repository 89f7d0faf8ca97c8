"""Rows of the access table for the monitoring roll-ups routes (merged into tests/access/table.py).

The roll-ups of an oblast and a rayon (their pages and their API) are public: everyone reads
them, signed in or not, and only GET (and HEAD) is answered; an oblast or a rayon that does not
exist is 404 for everyone. They show only published reports of published programs (A's
published 2020 report is in them, A's 2021 draft is not: tests/monitoring/rollups/)."""

from tests.access.rows import PUBLIC, PUBLIC_NO_POST, Case

NOWHERE = "N N N N N N N"
R = {"pk": "region"}  # A's oblast
D = {"pk": "district"}  # A's rayon
UNKNOWN = {"pk": "no_such_area"}

ROUTES: dict[str, list] = {
    "monitoring:index": [Case(PUBLIC, PUBLIC_NO_POST)],
    "monitoring:region": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs=R),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs=UNKNOWN, label="no such oblast"),
    ],
    "monitoring:district": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs=D),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs=UNKNOWN, label="no such rayon"),
    ],
    "api:region-monitoring": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs=R),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs=UNKNOWN, label="no such oblast"),
    ],
    "api:district-monitoring": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs=D),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs=UNKNOWN, label="no such rayon"),
    ],
}


def extra_objects(world, objects: dict) -> dict:
    return {"no_such_area": 999999}
