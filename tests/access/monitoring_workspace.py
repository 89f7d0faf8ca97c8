"""Rows of the access table for the monitoring workspace routes (merged into tests/access/table.py).

The shared monitoring objects are in tests/access/monitoring_objects.py (report_published,
report_draft, report_comment, report_activity, …); objects only this room needs go in
extra_objects()."""

from tests.access.rows import Case  # noqa: F401

ROUTES: dict[str, list] = {}


def extra_objects(world, objects: dict) -> dict:
    return {}
