"""Every service that changes what the public sees of a hearing moves the publication generation
on, so that a page kept for anonymous visitors (config/page_cache.py) shows the change at once."""

from datetime import timedelta

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hearings import services
from hearings.models import Attendance, Hearing, Proposal
from tests.factories import HearingFactory, ProposalFactory, VillageFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def held(world):
    """A's hearing, held yesterday: staff now enter what happened on paper."""
    hearing = HearingFactory(
        municipality=world.municipality_a,
        status=Hearing.Status.HELD,
        starts_at=timezone.now() - timedelta(days=1),
    )
    Attendance.objects.create(hearing=hearing, women=10, men=9)
    ProposalFactory(hearing=hearing, number=1, text="Биринчи сунуш.")
    return hearing


def kept_page(client, hearing) -> str:
    """The hearing's page as an anonymous visitor gets it (a kept answer when there is one)."""
    response = client.get(f"/ky/hearings/{hearing.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def change(django_capture_on_commit_callbacks, action):
    with django_capture_on_commit_callbacks(execute=True):
        action()


def test_a_held_hearings_page_is_kept_for_anonymous_visitors(client, held, django_assert_num_queries):
    kept_page(client, held)
    # Only the public generation is read (one primary-key read): the answer itself is kept.
    with django_assert_num_queries(1):
        kept_page(client, held)


def test_saving_the_minutes_shows_on_the_kept_page(client, world, held, django_capture_on_commit_callbacks):
    assert "ЖАҢЫ-ПРОТОКОЛ" not in kept_page(client, held)
    form_class = forms.modelform_factory(Hearing, fields=["minutes"])
    form = form_class({"minutes": "ЖАҢЫ-ПРОТОКОЛ: суу маселеси чечилди."}, instance=held)
    assert form.is_valid()
    change(
        django_capture_on_commit_callbacks,
        lambda: services.hearing_save_details(hearing=held, user=world.staff_a, form=form),
    )
    assert "ЖАҢЫ-ПРОТОКОЛ" in kept_page(client, held)


def test_saving_the_attendance_shows_on_the_kept_page(
    client, world, held, django_capture_on_commit_callbacks
):
    assert "Катышкан тургундар: 19" in kept_page(client, held)
    village = VillageFactory(municipality=world.municipality_a)
    form_class = forms.modelform_factory(Attendance, fields=["women", "men"])
    form = form_class({"women": 31, "men": 29}, instance=held.attendance)
    assert form.is_valid()
    change(
        django_capture_on_commit_callbacks,
        lambda: services.attendance_save(
            hearing=held, user=world.staff_a, form=form, by_village={village.pk: (31, 29)}
        ),
    )
    assert "Катышкан тургундар: 60" in kept_page(client, held)


def test_adding_and_removing_a_material_shows_on_the_kept_page(
    client, world, held, django_capture_on_commit_callbacks
):
    assert "Тарифтин эсеби" not in kept_page(client, held)
    upload = SimpleUploadedFile("tariff.pdf", PDF, content_type="application/pdf")
    material = None

    def add():
        nonlocal material
        material = services.material_add(
            hearing=held, user=world.staff_a, title="Тарифтин эсеби", file=upload, content_kind="pdf"
        )

    change(django_capture_on_commit_callbacks, add)
    assert "Тарифтин эсеби" in kept_page(client, held)
    change(
        django_capture_on_commit_callbacks,
        lambda: services.material_remove(material=material, user=world.staff_a),
    )
    assert "Тарифтин эсеби" not in kept_page(client, held)


def test_a_proposal_entered_from_paper_shows_on_the_kept_page(
    client, world, held, django_capture_on_commit_callbacks
):
    assert "КАГАЗ-СУНУШ" not in kept_page(client, held)
    change(
        django_capture_on_commit_callbacks,
        lambda: services.proposal_enter(
            hearing=held,
            user=world.staff_a,
            source="paper",
            text="КАГАЗ-СУНУШ: көпүрө",
            paper_form_number="17",
        ),
    )
    assert "КАГАЗ-СУНУШ" in kept_page(client, held)


def test_moderating_and_answering_show_on_the_kept_page(
    client, world, held, django_capture_on_commit_callbacks
):
    pending = ProposalFactory(hearing=held, number=2, moderation="pending", text="КҮТҮҮДӨГҮ-СУНУШ")
    assert "КҮТҮҮДӨГҮ-СУНУШ" not in kept_page(client, held)
    change(
        django_capture_on_commit_callbacks,
        lambda: services.proposal_moderate(proposal=pending, user=world.staff_a, publish=True),
    )
    assert "КҮТҮҮДӨГҮ-СУНУШ" in kept_page(client, held)
    change(
        django_capture_on_commit_callbacks,
        lambda: services.proposal_answer(
            proposal=Proposal.objects.get(pk=pending.pk),
            user=world.staff_a,
            disposition="rejected",
            answer="ЖООП-777",
        ),
    )
    assert "ЖООП-777" in kept_page(client, held)


def test_an_activity_made_of_a_proposal_links_from_the_kept_page(
    client, world, reference, django_capture_on_commit_callbacks
):
    from planning.authoring.services import program_create
    from tests.factories import GoalFactory, ObjectiveFactory, PriorityFactory

    program = program_create(
        municipality=world.municipality_a, user=world.staff_a, title="СЭӨП", start_year=2026, end_year=2028
    )
    objective = ObjectiveFactory(goal=GoalFactory(priority=PriorityFactory(program=program)))
    hearing = HearingFactory(
        municipality=world.municipality_a,
        kind="sedp_draft",
        program=program,
        status=Hearing.Status.HELD,
        starts_at=timezone.now() - timedelta(days=1),
    )
    proposal = ProposalFactory(hearing=hearing, number=1, disposition="accepted", answer="Кабыл алынды.")
    assert "Программанын долбооруна киргизилди" not in kept_page(client, hearing)
    change(
        django_capture_on_commit_callbacks,
        lambda: services.proposal_make_activity(proposal=proposal, user=world.staff_a, objective=objective),
    )
    assert "Программанын долбооруна киргизилди (иш-чара)" in kept_page(client, hearing)
