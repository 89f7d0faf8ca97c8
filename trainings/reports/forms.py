"""The statistics' filters and the import's upload."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from trainings.models import Role, Training
from trainings.reports.cells import MAX_WORKBOOK_BYTES


class StatisticsFilterForm(forms.Form):
    """The choices are only what this user may see (their projects). An invalid value (not a
    number, a project that is not theirs, an unknown role) is dropped, the other filters still
    apply: a hostile query string never fails the page."""

    project = forms.TypedChoiceField(label=_("Project"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    oblast = forms.TypedChoiceField(label=_("Oblast"), required=False, coerce=int, empty_value=None)
    rayon = forms.TypedChoiceField(label=_("Rayon"), required=False, coerce=int, empty_value=None)
    role = forms.ChoiceField(label=_("Role"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)

    FILTERS = ("project", "year", "oblast", "rayon", "role", "format")

    def __init__(self, *args, projects, years, regions, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", _("All my projects")), *projects]
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]
        self.fields["oblast"].choices = [("", _("All oblasts")), *regions]
        self.fields["rayon"].choices = [("", _("All rayons")), *districts]
        self.fields["role"].choices = [("", _("All roles")), *Role.choices]
        self.fields["format"].choices = [("", _("All formats")), *Training.Format.choices]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def valid_filters(self) -> dict:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in self.FILTERS if cleaned.get(name)}


class ParticipantsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file of participants (.xlsx)"),
        help_text=_("At most 5 MB, filled in from the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_WORKBOOK_BYTES:
            raise ValidationError(
                _("The file is %(size)s; at most %(limit)s are accepted."),
                params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_WORKBOOK_BYTES)},
            )
        return file
