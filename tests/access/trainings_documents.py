"""Rows of the access table for the trainings' documents routes (merged into tests/access/table.py),
and the objects they need beyond the shared ones of tests/access/conftest.py
(`_training_objects`: training, planned_training, other_training, session, person_a, person_b,
participation_a, participation_b, certificate_code, training_material)."""

from tests.access.rows import Case  # and the outcome names this room uses (PUBLIC, READ, ...)

ROUTES: dict[str, list[Case]] = {}


def extra_objects(world, objects: dict) -> dict:
    """More objects for these rows (names → values), made after the shared ones."""
    return {}
