"""The trainings' documents, rendered by the documents app's worker (ky and ru).

The programme (sessions by day, trainers, a QR code to the training's public page), the
attendance sheets (one page a day: participants × that day's sessions and a column to sign), the
report (from the statistics of this one training) and the certificates: one landscape page per
certificate, all of a training's in ONE document, so 100 certificates are one render that the
documents' lease carries over a worker's restart, and one PDF to download. A single certificate
is a document of its own (kind CERTIFICATE, on the Certificate row). Templates in
templates/trainings/pdf/, contexts built by trainings/pdf.py.
"""

from django.utils.translation import gettext_lazy as _

from documents import registry, services
from documents.models import GeneratedDocument
from trainings.models import Certificate, Training

PROGRAMME = "training_programme"
ATTENDANCE_SHEETS = "training_attendance_sheets"
REPORT = "training_report"
CERTIFICATES = "training_certificates"
CERTIFICATE = "training_certificate"  # one certificate; its object is the Certificate
LANGUAGES = ("ky", "ru")

KINDS = (PROGRAMME, ATTENDANCE_SHEETS, REPORT, CERTIFICATES)
# The public may download the programme of a public training (it names trainers, no participant).
PUBLIC_KINDS = frozenset({PROGRAMME})
# They carry participants' names: for the training's managers only.
NAMED_KINDS = frozenset({ATTENDANCE_SHEETS, CERTIFICATES, CERTIFICATE})

LABELS = {
    PROGRAMME: _("programme"),
    ATTENDANCE_SHEETS: _("attendance sheets"),
    REPORT: _("training report"),
    CERTIFICATES: _("certificates"),
    CERTIFICATE: _("certificate"),
}
TEMPLATES = {
    PROGRAMME: "trainings/pdf/programme.html",
    ATTENDANCE_SHEETS: "trainings/pdf/attendance_sheets.html",
    REPORT: "trainings/pdf/report.html",
    CERTIFICATES: "trainings/pdf/certificates.html",
    CERTIFICATE: "trainings/pdf/certificates.html",
}


def _builder(kind: str):
    def build(training: Training) -> dict:
        from trainings.pdf import document_context

        return document_context(training, kind)

    return build


def _namer(kind: str):
    def name(training: Training, language: str) -> str:
        from trainings.pdf import document_filename

        return document_filename(training, kind, language)

    return name


def _build_certificate(certificate: Certificate) -> dict:
    from trainings.pdf import certificate_context

    return {"kind": CERTIFICATE, **certificate_context(certificate)}


def _name_certificate(certificate: Certificate, language: str) -> str:
    from trainings.pdf import certificate_filename

    return certificate_filename(certificate, language)


def register_documents() -> None:
    for kind in KINDS:
        registry.register(
            registry.DocumentKind(kind, TEMPLATES[kind], _builder(kind), _namer(kind), LABELS[kind])
        )
    registry.register(
        registry.DocumentKind(
            CERTIFICATE, TEMPLATES[CERTIFICATE], _build_certificate, _name_certificate, LABELS[CERTIFICATE]
        )
    )


def kinds_of(training: Training) -> tuple[str, ...]:
    """The kinds a training has: the certificates only once some were issued."""
    if Certificate.objects.filter(participation__training=training).exists():
        return KINDS
    return tuple(kind for kind in KINDS if kind != CERTIFICATES)


def request_documents(training: Training, kinds=None, languages=LANGUAGES) -> list[GeneratedDocument]:
    """Ask for the training's documents (each rendered once per content, after the commit)."""
    return [
        services.document_request(obj=training, kind=kind, language=language)
        for kind in (kinds_of(training) if kinds is None else kinds)
        for language in languages
    ]


def request_certificate(certificate: Certificate, language: str) -> GeneratedDocument:
    return services.document_request(obj=certificate, kind=CERTIFICATE, language=language)
