"""Rows of the access table for the municipal services' public room (merged into tests/access/table.py).

The shared objects are in tests/access/services_objects.py; objects only this room needs go in
extra_objects().
"""

from tests.access.rows import Case  # noqa: F401

ROUTES: dict[str, list] = {}


def extra_objects(world, objects: dict) -> dict:
    return {}
