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

from hearings.models import Hearing, PriorityVote, Proposal
from hearings.public.content import program_is_public
from hearings.workflow import PUBLIC_STATUSES as HEARING_STATUSES
from monitoring.models import ActivityProgress
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
    standard_code = serializers.CharField(
        source="standard.code",
        default=None,
        read_only=True,
        allow_null=True,
        help_text="The code of the standard indicator it counts toward (null if none).",
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "direction",
            "standard_code",
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


# --- Hearings --------------------------------------------------------------------------------
#
# No personal data: never a contact, and no names of residents at all, not even those who let
# the hearing's page show theirs. Their consent was to a name on the hearing's page, beside their
# proposal, which the aiyl okmotu can still hide; a dataset is copied in bulk, joined to other
# data and kept, so neither a withdrawal nor a moderator's correction would reach the copies.
# For the same reason neither the gender nor the age group of an author is given (with the
# village they can point at one person); the attendance gives them only as totals.


def enum(choices, description: str, **kwargs) -> serializers.ChoiceField:
    """A read-only choice; its enum is named in SPECTACULAR_SETTINGS' ENUM_NAME_OVERRIDES where
    the field's name ("kind", "status") is also another model's."""
    return serializers.ChoiceField(choices=choices, read_only=True, help_text=description, **kwargs)


def _nullable_int(description: str) -> dict:
    return {"type": "integer", "nullable": True, "description": description}


class HearingSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This hearing in the API.")
    municipality = MunicipalityRefSerializer(read_only=True)
    kind = enum(Hearing.Kind.choices, "What the hearing is about")
    format = enum(
        Hearing.Format.choices, "A public hearing, a village gathering, or a mini-gathering in one village"
    )
    status = enum(HEARING_STATUSES, "Where the hearing stands; a hearing being prepared is never public.")
    program = serializers.SerializerMethodField()
    final_hearing = serializers.SerializerMethodField()
    proposal_count = serializers.IntegerField(read_only=True, help_text="Its published proposals.")

    class Meta:
        model = Hearing
        fields = [
            "id",
            "url",
            "municipality",
            "kind",
            "format",
            "title",
            "status",
            "starts_at",
            "place",
            "budget_year",
            "program",
            "final_hearing",
            "proposal_count",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, hearing: Hearing) -> str:
        return absolute(self.context.get("request"), reverse("api:hearing-detail", args=[hearing.pk]))

    @extend_schema_field(
        _nullable_int("The published program it is about (its id in /programs/); empty while it is a draft.")
    )
    def get_program(self, hearing: Hearing):
        return hearing.program_id if program_is_public(hearing) else None

    @extend_schema_field(_nullable_int("For a mini-gathering: the public hearing its results add up into."))
    def get_final_hearing(self, hearing: Hearing):
        final = hearing.final_hearing if hearing.final_hearing_id else None
        return final.pk if final is not None and final.status != Hearing.Status.DRAFT else None


class VillageCountSerializer(serializers.Serializer):
    village = VillageRefSerializer(read_only=True)
    women = serializers.IntegerField(read_only=True)
    men = serializers.IntegerField(read_only=True)


class AttendanceGroupsSerializer(serializers.Serializer):
    """Groups counted among those who came (each only if it was counted)."""

    youth = serializers.IntegerField(read_only=True, required=False)
    elderly = serializers.IntegerField(read_only=True, required=False)
    disabled = serializers.IntegerField(read_only=True, required=False, help_text="People with disabilities.")
    deputies = serializers.IntegerField(read_only=True, required=False, help_text="Local council deputies.")
    jmeg = serializers.IntegerField(
        read_only=True, required=False, help_text="Members of joint monitoring and evaluation groups."
    )
    initiative_groups = serializers.IntegerField(read_only=True, required=False)


class AttendanceSerializer(serializers.Serializer):
    """Who came, as counted on paper, the hearing's mini-gatherings added."""

    women = serializers.IntegerField(read_only=True)
    men = serializers.IntegerField(read_only=True)
    total = serializers.IntegerField(read_only=True)
    women_share = serializers.IntegerField(read_only=True, help_text="Percent of women among those who came.")
    invited = serializers.IntegerField(read_only=True, allow_null=True)
    groups = AttendanceGroupsSerializer(read_only=True)
    by_village = serializers.SerializerMethodField()
    mini_gatherings = serializers.IntegerField(
        source="gatherings", read_only=True, help_text="How many mini-gatherings are added in."
    )

    @extend_schema_field(VillageCountSerializer(many=True))
    def get_by_village(self, summary) -> list:
        rows = [
            {"village": village, "women": women, "men": men} for village, women, men in summary.by_village
        ]
        return VillageCountSerializer(rows, many=True).data


class PlanLinkSerializer(serializers.Serializer):
    """The part of the plan a proposal (or a vote's option) was traced into. While the program is
    a draft, only the kind of part: the rest follows once the program is published."""

    part = enum(Proposal.PlanPart.choices, "The kind of part of the plan")
    program = serializers.IntegerField(source="program_id", read_only=True, allow_null=True)
    id = serializers.IntegerField(source="part_id", read_only=True, allow_null=True)
    code = serializers.CharField(read_only=True, help_text='Its position in the plan, e.g. "1.2.1.3".')
    title = serializers.CharField(read_only=True)
    html = serializers.SerializerMethodField(help_text="The part on the program's public page (in Kyrgyz).")

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_html(self, link):
        if not link.url:
            return None
        return absolute(self.context.get("request"), link.url)


class VoteOptionSerializer(serializers.Serializer):
    label = serializers.CharField(read_only=True)
    votes_women = serializers.IntegerField(read_only=True)
    votes_men = serializers.IntegerField(read_only=True)
    total = serializers.IntegerField(read_only=True)
    direction = PlanLinkSerializer(
        source="plan_link",
        read_only=True,
        allow_null=True,
        help_text="The direction of the plan it is linked to.",
    )


class VoteSerializer(serializers.Serializer):
    tool = enum(PriorityVote.Tool.choices, "How residents voted")
    question = serializers.CharField(read_only=True)
    options = VoteOptionSerializer(
        source="option_list", many=True, read_only=True, help_text="Most votes first."
    )
    winner = serializers.SerializerMethodField()

    @extend_schema_field(
        {"type": "string", "nullable": True, "description": "The label of the option that won."}
    )
    def get_winner(self, vote):
        return vote.winner.label if vote.winner is not None else None


class HearingProposalSerializer(serializers.Serializer):
    """A published proposal and what became of it. No author's name, contact, gender or age."""

    number = serializers.IntegerField(read_only=True)
    source = enum(Proposal.Source.choices, "How the proposal came")
    text = serializers.CharField(read_only=True)
    village = VillageRefSerializer(read_only=True, allow_null=True)
    from_gathering = serializers.IntegerField(
        source="from_gathering_id",
        read_only=True,
        allow_null=True,
        help_text="The mini-gathering it comes from.",
    )
    disposition = enum(Proposal.Disposition.choices, 'What became of it ("": not answered yet)')
    answer = serializers.CharField(read_only=True, help_text="The aiyl okmotu's answer.")
    merged_into = serializers.SerializerMethodField()
    referred_to = serializers.CharField(
        read_only=True, help_text="Outside the LSG's competence: to whom it was referred."
    )
    plan_link = PlanLinkSerializer(read_only=True, allow_null=True)

    @extend_schema_field(_nullable_int("Merged: the number of the proposal it was merged with."))
    def get_merged_into(self, proposal):
        return proposal.merged_into.number if proposal.merged_into_id and proposal.merged_into else None


class MiniGatheringSerializer(serializers.Serializer):
    """A mini-gathering whose figures add up into the hearing; one that was never announced (entered
    from paper afterwards) has no page of its own: no id and no state."""

    id = serializers.SerializerMethodField()
    starts_at = serializers.DateTimeField(read_only=True)
    status = serializers.SerializerMethodField()
    villages = VillageRefSerializer(source="village_list", many=True, read_only=True)
    women = serializers.SerializerMethodField()
    men = serializers.SerializerMethodField()

    @extend_schema_field(_nullable_int("Its id in /hearings/, when it has a public page."))
    def get_id(self, gathering):
        return gathering.pk if gathering.public else None

    @extend_schema_field(
        {"type": "string", "nullable": True, "enum": [*(s.value for s in HEARING_STATUSES), None],
         "description": "Where it stands, when it has a public page."}
    )  # fmt: skip
    def get_status(self, gathering):
        return gathering.status if gathering.public else None

    @extend_schema_field(_nullable_int("Women who came (empty until counted)."))
    def get_women(self, gathering):
        return gathering.counts[0] if gathering.counts else None

    @extend_schema_field(_nullable_int("Men who came (empty until counted)."))
    def get_men(self, gathering):
        return gathering.counts[1] if gathering.counts else None


class HearingLinksSerializer(serializers.Serializer):
    html = serializers.URLField(read_only=True, help_text="The hearing's public page (in Kyrgyz).")
    calendar = serializers.URLField(read_only=True, help_text="The iCalendar feed of upcoming hearings.")


class HearingDetailSerializer(HearingSerializer):
    """One public hearing, built from hearings.public.content (a fixed number of queries)."""

    villages = serializers.SerializerMethodField()
    agenda = serializers.SerializerMethodField()
    channels = serializers.SerializerMethodField()
    minutes = serializers.SerializerMethodField()
    mini_gatherings = serializers.SerializerMethodField()
    attendance = serializers.SerializerMethodField()
    votes = serializers.SerializerMethodField()
    proposals = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta(HearingSerializer.Meta):
        fields = [
            *HearingSerializer.Meta.fields,
            "status_reason",
            "villages",
            "summary",
            "agenda",
            "chair",
            "secretary",
            "notice_posted_on",
            "channels",
            "proposals_open_from",
            "proposals_open_until",
            "minutes",
            "council_decision_number",
            "council_decision_date",
            "mini_gatherings",
            "attendance",
            "votes",
            "proposals",
            "links",
        ]
        extra_kwargs = {"status_reason": {"help_text": "Why it was postponed or cancelled."}}

    @property
    def head(self):
        return self.context["head"]

    @property
    def results(self):
        return self.context["results"]

    @extend_schema_field(VillageRefSerializer(many=True))
    def get_villages(self, hearing) -> list:
        return VillageRefSerializer(self.head.villages, many=True).data

    @extend_schema_field({"type": "array", "items": {"type": "string"}, "description": "One item a line."})
    def get_agenda(self, hearing) -> list:
        return [line.strip() for line in hearing.agenda.splitlines() if line.strip()]

    @extend_schema_field(
        {
            "type": "array",
            "items": {"type": "string", "enum": Hearing.Channel.values},
            "description": "How residents were informed.",
        }
    )
    def get_channels(self, hearing) -> list:
        return [channel for channel in hearing.channels or () if channel in Hearing.Channel.values]

    @extend_schema_field(
        {"type": "string", "description": "What was discussed and decided (once the hearing is held)."}
    )
    def get_minutes(self, hearing) -> str:
        return hearing.minutes if self.results.shown else ""

    @extend_schema_field(MiniGatheringSerializer(many=True))
    def get_mini_gatherings(self, hearing) -> list:
        return MiniGatheringSerializer(self.head.gatherings, many=True).data

    @extend_schema_field(AttendanceSerializer(allow_null=True))
    def get_attendance(self, hearing):
        summary = self.results.attendance
        if summary is None or not summary.total:
            return None
        return AttendanceSerializer(summary).data

    @extend_schema_field(VoteSerializer(many=True))
    def get_votes(self, hearing) -> list:
        return VoteSerializer(self.results.votes, many=True, context=self.context).data

    @extend_schema_field(HearingProposalSerializer(many=True))
    def get_proposals(self, hearing) -> list:
        return HearingProposalSerializer(self.results.proposals, many=True, context=self.context).data

    @extend_schema_field(HearingLinksSerializer)
    def get_links(self, hearing) -> dict:
        request = self.context.get("request")
        with translation.override("ky"):
            links = {
                "html": reverse("hearings:detail", args=[hearing.pk]),
                "calendar": reverse("hearings:calendar"),
            }
        return HearingLinksSerializer({key: absolute(request, path) for key, path in links.items()}).data


# --- Monitoring: the published yearly reports of a program -----------------------------------


class StatusCountsSerializer(serializers.Serializer):
    """How many of the plan's activities are in each implementation status in the report's year."""

    not_started = serializers.IntegerField(read_only=True)
    in_progress = serializers.IntegerField(read_only=True)
    completed = serializers.IntegerField(read_only=True)
    delayed = serializers.IntegerField(read_only=True)
    cancelled = serializers.IntegerField(read_only=True)


class SourceSpendingSerializer(serializers.Serializer):
    source = ReferenceItemSerializer(read_only=True)
    planned = amount_field(help_text="The plan's funding lines of this source in the year, KGS.")
    actual = amount_field(
        allow_null=True, help_text="Actually spent in the year, KGS; null: nothing recorded."
    )
    difference = amount_field(help_text="Actual − planned, KGS (nothing recorded counts as 0).")


class ActivityProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="activity.id", read_only=True)
    code = serializers.CharField(source="activity.code", read_only=True, help_text='E.g. "1.2.1.3".')
    title = serializers.CharField(source="activity.title", read_only=True)
    status = serializers.ChoiceField(choices=ActivityProgress.Status.choices, read_only=True)
    reason = serializers.CharField(
        source="progress.reason",
        default="",
        read_only=True,
        help_text="Why it is delayed or cancelled; empty otherwise.",
    )
    share_done = serializers.IntegerField(
        source="progress.share_done", default=0, read_only=True, help_text="Percent done, 0–100."
    )
    planned = amount_field(help_text="All sources, KGS.")
    actual = amount_field(help_text="All sources, KGS.")
    difference = amount_field(help_text="Actual − planned, KGS.")
    spending = SourceSpendingSerializer(source="sources", many=True, read_only=True)


class IndicatorActualSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="indicator.id", read_only=True)
    code = serializers.CharField(source="indicator.code", read_only=True)
    name = serializers.CharField(source="indicator.name", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    direction = serializers.CharField(source="indicator.direction", read_only=True)
    baseline = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)
    target = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True, help_text="The year's target."
    )
    actual = serializers.DecimalField(
        source="actual_value", max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    target_met = serializers.BooleanField(
        source="met",
        read_only=True,
        allow_null=True,
        help_text="By the indicator's direction; null when the target or the actual value is missing.",
    )


class MonitoringReportSerializer(serializers.Serializer):
    """One published yearly report, computed against the frozen plan."""

    id = serializers.IntegerField(source="report.id", read_only=True)
    year = serializers.IntegerField(source="report.year", read_only=True)
    published_at = serializers.DateTimeField(source="report.published_at", read_only=True, allow_null=True)
    jmeg_verified_on = serializers.DateField(
        source="report.jmeg_verified_on",
        read_only=True,
        allow_null=True,
        help_text="When the joint monitoring and evaluation group (JMEG) of residents verified it.",
    )
    council_heard_on = serializers.DateField(
        source="report.council_heard_on",
        read_only=True,
        allow_null=True,
        help_text="When the local council heard it.",
    )
    status_counts = StatusCountsSerializer(source="total", read_only=True)
    planned = amount_field(source="total.planned", help_text="All activities, KGS.")
    actual = amount_field(source="total.actual", help_text="All activities, KGS.")
    difference = amount_field(source="total.difference", help_text="Actual − planned, KGS.")
    activities = ActivityProgressSerializer(many=True, read_only=True)
    indicators = IndicatorActualSerializer(many=True, read_only=True)


class ProgramMonitoringSerializer(serializers.Serializer):
    program = serializers.IntegerField(source="id", read_only=True)
    reports = MonitoringReportSerializer(many=True, read_only=True)


# --- Monitoring: the roll-ups of an oblast or a rayon (monitoring/rollups/selectors.py) --------


class RollupSourceSerializer(serializers.Serializer):
    source = ReferenceItemSerializer(read_only=True)
    planned = amount_field(help_text="The funding lines of this source in each report's year, KGS.")
    actual = amount_field(help_text="Actually spent from this source, KGS.")
    difference = amount_field(help_text="Actual − planned, KGS.")


class RollupStandardSerializer(serializers.Serializer):
    """A standard indicator over the latest reports of the programs that measure it."""

    code = serializers.CharField(source="standard.code", read_only=True)
    name_ky = serializers.CharField(source="standard.name_ky", read_only=True)
    name_ru = serializers.CharField(source="standard.name_ru", read_only=True)
    name_en = serializers.CharField(source="standard.name_en", read_only=True)
    unit_ky = serializers.CharField(source="standard.unit_ky", read_only=True)
    unit_ru = serializers.CharField(source="standard.unit_ru", read_only=True)
    unit_en = serializers.CharField(source="standard.unit_en", read_only=True)
    direction = serializers.CharField(source="standard.direction", read_only=True)
    additive = serializers.BooleanField(
        read_only=True,
        help_text="Whether the unit adds up across municipalities; percentages, shares, rates and days do not.",
    )
    programs = serializers.IntegerField(read_only=True, help_text="Programs whose plan measures it.")
    reported = serializers.IntegerField(read_only=True, help_text="Of which an actual value was reported.")
    baseline = amount_field(allow_null=True, help_text="Sum of the baselines; null when not additive.")
    target = amount_field(
        allow_null=True, help_text="Sum of the targets of each report's year; null when not additive."
    )
    actual = amount_field(allow_null=True, help_text="Sum of the values reached; null when not additive.")


class RollupYearSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    reports = serializers.IntegerField(read_only=True, help_text="Published reports of that year.")
    status_counts = StatusCountsSerializer(source="total", read_only=True)
    planned = amount_field(source="total.planned")
    actual = amount_field(source="total.actual")
    difference = amount_field(source="total.difference")


class RollupReportRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    year = serializers.IntegerField(read_only=True)


class RollupMunicipalitySerializer(serializers.Serializer):
    """A municipality with a published program, and the figures of its latest published report."""

    municipality = MunicipalityRefSerializer(read_only=True)
    program = serializers.IntegerField(source="program.id", read_only=True)
    program_title = serializers.CharField(source="program.title", read_only=True)
    report = RollupReportRefSerializer(
        read_only=True, allow_null=True, help_text="Its latest published report; null: none yet."
    )
    completed_share = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text="Percent of activities completed.",
    )
    status_counts = StatusCountsSerializer(source="total", read_only=True, allow_null=True)
    planned = amount_field(source="total.planned", allow_null=True, help_text="KGS; null: no report.")
    actual = amount_field(source="total.actual", allow_null=True, help_text="KGS; null: no report.")
    difference = amount_field(source="total.difference", allow_null=True, help_text="Actual − planned, KGS.")


class RollupSerializer(serializers.Serializer):
    """An area's current published programs and their latest published reports, added up."""

    area = TerritoryRefSerializer(read_only=True)
    programs = serializers.IntegerField(read_only=True, help_text="Municipalities with a published program.")
    programs_reporting = serializers.IntegerField(
        source="reporting", read_only=True, help_text="Of which with a published report."
    )
    completed_share = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text="Percent of activities completed.",
    )
    status_counts = StatusCountsSerializer(source="total", read_only=True)
    planned = amount_field(source="total.planned", help_text="All latest reports, KGS.")
    actual = amount_field(source="total.actual", help_text="All latest reports, KGS.")
    difference = amount_field(source="total.difference", help_text="Actual − planned, KGS.")
    by_source = RollupSourceSerializer(source="sources", many=True, read_only=True)
    by_year = RollupYearSerializer(source="years", many=True, read_only=True)
    standard_indicators = RollupStandardSerializer(source="standards", many=True, read_only=True)
    municipalities = RollupMunicipalitySerializer(source="rows", many=True, read_only=True)
