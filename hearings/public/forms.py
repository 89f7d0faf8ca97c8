"""The forms of the public hearing pages: the list's filters and a resident's proposal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hearings.models import Gender, Hearing, Proposal
from hearings.services import MAX_NAME, MAX_TEXT
from municipalities.models import District, Region
from municipalities.ordering import by_name


class HearingFilterForm(forms.Form):
    UPCOMING, PAST = "upcoming", "past"

    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Upcoming and past")), (UPCOMING, _("Upcoming")), (PAST, _("Past"))],
    )
    oblast = forms.ModelChoiceField(
        label=_("Oblast"), queryset=Region.objects.all(), required=False, empty_label=_("All oblasts")
    )
    rayon = forms.ModelChoiceField(
        label=_("Rayon"),
        queryset=District.objects.select_related("region"),
        required=False,
        empty_label=_("All rayons"),
    )
    kind = forms.ChoiceField(
        label=_("Subject"), required=False, choices=[("", _("All subjects")), *Hearing.Kind.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1991, max_value=2100)

    def filters(self) -> dict:
        """The valid filters only: a bad value in one field does not undo the others."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) for name in self.fields if name not in self.errors}


class NulFreeCharField(forms.CharField):
    """Text as residents type it, without NUL characters (dropped, not refused: a phone's
    keyboard or a pasted text can carry them, and the database refuses them)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\x00", "")
        return super().to_python(value)


class ProposalForm(forms.Form):
    """A resident's proposal (no account needed). The contact is for the aiyl okmotu only."""

    text = NulFreeCharField(
        label=_("Your proposal"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write your proposal: a few words at least."),
            "max_length": _(
                "The proposal is too long: at most %(limit_value)d characters (it has %(show_value)d). "
                "Shorten it, or send it in two parts."
            ),
        },
    )
    village = forms.ModelChoiceField(label=_("Your village"), queryset=None, required=False, empty_label="—")
    author_name = NulFreeCharField(
        label=_("Your name (optional)"),
        max_length=MAX_NAME,
        required=False,
        error_messages={"max_length": _("The name is too long: at most %(limit_value)d characters.")},
    )
    name_may_be_published = forms.BooleanField(
        label=_("My name may be published with the proposal"), required=False
    )
    gender = forms.ChoiceField(
        label=_("Gender (optional)"), required=False, choices=[("", "—"), *Gender.choices]
    )
    age_group = forms.ChoiceField(
        label=_("Age (optional)"), required=False, choices=[("", "—"), *Proposal.AgeGroup.choices]
    )
    contact = NulFreeCharField(
        label=_("Phone or e-mail (optional)"),
        max_length=200,
        required=False,
        help_text=_("Only the aiyl okmotu sees it, to answer you. It is never published."),
        error_messages={"max_length": _("The contact is too long: at most %(limit_value)d characters.")},
    )
    # A field people do not see (hidden from screen readers too); scripts that fill in every
    # field fill this one, and their proposal is refused.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, hearing: Hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.hearing = hearing
        self.fields["village"].queryset = hearing.municipality.villages.order_by(by_name(), "pk")
        # No maxlength in the page: a browser would cut a long pasted text without a word; the
        # server says how long it is instead, and keeps it.
        self.fields["text"].widget.attrs.pop("maxlength", None)
        self.fields["text"].help_text = gettext("At most %(limit)s characters.") % {"limit": MAX_TEXT}

    @property
    def is_from_a_script(self) -> bool:
        return bool(self.data.get("website", "").strip())
