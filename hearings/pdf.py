"""The hearings' documents as PDF: the context of each template in templates/hearings/pdf/ and
the name of its file.

Every context is public content only, whatever the document (the public may download all but the
sign-in sheet, which is blank): the hearing's facts, its villages and materials, the published
proposals (never a contact, and no author's name at all, as in the open-data API), the attendance
as counted, the votes. It is read in a fixed number of queries whatever the number of proposals:

- every kind: the hearing with its municipality, rayon, oblast, program and monitoring report (1), its villages (1);
- the notice and the materials pack: the materials (1); the pack of an SEDP draft hearing adds
  the program's summary, `plan_context(program, audience="pdf", only=FINANCE)` (the plan's
  structure 3, the financial model 5, the hearings held on it 3);
- the protocol and the report-back: the mini-gatherings with their villages and counts (3), the
  attendance rolled up (3), the votes (2), the published proposals (1) and how many were hidden (1).

The HTML is the same for the same content (no date of rendering, no random part): the documents
app hashes it and renders a content once.
"""

from __future__ import annotations

import re

import segno
from django.conf import settings
from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hearings.models import Attendance, Hearing, Proposal
from municipalities.models import Village
from municipalities.ordering import by_name

_ILLEGAL_IN_FILENAME = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')

# Rows of the blank sign-in sheet (about 20 a page, so four pages), and lines for the text on the
# paper proposal form (one page).
SIGN_IN_ROWS = 84
PROPOSAL_FORM_LINES = 11

D = Proposal.Disposition
# The report-back's groups, in the order residents look for them; not answered yet comes last.
DISPOSITION_ORDER = (
    D.ACCEPTED,
    D.PARTLY_ACCEPTED,
    D.MERGED,
    D.OUTSIDE_COMPETENCE,
    D.REJECTED,
    D.WITHDRAWN,
    D.NONE,
)
PROTOCOL_KINDS = ("hearing_protocol", "hearing_report_back")
MATERIAL_KINDS = ("hearing_notice", "hearing_materials")


# The document's own words that are not in a template (the page's title in the margin).
TITLES = {
    "hearing_notice": _("Notice of a public hearing"),
    "hearing_materials": _("Materials of the public hearing"),
    "hearing_proposal_form": _("Proposal form"),
    "hearing_sign_in_sheet": _("Sign-in sheet"),
    "hearing_protocol": _("Protocol of the public hearing"),
    "hearing_report_back": _("What became of your proposals"),
}


def public_url(hearing: Hearing, language: str = "ky") -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("hearings:detail", args=[hearing.pk])


def monitoring_report_url(hearing: Hearing, language: str = "ky") -> str:
    """The public page of the monitoring report the hearing presents, once it is published (the
    documents name an unpublished report by its year, never link to it); "" otherwise."""
    from monitoring.selectors import report_is_public

    report = hearing.monitoring_report if hearing.monitoring_report_id else None
    if not report_is_public(report):
        return ""
    try:
        with translation.override(language):
            return settings.SITE_URL + reverse(
                "monitoring:report", kwargs={"pk": report.program_id, "year": report.year}
            )
    except NoReverseMatch:  # the public report page is not there (yet)
        return ""


def qr_svg(url: str) -> SafeString:
    """A QR code of `url` as inline SVG (segno), sized by the stylesheet (`svg.qr`)."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None, dark="#000")
    return mark_safe(svg)  # noqa: S308 - drawn by segno from our own address, no user markup


def _channels(hearing: Hearing) -> list[str]:
    labels = dict(Hearing.Channel.choices)
    return [str(labels[c]) for c in hearing.channels or () if c in labels]


def _gatherings(hearing: Hearing) -> list[Hearing]:
    """The mini-gatherings rolled up into this hearing, with their villages and counts (3 queries).
    Those never announced (entered from paper) are counted too, without their titles."""
    gatherings = list(
        Hearing.objects.filter(final_hearing=hearing)
        .select_related("attendance")
        .prefetch_related(Prefetch("villages", queryset=Village.objects.order_by(by_name(), "pk")))
        .order_by("starts_at", "pk")
    )
    for gathering in gatherings:
        gathering.public = gathering.status != Hearing.Status.DRAFT
        gathering.village_list = list(gathering.villages.all())
        counts = getattr(gathering, "attendance", None)
        gathering.counts = (counts.women, counts.men) if counts is not None else None
    return gatherings


def _proposal_groups(proposals: list[Proposal]) -> list[dict]:
    by_disposition: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        by_disposition.setdefault(proposal.disposition, []).append(proposal)
    labels = dict(D.choices)
    return [
        {"disposition": d, "label": labels[d], "proposals": by_disposition[d]}
        for d in DISPOSITION_ORDER
        if by_disposition.get(d)
    ]


def document_context(hearing: Hearing, kind: str) -> dict:
    """Everything templates/hearings/pdf/<kind>.html shows (see the module's docstring)."""
    from hearings.selectors import attendance_of, public_proposals, votes_of
    from planning.publication.pdf import document_date, page_counter_css

    hearing = Hearing.objects.select_related(
        "municipality__district__region", "program", "monitoring_report__program"
    ).get(pk=hearing.pk)
    municipality = hearing.municipality
    starts = timezone.localtime(hearing.starts_at)
    context = {
        "hearing": hearing,
        "kind": kind,
        "title": TITLES[kind],
        "municipality": municipality,
        "district": municipality.district,
        "region": municipality.district.region,
        "villages": list(hearing.villages.order_by(by_name(), "pk")),
        "channels": _channels(hearing),
        "agenda": [line.strip(" -•\t") for line in hearing.agenda.splitlines() if line.strip(" -•\t")],
        "starts": starts,
        "page_counter": page_counter_css(),
        "public_url": public_url(hearing, translation.get_language() or "ky"),
    }
    context["report_url"] = monitoring_report_url(hearing, translation.get_language() or "ky")
    if kind in ("hearing_notice", "hearing_proposal_form"):
        context["qr"] = qr_svg(context["public_url"])
    if kind in MATERIAL_KINDS:
        context["materials"] = list(hearing.materials.order_by("uploaded_at", "pk"))
    if kind == "hearing_materials" and hearing.kind == Hearing.Kind.SEDP_DRAFT and hearing.program_id:
        from planning.presentation import FINANCE, plan_context

        context["program"] = hearing.program
        context["plan"] = plan_context(hearing.program, audience="pdf", only={FINANCE})
    if kind == "hearing_sign_in_sheet":
        context["rows"] = range(1, SIGN_IN_ROWS + 1)
        context["groups"] = [str(Attendance._meta.get_field(name).verbose_name) for name in Attendance.GROUPS]
    if kind == "hearing_proposal_form":
        context["lines"] = range(PROPOSAL_FORM_LINES)
        context["age_groups"] = [label for value, label in Proposal.AgeGroup.choices]
    if kind in PROTOCOL_KINDS:
        proposals = list(public_proposals(hearing).defer("author_name", "contact"))
        context["proposals"] = proposals
        context["groups_by_disposition"] = _proposal_groups(proposals)
        context["hidden_count"] = Proposal.objects.filter(
            hearing=hearing, moderation=Proposal.Moderation.HIDDEN
        ).count()
    if kind == "hearing_protocol":
        attendance = attendance_of(hearing)
        context["attendance"] = attendance
        context["attendance_groups"] = [
            (str(Attendance._meta.get_field(name).verbose_name), attendance.groups[name])
            for name in Attendance.GROUPS
            if name in attendance.groups
        ]
        context["gatherings"] = _gatherings(hearing)
        context["votes"] = votes_of(hearing)
        context["minutes"] = hearing.minutes
        if hearing.council_decision_date:
            context["decision_date"] = document_date(hearing.council_decision_date)
    return context


def document_filename(hearing: Hearing, kind: str, language: str) -> str:
    from hearings.documents import LABELS

    with translation.override(language):
        what = str(LABELS[kind])
        when = timezone.localtime(hearing.starts_at).date().isoformat()
        stem = f"{hearing.municipality.name} {gettext('hearing')} {when} {what}"
    stem = " ".join(_ILLEGAL_IN_FILENAME.sub(" ", stem).split())[:150].strip(" .")
    return f"{stem or 'hearing'}.pdf"
