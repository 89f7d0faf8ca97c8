"""Rows of the access table for the monitoring exchange routes (merged into tests/access/table.py).

The shared monitoring objects are in tests/access/monitoring_objects.py (report_published,
report_draft, report_comment, report_activity, …); objects only this room needs go in
extra_objects().

The report's workbook is for its readers (the staff and head of A, coordinators of A's projects,
administrators); its import page too, and importing is for A's staff and head. A POST to a
published report (not editable) is answered with a redirect and a message, nothing saved. The
open data of a year's report is public for a published report and 404 for a draft."""

from django.core.files.base import ContentFile

from tests.access.rows import EDIT, NO_POST, PUBLIC, PUBLIC_NO_POST, READ, Case

D = {"pk": "report_draft"}  # A's 2021 draft
PUB = {"pk": "report_published"}  # A's published 2020 report
NOWHERE = "N N N N N N N"

ROUTES: dict[str, list] = {
    "monitoring_ws:report_export": [
        Case(READ, NO_POST, kwargs=D),
        Case(READ, NO_POST, kwargs=PUB, label="published"),
    ],
    "monitoring_ws:report_import": [
        Case(READ, EDIT, kwargs=D, data={"file": "monitoring_workbook"}),
        Case(READ, EDIT, kwargs=PUB, data={"file": "monitoring_workbook"}, label="not editable"),
    ],
    "api:program-monitoring-csv": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "published", "year": "report_published_year"}),
        Case(
            NOWHERE, PUBLIC_NO_POST, kwargs={"pk": "published", "year": 2021}, label="a draft is not public"
        ),
    ],
    "api:program-monitoring-xlsx": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs={"pk": "published", "year": "report_published_year"}),
        Case(
            NOWHERE, PUBLIC_NO_POST, kwargs={"pk": "published", "year": 2021}, label="a draft is not public"
        ),
    ],
}


def extra_objects(world, objects: dict) -> dict:
    """The draft's workbook with its activity marked completed, for the import's POST."""

    def workbook():
        from io import BytesIO

        from django.utils import translation
        from openpyxl import load_workbook

        from monitoring.exchange.workbook import ACTIVITIES, COLUMNS, MARKERS, export_report
        from monitoring.models import MonitoringReport

        with translation.override("en"):
            book = load_workbook(
                BytesIO(export_report(MonitoringReport.objects.get(pk=objects["report_draft"])))
            )
        sheet = next(s for s in book.worksheets if s["A1"].value == MARKERS[ACTIVITIES])
        status = next(i for i, c in enumerate(COLUMNS[ACTIVITIES], start=1) if c.key == "status")
        sheet.cell(3, status).value = "completed"
        out = BytesIO()
        book.save(out)
        return ContentFile(out.getvalue(), name="report.xlsx")

    return {"monitoring_workbook": workbook}
