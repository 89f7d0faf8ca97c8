"""Addresses of the hearings' downloads (hearings/downloads.py), as the public pages link to them:
`/<lang>/hearings/<pk>/documents/<kind>/` and `/<lang>/hearings/<pk>/materials/<id>/`."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from hearings.documents import AFTER, LABELS, LANGUAGES, MATERIALS, NOTICE, PROPOSAL_FORM, PUBLIC_KINDS
from hearings.models import Hearing, HearingMaterial

# What a resident reads before the hearing, and after it (the sign-in sheet is never public).
BEFORE_KINDS = (NOTICE, MATERIALS, PROPOSAL_FORM)
AFTER_KINDS = tuple(kind for kind in AFTER if kind in PUBLIC_KINDS)


def _url(name: str, kwargs: dict, language: str | None) -> str:
    with translation.override(language or translation.get_language()):
        return reverse(name, kwargs=kwargs)


def document_url(hearing: Hearing, kind: str, language: str | None = None) -> str:
    """The public download of one of the hearing's documents, in `language` (ky or ru)."""
    if kind not in PUBLIC_KINDS:
        raise ValueError(f"{kind} is not a public document")
    return _url("hearings:document", {"pk": hearing.pk, "kind": kind}, language)


def material_url(material: HearingMaterial) -> str:
    """An uploaded material (budget tables, a tariff calculation) for residents to read."""
    return _url("hearings:material", {"pk": material.hearing_id, "material_id": material.pk}, None)


def public_documents(hearing: Hearing, *, closed: bool) -> list[dict]:
    """The documents the hearing's page offers, each in Kyrgyz and Russian: the notice, the
    materials pack and the proposal form from the announcement on; the protocol and the
    report-back once the hearing is closed."""
    kinds = BEFORE_KINDS + (AFTER_KINDS if closed else ())
    return [
        {
            "kind": kind,
            "label": LABELS[kind],
            "links": [(language, document_url(hearing, kind, language)) for language in LANGUAGES],
        }
        for kind in kinds
    ]
