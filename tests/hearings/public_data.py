"""Hearings as the public sees them, for the tests of the public pages, the feed and the API:
an announced hearing with its consultation open, a closed one with everything the public may read
(attendance by village with two mini-gatherings, a priority vote, answered proposals traced into
a published plan) and, planted everywhere, what the public must never read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from hearings.models import (
    Attendance,
    AttendanceByVillage,
    Hearing,
    PriorityVote,
    Proposal,
    VoteOption,
)
from planning.demo.sample import build_program
from planning.models import Activity, Indicator, Program
from tests.factories import HearingFactory, ProposalFactory, VillageFactory

S = Hearing.Status

# What no public page, feed, sitemap or API answer may ever contain.
CONTACT = "+996 700 12 34 56"
CONTACT_DIGITS = "700123456"
SECRET_NAME = "Жашыруун-Аты Сыргакович"  # an author who did not consent to show their name
CONSENTED_NAME = "Айгүл Маматова"  # an author who did (the pages show it; the API never)
PENDING_TEXT = "КҮТҮҮДӨГҮ-СУНУШ-9f3a waiting for moderation"
HIDDEN_TEXT = "ЖАШЫРЫЛГАН-СУНУШ-4b7c hidden as spam"
DRAFT_TITLE = "ДАЯРДАЛУУДАГЫ-УГУУ-1d2e"
DRAFT_GATHERING_TITLE = "ДАЯРДАЛУУДАГЫ-ЖЫЙЫН-8a8a"
SIGN_IN_FILE = "sign-in-secret-5e6f.pdf"


@dataclass
class Hearings:
    announced: Hearing
    closed: Hearing
    draft: Hearing
    program: Program
    villages: list
    gatherings: list[Hearing] = field(default_factory=list)
    draft_gathering: Hearing | None = None

    @property
    def secrets(self) -> list[str]:
        return [CONTACT, CONTACT_DIGITS, SECRET_NAME, PENDING_TEXT, HIDDEN_TEXT, DRAFT_TITLE, DRAFT_GATHERING_TITLE,
                SIGN_IN_FILE, f"/hearings/{self.draft.pk}/", f"/hearings/{self.draft_gathering.pk}/"]  # fmt: skip


def publish(program: Program) -> Program:
    Program.objects.filter(pk=program.pk).update(status=Program.Status.PUBLISHED, published_at=timezone.now())
    program.refresh_from_db()
    return program


def announced_hearing(municipality, **fields) -> Hearing:
    """Announced, two weeks ahead, its consultation open for ten more days."""
    now = timezone.now()
    defaults = {
        "status": S.ANNOUNCED,
        "starts_at": now + timedelta(days=14),
        "proposals_open_from": now - timedelta(days=1),
        "proposals_open_until": now + timedelta(days=10),
        "notice_posted_on": timezone.localdate() - timedelta(days=1),
        "channels": ["poster", "messengers"],
        "agenda": "Бюджеттин долбоору\n- Суроолор жана сунуштар",
    }
    return HearingFactory(municipality=municipality, **{**defaults, **fields})


def plant_private(hearing: Hearing, *, start: int = 100) -> None:
    """Proposals the public must not read, and names and contacts it must not see."""
    ProposalFactory(hearing=hearing, number=start, moderation="pending", text=PENDING_TEXT, source="online",
                    contact=CONTACT, author_name=SECRET_NAME)  # fmt: skip
    ProposalFactory(hearing=hearing, number=start + 1, moderation="hidden", hidden_reason="spam",
                    text=HIDDEN_TEXT, contact=CONTACT)  # fmt: skip
    ProposalFactory(hearing=hearing, number=start + 2, text="Мектепке жол салуу керек.", source="online",
                    author_name=SECRET_NAME, name_may_be_published=False, contact=CONTACT, gender="f",
                    age_group="29_59")  # fmt: skip
    ProposalFactory(hearing=hearing, number=start + 3, text="Бала бакча ачуу керек.", source="online",
                    author_name=CONSENTED_NAME, name_may_be_published=True, contact=CONTACT)  # fmt: skip


def build(world, *, program: Program | None = None) -> Hearings:
    """A's announced budget hearing, a closed SEDP hearing on A's published program (made here
    unless given) with two held mini-gatherings and one entered from paper but never announced
    (a draft), and a draft hearing."""
    a = world.municipality_a
    villages = list(a.villages.order_by("pk")[:2])
    if len(villages) < 2:
        villages = [
            VillageFactory(municipality=a, name_ky="Көк-Жар", name_ru="Кок-Жар", is_centre=True),
            VillageFactory(municipality=a, name_ky="Ак-Суу", name_ru="Ак-Суу"),
        ]
    program = program or publish(build_program(municipality=a, activities=6, start_year=2025, years=3))
    now = timezone.now()

    announced = announced_hearing(a, title="2027-жылдын бюджетинин долбоору боюнча угуу")
    announced.villages.set(villages)
    ProposalFactory(hearing=announced, number=1, text="Көчө жарыктарын орнотуу.")
    plant_private(announced)

    closed = HearingFactory(municipality=a, kind=Hearing.Kind.SEDP_DRAFT, program=program, budget_year=None,
                            status=S.CLOSED, title="СЭӨПтүн долбоору боюнча угуу", starts_at=now - timedelta(days=40),
                            minutes="Талкууланды: суу, жолдор, мектептер.", chair="Асанов А.", secretary="Исакова Б.",
                            council_decision_number="19", council_decision_date=timezone.localdate())  # fmt: skip
    closed.villages.set(villages)
    Attendance.objects.create(hearing=closed, women=40, men=35, invited=120, youth=12, deputies=5,
                              sign_in_sheet=f"hearings/{closed.pk}/sign-in/{SIGN_IN_FILE}")  # fmt: skip
    AttendanceByVillage.objects.create(hearing=closed, village=villages[0], women=30, men=20)
    gatherings = []
    for index, village in enumerate(villages):
        gathering = HearingFactory(municipality=a, kind=Hearing.Kind.SEDP_DRAFT, program=program,
                                   format=Hearing.Format.MINI_GATHERING, final_hearing=closed, status=S.HELD,
                                   title=f"Мини-жыйын {village.name_ky}",
                                   starts_at=now - timedelta(days=50 - index))  # fmt: skip
        gathering.villages.set([village])
        Attendance.objects.create(hearing=gathering, women=10 + index, men=8)
        AttendanceByVillage.objects.create(hearing=gathering, village=village, women=10 + index, men=8)
        gatherings.append(gathering)
    draft_gathering = HearingFactory(municipality=a, kind=Hearing.Kind.SEDP_DRAFT, program=program,
                                     format=Hearing.Format.MINI_GATHERING, final_hearing=closed, status=S.DRAFT,
                                     title=DRAFT_GATHERING_TITLE, starts_at=now - timedelta(days=45))  # fmt: skip
    # Entered from paper, never announced: counted into the final hearing, without a page of its own.
    Attendance.objects.create(hearing=draft_gathering, women=7, men=5)

    activity = Activity.objects.filter(objective__goal__priority__program=program).order_by("pk").first()
    indicator = Indicator.objects.filter(objective__goal__priority__program=program).order_by("pk").first()
    priority = program.priorities.order_by("order", "id").first()
    ProposalFactory(hearing=closed, number=1, text="Ичүүчү суу түтүгүн жаңылоо.", disposition="accepted",
                    answer="Иш-чаралар планына киргизилди.", plan_part="activity", plan_part_id=activity.pk)  # fmt: skip
    first = Proposal.objects.get(hearing=closed, number=1)
    ProposalFactory(hearing=closed, number=2, text="Стадион куруу.", disposition="rejected",
                    answer="Каражат жок: 2028-жылы кайра каралат.")  # fmt: skip
    ProposalFactory(
        hearing=closed, number=3, text="Суу түтүгү боюнча дагы.", disposition="merged", merged_into=first
    )
    ProposalFactory(hearing=closed, number=4, text="Райондук жолду оңдоо.", disposition="outside_competence",
                    referred_to="Ноокат райондук администрациясы")  # fmt: skip
    ProposalFactory(hearing=closed, number=5, text="Көрсөткүч боюнча.", disposition="partly_accepted",
                    answer="Жарым-жартылай.", plan_part="indicator", plan_part_id=indicator.pk)  # fmt: skip
    plant_private(closed)
    Proposal.objects.filter(hearing=closed, moderation="published", disposition="").update(
        disposition="accepted", answer="Кабыл алынды."
    )
    vote = PriorityVote.objects.create(
        hearing=closed, tool="problem_gallery", question="Эмне биринчи кезекте?"
    )
    VoteOption.objects.create(vote=vote, label="Мектепке чейинки билим берүү", votes_women=30, votes_men=12,
                              priority=priority, order=1)  # fmt: skip
    VoteOption.objects.create(vote=vote, label="Сугат суусу", votes_women=8, votes_men=20, order=2)

    draft = HearingFactory(municipality=a, title=DRAFT_TITLE, status=S.DRAFT)
    ProposalFactory(hearing=draft, number=1, text="Даярдалуудагы угуунун сунушу.")
    return Hearings(announced=announced, closed=closed, draft=draft, program=program, villages=villages,
                    gatherings=gatherings, draft_gathering=draft_gathering)  # fmt: skip
