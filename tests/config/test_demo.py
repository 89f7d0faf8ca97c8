import pytest
from django.core.management import call_command

from accounts.models import Membership, ProjectCoordinator, User
from municipalities.models import DonorProject, Municipality

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Municipality, DonorProject, User, Membership, ProjectCoordinator)]


def test_demo_data_from_the_field_and_safe_to_run_twice(settings, capsys):
    settings.DEBUG = True
    call_command("load_territory")
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    output = capsys.readouterr().out
    assert "kokjar_head" in output and "vap_coordinator" in output

    kok_jar = Municipality.objects.get(name_en="Kök-Jar aiyl aimak")
    assert kok_jar.district.name_en == "Nookat rayon"
    assert kok_jar.district.region.name_en == "Osh oblast"
    assert Municipality.objects.get(name_en="Ak-Tal aiyl aimak").district.name_en == "Ak-Tala rayon"
    assert {
        m.district.name_en
        for m in Municipality.objects.filter(name_en__in=["Kyshtut aiyl aimak", "Suu-Bashy aiyl aimak"])
    } == {"Batken rayon"}
    assert {
        m.district.name_en
        for m in Municipality.objects.filter(name_en__in=["Sumbula aiyl aimak", "Toguz-Bulak aiyl aimak"])
    } == {"Leilek rayon"}

    vap = DonorProject.objects.get(name_en__contains="VAP")
    assert "SDC" in vap.donor_en and "Development Policy Institute" in vap.implementer_en
    # The donor and the implementer have their names in each language, shown in the page's.
    from django.utils import translation

    for language, donor, implementer in [
        ("ky", "Швейцариянын", "Өнүктүрүү саясаты институту"),
        ("ru", "Швейцарское агентство", "Институт политики развития"),
        ("en", "Swiss Agency", "Development Policy Institute"),
    ]:
        with translation.override(language):
            assert donor in vap.donor and implementer in vap.implementer
    assert set(vap.target_municipalities.values_list("name_en", flat=True)) >= {
        "Kök-Jar aiyl aimak",
        "Ak-Tal aiyl aimak",
    }
    msdsp = DonorProject.objects.get(implementer_en__contains="MSDSP KG")
    assert msdsp.donor_ky == "Ага Хан Фонду" and msdsp.donor_ru == "Фонд Ага Хана"
    assert msdsp.target_municipalities.count() == 4

    roles = {
        "head": Membership.objects.filter(role="head").exists(),
        "staff": Membership.objects.filter(role="staff").exists(),
        "coordinator": ProjectCoordinator.objects.exists(),
        "admin": User.objects.filter(is_superuser=True).exists(),
    }
    assert all(roles.values()), roles


def test_demo_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
