"""Data for the open data API tests: public programs of A and B, and A's programs in every
state that is not public. Recognisable personal data (phones, e-mails) is planted everywhere the
API must never show it."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from rest_framework.throttling import AnonRateThrottle

from planning.demo.sample import build_program
from planning.models import (
    Notification,
    Program,
    ReviewComment,
    WorkingGroupMember,
)
from tests.factories import VillageFactory
from tests.hearings.public_data import Hearings, build

NON_PUBLIC_STATUSES = ["draft", "submitted", "changes_requested", "endorsed", "approved"]

# What must never appear in any answer of the API.
MEMBER_PHONE = "+996 770 31 41 59"
MEMBER_PHONE_DIGITS = "770314159"
SECRET_COMMENT = "SECRET-REVIEW-COMMENT-7c1f"
SECRET_NOTIFICATION = "SECRET-NOTIFICATION-3b2e"
# The aiyl okmotu's own contacts: public on purpose.
OFFICE_PHONE = "+996 3133 5 12 34"
OFFICE_EMAIL = "kok-jar.ao@gov.kg"


@dataclass
class OpenData:
    world: object
    published_a: Program
    superseded_b: Program
    hidden: dict[str, Program]
    hearings: Hearings

    @property
    def public(self) -> list[Program]:
        return [self.published_a, self.superseded_b]

    @property
    def secrets(self) -> list[str]:
        """Strings no API answer may contain: members' phones, people's e-mails, comments."""
        emails = [
            user.email
            for user in (self.world.staff_a, self.world.staff_b, self.world.head_a, self.world.admin)
            if user.email
        ]
        return [
            MEMBER_PHONE,
            MEMBER_PHONE_DIGITS,
            SECRET_COMMENT,
            SECRET_NOTIFICATION,
            *emails,
            *self.hearings.secrets,
        ]


def publish(program: Program, *, status: str = "published", year: int = 2025) -> Program:
    Program.objects.filter(pk=program.pk).update(
        status=status,
        published_at=datetime(year, 3, 1, 9, 0, tzinfo=UTC),
        council_decision_number=f"{year % 100}-7",
        council_decision_date=date(year, 2, 20),
    )
    program.refresh_from_db()
    return program


def plant_personal_data(program: Program, world) -> None:
    """Phones of members, a review comment and a notification: all private."""
    WorkingGroupMember.objects.filter(working_group__program=program).update(phone=MEMBER_PHONE)
    ReviewComment.objects.create(program=program, author=world.staff_a, text=SECRET_COMMENT)
    Notification.objects.create(
        recipient=world.head_a,
        program=program,
        kind="submitted",
        actor=world.staff_a,
        comment=SECRET_NOTIFICATION,
    )


@pytest.fixture
def open_data(world, reference) -> OpenData:
    """A: a published plan 2025–2029 (12 activities: every sector but local finances, every
    source), and one plan in each non-public state. B: a superseded plan 2020–2024 (3 activities:
    population, economy, agriculture; local, republican, municipal enterprises, extra-budgetary).
    A's hearings (tests/hearings/public_data.py): an announced one, a closed one on the published
    plan with its mini-gatherings, a draft, and private data planted in them."""
    a, b = world.municipality_a, world.municipality_b
    a.address, a.phone, a.email, a.website = (
        "Көк-Жар айылы, Ленин көч. 1",
        OFFICE_PHONE,
        OFFICE_EMAIL,
        "https://kok-jar.kg",
    )
    a.save()
    VillageFactory(municipality=a, name_ky="Көк-Жар", name_ru="Кок-Жар", is_centre=True, population=4100)
    VillageFactory(municipality=a, name_ky="Ак-Суу", population=1900)

    published_a = publish(build_program(municipality=a, activities=12, start_year=2025, years=5))
    superseded_b = publish(
        build_program(municipality=b, activities=3, start_year=2020, years=5), status="superseded", year=2020
    )
    hidden = {}
    for status in NON_PUBLIC_STATUSES:
        program = build_program(
            municipality=a, activities=2, start_year=2026, years=5, title=f"Жашыруун программа {status}"
        )
        Program.objects.filter(pk=program.pk).update(status=status)
        program.refresh_from_db()
        hidden[status] = program
    for program in [published_a, superseded_b, *hidden.values()]:
        plant_personal_data(program, world)
    hearings = build(world, program=published_a)
    return OpenData(
        world=world, published_a=published_a, superseded_b=superseded_b, hidden=hidden, hearings=hearings
    )


@pytest.fixture
def no_throttle(monkeypatch):
    """Many requests in one test (the schemathesis run) without meeting the 120/minute limit."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None})
