"""A new version of a program: a draft copy of everything, that replaces the original."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planning.authoring.copying import program_copy
from planning.demo.sample import build_program
from planning.models import (
    Activity,
    FundingLine,
    GeneralCharacteristics,
    Goal,
    Indicator,
    IndicatorTarget,
    KeyFigure,
    Meeting,
    Objective,
    Priority,
    Program,
    SectorAnalysis,
    Swot,
    WorkingGroup,
    WorkingGroupMember,
    WorkPlanTask,
)
from planning.review.snapshot import program_snapshot
from tests.factories import MunicipalityFactory, UserFactory, VillageFactory

pytestmark = pytest.mark.django_db

COPIED_MODELS = [
    GeneralCharacteristics,
    WorkingGroup,
    WorkingGroupMember,
    WorkPlanTask,
    Meeting,
    SectorAnalysis,
    KeyFigure,
    Swot,
    Priority,
    Goal,
    Objective,
    Activity,
    FundingLine,
    Indicator,
    IndicatorTarget,
]


def without_ids(value):
    """A snapshot without database ids (`id` and `…_id` keys), to compare two programs' content."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "id" and not k.endswith("_id")}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


@pytest.fixture
def published():
    """A published program whose every part has content, down to key figures and meetings."""
    municipality = MunicipalityFactory()
    village = VillageFactory(municipality=municipality)
    program = build_program(municipality=municipality, activities=12)
    group = program.working_group
    group.order_file.name = f"working-groups/{program.pk}/order.pdf"
    group.save()
    chair = group.members.get(is_chair=True)
    chair.phone = "+996 555 123 456"
    chair.village = village
    chair.save()
    WorkPlanTask.objects.filter(working_group=group).update(due_date=date(2024, 5, 1), done=True)
    Meeting.objects.create(
        working_group=group, date=date(2024, 5, 2), women_present=6, men_present=5, minutes="Талкуу"
    )
    analysis = SectorAnalysis.objects.filter(program=program).first()
    KeyFigure.objects.create(analysis=analysis, label="Мектептер", value="3", unit="даана", year=2024)
    IndicatorTarget.objects.filter(indicator__objective__goal__priority__program=program).update(
        actual=Decimal("7")
    )
    Program.objects.filter(pk=program.pk).update(
        status=Program.Status.PUBLISHED,
        staff_may_submit=True,
        council_decision_number="12/3",
        council_decision_date=date(2024, 12, 20),
        published_at="2025-01-10T10:00:00+06:00",
        version=7,
    )
    program.refresh_from_db()
    return program


def test_the_copy_has_the_same_content(published):
    copy = program_copy(published)
    assert without_ids(program_snapshot(copy)) == without_ids(program_snapshot(published))
    for model in COPIED_MODELS:
        rows = model.objects.all()
        assert rows.count() % 2 == 0, f"{model.__name__}: the copy has not as many rows as the original"


def test_the_copy_is_a_fresh_draft_that_replaces_the_original(published):
    copy = program_copy(published)
    assert copy.supersedes == published
    assert Program.objects.get(pk=published.pk).superseded_by == copy
    assert copy.status == Program.Status.DRAFT
    assert (copy.municipality, copy.title, copy.start_year, copy.end_year) == (
        published.municipality,
        published.title,
        published.start_year,
        published.end_year,
    )
    assert (copy.vision, copy.strategic_goal) == (published.vision, published.strategic_goal)
    assert copy.version == 1
    assert copy.council_decision_number == ""
    assert copy.council_decision_date is None
    assert not copy.council_decision_file
    assert copy.published_at is None
    assert copy.staff_may_submit is False


def test_a_second_copy_raises_value_error(published):
    program_copy(published)
    with pytest.raises(ValueError):
        program_copy(published)
    assert Program.objects.filter(supersedes=published).count() == 1


def test_the_working_group_is_copied_with_phones_tasks_and_the_shared_order(published):
    copy = program_copy(published)
    group = copy.working_group
    assert group.order_file.name == published.working_group.order_file.name
    assert group.members.get(is_chair=True).phone == "+996 555 123 456"
    task = group.tasks.get()
    assert task.responsible.working_group == group  # the copy's member, not the original's
    assert task.responsible.name == published.working_group.tasks.get().responsible.name
    assert (task.due_date, task.done) == (date(2024, 5, 1), True)


def test_targets_are_copied_without_actual_values(published):
    copy = program_copy(published)
    targets = IndicatorTarget.objects.filter(indicator__objective__goal__priority__program=copy)
    assert targets.count() == 3 * 5
    assert set(targets.values_list("actual", flat=True)) == {None}


def test_changes_to_the_copy_leave_the_original_untouched(published):
    before = program_snapshot(published)
    copy = program_copy(published)
    activity = Activity.objects.filter(objective__goal__priority__program=copy).first()
    activity.title = "Өзгөртүлгөн иш-чара"
    activity.save()
    FundingLine.objects.filter(activity=activity).update(amount=Decimal("1"))
    copy.working_group.members.filter(is_secretary=True).delete()
    copy.characteristics.population_total = 1
    copy.characteristics.save()
    assert program_snapshot(published) == before


def test_each_copied_row_has_a_history_record_by_the_user(published):
    user = UserFactory()
    copy = program_copy(published, user=user)
    activities = Activity.objects.filter(objective__goal__priority__program=copy)
    history = Activity.history.filter(id__in=activities.values("id"))
    assert history.count() == activities.count() == 12
    assert {record.history_user for record in history} == {user}
    assert copy.history.get().history_user == user


def copy_queries(activities: int) -> tuple[int, int]:
    """Queries of a copy, and the number of rows it wrote."""
    program = build_program(municipality=MunicipalityFactory(), activities=activities)
    before = sum(model.objects.count() for model in COPIED_MODELS)
    with CaptureQueriesContext(connection) as captured:
        program_copy(program)
    written = sum(model.objects.count() for model in COPIED_MODELS) - before + 1  # + the program
    return len(captured), written


def test_copy_reads_in_a_fixed_number_of_queries():
    small, small_rows = copy_queries(10)
    large, large_rows = copy_queries(60)
    # Each row written costs its INSERT and the INSERT of its history row; everything else is
    # fixed: the savepoint and its release, the locked original, the successor check, and the
    # reads of characteristics, SWOT, working group, members, tasks, meetings, key figures,
    # analyses, goals, objectives, activities, funding lines, indicators, targets, directions.
    assert small - 2 * small_rows == large - 2 * large_rows == 19
