"""The workspace pages of a yearly monitoring report: who opens them, the program's list and the
start of a year's report, the overview's figures, a direction's activities and the indicators
saved all or nothing (each refusal at its field, in Kyrgyz, with what was typed kept), the JMEG's
verification, comments with their anchors, a published report read-only, and a fixed number of
queries whatever the size of the plan."""

from decimal import Decimal
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from monitoring.models import (
    ActivityProgress,
    ActivitySpending,
    IndicatorActual,
    MonitoringReport,
    ReportComment,
)
from tests.factories import (
    ActivityFactory,
    FundingLineFactory,
    GoalFactory,
    ObjectiveFactory,
    PriorityFactory,
)

pytestmark = pytest.mark.django_db

S = MonitoringReport.Status


def ws(name: str, *args, language: str = "ky") -> str:
    with translation.override(language):
        return reverse(f"monitoring_ws:{name}", args=args)


def body(response) -> str:
    return response.content.decode()


def ky(message: str, **values) -> str:
    """A message as a Kyrgyz page shows it (escaped as the template escapes it)."""
    with translation.override("ky"):
        text = translation.gettext(message)
    assert text != message, f"no Kyrgyz for {message!r}"
    return escape(text % values if values else text)


def priority_of(activity) -> int:
    return activity.objective.goal.priority_id


def pages(report) -> list[str]:
    pipe = report.plan["pipe"]
    return [
        ws("reports", report.program_id),
        ws("report", report.pk),
        ws("direction", report.pk, priority_of(pipe)),
        ws("indicators", report.pk),
        ws("verification", report.pk),
    ]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("staff_a", 200), ("head_a", 200), ("coordinator_a", 200), ("staff_b", 404), ("coordinator_other", 404)],
)
def test_each_page_opens_for_the_team_and_the_coordinator_and_not_for_outsiders(
    client, world, report_a, persona, status
):
    client.force_login(world.persona(persona))
    for url in pages(report_a):
        assert client.get(url).status_code == status, url


def test_a_citizen_is_sent_to_sign_in(client, report_a):
    for url in pages(report_a):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_start_the_report_of_a_year_without_one(client, world, published_a):
    MonitoringReport.objects.create(program=published_a, year=2025)
    client.force_login(world.staff_a)
    page = body(client.get(ws("reports", published_a.pk)))
    assert '<option value="2026">' in page and '<option value="2025">' not in page
    response = client.post(ws("reports", published_a.pk), {"year": "2026"})
    report = MonitoringReport.objects.get(program=published_a, year=2026)
    assert response["Location"] == ws("report", report.pk)
    # A year already started, or out of the period: refused at the field, nothing created.
    response = client.post(ws("reports", published_a.pk), {"year": "2026"})
    assert response.status_code == 200 and "invalid-feedback" in body(response)
    assert MonitoringReport.objects.filter(program=published_a).count() == 2
    page = body(client.get(ws("reports", published_a.pk)))
    assert ws("report", report.pk) in page


def test_a_coordinator_reads_the_list_but_starts_nothing(client, world, published_a):
    client.force_login(world.coordinator_a)
    assert "<select" not in body(client.get(ws("reports", published_a.pk)))
    assert client.post(ws("reports", published_a.pk), {"year": "2025"}).status_code == 403
    assert not MonitoringReport.objects.exists()


def test_the_workspace_home_and_the_program_overview_link_to_the_reports(client, world, published_a):
    client.force_login(world.staff_a)
    assert ws("reports", published_a.pk) in body(client.get(reverse("workspace_home")))
    with translation.override("ky"):
        overview = reverse("planning:overview", args=[published_a.pk])
    assert ws("reports", published_a.pk) in body(client.get(overview))


# --- A direction's activities -----------------------------------------------------------------


def direction_data(report, **changes) -> dict:
    """The form of the water direction as its page sends it, with `changes` (field → value)."""
    pipe, pump = report.plan["pipe"], report.plan["pump"]
    local, donors = report.plan["local"], report.plan["donors"]
    data = {}
    for activity in (pipe, pump):
        p = f"a{activity.pk}-"
        data.update({p + "status": "not_started", p + "share_done": "0", p + "reason": "", p + "comment": ""})
    data.update({f"a{pipe.pk}-amount_{local.pk}": "", f"a{pipe.pk}-amount_{donors.pk}": ""})
    data.update(
        {f"a{pump.pk}-amount_{local.pk}": "", f"a{pump.pk}-new_source": "", f"a{pump.pk}-new_amount": ""}
    )
    data.update(changes)
    return data


def test_staff_save_a_directions_activities_and_see_the_difference(client, world, report_a):
    pipe, pump, local, donors = (report_a.plan[k] for k in ("pipe", "pump", "local", "donors"))
    url = ws("direction", report_a.pk, priority_of(pipe))
    client.force_login(world.staff_a)
    data = direction_data(
        report_a,
        **{
            f"a{pipe.pk}-status": "in_progress",
            f"a{pipe.pk}-share_done": "40",
            f"a{pipe.pk}-comment": "Траншея казылды",
            f"a{pipe.pk}-amount_{local.pk}": "1 500,50",
            f"a{pump.pk}-new_source": str(donors.pk),
            f"a{pump.pk}-new_amount": "7000",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    progress = ActivityProgress.objects.get(report=report_a, activity=pipe)
    assert (progress.status, progress.share_done, progress.comment) == ("in_progress", 40, "Траншея казылды")
    assert not ActivityProgress.objects.filter(activity=pump).exists()  # unchanged: nothing written
    assert ActivitySpending.objects.get(activity=pipe, source=local).amount == Decimal("1500.50")
    assert ActivitySpending.objects.get(activity=pump, source=donors).amount == Decimal("7000")
    page = client.get(url)
    card = next(form for form in page.context["forms"] if form.row.activity == pipe)
    line = next(line for line in card.row.sources if line.source == local)
    assert (line.planned, line.actual, line.difference) == (
        Decimal("100000"),
        Decimal("1500.50"),
        Decimal("-98499.50"),
    )
    with translation.override("ky"):
        from django.template.defaultfilters import floatformat

        assert floatformat(Decimal("-98499.50"), "-2g") in body(page)
    # The added source now has its own line on the pump's card (planned 0).
    assert f'name="a{pump.pk}-amount_{donors.pk}"' in body(page)


@pytest.mark.parametrize(
    ("field", "value", "message", "values"),
    [
        ("amount", "миң сом", "Enter a number, for example 1500 or 12.5.", {}),
        ("share_done", "150", "The share done is a whole number from 0 to 100.", {}),
        (
            "status",
            "delayed",
            "Say why the activity is “%(status)s”: the reason is required.",
            {"status": "delayed"},
        ),
    ],
)
def test_a_bad_value_saves_nothing_and_is_shown_at_its_field_in_kyrgyz(
    client, world, report_a, field, value, message, values
):
    pipe, pump, local = report_a.plan["pipe"], report_a.plan["pump"], report_a.plan["local"]
    name = {"amount": f"a{pipe.pk}-amount_{local.pk}"}.get(field, f"a{pipe.pk}-{field}")
    client.force_login(world.staff_a)
    data = direction_data(
        report_a,
        **{
            f"a{pump.pk}-status": "completed",  # a good change beside the bad one: not kept either
            f"a{pump.pk}-share_done": "100",
            f"a{pump.pk}-amount_{local.pk}": "20000",
            f"a{pipe.pk}-comment": "Жазылган текст",
            name: value,
        },
    )
    version = report_a.version
    response = client.post(ws("direction", report_a.pk, priority_of(pipe)), data)
    assert response.status_code == 200
    assert not ActivityProgress.objects.exists() and not ActivitySpending.objects.exists()
    report_a.refresh_from_db()
    assert report_a.version == version
    page = body(response)
    if values.get("status"):
        with translation.override("ky"):
            values = {"status": str(ActivityProgress.Status.DELAYED.label)}
    error = ky(message, **values)
    # At the field: its invalid-feedback block, named after the field's id.
    field_name = f"a{pipe.pk}-reason" if field == "status" else name
    block = page.split(f'id="id_{field_name}_error"', 1)
    assert len(block) == 2 and error in block[1].split("</div>", 1)[0]
    # What was typed is kept, the good change beside it too.
    assert escape(value) in page and "Жазылган текст" in page and 'value="20000"' in page


def test_a_coordinator_reads_the_direction_but_cannot_save_it(client, world, report_a):
    pipe = report_a.plan["pipe"]
    url = ws("direction", report_a.pk, priority_of(pipe))
    client.force_login(world.coordinator_a)
    page = body(client.get(url))
    assert "direction-form" not in page and "Суу түтүгү" in page
    data = direction_data(report_a, **{f"a{pipe.pk}-status": "in_progress"})
    assert client.post(url, data).status_code == 403
    assert not ActivityProgress.objects.exists()


def test_a_direction_of_another_program_is_404(client, world, report_a):
    other = PriorityFactory()
    client.force_login(world.staff_a)
    assert client.get(ws("direction", report_a.pk, other.pk)).status_code == 404


# --- Indicators and verification -------------------------------------------------------------


def test_staff_save_the_indicators_and_see_in_words_whether_the_target_was_met(client, world, report_a):
    more, less = report_a.plan["more"], report_a.plan["less"]
    client.force_login(world.staff_a)
    url = ws("indicators", report_a.pk)
    data = {
        f"i{more.pk}-value": "72", f"i{more.pk}-women": "40", f"i{more.pk}-men": "32", f"i{more.pk}-source": "Айыл өкмөтү",
        f"i{less.pk}-value": "35", f"i{less.pk}-women": "", f"i{less.pk}-men": "", f"i{less.pk}-source": "",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    assert IndicatorActual.objects.get(indicator=more).women == Decimal("40")
    page = body(client.get(url))
    assert page.count(ky("Yes, the target is met")) == 1  # more: 72 ≥ 70
    assert page.count(ky("No, the target is not met")) == 1  # less: 35 > 30, a lower value is better


def test_a_bad_indicator_value_saves_nothing_and_keeps_what_was_typed(client, world, report_a):
    more, less = report_a.plan["more"], report_a.plan["less"]
    client.force_login(world.staff_a)
    data = {
        f"i{more.pk}-value": "72", f"i{more.pk}-women": "", f"i{more.pk}-men": "", f"i{more.pk}-source": "",
        f"i{less.pk}-value": "отуз", f"i{less.pk}-women": "", f"i{less.pk}-men": "", f"i{less.pk}-source": "",
    }  # fmt: skip
    response = client.post(ws("indicators", report_a.pk), data)
    assert response.status_code == 200 and not IndicatorActual.objects.exists()
    page = body(response)
    block = page.split(f'id="id_i{less.pk}-value_error"', 1)[1].split("</div>", 1)[0]
    assert ky("Enter a number, for example 1500 or 12.5.") in block
    assert 'value="отуз"' in page and 'value="72"' in page


def test_staff_record_the_verification_and_a_bad_date_is_refused_at_its_field(client, world, report_a):
    client.force_login(world.staff_a)
    url = ws("verification", report_a.pk)
    data = {
        "jmeg_verified_on": "2026-13-40",
        "jmeg_women": "3",
        "jmeg_men": "2",
        "jmeg_remarks": "Текшерилди",
        "council_heard_on": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    block = body(response).split('id="id_jmeg_verified_on_error"', 1)[1].split("</div>", 1)[0]
    assert ky("Enter a valid date.") in block and "Текшерилди" in body(response)
    report_a.refresh_from_db()
    assert report_a.jmeg_women is None
    response = client.post(url, {**data, "jmeg_verified_on": "2026-01-20"})
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert (report_a.jmeg_verified_on.isoformat(), report_a.jmeg_women, report_a.jmeg_remarks) == (
        "2026-01-20",
        3,
        "Текшерилди",
    )


# --- Comments -------------------------------------------------------------------------------------


def test_a_coordinators_comment_comes_back_at_its_anchor_and_staff_resolve_it(client, world, report_a):
    pipe = report_a.plan["pipe"]
    direction = ws("direction", report_a.pk, priority_of(pipe))
    client.force_login(world.coordinator_a)
    assert f'name="part_id" value="{pipe.pk}"' in body(client.get(direction))
    response = client.post(
        ws("comment_add", report_a.pk),
        {"part": "activity", "part_id": pipe.pk, "text": "Актты тиркегиле", "next": direction},
    )
    comment = ReportComment.objects.get()
    assert response["Location"] == f"{direction}#comment-{comment.pk}"
    assert (comment.part, comment.part_id, comment.part_label) == ("activity", pipe.pk, "Суу түтүгү")
    page = body(client.get(direction))
    inside = page.split(f'id="comment-{comment.pk}"', 1)[1].split("</article>", 1)[0]
    assert ky("The comment is added.") in inside and "Актты тиркегиле" in inside
    # The overview lists it, with a link to it on its part's page.
    overview = body(client.get(ws("report", report_a.pk)))
    assert f'href="{direction}#comment-{comment.pk}"' in overview
    # Staff resolve it from the direction page (the button posts the page's form to the resolve address).
    client.force_login(world.staff_a)
    page = body(client.get(direction))
    assert ws("comment_resolve", report_a.pk, comment.pk) in page
    response = client.post(ws("comment_resolve", report_a.pk, comment.pk), {"next": direction})
    assert response["Location"] == f"{direction}#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.resolved_by == world.staff_a
    inside = body(client.get(direction)).split(f'id="comment-{comment.pk}"', 1)[1].split("</article>", 1)[0]
    assert ky("The comment is marked resolved.") in inside


def test_staff_cannot_comment_and_an_empty_comment_is_refused(client, world, report_a):
    client.force_login(world.staff_a)
    assert client.post(ws("comment_add", report_a.pk), {"text": "…"}).status_code == 403
    client.force_login(world.coordinator_a)
    response = client.post(ws("comment_add", report_a.pk), {"text": "  "}, follow=True)
    assert ky("Write the comment.") in body(response)
    assert not ReportComment.objects.exists()


# --- A published report --------------------------------------------------------------------------


def test_a_published_reports_pages_are_read_only(client, world, report_a):
    pipe, local = report_a.plan["pipe"], report_a.plan["local"]
    ActivityProgress.objects.create(report=report_a, activity=pipe, status="completed", share_done=100)
    ActivitySpending.objects.create(report=report_a, activity=pipe, source=local, amount=Decimal("90000"))
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=S.PUBLISHED)
    client.force_login(world.staff_a)
    direction = ws("direction", report_a.pk, priority_of(pipe))
    page = body(client.get(direction))
    assert "direction-form" not in page and f'name="a{pipe.pk}-status"' not in page
    assert "read-only-notice" in page and "Суу түтүгү" in page
    for url in (ws("indicators", report_a.pk), ws("verification", report_a.pk)):
        page = body(client.get(url))
        assert 'method="post" novalidate' not in page and "read-only-notice" in page
    before = report_a.version
    response = client.post(
        direction, direction_data(report_a, **{f"a{pipe.pk}-status": "delayed", f"a{pipe.pk}-reason": "x"})
    )
    assert response.status_code == 302
    assert ActivityProgress.objects.get().status == "completed"
    response = client.post(ws("verification", report_a.pk), {"jmeg_women": "9"})
    report_a.refresh_from_db()
    assert report_a.version == before and report_a.jmeg_women is None


# --- Queries ---------------------------------------------------------------------------------------


def _direction_of(report, size: int) -> int:
    objective = ObjectiveFactory(goal=GoalFactory(priority=PriorityFactory(program=report.program, order=9)))
    for index in range(size):
        activity = ActivityFactory(objective=objective, title=f"Иш-чара {index}")
        FundingLineFactory(
            activity=activity, source=report.plan["local"], year=report.year, amount=Decimal("1000")
        )
        ActivityProgress.objects.create(report=report, activity=activity, status="in_progress", share_done=10)
        ActivitySpending.objects.create(
            report=report, activity=activity, source=report.plan["local"], amount=Decimal("900")
        )
        ReportComment.objects.create(report=report, part="activity", part_id=activity.pk, text="?")
    return objective.goal.priority_id


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_direction_page_and_the_overview_run_as_many_queries_for_3_as_for_30_activities(
    client, world, published_a
):
    small = MonitoringReport.objects.create(program=published_a, year=2025)
    small.plan = published_a.plan
    small_direction = _direction_of(small, 3)
    client.force_login(world.staff_a)
    counts_small = (
        _count(client, ws("direction", small.pk, small_direction)),
        _count(client, ws("report", small.pk)),
    )
    large = MonitoringReport.objects.create(program=published_a, year=2026)
    large.plan = published_a.plan
    large_direction = _direction_of(large, 30)
    counts_large = (
        _count(client, ws("direction", large.pk, large_direction)),
        _count(client, ws("report", large.pk)),
    )
    assert counts_small == counts_large


def test_an_activity_marked_completed_with_its_share_untouched_is_done_in_full(client, world, report_a):
    pipe = report_a.plan["pipe"]
    client.force_login(world.staff_a)
    response = client.post(
        ws("direction", report_a.pk, priority_of(pipe)),
        direction_data(report_a, **{f"a{pipe.pk}-status": "completed"}),
    )
    assert response.status_code == 302
    assert ActivityProgress.objects.get(activity=pipe).share_done == 100


# --- The report's Excel from the overview --------------------------------------------------


@pytest.mark.parametrize(
    "persona, status, export, import_",
    [
        ("staff_a", S.DRAFT, True, True),
        ("head_a", S.CHANGES_REQUESTED, True, True),
        ("staff_a", S.SUBMITTED, True, False),
        ("coordinator_a", S.DRAFT, True, False),
    ],
)
def test_the_overview_links_the_workbook_and_the_import_for_who_may_use_them(
    world, login, report_a, persona, status, export, import_
):
    MonitoringReport.objects.filter(pk=report_a.pk).update(status=status)
    html = login(getattr(world, persona)).get(ws("report", report_a.pk)).content.decode()
    assert (ws("report_export", report_a.pk) in html) is export
    assert (ws("report_import", report_a.pk) in html) is import_


def test_each_activity_card_links_its_photos_with_their_number(world, login, report_a):
    from monitoring.models import EvidencePhoto

    pipe, pump = report_a.plan["pipe"], report_a.plan["pump"]
    for _ in range(2):
        EvidencePhoto.objects.create(report=report_a, activity=pipe, image="x.jpg", thumbnail="t.jpg")
    priority = pipe.objective.goal.priority_id
    html = login(world.coordinator_a).get(ws("direction", report_a.pk, priority)).content.decode()
    assert f'href="{ws("activity_photos", report_a.pk, pipe.pk)}">Сүрөттөр (2)' in html
    assert f'href="{ws("activity_photos", report_a.pk, pump.pk)}">Сүрөттөр (0)' in html
