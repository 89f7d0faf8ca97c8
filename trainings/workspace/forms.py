"""Forms of the trainings' workspace pages. Validation here, with messages in the user's language;
saving in trainings/services.py and trainings/workflow.py."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from municipalities.models import DonorProject, Municipality, Region
from municipalities.ordering import by_name
from trainings.models import Gender, Person, Role, Session, Trainer, Training

MAX_TOPICS = 3000


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
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        drop_nul(self)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def plannable_projects(user):
    """The projects this user may plan trainings of (trainings.access.may_create_training):
    their own; all for administrators."""
    projects = permissions.managed_projects(user)
    rows = DonorProject.objects.all()
    return rows if projects is None else rows.filter(pk__in=projects)


def may_plan_trainings(user) -> bool:
    """Whether the user may plan a training of some project (coordinators, administrators)."""
    projects = permissions.managed_projects(user)
    return projects is None or bool(projects)


# --- The list's filter ------------------------------------------------------------------------


class TrainingFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    project = forms.ModelChoiceField(
        label=_("Donor project"), queryset=DonorProject.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, years=(), projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("all years")), *[(y, str(y)) for y in years]]
        self.fields["project"].queryset = projects if projects is not None else DonorProject.objects.none()
        self.fields["project"].empty_label = _("all projects")
        self.fields["status"].choices = [("", _("any status")), *Training.Status.choices]


# --- A training's details ---------------------------------------------------------------------


class TrainingForm(forms.ModelForm):
    """A training's details. The project select offers only the projects the user may plan."""

    class Meta:
        model = Training
        fields = [
            "title", "project", "format", "organiser", "implementer", "topics", "first_day", "last_day",
            "venue_district", "venue_city", "venue_address", "audience", "planned_participants",
            "certificate_min_share", "certificate_hours", "certificate_signatory",
        ]  # fmt: skip
        widgets = {
            "first_day": DateInput(),
            "last_day": DateInput(),
            "topics": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        drop_nul(self)
        self.fields["project"].queryset = plannable_projects(user)
        self.fields["project"].required = permissions.managed_projects(user) is not None
        topics = self.fields["topics"]
        self.fields["topics"] = forms.CharField(
            label=topics.label, help_text=topics.help_text, required=False, max_length=MAX_TOPICS,
            widget=forms.Textarea(attrs={"rows": 4}),
        )  # fmt: skip
        drop_nul(self)
        self.fields["venue_district"].queryset = self.fields["venue_district"].queryset.select_related(
            "region"
        )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("The last day cannot come before the first."))
        return cleaned

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "project"}


class CancelForm(TextForm):
    reason = forms.CharField(
        label=_("Why is the training cancelled?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- Sessions ---------------------------------------------------------------------------------


class SessionForm(TextForm):
    """A session, its trainers from the shared list, and perhaps a trainer not on it yet."""

    day = forms.TypedChoiceField(label=_("Day"), coerce=date.fromisoformat)
    order = forms.IntegerField(
        label=_("Number in the day"), min_value=1, max_value=99, required=False,
        help_text=_("Leave empty to put it after the day's last session."),
    )  # fmt: skip
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = forms.TimeField(label=_("Starts at"), required=False, widget=TimeInput())
    ends_at = forms.TimeField(label=_("Ends at"), required=False, widget=TimeInput())
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"),
        queryset=Trainer.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_trainer_name = forms.CharField(label=_("A new trainer: name"), max_length=200, required=False)
    new_trainer_organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    new_trainer_gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )

    def __init__(self, *args, training: Training, **kwargs):
        super().__init__(*args, **kwargs)
        first, last = training.first_day.toordinal(), training.last_day.toordinal()
        days = [date.fromordinal(o) for o in range(first, last + 1)]
        self.fields["day"].choices = [(d.isoformat(), d.strftime("%d.%m.%Y")) for d in days]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        if cleaned.get("new_trainer_name") and not cleaned.get("new_trainer_gender"):
            self.add_error("new_trainer_gender", _("Choose the trainer's gender."))
        return cleaned

    @classmethod
    def initial_of(cls, session: Session) -> dict:
        return {
            "day": session.day.isoformat(),
            "order": session.order,
            "title": session.title,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "trainers": list(session.trainers.all()),
        }


# --- Participants -----------------------------------------------------------------------------


def municipality_choices() -> list:
    """The municipalities grouped by oblast and rayon (one query), for a select on a phone."""
    rows = Municipality.objects.select_related("district__region").order_by(
        by_name("district__region__name"), by_name("district__name"), by_name()
    )
    groups: dict[str, list] = {}
    for municipality in rows:
        district = municipality.district
        label = f"{district.region.name} · {district.name}"
        groups.setdefault(label, []).append((municipality.pk, municipality.name))
    return [("", "—"), *groups.items()]


class ParticipantForm(TextForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, widget=forms.RadioSelect)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.AO_SPECIALIST)
    municipality = forms.TypedChoiceField(
        label=_("Municipality"), coerce=int, empty_value=None, required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipality_choices()

    def clean_municipality(self):
        pk = self.cleaned_data.get("municipality")
        if pk is None:
            return None
        found = Municipality.objects.filter(pk=pk).first()
        if found is None:
            raise forms.ValidationError(_("Choose a municipality from the list."))
        return found

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not Person.key_of(name):
            raise forms.ValidationError(_("Enter the participant's full name."))
        return name


class MergeForm(forms.Form):
    duplicate = forms.TypedChoiceField(label=_("The duplicate record"), coerce=int, empty_value=None)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].choices = [
            ("", "—"),
            *[
                (p.pk, f"{p.full_name} · {p.municipality.name if p.municipality else '—'} · №{p.pk}")
                for p in candidates
            ],
        ]


# --- Tallies ----------------------------------------------------------------------------------


class TallyForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Oblast"), queryset=Region.objects.all(), required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices], required=False)
    count = forms.IntegerField(label=_("Number"), min_value=0, max_value=100000, required=False)

    def clean(self):
        cleaned = super().clean()
        filled = [cleaned.get(n) not in (None, "") for n in ("region", "gender", "role", "count")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(
                _("Fill in the oblast, the gender, the role and the number of a row.")
            )
        return cleaned


TallyFormSet = forms.formset_factory(TallyForm, extra=3, max_num=300, validate_max=True, absolute_max=300)


# --- Materials --------------------------------------------------------------------------------


class MaterialForm(TextForm):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG or Excel (.xlsx), up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.xlsx"}),
    )
