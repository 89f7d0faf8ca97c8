"""The upload of a filled-in report workbook."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from documents.workbook_check import MAX_WORKBOOK_BYTES


class ReportImportForm(forms.Form):
    file = forms.FileField(
        label=_("The report's workbook, filled in (.xlsx)"),
        help_text=_("The workbook downloaded from this report. At most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_WORKBOOK_BYTES:  # also a file refused while it was received
            raise ValidationError(
                _("The file is %(size)s; at most %(limit)s are accepted."),
                params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_WORKBOOK_BYTES)},
            )
        return file
