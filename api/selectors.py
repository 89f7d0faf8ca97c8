"""Read queries of the open data API. Programs always start from `planning.selectors.public_programs`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from hearings.models import Hearing, Proposal
from hearings.selectors import public_hearings
from monitoring.models import MonitoringReport
from monitoring.selectors import Implementation, public_reports, published_implementations
from municipalities.models import District, Municipality, Region, Village
from municipalities.ordering import by_name
from planning.finance import FinancialModel, financial_model
from planning.models import Activity, FundingLine, Program, WorkingGroupMember
from planning.selectors import PlanTree, plan_tree, public_programs

TOTAL_FIELD = DecimalField(max_digits=16, decimal_places=2)


def regions() -> QuerySet[Region]:
    return Region.objects.order_by("kind", by_name("name_ky"), "id")


def districts() -> QuerySet[District]:
    return District.objects.order_by("region_id", "-kind", by_name("name_ky"), "id")


def municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("district__region").order_by(by_name("name_ky"), "id")


def municipality_details() -> QuerySet[Municipality]:
    """Municipalities with their villages and public programs (3 queries for one)."""
    return municipalities().prefetch_related(
        Prefetch("villages", queryset=Village.objects.order_by("-is_centre", by_name("name_ky"), "id")),
        Prefetch(
            "programs",
            queryset=public_programs().order_by("-start_year", "-id"),
            to_attr="public_program_list",
        ),
    )


def _per_program(queryset: QuerySet, program_path: str, aggregate) -> Subquery:
    """One aggregate over the rows of `queryset` that belong to the outer program."""
    rows = (
        queryset.filter(**{program_path: OuterRef("pk")})
        .order_by()
        .values(program_path)
        .annotate(result=aggregate)
        .values("result")
    )
    return Subquery(rows)


def program_list() -> QuerySet[Program]:
    """Public programs, newest first, with their total cost and number of activities (one query)."""
    return (
        public_programs()
        .select_related("municipality__district__region")
        .annotate(
            total_cost=Coalesce(
                _per_program(
                    FundingLine.objects.all(), "activity__objective__goal__priority__program", Sum("amount")
                ),
                Value(Decimal("0")),
                output_field=TOTAL_FIELD,
            ),
            activity_count=Coalesce(
                _per_program(Activity.objects.all(), "objective__goal__priority__program", Count("id")),
                Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by(F("published_at").desc(nulls_last=True), "-start_year", "-id")
    )


@dataclass
class ProgramDetail:
    """What the detail of a program shows, read in a fixed number of queries."""

    tree: PlanTree
    finance: FinancialModel
    members: list[WorkingGroupMember]


def program_detail(program: Program) -> ProgramDetail:
    """The whole structure of a public program: plan tree (7 queries), financial model (8 queries)
    and working group members (1 query), whatever the size of the plan."""
    tree = plan_tree(program, activities=True, indicators=True)
    members = list(
        WorkingGroupMember.objects.filter(working_group__program=program)
        .select_related("village")
        .order_by("order", "id")
    )
    return ProgramDetail(tree=tree, finance=financial_model(program), members=members)


# --- Hearings -------------------------------------------------------------------------------


def hearing_list() -> QuerySet[Hearing]:
    """Public hearings, the latest first, with their number of published proposals (one query)."""
    return (
        public_hearings()
        .select_related("municipality__district__region", "program", "final_hearing")
        .annotate(
            proposal_count=Count("proposals", filter=Q(proposals__moderation=Proposal.Moderation.PUBLISHED))
        )
        .order_by("-starts_at", "-pk")
    )


def hearing_details() -> QuerySet[Hearing]:
    """Public hearings, as one hearing's detail starts from (hearings.public.content reads the rest)."""
    return public_hearings().select_related(
        "municipality__district__region", "program", "final_hearing", "monitoring_report__program"
    )


# --- Monitoring: the published yearly reports of a public program ------------------------------


def program_monitoring(program: Program) -> list[Implementation]:
    """The program's published monitoring reports, each computed against the frozen plan, oldest
    year first (monitoring.selectors.published_implementations: the reports (1), the plan's tree
    once (6), then the progress, spending and actual values of all the reports at once (3)). Only
    `monitoring.selectors.public_reports()`: a draft, submitted or accepted report never appears,
    nor any comment."""
    return published_implementations(program)


def published_report(program_id: int, year: int) -> MonitoringReport | None:
    """A public program's published report of the year (the open data's CSV and XLSX), or None."""
    return (
        public_reports()
        .select_related("program__municipality")
        .filter(program_id=program_id, program__in=public_programs(), year=year)
        .first()
    )
