"""What the public sees of one hearing, read once for its page and for the open-data API.

Public content only: the hearing must come from `hearings.selectors.public_hearings()`; its
proposals from `public_proposals()` (published, never the contact; the author's name only with
consent, and the API gives no names at all). The attendance, the votes and the minutes are shown
once the hearing is held. A final hearing's mini-gatherings are all counted and listed by village,
date and counts (they are part of its record: one held in a village and entered afterwards may never
have been announced), but only a public one has its own page, title and state.

A fixed number of queries whatever the number of proposals: the hearing's villages (1), its
materials (1), its public mini-gatherings with their villages and counts (2); once held, the
attendance (3), the votes (2); the proposals (1); and, when the hearing's program is public and
a proposal or a vote is traced into it, the program's structure (8 for proposals, 1 for votes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse

from hearings.models import Attendance, Hearing, HearingMaterial, Proposal
from hearings.selectors import AttendanceSummary, attendance_of, plan_links, public_proposals, votes_of
from monitoring.selectors import report_is_public
from municipalities.models import Village
from municipalities.ordering import by_name
from planning.selectors import PUBLIC_STATUSES as PUBLIC_PROGRAM_STATUSES

S = Hearing.Status
# From when residents may read what happened: who came, how they voted, the minutes.
RESULTS_STATUSES = frozenset({S.HELD, S.CLOSED})
# Where each kind of part has its anchor on the public plan page (templates/planning/partials/).
ANCHORS = {
    Proposal.PlanPart.PRIORITY: lambda part: f"part-priority-{part.code}",
    Proposal.PlanPart.GOAL: lambda part: f"part-goal-{part.pk}",
    Proposal.PlanPart.OBJECTIVE: lambda part: f"part-objective-{part.code}",
    Proposal.PlanPart.ACTIVITY: lambda part: f"part-activity-{part.pk}",
    Proposal.PlanPart.INDICATOR: lambda part: f"part-indicator-{part.pk}",
}
PART_LABELS = dict(Proposal.PlanPart.choices)


@dataclass(frozen=True)
class PlanLink:
    """The part of the plan a proposal (or a vote's option) was traced into.

    While the program is not public (an SEDP draft under discussion), only the kind of part is
    said: its code and title may still change, and the draft itself is not public."""

    part: str
    part_id: int | None
    program_id: int | None = None
    code: str = ""
    title: str = ""
    url: str = ""

    @property
    def label(self) -> str:
        return str(PART_LABELS.get(self.part, self.part))


@dataclass
class HearingHead:
    """What the page shows above the results: light, read on every visit."""

    hearing: Hearing
    villages: list[Village]
    materials: list[HearingMaterial]  # each with `url`
    gatherings: list[Hearing]  # mini-gatherings, each with `public`, `village_list` and `counts`
    final_hearing: Hearing | None  # the public final hearing a mini-gathering rolls up into
    channels: list[str]  # how residents were informed, in words
    program_public: bool
    report_public: bool = False  # the monitoring report it presents is published: linked


@dataclass
class HearingResults:
    """What residents read once the hearing is held, and the published proposals (from the
    announcement on): the heavy part, cached per publication generation on the page."""

    shown: bool  # held or closed: attendance, votes and minutes are shown
    attendance: AttendanceSummary | None = None
    groups: list[tuple[str, int]] = field(default_factory=list)  # (label, count) of the groups counted
    votes: list = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)  # each with `plan_link` (or None)

    @property
    def answered(self) -> int:
        return sum(1 for p in self.proposals if p.disposition)


def program_is_public(hearing: Hearing) -> bool:
    return hearing.program_id is not None and hearing.program.status in PUBLIC_PROGRAM_STATUSES


def hearing_head(hearing: Hearing) -> HearingHead:
    """The hearing's villages, materials, mini-gatherings and final hearing (4 queries).
    `hearing` is public and comes with its municipality, program and final hearing."""
    from hearings.public.links import material_url

    final = hearing.final_hearing if hearing.final_hearing_id else None
    materials = list(hearing.materials.order_by("uploaded_at", "pk"))
    for material in materials:
        material.url = material_url(material)
    labels = dict(Hearing.Channel.choices)
    return HearingHead(
        hearing=hearing,
        villages=list(hearing.villages.order_by(by_name(), "pk")),
        materials=materials,
        gatherings=_gatherings(hearing),
        final_hearing=final if final is not None and final.status != S.DRAFT else None,
        channels=[str(labels[c]) for c in hearing.channels or () if c in labels],
        program_public=program_is_public(hearing),
        report_public=report_is_public(hearing.monitoring_report if hearing.monitoring_report_id else None),
    )


def hearing_results(hearing: Hearing) -> HearingResults:
    """Attendance and votes (once held) and the published proposals, each traced into the plan."""
    results = HearingResults(shown=hearing.status in RESULTS_STATUSES)
    if results.shown:
        results.attendance = attendance_of(hearing)
        results.groups = [
            (str(Attendance._meta.get_field(name).verbose_name), results.attendance.groups[name])
            for name in Attendance.GROUPS
            if name in results.attendance.groups
        ]
        results.votes = votes_of(hearing)
    results.proposals = list(public_proposals(hearing))
    _trace(hearing, results)
    return results


def _gatherings(hearing: Hearing) -> list[Hearing]:
    """The hearing's mini-gatherings in date order, each with its villages and counts."""
    gatherings = list(
        Hearing.objects.filter(final_hearing=hearing)
        .select_related("attendance")
        .prefetch_related(Prefetch("villages", queryset=Village.objects.order_by(by_name(), "pk")))
        .order_by("starts_at", "pk")
    )
    for gathering in gatherings:
        gathering.public = gathering.status != S.DRAFT
        gathering.village_list = list(gathering.villages.all())
        counts = getattr(gathering, "attendance", None)
        gathering.counts = (counts.women, counts.men) if counts is not None else None
    return gatherings


def _trace(hearing: Hearing, results: HearingResults) -> None:
    """Each proposal's `plan_link`, and each vote option's `plan_link` to its direction."""
    options = [option for vote in results.votes for option in vote.option_list]
    for option in options:
        option.plan_link = None
    if not program_is_public(hearing):
        for proposal in results.proposals:
            proposal.plan_link = PlanLink(proposal.plan_part, None) if proposal.plan_part else None
        return
    program_url = reverse("plans:detail", args=[hearing.program_id])
    linked = [p for p in results.proposals if p.plan_part]
    parts = plan_links(linked) if linked else {}
    for proposal in results.proposals:
        part = parts.get(proposal.pk)
        proposal.plan_link = (
            _link(proposal.plan_part, part, hearing.program_id, program_url) if part else None
        )
    if any(option.priority_id for option in options):
        priorities = hearing.program.priorities.order_by("order", "id").values_list("pk", flat=True)
        codes = {pk: str(index) for index, pk in enumerate(priorities, start=1)}
        for option in options:
            if option.priority_id in codes:
                option.priority.code = codes[option.priority_id]
                option.plan_link = _link(
                    Proposal.PlanPart.PRIORITY, option.priority, hearing.program_id, program_url
                )


def _link(kind: str, part, program_id: int, program_url: str) -> PlanLink:
    title = getattr(part, "title", None) or getattr(part, "name", "")
    return PlanLink(kind, part.pk, program_id, part.code, title, f"{program_url}#{ANCHORS[kind](part)}")
