"""The vocabulary of the access table (tests/access/table.py): the personas' order, the named
outcomes and Case."""

from __future__ import annotations

from dataclasses import dataclass, field

PERSONAS = ("staff_a", "staff_b", "head_a", "coordinator_a", "coordinator_other", "citizen", "admin")


def row(text: str) -> dict[str, str]:
    outcomes = text.split()
    assert len(outcomes) == len(PERSONAS), text
    return dict(zip(PERSONAS, outcomes, strict=True))


# The rows that recur, named by who gets through.
PUBLIC = "A A A A A A A"
SIGNED_IN = "A A A A A L A"
READ = "A N A A N L A"  # who may read A's workspace
EDIT = "A N A F N L F"  # A's staff and head
HEAD = "F N A F N L F"  # A's head
REVIEW = "F N F A N L F"  # coordinators of A's projects
PARTICIPATE = "A N A A N L F"  # those who make A's plan (not administrators)
DASHBOARD = "N N N A A L A"  # coordinators and administrators
NO_GET = "M M M M M L M"  # POST-only, behind sign-in
NO_POST = "M M M M M L M"  # GET-only, behind sign-in
PUBLIC_NO_POST = "M M M M M M M"  # GET-only public pages
NOBODY = "N N N N N L N"  # no such address for anyone signed in
ADMIN_ONLY = "L L L L L L A"  # the Django admin (its own sign-in page)


@dataclass(frozen=True)
class Case:
    """One way of calling a route: its arguments (names of objects in the fixture, or values),
    the POST data, and the outcomes."""

    get: str
    post: str
    kwargs: dict[str, str] = field(default_factory=dict)
    data: dict[str, str] = field(default_factory=dict)
    label: str = ""
