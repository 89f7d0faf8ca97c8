"""factory_boy factories shared by every test."""

import factory

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
    donor = "SDC"
    implementer = "Development Policy Institute"
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
