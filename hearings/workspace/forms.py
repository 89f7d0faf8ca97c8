"""Forms of the hearings' workspace pages. Validation here, with messages in the user's language;
saving in hearings/services.py and hearings/workflow.py."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from documents.uploads import clean_scan, validate_material
from hearings.models import Attendance, Gender, Hearing, PriorityVote, Proposal
from hearings.services import MAX_TEXT
from monitoring.models import MonitoringReport
from municipalities.models import Village
from planning.models import Program

H = Hearing
D = Proposal.Disposition
# Proposals may be accepted for a while after the hearing (hearings/workflow.py says 30 days).
MAX_DAYS_AFTER = 30


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date-and-time picker (a plain text field where it has none)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


DATETIME_ERRORS = {"invalid": _("Enter a date and a time, e.g. 2026-05-14 10:00.")}


def drop_nul(form: forms.BaseForm) -> None:
    """Drop NUL characters from every text field before it is validated (PostgreSQL refuses
    them; a text pasted from elsewhere may carry one, and the rest of it is worth keeping)."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and not getattr(field, "_drops_nul", False):
            to_python = field.to_python
            field.to_python = lambda value, to_python=to_python: to_python(
                value.replace("\x00", "") if isinstance(value, str) else value
            )
            field._drops_nul = True


class TextForm(forms.Form):
    """A form whose text fields drop NUL characters (see drop_nul)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        drop_nul(self)


def _textarea(rows: int = 3, **attrs):
    return forms.Textarea(attrs={"rows": rows, **attrs})


def _village_label(village: Village) -> str:
    return village.name


def report_label(report: MonitoringReport) -> str:
    """“2021 — <program> (2019–2023): <status>”, as the select offers it."""
    program = report.program
    return f"{report.year} — {program.title} ({program.start_year}–{program.end_year}): {report.get_status_display()}"


# --- The hearing ----------------------------------------------------------------------------


class HearingForm(forms.ModelForm):
    """Prepare a hearing (and later correct its details, the minutes and the council's decision).

    The selects offer only this municipality's villages, programs and hearings, so a value from
    another municipality is refused as an invalid choice."""

    channels = forms.MultipleChoiceField(
        label=_("how residents were informed"),
        choices=H.Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Hearing
        fields = [
            "kind", "format", "final_hearing", "villages", "program", "monitoring_report", "budget_year", "title",
            "starts_at", "place", "chair", "secretary", "summary", "agenda", "notice_posted_on",
            "channels", "proposals_open_from", "proposals_open_until",
        ]  # fmt: skip
        widgets = {
            "villages": forms.CheckboxSelectMultiple,
            "starts_at": DateTimeInput(),
            "proposals_open_from": DateTimeInput(),
            "proposals_open_until": DateTimeInput(),
            "notice_posted_on": DateInput(),
            "summary": _textarea(5),
            "agenda": _textarea(4),
        }
        help_texts = {
            "final_hearing": _("Only for a mini-gathering: the hearing its results roll up into."),
            "program": _("For a hearing on the SEDP draft: the program being discussed."),
            "monitoring_report": _(
                "For a hearing on the program's implementation: the yearly monitoring report presented."
            ),
            "budget_year": _("For a hearing on a budget: the year of the budget."),
            "proposals_open_from": _("Empty: from the announcement."),
            "proposals_open_until": _("Empty: until the hearing begins."),
        }
        error_messages = {
            "starts_at": DATETIME_ERRORS,
            "proposals_open_from": DATETIME_ERRORS,
            "proposals_open_until": DATETIME_ERRORS,
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        drop_nul(self)
        self.municipality = municipality
        fields = self.fields
        fields["villages"].queryset = Village.objects.filter(municipality=municipality)
        fields["villages"].label_from_instance = _village_label
        fields["program"].queryset = Program.objects.filter(municipality=municipality).order_by(
            "-start_year", "-created_at"
        )
        fields["program"].label_from_instance = lambda p: f"{p.title} ({p.start_year}–{p.end_year})"
        fields["monitoring_report"].queryset = (
            MonitoringReport.objects.filter(program__municipality=municipality)
            .select_related("program")
            .order_by("-year", "-program__start_year", "pk")
        )
        fields["monitoring_report"].label_from_instance = report_label
        finals = Hearing.objects.filter(municipality=municipality).exclude(format=H.Format.MINI_GATHERING)
        finals = finals.exclude(status=H.Status.CANCELLED)
        if self.instance.pk:
            finals = finals.exclude(pk=self.instance.pk)
        fields["final_hearing"].queryset = finals.order_by("-starts_at")
        fields["final_hearing"].label_from_instance = lambda h: f"{h.title} ({h.starts_at:%d.%m.%Y})"
        for name in ("kind", "format"):
            fields[name].choices = [c for c in fields[name].choices if c[0]]  # no empty "-------"
        if self.instance.pk and self.instance.status != H.Status.DRAFT:
            # Residents were told the date: it moves only by postponing, which tells them again.
            fields["starts_at"].disabled = True
            fields["starts_at"].help_text = _("Announced: to move the date, postpone the hearing.")

    def clean_starts_at(self):
        if self.fields["starts_at"].disabled:
            return self.instance.starts_at  # as stored, to the second (the widget shows minutes)
        return self.cleaned_data["starts_at"]

    def clean(self):
        cleaned = super().clean()
        kind, format_ = cleaned.get("kind"), cleaned.get("format")
        if kind == H.Kind.SEDP_DRAFT and not cleaned.get("program") and "program" not in self.errors:
            self.add_error("program", _("Choose the development program the hearing is about."))
        self._clean_monitoring_report(cleaned)
        budgets = (H.Kind.BUDGET_DRAFT, H.Kind.BUDGET_EXECUTION)
        if kind in budgets and not cleaned.get("budget_year") and "budget_year" not in self.errors:
            self.add_error("budget_year", _("Enter the budget year the hearing is about."))
        if format_ == H.Format.MINI_GATHERING:
            if not cleaned.get("final_hearing") and "final_hearing" not in self.errors:
                self.add_error(
                    "final_hearing", _("Choose the final hearing this mini-gathering rolls up into.")
                )
        else:
            cleaned["final_hearing"] = None
        opens, closes = cleaned.get("proposals_open_from"), cleaned.get("proposals_open_until")
        starts = cleaned.get("starts_at")
        if opens and closes and closes <= opens:
            self.add_error(
                "proposals_open_until", _("The end of the window for proposals must come after its start.")
            )
        elif closes and starts and closes > starts + timedelta(days=MAX_DAYS_AFTER):
            self.add_error(
                "proposals_open_until",
                _("Proposals cannot be accepted for more than 30 days after the hearing."),
            )
        posted = cleaned.get("notice_posted_on")
        if posted and starts and posted > starts.date():
            self.add_error("notice_posted_on", _("The notice is posted before the hearing, not after it."))
        return cleaned

    def _clean_monitoring_report(self, cleaned) -> None:
        """A hearing on the implementation presents one report of this municipality's programs (the
        select offers no other); the hearing is then about that report's program."""
        if cleaned.get("kind") != H.Kind.IMPLEMENTATION_REPORT:
            cleaned["monitoring_report"] = None
            return
        report = cleaned.get("monitoring_report")
        if report is None:
            if "monitoring_report" not in self.errors:
                self.add_error("monitoring_report", _("Choose the monitoring report the hearing presents."))
            return
        program = cleaned.get("program")
        if program is not None and program.pk != report.program_id:
            self.add_error(
                "program",
                _("The report chosen is of another program: choose its program, or leave this empty."),
            )
            return
        cleaned["program"] = report.program


class HearingDetailsForm(HearingForm):
    """The hearing's details as prepared, and after it the minutes and the council's decision."""

    class Meta(HearingForm.Meta):
        fields = [*HearingForm.Meta.fields, "minutes", "council_decision_number", "council_decision_date"]
        widgets = {**HearingForm.Meta.widgets, "minutes": _textarea(8), "council_decision_date": DateInput()}


class PostponeForm(TextForm):
    new_start = forms.DateTimeField(
        label=_("New date and time"), widget=DateTimeInput(), error_messages=DATETIME_ERRORS
    )
    reason = forms.CharField(
        label=_("Why the hearing is postponed (residents will read it)"),
        max_length=2000,
        widget=_textarea(2),
    )


class CancelForm(TextForm):
    reason = forms.CharField(
        label=_("Why the hearing is cancelled (residents will read it)"), max_length=2000, widget=_textarea(2)
    )


# --- Materials and attendance ---------------------------------------------------------------

# The stored name's ending, and what the material is recorded as (HearingMaterial.content_kind).
CONTENT_KINDS = {
    "pdf": ("pdf", "pdf"),
    "jpg": ("jpg", "jpeg"),
    "png": ("png", "png"),
    "xlsx": ("xlsx", "xlsx"),
}


class MaterialForm(TextForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("What residents will see, e.g. “Draft budget for 2027: revenue and spending”."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG or Excel (.xlsx), up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.xlsx"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        detected = validate_material(uploaded)
        ending, self.content_kind = CONTENT_KINDS[detected]
        stem = uploaded.name.rsplit(".", 1)[0] if "." in uploaded.name else uploaded.name
        try:
            stem = get_valid_filename(stem)[:80]
        except Exception:  # noqa: BLE001 - a name of only dots and spaces: a generated one
            stem = ""
        # The content decides the ending: a PDF named .xlsx is stored, and served, as a PDF.
        name = f"{stem or 'material'}-{uuid.uuid4().hex[:8]}"
        if detected == "pdf":
            # Residents download it: no JavaScript, no launch action, no embedded file survives.
            return clean_scan(uploaded, stem=name)
        uploaded.name = f"{name}.{ending}"
        return uploaded


class AttendanceForm(forms.ModelForm):
    """Who came, as counted on paper; the split by village is one pair of fields per village."""

    class Meta:
        model = Attendance
        fields = [
            "women", "men", "invited", "youth", "elderly", "disabled", "deputies", "jmeg",
            "initiative_groups", "sign_in_sheet",
        ]  # fmt: skip
        help_texts = {"sign_in_sheet": _("PDF, JPEG or PNG, up to 10 MB. Never shown to the public.")}

    def __init__(self, *args, villages=(), by_village=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.villages = list(villages)
        counts = by_village or {}
        for name in ("women", "men"):
            self.fields[name].required = True
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField):
                field.min_value = 0
                field.widget.attrs.update({"min": 0, "inputmode": "numeric"})
        for village in self.villages:
            women, men = counts.get(village.pk, (None, None))
            for name, value, label in (
                ("women", women, _("%(village)s: women")),
                ("men", men, _("%(village)s: men")),
            ):
                self.fields[f"village_{village.pk}_{name}"] = forms.IntegerField(
                    label=label % {"village": village.name},
                    min_value=0,
                    max_value=1_000_000,
                    required=False,
                    initial=value,
                    widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
                )

    def village_fields(self):
        return [
            (village, self[f"village_{village.pk}_women"], self[f"village_{village.pk}_men"])
            for village in self.villages
        ]

    def main_fields(self):
        return [self[name] for name in ("women", "men", "invited")]

    def group_fields(self):
        return [self[name] for name in Attendance.GROUPS]

    def clean_sign_in_sheet(self):
        uploaded = self.cleaned_data.get("sign_in_sheet")
        if uploaded and hasattr(uploaded, "content_type"):  # a new upload, not the stored file
            return clean_scan(uploaded, stem=f"sign-in-{uuid.uuid4().hex[:12]}")
        return uploaded

    def clean(self):
        cleaned = super().clean()
        women, men = cleaned.get("women"), cleaned.get("men")
        if women is None or men is None:
            return cleaned
        total = women + men
        for name in Attendance.GROUPS:
            value = cleaned.get(name)
            if value is not None and value > total:
                self.add_error(
                    name,
                    ValidationError(
                        _("This group cannot be larger than everyone who came (%(total)s)."),
                        params={"total": total},
                    ),
                )
        village_women = sum(cleaned.get(f"village_{v.pk}_women") or 0 for v in self.villages)
        village_men = sum(cleaned.get(f"village_{v.pk}_men") or 0 for v in self.villages)
        if village_women > women:
            self.add_error(
                None,
                ValidationError(
                    _("The villages add up to %(sum)s women, more than the %(total)s women who came."),
                    params={"sum": village_women, "total": women},
                ),
            )
        if village_men > men:
            self.add_error(
                None,
                ValidationError(
                    _("The villages add up to %(sum)s men, more than the %(total)s men who came."),
                    params={"sum": village_men, "total": men},
                ),
            )
        return cleaned

    def by_village(self) -> dict[int, tuple[int, int]]:
        cleaned = self.cleaned_data
        return {
            v.pk: (cleaned.get(f"village_{v.pk}_women") or 0, cleaned.get(f"village_{v.pk}_men") or 0)
            for v in self.villages
        }


# --- Proposals ------------------------------------------------------------------------------


class ProposalEntryForm(TextForm):
    """A proposal from a paper form, spoken at the hearing, or from a mini-gathering."""

    source = forms.ChoiceField(
        label=_("Where it comes from"),
        choices=[c for c in Proposal.Source.choices if c[0] != Proposal.Source.ONLINE],
        initial=Proposal.Source.PAPER,
    )
    paper_form_number = forms.CharField(
        label=_("paper form No."),
        max_length=20,
        required=False,
        help_text=_("The number printed on the form."),
    )
    from_gathering = forms.ModelChoiceField(
        label=_("mini-gathering"), queryset=Hearing.objects.none(), required=False
    )
    text = forms.CharField(label=_("proposal"), max_length=MAX_TEXT, widget=_textarea(5, maxlength=MAX_TEXT))
    author_name = forms.CharField(label=_("name"), max_length=200, required=False)
    name_may_be_published = forms.BooleanField(label=_("the name may be published"), required=False)
    village = forms.ModelChoiceField(label=_("village"), queryset=Village.objects.none(), required=False)
    gender = forms.ChoiceField(label=_("gender"), choices=[("", "—"), *Gender.choices], required=False)
    age_group = forms.ChoiceField(
        label=_("age group"), choices=[("", "—"), *Proposal.AgeGroup.choices], required=False
    )
    contact = forms.CharField(label=_("phone or e-mail (never public)"), max_length=200, required=False)

    def __init__(self, *args, hearing: Hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Village.objects.filter(municipality_id=hearing.municipality_id)
        self.fields["village"].label_from_instance = _village_label
        gatherings = Hearing.objects.filter(final_hearing=hearing).order_by("starts_at")
        self.fields["from_gathering"].queryset = gatherings
        self.fields["from_gathering"].label_from_instance = lambda h: f"{h.title} ({h.starts_at:%d.%m.%Y})"


class HideForm(TextForm):
    hidden_reason = forms.ChoiceField(
        label=_("why hidden"), choices=[("", "—"), *Proposal.HiddenReason.choices]
    )


class AnswerForm(TextForm):
    """What became of a proposal, and the answer to the resident."""

    disposition = forms.ChoiceField(
        label=_("disposition"), choices=[("", "—"), *[c for c in D.choices if c[0] != D.NONE]]
    )
    answer = forms.CharField(
        label=_("answer"),
        max_length=MAX_TEXT,
        required=False,
        widget=_textarea(4, maxlength=MAX_TEXT),
        help_text=_("Required when the proposal is rejected or partly accepted."),
    )
    merged_into_number = forms.IntegerField(
        label=_("Merged with proposal No."),
        min_value=1,
        max_value=1_000_000,
        required=False,
        help_text=_("Only when merged: the number of the proposal of this hearing it joins."),
    )
    referred_to = forms.CharField(
        label=_("referred to"),
        max_length=300,
        required=False,
        help_text=_("Only when outside the LSG's competence: to whom it was passed."),
    )


def plan_part_choices(tree) -> list[tuple[str, str]]:
    """The parts of a program a proposal can be linked to, "kind:id", with their codes."""
    P = Proposal.PlanPart
    choices: list[tuple[str, str]] = []
    for priority in tree.priorities:
        choices.append(
            (f"{P.PRIORITY}:{priority.pk}", f"{P.PRIORITY.label} {priority.code}. {priority.title}")
        )
        for goal in priority.goal_list:
            choices.append((f"{P.GOAL}:{goal.pk}", f"— {P.GOAL.label} {goal.code}. {goal.title}"))
            for objective in goal.objective_list:
                choices.append(
                    (
                        f"{P.OBJECTIVE}:{objective.pk}",
                        f"—— {P.OBJECTIVE.label} {objective.code}. {objective.title}",
                    )
                )
                for activity in objective.activity_list:
                    choices.append(
                        (
                            f"{P.ACTIVITY}:{activity.pk}",
                            f"——— {P.ACTIVITY.label} {activity.code}. {activity.title}",
                        )
                    )
                for indicator in objective.indicator_list:
                    choices.append(
                        (
                            f"{P.INDICATOR}:{indicator.pk}",
                            f"——— {P.INDICATOR.label} {indicator.code}. {indicator.name}",
                        )
                    )
    return choices


class LinkForm(TextForm):
    part = forms.ChoiceField(label=_("part of the plan"), required=False)

    def __init__(self, *args, tree, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = [("", _("— not linked —")), *plan_part_choices(tree)]


class MakeActivityForm(TextForm):
    objective = forms.ChoiceField(label=_("Objective of the program"))
    title = forms.CharField(
        label=_("Title of the new activity"),
        max_length=500,
        required=False,
        help_text=_("Empty: the proposal's text."),
    )

    def __init__(self, *args, tree, **kwargs):
        super().__init__(*args, **kwargs)
        self.objectives = {str(o.pk): o for o in tree.objectives}
        self.fields["objective"].choices = [
            ("", "—"),
            *((str(o.pk), f"{o.code}. {o.title}") for o in tree.objectives),
        ]

    def clean_objective(self):
        return self.objectives[self.cleaned_data["objective"]]


# --- Priority votes -------------------------------------------------------------------------


class VoteForm(TextForm):
    tool = forms.ChoiceField(label=_("tool"), choices=[("", "—"), *PriorityVote.Tool.choices])
    question = forms.CharField(
        label=_("question"),
        max_length=300,
        help_text=_("What residents voted on, e.g. “The village's first need”."),
    )


class OptionForm(TextForm):
    label = forms.CharField(label=_("option"), max_length=300, required=False)
    votes_women = forms.IntegerField(
        label=_("votes of women"), min_value=0, max_value=1_000_000, required=False
    )
    votes_men = forms.IntegerField(label=_("votes of men"), min_value=0, max_value=1_000_000, required=False)
    priority = forms.ChoiceField(label=_("development direction"), required=False)

    def __init__(self, *args, priorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.priorities = {str(p.pk): p for p in priorities}
        self.fields["priority"].choices = [
            ("", "—"),
            *((str(p.pk), f"{p.code}. {p.title}") for p in priorities),
        ]
        for name in ("votes_women", "votes_men"):
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})

    def clean_priority(self):
        return self.priorities.get(self.cleaned_data.get("priority") or "")


class BaseOptionFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        for form in self.forms:
            label = (form.cleaned_data.get("label") or "").strip()
            votes = (form.cleaned_data.get("votes_women") or 0) + (form.cleaned_data.get("votes_men") or 0)
            if votes and not label:
                form.add_error("label", _("Name the option these votes are for."))
        if sum(1 for form in self.forms if (form.cleaned_data.get("label") or "").strip()) < 2:
            raise ValidationError(_("A vote needs at least two options."))

    def options(self) -> list[dict]:
        return [
            {
                "label": form.cleaned_data["label"],
                "votes_women": form.cleaned_data.get("votes_women") or 0,
                "votes_men": form.cleaned_data.get("votes_men") or 0,
                "priority": form.cleaned_data.get("priority"),
            }
            for form in self.forms
            if (form.cleaned_data.get("label") or "").strip()
        ]


OptionFormSet = forms.formset_factory(
    OptionForm, formset=BaseOptionFormSet, extra=0, max_num=30, absolute_max=30
)


# --- The coordinator's view -----------------------------------------------------------------


class FollowFilterForm(forms.Form):
    """The filters of the coordinators' view; the choices are only what this user follows."""

    oblast = forms.TypedChoiceField(label=_("Oblast"), required=False, coerce=int, empty_value=None)
    municipality = forms.TypedChoiceField(
        label=_("Municipality"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=_("subject"), required=False)
    status = forms.ChoiceField(label=_("status"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    FILTERS = ("oblast", "municipality", "kind", "status", "year")

    def __init__(self, *args, regions, municipalities, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oblast"].choices = [("", _("All oblasts")), *regions]
        self.fields["municipality"].choices = [("", _("All municipalities")), *municipalities]
        self.fields["kind"].choices = [("", _("All subjects")), *H.Kind.choices]
        self.fields["status"].choices = [("", _("Every status")), *H.Status.choices]
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def valid_filters(self) -> dict:
        """The filters that passed validation; an invalid one is dropped, the others still apply."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in self.FILTERS if cleaned.get(name)}
