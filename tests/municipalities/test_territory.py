import pytest

from municipalities.models import District, Region
from municipalities.territory import load_territory

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Region.objects.values_list("id", "soate", "kind", "name_ky", "name_ru", "name_en")),
        sorted(
            District.objects.values_list(
                "id", "soate", "kind", "region_id", "name_ky", "name_ru", "name_en", "population_2021"
            )
        ),
    )


def test_loads_every_level_of_the_territory():
    load_territory()
    assert Region.objects.filter(kind=Region.Kind.OBLAST).count() == 7
    assert set(Region.objects.filter(kind=Region.Kind.CITY).values_list("name_en", flat=True)) == {
        "Bishkek city",
        "Osh city",
    }
    assert District.objects.filter(kind=District.Kind.RAYON).count() == 40
    assert District.objects.filter(kind=District.Kind.CITY).count() == 13


def test_running_twice_gives_the_same_rows():
    load_territory()
    first = _snapshot()
    report = load_territory()
    assert _snapshot() == first
    assert report.regions_created == 0 and report.districts_created == 0


def test_kyrgyz_letter_ng_is_normalised():
    load_territory()
    assert District.objects.get(soate="41702220000000").name_ky == "Тоң району"
    assert District.objects.get(soate="41706259000000").name_ky == "Чоң-Алай району"
    for model in (Region, District):
        for name in model.objects.values_list("name_ky", flat=True):
            assert "\u04ca" not in name, name  # ӊ, the wrong code point
            assert "\xa0" not in name, name


def test_names_are_cleaned_in_every_language():
    load_territory()
    naryn = Region.objects.get(soate="41704000000000")
    assert (naryn.name_ky, naryn.name_ru, naryn.name_en) == (
        "Нарын облусу",
        "Нарынская область",
        "Naryn oblast",
    )
    assert Region.objects.get(soate="41703000000000").name_ky == "Жалал-Абад облусу"
    at_bashy = District.objects.get(soate="41704220000000")
    assert (at_bashy.name_ky, at_bashy.name_ru, at_bashy.name_en) == (
        "Ат-Башы району",
        "Ат-Башынский район",
        "At-Bashy rayon",
    )
    assert District.objects.get(soate="41704235000000").name_en == "Kochkor rayon"
    karakol = District.objects.get(soate="41702410000010")
    assert (karakol.name_ky, karakol.name_ru, karakol.name_en) == (
        "Каракол шаары",
        "г. Каракол",
        "Karakol city",
    )
    assert District.objects.get(soate="41703440000010").name_ru == "г. Кара-Куль"


def test_rayons_carry_their_population_and_link_to_their_oblast():
    load_territory()
    nookat = District.objects.select_related("region").get(soate="41706242000000")
    assert nookat.region.name_en == "Osh oblast"
    assert nookat.population_2021 and nookat.population_2021 > 10_000
    assert District.objects.filter(kind=District.Kind.RAYON, population_2021__isnull=True).count() == 0


def test_the_command_reports_what_it_did(capsys):
    from django.core.management import call_command

    call_command("load_territory")
    assert "9 created" in capsys.readouterr().out
    call_command("load_territory")
    assert "0 created, 53 updated" in capsys.readouterr().out
