import re
from datetime import date

import pytest
from django.apps import apps
from django.utils import timezone

from config.demo import MUNICIPALITIES, load_demo
from municipalities.models import Municipality, Village
from municipalities.territory import load_territory
from planning.authoring.checklist import program_checklist
from planning.demo.programs import load_demo_programs
from planning.models import (
    Activity,
    FundingLine,
    Indicator,
    IndicatorTarget,
    Meeting,
    Objective,
    Program,
    Sector,
)

pytestmark = pytest.mark.django_db

KYRGYZ_LETTERS = re.compile("[ңөүҢӨҮ]")


@pytest.fixture
def municipalities():
    """The demo municipalities, built the way `load_demo` builds them, keyed as in config/demo.py."""
    load_territory()
    load_demo()
    return {key: Municipality.objects.get(name_en=en) for key, _ky, _ru, en, _soate in MUNICIPALITIES}


def _counts() -> dict[str, int]:
    """Rows in every planning table (history tables included) and in the villages table."""
    models = [*apps.get_app_config("planning").get_models(), Village]
    return {model._meta.label: model.objects.count() for model in models}


@pytest.fixture
def programs(municipalities):
    return load_demo_programs(municipalities)


def _activities(program):
    return Activity.objects.filter(objective__goal__priority__program=program)


def _missing(checklist) -> dict[str, list[str]]:
    return {step.key: step.missing for step in checklist.steps if step.missing}


def test_running_twice_leaves_the_same_rows_in_every_planning_table(municipalities):
    first_programs = load_demo_programs(municipalities)
    first = _counts()
    second_programs = load_demo_programs(municipalities)
    assert _counts() == first
    assert {k: p.pk for k, p in second_programs.items()} == {k: p.pk for k, p in first_programs.items()}
    assert set(first_programs) == {"kok-jar", "ak-tal"}
    assert first["planning.Program"] == 2
    assert first["planning.Activity"] >= 29


def test_a_part_removed_by_hand_comes_back_on_the_next_run(municipalities):
    kok_jar = load_demo_programs(municipalities)["kok-jar"]
    Program.objects.filter(pk=kok_jar.pk).update(status=Program.Status.DRAFT)  # drafts are rebuilt
    first = Activity.objects.count(), FundingLine.objects.count()
    _activities(kok_jar).last().delete()
    kok_jar.working_group.members.last().delete()
    load_demo_programs(municipalities)
    assert (Activity.objects.count(), FundingLine.objects.count()) == first
    assert kok_jar.working_group.members.count() == 15


def test_the_status_of_an_existing_program_is_left_alone(municipalities):
    # load_demo() may already have played the review (planning/demo_review.py): whatever the
    # status is, loading the demo programs again must not change it.
    programs = load_demo_programs(municipalities)
    before = {key: Program.objects.get(pk=p.pk).status for key, p in programs.items()}
    Program.objects.filter(pk=programs["ak-tal"].pk).update(status=Program.Status.CHANGES_REQUESTED)
    before["ak-tal"] = Program.Status.CHANGES_REQUESTED
    again = load_demo_programs(municipalities)
    assert {key: Program.objects.get(pk=p.pk).status for key, p in again.items()} == before


def test_a_program_under_review_or_published_is_not_rewritten(municipalities):
    from planning.models import HistoricalActivity

    kok_jar = load_demo_programs(municipalities)["kok-jar"]
    assert Program.objects.get(pk=kok_jar.pk).status == Program.Status.PUBLISHED
    history = HistoricalActivity.objects.count()
    _activities(kok_jar).update(title="Өзгөртүлгөн аталыш")
    load_demo_programs(municipalities)
    assert HistoricalActivity.objects.count() == history
    assert set(_activities(kok_jar).values_list("title", flat=True)) == {"Өзгөртүлгөн аталыш"}


def test_kok_jar_program_is_complete(programs):
    program = programs["kok-jar"]
    assert program.municipality.name_en == "Kök-Jar aiyl aimak"
    assert (program.start_year, program.end_year) == (2020, 2024)
    assert program.vision and program.strategic_goal
    checklist = program_checklist(program)
    assert checklist.complete is True, _missing(checklist)

    characteristics = program.characteristics
    assert "Ноокат" in characteristics.location and "Ош" in characteristics.location
    assert (
        characteristics.population_women + characteristics.population_men == characteristics.population_total
    )
    assert all(
        getattr(characteristics, field) is not None
        for field in [
            "distance_to_capital_km",
            "distance_to_oblast_centre_km",
            "distance_to_rayon_centre_km",
            "year_founded",
            "area_ha",
            "population_youth",
            "population_elderly",
            "households",
        ]
    )

    group = program.working_group
    assert (group.order_number, group.order_date) == ("86", date(2019, 4, 9))
    members = list(group.members.all())
    assert 13 <= len(members) <= 17
    women = sum(m.gender == "f" for m in members)
    assert abs(women - (len(members) - women)) <= 1
    assert sum(m.is_chair for m in members) == 1 and sum(m.is_secretary for m in members) == 1
    assert all(m.phone for m in members)
    assert {m.category for m in members} >= {
        "lsg",
        "council",
        "jmeg",
        "initiative",
        "civil_society",
        "leader",
    }
    tasks = list(group.tasks.all())
    assert 6 <= len(tasks) <= 8
    assert all(t.responsible and date(2019, 4, 1) <= t.due_date <= date(2019, 10, 31) for t in tasks)
    assert any(t.done for t in tasks) and not all(t.done for t in tasks)
    meetings = list(group.meetings.all())
    assert len(meetings) == 3
    for meeting in meetings:
        assert meeting.minutes
        assert meeting.women_present <= women and meeting.men_present <= len(members) - women

    active = set(Sector.objects.filter(is_active=True).values_list("pk", flat=True))
    analyses = list(program.sector_analyses.all())
    assert {a.sector_id for a in analyses} >= active
    for analysis in analyses:
        assert 1 <= analysis.key_figures.count() <= 3

    swot = program.swot
    for quadrant in (swot.strengths, swot.weaknesses, swot.opportunities, swot.threats):
        assert len(quadrant.splitlines()) >= 3

    assert 4 <= program.priorities.count() <= 5
    for priority in program.priorities.all():
        assert 1 <= priority.goals.count() <= 2
        for goal in priority.goals.all():
            assert 1 <= goal.objectives.count() <= 3


def test_kok_jar_action_plan_funding_and_indicators(programs):
    program = programs["kok-jar"]
    activities = list(_activities(program).prefetch_related("funding_lines"))
    assert len(activities) >= 25
    for activity in activities:
        assert 2020 <= activity.start_year <= activity.end_year <= 2024
        assert activity.responsible and activity.expected_result
        for line in activity.funding_lines.all():
            assert activity.start_year <= line.year <= activity.end_year
            assert line.amount > 0
    for tag in Activity.TAG_FIELDS:
        assert any(getattr(a, tag) for a in activities), tag

    villages = Village.objects.filter(municipality=program.municipality)
    assert villages.count() >= 4
    assert any(a.village_id is None for a in activities)
    assert len({a.village_id for a in activities if a.village_id}) >= 3

    lines = FundingLine.objects.filter(activity__objective__goal__priority__program=program)
    assert lines.values("source").distinct().count() >= 3
    assert lines.values("year").distinct().count() >= 3
    assert all(10_000 <= line.amount <= 3_000_000 for line in lines)

    objectives = Objective.objects.filter(goal__priority__program=program)
    for objective in objectives:
        indicators = list(objective.indicators.all())
        assert 1 <= len(indicators) <= 2, objective
        assert len(objective.activities.all()) >= 1
        for indicator in indicators:
            assert indicator.unit and indicator.source_of_verification and indicator.measured_by
            assert indicator.baseline_year == 2019 and indicator.baseline_value is not None
            assert sorted(indicator.targets.values_list("year", flat=True)) == [2020, 2021, 2022, 2023, 2024]


def test_ak_tal_program_is_complete_with_its_working_group_of_nineteen(programs):
    program = programs["ak-tal"]
    assert program.municipality.name_en == "Ak-Tal aiyl aimak"
    assert (program.start_year, program.end_year) == (2020, 2022)
    assert program.title and program.vision and program.strategic_goal
    checklist = program_checklist(program)
    assert checklist.complete is True, _missing(checklist)

    characteristics = program.characteristics
    assert "Ак-Талаа" in characteristics.location and "Нарын" in characteristics.location
    assert characteristics.centre == "Ак-Тал айылы"
    assert (
        characteristics.population_women + characteristics.population_men == characteristics.population_total
    )
    assert all(
        getattr(characteristics, field) is not None
        for field in [
            "distance_to_capital_km",
            "distance_to_oblast_centre_km",
            "distance_to_rayon_centre_km",
            "area_ha",
            "population_youth",
            "population_elderly",
            "households",
        ]
    )

    group = program.working_group
    assert group.order_number and date(2019, 4, 1) <= group.order_date < date(2019, 4, 23)
    members = list(group.members.all())
    assert len(members) == 19
    women = sum(m.gender == "f" for m in members)
    assert 9 <= women <= 10
    assert sum(m.is_chair for m in members) == 1 and sum(m.is_secretary for m in members) == 1
    assert {m.category for m in members} == {"civil_society", "leader", "council", "lsg"}
    meeting = Meeting.objects.get(working_group=group)
    assert meeting.date == date(2019, 4, 23)
    assert (meeting.women_present, meeting.men_present) == (women, 19 - women)
    assert "иш планы" in meeting.minutes
    assert f"№ {group.order_number}" in meeting.minutes
    tasks = list(group.tasks.all())
    assert all(t.responsible and date(2019, 4, 23) <= t.due_date <= date(2019, 6, 1) for t in tasks)
    assert group.tasks.filter(due_date=date(2019, 6, 1)).count() >= 1

    active = set(Sector.objects.filter(is_active=True).values_list("pk", flat=True))
    analyses = list(program.sector_analyses.all())
    assert {a.sector_id for a in analyses} >= active
    for analysis in analyses:
        assert 1 <= analysis.key_figures.count() <= 2, analysis.sector.code

    swot = program.swot
    for quadrant in (swot.strengths, swot.weaknesses, swot.opportunities, swot.threats):
        assert len(quadrant.splitlines()) >= 3

    assert program.priorities.count() == 3
    activities = list(_activities(program).prefetch_related("funding_lines"))
    assert len(activities) == 9
    for activity in activities:
        assert 2020 <= activity.start_year <= activity.end_year <= 2022
        assert activity.responsible and activity.expected_result
        lines = list(activity.funding_lines.all())
        assert lines, activity
        for line in lines:
            assert activity.start_year <= line.year <= activity.end_year
            assert line.amount > 0
    lines = FundingLine.objects.filter(activity__objective__goal__priority__program=program)
    assert lines.values("source").distinct().count() >= 4
    assert set(lines.values_list("year", flat=True)) == {2020, 2021, 2022}

    for objective in Objective.objects.filter(goal__priority__program=program):
        indicators = list(objective.indicators.all())
        assert 1 <= len(indicators) <= 2, objective
        for indicator in indicators:
            assert indicator.unit and indicator.source_of_verification and indicator.measured_by
            assert indicator.baseline_year == 2019 and indicator.baseline_value is not None
            assert sorted(indicator.targets.values_list("year", flat=True)) == [2020, 2021, 2022]
    assert IndicatorTarget.objects.filter(indicator__objective__goal__priority__program=program).count() == 27


def _in_kyrgyz(texts) -> bool:
    """A short Kyrgyz phrase may lack ң, ө and ү; a third of them at least has one."""
    texts = [t for t in texts if t]
    return bool(texts) and sum(bool(KYRGYZ_LETTERS.search(t)) for t in texts) >= len(texts) / 3


def test_texts_are_written_in_kyrgyz(programs):
    for program in programs.values():
        for text in (program.title, program.vision, program.characteristics.location):
            assert KYRGYZ_LETTERS.search(text), text
        activities = list(_activities(program))
        assert _in_kyrgyz(f"{a.title} {a.expected_result}" for a in activities)
        assert _in_kyrgyz(m.position for m in program.working_group.members.all())
        assert _in_kyrgyz(t.what for t in program.working_group.tasks.all())
        for meeting in program.working_group.meetings.all():
            assert KYRGYZ_LETTERS.search(meeting.minutes)
    for program in programs.values():
        assert "өнүгүү программасы" in program.title
        assert KYRGYZ_LETTERS.search(program.strategic_goal)
        assert KYRGYZ_LETTERS.search(program.characteristics.landscape)
        for analysis in program.sector_analyses.all():
            assert KYRGYZ_LETTERS.search(analysis.text), analysis.sector.code
        assert _in_kyrgyz(program.swot.strengths.splitlines() + program.swot.threats.splitlines())
        indicators = Indicator.objects.filter(objective__goal__priority__program=program)
        assert _in_kyrgyz(f"{i.name} {i.source_of_verification}" for i in indicators)


def _history_text(client, username: str, program: Program) -> str:
    from accounts.models import User
    from tests.planning.helpers import url

    client.force_login(User.objects.get(username=username))
    html = client.get(url("history", program.pk)).content.decode()
    html = html[html.index("<h1") : html.index("</main>")]
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


def _when(days: int, hour: int) -> str:
    """A moment of the demo's story as the history page writes it (Kyrgyz, the short form)."""
    from django.utils import translation
    from django.utils.formats import date_format

    from planning.demo.review import _at, days_ago

    with translation.override("ky"):
        return date_format(timezone.localtime(_at(days_ago(days), hour)), "SHORT_DATETIME_FORMAT")


def test_the_history_of_kok_jar_tells_its_review_in_order(client, municipalities):
    """The steps are dated relative to the day the demo is loaded, and so are the rows of the
    program typed in before them and the staff's corrections between the two rounds."""
    from planning.demo.review import KOK_JAR_STEPS as STEPS

    program = Program.objects.get(municipality=municipalities["kok-jar"])
    text = _history_text(client, "kokjar_head", program)
    story = [
        f"{_when(STEPS['published'], 10)} · абалы: айылдык кеңеш бекитти → жарыяланды",
        f"{_when(STEPS['approval_recorded'], 15)} · абалы: макулдашылды → айылдык кеңеш бекитти",
        f"{_when(STEPS['endorsed'], 10)} · абалы: кароого жөнөтүлдү → макулдашылды",
        f"{_when(STEPS['resubmitted'], 10)} · абалы: өзгөртүү суралды → кароого жөнөтүлдү",
        f"{_when(STEPS['corrected'], 11)} · өзгөрттү иш-чара",
        f"{_when(STEPS['changes_requested'], 10)} · абалы: кароого жөнөтүлдү → өзгөртүү суралды",
        f"{_when(STEPS['submitted'], 10)} · абалы: долбоор → кароого жөнөтүлдү",
        f"{_when(STEPS['submitted'], 9)} · кошту",
    ]
    positions = [text.find(line) for line in story]
    assert -1 not in positions, [line for line, at in zip(story, positions, strict=True) if at == -1]
    assert positions == sorted(positions)
    from accounts.models import User

    staff = User.objects.get(username="kokjar_staff")
    assert f"{staff.display_name} · {_when(STEPS['corrected'], 11)} · өзгөрттү иш-чара" in text


def test_the_history_of_ak_tal_starts_before_its_submission(client, municipalities):
    from planning.demo.review import AK_TAL_SUBMITTED

    program = Program.objects.get(municipality=municipalities["ak-tal"])
    text = _history_text(client, "aktal_head", program)
    submitted = text.find(f"{_when(AK_TAL_SUBMITTED, 10)} · абалы: долбоор → кароого жөнөтүлдү")
    typed_in = text.find(f"{_when(AK_TAL_SUBMITTED, 9)} · кошту")
    assert -1 < submitted < typed_in


def test_the_dashboard_counts_days_in_the_stage_a_portal_in_use_would(municipalities):
    """Ak-Tal has waited for its coordinator twelve days, Kök-Jar was published three weeks ago:
    not the thousands of days since the field's story of 2019."""
    from accounts.models import User
    from planning.review.dashboard import dashboard_rows

    coordinator = User.objects.get(username="vap_coordinator")
    rows = {row.municipality.name_en: row for row in dashboard_rows(user=coordinator)}
    assert (rows["Ak-Tal aiyl aimak"].stage, rows["Ak-Tal aiyl aimak"].days_in_stage) == ("submitted", 12)
    assert (rows["Kök-Jar aiyl aimak"].stage, rows["Kök-Jar aiyl aimak"].days_in_stage) == ("published", 21)
    kok_jar = Program.objects.get(municipality=municipalities["kok-jar"])
    # The council's decision keeps its date from the field.
    assert (kok_jar.council_decision_number, kok_jar.council_decision_date) == ("41", date(2019, 12, 20))
    assert kok_jar.created_at <= kok_jar.published_at <= timezone.now()


def test_the_demo_indicators_point_to_standard_ones_with_their_direction(programs):
    """Most demo indicators count toward a standard one; fewer winter days without water is better."""
    for key in ("kok-jar", "ak-tal"):
        indicators = list(
            Indicator.objects.filter(objective__goal__priority__program=programs[key]).select_related(
                "standard"
            )
        )
        linked = [i for i in indicators if i.standard is not None]
        assert len(linked) >= len(indicators) - 1, key
        for indicator in linked:
            assert indicator.direction == indicator.standard.direction, indicator
            assert indicator.unit == indicator.standard.unit_ky, indicator
    days = Indicator.objects.get(
        objective__goal__priority__program=programs["ak-tal"], standard__code="DW-04"
    )
    assert days.direction == Indicator.Direction.DECREASE
