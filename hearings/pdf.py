"""The hearings' documents as PDF: the context of each template in templates/hearings/pdf/ and
the name of its file. Fixed number of queries whatever the number of proposals."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hearings.models import Hearing

_ILLEGAL_IN_FILENAME = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')


def public_url(hearing: Hearing, language: str = "ky") -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("hearings:detail", args=[hearing.pk])


def document_context(hearing: Hearing, kind: str) -> dict:
    from hearings.selectors import attendance_of, public_proposals, votes_of

    hearing = Hearing.objects.select_related("municipality__district__region", "program").get(pk=hearing.pk)
    context = {"hearing": hearing, "kind": kind, "municipality": hearing.municipality}
    if kind in ("hearing_protocol", "hearing_report_back"):
        context["attendance"] = attendance_of(hearing)
        context["proposals"] = list(public_proposals(hearing))
        context["votes"] = votes_of(hearing)
    return context


def document_filename(hearing: Hearing, kind: str, language: str) -> str:
    from hearings.documents import LABELS

    with translation.override(language):
        what = str(LABELS[kind])
        when = hearing.starts_at.date().isoformat()
        stem = f"{hearing.municipality.name} {gettext('hearing')} {when} {what}"
    stem = " ".join(_ILLEGAL_IN_FILENAME.sub(" ", stem).split())[:150].strip(" .")
    return f"{stem or 'hearing'}.pdf"
