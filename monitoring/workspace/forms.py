"""Forms of the yearly report's workspace pages.

They only carry what was typed and keep it for the page drawn again: the numbers, dates and
states are checked by monitoring/services.py (its MonitoringError names the field, and the view
puts its message there). Each form knows which of its fields changed (Django's `changed_data`
against the saved values), so a page's Save writes only what the person changed.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.models import ActivityProgress
from monitoring.services import MAX_SOURCE, MAX_TEXT

NUMBER_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}
PROGRESS_FIELDS = ("status", "share_done", "reason", "comment")


def typed(value: Decimal | int | None) -> str:
    """A saved number as the field shows it (what a person would type)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text[:-3] if text.endswith(".00") else text
    return str(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _number(label, **kwargs) -> forms.CharField:
    # A text field: "1 500,50" is a number here; the service says what is wrong with a bad one.
    return forms.CharField(
        label=label, required=False, max_length=40, widget=forms.TextInput(attrs=NUMBER_ATTRS), **kwargs
    )


class StartReportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


class ActivityForm(forms.Form):
    """One activity of a direction: what became of it and what was spent on it, by source."""

    status = forms.ChoiceField(label=_("implementation status"), choices=ActivityProgress.Status.choices)
    share_done = forms.CharField(
        label=_("share done, %"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=MAX_TEXT,
        help_text=_("Required when the activity is delayed or cancelled."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = forms.CharField(
        label=_("comment"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, row, sources, **kwargs):
        self.row = row
        progress = row.progress
        initial = {
            "status": progress.status if progress else ActivityProgress.Status.NOT_STARTED,
            "share_done": str(progress.share_done) if progress else "0",
            "reason": progress.reason if progress else "",
            "comment": progress.comment if progress else "",
        }
        self.source_lines = []
        for line in row.sources:
            name = f"amount_{line.source.pk}"
            initial[name] = typed(line.actual)
        super().__init__(*args, initial=initial, prefix=f"a{row.activity.pk}", **kwargs)
        for line in row.sources:
            name = f"amount_{line.source.pk}"
            self.fields[name] = _number(line.source.name)
            self.source_lines.append((line, name))
        listed = {line.source.pk for line in row.sources}
        others = [(source.pk, source.name) for source in sources if source.pk not in listed]
        self.has_other_sources = bool(others)
        if others:
            self.fields["new_source"] = forms.TypedChoiceField(
                label=_("Another funding source"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "—"), *others],
            )
            self.fields["new_amount"] = _number(_("actual spending, KGS"))

    def amount_fields(self):
        """(the plan's line of the source, the bound field of its actual amount)."""
        return [(line, self[name]) for line, name in self.source_lines]

    def clean(self):
        data = super().clean()
        if (data.get("new_amount") or "").strip() and not data.get("new_source"):
            self.add_error("new_source", _("Choose a funding source."))
        return data

    def progress_changed(self) -> bool:
        return any(name in self.changed_data for name in PROGRESS_FIELDS)

    def spending_changed(self):
        """(source id, field name, amount typed) of each amount the person changed."""
        changed = [
            (line.source.pk, name, self.cleaned_data.get(name, ""))
            for line, name in self.source_lines
            if name in self.changed_data
        ]
        if self.cleaned_data.get("new_source") and (self.cleaned_data.get("new_amount") or "").strip():
            changed.append((self.cleaned_data["new_source"], "new_amount", self.cleaned_data["new_amount"]))
        return changed


class IndicatorForm(forms.Form):
    """The value one indicator reached in the year."""

    value = _number(_("actual value"))
    women = _number(_("of which women"))
    men = _number(_("of which men"))
    source = forms.CharField(label=_("source of the figure"), required=False, max_length=MAX_SOURCE)

    def __init__(self, *args, row, **kwargs):
        self.row = row
        actual = row.actual
        initial = {
            "value": typed(actual.value) if actual else "",
            "women": typed(actual.women) if actual else "",
            "men": typed(actual.men) if actual else "",
            "source": actual.source if actual else "",
        }
        super().__init__(*args, initial=initial, prefix=f"i{row.indicator.pk}", **kwargs)


class VerificationForm(forms.Form):
    """The JMEG's verification and the council's hearing (field names as the service's)."""

    jmeg_verified_on = forms.CharField(
        label=_("date of the JMEG's verification"), required=False, widget=DateInput()
    )
    jmeg_women = forms.CharField(
        label=_("JMEG members: women"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    jmeg_men = forms.CharField(
        label=_("JMEG members: men"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    jmeg_remarks = forms.CharField(
        label=_("the JMEG's remarks"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    council_heard_on = forms.CharField(
        label=_("date the local council heard the report"), required=False, widget=DateInput()
    )

    def __init__(self, *args, report, **kwargs):
        initial = {
            "jmeg_verified_on": report.jmeg_verified_on.isoformat() if report.jmeg_verified_on else "",
            "jmeg_women": typed(report.jmeg_women),
            "jmeg_men": typed(report.jmeg_men),
            "jmeg_remarks": report.jmeg_remarks,
            "council_heard_on": report.council_heard_on.isoformat() if report.council_heard_on else "",
        }
        super().__init__(*args, initial=initial, **kwargs)
