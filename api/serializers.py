"""What the open data API answers. Read-only; every field a public page also shows, nothing more.

Never here: working group members' phone numbers, users, e-mails of people, review comments,
notifications, edit locks, history. Names come in the three languages (name_ky, name_ru,
name_en); the content of a plan is as the municipality wrote it. Amounts are decimal strings
("12500.00", KGS) so that no client loses a tiyin to floating point; shares are percents ("33.3").
"""

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from municipalities.models import District, Municipality, Region, Village
from planning.models import (
    Activity,
    FundingLine,
    Gender,
    Indicator,
    IndicatorTarget,
    Program,
    WorkingGroupMember,
)
from planning.selectors import PUBLIC_STATUSES

NAME_FIELDS = ("name_ky", "name_ru", "name_en")


def amount_field(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, **kwargs)


def share_field() -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=4, decimal_places=1, read_only=True, help_text="Percent of the total, 0.0–100.0."
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


# --- Territory ------------------------------------------------------------------------------


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "soate", "kind", *NAME_FIELDS]


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["id", "soate", "kind", *NAME_FIELDS, "region", "population_2021"]


class TerritoryRefSerializer(serializers.Serializer):
    """An oblast or a rayon, by id and name."""

    id = serializers.IntegerField(read_only=True)
    name_ky = serializers.CharField(read_only=True)
    name_ru = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)


class VillageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Village
        fields = ["id", *NAME_FIELDS, "is_centre", "population"]


class VillageRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Village
        fields = ["id", *NAME_FIELDS]


class MunicipalitySerializer(serializers.ModelSerializer):
    district = TerritoryRefSerializer(read_only=True)
    region = TerritoryRefSerializer(source="district.region", read_only=True)
    merged_into = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The municipality this one became part of, if merged."
    )

    class Meta:
        model = Municipality
        fields = ["id", "soate", "kind", *NAME_FIELDS, "district", "region", "population", "merged_into"]


class ProgramRefSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=PUBLIC_STATUSES, read_only=True)

    class Meta:
        model = Program
        fields = ["id", "title", "start_year", "end_year", "status"]


class MunicipalityDetailSerializer(MunicipalitySerializer):
    """A municipality with its villages and the public contacts of its aiyl okmotu (the office)."""

    # Plain strings: an empty e-mail or website is "", which the formats "email" and "uri" refuse.
    address = serializers.CharField(read_only=True, help_text="Address of the aiyl okmotu.")
    phone = serializers.CharField(read_only=True, help_text="Phone of the aiyl okmotu (the office).")
    email = serializers.CharField(read_only=True, help_text="E-mail of the aiyl okmotu (the office).")
    website = serializers.CharField(read_only=True)
    villages = VillageSerializer(many=True, read_only=True)
    programs = ProgramRefSerializer(
        source="public_program_list", many=True, read_only=True, help_text="Its published programs."
    )

    class Meta(MunicipalitySerializer.Meta):
        fields = [
            *MunicipalitySerializer.Meta.fields,
            "address",
            "phone",
            "email",
            "website",
            "villages",
            "programs",
        ]


# --- Programs: the list -----------------------------------------------------------------------


class ReferenceItemSerializer(serializers.Serializer):
    """A sector or a funding source."""

    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name_ky = serializers.CharField(read_only=True)
    name_ru = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)


class MunicipalityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name_ky = serializers.CharField(read_only=True)
    name_ru = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)
    district = serializers.IntegerField(source="district_id", read_only=True)
    region = serializers.IntegerField(source="district.region_id", read_only=True)


class ProgramSerializer(serializers.ModelSerializer):
    municipality = MunicipalityRefSerializer(read_only=True)
    status = serializers.ChoiceField(
        choices=PUBLIC_STATUSES,
        read_only=True,
        help_text="published: in force; superseded: replaced by a newer version.",
    )
    total_cost = amount_field(help_text="The sum of all its funding lines, KGS.")
    activity_count = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField(help_text="This program in the API.")

    class Meta:
        model = Program
        fields = [
            "id",
            "url",
            "municipality",
            "title",
            "start_year",
            "end_year",
            "status",
            "published_at",
            "council_decision_number",
            "council_decision_date",
            "total_cost",
            "activity_count",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, program: Program) -> str:
        return absolute(self.context.get("request"), reverse("api:program-detail", args=[program.pk]))


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


# --- Programs: the whole structure ---------------------------------------------------------


class FundingLineSerializer(serializers.ModelSerializer):
    source = ReferenceItemSerializer(read_only=True)
    amount = amount_field(help_text="KGS.")

    class Meta:
        model = FundingLine
        fields = ["source", "year", "amount"]


class ActivitySerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True, help_text='Its position in the plan, e.g. "1.2.1.3".')
    sector = ReferenceItemSerializer(read_only=True)
    village = VillageRefSerializer(
        read_only=True, allow_null=True, help_text="Empty: the whole municipality."
    )
    tags = serializers.ListField(
        child=serializers.ChoiceField(choices=Activity.TAG_FIELDS),
        read_only=True,
        help_text="Whom the activity serves (women, youth…) and whether it adapts to climate change.",
    )
    funding = FundingLineSerializer(source="line_list", many=True, read_only=True)
    total = amount_field(help_text="The sum of its funding lines, KGS.")

    class Meta:
        model = Activity
        fields = [
            "id",
            "code",
            "title",
            "sector",
            "responsible",
            "village",
            "start_year",
            "end_year",
            "expected_result",
            "tags",
            "funding",
            "total",
        ]


class IndicatorTargetSerializer(serializers.ModelSerializer):
    value = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = IndicatorTarget
        fields = ["year", "value"]


class IndicatorSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    baseline_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    targets = IndicatorTargetSerializer(source="targets.all", many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "baseline_value",
            "baseline_year",
            "source_of_verification",
            "measured_by",
            "targets",
        ]


class ObjectiveSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    activities = ActivitySerializer(source="activity_list", many=True, read_only=True)
    indicators = IndicatorSerializer(source="indicator_list", many=True, read_only=True)


class GoalSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    objectives = ObjectiveSerializer(source="objective_list", many=True, read_only=True)


class PrioritySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    goals = GoalSerializer(source="goal_list", many=True, read_only=True)


class YearAmountSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    amount = amount_field()


class SourceAmountSerializer(serializers.Serializer):
    source = ReferenceItemSerializer(read_only=True)
    amount = amount_field()
    share = share_field()


class SectorAmountSerializer(serializers.Serializer):
    sector = ReferenceItemSerializer(read_only=True)
    amount = amount_field()
    share = share_field()


class PlanAmountSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    amount = amount_field()
    share = share_field()


class FinanceSerializer(serializers.Serializer):
    """The financial model, computed from the funding lines (planning/finance.py)."""

    total = amount_field(help_text="KGS.")
    outside_period = amount_field(
        help_text="Money planned in years outside the program's period (counted in the total, not by year)."
    )
    by_year = YearAmountSerializer(many=True, read_only=True)
    by_source = SourceAmountSerializer(many=True, read_only=True)
    by_sector = SectorAmountSerializer(many=True, read_only=True)
    by_priority = PlanAmountSerializer(many=True, read_only=True)
    by_goal = PlanAmountSerializer(many=True, read_only=True)


class MemberSerializer(serializers.ModelSerializer):
    """A working group member, as the public page shows them: never their phone."""

    village = VillageRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = WorkingGroupMember
        fields = ["name", "gender", "category", "position", "village", "is_chair", "is_secretary"]


class GenderBalanceSerializer(serializers.Serializer):
    women = serializers.IntegerField(read_only=True)
    men = serializers.IntegerField(read_only=True)


class WorkingGroupSerializer(serializers.Serializer):
    members = MemberSerializer(many=True, read_only=True)
    gender_balance = GenderBalanceSerializer(read_only=True)


class LinksSerializer(serializers.Serializer):
    html = serializers.URLField(read_only=True, help_text="The program's public page (in Kyrgyz).")
    pdf = serializers.URLField(read_only=True, help_text="The program as a PDF (in Kyrgyz).")
    action_plan_csv = serializers.URLField(read_only=True)
    action_plan_xlsx = serializers.URLField(read_only=True)


class ProgramDetailSerializer(ProgramSerializer):
    """The whole program. Built from `api.selectors.program_detail`, never by nested queries."""

    supersedes = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The earlier version this program replaces."
    )
    priorities = serializers.SerializerMethodField()
    finance = serializers.SerializerMethodField()
    working_group = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta(ProgramSerializer.Meta):
        fields = [
            *ProgramSerializer.Meta.fields,
            "supersedes",
            "vision",
            "strategic_goal",
            "priorities",
            "finance",
            "working_group",
            "links",
        ]

    @property
    def detail(self):
        return self.context["detail"]

    @extend_schema_field(PrioritySerializer(many=True))
    def get_priorities(self, program: Program) -> list:
        return PrioritySerializer(self.detail.tree.priorities, many=True, context=self.context).data

    @extend_schema_field(FinanceSerializer)
    def get_finance(self, program: Program) -> dict:
        return FinanceSerializer(self.detail.finance, context=self.context).data

    @extend_schema_field(WorkingGroupSerializer)
    def get_working_group(self, program: Program) -> dict:
        members = self.detail.members
        balance = {
            "women": sum(1 for m in members if m.gender == Gender.FEMALE),
            "men": sum(1 for m in members if m.gender == Gender.MALE),
        }
        return WorkingGroupSerializer(
            {"members": members, "gender_balance": balance}, context=self.context
        ).data

    @extend_schema_field(LinksSerializer)
    def get_links(self, program: Program) -> dict:
        request = self.context.get("request")
        with translation.override("ky"):
            pdf = reverse("plans:pdf", args=[program.pk])
            try:
                html = reverse("plans:detail", args=[program.pk])
            except NoReverseMatch:  # the public page of a plan is younger than this API
                html = f"/ky/plans/{program.pk}/"
        links = {
            "html": html,
            "pdf": pdf,
            "action_plan_csv": reverse("api:program-action-plan-csv", args=[program.pk]),
            "action_plan_xlsx": reverse("api:program-action-plan-xlsx", args=[program.pk]),
        }
        return LinksSerializer({key: absolute(request, path) for key, path in links.items()}).data
