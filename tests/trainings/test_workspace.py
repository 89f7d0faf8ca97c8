"""The trainings' workspace: a coordinator plans a training, adds its sessions and trainers,
registers participants (a known person is offered instead of a duplicate), ticks the attendance,
enters totals, attaches materials and issues certificates; municipal staff read their own
municipality's participants, without contacts. Writes go through the services; a refused or
conflicting save changes nothing and keeps what was typed; hostile text never gives a 500."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import (
    ParticipationFactory,
    PersonFactory,
    SessionFactory,
    TrainerFactory,
    TrainingFactory,
    pdf_bytes,
)
from trainings.models import (
    Attendance,
    Certificate,
    Participation,
    Person,
    Session,
    Tally,
    Trainer,
    Training,
    TrainingMaterial,
    TrainingStatusChange,
)

pytestmark = pytest.mark.django_db

S = Training.Status


def ws(name: str, *args, language: str = "ky") -> str:
    with translation.override(language):
        return reverse(f"trainings_ws:{name}", args=args)


def body(response) -> str:
    return response.content.decode()


def texts(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def held(training_a, world):
    """training_a, held, with a participant from A and one from B (phones and e-mails known)."""
    Training.objects.filter(pk=training_a.pk).update(status=S.HELD)
    training_a.refresh_from_db()
    ParticipationFactory(
        training=training_a,
        person=PersonFactory(
            full_name="Айгүл Асанова", municipality=world.municipality_a, phone="+996 555 111 222"
        ),
    )
    ParticipationFactory(
        training=training_a,
        person=PersonFactory(full_name="Бакыт Токтогулов", municipality=world.municipality_b, gender="m"),
    )
    return training_a


def training_form(training=None, **changes) -> dict:
    first = training.first_day if training else timezone.localdate() + timedelta(days=10)
    last = training.last_day if training else first + timedelta(days=1)
    return {
        "version": str(training.version) if training else "",
        "title": training.title if training else "Социалдык отчеттуулук",
        "project": str(training.project_id) if training else "",
        "format": "training",
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "certificate_min_share": "0.80",
        **changes,
    }


# --- Who sees what --------------------------------------------------------------------------------

PAGES = ["detail", "edit", "sessions", "participants", "attendance", "tallies", "materials"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_of_a_training_renders_for_its_coordinator(client, world, held, page):
    client.force_login(world.coordinator_a)
    assert client.get(ws(page, held.pk)).status_code == 200


@pytest.mark.parametrize("page", ["detail", "edit", "sessions", "participants", "materials"])
def test_municipal_staff_read_the_training_their_people_took(client, world, held, page):
    client.force_login(world.staff_a)
    assert client.get(ws(page, held.pk)).status_code == 200


@pytest.mark.parametrize("page", ["attendance", "tallies"])
def test_the_grid_and_the_totals_are_for_the_coordinators(client, world, held, page):
    client.force_login(world.staff_a)
    assert client.get(ws(page, held.pk)).status_code == 403


def test_another_projects_coordinator_gets_404(client, world, held):
    client.force_login(world.coordinator_other)
    assert client.get(ws("detail", held.pk)).status_code == 404
    assert client.get(ws("participants", held.pk)).status_code == 404


def test_staff_see_only_their_municipalitys_participants_and_no_contacts(client, world, held):
    client.force_login(world.staff_a)
    page = body(client.get(ws("participants", held.pk)))
    assert "Айгүл Асанова" in page
    assert "Бакыт Токтогулов" not in page
    assert "+996 555 111 222" not in page
    assert "Register a participant" not in page and 'name="full_name"' not in page


def test_the_coordinator_sees_everyone_with_their_contacts(client, world, held):
    client.force_login(world.coordinator_a)
    page = body(client.get(ws("participants", held.pk)))
    assert "Айгүл Асанова" in page and "Бакыт Токтогулов" in page
    assert "+996 555 111 222" in page


def test_the_list_shows_what_the_user_may_see_and_filters(client, world, held, project_a):
    other = TrainingFactory(title="Башка долбоордун тренинги")
    old = TrainingFactory(
        project=project_a,
        title="2017-жылдагы семинар",
        first_day=timezone.localdate().replace(year=2017),
        last_day=timezone.localdate().replace(year=2017),
    )
    client.force_login(world.coordinator_a)
    page = body(client.get(ws("list")))
    assert held.title in page and old.title in page and other.title not in page
    assert ws("create") in page
    filtered = body(client.get(ws("list"), {"year": "2017"}))
    assert old.title in filtered and held.title not in filtered
    by_status = body(client.get(ws("list"), {"status": "held"}))
    assert held.title in by_status and old.title not in by_status
    assert client.get(ws("list"), {"year": "<script>", "status": "\x00"}).status_code == 200


def test_staff_list_has_no_new_training_button(client, world, held):
    client.force_login(world.staff_a)
    page = body(client.get(ws("list")))
    assert held.title in page and ws("create") not in page
    assert client.get(ws("create")).status_code == 403


def test_the_workspace_home_links_to_the_trainings(client, world):
    client.force_login(world.staff_a)
    assert ws("list") in body(client.get(reverse("workspace_home")))


# --- Planning and editing ---------------------------------------------------------------------


def test_a_coordinator_plans_a_training_of_their_project(client, world, project_a):
    client.force_login(world.coordinator_a)
    response = client.post(ws("create"), training_form(project=str(project_a.pk)))
    training = Training.objects.get()
    assert response.status_code == 302 and response["Location"] == ws("detail", training.pk)
    assert training.project == project_a and training.created_by == world.coordinator_a
    assert training.status == S.PLANNED and training.organiser_name == project_a.donor
    # Left empty, the organiser is the project's donor in each reader's language, not a copy.
    assert training.organiser == ""
    page = client.get(ws("detail", training.pk, language="ru"))
    assert project_a.donor_ru in page.content.decode()


def test_a_training_of_someone_elses_project_is_refused_and_the_form_kept(client, world, project_a):
    client.force_login(world.coordinator_other)
    response = client.post(ws("create"), training_form(project=str(project_a.pk), title="Менин тренингим"))
    assert response.status_code == 200
    assert not Training.objects.exists()
    assert "Менин тренингим" in body(response)
    assert response.context["form"].errors["project"]


def test_the_last_day_before_the_first_is_refused(client, world, project_a):
    client.force_login(world.coordinator_a)
    data = training_form(project=str(project_a.pk))
    data["last_day"] = "2020-01-01"
    response = client.post(ws("create"), data)
    assert response.status_code == 200 and not Training.objects.exists()
    assert response.context["form"].errors["last_day"]


def test_an_edit_over_someone_elses_save_is_a_409_that_keeps_the_typed_text(client, world, held):
    client.force_login(world.coordinator_a)
    stale = training_form(held, title="Менин аталышым")
    Training.objects.filter(pk=held.pk).update(version=held.version + 1, title="Башка бирөөнүн аталышы")
    response = client.post(ws("edit", held.pk), stale)
    assert response.status_code == 409
    assert "Менин аталышым" in body(response)
    assert Training.objects.get(pk=held.pk).title == "Башка бирөөнүн аталышы"
    # The page carries the current version: saving again, on purpose, replaces it.
    again = {**stale, "version": str(response.context["version"])}
    assert client.post(ws("edit", held.pk), again).status_code == 302
    assert Training.objects.get(pk=held.pk).title == "Менин аталышым"


def test_an_edit_saves_through_the_service_and_moves_the_version(client, world, held):
    client.force_login(world.coordinator_a)
    response = client.post(ws("edit", held.pk), training_form(held, venue_city="Нарын"))
    assert response.status_code == 302
    saved = Training.objects.get(pk=held.pk)
    assert saved.venue_city == "Нарын" and saved.version == held.version + 1


def test_days_that_leave_a_session_outside_are_refused_with_a_message(client, world, held):
    client.force_login(world.coordinator_a)
    data = training_form(held, last_day=held.first_day.isoformat())
    response = client.post(ws("edit", held.pk), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Training.objects.get(pk=held.pk).last_day == held.last_day


# --- Hostile input ----------------------------------------------------------------------------


def test_script_tags_are_stored_as_text_and_escaped(client, world, held):
    client.force_login(world.coordinator_a)
    title = "<script>alert(1)</script> Тренинг"
    assert client.post(ws("edit", held.pk), training_form(held, title=title)).status_code == 302
    page = body(client.get(ws("detail", held.pk)))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("field", ["title", "topics", "venue_address", "certificate_signatory"])
def test_ten_thousand_characters_are_refused_with_a_message(client, world, held, field):
    client.force_login(world.coordinator_a)
    response = client.post(ws("edit", held.pk), training_form(held, **{field: "ы" * 10_000}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Training.objects.get(pk=held.pk).version == held.version


def test_nul_characters_are_dropped_and_the_rest_kept(client, world, held):
    client.force_login(world.coordinator_a)
    response = client.post(ws("edit", held.pk), training_form(held, title="Тре\x00нинг", topics="Бюджет\x00"))
    assert response.status_code == 302
    saved = Training.objects.get(pk=held.pk)
    assert saved.title == "Тренинг" and saved.topics == "Бюджет"


def test_hostile_participant_input_never_gives_a_500(client, world, held):
    client.force_login(world.coordinator_a)
    for data in (
        {"full_name": "\x00", "gender": "f", "role": "youth"},
        {"full_name": "ы" * 10_000, "gender": "x", "role": "<b>", "municipality": "'; DROP"},
        {"full_name": "<script>x</script>", "gender": "f", "role": "youth", "email": "not an e-mail"},
    ):
        response = client.post(ws("participants", held.pk), data)
        assert response.status_code == 200, data
        assert response.context["form"].errors
    assert Person.objects.count() == 2
    response = client.post(
        ws("participants", held.pk), {"full_name": "<i>Ы</i> Асан", "gender": "m", "role": "youth"}
    )
    assert response.status_code == 302
    page = body(client.get(ws("participants", held.pk)))
    assert "<i>Ы</i>" not in page and "&lt;i&gt;Ы&lt;/i&gt;" in page


# --- The workflow -----------------------------------------------------------------------------


def test_the_page_offers_the_steps_of_the_transitions_table(client, world, training_a):
    client.force_login(world.coordinator_a)
    page = body(client.get(ws("detail", training_a.pk)))
    for action in ("open_registration", "mark_held", "cancel"):
        assert ws("transition", training_a.pk, action) in page
    assert ws("transition", training_a.pk, "report") not in page
    client.force_login(world.staff_a)
    assert ws("transition", training_a.pk, "open_registration") not in body(
        client.get(ws("detail", training_a.pk))
    )


def test_opening_registration_moves_the_status_and_writes_history(client, world, training_a):
    client.force_login(world.coordinator_a)
    response = client.post(
        ws("transition", training_a.pk, "open_registration"), {"version": training_a.version}
    )
    assert response.status_code == 302
    assert Training.objects.get(pk=training_a.pk).status == S.REGISTRATION_OPEN
    assert TrainingStatusChange.objects.filter(training=training_a, to_status=S.REGISTRATION_OPEN).exists()


def test_cancelling_asks_a_reason_and_keeps_the_form(client, world, training_a):
    client.force_login(world.coordinator_a)
    url = ws("transition", training_a.pk, "cancel")
    response = client.post(url, {"version": training_a.version, "cancel-reason": "  "})
    assert response.status_code == 200 and texts(response)
    assert Training.objects.get(pk=training_a.pk).status == S.PLANNED
    response = client.post(url, {"version": training_a.version, "cancel-reason": "Жол жабык\x00"})
    assert response.status_code == 302
    cancelled = Training.objects.get(pk=training_a.pk)
    assert cancelled.status == S.CANCELLED and cancelled.cancel_reason == "Жол жабык"


def test_a_step_with_a_stale_version_changes_nothing(client, world, training_a):
    client.force_login(world.coordinator_a)
    response = client.post(ws("transition", training_a.pk, "mark_held"), {"version": "999"})
    assert response.status_code == 200 and texts(response)
    assert Training.objects.get(pk=training_a.pk).status == S.PLANNED


def test_a_future_training_cannot_be_held_and_the_page_says_why(client, world, project_a):
    future = TrainingFactory(
        project=project_a,
        first_day=timezone.localdate() + timedelta(days=5),
        last_day=timezone.localdate() + timedelta(days=6),
    )
    client.force_login(world.coordinator_a)
    page = body(client.get(ws("detail", future.pk)))
    assert "is-missing" in page
    response = client.post(ws("transition", future.pk, "mark_held"), {"version": future.version})
    assert response.status_code == 200
    assert Training.objects.get(pk=future.pk).status == S.PLANNED


def test_certificates_are_issued_from_the_training_page_with_their_count(client, world, held):
    sessions = list(held.sessions.all())
    Attendance.objects.bulk_create(
        Attendance(participation=p, session=s) for p in held.participations.all() for s in sessions
    )
    client.force_login(world.coordinator_a)
    assert ws("certificates_issue", held.pk) in body(client.get(ws("detail", held.pk)))
    response = client.post(ws("certificates_issue", held.pk), follow=True)
    assert Certificate.objects.filter(participation__training=held).count() == 2
    assert any("2" in m for m in texts(response))
    client.post(ws("certificates_issue", held.pk))
    assert Certificate.objects.filter(participation__training=held).count() == 2


def test_no_certificate_button_before_the_training_was_held(client, world, training_a):
    client.force_login(world.coordinator_a)
    assert ws("certificates_issue", training_a.pk) not in body(client.get(ws("detail", training_a.pk)))
    client.post(ws("certificates_issue", training_a.pk))
    assert not Certificate.objects.exists()


# --- Sessions and trainers --------------------------------------------------------------------


def test_a_session_with_a_trainer_from_the_list_and_a_new_one(client, world, training_a):
    known = TrainerFactory(name="Гүлнара Осмонова")
    client.force_login(world.coordinator_a)
    response = client.post(
        ws("sessions", training_a.pk),
        {
            "day": training_a.last_day.isoformat(),
            "title": "Жергиликтүү бюджет",
            "starts_at": "11:00",
            "ends_at": "12:30",
            "trainers": [known.pk],
            "new_trainer_name": "Эрлан Сыдыков",
            "new_trainer_organisation": "ӨСИ",
            "new_trainer_gender": "m",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(title="Жергиликтүү бюджет")
    assert session.order == 3  # after the day's last session
    assert {t.name for t in session.trainers.all()} == {"Гүлнара Осмонова", "Эрлан Сыдыков"}
    assert Trainer.objects.filter(name="Эрлан Сыдыков", organisation="ӨСИ", gender="m").count() == 1


def test_a_new_trainer_without_a_gender_is_refused_and_the_session_kept_typed(client, world, training_a):
    client.force_login(world.coordinator_a)
    response = client.post(
        ws("sessions", training_a.pk),
        {"day": training_a.first_day.isoformat(), "title": "Ачылыш сессиясы", "new_trainer_name": "Эрлан"},
    )
    assert response.status_code == 200
    assert "Ачылыш сессиясы" in body(response)
    assert not Trainer.objects.exists() and training_a.sessions.count() == 2


def test_a_session_is_changed_and_removed(client, world, training_a):
    session = training_a.sessions.first()
    client.force_login(world.coordinator_a)
    assert client.get(ws("session", training_a.pk, session.pk)).status_code == 200
    response = client.post(
        ws("session", training_a.pk, session.pk),
        {
            "day": session.day.isoformat(),
            "order": "5",
            "title": "Жаңы аталыш",
            "starts_at": "10:00",
            "ends_at": "09:00",
        },
    )
    assert response.status_code == 200  # ends before it starts
    response = client.post(
        ws("session", training_a.pk, session.pk),
        {"day": session.day.isoformat(), "order": "5", "title": "Жаңы аталыш"},
    )
    assert response.status_code == 302
    assert Session.objects.get(pk=session.pk).title == "Жаңы аталыш"
    assert client.post(ws("session_remove", training_a.pk, session.pk)).status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()


def test_a_session_of_another_training_is_404(client, world, training_a):
    foreign = SessionFactory()
    client.force_login(world.admin)
    assert client.get(ws("session", training_a.pk, foreign.pk)).status_code == 404
    assert client.post(ws("session_remove", training_a.pk, foreign.pk)).status_code == 404
    assert Session.objects.filter(pk=foreign.pk).exists()


# --- Participants -----------------------------------------------------------------------------


def participant(world, **changes) -> dict:
    return {
        "full_name": "Эркин Асанов",
        "gender": "m",
        "role": "ao_head",
        "position": "айыл өкмөтүнүн башчысы",
        "municipality": str(world.municipality_a.pk),
        "phone": "+996 700 123 456",
        "email": "erkin@example.org",
        **changes,
    }


def test_a_new_participant_is_registered(client, world, training_a):
    client.force_login(world.coordinator_a)
    response = client.post(ws("participants", training_a.pk), participant(world))
    assert response.status_code == 302
    person = Person.objects.get(full_name="Эркин Асанов")
    assert person.municipality == world.municipality_a and person.phone == "+996 700 123 456"
    assert Participation.objects.filter(training=training_a, person=person).exists()


def test_a_known_person_is_offered_instead_of_a_duplicate_keeping_what_was_typed(client, world, training_a):
    known = PersonFactory(full_name="Асанов Эркин", municipality=world.municipality_a, role="ao_head")
    client.force_login(world.coordinator_a)
    response = client.post(ws("participants", training_a.pk), participant(world))
    assert response.status_code == 200
    page = body(response)
    assert f'name="person" value="{known.pk}"' in page
    assert "+996 700 123 456" in page and "Эркин Асанов" in page  # what was typed is kept
    assert Person.objects.count() == 1 and not Participation.objects.exists()

    response = client.post(ws("participants", training_a.pk), {**participant(world), "person": str(known.pk)})
    assert response.status_code == 302
    assert Person.objects.count() == 1
    assert Participation.objects.get(training=training_a).person == known


def test_only_the_offered_person_can_be_registered_that_way(client, world, training_a):
    stranger = PersonFactory(full_name="Башка Адам", municipality=world.municipality_b)
    client.force_login(world.coordinator_a)
    response = client.post(
        ws("participants", training_a.pk), {**participant(world), "person": str(stranger.pk)}
    )
    assert response.status_code == 200
    assert not Participation.objects.exists()


def test_a_participation_is_removed_but_not_one_with_a_certificate(client, world, held):
    first, second = held.participations.order_by("pk")
    Certificate.objects.create(
        participation=first, year=2026, serial=1, number="2026-000001", hours=3, signatory="Д", code="X" * 16,
        issued_at=timezone.now(),
    )  # fmt: skip
    client.force_login(world.coordinator_a)
    client.post(ws("participant_remove", held.pk, first.pk))
    client.post(ws("participant_remove", held.pk, second.pk))
    assert list(held.participations.all()) == [first]


def test_staff_cannot_register_anyone(client, world, held):
    client.force_login(world.staff_a)
    assert client.post(ws("participants", held.pk), participant(world)).status_code == 403
    assert Person.objects.count() == 2


# --- People -----------------------------------------------------------------------------------


def test_a_person_page_shows_contacts_to_managers_only(client, world, held):
    person = Person.objects.get(full_name="Айгүл Асанова")
    client.force_login(world.coordinator_a)
    page = body(client.get(ws("person", person.pk)))
    assert held.title in page and "+996 555 111 222" in page
    client.force_login(world.staff_a)
    page = body(client.get(ws("person", person.pk)))
    assert held.title in page and "+996 555 111 222" not in page
    assert ws("person_merge", person.pk) not in page


def test_a_coordinator_merges_a_duplicate_after_confirming(client, world, held):
    keep = Person.objects.get(full_name="Айгүл Асанова")
    twin = PersonFactory(full_name="Асанова Айгүл", municipality=world.municipality_a, phone="")
    other = TrainingFactory(project=held.project)
    ParticipationFactory(training=other, person=twin)
    client.force_login(world.coordinator_a)
    page = body(client.get(ws("person_merge", keep.pk)))
    assert f'value="{twin.pk}"' in page
    compare = client.post(ws("person_merge", keep.pk), {"duplicate": twin.pk})
    assert compare.status_code == 200 and 'name="confirm"' in body(compare)
    assert Person.objects.filter(pk=twin.pk).exists()
    response = client.post(ws("person_merge", keep.pk), {"duplicate": twin.pk, "confirm": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert Participation.objects.filter(person=keep).count() == 2


def test_a_person_the_user_may_not_merge_is_not_offered(client, world, held):
    keep = Person.objects.get(full_name="Айгүл Асанова")
    foreign = PersonFactory(full_name="Асанова Айгүл", municipality=world.municipality_a)
    ParticipationFactory(training=TrainingFactory(), person=foreign)  # another project's
    client.force_login(world.coordinator_a)
    response = client.post(ws("person_merge", keep.pk), {"duplicate": foreign.pk, "confirm": "yes"})
    assert response.status_code == 200
    assert Person.objects.filter(pk=foreign.pk).exists()


# --- The attendance grid ----------------------------------------------------------------------


def test_the_grid_shows_one_day_and_saves_its_ticks(client, world, held):
    first, second = held.sessions.order_by("day", "order")
    aigul, bakyt = held.participations.order_by("person__full_name")
    Attendance.objects.create(participation=bakyt, session=first)
    Attendance.objects.create(participation=bakyt, session=second)
    client.force_login(world.coordinator_a)
    page = body(client.get(ws("attendance", held.pk)))
    assert f'value="{aigul.pk}-{first.pk}"' in page and f'value="{aigul.pk}-{second.pk}"' not in page
    assert "position-sticky" in page and "table-responsive" in page
    response = client.post(
        ws("attendance", held.pk), {"day": held.first_day.isoformat(), "tick": [f"{aigul.pk}-{first.pk}"]}
    )
    assert response.status_code == 302 and held.first_day.isoformat() in response["Location"]
    ticks = set(Attendance.objects.values_list("participation_id", "session_id"))
    # The first day: Aigül ticked, Bakyt unticked; the second day untouched.
    assert ticks == {(aigul.pk, first.pk), (bakyt.pk, second.pk)}
    second_day = body(client.get(ws("attendance", held.pk), {"day": held.last_day.isoformat()}))
    assert f'value="{bakyt.pk}-{second.pk}" id="tick-{bakyt.pk}-{second.pk}" checked' in second_day


def test_a_tampered_grid_is_refused_with_a_message_and_changes_nothing(client, world, held):
    other = SessionFactory()
    participation = held.participations.first()
    client.force_login(world.coordinator_a)
    for tick in (f"{participation.pk}-{other.pk}", "abc-<script>", "\x00"):
        response = client.post(
            ws("attendance", held.pk), {"day": held.first_day.isoformat(), "tick": [tick]}, follow=True
        )
        assert response.status_code == 200 and texts(response)
    assert not Attendance.objects.exists()


def test_no_ticking_before_registration_opens(client, world, training_a):
    participation = ParticipationFactory(training=training_a)
    session = training_a.sessions.first()
    client.force_login(world.coordinator_a)
    client.post(ws("attendance", training_a.pk), {"tick": [f"{participation.pk}-{session.pk}"]})
    assert not Attendance.objects.exists()


def add_participants(training, count: int) -> None:
    people = Person.objects.bulk_create(
        Person(full_name=f"Катышуучу {training.pk}-{n}", gender="f", role="youth") for n in range(count)
    )
    Participation.objects.bulk_create(Participation(training=training, person=p) for p in people)


def test_the_grid_pages_query_count_does_not_grow_with_the_participants(client, world, held):
    client.force_login(world.coordinator_a)
    address = ws("attendance", held.pk)

    def count() -> int:
        client.get(address)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
        assert response.status_code == 200
        return len(captured)

    add_participants(held, 8)
    small = count()
    add_participants(held, 990)
    assert count() == small, f"{small} queries with 10 participants, more with 1,000"


def test_saving_the_grid_takes_the_same_queries_for_10_and_1000(client, world, held):
    client.force_login(world.coordinator_a)
    address = ws("attendance", held.pk)
    first = held.sessions.order_by("day", "order").first()

    def count() -> int:
        ticks = [f"{pk}-{first.pk}" for pk in held.participations.values_list("pk", flat=True)]
        Attendance.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            response = client.post(address, {"day": held.first_day.isoformat(), "tick": ticks})
        assert response.status_code == 302
        assert Attendance.objects.count() == len(ticks)
        return len(captured)

    add_participants(held, 8)
    small = count()
    add_participants(held, 990)
    assert count() == small, f"{small} queries to save 10 participants' ticks, more for 1,000"


# --- Tallies ----------------------------------------------------------------------------------


def tally_rows(*rows) -> dict:
    data = {"tally-TOTAL_FORMS": str(len(rows)), "tally-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"tally-{index}-{key}"] = value
    return data


def test_totals_are_saved_and_shown_again(client, world, training_a):
    region = world.municipality_a.district.region
    client.force_login(world.coordinator_a)
    response = client.post(
        ws("tallies", training_a.pk),
        tally_rows(
            {"region": region.pk, "gender": "f", "role": "ao_head", "count": "30"},
            {"region": region.pk, "gender": "m", "role": "ao_head", "count": "33"},
            {},
        ),
    )
    assert response.status_code == 302
    assert sum(Tally.objects.filter(training=training_a).values_list("count", flat=True)) == 63
    page = body(client.get(ws("tallies", training_a.pk)))
    assert 'value="33"' in page


def test_a_half_filled_or_negative_row_is_refused_and_nothing_saved(client, world, training_a):
    region = world.municipality_a.district.region
    client.force_login(world.coordinator_a)
    for row in (
        {"region": region.pk, "count": "5"},
        {"region": region.pk, "gender": "f", "role": "youth", "count": "-3"},
    ):
        response = client.post(ws("tallies", training_a.pk), tally_rows(row))
        assert response.status_code == 200 and texts(response)
    response = client.post(ws("tallies", training_a.pk), {"tally-TOTAL_FORMS": "x"})
    assert response.status_code == 200
    assert not Tally.objects.exists()


# --- Materials --------------------------------------------------------------------------------


def test_a_material_is_attached_downloaded_in_a_sandbox_and_removed(client, world, held):
    client.force_login(world.coordinator_a)
    response = client.post(
        ws("materials", held.pk), {"title": "Слайддар", "file": SimpleUploadedFile("slides.pdf", pdf_bytes())}
    )
    assert response.status_code == 302
    material = TrainingMaterial.objects.get()
    assert material.content_kind == "pdf"
    client.force_login(world.staff_a)
    download = client.get(ws("material_file", held.pk, material.pk))
    assert download.status_code == 200
    assert download["Content-Security-Policy"] == "sandbox"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert client.post(ws("material_remove", held.pk, material.pk)).status_code == 403
    client.force_login(world.coordinator_a)
    assert client.post(ws("material_remove", held.pk, material.pk)).status_code == 302
    assert not TrainingMaterial.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("fake.pdf", b"%PDF-1.4 broken"),
        ("x.pdf", b""),
    ],
)
def test_a_file_that_is_not_a_material_is_refused_with_a_message(client, world, held, name, content):
    client.force_login(world.coordinator_a)
    response = client.post(
        ws("materials", held.pk), {"title": "Х", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not TrainingMaterial.objects.exists()


@pytest.mark.parametrize("page", ["detail", "participants"])
def test_the_training_pages_query_count_does_not_grow_with_the_participants(client, world, held, page):
    client.force_login(world.coordinator_a)
    address = ws(page, held.pk)

    def count() -> int:
        client.get(address)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
        assert response.status_code == 200
        return len(captured)

    add_participants(held, 8)
    small = count()
    add_participants(held, 490)
    assert count() == small, f"{page}: {small} queries with 10 participants, more with 500"


def test_the_list_query_count_does_not_grow_with_the_trainings(client, world, project_a):
    client.force_login(world.coordinator_a)

    def count() -> int:
        client.get(ws("list"))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(ws("list"))
        assert response.status_code == 200
        return len(captured)

    TrainingFactory.create_batch(3, project=project_a)
    small = count()
    TrainingFactory.create_batch(40, project=project_a)
    assert count() == small
