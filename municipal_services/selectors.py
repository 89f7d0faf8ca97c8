"""Read queries the pages share, and what the public may see of services, JAPs and initiatives.

Each reads in a fixed number of queries whatever the number of services, actions or initiatives.
What the public sees: every service of a municipality (services have no draft), the JAPs that are
published or reported, and every initiative as `PublicInitiative` (built from the public columns
only: the initiators and their contacts are never read for a public page, feed, API or PDF).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from hearings.workflow import PUBLIC_STATUSES as PUBLIC_HEARING_STATUSES
from municipal_services.models import (
    JapAction,
    JointActionPlan,
    LocalInitiative,
    MunicipalService,
    SatisfactionSurvey,
    Tariff,
)
from municipal_services.workflow import INITIATIVE_PUBLIC, JAP_PUBLIC


def hearing_is_public(hearing) -> bool:
    """May a public page link this hearing (never one being prepared)?"""
    return hearing is not None and hearing.status in PUBLIC_HEARING_STATUSES


# --- Services -------------------------------------------------------------------------------


def municipality_services(municipality_id: int, *, today: date | None = None) -> list[MunicipalService]:
    """A municipality's services, registry ones first, each with `tariffs` (newest first, their
    hearing), `surveys` (newest first), `current_tariff` (in force today) and `latest_survey`.
    Three queries."""
    today = today or timezone.localdate()
    services = list(
        MunicipalService.objects.filter(municipality_id=municipality_id)
        .select_related("base_service")
        .prefetch_related(
            Prefetch("tariffs", queryset=Tariff.objects.select_related("hearing")),
            Prefetch("surveys", queryset=SatisfactionSurvey.objects.all()),
        )
        .order_by("base_service__order", "base_service__code", "order", "id")
    )
    for service in services:
        tariffs = list(service.tariffs.all())
        for tariff in tariffs:
            tariff.hearing_is_public = hearing_is_public(tariff.hearing)
        service.current_tariff = next((t for t in tariffs if t.valid_from <= today), None)
        surveys = list(service.surveys.all())
        service.latest_survey = surveys[0] if surveys else None
    services.sort(key=lambda s: (s.base_service_id is None,))  # the additional list after the registry
    return services


# --- Joint action plans ---------------------------------------------------------------------


def public_japs() -> QuerySet[JointActionPlan]:
    """The joint action plans the public may read (published or reported)."""
    return JointActionPlan.objects.filter(status__in=JAP_PUBLIC).select_related(
        "municipality__district__region", "service__base_service", "hearing"
    )


def japs_of_municipality(municipality_id: int, *, public: bool) -> list[JointActionPlan]:
    """A municipality's JAPs, newest year first (the public ones only when `public`). One query."""
    plans = (
        public_japs()
        if public
        else JointActionPlan.objects.select_related("municipality", "service__base_service", "hearing")
    )
    return list(plans.filter(municipality_id=municipality_id).order_by("-year", "-id"))


def jap_actions(plan: JointActionPlan) -> list[JapAction]:
    """The plan's actions in order, with their funding source. One query."""
    return list(plan.actions.select_related("funding_source").order_by("order", "id"))


@dataclass(frozen=True)
class SourceTotal:
    source: object | None  # a planning.FundingSource, None for actions without one
    amount: Decimal
    actions: int


@dataclass(frozen=True)
class JapTotals:
    by_source: list[SourceTotal]
    total: Decimal
    without_cost: int  # actions with no cost entered


def jap_totals(actions: list[JapAction]) -> JapTotals:
    """The plan's cost by funding source (in the sources' order; "no source" last) and in all,
    from actions already read (no query)."""
    amounts: dict[int | None, Decimal] = defaultdict(Decimal)
    counts: dict[int | None, int] = defaultdict(int)
    sources = {}
    without_cost = 0
    for action in actions:
        key = action.funding_source_id
        sources[key] = action.funding_source
        counts[key] += 1
        if action.cost is None:
            without_cost += 1
        else:
            amounts[key] += action.cost
    keys = sorted(
        sources,
        key=lambda k: (k is None, (sources[k].order, sources[k].code) if k is not None else (0, "")),
    )
    by_source = [SourceTotal(sources[k], amounts[k], counts[k]) for k in keys]
    return JapTotals(
        by_source=by_source, total=sum(amounts.values(), Decimal("0")), without_cost=without_cost
    )


# --- Local initiatives ----------------------------------------------------------------------

PUBLIC_INITIATIVE_FIELDS = (
    "pk",
    "municipality_id",
    "municipality__name_ky",
    "municipality__name_ru",
    "municipality__name_en",
    "village__name_ky",
    "village__name_ru",
    "village__name_en",
    "title",
    "description",
    "group_name",
    "submitted_on",
    "requested_amount",
    "cofinancing_money",
    "cofinancing_labour",
    "cofinancing_materials",
    "cofinancing_note",
    "funded_amount",
    "stage",
    "not_eligible_reason",
    "jmeg",
    "result",
    "updated_at",
)


@dataclass(frozen=True)
class PublicInitiative:
    """What the public may know of a local initiative: never its initiators or their contacts."""

    pk: int
    municipality_id: int
    municipality_name: str
    village_name: str
    title: str
    description: str
    group_name: str
    submitted_on: date
    requested_amount: Decimal
    cofinancing_money: Decimal
    cofinancing_labour: Decimal
    cofinancing_materials: Decimal
    cofinancing_note: str
    funded_amount: Decimal | None
    stage: str
    not_eligible_reason: str
    jmeg: str
    result: str
    updated_at: object

    @property
    def cofinancing_total(self) -> Decimal:
        return self.cofinancing_money + self.cofinancing_labour + self.cofinancing_materials

    def get_stage_display(self) -> str:
        return str(LocalInitiative.Stage(self.stage).label)


def _named(row: dict, prefix: str) -> str:
    from django.utils.translation import get_language

    language = (get_language() or "ky")[:2]
    own = row.get(f"{prefix}__name_{language}") or ""
    return own or next(
        (row[f"{prefix}__name_{c}"] for c in ("ky", "ru", "en") if row[f"{prefix}__name_{c}"]), ""
    )


def public_initiatives(
    *,
    municipality_id: int | None = None,
    municipality_ids=None,
    stage: str | None = None,
    pk: int | None = None,
) -> list[PublicInitiative]:
    """Local initiatives as the public may see them, newest first. One query."""
    rows = LocalInitiative.objects.filter(stage__in=INITIATIVE_PUBLIC)
    if municipality_id is not None:
        rows = rows.filter(municipality_id=municipality_id)
    if municipality_ids is not None:
        rows = rows.filter(municipality_id__in=municipality_ids)
    if stage:
        rows = rows.filter(stage=stage)
    if pk is not None:
        rows = rows.filter(pk=pk)
    result = []
    for row in rows.order_by("-submitted_on", "-id").values(*PUBLIC_INITIATIVE_FIELDS):
        result.append(
            PublicInitiative(
                pk=row["pk"],
                municipality_id=row["municipality_id"],
                municipality_name=_named(row, "municipality"),
                village_name=_named(row, "village") if row["village__name_ky"] is not None else "",
                **{
                    k: row[k]
                    for k in PUBLIC_INITIATIVE_FIELDS
                    if "__" not in k and k not in ("pk", "municipality_id")
                },
            )
        )
    return result
