"""Forms of the program's pages. Validation here; saving in planning/authoring/services.py."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import BaseInlineFormSet, BaseModelFormSet, inlineformset_factory, modelformset_factory
from django.forms.models import ModelChoiceIterator
from django.utils.choices import normalize_choices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from documents.uploads import clean_scan
from documents.workbook_check import MAX_WORKBOOK_BYTES
from municipalities.ordering import by_name
from planning.authoring import rules
from planning.models import (
    MAX_PERIOD_YEARS,
    Activity,
    FundingSource,
    GeneralCharacteristics,
    Goal,
    Indicator,
    KeyFigure,
    Meeting,
    Objective,
    Priority,
    Program,
    SectorAnalysis,
    StandardIndicator,
    Swot,
    WorkingGroup,
    WorkingGroupMember,
    WorkPlanTask,
)

AMOUNT_FIELD_KWARGS = {
    "max_digits": 14,
    "decimal_places": 2,
    "min_value": Decimal("0"),
    "error_messages": {
        "invalid": _("Enter the amount in som as a number, e.g. 150000 or 1500.50."),
        "min_value": _("An amount cannot be negative."),
        "max_decimal_places": _("Som have at most two decimals (tyiyn)."),
        "max_digits": _("This amount is too large."),
        "max_whole_digits": _("This amount is too large."),
    },
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _textarea(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class ChoicesCheckedByFormMixin:
    """Model validation without a query per row for what the form has already checked.

    The form's selects only accept this program's objects (SharedChoicesMixin), and the form's
    clean() checks the years; the database constraints stay as the last guard.
    """

    form_checked_fields: tuple[str, ...] = ()

    def _get_validation_exclusions(self):
        # A constraint on an excluded field is not checked by the model either.
        return {*super()._get_validation_exclusions(), *self.form_checked_fields}


class SharedChoicesMixin:
    """Read the options of each select once per formset, not once per row.

    A formset of 300 rows with a select of objectives would otherwise run 300 queries to draw
    the page and 300 more to validate it. The options are read once, shared by every row, and
    a submitted value is looked up in them (a value from outside them is refused as usual).
    A model formset's hidden id is always looked up among the formset's own rows, never in the
    whole table, so a page costs what its program holds, whatever the rest of the database holds.
    """

    shared_choice_fields: tuple[str, ...] = ()
    read_only = False  # planning.authoring.views._disable sets it; the rows' template asks it

    def _own_rows(self) -> dict[str, object]:
        """The formset's own rows by primary key (its queryset, read once for the forms anyway)."""
        if "_own_rows_by_pk" not in self.__dict__:
            self._own_rows_by_pk = {str(row.pk): row for row in self.get_queryset()}
        return self._own_rows_by_pk

    def _share(self, form):
        cache = self.__dict__.setdefault("_choice_cache", {})
        _share_texts(form, self.__dict__.setdefault("_text_cache", {}))
        model = getattr(self, "model", None)
        pk_name = model._meta.pk.name if model is not None else None
        if pk_name and pk_name in form.fields:
            # The hidden id of a model formset is a select of every row of the table (Django's
            # default): its options would be read for every page of every program. A row of
            # this formset is looked up among the formset's own rows; anything else is refused.
            field = form.fields[pk_name]
            field.queryset = self.get_queryset()
            field.to_python = _cached_lookup(field, self._own_rows())
        for name in self.shared_choice_fields:
            field = form.fields.get(name)
            if field is None or name == pk_name:
                continue
            if name not in cache:
                choices = normalize_choices(_read_choices(field))
                objects = {
                    str(value): value.instance for value, _label in choices if hasattr(value, "instance")
                }
                cache[name] = (choices, objects)
            choices, objects = cache[name]
            # What the choices setter does, without normalising the same list again on every row.
            field._choices = field.widget.choices = choices
            field.to_python = _cached_lookup(field, objects)
        return form

    def limit_choices(self, form) -> None:
        """Narrow the selects to this program's objects (before their options are shared)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        self.limit_choices(form)
        return self._share(form)

    @property
    def empty_form(self):
        form = super().empty_form
        self.limit_choices(form)
        return self._share(form)


def _read_choices(field) -> list:
    """A select's options as Django's ModelChoiceIterator gives them, in one plain query.

    The iterator reads a model select's options with QuerySet.iterator(), which PostgreSQL
    answers through a server-side cursor held past the transaction: three round trips and a
    materialised copy for a list of a dozen rows.
    """
    choices = field.choices
    if not isinstance(choices, ModelChoiceIterator):
        return list(choices)
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    return empty + [choices.choice(obj) for obj in field.queryset.all()]


def _share_texts(form, cache: dict) -> None:
    """Translate each field's label and help text once per formset rather than on every row.

    A model field's label is a lazy translation, looked up again each time it is drawn (twice
    per field, by thousands of fields a page). The text is kept per field and per lazy object,
    so a row whose label is its own (a year's target) still gets its own.
    """
    for name, field in form.fields.items():
        for attribute in ("label", "help_text"):
            text = getattr(field, attribute)
            if isinstance(text, Promise):
                known = cache.get((name, attribute))
                if known is None or known[0] is not text:
                    known = cache[(name, attribute)] = (text, str(text))
                setattr(field, attribute, known[1])


def _cached_lookup(field, objects: dict):
    def to_python(value):
        if value in field.empty_values:
            return None
        try:
            return objects[str(value)]
        except KeyError:
            raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice") from None

    return to_python


def years_in_period(program: Program, start: int | None, end: int | None) -> list[ValidationError]:
    """The errors of a from–to pair of years against the program's period (planning/authoring/rules.py)."""
    messages = (rules.year_outside_period(program, year) for year in (start, end))
    return [ValidationError(message, code="outside_period") for message in messages if message]


# --- The program itself ---------------------------------------------------------------------


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["title", "start_year", "end_year"]
        help_texts = {
            "title": _("For example: Kök-Jar aiyl aimak's socio-economic development program for 2025–2027."),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end:
            if end < start:
                self.add_error("end_year", _("The last year cannot be before the first year."))
            elif end - start + 1 > MAX_PERIOD_YEARS:
                self.add_error(
                    "end_year",
                    ValidationError(
                        _("A program covers 1 to %(max)s years; this period has %(years)s."),
                        params={"max": MAX_PERIOD_YEARS, "years": end - start + 1},
                    ),
                )
        return cleaned


class VisionForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["vision", "strategic_goal"]
        widgets = {"vision": _textarea(4), "strategic_goal": _textarea(3)}
        help_texts = {
            "vision": _("How the municipality should look at the end of the period, in a few sentences."),
        }


class CharacteristicsForm(forms.ModelForm):
    class Meta:
        model = GeneralCharacteristics
        fields = [
            "location", "centre", "distance_to_capital_km", "distance_to_oblast_centre_km",
            "distance_to_rayon_centre_km", "year_founded", "area_ha", "landscape", "population_total",
            "population_women", "population_men", "population_youth", "population_elderly", "households",
        ]  # fmt: skip
        widgets = {"location": _textarea(3), "landscape": _textarea(4)}

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("population_total")
        women, men = cleaned.get("population_women"), cleaned.get("population_men")
        if total is not None and women is not None and men is not None and women + men != total:
            self.add_error(
                "population_total",
                ValidationError(
                    _("Women (%(women)s) and men (%(men)s) add up to %(sum)s, not %(total)s."),
                    params={"women": women, "men": men, "sum": women + men, "total": total},
                ),
            )
        for name in ("population_youth", "population_elderly", "population_women", "population_men"):
            value = cleaned.get(name)
            if total is not None and value is not None and value > total:
                self.add_error(name, _("This cannot be more than the whole population."))
        return cleaned


class SwotForm(forms.ModelForm):
    class Meta:
        model = Swot
        fields = ["strengths", "weaknesses", "opportunities", "threats"]
        widgets = {name: _textarea(6) for name in ("strengths", "weaknesses", "opportunities", "threats")}
        help_texts = {"strengths": _("One point per line.")}


class SectorAnalysisForm(forms.ModelForm):
    class Meta:
        model = SectorAnalysis
        fields = ["text"]
        widgets = {"text": _textarea(10)}


# --- Working group ---------------------------------------------------------------------------


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["order_number", "order_date", "order_file"]
        widgets = {"order_date": DateInput()}
        help_texts = {"order_file": _("PDF, JPEG or PNG, up to 10 MB.")}

    def clean_order_file(self):
        uploaded = self.cleaned_data.get("order_file")
        if uploaded and hasattr(uploaded, "content_type"):  # a new upload, not the stored file
            # A PDF is stored without its scripts and embedded files.
            return clean_scan(uploaded, stem=f"order-{uuid.uuid4().hex[:12]}")
        return uploaded


class MemberForm(forms.ModelForm):
    class Meta:
        model = WorkingGroupMember
        fields = ["name", "gender", "category", "position", "village", "phone", "is_chair", "is_secretary"]


class BaseMemberFormSet(SharedChoicesMixin, BaseInlineFormSet):
    shared_choice_fields = ("village",)

    def __init__(self, *args, villages=None, **kwargs):
        self.villages = villages
        super().__init__(*args, **kwargs)

    def limit_choices(self, form):
        if self.villages is not None:
            form.fields["village"].queryset = self.villages

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if sum(1 for f in kept if f.cleaned_data.get("is_chair")) > 1:
            raise ValidationError(_("Only one member can be the chair."))
        if sum(1 for f in kept if f.cleaned_data.get("is_secretary")) > 1:
            raise ValidationError(_("Only one member can be the secretary."))


MemberFormSet = inlineformset_factory(
    WorkingGroup, WorkingGroupMember, form=MemberForm, formset=BaseMemberFormSet, extra=0, can_delete=True
)


class TaskForm(forms.ModelForm):
    class Meta:
        model = WorkPlanTask
        fields = ["what", "responsible", "due_date", "done"]
        widgets = {"due_date": DateInput()}


class BaseTaskFormSet(SharedChoicesMixin, BaseInlineFormSet):
    shared_choice_fields = ("responsible",)

    def limit_choices(self, form):
        form.fields["responsible"].queryset = WorkingGroupMember.objects.filter(working_group=self.instance)


TaskFormSet = inlineformset_factory(
    WorkingGroup, WorkPlanTask, form=TaskForm, formset=BaseTaskFormSet, extra=0, can_delete=True
)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "women_present", "men_present", "minutes"]
        widgets = {"date": DateInput(), "minutes": _textarea(3)}


class BaseRowsFormSet(SharedChoicesMixin, BaseInlineFormSet):
    """An inline formset whose rows are looked up among its own (see SharedChoicesMixin)."""


MeetingFormSet = inlineformset_factory(
    WorkingGroup, Meeting, form=MeetingForm, formset=BaseRowsFormSet, extra=0, can_delete=True
)


class KeyFigureForm(forms.ModelForm):
    class Meta:
        model = KeyFigure
        fields = ["label", "value", "unit", "year"]


KeyFigureFormSet = inlineformset_factory(
    SectorAnalysis, KeyFigure, form=KeyFigureForm, formset=BaseRowsFormSet, extra=0, can_delete=True
)


# --- Priorities, goals, objectives -----------------------------------------------------------


class ProtectedRowsMixin:
    """Refuse to delete a row that still has children, with a message that names the row.

    The error goes to the formset as a whole: Django does not validate rows marked for deletion,
    so an error on the row itself would be ignored.
    """

    children_attribute: str = ""
    children_message = ""

    def clean(self):
        super().clean()
        problems = []
        for form in self.forms:
            if form.instance.pk and form.cleaned_data.get("DELETE"):
                count = getattr(form.instance, self.children_attribute).count()
                if count:
                    problems.append(
                        ValidationError(
                            self.children_message, params={"count": count, "title": form.instance.title}
                        )
                    )
        if problems:
            raise ValidationError(problems)


class PriorityForm(forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["order", "title", "description"]
        widgets = {"description": _textarea(2)}


class BasePriorityFormSet(ProtectedRowsMixin, SharedChoicesMixin, BaseInlineFormSet):
    children_attribute = "goals"
    children_message = _("The direction «%(title)s» still has %(count)s goal(s); delete or move them first.")


PriorityFormSet = inlineformset_factory(
    Program, Priority, form=PriorityForm, formset=BasePriorityFormSet, extra=0, can_delete=True
)


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["priority", "order", "title"]


class BaseGoalFormSet(ProtectedRowsMixin, SharedChoicesMixin, BaseModelFormSet):
    shared_choice_fields = ("priority",)
    children_attribute = "objectives"
    children_message = _("The goal «%(title)s» still has %(count)s objective(s); delete or move them first.")

    def __init__(self, *args, program: Program, **kwargs):
        self.program = program
        kwargs.setdefault(
            "queryset",
            Goal.objects.filter(priority__program=program).order_by("priority__order", "order", "id"),
        )
        super().__init__(*args, **kwargs)

    def limit_choices(self, form):
        form.fields["priority"].queryset = self.program.priorities.order_by("order", "id")


GoalFormSet = modelformset_factory(Goal, form=GoalForm, formset=BaseGoalFormSet, extra=0, can_delete=True)


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["goal", "order", "title"]


def label_with_code(codes: dict[int, str]):
    """A label for a select: "1.2. Title", with the code the plan tree gives the object."""
    return lambda obj: f"{codes.get(obj.pk, '?')}. {obj}"


class BaseObjectiveFormSet(SharedChoicesMixin, BaseModelFormSet):
    shared_choice_fields = ("goal",)

    def __init__(self, *args, program: Program, goal_codes: dict[int, str], **kwargs):
        self.program = program
        self.goal_codes = goal_codes
        kwargs.setdefault(
            "queryset",
            Objective.objects.filter(goal__priority__program=program).order_by(
                "goal__priority__order", "goal__order", "order", "id"
            ),
        )
        super().__init__(*args, **kwargs)

    def limit_choices(self, form):
        form.fields["goal"].queryset = Goal.objects.filter(priority__program=self.program).order_by(
            "priority__order", "order", "id"
        )
        form.fields["goal"].label_from_instance = label_with_code(self.goal_codes)

    def clean(self):
        super().clean()
        problems = []
        for form in self.forms:
            if form.instance.pk and form.cleaned_data.get("DELETE"):
                activities = form.instance.activities.count()
                indicators = form.instance.indicators.count()
                if activities or indicators:
                    problems.append(
                        ValidationError(
                            _(
                                "The objective «%(title)s» still has %(activities)s activity(ies) and "
                                "%(indicators)s indicator(s); delete or move them first."
                            ),
                            params={
                                "activities": activities,
                                "indicators": indicators,
                                "title": form.instance.title,
                            },
                        )
                    )
        if problems:
            raise ValidationError(problems)


ObjectiveFormSet = modelformset_factory(
    Objective, form=ObjectiveForm, formset=BaseObjectiveFormSet, extra=0, can_delete=True
)


# --- Activities and their funding -----------------------------------------------------------


class ActivityForm(ChoicesCheckedByFormMixin, forms.ModelForm):
    form_checked_fields = ("objective", "sector", "village", "start_year", "end_year")

    class Meta:
        model = Activity
        fields = [
            "objective", "order", "title", "sector", "responsible", "village", "start_year", "end_year",
            "expected_result", *Activity.TAG_FIELDS,
        ]  # fmt: skip

    def __init__(
        self,
        *args,
        program: Program,
        objectives=None,
        objective_codes=None,
        villages=None,
        sectors=None,
        **kwargs,
    ):
        self.program = program
        super().__init__(*args, **kwargs)
        if objectives is not None:
            self.fields["objective"].queryset = objectives
        if objective_codes is not None:
            self.fields["objective"].label_from_instance = label_with_code(objective_codes)
        if villages is not None:
            self.fields["village"].queryset = villages
        if sectors is not None:
            self.fields["sector"].queryset = sectors
        self.fields["village"].empty_label = _("Whole municipality")
        self.fields["start_year"].widget.attrs.update({"min": program.start_year, "max": program.end_year})
        self.fields["end_year"].widget.attrs.update({"min": program.start_year, "max": program.end_year})

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        for error in years_in_period(self.program, start, None):
            self.add_error("start_year", error)
        for error in years_in_period(self.program, None, end):
            self.add_error("end_year", error)
        if message := rules.end_before_start(start, end):
            self.add_error("end_year", message)
        years_changed = {"start_year", "end_year"} & set(self.changed_data)
        if (
            self.instance.pk
            and years_changed
            and start
            and end
            and not self.has_error("start_year")
            and not self.has_error("end_year")
        ):
            outside = sorted(
                {
                    year
                    for year in self.instance.funding_lines.values_list("year", flat=True)
                    if not start <= year <= end
                }
            )
            if outside:
                self.add_error(
                    None,
                    ValidationError(
                        _(
                            "This activity has funding in %(years)s, outside %(start)s–%(end)s. Change its funding first."
                        ),
                        params={"years": ", ".join(map(str, outside)), "start": start, "end": end},
                    ),
                )
        return cleaned


class BaseActivityFormSet(SharedChoicesMixin, BaseModelFormSet):
    shared_choice_fields = ("objective", "sector", "village")

    def __init__(self, *args, program: Program, objectives, objective_codes, villages, sectors, **kwargs):
        self.program = program
        self.choices = {
            "objectives": objectives,
            "objective_codes": objective_codes,
            "villages": villages,
            "sectors": sectors,
        }
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "program": self.program, **self.choices}


ActivityFormSet = modelformset_factory(
    Activity, form=ActivityForm, formset=BaseActivityFormSet, extra=0, can_delete=True
)


class FundingRowForm(forms.Form):
    """One funding source of an activity, with an amount for each year of the program."""

    source = forms.ModelChoiceField(label=_("Funding source"), queryset=FundingSource.objects.none())

    def __init__(self, *args, program: Program, activity_years: tuple[int, int] | None, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.activity_years = activity_years
        self.fields["source"].queryset = sources
        for year in program.years:
            self.fields[f"y{year}"] = forms.DecimalField(
                label=str(year), required=False, **AMOUNT_FIELD_KWARGS,
                widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            )  # fmt: skip

    def year_fields(self):
        return [self[f"y{year}"] for year in self.program.years]

    def clean(self):
        cleaned = super().clean()
        if self.activity_years:
            start, end = self.activity_years
            for year in self.program.years:
                if message := rules.funding_outside_activity(start, end, year, cleaned.get(f"y{year}")):
                    self.add_error(f"y{year}", message)
        return cleaned

    def amounts(self) -> dict[int, Decimal]:
        return {
            year: self.cleaned_data[f"y{year}"]
            for year in self.program.years
            if self.cleaned_data.get(f"y{year}") is not None
        }


class BaseFundingFormSet(SharedChoicesMixin, forms.BaseFormSet):
    shared_choice_fields = ("source",)

    def __init__(self, *args, program, activity_years, sources, **kwargs):
        self.form_kwargs_extra = {"program": program, "activity_years": activity_years, "sources": sources}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), **self.form_kwargs_extra}

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            source = form.cleaned_data.get("source")
            if source in seen:
                form.add_error(
                    "source", _("This source is already in another row; put its amounts in one row.")
                )
            seen.add(source)


FundingFormSet = forms.formset_factory(FundingRowForm, formset=BaseFundingFormSet, extra=0, can_delete=True)


# --- Indicators ------------------------------------------------------------------------------


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "objective",
            "standard",
            "name",
            "unit",
            "direction",
            "baseline_value",
            "baseline_year",
            "source_of_verification",
            "measured_by",
        ]

    def __init__(self, *args, program: Program, objectives, objective_codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["objective"].queryset = objectives
        self.fields["objective"].label_from_instance = label_with_code(objective_codes)
        # Left empty, the unit is the chosen standard indicator's (clean_unit says so otherwise).
        self.fields["unit"].required = False
        self.fields["unit"].help_text = _("Left empty, the standard indicator's unit is taken.")
        self.fields["standard"].label_from_instance = _standard_label
        # A row sent without it (a page opened before the field existed) keeps the row's value.
        self.fields["direction"].required = False
        self.fields["baseline_year"].widget.attrs.update({"max": program.end_year})
        existing = {t.year: t.value for t in self.instance.targets.all()} if self.instance.pk else {}
        for year in program.years:
            self.fields[f"t{year}"] = forms.DecimalField(
                label=_("Target %(year)s") % {"year": year}, required=False, max_digits=14, decimal_places=2,
                initial=existing.get(year), widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            )  # fmt: skip

    def target_fields(self):
        return [self[f"t{year}"] for year in self.program.years]

    def clean_baseline_year(self):
        year = self.cleaned_data.get("baseline_year")
        if year and year > self.program.end_year:
            raise ValidationError(
                _("The baseline year cannot be after the program's last year (%(end)s)."),
                params={"end": self.program.end_year},
            )
        return year

    def clean_direction(self):
        return self.cleaned_data.get("direction") or self.instance.direction

    def clean(self):
        cleaned = super().clean()
        standard = cleaned.get("standard")
        if not cleaned.get("unit") and "unit" not in self.errors:
            if standard is not None:
                cleaned["unit"] = standard.unit
                self.instance.unit = standard.unit
            elif "standard" not in self.errors:
                self.add_error("unit", ValidationError(_("Enter the unit, or choose a standard indicator.")))
        return cleaned

    def targets(self) -> dict[int, Decimal | None]:
        return {year: self.cleaned_data.get(f"t{year}") for year in self.program.years}


def _standard_label(standard: StandardIndicator) -> str:
    """A standard indicator in a select: "DW-01 — its name" in the page's language."""
    return f"{standard.code} — {standard.name}"


def standard_indicator_choices(program: Program):
    """The standard indicators a program's indicator may point to, in Kyrgyz alphabetical order:
    the active ones, and any a row of this program already points to (so it stays saveable)."""
    in_use = Indicator.objects.filter(objective__goal__priority__program=program, standard__isnull=False)
    return StandardIndicator.objects.filter(
        Q(is_active=True) | Q(pk__in=in_use.values("standard_id"))
    ).order_by(by_name())


class BaseIndicatorFormSet(SharedChoicesMixin, BaseModelFormSet):
    shared_choice_fields = ("objective", "standard")

    def limit_choices(self, form):
        form.fields["standard"].queryset = standard_indicator_choices(self.program)

    def __init__(self, *args, program: Program, objectives, objective_codes, **kwargs):
        self.program = program
        self.objectives = objectives
        self.objective_codes = objective_codes
        kwargs.setdefault(
            "queryset",
            Indicator.objects.filter(objective__goal__priority__program=program)
            .prefetch_related("targets")
            .order_by(
                "objective__goal__priority__order",
                "objective__goal__order",
                "objective__order",
                "order",
                "id",
            ),
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "program": self.program,
            "objectives": self.objectives,
            "objective_codes": self.objective_codes,
        }


IndicatorFormSet = modelformset_factory(
    Indicator, form=IndicatorForm, formset=BaseIndicatorFormSet, extra=0, can_delete=True
)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"), help_text=_("The action plan template, filled in. Up to 5 MB.")
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_WORKBOOK_BYTES:  # also a file refused while it was received
            raise ValidationError(_("The file is larger than 5 MB."))
        return uploaded
