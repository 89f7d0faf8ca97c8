"""One presentation of a plan (planning/presentation.py and templates/planning/partials/): the
public page, the review screen, the workspace and the PDF read the plan the same way and draw
each block with the same partial."""

import re
from contextlib import contextmanager
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.template.loader import render_to_string
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from planning.demo.sample import build_program
from planning.models import Activity, FundingLine, FundingSource, Program, WorkingGroupMember
from planning.presentation import AUDIENCES, MemberRow, plan_context
from planning.publication.pdf import plan_document_context
from tests.factories import VillageFactory
from tests.planning.helpers import url

pytestmark = pytest.mark.django_db

PHONE = "+996 555 123 987"
NBSP = "\xa0"


@pytest.fixture
def published(world, reference) -> Program:
    """A's published program: villages, an activity paid from three sources over two years, and
    phone numbers that no page may show."""
    VillageFactory(municipality=world.municipality_a, name_ky="Жаңы-Жол")
    program = build_program(municipality=world.municipality_a, activities=12, start_year=2025, years=3)
    WorkingGroupMember.objects.filter(working_group__program=program).update(phone=PHONE)
    activity = Activity.objects.filter(objective__goal__priority__program=program).order_by("pk").first()
    sources = list(FundingSource.objects.filter(is_active=True).order_by("order")[:3])
    FundingLine.objects.filter(activity=activity).delete()
    for source, year, amount in [
        (sources[0], 2025, "1250000"),
        (sources[0], 2026, "250000"),
        (sources[1], 2026, "37500.40"),
        (sources[2], 2025, "999"),
    ]:
        FundingLine.objects.create(activity=activity, source=source, year=year, amount=Decimal(amount))
    Program.objects.filter(pk=program.pk).update(
        status=Program.Status.PUBLISHED, published_at="2025-02-01T10:00Z"
    )
    return Program.objects.get(pk=program.pk)


class ActivityRows(HTMLParser):
    """The text of each cell of every `<tr class="activity">` (the shared activity row)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._in_row = self._in_cell = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._in_row = "activity" in (dict(attrs).get("class") or "").split()
            if self._in_row:
                self.rows.append([])
        elif self._in_row and tag == "td":
            self.rows[-1].append("")
            self._in_cell = True
        elif self._in_cell and tag in ("div", "br"):  # a line of its own
            self.rows[-1][-1] += " "

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_cell = False
        elif tag == "tr":
            self._in_row = False

    def handle_data(self, data):
        if self._in_cell:
            self.rows[-1][-1] += data

    def cells(self) -> list[list[str]]:
        # Runs of white space are one space; a no-break space (thousands) stays what it is.
        return [[re.sub(r"[ \t\r\n]+", " ", cell).strip() for cell in row] for row in self.rows]


def render_audience(client, world, program, audience: str) -> str:
    """The plan as `audience` sees it, in Kyrgyz: the public page, the review screen (a
    coordinator), the workspace's action plan (staff) or the PDF's HTML."""
    if audience == "public":
        cache.clear()
        client.logout()
        return client.get(f"/ky/plans/{program.pk}/").content.decode()
    if audience == "review":
        client.force_login(world.coordinator_a)
        return client.get(url("review", program.pk)).content.decode()
    if audience == "workspace":
        client.force_login(world.staff_a)
        return client.get(url("action_plan", program.pk)).content.decode()
    if audience == "overview":
        client.force_login(world.staff_a)
        return client.get(url("overview", program.pk)).content.decode()
    with translation.override("ky"):
        return render_to_string("planning/pdf/plan.html", plan_document_context(program))


def pages_of_every_audience(client, world, program) -> dict[str, str]:
    return {
        audience: render_audience(client, world, program, audience)
        for audience in ("public", "review", "workspace", "overview", "pdf")
    }


def soms(amount) -> str:
    """Whole soms grouped by thousands the Kyrgyz way (a no-break space)."""
    return f"{Decimal(amount).quantize(Decimal('1')):,}".replace(",", NBSP)


def test_the_four_audiences_show_the_same_activity_rows(client, world, published):
    pages = pages_of_every_audience(client, world, published)
    rows = {name: ActivityRows(pages[name]).cells() for name in ("public", "review", "workspace", "pdf")}
    assert len(rows["public"]) == 12
    assert rows["review"] == rows["public"]
    assert rows["workspace"] == rows["public"]
    assert rows["pdf"] == rows["public"]

    # Code, title, responsible, place, years, each source with its years added up, the total.
    code, title, responsible, where, years, funding, total = rows["public"][0]
    sources = list(FundingSource.objects.filter(is_active=True).order_by("order")[:3])
    assert code == "1.1.1.1"
    assert title.startswith("Иш-чара 1")
    assert responsible == "Айыл өкмөтү"
    assert where == "Жаңы-Жол"
    assert years == "2025–2026"
    assert funding == (
        f"{sources[0].name_ky}: {soms(1500000)} {sources[1].name_ky}: {soms(37500)} {sources[2].name_ky}: {soms(999)}"
    )
    assert total == soms("1538499.40") == f"1{NBSP}538{NBSP}499"
    # One format for money on the workspace's summaries too.
    lines = FundingLine.objects.filter(activity__objective__goal__priority__program=published)
    assert f"{soms(lines.aggregate(total=Sum('amount'))['total'])} сом" in pages["overview"]


@contextmanager
def templates_used():
    names: list[str] = []

    def record(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    try:
        yield names
    finally:
        template_rendered.disconnect(record)


@pytest.mark.parametrize("audience", ["public", "review", "workspace", "pdf"])
def test_every_audience_draws_the_plan_with_the_shared_partials(client, world, published, audience):
    with templates_used() as names:
        page = render_audience(client, world, published, audience)
    used = set(names)
    assert {"planning/partials/activity_row.html", "planning/partials/action_plan_head.html"} <= used
    if audience != "workspace":
        assert {
            "planning/partials/indicator_row.html",
            "planning/partials/indicators_head.html",
            "planning/partials/working_group.html",
        } <= used
    if audience in ("review", "pdf"):
        assert {"planning/partials/swot.html", "planning/partials/sector_analysis.html"} <= used
    if audience in ("public", "pdf"):
        assert "planning/partials/financial_model.html" in used
    # The rows carry the partial's mark.
    assert page.count('<tr class="activity"') == 12


def test_a_phone_number_appears_on_no_page_and_in_no_document(client, world, published):
    pages = pages_of_every_audience(client, world, published)
    for name, body in pages.items():
        assert PHONE not in body, name
        assert "555 123 987" not in body, name
    for name in ("public", "review", "pdf"):
        assert "Мүчө 1" in pages[name], name  # the members themselves are shown, by name


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_phone_column_is_never_read(published, audience):
    with CaptureQueriesContext(connection) as captured:
        plan = plan_context(published, audience=audience)
    assert not [q["sql"] for q in captured.captured_queries if "phone" in q["sql"]]
    assert all(isinstance(member, MemberRow) and not hasattr(member, "phone") for member in plan.members)


# The queries of each audience, whatever the size of the plan (planning/presentation.py).
TREE = 3 + 2 + 2  # the structure, activities and funding lines, indicators and targets
FINANCE = 5  # the financial model on that tree
HEARINGS = 3  # what residents said of the plan (hearings/plan_traces.py): hearings, proposals, votes
MONITORING = 1  # its published yearly reports (monitoring/plan_implementation.py; none here: 1 query)
QUERIES = {
    # the working group and its members, the characteristics
    "public": TREE + FINANCE + 2 + 1 + HEARINGS + MONITORING,
    # the working group, its members, its work plan; the characteristics; sector analyses and
    # key figures; the active sectors; the SWOT
    "review": TREE + 3 + 1 + 2 + 1 + 1,
    "workspace": TREE + FINANCE + 1,  # the members (the gender balance)
    # the working group and its members, the characteristics, analyses and key figures, the SWOT
    "pdf": TREE + FINANCE + 2 + 1 + 2 + 1 + HEARINGS + MONITORING,
}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_audience_reads_the_plan_in_a_fixed_number_of_queries(world, reference, audience):
    def queries(activities: int) -> int:
        program = build_program(municipality=world.municipality_a, activities=activities)
        program = Program.objects.get(pk=program.pk)
        with CaptureQueriesContext(connection) as captured:
            plan_context(program, audience=audience)
        return len(captured)

    assert queries(5) == queries(150) == QUERIES[audience]


def test_a_page_reads_only_the_parts_it_asks_for(published):
    with CaptureQueriesContext(connection) as captured:
        plan = plan_context(published, audience="workspace", only=("finance",))
    assert len(captured) == 3 + 5  # the structure, the financial model on it
    assert plan.model.total > 0 and plan.members == [] and plan.tree.activities == []
    with pytest.raises(ValueError):
        plan_context(published, audience="everyone")


def test_the_review_screen_shows_each_comment_beside_its_part(client, world, published):
    from planning.models import ReviewComment

    Program.objects.filter(pk=published.pk).update(status=Program.Status.SUBMITTED)
    activity = Activity.objects.filter(objective__goal__priority__program=published).order_by("pk").first()
    ReviewComment.objects.create(
        program=published,
        part="activity",
        part_id=activity.pk,
        author=world.coordinator_a,
        text="ИШ-ЧАРА-ПИКИР",
    )
    client.force_login(world.coordinator_a)
    body = client.get(url("review", published.pk)).content.decode()
    row = body.index(f'id="part-activity-{activity.pk}"')
    # The list of open comments at the top names it first, then the thread sits in the row
    # right under the activity.
    assert body.index("ИШ-ЧАРА-ПИКИР") < row
    comment = body.index("ИШ-ЧАРА-ПИКИР", row)
    next_row = body.index('<tr class="activity"', row + 1)
    assert row < comment < next_row
    assert f'<option value="activity:{activity.pk}">' in body  # and the form to comment on it
