"""The public side of monitoring: the plan page's "Implementation" section, the report's page and
its PDF (monitoring/public/, monitoring/plan_implementation.py, monitoring/documents.py). What a
resident would check: the published figures are there, nothing unpublished is anywhere."""

import gzip
import io
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from config import page_cache
from documents.models import GeneratedDocument
from documents.rendering import render_pdf
from documents.services import document_html, document_render
from monitoring import documents as kinds
from monitoring import workflow
from monitoring.models import ActivitySpending, MonitoringReport, ReportComment
from planning.models import Program
from tests.api.test_monitoring_api import fill, program_with_reports, publish_report
from tests.monitoring.conftest import published_a, report_a  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

UNPUBLISHED = ["draft", "submitted", "changes_requested", "accepted"]
SECRET_REASON = "Жашыруун себеп 4242"
SECRET_AMOUNT = 987654321
SECRET_FIGURE = re.compile(r"987\D{0,8}654\D{0,8}321")


def get(client, path: str):
    cache.clear()
    page_cache.clear()
    return client.get(path)


def report_path(report, language="ky") -> str:
    return f"/{language}/plans/{report.program_id}/monitoring/{report.year}/"


@pytest.fixture
def published_report(report_a):  # noqa: F811
    fill(report_a)
    report = publish_report(report_a)
    MonitoringReport.objects.filter(pk=report.pk).update(
        jmeg_women=3, jmeg_men=4, jmeg_remarks="Текшерилди, баары туура."
    )
    report.refresh_from_db()
    report.plan = report_a.plan
    ReportComment.objects.create(report=report, text="Координатордун жашыруун комментарийи")
    return report


def secret_draft(program, plan, year: int, status: str) -> MonitoringReport:
    """A report of another year that is not published, with figures found nowhere else."""
    draft = MonitoringReport.objects.create(program=program, year=year, status=status)
    draft.progress.create(activity=plan["road"], status="delayed", reason=SECRET_REASON)
    ActivitySpending.objects.create(
        report=draft, activity=plan["road"], source=plan["donors"], amount=SECRET_AMOUNT
    )
    draft.comments.create(text="Секреттүү эскертүү")
    return draft


# --- The report's page -------------------------------------------------------------------


def test_the_report_page_shows_the_published_report(client, published_report):
    response = get(client, report_path(published_report, "ru"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Отчёт о мониторинге за 2025" in body
    for title in ("Суу түтүгү", "Насос", "Жол"):
        assert title in body
    assert "Насос келген жок" in body  # the reason of the delay
    assert "Суу менен камсыз болгон үй-бүлөлөр" in body
    assert "Текшерилди, баары туура." in body  # the JMEG's remarks
    assert "женщин: 3, мужчин: 4" in body
    assert "<svg" in body and "<script" not in body
    assert f"/plans/{published_report.program_id}/monitoring/2025/pdf/ky/" in body
    assert f"/plans/{published_report.program_id}/monitoring/2025/pdf/ru/" in body
    # Met in words, not colour only: 72 against 70 is met, 35 lost against 30 is not.
    assert "цель достигнута" in body and "цель не достигнута" in body
    assert "жашыруун комментарийи" not in body  # never a coordinator's comment
    assert 'style="' not in body


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_an_unpublished_report_has_no_page(client, report_a, status):  # noqa: F811
    fill(report_a)
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=status, jmeg_verified_on=date(2026, 1, 20))
    assert get(client, report_path(report_a)).status_code == 404


@pytest.mark.parametrize("status", ["draft", "submitted", "changes_requested", "endorsed", "approved"])
def test_a_report_of_a_program_that_is_not_public_has_no_page(client, published_report, status):
    Program.objects.filter(pk=published_report.program_id).update(status=status)
    assert get(client, report_path(published_report)).status_code == 404


def test_a_year_without_a_report_is_404(client, published_report):
    path = f"/ky/plans/{published_report.program_id}/monitoring/2026/"
    assert get(client, path).status_code == 404


# --- The plan's page ---------------------------------------------------------------------


def test_the_plan_page_shows_its_implementation(client, published_report):
    body = get(client, f"/ky/plans/{published_report.program_id}/").content.decode()
    assert 'id="implementation"' in body
    assert f'href="/ky/plans/{published_report.program_id}/monitoring/2025/"' in body
    assert f"/plans/{published_report.program_id}/monitoring/2025/pdf/ru/" in body
    assert "Насос келген жок" not in body  # the plan page rolls up; the reasons are on the report's page
    english = get(client, f"/en/plans/{published_report.program_id}/").content.decode()
    assert "Implementation" in english and "Spending against the plan by year, KGS" in english
    assert "target met" in english and "target not met" in english
    assert "1 of 3 activities completed" in english


def test_a_plan_without_published_reports_has_no_implementation_section(client, report_a):  # noqa: F811
    fill(report_a)
    body = get(client, f"/en/plans/{report_a.program_id}/").content.decode()
    assert 'id="implementation"' not in body and "/monitoring/" not in body


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_an_unpublished_report_shows_nowhere(client, published_report, status):
    draft = secret_draft(published_report.program, published_report.plan, 2026, status)
    program_id = published_report.program_id
    plan_page = get(client, f"/ru/plans/{program_id}/").content.decode()
    assert "/monitoring/2025/" in plan_page
    assert "/monitoring/2026/" not in plan_page
    assert SECRET_REASON not in plan_page and "Секреттүү" not in plan_page
    assert not SECRET_FIGURE.search(plan_page)  # the draft's amount, however grouped
    assert get(client, report_path(draft)).status_code == 404
    assert get(client, f"/ky/plans/{program_id}/monitoring/2026/pdf/ky/").status_code == 404
    report_page = get(client, report_path(published_report)).content.decode()
    assert SECRET_REASON not in report_page and not SECRET_FIGURE.search(report_page)
    assert not GeneratedDocument.objects.filter(object_id=draft.pk, kind=kinds.REPORT).exists()


# --- The PDF -----------------------------------------------------------------------------


def pdf_text(report, language: str) -> str:
    rendered = render_pdf(document_html(obj=report, kind=kinds.REPORT, language=language))
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(rendered.content)).pages)


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("ky", ["2025-жыл үчүн мониторинг боюнча отчет", "Иш-чаралар", "Көрсөткүчтөр", "Текшерүү"]),
        ("ru", ["Отчёт о мониторинге за 2025 год", "Мероприятия", "Индикаторы", "Проверка"]),
    ],
)
def test_the_report_pdf_reads_back_in_each_language(published_report, language, headings):
    text = " ".join(pdf_text(published_report, language).split())
    for heading in headings:  # the sections' titles are in capitals
        assert heading.casefold() in text.casefold(), heading
    assert "Суу түтүгү" in text and "Насос келген жок" in text
    assert "410" in text and "000" in text  # the donors' spending on the pipe, 410 000
    assert "жашыруун комментарийи" not in text


def test_publishing_asks_for_the_pdfs_and_the_download_serves_them(client, world, report_a):  # noqa: F811
    fill(report_a)
    MonitoringReport.objects.filter(pk=report_a.pk).update(
        status="accepted", jmeg_verified_on=date(2026, 1, 20), council_heard_on=date(2026, 2, 10)
    )
    report_a.refresh_from_db()
    pdf_path = f"/ky/plans/{report_a.program_id}/monitoring/2025/pdf/ky/"
    assert get(client, pdf_path).status_code == 404  # not published yet: no PDF
    assert not GeneratedDocument.objects.filter(kind=kinds.REPORT).exists()

    workflow.report_publish(report=report_a, user=world.head_a, expected_version=report_a.version)
    documents = GeneratedDocument.objects.filter(kind=kinds.REPORT, object_id=report_a.pk)
    assert sorted(documents.values_list("language", flat=True)) == ["ky", "ru"]

    with CaptureQueriesContext(connection):
        waiting = get(client, pdf_path)
    assert waiting.status_code == 503 and waiting["Retry-After"] == "30"
    assert documents.count() == 2  # waiting: nothing asked for again

    assert document_render(documents.get(language="ky").pk) == "rendered"
    response = get(client, pdf_path)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    assert "Суу түтүгү" in text
    assert "мониторинг" in response["Content-Disposition"] or "filename" in response["Content-Disposition"]


def test_a_pdf_in_another_language_is_404(client, published_report):
    assert get(client, f"/ky/plans/{published_report.program_id}/monitoring/2025/pdf/en/").status_code == 404


def test_a_report_published_before_its_documents_existed_asks_for_one_and_waits(client, published_report):
    response = get(client, f"/ru/plans/{published_report.program_id}/monitoring/2025/pdf/ru/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert (
        GeneratedDocument.objects.filter(
            kind=kinds.REPORT, object_id=published_report.pk, language="ru"
        ).count()
        == 1
    )


# --- Queries -----------------------------------------------------------------------------


def queries(client, path: str) -> int:
    client.get(path)  # warm what is read once per process
    cache.clear()
    page_cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("small", "large"),
    [((10, 1), (300, 1)), ((10, 1), (10, 5)), ((10, 1), (300, 5))],
    ids=["activities", "years", "both"],
)
def test_the_pages_queries_do_not_grow(client, reference, small, large):
    counts = {}
    for size in (small, large):
        program = program_with_reports(activities=size[0], years=size[1])
        counts[size] = (
            queries(client, f"/ky/plans/{program.pk}/"),
            queries(client, f"/ky/plans/{program.pk}/monitoring/2025/"),
        )
    assert counts[small] == counts[large], counts


def test_the_plan_page_query_budget_with_reports(client, reference, django_assert_num_queries):
    program = program_with_reports(activities=300, years=5)
    client.get(f"/ky/plans/{program.pk}/")
    cache.clear()
    page_cache.clear()
    # As tests/planning/publication/test_plan_pages.py's budget (22, of which the reports, 1),
    # and the progress, spending with its sources and actual values of all the reports (3).
    with django_assert_num_queries(25):
        body = client.get(f"/ky/plans/{program.pk}/").content
    # The plan page's weight budget (test_plan_pages.py) holds with its implementation.
    assert 'id="implementation"' in body.decode()
    assert len(gzip.compress(body)) <= 150 * 1024, len(gzip.compress(body))


def test_the_report_page_query_budget(client, reference, django_assert_num_queries):
    program = program_with_reports(activities=300, years=5)
    path = f"/ky/plans/{program.pk}/monitoring/2027/"
    client.get(path)
    page_cache.clear()
    # The public generation (the kept-answers middleware, 1); the report with its program,
    # municipality, rayon and oblast (1); monitoring.selectors.report_implementation: the plan's
    # tree with activities, funding lines, indicators and targets (7) and the report's progress,
    # spending and actual values (3); the report's evidence photos (1).
    with django_assert_num_queries(13):
        assert client.get(path).status_code == 200
    with django_assert_num_queries(1):  # kept whole (config/page_cache.py)
        assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("audience", "shown"), [("public", True), ("pdf", True), ("review", False), ("workspace", False)]
)
def test_the_implementation_is_added_for_the_audiences_of_residents_only(published_report, audience, shown):
    from planning.presentation import plan_context

    plan = plan_context(published_report.program, audience=audience)
    assert ("monitoring" in plan.extras) is shown
    if shown:
        (item,) = plan.extras["monitoring"].reports
        assert item.report.pk == published_report.pk and plan.extras["monitoring"].total.completed == 1


def test_a_pdf_of_the_plan_read_for_its_finance_only_has_no_implementation(published_report):
    from planning.presentation import FINANCE, plan_context

    assert "monitoring" not in plan_context(published_report.program, audience="pdf", only={FINANCE}).extras


def test_the_report_page_shows_the_activities_photos_and_links_its_open_data(client, published_report):
    from monitoring.models import EvidencePhoto

    pipe = published_report.plan["pipe"]
    photo = EvidencePhoto.objects.create(
        report=published_report, activity=pipe, image="p.jpg", thumbnail="t.jpg", caption="Жаңы түтүк"
    )
    body = get(client, report_path(published_report, "ru")).content.decode()
    base = f"/ru/plans/{published_report.program_id}/monitoring/2025/photos/{photo.pk}/"
    assert f'href="{base}"' in body and 'alt="Жаңы түтүк"' in body
    assert f"/api/v1/programs/{published_report.program_id}/monitoring/2025.csv?lang=ru" in body
    assert f"/api/v1/programs/{published_report.program_id}/monitoring/2025.xlsx?lang=ru" in body
    assert "Данные отчёта (CSV)" in body
