"""factory_boy factories shared by every test."""

from datetime import date, time, timedelta

import factory
from django.utils import timezone

from accounts.models import Membership, ProjectCoordinator, User
from municipalities.models import District, DonorProject, Municipality, Region, Village


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("soate",)

    soate = factory.Sequence(lambda n: f"4179{n:010d}")
    name_ky = factory.Sequence(lambda n: f"Облус {n}")
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_en = factory.Sequence(lambda n: f"Oblast {n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    region = factory.SubFactory(RegionFactory)
    soate = factory.Sequence(lambda n: f"4178{n:010d}")
    name_ky = factory.Sequence(lambda n: f"Район {n} району")
    name_ru = factory.Sequence(lambda n: f"Район {n} район")
    name_en = factory.Sequence(lambda n: f"District {n} rayon")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    district = factory.SubFactory(DistrictFactory)
    name_ky = factory.Sequence(lambda n: f"Айыл {n} айыл аймагы")
    name_ru = factory.Sequence(lambda n: f"Айыл {n} айылный аймак")
    name_en = factory.Sequence(lambda n: f"Aiyl {n} aiyl aimak")


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village

    municipality = factory.SubFactory(MunicipalityFactory)
    name_ky = factory.Sequence(lambda n: f"Айыл {n}")


class DonorProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DonorProject
        skip_postgeneration_save = True

    name_ky = factory.Sequence(lambda n: f"Долбоор {n}")
    name_en = factory.Sequence(lambda n: f"Project {n}")
    donor_ky = "Швейцариянын өнүктүрүү жана кызматташтык агенттиги (SDC)"
    donor_ru = "Швейцарское агентство по развитию и сотрудничеству (SDC)"
    donor_en = "Swiss Agency for Development and Cooperation (SDC)"
    implementer_ky = "Өнүктүрүү саясаты институту (ӨСИ)"
    implementer_ru = "Институт политики развития (ИПР)"
    implementer_en = "Development Policy Institute (DPI)"
    start_year = 2019
    end_year = 2024

    @factory.post_generation
    def targets(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_municipalities.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.django.Password("pw-for-tests-1")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Membership.Role.STAFF


class ProjectCoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectCoordinator

    user = factory.SubFactory(UserFactory)
    project = factory.SubFactory(DonorProjectFactory)


# --- planning --------------------------------------------------------------------------------

from decimal import Decimal  # noqa: E402

from planning.models import (  # noqa: E402
    Activity,
    FundingLine,
    FundingSource,
    Goal,
    Indicator,
    IndicatorTarget,
    Objective,
    Priority,
    Program,
    Sector,
)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"sector-{n}")
    name_ky = factory.Sequence(lambda n: f"Тармак {n}")
    name_ru = factory.Sequence(lambda n: f"Сектор {n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")
    order = factory.Sequence(lambda n: n)


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"source-{n}")
    name_ky = factory.Sequence(lambda n: f"Булак {n}")
    name_ru = factory.Sequence(lambda n: f"Источник {n}")
    name_en = factory.Sequence(lambda n: f"Source {n}")
    order = factory.Sequence(lambda n: n)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    municipality = factory.SubFactory(MunicipalityFactory)
    title = "Социалдык-экономикалык өнүгүү программасы"
    start_year = 2025
    end_year = 2027


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Өнүгүү багыты {n}")
    order = factory.Sequence(lambda n: n + 1)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    priority = factory.SubFactory(PriorityFactory)
    title = factory.Sequence(lambda n: f"Максат {n}")
    order = factory.Sequence(lambda n: n + 1)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    goal = factory.SubFactory(GoalFactory)
    title = factory.Sequence(lambda n: f"Тапшырма {n}")
    order = factory.Sequence(lambda n: n + 1)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    objective = factory.SubFactory(ObjectiveFactory)
    title = factory.Sequence(lambda n: f"Иш-чара {n}")
    order = factory.Sequence(lambda n: n + 1)
    sector = factory.SubFactory(SectorFactory)
    responsible = "Айыл өкмөтү"
    start_year = factory.LazyAttribute(lambda a: a.objective.goal.priority.program.start_year)
    end_year = factory.LazyAttribute(lambda a: a.objective.goal.priority.program.end_year)


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLine

    activity = factory.SubFactory(ActivityFactory)
    source = factory.SubFactory(FundingSourceFactory)
    year = factory.LazyAttribute(lambda line: line.activity.start_year)
    amount = Decimal("1000.00")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    objective = factory.SubFactory(ObjectiveFactory)
    name = factory.Sequence(lambda n: f"Көрсөткүч {n}")
    unit = "%"
    baseline_value = Decimal("10")
    baseline_year = 2024


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2025
    value = Decimal("20")


class HearingFactory(factory.django.DjangoModelFactory):
    """A hearing being prepared, three weeks ahead (far enough for the notice)."""

    class Meta:
        model = "hearings.Hearing"

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = "budget_draft"
    budget_year = 2027
    title = factory.Sequence(lambda n: f"Жергиликтүү бюджеттин долбоору боюнча угуу {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=21))
    place = "Айыл өкмөтүнүн жыйындар залы"
    summary = "2027-жылдын бюджетинин долбоору: кирешелер жана чыгашалар."


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "hearings.Proposal"

    hearing = factory.SubFactory(HearingFactory)
    number = factory.Sequence(lambda n: n + 1)
    source = "paper"
    text = factory.Sequence(lambda n: f"Сунуш {n}: көчөлөргө жарык орнотуу")
    moderation = "published"


def pdf_bytes(pages: int = 1) -> bytes:
    """A small, real PDF (a scan of blank pages), as the upload checks read it."""
    from io import BytesIO

    import pikepdf

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    buffer = BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


# --- trainings -------------------------------------------------------------------------------


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trainings.Trainer"

    name = factory.Sequence(lambda n: f"Тренер {n}")
    organisation = "Өнүктүрүү саясаты институту"
    gender = "f"


class TrainingFactory(factory.django.DjangoModelFactory):
    """A planned two-day training (last week, so that it may be recorded as held)."""

    class Meta:
        model = "trainings.Training"

    title = factory.Sequence(lambda n: f"СЭӨПтү даярдоо боюнча тренинг {n}")
    project = factory.SubFactory(DonorProjectFactory)
    organiser = "SDC"
    implementer = "Development Policy Institute"
    first_day = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    last_day = factory.LazyAttribute(lambda t: t.first_day + timedelta(days=1))
    planned_participants = 20
    certificate_signatory = "ӨСИнин директору"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trainings.Session"

    training = factory.SubFactory(TrainingFactory)
    day = factory.LazyAttribute(lambda s: s.training.first_day)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Сессия {n}")
    starts_at = time(9, 0)
    ends_at = time(10, 30)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trainings.Person"

    full_name = factory.Sequence(lambda n: f"Катышуучу {n} Асанович")
    gender = "f"
    role = "ao_specialist"
    municipality = factory.SubFactory(MunicipalityFactory)
    phone = factory.Sequence(lambda n: f"+996 555 {n:06d}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trainings.Participation"

    training = factory.SubFactory(TrainingFactory)
    person = factory.SubFactory(PersonFactory)


# --- Municipal services ----------------------------------------------------------------------


class BaseServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "municipalities.BaseService"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: str(100 + n))
    sector = "water"
    name_ky = factory.Sequence(lambda n: f"Кызмат {n}")
    name_ru = factory.Sequence(lambda n: f"Услуга {n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")
    order = factory.Sequence(lambda n: n)


class MunicipalServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "municipal_services.MunicipalService"

    municipality = factory.SubFactory(MunicipalityFactory)
    base_service = factory.SubFactory(BaseServiceFactory)
    provider = "aiyl_okmotu"
    households_served = 450
    share_served = Decimal("75.0")


class TariffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "municipal_services.Tariff"

    service = factory.SubFactory(MunicipalServiceFactory)
    amount = Decimal("35.00")
    unit = "person_month"
    valid_from = date(2024, 4, 1)


class JointActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "municipal_services.JointActionPlan"

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2024
    title = factory.Sequence(lambda n: f"Биргелешкен аракеттер планы {n}")
    priority = "Мектепке чейинки билим берүү"


class JapActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "municipal_services.JapAction"

    plan = factory.SubFactory(JointActionPlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    what = factory.Sequence(lambda n: f"Аракет {n}: бала бакчанын чатырын оңдоо")
    responsible_lsg = "Айыл өкмөтүнүн башчысы"
    responsible_community = "Демилгелүү топ"
    deadline = date(2024, 9, 1)
    cost = Decimal("50000.00")


class LocalInitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "municipal_services.LocalInitiative"

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Жергиликтүү демилге {n}")
    description = "Көчөгө жарык орнотуу"
    group_name = "Жаштар демилгелүү тобу"
    initiators = "Асанов Бакыт, Токтогулова Айнура"
    contact_phone = "+996 555 123 456"
    contact_email = "initiators@example.kg"
    submitted_on = date(2024, 3, 1)
    requested_amount = Decimal("120000.00")
    cofinancing_money = Decimal("10000.00")
    cofinancing_labour = Decimal("15000.00")
    cofinancing_materials = Decimal("5000.00")
