"""Rows of the access table for the monitoring workspace routes (merged into tests/access/table.py).

The shared monitoring objects are in tests/access/monitoring_objects.py (report_published,
report_draft, report_comment, report_activity, …); objects only this room needs go in
extra_objects(): the development direction of the shared activity.

A's team and the coordinators of A's projects read every page of A's reports (others: 404); the
staff and the head fill them in (a coordinator's Save is 403), the coordinators comment, the
staff or the coordinators resolve a comment, and each step of the workflow is for its actor."""

from planning.models import Activity
from tests.access.rows import EDIT, HEAD, NO_GET, NO_POST, NOBODY, READ, REVIEW, Case

D = {"pk": "report_draft"}  # A's 2021 draft, with an open comment of coordinator_a
PUB = {"pk": "report_published"}  # A's published 2020 report
DIR = {**D, "priority_pk": "report_priority"}
NOT_PUBLIC_PROGRAM = "N N N N N L N"  # a draft program has no reports (404 to its readers too)
RESOLVE = "A N A A N L F"  # the staff, the head and the coordinators of A's projects
VERSION = {"version": "report_draft_version", "confirm": "1"}

ROUTES: dict[str, list] = {
    "monitoring_ws:reports": [
        Case(READ, EDIT, kwargs={"program_pk": "published"}, data={"year": "2022"}),
        Case(
            NOT_PUBLIC_PROGRAM,
            NOT_PUBLIC_PROGRAM,
            kwargs={"program_pk": "program"},
            data={"year": "2022"},
            label="a draft program",
        ),
    ],
    "monitoring_ws:report": [
        Case(READ, NO_POST, kwargs=D),
        Case(READ, NO_POST, kwargs=PUB, label="published"),
    ],
    "monitoring_ws:direction": [
        Case(READ, EDIT, kwargs=DIR, data={"x": "1"}),
        Case(READ, EDIT, kwargs={**PUB, "priority_pk": "report_priority"}, label="published"),
    ],
    "monitoring_ws:indicators": [
        Case(READ, EDIT, kwargs=D),
        Case(READ, EDIT, kwargs=PUB, label="published"),
    ],
    "monitoring_ws:verification": [
        Case(READ, EDIT, kwargs=D, data={"jmeg_women": "2"}),
        Case(READ, EDIT, kwargs=PUB, data={"jmeg_women": "2"}, label="published"),
    ],
    "monitoring_ws:comment_add": [Case(NO_GET, REVIEW, kwargs=D, data={"text": "Check the amounts"})],
    "monitoring_ws:comment_resolve": [
        Case(NO_GET, RESOLVE, kwargs={**D, "comment_pk": "report_comment"}),
    ],
    "monitoring_ws:transition_confirm": [
        Case(EDIT, NO_POST, kwargs={**D, "action": "submit"}),
        Case(REVIEW, NO_POST, kwargs={**D, "action": "accept"}, label="accept"),
        Case(REVIEW, NO_POST, kwargs={**D, "action": "request_changes"}, label="request changes"),
        Case(HEAD, NO_POST, kwargs={**D, "action": "publish"}, label="publish"),
        Case(NOBODY, NO_POST, kwargs={**D, "action": "nothing"}, label="no such step"),
    ],
    "monitoring_ws:transition": [
        Case(NO_GET, EDIT, kwargs={**D, "action": "submit"}, data=VERSION),
        Case(NO_GET, REVIEW, kwargs={**D, "action": "accept"}, data=VERSION, label="accept"),
        Case(NO_GET, HEAD, kwargs={**D, "action": "publish"}, data=VERSION, label="publish"),
        Case(NO_GET, NOBODY, kwargs={**D, "action": "nothing"}, data=VERSION, label="no such step"),
    ],
}


def extra_objects(world, objects: dict) -> dict:
    activity = Activity.objects.select_related("objective__goal").get(pk=objects["report_activity"])
    return {"report_priority": activity.objective.goal.priority_id}
