"""Rows of the access table for the monitoring public routes (merged into tests/access/table.py).

The shared monitoring objects are in tests/access/monitoring_objects.py (report_published,
report_draft, report_comment, report_activity, …); objects only this room needs go in
extra_objects().

A published report's page and its PDF are for everyone (the PDF is ready here: a ready document
of kind monitoring_report, in Kyrgyz); the draft report of 2021, a year without a report and a
language without a PDF are 404 for everyone, signed in or not, whoever may edit the report."""

from documents.models import GeneratedDocument
from monitoring.documents import REPORT
from tests.access.rows import PUBLIC, PUBLIC_NO_POST, Case

NOWHERE = "N N N N N N N"
PUB = {"pk": "published", "year": "report_published_year"}  # A's published 2020 report
DRAFT = {"pk": "published", "year": "report_draft_year"}  # A's 2021 draft, with a comment

ROUTES: dict[str, list] = {
    "monitoring:report": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs=PUB),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs=DRAFT, label="a draft report is not public"),
        Case(
            NOWHERE, PUBLIC_NO_POST, kwargs={"pk": "published", "year": 2019}, label="a year without a report"
        ),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs={"pk": "program", "year": 2020}, label="a draft program"),
    ],
    "monitoring:report_pdf": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs={**PUB, "language": "ky"}),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs={**DRAFT, "language": "ky"}, label="a draft report has no PDF"),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs={**PUB, "language": "en"}, label="no PDF in English"),
    ],
}


def extra_objects(world, objects: dict) -> dict:
    from monitoring.models import MonitoringReport
    from tests.access.conftest import _document

    published = MonitoringReport.objects.get(pk=objects["report_published"])
    _document(published, status=GeneratedDocument.Status.READY, kind=REPORT)
    draft = MonitoringReport.objects.get(pk=objects["report_draft"])
    return {"report_draft_year": draft.year}
