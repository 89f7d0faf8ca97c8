"""The statistics page in the workspace: who sees which figures, the page shows what the selector
counts (the demo's 385 heads by oblast), the charts, hostile filters, a flat number of queries,
and the Excel file."""

from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.factories import MunicipalityFactory, ParticipationFactory, PersonFactory, TrainingFactory
from trainings import selectors
from trainings.models import Participation, Person, Tally, Training
from trainings.reports import charts

pytestmark = pytest.mark.django_db

HELD = Training.Status.HELD
URL = "trainings_ws:statistics"


def _get(client, user, name=URL, **params):
    client.force_login(user)
    return client.get(reverse(name), params)


def _figure(response, name: str) -> str:
    html = response.content.decode()
    start = html.index(f'data-figure="{name}">') + len(f'data-figure="{name}">')
    return html[start : html.index("<", start)].strip()


@pytest.fixture
def two_projects(world, project_a):
    """A held training of A's project with 3 people (2 women) and one of the other project."""
    from accounts.models import ProjectCoordinator

    project_b = ProjectCoordinator.objects.get(user=world.coordinator_other).project
    mine = TrainingFactory(project=project_a, status=HELD, title="Менин тренингим")
    for gender in "ffm":
        ParticipationFactory(training=mine, person__municipality=world.municipality_a, person__gender=gender)
    other = TrainingFactory(project=project_b, status=HELD, title="Башка долбоордун тренинги")
    for _ in range(5):
        ParticipationFactory(training=other, person__municipality=world.municipality_b, person__gender="m")
    return mine, other


def test_coordinators_see_only_their_projects_figures(client, world, two_projects):
    response = _get(client, world.coordinator_a)
    assert response.status_code == 200
    assert (_figure(response, "participants"), _figure(response, "women")) == ("3", "2")
    assert "Башка долбоордун тренинги" not in response.content.decode()
    response = _get(client, world.coordinator_other)
    assert _figure(response, "participants") == "5"
    assert "Менин тренингим" not in response.content.decode()


def test_a_coordinator_cannot_ask_for_another_projects_figures(client, world, two_projects):
    other = two_projects[1]
    response = _get(client, world.coordinator_a, project=other.project_id)
    assert response.status_code == 200
    assert _figure(response, "participants") == "3"  # the filter is dropped, not obeyed


def test_administrators_see_every_project(client, world, two_projects):
    assert _figure(_get(client, world.admin), "participants") == "8"
    response = _get(client, world.admin, project=two_projects[1].project_id)
    assert _figure(response, "participants") == "5"


@pytest.mark.parametrize("persona", ["staff_a", "staff_b", "head_a"])
def test_municipal_staff_and_heads_get_404(client, world, two_projects, persona):
    assert _get(client, world.persona(persona)).status_code == 404
    assert _get(client, world.persona(persona), name="trainings_ws:statistics_export").status_code == 404


@pytest.mark.parametrize(("language", "share"), [("ky", "66,7 %"), ("ru", "66,7 %"), ("en", "66.7 %")])
def test_the_page_shows_what_the_selector_counts(client, world, two_projects, project_a, language, share):
    stats = selectors.training_statistics(projects=[project_a.pk])
    with translation.override(language):  # the page's language, not whatever an earlier test left active
        response = _get(client, world.coordinator_a)
    assert _figure(response, "participants") == str(stats.total.participants)
    assert _figure(response, "participations") == str(stats.total.participations)
    assert stats.women_share == pytest.approx(66.7)
    assert _figure(response, "women_share") == share  # written as the page's language writes numbers
    assert _figure(response, "planned") == str(stats.planned)
    html = response.content.decode()
    assert 'data-row="target"' in html and "<svg" in html


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_territory", verbosity=0)
    call_command("load_demo", verbosity=0)


def test_the_demo_385_heads_by_oblast_on_the_page(client, world, demo):
    from municipalities.models import Region
    from tests.factories import UserFactory

    heads = Training.objects.get(title="Айыл өкмөтү башчылары үчүн үч күндүк тренингдер")
    # The demo resets its own "admin" (a password to change): another administrator looks.
    client.force_login(UserFactory(username="statistician", is_superuser=True, is_staff=True))
    response = client.get(reverse(URL), {"year": heads.first_day.year, "role": "ao_head"})
    html = response.content.decode()
    stats = selectors.training_statistics(year=heads.first_day.year, role="ao_head")
    expected = {
        "41704000000000": 63,  # Naryn
        "41702000000000": 61,  # Issyk-Kul
        "41703000000000": 68,  # Jalal-Abad
        "41706000000000": 88,  # Osh
        "41708000000000": 105,  # Chüy
    }
    by_soate = {Region.objects.get(pk=p.pk).soate: p.figures.participants for p in stats.by_oblast if p.pk}
    assert {k: by_soate[k] for k in expected} == dict(expected.items())
    for oblast in stats.by_oblast:
        if oblast.pk and Region.objects.get(pk=oblast.pk).soate in expected:
            row = html[html.index(f'data-oblast="{oblast.pk}"') :]
            cells = row[row.index("</th>") :]
            assert f'<td class="text-end">{oblast.figures.participants}</td>' in cells[:80]


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc", "oblast": "-1", "rayon": "999999999999999999999", "role": "<script>", "format": "x"},
        {"project": "1 OR 1=1", "year": "99999999999"},
        {"oblast": "\x00", "rayon": "1e3", "page": "-5"},
        {"year": ["2019", "2020"], "project": ""},
    ],
)
def test_hostile_filters_never_fail_the_page(client, world, two_projects, params):
    response = _get(client, world.coordinator_a, **params)
    assert response.status_code == 200
    assert _figure(response, "participants") == "3"
    assert "<script>" not in response.content.decode()
    export = _get(client, world.coordinator_a, name="trainings_ws:statistics_export", **params)
    assert export.status_code == 200


def _fill(training, size: int) -> None:
    municipalities = [MunicipalityFactory() for _ in range(3)]
    people = [
        PersonFactory.build(
            municipality=municipalities[i % 3], gender="fm"[i % 2], role=("jmeg", "ao_head")[i % 2]
        )
        for i in range(size)
    ]
    for person in people:
        person.name_key = Person.key_of(person.full_name)
    Person.objects.bulk_create(people)
    Participation.objects.bulk_create(Participation(training=training, person=p) for p in people)


def _page_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(URL)).status_code == 200
    return len(queries)


def test_the_page_takes_as_many_queries_for_1000_participants_as_for_10(client, world, project_a):
    _fill(TrainingFactory(project=project_a, status=HELD), 10)
    small = _page_queries(client, world.coordinator_a)
    _fill(TrainingFactory(project=project_a, status=HELD), 1000)
    Tally.objects.create(
        training=TrainingFactory(project=project_a, status=HELD),
        region=world.municipality_a.district.region,
        gender="f",
        role="youth",
        count=1000,
    )
    big = _page_queries(client, world.coordinator_a)
    # session, user, the user's projects; choices: projects, years, oblasts, rayons; the seven
    # of training_statistics
    assert big == small
    assert big <= 16


def test_the_export_holds_the_figures_and_keeps_formula_text_as_text(client, world, project_a):
    training = TrainingFactory(project=project_a, status=HELD, title='=HYPERLINK("http://evil","x")')
    ParticipationFactory(training=training, person__municipality=world.municipality_a)
    response = _get(client, world.coordinator_a, name="trainings_ws:statistics_export")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    rows = list(book.worksheets[-1].iter_rows(values_only=True))
    cell = next(c for c in book.worksheets[-1]["A"] if c.value and str(c.value).startswith("=HYPER"))
    assert cell.data_type == "s" and cell.quotePrefix
    assert rows[1][0] == '=HYPERLINK("http://evil","x")'
    summary = list(book.worksheets[0].iter_rows(values_only=True))
    assert any(r[0] and r[1] == 1 for r in summary if len(r) > 1)


def test_chart_labels_wrap_and_are_escaped():
    svg = charts.bar_chart(
        [("Айыл өкмөтүнүн башчысы жана анын орун басары <b>", [12]), ("Башка", [3])], title="Роль"
    )
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert 'viewBox="0 0 360' in svg  # about one unit a pixel on a 375-px phone
    # 15 letters a line at 120 units; at most three lines, the last one marked as cut.
    assert charts.wrap("Айыл өкмөтүнүн башчысы жана анын орун басары", 120) == [
        "Айыл өкмөтүнүн",
        "башчысы жана",
        "анын орун…",
    ]
    assert charts.wrap("Чүй", 120) == ["Чүй"]
    empty = charts.bar_chart([("x", [0])], title="t")
    assert "<svg" in empty and "<rect" not in empty
    two = charts.bar_chart([("Тренинг", [20, 18])], title="t", series=["planned", "actual"])
    assert two.count("<rect") == 4  # two legend boxes, two bars
