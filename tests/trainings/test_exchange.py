"""Excel of a training: the exports keep formula-looking text as text, the template reads back,
the import registers every participant or none (each bad row with its number, column and
reason), reports duplicates, stores formulas as plain text, and refuses what is not a workbook."""

import dataclasses
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tests.factories import ParticipationFactory, PersonFactory
from trainings.access import training_access
from trainings.models import Attendance, Participation, Person
from trainings.reports import cells
from trainings.reports.exchange import (
    export_attendance,
    export_participants,
    import_participants,
    participants_template,
)

pytestmark = pytest.mark.django_db

HEADER = ["Full name", "Gender", "Position", "Role", "Municipality", "Phone", "E-mail"]
FORMULA = '=HYPERLINK("http://evil.example","click")'


def _xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(data: bytes, name="participants.xlsx"):
    return SimpleUploadedFile(name, data)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def managed(world, training_a):
    training_a.access = training_access(world.coordinator_a, training_a)
    return training_a


def _cells_with(book, text):
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value == text]


def test_every_export_keeps_formula_text_as_text(world, managed):
    person = PersonFactory(full_name=FORMULA, position="+996 (555)", municipality=world.municipality_a)
    participation = ParticipationFactory(training=managed, person=person)
    Attendance.objects.create(participation=participation, session=managed.sessions.first())
    for content in (export_participants(managed), export_attendance(managed)):
        book = load_workbook(BytesIO(content))
        found = _cells_with(book, FORMULA)
        assert found, "the name is in the file"
        assert all(c.data_type == "s" and c.quotePrefix for c in found)
    book = load_workbook(BytesIO(export_participants(managed)))
    assert _cells_with(book, "+996 (555)")[0].quotePrefix
    assert _cells_with(book, person.phone) and _cells_with(book, person.email)  # the managers' list


def test_the_attendance_grid_ticks_what_was_attended(world, managed):
    _first, second = managed.sessions.all()
    participation = ParticipationFactory(training=managed, person__municipality=world.municipality_a)
    Attendance.objects.create(participation=participation, session=second)
    rows = list(load_workbook(BytesIO(export_attendance(managed))).active.iter_rows(values_only=True))
    assert rows[2][2:] == (None, "✓", 1)


def test_the_template_reads_back_as_an_import(world, managed):
    book = load_workbook(BytesIO(participants_template(managed)))
    header = [c.value for c in book.worksheets[0][1]]
    values = book.worksheets[1]
    municipality = next(c.value for c in values["C"] if c.value and c.value.startswith("Kök-Jar"))
    data = _xlsx(
        [["Асанова Айгүл", values["A"][1].value, "адис", values["B"][2].value, municipality, "", ""]], header
    )
    result = import_participants(training=managed, user=world.coordinator_a, file=_upload(data))
    assert result.ok, result.errors
    person = Participation.objects.get(training=managed).person
    assert (person.municipality, person.gender) == (world.municipality_a, "f")


def test_a_wrong_row_registers_nobody_and_every_reason_is_given(world, managed):
    data = _xlsx(
        [
            ["Асанова Айгүл", "woman", "адис", "aiyl okmotu specialist", "Көк-Жар айыл аймагы", "", ""],
            ["", "man", "", "other", "", "", ""],
            ["Бакыт Осмонов", "robot", "", "king", "Nowhere", "", "not-an-email"],
        ]
    )
    result = import_participants(training=managed, user=world.coordinator_a, file=_upload(data))
    assert not result.ok
    assert Participation.objects.filter(training=managed).count() == 0
    assert Person.objects.filter(full_name="Асанова Айгүл").count() == 0
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "Full name"),
        (4, "Gender"),
        (4, "Role"),
        (4, "Municipality"),
        (4, "E-mail"),
    }
    assert "robot" in next(e.message for e in result.errors if e.column == "Gender")


def test_the_reasons_are_in_the_users_language(world, managed):
    data = _xlsx([["Бакыт Осмонов", "robot", "", "other", "", "", ""]])
    with translation.override("ru"):
        result = import_participants(training=managed, user=world.coordinator_a, file=_upload(data))
        gender_ru = str(__import__("trainings.reports.exchange", fromlist=["COLUMNS"]).COLUMNS[1][1])
    assert result.errors[0].column == gender_ru and result.errors[0].column != "Gender"
    assert "robot" in result.errors[0].message and "is not a gender" not in result.errors[0].message


def test_duplicates_are_reported(world, managed):
    known = PersonFactory(full_name="Айгүл Асанова", municipality=world.municipality_a)
    ParticipationFactory(
        training=managed, person=PersonFactory(full_name="Эрмек Токтогулов", municipality=None)
    )
    twice = _xlsx(
        [
            ["Бакыт Осмонов", "man", "", "other", "", "", ""],
            ["Осмонов Бакыт", "man", "", "other", "", "", ""],
        ]
    )
    result = import_participants(training=managed, user=world.coordinator_a, file=_upload(twice))
    assert [(e.row, e.column) for e in result.errors] == [(3, "Full name")] and "2" in result.errors[
        0
    ].message
    data = _xlsx(
        [
            ["Асанова Айгүл", "woman", "", "other", "Көк-Жар айыл аймагы", "", ""],  # known: reused
            ["Эрмек Токтогулов", "man", "", "other", "", "", ""],  # already registered
            ["Бакыт Осмонов", "man", "", "other", "", "", ""],
        ]
    )
    result = import_participants(training=managed, user=world.coordinator_a, file=_upload(data))
    assert result.ok and result.registered == 2
    assert result.known_people and "Айгүл Асанова" in result.known_people[0]
    assert result.already_registered and "Эрмек" in result.already_registered[0]
    assert Person.objects.filter(name_key=known.name_key).count() == 1
    assert Participation.objects.filter(training=managed).count() == 3


def test_formula_looking_text_is_stored_as_plain_text(world, managed):
    data = _xlsx([[FORMULA, "woman", "=1+1", "other", "", "@SUM(A1)", ""]])
    result = import_participants(training=managed, user=world.coordinator_a, file=_upload(data))
    assert result.ok, result.errors
    person = Participation.objects.get(training=managed).person
    assert (person.full_name, person.position, person.phone) == (FORMULA, "=1+1", "@SUM(A1)")
    book = load_workbook(BytesIO(export_participants(managed)))
    assert all(c.data_type == "s" and c.quotePrefix for c in _cells_with(book, "=1+1"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"%PDF-1.4 not a workbook", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".xls"),
        (b"PK\x03\x04garbage", "not an Excel workbook"),
    ],
)
def test_what_is_not_a_workbook_is_refused_with_a_reason(world, managed, content, expected):
    with translation.override("en"):
        result = import_participants(training=managed, user=world.coordinator_a, file=_upload(content))
    assert not result.ok and expected in result.errors[0].message and result.errors[0].row is None


def test_a_workbook_bomb_is_refused_before_openpyxl_reads_it(world, managed, monkeypatch):
    data = _xlsx([["Бакыт Осмонов", "man", "", "other", "", "", ""]])
    monkeypatch.setattr(cells, "BUDGET", dataclasses.replace(cells.BUDGET, rows=1))
    with translation.override("en"):
        result = import_participants(training=managed, user=world.coordinator_a, file=_upload(data))
    assert not result.ok and "far more than a list" in result.errors[0].message


def test_a_zip_with_a_doctype_is_refused(world, managed):
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(_xlsx([]))) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "xl/workbook.xml":
                body = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + body
            target.writestr(item, body)
    with pytest.raises(cells.Refused):
        cells.check_workbook(out.getvalue())


def test_the_import_page_shows_every_reason_and_keeps_nothing(client, world, training_a):
    client.force_login(world.coordinator_a)
    url = reverse("trainings_ws:participants_import", args=[training_a.pk])
    assert client.get(url).status_code == 200
    data = _xlsx([["Бакыт Осмонов", "robot", "", "other", "", "", ""]])
    response = client.post(url, {"file": _upload(data)})
    assert response.status_code == 200
    assert "robot" in response.content.decode()
    assert not Participation.objects.filter(training=training_a).exists()
    response = client.post(url, {"file": _upload(b"not a workbook", name="x.xlsx")})
    assert response.status_code == 200
    response = client.post(url, {})
    assert response.status_code == 200  # "choose a file", never a 500


def test_the_import_page_is_reached_from_the_participants_page_and_leads_back(client, world, training_a):
    """The import was reachable only by typing its address: the participants page links to it
    for the managers (not for readers), and its breadcrumbs lead back to the training."""
    participants = reverse("trainings_ws:participants", args=[training_a.pk])
    import_url = reverse("trainings_ws:participants_import", args=[training_a.pk])
    ParticipationFactory(training=training_a, person__municipality=world.municipality_a)
    client.force_login(world.coordinator_a)
    assert f'href="{import_url}"' in client.get(participants).content.decode()
    assert f'href="{participants}"' in client.get(import_url).content.decode()
    client.force_login(world.staff_a)
    response = client.get(participants)
    assert response.status_code == 200 and f'href="{import_url}"' not in response.content.decode()


def test_exports_are_refused_to_readers(client, world, training_a):
    ParticipationFactory(training=training_a, person__municipality=world.municipality_a)
    client.force_login(world.staff_a)
    for name in ("participants_export", "attendance_export", "participants_template", "participants_import"):
        assert client.get(reverse(f"trainings_ws:{name}", args=[training_a.pk])).status_code == 403
    client.force_login(world.coordinator_a)
    response = client.get(reverse("trainings_ws:participants_export", args=[training_a.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
