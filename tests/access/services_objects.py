"""The municipal-services objects every services room of the access table shares (merged into
the `objects` fixture of tests/access/conftest.py).

A's closed hearing with a priority vote ("svc_hearing", its winning option "svc_vote_option"); A's
drinking-water service with a tariff agreed at that hearing and a survey ("svc_service", its
tariff "svc_tariff", survey "svc_survey"), B's service ("svc_service_b"); A's JAPs: a draft with
one action ("jap_draft", its action "jap_action"), one agreed at the hearing ("jap_agreed"), one
published ("jap_published"), B's published one ("jap_b"); A's initiatives: just submitted
("initiative_submitted"), funded ("initiative_funded"); B's submitted ("initiative_b").
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from hearings.models import Hearing, PriorityVote, VoteOption
from municipal_services.models import JointActionPlan, LocalInitiative, SatisfactionSurvey
from tests.factories import (
    BaseServiceFactory,
    HearingFactory,
    JapActionFactory,
    JointActionPlanFactory,
    LocalInitiativeFactory,
    MunicipalServiceFactory,
    TariffFactory,
)


def services_objects(world, objects: dict) -> dict:
    a, b = world.municipality_a, world.municipality_b
    hearing = HearingFactory(
        municipality=a,
        kind=Hearing.Kind.DRINKING_WATER_TARIFF,
        budget_year=None,
        title="Ичүүчү суунун тарифи жана биргелешкен аракеттер планы",
        starts_at=timezone.now() - timedelta(days=30),
        status=Hearing.Status.CLOSED,
    )
    vote = PriorityVote.objects.create(
        hearing=hearing, tool=PriorityVote.Tool.BALLOT, question="Кайсы кызмат?"
    )
    option = VoteOption.objects.create(vote=vote, label="Ичүүчү суу", votes_women=30, votes_men=20)
    VoteOption.objects.create(vote=vote, label="Жолдор", votes_women=5, votes_men=9, order=1)

    water = BaseServiceFactory(code="1", name_ky="Ичүүчү суу менен камсыз кылуу", sector="water")
    service = MunicipalServiceFactory(municipality=a, base_service=water)
    tariff = TariffFactory(service=service, hearing=hearing, council_decision_number="12-3")
    survey = SatisfactionSurvey.objects.create(
        service=service, surveyed_on=date(2024, 5, 10), sample_size=120, score=Decimal("3.40")
    )
    service_b = MunicipalServiceFactory(municipality=b, base_service=water)

    draft = JointActionPlanFactory(municipality=a, service=service, vote_option=option)
    action = JapActionFactory(plan=draft)
    agreed = JointActionPlanFactory(
        municipality=a, service=service, status=JointActionPlan.Status.AGREED, hearing=hearing,
        agreed_on=hearing.starts_at.date(),
    )  # fmt: skip
    JapActionFactory(plan=agreed)
    published = JointActionPlanFactory(
        municipality=a, service=service, status=JointActionPlan.Status.PUBLISHED, hearing=hearing,
        agreed_on=hearing.starts_at.date(), published_at=timezone.now(),
    )  # fmt: skip
    JapActionFactory(plan=published)
    jap_b = JointActionPlanFactory(
        municipality=b, status=JointActionPlan.Status.PUBLISHED, published_at=timezone.now()
    )
    JapActionFactory(plan=jap_b)

    submitted = LocalInitiativeFactory(municipality=a)
    funded = LocalInitiativeFactory(
        municipality=a, stage=LocalInitiative.Stage.FUNDED, funded_amount=Decimal("100000")
    )
    initiative_b = LocalInitiativeFactory(municipality=b)
    return {
        "svc_hearing": hearing.pk,
        "svc_vote_option": option.pk,
        "svc_base_service": water.pk,
        "svc_service": service.pk,
        "svc_tariff": tariff.pk,
        "svc_survey": survey.pk,
        "svc_service_b": service_b.pk,
        "jap_draft": draft.pk,
        "jap_draft_version": str(draft.version),
        "jap_action": action.pk,
        "jap_agreed": agreed.pk,
        "jap_published": published.pk,
        "jap_b": jap_b.pk,
        "initiative_submitted": submitted.pk,
        "initiative_funded": funded.pk,
        "initiative_b": initiative_b.pk,
    }
