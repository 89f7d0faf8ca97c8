"""The trainings' documents as PDF: the context of each template in templates/trainings/pdf/, the
name of its file, and the QR codes (SVG, drawn by segno, inline in the HTML).

Each context is read in a fixed number of queries whatever the number of participants or
certificates (the batch of 100 certificates reads what the batch of 10 does). No date of
rendering in any of them: the same content gives the same HTML, which documents/ hashes.
"""

from __future__ import annotations

import re
from collections import defaultdict

import segno
from django.conf import settings
from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from trainings.models import Certificate, Participation, Role, Session, Trainer, Training

_ILLEGAL_IN_FILENAME = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')


def _language() -> str:
    return translation.get_language() or "ky"


def public_url(training: Training, language: str | None = None) -> str:
    """The training's public page (what the programme's QR code leads to)."""
    language = language or _language()
    with translation.override(language):
        try:
            path = reverse("trainings:detail", args=[training.pk])
        except NoReverseMatch:  # the public pages are another room's; their address is fixed
            path = f"/{language}/trainings/{training.pk}/"
    return settings.SITE_URL + path


def verification_url(code: str, language: str | None = None) -> str:
    """Where a certificate's QR code leads: /<lang>/certificates/<code>/."""
    language = language or _language()
    with translation.override(language):
        return settings.SITE_URL + reverse("certificates:verify", args=[code])


def qr_svg(url: str, *, size_mm: float = 30) -> SafeString:
    """A QR code of the URL as inline SVG, `size_mm` wide (quiet zone included)."""
    code = segno.make(url, error="m", micro=False)
    modules = code.symbol_size(border=4)[0]
    svg = code.svg_inline(scale=size_mm / modules, unit="mm", border=4, omitsize=False)
    return mark_safe(svg)  # noqa: S308 - segno's own markup; the URL is ours and is escaped by segno


def _training(pk: int) -> Training:
    return Training.objects.select_related("project", "venue_district__region").get(pk=pk)


def _sessions(training: Training) -> list[Session]:
    return list(
        Session.objects.filter(training=training)
        .prefetch_related(Prefetch("trainers", queryset=Trainer.objects.order_by("name", "id")))
        .order_by("day", "order", "starts_at", "id")
    )


def _days(sessions: list[Session]) -> list[tuple[object, list[Session]]]:
    by_day: dict[object, list[Session]] = defaultdict(list)
    for session in sessions:
        by_day[session.day].append(session)
    return sorted(by_day.items(), key=lambda item: item[0])


def venue(training: Training) -> str:
    parts = [
        training.venue_district.name if training.venue_district_id else "",
        training.venue_city,
        training.venue_address,
    ]
    return ", ".join(part for part in parts if part)


def programme_context(training: Training) -> dict:
    """The programme: sessions by day with their times and trainers, a QR code to the public
    page. No participant's name (the public may download it). Three queries."""
    training = _training(training.pk)
    url = public_url(training)
    return {
        "training": training,
        "venue": venue(training),
        "days": _days(_sessions(training)),
        "public_url": url,
        "qr": qr_svg(url, size_mm=28),
    }


def attendance_sheets_context(training: Training) -> dict:
    """A sheet per day: every participant × that day's sessions, and a column to sign. Four queries."""
    training = _training(training.pk)
    participants = list(
        Participation.objects.filter(training=training)
        .select_related("person__municipality")
        .order_by("person__full_name", "pk")
    )
    return {
        "training": training,
        "venue": venue(training),
        "days": _days(list(Session.objects.filter(training=training).order_by("day", "order", "id"))),
        "participants": participants,
    }


def report_context(training: Training) -> dict:
    """The training's report from trainings.selectors.training_statistics for this one training
    (whatever its status): participants by oblast → rayon, role and gender, target vs
    neighbouring, planned vs actual. Counts and place names only."""
    from trainings.selectors import training_statistics

    training = _training(training.pk)
    stats = training_statistics(trainings=[training.pk], statuses=list(Training.Status.values))
    roles = dict(Role.choices)
    return {
        "training": training,
        "venue": venue(training),
        "days": _days(_sessions(training)),
        "stats": stats,
        "by_role": [(roles.get(role, role), figures) for role, figures in stats.by_role.items()],
        "row": stats.rows[0] if stats.rows else None,
    }


def _certificate_rows(certificates) -> list[dict]:
    return [
        {
            "certificate": certificate,
            "name": certificate.participation.person.full_name,
            "url": (url := verification_url(certificate.code)),
            "qr": qr_svg(url, size_mm=32),
        }
        for certificate in certificates
    ]


def certificates_context(training: Training) -> dict:
    """Every certificate of the training, one landscape page each (the batch). Two queries
    whatever the number of certificates."""
    training = _training(training.pk)
    certificates = (
        Certificate.objects.filter(participation__training=training)
        .select_related("participation__person")
        .order_by("year", "serial")
    )
    return {"training": training, "venue": venue(training), "certificates": _certificate_rows(certificates)}


def certificate_context(certificate: Certificate) -> dict:
    """One certificate's page (the same template as the batch)."""
    certificate = Certificate.objects.select_related(
        "participation__person", "participation__training__venue_district__region"
    ).get(pk=certificate.pk)
    training = certificate.participation.training
    return {"training": training, "venue": venue(training), "certificates": _certificate_rows([certificate])}


BUILDERS = {
    "training_programme": programme_context,
    "training_attendance_sheets": attendance_sheets_context,
    "training_report": report_context,
    "training_certificates": certificates_context,
}


def document_context(training: Training, kind: str) -> dict:
    return {"kind": kind, **BUILDERS[kind](training)}


def _clean(stem: str, fallback: str) -> str:
    stem = " ".join(_ILLEGAL_IN_FILENAME.sub(" ", stem).split())[:150].strip(" .")
    return f"{stem or fallback}.pdf"


def document_filename(training: Training, kind: str, language: str) -> str:
    from trainings.documents import LABELS

    with translation.override(language):
        stem = f"{training.title} {training.first_day.isoformat()} {LABELS[kind]}"
    return _clean(stem, "training")


def certificate_filename(certificate: Certificate, language: str) -> str:
    with translation.override(language):
        stem = f"{gettext('certificate')} {certificate.number}"
    return _clean(stem, "certificate")
