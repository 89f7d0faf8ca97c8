"""Rows of the access table for the trainings' reports routes (merged into tests/access/table.py),
and the objects they need beyond the shared ones of tests/access/conftest.py
(`_training_objects`: training, planned_training, other_training, session, person_a, person_b,
participation_a, participation_b, certificate_code, training_material).

The statistics are for coordinators (their projects) and administrators: municipal staff and
heads get 404, like the other coordinators' pages. A training's Excel (participant list with
contacts, attendance grid, template, import) is for the managers of its project: the staff of a
municipality with participants in it may read the training (403 here), others get 404. The
public list and a held training's page are for everyone; a planned training is 404."""

from django.core.files.base import ContentFile

from tests.access.rows import DASHBOARD, NO_POST, PUBLIC, PUBLIC_NO_POST, Case

T = {"pk": "training"}  # held, of coordinator_a's project, participants from A and B
PT = {"pk": "planned_training"}  # planned, same project (staff of A: the project targets A)
OT = {"pk": "other_training"}  # of coordinator_other's project
MANAGE = "F F F A N L A"  # managers of A's project; readers (staff/head of A, staff of B) 403
MANAGE_PLANNED = "F N F A N L A"  # the planned training: B has no participant in it
MANAGE_OTHER = "N F N N A L A"  # staff of B read it (the project targets B)
NOWHERE = "N N N N N N N"

ROUTES: dict[str, list[Case]] = {
    "trainings_ws:statistics": [Case(DASHBOARD, NO_POST)],
    "trainings_ws:statistics_export": [Case(DASHBOARD, NO_POST)],
    "trainings_ws:participants_export": [
        Case(MANAGE, NO_POST, kwargs=T),
        Case(MANAGE_OTHER, NO_POST, kwargs=OT, label="another project's"),
    ],
    "trainings_ws:attendance_export": [
        Case(MANAGE, NO_POST, kwargs=T),
        Case(MANAGE_OTHER, NO_POST, kwargs=OT, label="another project's"),
    ],
    "trainings_ws:participants_template": [Case(MANAGE, NO_POST, kwargs=T)],
    "trainings_ws:participants_import": [
        Case(MANAGE_PLANNED, MANAGE_PLANNED, kwargs=PT, data={"file": "participants_workbook"}),
        Case(MANAGE_OTHER, MANAGE_OTHER, kwargs=OT, data={"file": "participants_workbook"}, label="another"),
    ],
    "trainings:list": [Case(PUBLIC, PUBLIC_NO_POST)],
    "trainings:detail": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs=T),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs=PT, label="a planned training is not public"),
    ],
}


def extra_objects(world, objects: dict) -> dict:
    """A workbook of one participant for the import's POST."""
    from openpyxl import Workbook

    def workbook():
        from io import BytesIO

        book = Workbook()
        book.active.append(["Full name", "Gender", "Position", "Role", "Municipality", "Phone", "E-mail"])
        book.active.append(["Жаңы Катышуучу", "woman", "", "other", "", "", ""])
        out = BytesIO()
        book.save(out)
        return ContentFile(out.getvalue(), name="participants.xlsx")

    return {"participants_workbook": workbook}
