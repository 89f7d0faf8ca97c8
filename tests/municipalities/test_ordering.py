"""Names in Kyrgyz alphabetical order (municipalities/ordering.py): ң after н, ө after о, ү after
у, on PostgreSQL (ICU's Kyrgyz collation) and SQLite (our collation), and in Python."""

import random

import pytest
from django.db.models import Value
from django.utils import translation

from municipalities.models import Municipality, Village
from municipalities.ordering import Alphabetical, alphabetical, by_name
from tests.factories import DistrictFactory, MunicipalityFactory, VillageFactory

# As a Kyrgyz reader expects them: а б в г д е ё ж з и й к л м н ң о ө п р с т у ү ф х ц ч ш …
KYRGYZ_ORDER = [
    "Ак-Талаа",
    "Ёлкон",
    "Көк-Жаңгак",
    "Кызыл-Кыя",
    "Ноокат",
    "Ңаа-Талаа",
    "Ош",
    "Өзгөн",
    "Уч-Терек",
    "Үч-Коргон",
    "Ысык-Ата",
]


def _shuffled(names):
    names = list(names)
    random.Random(13).shuffle(names)
    return names


def test_the_python_key_follows_the_kyrgyz_alphabet():
    assert sorted(_shuffled(KYRGYZ_ORDER), key=alphabetical) == KYRGYZ_ORDER
    assert sorted(_shuffled(KYRGYZ_ORDER)) != KYRGYZ_ORDER  # code point order gets it wrong
    assert alphabetical("өзгөн") == alphabetical("Өзгөн")


@pytest.mark.django_db
def test_municipalities_of_a_rayon_come_in_kyrgyz_order_from_the_database():
    district = DistrictFactory()
    for name in _shuffled(KYRGYZ_ORDER):
        MunicipalityFactory(district=district, name_ky=name, name_ru="", name_en="")
    with translation.override("ky"):
        by_default = [m.name_ky for m in Municipality.objects.filter(district=district)]
        explicit = [m.name_ky for m in Municipality.objects.filter(district=district).order_by(by_name())]
        backwards = [m.name_ky for m in district.municipalities.order_by(by_name(descending=True))]
    assert by_default == KYRGYZ_ORDER
    assert explicit == KYRGYZ_ORDER
    assert backwards == KYRGYZ_ORDER[::-1]


@pytest.mark.django_db
def test_a_page_in_russian_sorts_by_the_russian_name_falling_back_to_the_kyrgyz_one():
    district = DistrictFactory()
    MunicipalityFactory(district=district, name_ky="Ысык-Ата", name_ru="Иссык-Ата")
    MunicipalityFactory(district=district, name_ky="Өзгөн", name_ru="")  # no Russian name: Өзгөн
    MunicipalityFactory(district=district, name_ky="Жаңы-Жол", name_ru="Янги-Джол")
    with translation.override("ru"):
        assert [m.name for m in district.municipalities.all()] == ["Иссык-Ата", "Өзгөн", "Янги-Джол"]
    with translation.override("ky"):
        assert [m.name for m in district.municipalities.all()] == ["Жаңы-Жол", "Өзгөн", "Ысык-Ата"]


@pytest.mark.django_db
def test_villages_keep_the_centre_first_then_the_alphabet():
    municipality = MunicipalityFactory()
    for name in ["Үчкун", "Ноокат", "Ак-Булак", "Өрнөк"]:
        VillageFactory(municipality=municipality, name_ky=name, is_centre=name == "Үчкун")
    with translation.override("ky"):
        assert [v.name_ky for v in Village.objects.filter(municipality=municipality)] == [
            "Үчкун",
            "Ак-Булак",
            "Ноокат",
            "Өрнөк",
        ]


@pytest.mark.django_db
def test_any_expression_sorts_alphabetically_too():
    district = DistrictFactory()
    for name in ["Өзгөн", "Ош", "Ноокат"]:
        MunicipalityFactory(district=district, name_ky=name)
    rows = district.municipalities.annotate(label=Value("")).order_by(Alphabetical("name_ky").asc())
    assert [m.name_ky for m in rows] == ["Ноокат", "Ош", "Өзгөн"]


@pytest.mark.django_db
def test_the_rayon_page_lists_its_municipalities_alphabetically(client):
    district = DistrictFactory()
    for name in _shuffled(KYRGYZ_ORDER):
        MunicipalityFactory(district=district, name_ky=f"{name} айыл аймагы", name_ru="", name_en="")
    body = client.get(f"/ky/rayons/{district.pk}/").content.decode()
    positions = [body.index(f"{name} айыл аймагы") for name in KYRGYZ_ORDER]
    assert positions == sorted(positions)
