"""The public trainings pages: the trainings held with their figures and materials, never a
name, phone or e-mail (not even a trainer's), nothing of a planned training, hostile input, a
flat number of queries, and the menu's link."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ParticipationFactory, PersonFactory, SessionFactory, TrainingFactory
from trainings.models import Tally, Trainer, Training, TrainingMaterial

pytestmark = pytest.mark.django_db

HELD = Training.Status.HELD


@pytest.fixture
def held(world, project_a):
    training = TrainingFactory(
        project=project_a, status=HELD, title="СЭӨП боюнча эки күндүк тренинг", topics="Бюджет\nОтчеттуулук"
    )
    session = SessionFactory(training=training, order=1, title="Жергиликтүү бюджет")
    session.trainers.add(Trainer.objects.create(name="Тренер Жаркынай Өмүрова", gender="f"))
    for index, gender in enumerate("ffm"):
        ParticipationFactory(
            training=training,
            person=PersonFactory(
                full_name=f"Купуя Адам{index} Жашыруунова",
                gender=gender,
                municipality=world.municipality_a,
                phone=f"+996 700 11122{index}",
                email=f"secret{index}@example.org",
            ),
        )
    TrainingMaterial.objects.create(
        training=training, title="Тренингдин программасы", file="x.pdf", content_kind="pdf"
    )
    return training


PRIVATE = ("Купуя", "Жашыруунова", "+996 700", "secret", "@example.org", "Жаркынай", "Өмүрова")


@pytest.mark.parametrize("persona", ["citizen", "coordinator_a", "admin"])
def test_public_pages_show_no_name_phone_or_email(client, world, held, persona):
    user = world.persona(persona)
    if user.is_authenticated:
        client.force_login(user)
    for url in (reverse("trainings:list"), reverse("trainings:detail", args=[held.pk])):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert held.title in html
        for private in PRIVATE:
            assert private not in html, (url, private)


def test_the_list_shows_the_trainings_held_and_their_figures(client, world, held, project_a):
    planned = TrainingFactory(project=project_a, title="Пландалган тренинг")
    response = client.get(reverse("trainings:list"))
    html = response.content.decode()
    assert "Пландалган тренинг" not in html
    assert 'data-figure="participants">3<' in html and 'data-figure="women">2<' in html
    assert "<svg" in html and "<script" not in html
    assert client.get(reverse("trainings:detail", args=[planned.pk])).status_code == 404
    assert client.get(reverse("trainings:detail", args=[999999])).status_code == 404


def test_a_trainings_page_shows_its_topics_programme_materials_and_figures(client, held):
    html = client.get(reverse("trainings:detail", args=[held.pk])).content.decode()
    for text in ("Бюджет", "Отчеттуулук", "Жергиликтүү бюджет", "Тренингдин программасы", held.project.name):
        assert text in html
    assert 'data-figure="participants">3<' in html


def test_a_tallied_training_shows_its_totals(client, world):
    training = TrainingFactory(status=HELD, project=None)
    Tally.objects.create(
        training=training, region=world.municipality_a.district.region, gender="f", role="ao_head", count=7
    )
    html = client.get(reverse("trainings:detail", args=[training.pk])).content.decode()
    assert 'data-figure="participants">7<' in html and world.municipality_a.district.region.name in html


@pytest.mark.parametrize("page", ["-1", "abc", "99999999999999999999", "\x00"])
def test_hostile_page_numbers_never_fail(client, held, page):
    assert client.get(reverse("trainings:list"), {"page": page}).status_code == 200


def test_the_list_takes_as_many_queries_for_many_trainings_as_for_one(client, world, held, project_a):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("trainings:list")).status_code == 200
        return len(queries)

    one = count()
    for _ in range(15):
        ParticipationFactory(training=TrainingFactory(project=project_a, status=HELD))
    assert count() == one


def test_the_menu_and_footer_link_the_trainings(client):
    html = client.get(reverse("home")).content.decode()
    assert html.count(f'href="{reverse("trainings:list")}"') >= 2


def test_a_material_is_downloaded_from_the_public_page_in_a_sandbox(client, held):
    from django.core.files.base import ContentFile

    material = held.materials.get()
    material.file.save("programme.pdf", ContentFile(b"%PDF-1.4 programme"), save=True)
    html = client.get(reverse("trainings:detail", args=[held.pk])).content.decode()
    url = reverse("trainings:material", kwargs={"pk": held.pk, "material_id": material.pk})
    assert f'href="{url}"' in html
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Security-Policy"] == "sandbox" and response["X-Content-Type-Options"] == "nosniff"
    )
    # Not through a training that is not public, nor through another training.
    planned = TrainingFactory(project=held.project)
    assert client.get(reverse("trainings:material", args=[planned.pk, material.pk])).status_code == 404


@pytest.mark.parametrize(
    ("language", "donor", "implementer"),
    [
        ("ky", "Швейцариянын өнүктүрүү", "Өнүктүрүү саясаты институту"),
        ("ru", "Швейцарское агентство", "Институт политики развития"),
        ("en", "Swiss Agency", "Development Policy Institute"),
    ],
)
def test_the_organiser_and_implementer_of_a_project_s_training_are_named_in_the_page_s_language(
    client, world, project_a, language, donor, implementer
):
    from django.utils import translation

    training = TrainingFactory(project=project_a, status=HELD, organiser="", implementer="")
    with translation.override(language):
        address = reverse("trainings:detail", args=[training.pk])
    html = client.get(address).content.decode()
    assert donor in html and implementer in html
    # A name written for the training itself is shown as written.
    Training.objects.filter(pk=training.pk).update(organiser="Нарын облустук администрациясы")
    assert "Нарын облустук администрациясы" in client.get(address).content.decode()


def test_a_training_in_a_city_with_no_rayon_shows_the_city(client, world, held, login):
    # A training in Bishkek has a city and no rayon: the list and its page name the city (the
    # rayon's name as the default's argument was a 500 there, in the demo's heads' training too).
    Training.objects.filter(pk=held.pk).update(venue_city="Бишкек", venue_district=None)
    for url in (reverse("trainings:list"), reverse("trainings:detail", args=[held.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Бишкек" in response.content.decode()
    login(world.coordinator_a)
    response = client.get(reverse("trainings_ws:list"))
    assert response.status_code == 200
    assert "Бишкек" in response.content.decode()


def test_no_name_phone_or_email_anywhere_else_the_public_reads(client, world, held):
    """The home page, the municipality's, rayon's and oblast's pages, the sitemap, the open-data
    page and every list and detail the API serves: a participant's or trainer's name, phone or
    e-mail is in none of them (trainings have no API of their own; nothing else may carry them)."""
    municipality = world.municipality_a
    district = municipality.district
    urls = [
        reverse("home"),
        reverse("territory:municipality", args=[municipality.pk]),
        reverse("territory:district", args=[district.pk]),
        reverse("territory:region", args=[district.region_id]),
        "/sitemap.xml",
        reverse("open_data"),
        *(
            reverse(f"api:{name}-list")
            for name in ("region", "district", "municipality", "program", "hearing")
        ),
        reverse("api:municipality-detail", args=[municipality.pk]),
    ]
    for url in urls:
        response = client.get(url, HTTP_ACCEPT="*/*")
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        for private in PRIVATE:
            assert private not in text, (url, private)
