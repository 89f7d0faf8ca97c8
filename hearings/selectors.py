"""Read queries on hearings that pages share, and the one selector of what the public may see.

Every function here runs a fixed number of queries whatever the number of proposals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from hearings.models import (
    Attendance,
    AttendanceByVillage,
    Hearing,
    PriorityVote,
    Proposal,
    VoteOption,
)
from hearings.workflow import PUBLIC_STATUSES
from municipalities.ordering import alphabetical


def public_hearings() -> QuerySet[Hearing]:
    """Hearings anyone may read: announced, postponed, cancelled, held, closed (never a draft)."""
    return Hearing.objects.filter(status__in=PUBLIC_STATUSES)


def public_proposals(hearing: Hearing) -> QuerySet[Proposal]:
    """A hearing's proposals the public may read: moderated and published. Never the contact;
    the author's name only with consent (Proposal.public_name). Read through the hearing's own
    manager, so each proposal knows its hearing without a query of its own."""
    return (
        hearing.proposals.filter(moderation=Proposal.Moderation.PUBLISHED)
        .defer("contact")
        .select_related("village", "merged_into")
        .order_by("number")
    )


def upcoming_hearings(*, limit: int = 6, now=None) -> list[Hearing]:
    now = now or timezone.now()
    return list(
        public_hearings()
        .filter(status__in=(Hearing.Status.ANNOUNCED, Hearing.Status.POSTPONED), starts_at__gte=now)
        .select_related("municipality__district__region")
        .order_by("starts_at", "pk")[:limit]
    )


def search_public_hearings(
    *, region=None, district=None, kind=None, year=None, when=None
) -> QuerySet[Hearing]:
    hearings = public_hearings().select_related("municipality__district__region")
    if region:
        hearings = hearings.filter(municipality__district__region=region)
    if district:
        hearings = hearings.filter(municipality__district=district)
    if kind:
        hearings = hearings.filter(kind=kind)
    if year:
        hearings = hearings.filter(starts_at__year=year)
    now = timezone.now()
    if when == "upcoming":
        hearings = hearings.filter(starts_at__gte=now).order_by("starts_at", "pk")
    elif when == "past":
        hearings = hearings.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    else:
        hearings = hearings.order_by("-starts_at", "-pk")
    return hearings.annotate(
        proposal_count=Count("proposals", filter=Q(proposals__moderation=Proposal.Moderation.PUBLISHED))
    )


@dataclass
class AttendanceSummary:
    """Who came, the hearing's own count plus its mini-gatherings' (rolled up)."""

    women: int = 0
    men: int = 0
    invited: int | None = None
    groups: dict[str, int] = field(default_factory=dict)
    by_village: list[tuple[object, int, int]] = field(default_factory=list)
    recorded: bool = False
    gatherings: int = 0

    @property
    def total(self) -> int:
        return self.women + self.men

    @property
    def women_share(self) -> int:
        return round(100 * self.women / self.total) if self.total else 0


def attendance_of(hearing: Hearing) -> AttendanceSummary:
    """The attendance of a hearing with its mini-gatherings added (3 queries)."""
    ids = [hearing.pk, *Hearing.objects.filter(final_hearing=hearing).values_list("pk", flat=True)]
    summary = AttendanceSummary(gatherings=len(ids) - 1)
    for attendance in Attendance.objects.filter(hearing_id__in=ids).defer("sign_in_sheet"):
        summary.recorded = summary.recorded or attendance.hearing_id == hearing.pk
        summary.women += attendance.women
        summary.men += attendance.men
        if attendance.invited is not None:
            summary.invited = (summary.invited or 0) + attendance.invited
        for name in Attendance.GROUPS:
            value = getattr(attendance, name)
            if value is not None:
                summary.groups[name] = summary.groups.get(name, 0) + value
    villages: dict[int, list] = {}
    for row in AttendanceByVillage.objects.filter(hearing_id__in=ids).select_related("village"):
        entry = villages.setdefault(row.village_id, [row.village, 0, 0])
        entry[1] += row.women
        entry[2] += row.men
    summary.by_village = sorted((tuple(v) for v in villages.values()), key=lambda v: alphabetical(v[0].name))
    return summary


def votes_of(hearing: Hearing) -> list[PriorityVote]:
    """The priority votes with their options, most votes first, the winner marked (2 queries)."""
    votes = list(
        PriorityVote.objects.filter(hearing=hearing).prefetch_related(
            Prefetch("options", queryset=VoteOption.objects.select_related("priority"))
        )
    )
    for vote in votes:
        vote.option_list = sorted(vote.options.all(), key=lambda o: (-o.total, o.order))
        vote.winner = vote.option_list[0] if vote.option_list and vote.option_list[0].total else None
    return votes


def plan_links(proposals) -> dict:
    """Each proposal's linked part of the plan, with its code in the plan tree (a few queries)."""
    from planning.selectors import plan_tree

    programs = {p.hearing.program_id for p in proposals if p.plan_part and p.hearing.program_id}
    links = {}
    for program_id in programs:
        from planning.models import Program

        tree = plan_tree(Program.objects.get(pk=program_id), activities=True, indicators=True)
        items = {
            Proposal.PlanPart.PRIORITY: {p.pk: p for p in tree.priorities},
            Proposal.PlanPart.GOAL: {g.pk: g for g in tree.goals},
            Proposal.PlanPart.OBJECTIVE: {o.pk: o for o in tree.objectives},
            Proposal.PlanPart.ACTIVITY: {a.pk: a for a in tree.activities},
            Proposal.PlanPart.INDICATOR: {i.pk: i for i in tree.indicators},
        }
        for proposal in proposals:
            if proposal.hearing.program_id == program_id and proposal.plan_part:
                part = items.get(proposal.plan_part, {}).get(proposal.plan_part_id)
                if part is not None:
                    links[proposal.pk] = part
    return links


def proposals_by_plan_part(program) -> dict[tuple[str, int], list[Proposal]]:
    """For a public plan page: the published proposals of public hearings linked to its parts
    ("proposed at the hearing of <date>, proposal No. N"), by (part, id). One query."""
    grouped: dict[tuple[str, int], list[Proposal]] = defaultdict(list)
    rows = (
        Proposal.objects.filter(
            hearing__program=program,
            hearing__status__in=PUBLIC_STATUSES,
            moderation=Proposal.Moderation.PUBLISHED,
        )
        .exclude(plan_part="")
        .select_related("hearing")
        .defer("contact")
        .order_by("hearing__starts_at", "number")
    )
    for proposal in rows:
        grouped[(proposal.plan_part, proposal.plan_part_id)].append(proposal)
    return grouped


def hearings_of_program(program) -> list[Hearing]:
    """The public hearings held on a program (for its page and its PDF)."""
    return list(
        public_hearings()
        .filter(program=program, status__in=(Hearing.Status.HELD, Hearing.Status.CLOSED))
        .order_by("starts_at", "pk")
    )


def votes_for_program(program) -> dict[int, list[VoteOption]]:
    """Options of priority votes of public hearings linked to a program's directions, by direction."""
    grouped: dict[int, list[VoteOption]] = defaultdict(list)
    for option in (
        VoteOption.objects.filter(priority__program=program, vote__hearing__status__in=PUBLIC_STATUSES)
        .select_related("vote__hearing")
        .order_by("vote__hearing__starts_at")
    ):
        grouped[option.priority_id].append(option)
    return grouped


def hearings_of_municipality(municipality_id: int, *, limit: int = 10) -> list[Hearing]:
    return list(
        public_hearings().filter(municipality_id=municipality_id).order_by("-starts_at", "-pk")[:limit]
    )
