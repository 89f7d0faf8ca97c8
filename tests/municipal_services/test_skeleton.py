"""The parts every room of municipal_services stands on: the base registry's loader, a JAP's
totals by funding source, the public projection of an initiative, the workflow engine's refusals."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from municipal_services import workflow
from municipal_services.models import JapAction, LocalInitiative
from municipal_services.selectors import jap_actions, jap_totals, public_initiatives
from municipalities.data.service_registry import SERVICES
from municipalities.management.commands.load_service_registry import load_service_registry
from municipalities.models import BaseService
from tests.factories import (
    BaseServiceFactory,
    FundingSourceFactory,
    JapActionFactory,
    JointActionPlanFactory,
    LocalInitiativeFactory,
)

pytestmark = pytest.mark.django_db


def test_the_registry_loads_again_without_duplicates_and_puts_dropped_codes_out_of_use():
    stale = BaseServiceFactory(code="99", name_ky="Эски кызмат")
    call_command("load_service_registry", verbosity=0)
    assert BaseService.objects.filter(is_active=True).count() == len(SERVICES)
    water = BaseService.objects.get(code="1")
    assert (water.name_ky, water.name_ru, water.sector) == (
        "Ичүүчү суу менен камсыз кылуу",
        "Обеспечение питьевой водой",
        "water",
    )
    water.name_en = "changed in the admin"
    water.save()
    created, updated = load_service_registry()
    assert (created, updated) == (0, len(SERVICES))
    assert BaseService.objects.count() == len(SERVICES) + 1
    stale.refresh_from_db()
    assert stale.is_active is False


def test_a_jap_adds_up_its_costs_by_funding_source_in_the_sources_order(django_assert_num_queries):
    plan = JointActionPlanFactory()
    local = FundingSourceFactory(code="local", order=1, name_ky="Жергиликтүү бюджет")
    donor = FundingSourceFactory(code="donor", order=2, name_ky="Донорлор")
    JapActionFactory(plan=plan, funding_source=donor, cost=Decimal("1000.50"))
    JapActionFactory(plan=plan, funding_source=local, cost=Decimal("200"))
    JapActionFactory(plan=plan, funding_source=local, cost=Decimal("300"))
    JapActionFactory(plan=plan, funding_source=None, cost=Decimal("50"))
    JapActionFactory(plan=plan, funding_source=local, cost=None)
    with django_assert_num_queries(1):
        actions = jap_actions(plan)
    totals = jap_totals(actions)
    assert [(t.source.code if t.source else None, t.amount, t.actions) for t in totals.by_source] == [
        ("local", Decimal("500"), 3),
        ("donor", Decimal("1000.50"), 1),
        (None, Decimal("50"), 1),
    ]
    assert totals.total == Decimal("1550.50")
    assert totals.without_cost == 1
    assert jap_totals([]).total == 0


def test_the_public_never_reads_an_initiatives_initiators_or_contacts(django_assert_num_queries):
    initiative = LocalInitiativeFactory(
        initiators="Асанов Бакыт", contact_phone="+996 700 111 222", contact_email="a@example.kg"
    )
    with django_assert_num_queries(1) as captured:
        (public,) = public_initiatives(municipality_id=initiative.municipality_id)
    sql = captured.captured_queries[0]["sql"]
    assert "initiators" not in sql and "contact_phone" not in sql and "contact_email" not in sql
    assert public.title == initiative.title
    assert public.cofinancing_total == Decimal("30000.00")
    assert not hasattr(public, "contact_phone") and not hasattr(public, "initiators")
    assert public.get_stage_display() == str(LocalInitiative.Stage.SUBMITTED.label)


def test_a_transition_refused_for_its_role_or_a_stale_version_changes_nothing(world):
    plan = JointActionPlanFactory(municipality=world.municipality_a, status="agreed")
    JapActionFactory(plan=plan)
    with pytest.raises(workflow.TransitionError):
        workflow.jap_publish(plan=plan, user=world.staff_a, expected_version=plan.version)  # the head's
    with pytest.raises(workflow.TransitionError):
        workflow.jap_publish(plan=plan, user=world.head_a, expected_version=plan.version - 1)
    plan.refresh_from_db()
    assert plan.status == "agreed" and not plan.status_changes.exists()
    workflow.jap_publish(plan=plan, user=world.head_a, expected_version=plan.version)
    plan.refresh_from_db()
    assert plan.status == "published" and plan.published_at is not None
    assert list(plan.status_changes.values_list("from_status", "to_status")) == [("agreed", "published")]
    assert JapAction.objects.filter(plan=plan).count() == 1
