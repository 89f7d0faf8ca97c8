"""The demo hearings from the field: loaded with the demo, safe to run twice."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from hearings.models import Hearing, HearingStatusChange, Proposal
from hearings.selectors import attendance_of, votes_of
from hearings.services import online_window_open
from planning.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_territory", verbosity=0)
    call_command("load_demo", verbosity=0)


def _counts():
    return [m.objects.count() for m in (Hearing, Proposal, HearingStatusChange)]


def test_the_demo_hearings_are_safe_to_load_twice(demo):
    first = _counts()
    call_command("load_demo", verbosity=0)
    assert _counts() == first and first[0] == 8


def test_kok_jars_sedp_hearing_traced_its_proposals_into_the_plan(demo):
    hearing = Hearing.objects.get(
        title__startswith="СЭӨПтүн 2020–2024", municipality__name_en="Kök-Jar aiyl aimak"
    )
    assert hearing.status == Hearing.Status.CLOSED and hearing.starts_at.year == 2019
    linked = hearing.proposals.filter(plan_part="activity")
    assert linked.count() == 3
    assert all(Activity.objects.filter(pk=p.plan_part_id).exists() for p in linked)
    rejected = hearing.proposals.get(disposition="rejected")
    assert rejected.answer
    assert hearing.proposals.get(disposition="merged").merged_into.number == 1
    assert [c.to_status for c in hearing.status_changes.all()] == ["announced", "held", "closed"]


def test_ak_tals_mini_gatherings_roll_up_into_the_agreement_before_1_june_2019(demo):
    final = Hearing.objects.get(title__startswith="СЭӨПтүн 2020–2022")
    assert final.starts_at.date() < timezone.datetime(2019, 6, 1).date()
    assert final.mini_gatherings.count() == 2
    summary = attendance_of(final)
    assert (summary.women, summary.men, summary.gatherings) == (38 + 22 + 17, 35 + 19 + 21, 2)


def test_suu_bashy_voted_for_preschool_education(demo):
    hearing = Hearing.objects.get(municipality__name_en="Suu-Bashy aiyl aimak")
    [vote] = votes_of(hearing)
    assert vote.winner.label == "Мектепке чейинки билим берүү"


def test_a_budget_hearing_of_2018_in_naryn_and_a_water_tariff_hearing(demo):
    budget = Hearing.objects.get(kind="budget_draft", budget_year=2019)
    assert budget.municipality.district.region.name_en == "Naryn oblast"
    assert (budget.starts_at.year, budget.starts_at.month) in ((2018, 5), (2018, 6))
    assert Hearing.objects.filter(kind="drinking_water_tariff", status="closed").exists()


def test_an_upcoming_hearing_takes_proposals_online_now(demo):
    upcoming = Hearing.objects.get(status="announced")
    assert upcoming.starts_at > timezone.now()
    assert online_window_open(upcoming)
