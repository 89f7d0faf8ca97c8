"""The coordinators' dashboard: who sees it, what each row says, the filters, the Excel export and
the number of queries (which must not grow with the number of municipalities)."""

from datetime import date, datetime, timedelta
from io import BytesIO
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from accounts.models import ProjectCoordinator
from accounts.permissions import access_of, forget_access
from municipalities.models import Municipality
from planning.authoring.services import program_create
from planning.demo.sample import build_program
from planning.models import (
    EditLock,
    Program,
    ReviewComment,
    Sector,
    SectorAnalysis,
    StatusChange,
    WorkingGroupMember,
)
from planning.review.dashboard import STAGES, alphabetical, dashboard_rows, stage_counts
from tests.factories import (
    ActivityFactory,
    DistrictFactory,
    DonorProjectFactory,
    MembershipFactory,
    MunicipalityFactory,
    ProjectCoordinatorFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 30)


def at(day: date, hour: int = 12) -> datetime:
    """Noon of a day in Bishkek, so the local date is never off by one."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def address(name: str = "dashboard", language: str = "ky", **query) -> str:
    with translation.override(language):
        base = reverse(f"planning:{name}")
    return f"{base}?{urlencode(query, doseq=True)}" if query else base


def project_of(user):
    return ProjectCoordinator.objects.get(user=user).project


def target(user, *municipalities):
    """Add municipalities to the user's (only) project."""
    project_of(user).target_municipalities.add(*municipalities)
    forget_access(user)


def new_program(municipality, *, title: str = "Өнүгүү программасы") -> Program:
    return program_create(municipality=municipality, user=None, title=title, start_year=2025, end_year=2027)


def form_working_group(program: Program, *, order: bool = True, members: int = 1) -> None:
    group = program.working_group
    if order:
        group.order_number, group.order_date = "12", date(2025, 1, 15)
        group.save()
    for index in range(members):
        WorkingGroupMember.objects.create(
            working_group=group, name=f"Мүчө {index}", gender="f", category="lsg"
        )


def write_analysis(program: Program, *, skip: int = 0) -> None:
    """A written analysis of every sector in use but the last `skip` ones."""
    sectors = list(Sector.objects.filter(is_active=True))
    for sector in sectors[: len(sectors) - skip]:
        SectorAnalysis.objects.create(program=program, sector=sector, text="Абал жакшы эмес.")


def add_activity(program: Program) -> None:
    ActivityFactory(objective__goal__priority__program=program, sector=Sector.objects.first())


def set_status(program: Program, status: str) -> None:
    Program.objects.filter(pk=program.pk).update(status=status)


def status_change(program: Program, to_status: str, when: datetime, from_status: str = "draft"):
    change = StatusChange.objects.create(program=program, from_status=from_status, to_status=to_status)
    StatusChange.objects.filter(pk=change.pk).update(at=when)
    return change


def comment(program: Program, *, resolved: bool = False, when: datetime | None = None):
    note = ReviewComment.objects.create(
        program=program, text="Бул жерди тактаңыз.", resolved_at=timezone.now() if resolved else None
    )
    if when:
        ReviewComment.objects.filter(pk=note.pk).update(created_at=when)
    return note


def row_of(rows, municipality):
    return next(row for row in rows if row.municipality.pk == municipality.pk)


def stages_by_name(rows) -> dict[str, str]:
    return {row.municipality.name_ky: row.stage for row in rows}


# --- Who sees it -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator_a", "coordinator_other", "admin"])
def test_coordinators_and_administrators_see_the_dashboard(world, login, persona):
    response = login(world.persona(persona)).get(address())
    assert response.status_code == 200
    assert response.templates[0].name == "planning/review/dashboard.html"


@pytest.mark.parametrize("persona", ["staff_a", "staff_b", "head_a"])
def test_municipal_staff_and_heads_get_404(world, login, persona):
    assert login(world.persona(persona)).get(address()).status_code == 404
    assert login(world.persona(persona)).get(address("dashboard_export")).status_code == 404


def test_a_coordinator_of_a_project_without_targets_gets_404(world, login):
    lonely = ProjectCoordinatorFactory(project=DonorProjectFactory()).user
    assert login(lonely).get(address()).status_code == 404


@pytest.mark.parametrize("name", ["dashboard", "dashboard_export"])
def test_anonymous_visitors_are_sent_to_sign_in(world, client, name):
    response = client.get(address(name))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_coordinator_sees_only_the_municipalities_of_their_projects(world, login):
    rows = dashboard_rows(user=world.coordinator_a)
    assert [row.municipality for row in rows] == [world.municipality_a]
    assert [row.municipality for row in dashboard_rows(user=world.coordinator_other)] == [
        world.municipality_b
    ]
    page = login(world.coordinator_a).get(address()).content.decode()
    assert world.municipality_a.name_ky in page
    assert world.municipality_b.name_ky not in page


def test_a_coordinator_of_two_projects_sees_both(world):
    second = DonorProjectFactory(targets=[MunicipalityFactory(name_ky="Экинчи айыл аймагы")])
    ProjectCoordinatorFactory(user=world.coordinator_a, project=second)
    forget_access(world.coordinator_a)
    names = {row.municipality.name_ky for row in dashboard_rows(user=world.coordinator_a)}
    assert names == {world.municipality_a.name_ky, "Экинчи айыл аймагы"}


def test_the_administrator_sees_every_municipality(world, login):
    untargeted = MunicipalityFactory(name_ky="Эч кимдики эмес айыл аймагы")
    rows = dashboard_rows(user=world.admin)
    assert {row.municipality for row in rows} == {world.municipality_a, world.municipality_b, untargeted}
    page = login(world.admin).get(address()).content.decode()
    for municipality in (world.municipality_a, world.municipality_b, untargeted):
        assert municipality.name_ky in page


def test_rows_carry_the_territory_and_the_projects(world):
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert row.district == world.municipality_a.district
    assert row.region == world.municipality_a.district.region
    assert row.projects == [project_of(world.coordinator_a)]


def test_rows_are_ordered_by_oblast_rayon_and_name(world):
    chui, osh = RegionFactory(name_ky="Чүй облусу"), RegionFactory(name_ky="Ош облусу")
    alamudun, ysyk_ata = (
        DistrictFactory(region=chui, name_ky="Аламүдүн"),
        DistrictFactory(region=chui, name_ky="Ысык-Ата"),
    )
    uzgen = DistrictFactory(region=osh, name_ky="Өзгөн")
    municipalities = [
        MunicipalityFactory(district=ysyk_ata, name_ky="Ивановка"),
        MunicipalityFactory(district=uzgen, name_ky="Мырза-Аке"),
        MunicipalityFactory(district=alamudun, name_ky="Ленин"),
        MunicipalityFactory(district=alamudun, name_ky="Ала-Арча"),
    ]
    target(world.coordinator_a, *municipalities)
    with translation.override("ky"):
        rows = dashboard_rows(user=world.coordinator_a)
        keys = [
            (alphabetical(r.region.name), alphabetical(r.district.name), alphabetical(r.municipality.name))
            for r in rows
        ]
    assert keys == sorted(keys)
    # Ош comes before Чүй; Өзгөн is a Kyrgyz letter after О, not after Я.
    names = [row.municipality.name_ky for row in rows if row.municipality in municipalities]
    assert names == ["Мырза-Аке", "Ала-Арча", "Ленин", "Ивановка"]


# --- The stage of each municipality ------------------------------------------------------------


@pytest.fixture
def staged(world, reference):
    """A municipality of coordinator_a's project at each stage, named after the stage."""
    made = {"no_program": MunicipalityFactory(name_ky="no_program")}
    for code in ["started", "working_group", "analysis", "draft"]:
        made[code] = MunicipalityFactory(name_ky=code)
        program = new_program(made[code])
        if code == "working_group":
            form_working_group(program)
        if code == "analysis":
            form_working_group(program)
            write_analysis(program)
        if code == "draft":
            add_activity(program)  # activities, but neither a working group nor an analysis
    for code in ["submitted", "changes_requested", "endorsed", "approved", "published"]:
        made[code] = MunicipalityFactory(name_ky=code)
        set_status(build_program(municipality=made[code], activities=2), code)
    target(world.coordinator_a, *made.values())
    return made


def test_each_stage_is_computed(world, staged):
    stages = stages_by_name(dashboard_rows(user=world.coordinator_a))
    for code in staged:
        assert stages[code] == code
    assert [code for code, _label in STAGES] == list(staged)


def test_a_complete_draft_is_at_the_draft_stage(world, reference):
    build_program(municipality=world.municipality_a, activities=3)
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert row.stage == "draft"


@pytest.mark.parametrize(
    ("order", "members", "stage"),
    [(True, 0, "started"), (False, 2, "started"), (True, 1, "working_group")],
)
def test_the_working_group_needs_the_order_and_a_member(world, program_a, order, members, stage):
    form_working_group(program_a, order=order, members=members)
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert row.stage == stage


def test_the_analysis_needs_every_sector_in_use(world, program_a):
    write_analysis(program_a, skip=1)
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert row.stage == "started"

    # A sector no longer in use need not be analysed.
    Sector.objects.filter(pk=Sector.objects.filter(is_active=True).last().pk).update(is_active=False)
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert row.stage == "analysis"


def test_an_empty_analysis_does_not_count(world, program_a):
    write_analysis(program_a)
    SectorAnalysis.objects.filter(program=program_a, sector=Sector.objects.first()).update(text="")
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert row.stage == "started"


def test_without_any_sector_in_use_the_analysis_is_not_reached(world, program_a):
    Sector.objects.update(is_active=False)
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert row.stage == "started"


def test_the_current_program_is_the_newest_not_superseded(world, reference):
    old = build_program(municipality=world.municipality_a, activities=1)
    set_status(old, Program.Status.SUPERSEDED)
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert (row.stage, row.program) == ("no_program", None)

    published = build_program(municipality=world.municipality_a, activities=1)
    set_status(published, Program.Status.PUBLISHED)
    newer = new_program(world.municipality_a, title="Жаңы программа")
    Program.objects.filter(pk=published.pk).update(created_at=at(TODAY - timedelta(days=400)))
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert row.program == newer
    assert row.stage == "started"


def test_stage_counts_follow_the_stages(world, staged):
    counts = stage_counts(dashboard_rows(user=world.coordinator_a))
    assert [code for code, _label, _count in counts] == [code for code, _label in STAGES]
    # municipality_a, in the same project, has no program either.
    assert {code: count for code, _label, count in counts} == {**dict.fromkeys(staged, 1), "no_program": 2}


def test_the_page_shows_each_stage_and_the_summary(world, staged, login):
    with translation.override("ru"):
        submitted = gettext("submitted for review")
        program_list = reverse("planning:program_list", args=[staged["submitted"].pk])
    page = login(world.coordinator_a).get(address(language="ru")).content.decode()
    assert submitted == "отправлена на рассмотрение"
    assert f"{submitted}: 1" in page  # the summary
    assert f"<td>{submitted}</td>" in page  # the row
    assert f'<th scope="row"><a href="{program_list}">' in page


# --- Days in stage, open comments, last activity ----------------------------------------------


def test_days_in_a_status_stage_count_from_the_latest_change_into_it(world, program_a):
    Program.objects.filter(pk=program_a.pk).update(created_at=at(TODAY - timedelta(days=60)))
    set_status(program_a, Program.Status.SUBMITTED)
    status_change(program_a, "submitted", at(TODAY - timedelta(days=30)))
    status_change(program_a, "changes_requested", at(TODAY - timedelta(days=20)), "submitted")
    status_change(program_a, "submitted", at(TODAY - timedelta(days=9)), "changes_requested")
    (row,) = dashboard_rows(user=world.coordinator_a, today=TODAY)
    assert (row.stage, row.days_in_stage) == ("submitted", 9)


def test_days_in_a_status_stage_without_a_change_count_from_creation(world, program_a):
    Program.objects.filter(pk=program_a.pk).update(created_at=at(TODAY - timedelta(days=45)))
    set_status(program_a, Program.Status.ENDORSED)
    (row,) = dashboard_rows(user=world.coordinator_a, today=TODAY)
    assert (row.stage, row.days_in_stage) == ("endorsed", 45)


def test_days_in_a_draft_stage_count_from_creation_or_the_latest_change(world, program_a):
    Program.objects.filter(pk=program_a.pk).update(created_at=at(TODAY - timedelta(days=20)))
    (row,) = dashboard_rows(user=world.coordinator_a, today=TODAY)
    assert (row.stage, row.days_in_stage) == ("started", 20)

    status_change(program_a, "draft", at(TODAY - timedelta(days=5)), "changes_requested")
    (row,) = dashboard_rows(user=world.coordinator_a, today=TODAY)
    assert row.days_in_stage == 5

    # A change older than the program itself does not count.
    StatusChange.objects.update(at=at(TODAY - timedelta(days=90)))
    (row,) = dashboard_rows(user=world.coordinator_a, today=TODAY)
    assert row.days_in_stage == 20


def test_without_a_program_there_are_no_days_comments_or_activity(world):
    (row,) = dashboard_rows(user=world.coordinator_a, today=TODAY)
    assert (row.program, row.days_in_stage, row.open_comments, row.last_activity) == (None, None, 0, None)


def test_open_comments_are_the_unresolved_ones(world, program_a):
    comment(program_a)
    comment(program_a)
    comment(program_a, resolved=True)
    other = new_program(world.municipality_b)
    comment(other)
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert row.open_comments == 2


def test_last_activity_is_the_latest_edit_status_change_or_comment(world, program_a):
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert row.last_activity is None

    edit = at(TODAY - timedelta(days=10))
    EditLock.objects.create(program=program_a, part="vision", version=3, updated_at=edit)
    EditLock.objects.create(program=program_a, part="swot", version=0, updated_at=None)
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert row.last_activity == edit

    change = at(TODAY - timedelta(days=7))
    status_change(program_a, "submitted", change)
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert row.last_activity == change

    note = at(TODAY - timedelta(days=3))
    comment(program_a, when=note, resolved=True)
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert row.last_activity == note

    # An older event does not move it back.
    comment(program_a, when=at(TODAY - timedelta(days=30)))
    (row,) = dashboard_rows(user=world.coordinator_a)
    assert row.last_activity == note


def test_the_page_shows_days_comments_and_last_activity(world, program_a, login):
    Program.objects.filter(pk=program_a.pk).update(created_at=timezone.now() - timedelta(days=12))
    comment(program_a, when=at(date(2025, 3, 4)))
    page = login(world.coordinator_a).get(address(language="ru")).content.decode()
    assert '<td class="text-end">12</td>' in page
    assert '<td class="text-end">1</td>' in page
    assert "04.03.2025" in page


# --- Filters ------------------------------------------------------------------------------------


@pytest.fixture
def spread(world, reference):
    """Admin's view: project P targets A (started) and C (submitted, another oblast); Q targets D."""
    project_p = project_of(world.coordinator_a)
    municipality_c = MunicipalityFactory(name_ky="Си айыл аймагы")
    municipality_d = MunicipalityFactory(name_ky="Ди айыл аймагы", district=world.municipality_a.district)
    project_p.target_municipalities.add(municipality_c)
    project_q = DonorProjectFactory(targets=[municipality_d])
    new_program(world.municipality_a)
    set_status(new_program(municipality_c), Program.Status.SUBMITTED)
    new_program(municipality_d)
    forget_access(world.coordinator_a)
    return {
        "p": project_p,
        "q": project_q,
        "a": world.municipality_a,
        "c": municipality_c,
        "d": municipality_d,
        "region_a": world.municipality_a.district.region,
        "region_c": municipality_c.district.region,
    }


def names(rows) -> set[str]:
    return {row.municipality.name_ky for row in rows}


def page_rows(response) -> set[str]:
    assert response.status_code == 200
    return names(response.context["rows"])


def test_filters_of_the_function(world, spread):
    admin = world.admin
    a, c, d = (spread[key].name_ky for key in "acd")
    assert names(dashboard_rows(user=admin, project_id=spread["p"].pk)) == {a, c}
    assert names(dashboard_rows(user=admin, project_id=spread["q"].pk)) == {d}
    assert names(dashboard_rows(user=admin, region_id=spread["region_a"].pk)) == {a, d}
    assert names(dashboard_rows(user=admin, stage="started")) == {a, d}
    assert names(dashboard_rows(user=admin, project_id=spread["p"].pk, region_id=spread["region_a"].pk)) == {
        a
    }
    assert names(dashboard_rows(user=admin, project_id=spread["p"].pk, stage="submitted")) == {c}
    assert dashboard_rows(user=admin, project_id=spread["q"].pk, stage="submitted") == []


def test_a_coordinator_cannot_filter_by_a_project_of_someone_else(world, spread):
    assert dashboard_rows(user=world.coordinator_a, project_id=spread["q"].pk) == []
    assert dashboard_rows(user=world.coordinator_a, project_id=project_of(world.coordinator_other).pk) == []


def test_page_filters_by_project_oblast_and_stage(world, spread, login):
    client = login(world.admin)
    a, c, d = (spread[key].name_ky for key in "acd")
    assert page_rows(client.get(address(project=spread["p"].pk))) == {a, c}
    assert page_rows(client.get(address(oblast=spread["region_c"].pk))) == {c}
    assert page_rows(client.get(address(stage="started"))) == {a, d}
    assert page_rows(client.get(address(stage="no_program"))) == {world.municipality_b.name_ky}
    combined = client.get(address(project=spread["p"].pk, oblast=spread["region_a"].pk, stage="started"))
    assert page_rows(combined) == {a}
    assert page_rows(client.get(address(project=spread["q"].pk, stage="submitted"))) == set()


def test_the_summary_counts_ignore_the_stage_filter_but_not_the_others(world, spread, login):
    response = login(world.admin).get(address(project=spread["p"].pk, stage="started"))
    counts = {item["code"]: item["count"] for item in response.context["summary"]}
    assert counts["started"] == 1
    assert counts["submitted"] == 1
    assert counts["no_program"] == 0
    current = [item["code"] for item in response.context["summary"] if item["current"]]
    assert current == ["started"]


def test_the_form_keeps_the_chosen_filters_and_the_export_link_carries_them(world, spread, login):
    response = login(world.admin).get(address(project=spread["p"].pk, stage="started"))
    page = response.content.decode()
    assert f'<option value="{spread["p"].pk}" selected>' in page
    assert '<option value="started" selected>' in page
    export = address("dashboard_export", project=spread["p"].pk, stage="started")
    assert export.replace("&", "&amp;") in page


def test_a_coordinator_chooses_among_their_own_projects_and_oblasts(world, spread, login):
    form = login(world.coordinator_a).get(address()).context["form"]
    assert [value for value, _label in form.fields["project"].choices] == ["", spread["p"].pk]
    oblasts = {value for value, _label in form.fields["oblast"].choices}
    assert oblasts == {"", spread["region_a"].pk, spread["region_c"].pk}


@pytest.mark.parametrize(
    "query",
    [
        {"project": "abc"},
        {"project": "1.5"},
        {"project": "-1"},
        {"project": "99999999999999999999999"},
        {"oblast": "x"},
        {"oblast": "0"},
        {"stage": "bogus"},
        {"stage": "superseded"},
        {"project": "", "oblast": "", "stage": ""},
        {"stage": ["started", "bogus"]},
    ],
)
def test_junk_filter_values_are_ignored(world, spread, login, query):
    client = login(world.coordinator_a)
    everything = page_rows(client.get(address()))
    assert page_rows(client.get(address(**query))) == everything
    assert client.get(address("dashboard_export", **query)).status_code == 200


def test_a_project_of_someone_else_is_ignored_and_the_other_filters_stay(world, spread, login):
    client = login(world.coordinator_a)
    response = client.get(address(project=spread["q"].pk, stage="submitted"))
    assert page_rows(response) == {spread["c"].name_ky}
    assert response.context["form"].initial == {"stage": "submitted"}
    response = client.get(address(oblast="nonsense", project=spread["p"].pk, stage="started"))
    assert page_rows(response) == {spread["a"].name_ky}


# --- Excel -------------------------------------------------------------------------------------


def export_sheet(client, **query):
    response = client.get(address("dashboard_export", language=query.pop("language", "ky"), **query))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("language", "submitted"), [("ky", "кароого жөнөтүлдү"), ("ru", "отправлена на рассмотрение")]
)
def test_the_export_has_the_rows_in_the_users_language(world, spread, login, language, submitted):
    comment(Program.objects.get(municipality=spread["c"]))
    rows = export_sheet(login(world.coordinator_a), language=language)
    with translation.override(language):
        headers = [
            gettext(title)
            for title in (
                "Municipality",
                "Rayon",
                "Oblast",
                "Projects",
                "Program",
                "Stage",
                "Days in stage",
                "Open comments",
                "Last activity",
            )
        ]
        started = gettext("started")
        name_a, name_c = spread["a"].name, spread["c"].name
        district_c, project_p = spread["c"].district.name, spread["p"].name
    assert rows[0][: len(headers)] == headers  # then the extensions' columns (monitoring's stage)
    body = {row[0]: row for row in rows[1:]}
    assert set(body) == {name_a, name_c}
    row_c = body[name_c]
    assert row_c[1] == district_c
    assert row_c[3] == project_p
    assert row_c[5] == submitted
    assert row_c[6] == 0
    assert row_c[7] == 1
    assert row_c[8].date() == timezone.localdate()
    assert body[name_a][5] == started


def test_the_export_applies_the_filters(world, spread, login):
    rows = export_sheet(login(world.admin), project=spread["p"].pk, stage="submitted")
    with translation.override("ky"):
        name_b, name_c = world.municipality_b.name, spread["c"].name
    assert [row[0] for row in rows[1:]] == [name_c]
    rows = export_sheet(login(world.admin), stage="no_program")
    assert [row[0] for row in rows[1:]] == [name_b]
    assert rows[1][6] is None


def test_the_export_file_name_keeps_cyrillic(world, login):
    response = login(world.coordinator_a).get(address("dashboard_export", language="ru"))
    disposition = response["Content-Disposition"]
    assert 'filename="' in disposition
    assert "filename*=UTF-8''" in disposition


# --- Queries ------------------------------------------------------------------------------------


def municipalities_with_programs(count: int, project, tag: str) -> None:
    """`count` municipalities in 2 oblasts and 4 rayons, each with a program at some stage, a
    status change, a comment and an edit lock: cheap bulk inserts."""
    districts = [DistrictFactory(region=RegionFactory()) for _ in range(2)]
    districts += [DistrictFactory(region=d.region) for d in districts]
    municipalities = Municipality.objects.bulk_create(
        Municipality(district=districts[i % 4], name_ky=f"{tag} {i:03d}") for i in range(count)
    )
    project.target_municipalities.add(*municipalities)
    statuses = [s for s in Program.Status.values if s != Program.Status.SUPERSEDED]
    programs = Program.objects.bulk_create(
        Program(municipality=m, title="П", start_year=2025, end_year=2027, status=statuses[i % len(statuses)])
        for i, m in enumerate(municipalities)
    )
    now = timezone.now()
    StatusChange.objects.bulk_create(
        StatusChange(program=p, from_status="draft", to_status=p.status) for p in programs
    )
    ReviewComment.objects.bulk_create(ReviewComment(program=p, text="?") for p in programs)
    EditLock.objects.bulk_create(EditLock(program=p, part="vision", updated_at=now) for p in programs)


def dashboard_queries(client, count: int):
    project = DonorProjectFactory()
    coordinator = ProjectCoordinatorFactory(project=project).user
    municipalities_with_programs(count, project, f"M{count}")
    client.force_login(coordinator)
    client.get(address())  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address())
    assert response.status_code == 200
    assert len(response.context["rows"]) == count
    return len(captured), response


def test_the_dashboard_queries_do_not_grow_with_the_municipalities(world, reference, client):
    small, _ = dashboard_queries(client, 5)
    large, response = dashboard_queries(client, 200)
    assert small == large, f"{small} queries for 5 municipalities, {large} for 200"
    assert {row.stage for row in response.context["rows"]} >= {"started", "submitted", "published"}


def test_the_dashboard_query_budget(world, reference, client, django_assert_max_num_queries):
    municipalities_with_programs(200, project_of(world.coordinator_a), "M")
    client.force_login(world.coordinator_a)
    client.get(address())
    # session + user; the access (memberships, projects); the filter choices (projects, oblasts);
    # the rows: municipalities, their projects, their current programs with every count; the
    # unread notifications of the page header; monitoring's stage (its dashboard extension).
    with django_assert_max_num_queries(11):
        assert client.get(address(stage="draft", oblast="junk")).status_code == 200


def test_the_administrators_queries_do_not_grow_either(world, reference, client):
    client.force_login(world.admin)

    def count(rows: int) -> int:
        client.get(address())
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address())
        assert response.status_code == 200
        assert len(response.context["rows"]) >= rows  # every municipality, world's included
        return len(captured)

    municipalities_with_programs(5, DonorProjectFactory(), "A")
    small = count(5)
    municipalities_with_programs(200, DonorProjectFactory(), "B")
    assert count(205) == small


def test_the_rows_take_three_queries(world, reference, django_assert_num_queries):
    project = project_of(world.coordinator_a)
    municipalities_with_programs(50, project, "M")
    access_of(world.coordinator_a)  # read once per request, by the view's permission check
    # municipalities; their projects; their current programs with every annotation; one per
    # extension (monitoring's stage: the published programs and their reports).
    with django_assert_num_queries(4):
        rows = dashboard_rows(user=world.coordinator_a, project_id=project.pk)
    assert len(rows) == 51


def test_the_export_queries_do_not_grow_with_the_municipalities(world, reference, client):
    project = project_of(world.coordinator_a)
    client.force_login(world.coordinator_a)

    def count(rows: int) -> int:
        client.get(address("dashboard_export"))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address("dashboard_export"))
        assert response.status_code == 200
        sheet = load_workbook(BytesIO(response.content)).active
        assert sheet.max_row - 1 >= rows  # a header row, then a row per municipality
        return len(captured)

    municipalities_with_programs(5, project, "A")
    small = count(5)
    municipalities_with_programs(200, project, "B")
    assert count(205) == small


def test_membership_does_not_open_the_dashboard(world, login):
    """A coordinator who is also staff somewhere keeps the dashboard; staff alone do not get it."""
    MembershipFactory(user=world.coordinator_a, municipality=world.municipality_b)
    assert login(world.coordinator_a).get(address()).status_code == 200
    assert login(world.staff_b).get(address()).status_code == 404
