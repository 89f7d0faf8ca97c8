"""The hearings' workspace: municipal staff prepare a hearing, the head announces and closes it,
and after it staff enter what happened on paper.

Every view asks hearings.access first (hearing_for_user, municipality_for_user): 404 to people who
may not read the municipality, 403 to readers without the right. Writes go through
hearings.services and hearings.workflow, which check the state and refuse with a message; on an
error the page comes back with what the user typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from documents import services as document_services
from documents.http import stored_file_response
from documents.uploads import material_response
from hearings import documents as hearing_documents
from hearings import services, workflow
from hearings.access import hearing_for_user, may_prepare_hearings, municipality_for_user
from hearings.models import Attendance, AttendanceByVillage, Hearing, HearingMaterial, Proposal
from hearings.selectors import attendance_of
from hearings.workspace import forms

S = Hearing.Status
M = Proposal.Moderation


def back_to(request, default: str) -> str:
    """The page to return to after a POST (`next`, if it is on this site), else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def read_only_reason(hearing: Hearing) -> str:
    if not hearing.access.edit:
        return _("You can read this hearing; only its municipality's staff can change it.")
    return _("The hearing is “%(status)s” and cannot be changed now.") % {
        "status": hearing.get_status_display()
    }


def disable(form) -> None:
    for field in form.fields.values():
        field.disabled = True


def proposal_counts(hearing: Hearing) -> dict:
    """How many proposals, waiting for moderation, hidden, and published without an answer (one query)."""
    return Proposal.objects.filter(hearing=hearing).aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(moderation=M.PENDING)),
        hidden=Count("pk", filter=Q(moderation=M.HIDDEN)),
        unanswered=Count("pk", filter=Q(moderation=M.PUBLISHED, disposition="")),
    )


def hearing_context(hearing: Hearing, section: str, **extra) -> dict:
    """What every page of one hearing shows around its own content (the tabs, the status)."""
    return {
        "hearing": hearing,
        "access": hearing.access,
        "writable": hearing.access.writable,
        "section": section,
        **extra,
    }


# --- Documents ------------------------------------------------------------------------------


def document_link(hearing: Hearing, kind: str, language: str) -> str:
    """The workspace download of one document in one language (hearings/downloads.py)."""
    with translation.override(language):
        return reverse("hearings_ws:document", kwargs={"pk": hearing.pk, "kind": kind})


def document_rows(hearing: Hearing) -> list[dict]:
    """The hearing's documents by kind, each language's latest render and its link (one query)."""
    kinds = list(hearing_documents.BEFORE)
    if hearing.status in (S.HELD, S.CLOSED):
        kinds += list(hearing_documents.AFTER)
    made = {(d.kind, d.language): d for d in document_services.documents_of(hearing, kinds=kinds)}
    return [
        {
            "kind": kind,
            "label": hearing_documents.LABELS[kind],
            "public": kind in hearing_documents.PUBLIC_KINDS,
            "languages": [
                {
                    "language": language,
                    "document": made.get((kind, language)),
                    "url": document_link(hearing, kind, language),
                }
                for language in hearing_documents.LANGUAGES
            ],
        }
        for kind in kinds
    ]


# --- A municipality's hearings --------------------------------------------------------------


@login_required
@require_safe
def hearing_list(request, mid: int):
    """The hearings of a municipality, newest first, with their proposals waiting for answers."""
    municipality = municipality_for_user(request.user, mid)
    hearings = (
        Hearing.objects.filter(municipality=municipality)
        .select_related("final_hearing")
        .annotate(
            proposal_count=Count("proposals"),
            pending_count=Count("proposals", filter=Q(proposals__moderation=M.PENDING)),
        )
        .order_by("-starts_at", "-pk")
    )
    return render(
        request,
        "hearings/workspace/list.html",
        {
            "municipality": municipality,
            "hearings": hearings,
            "may_prepare": may_prepare_hearings(request.user, municipality),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def hearing_create(request, mid: int):
    """Prepare a new hearing: it stays in the workspace until the head announces it."""
    municipality = municipality_for_user(request.user, mid, need="edit")
    form = forms.HearingForm(request.POST or None, municipality=municipality)
    if request.method == "POST":
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "villages"}
            hearing = services.hearing_create(
                municipality=municipality,
                user=request.user,
                villages=form.cleaned_data.get("villages") or (),
                **fields,
            )
            messages.success(
                request, _("The hearing is being prepared. When everything is ready, the head announces it.")
            )
            return redirect("hearings_ws:detail", hearing.pk)
        messages.error(request, _("Nothing was saved: please correct the errors marked below."))
    return render(request, "hearings/workspace/create.html", {"municipality": municipality, "form": form})


# --- One hearing ----------------------------------------------------------------------------


def _readiness(hearing: Hearing):
    """The next step's checklist: announcing (being prepared, postponed) or closing (held)."""
    if hearing.status in (S.DRAFT, S.POSTPONED):
        return workflow.TRANSITIONS[workflow.Action.ANNOUNCE], workflow.announce_readiness(hearing)
    if hearing.status == S.HELD:
        return workflow.TRANSITIONS[workflow.Action.CLOSE], workflow.close_readiness(hearing)
    return None, None


def _render_detail(request, hearing: Hearing, *, postpone_form=None, cancel_form=None, status=200):
    step, readiness = _readiness(hearing)
    changes = hearing.status_changes.select_related("by").order_by("-at", "-id")
    context = hearing_context(
        hearing,
        "overview",
        step=step,
        readiness=readiness,
        actions=workflow.available_actions(hearing.access),
        postpone_form=postpone_form or forms.PostponeForm(prefix="postpone"),
        cancel_form=cancel_form or forms.CancelForm(prefix="cancel"),
        counts=proposal_counts(hearing),
        attendance=attendance_of(hearing),
        materials=list(hearing.materials.all()),
        villages=list(hearing.villages.all()),
        gatherings=list(Hearing.objects.filter(final_hearing=hearing).order_by("starts_at")),
        vote_count=hearing.votes.count(),
        documents=document_rows(hearing),
        changes=changes,
    )
    return render(request, "hearings/workspace/detail.html", context, status=status)


@login_required
@require_safe
def hearing_detail(request, pk: int):
    """The hearing's page: where it stands, what the next step needs, its buttons and documents."""
    hearing = hearing_for_user(request.user, pk)
    return _render_detail(request, hearing)


@login_required
@require_POST
def transition(request, pk: int, action: str):
    """Announce, postpone, cancel, record as held or close (one POST each, version-checked).

    The workflow table (hearings/workflow.py) says who may take the step and what it asks for;
    a refused step changes nothing and the page says why, with what was typed kept."""
    step = workflow.TRANSITIONS.get(action)
    if step is None:
        raise Http404
    hearing = hearing_for_user(request.user, pk, need=step.actor)
    kwargs = {"hearing": hearing, "user": request.user, "expected_version": request.POST.get("version")}
    postpone_form = cancel_form = None
    if step.asks == workflow.Asks.NEW_DATE:
        postpone_form = forms.PostponeForm(request.POST, prefix="postpone")
        valid = postpone_form.is_valid()
        kwargs["new_start"] = postpone_form.cleaned_data.get("new_start") if valid else None
        kwargs["reason"] = request.POST.get("postpone-reason", "")
    elif step.asks == workflow.Asks.REASON:
        cancel_form = forms.CancelForm(request.POST, prefix="cancel")
        cancel_form.is_valid()
        kwargs["reason"] = request.POST.get("cancel-reason", "")
    try:
        step.run(**kwargs)
    except workflow.TransitionError as error:
        messages.error(request, error.message)
        for detail in error.details:
            messages.warning(request, detail)
        hearing = hearing_for_user(request.user, pk)
        return _render_detail(request, hearing, postpone_form=postpone_form, cancel_form=cancel_form)
    messages.success(request, step.done)
    return redirect("hearings_ws:detail", hearing.pk)


@login_required
@require_http_methods(["GET", "POST"])
def hearing_edit(request, pk: int):
    """The hearing's details; after it, the minutes and the council's decision.

    The form carries the version it was loaded with: a save over someone else's answers 409 and
    shows the typed text again, to be saved on purpose."""
    hearing = hearing_for_user(request.user, pk, need="read" if request.method == "GET" else "edit")
    writable = hearing.access.writable
    # The form writes into its own copy, so the page around it shows the hearing as saved.
    instance = Hearing.objects.select_related("municipality").get(pk=hearing.pk)
    form_kwargs = {"instance": instance, "municipality": hearing.municipality}
    if request.method == "POST":
        if not writable:
            messages.error(request, read_only_reason(hearing))
            return redirect("hearings_ws:edit", hearing.pk)
        form = forms.HearingDetailsForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                posted_version = int(request.POST.get("version", ""))
            except ValueError:
                posted_version = -1
            instance.version = posted_version
            try:
                services.hearing_save_details(hearing=instance, user=request.user, form=form)
            except services.HearingError as error:
                current = Hearing.objects.get(pk=hearing.pk)
                return render(
                    request,
                    "hearings/workspace/edit.html",
                    hearing_context(
                        hearing, "details", form=form, version=current.version, conflict=error.message
                    ),
                    status=409,
                )
            messages.success(request, _("Saved."))
            return redirect("hearings_ws:edit", hearing.pk)
        messages.error(request, _("Nothing was saved: please correct the errors marked below."))
        version = request.POST.get("version", "")
    else:
        form = forms.HearingDetailsForm(**form_kwargs)
        version = hearing.version
        if not writable:
            disable(form)
    return render(
        request,
        "hearings/workspace/edit.html",
        hearing_context(
            hearing,
            "details",
            form=form,
            version=version,
            read_only_reason=None if writable else read_only_reason(hearing),
        ),
    )


# --- Materials ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def materials(request, pk: int):
    """Files residents read before the hearing (tables, calculations), checked by content."""
    hearing = hearing_for_user(request.user, pk, need="read" if request.method == "GET" else "edit")
    writable = hearing.access.writable
    form = forms.MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not writable:
            messages.error(request, read_only_reason(hearing))
            return redirect("hearings_ws:materials", hearing.pk)
        if form.is_valid():
            try:
                services.material_add(
                    hearing=hearing,
                    user=request.user,
                    title=form.cleaned_data["title"],
                    file=form.cleaned_data["file"],
                    content_kind=form.content_kind,
                )
            except services.HearingError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The file is attached."))
                return redirect("hearings_ws:materials", hearing.pk)
        else:
            messages.error(request, _("Nothing was saved: please correct the errors marked below."))
    return render(
        request,
        "hearings/workspace/materials.html",
        hearing_context(
            hearing,
            "materials",
            form=form if writable else None,
            materials=list(hearing.materials.select_related("uploaded_by")),
            read_only_reason=None if writable else read_only_reason(hearing),
        ),
    )


def _material_of(hearing: Hearing, material_id: int) -> HearingMaterial:
    return get_object_or_404(HearingMaterial, pk=material_id, hearing=hearing)


@login_required
@require_safe
def material_file(request, pk: int, material_id: int):
    """A material as the workspace downloads it (the public pages serve those of public hearings)."""
    hearing = hearing_for_user(request.user, pk)
    material = _material_of(hearing, material_id)
    response = material_response(material.file, material.content_kind)
    response["Cache-Control"] = "private, max-age=0"
    return response


@login_required
@require_POST
def material_remove(request, pk: int, material_id: int):
    hearing = hearing_for_user(request.user, pk, need="edit")
    material = _material_of(hearing, material_id)
    try:
        services.material_remove(material=material, user=request.user)
    except services.HearingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The file is removed."))
    return redirect("hearings_ws:materials", hearing.pk)


# --- Attendance -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk: int):
    """Who came, as counted on paper: women and men, the groups, by village, the sign-in sheet."""
    hearing = hearing_for_user(request.user, pk, need="read" if request.method == "GET" else "edit")
    writable = hearing.access.writable
    existing = Attendance.objects.filter(hearing=hearing).first()
    villages = list(hearing.villages.all())
    by_village = {
        row.village_id: (row.women, row.men) for row in AttendanceByVillage.objects.filter(hearing=hearing)
    }
    form = forms.AttendanceForm(
        request.POST or None,
        request.FILES or None,
        instance=existing or Attendance(hearing=hearing),
        villages=villages,
        by_village=by_village,
    )
    if request.method == "POST":
        if not writable:
            messages.error(request, read_only_reason(hearing))
            return redirect("hearings_ws:attendance", hearing.pk)
        if form.is_valid():
            try:
                services.attendance_save(
                    hearing=hearing, user=request.user, form=form, by_village=form.by_village()
                )
            except services.HearingError as error:
                form.add_error(None, ValidationError(error.message))
            else:
                messages.success(request, _("The attendance is saved."))
                return redirect("hearings_ws:attendance", hearing.pk)
        else:
            messages.error(request, _("Nothing was saved: please correct the errors marked below."))
    elif not writable:
        disable(form)
    return render(
        request,
        "hearings/workspace/attendance.html",
        hearing_context(
            hearing,
            "attendance",
            form=form,
            existing=existing,
            summary=attendance_of(hearing),
            read_only_reason=None if writable else read_only_reason(hearing),
        ),
    )


@login_required
@require_safe
def sign_in_sheet(request, pk: int):
    """The scanned sign-in sheet: names of residents, so only in the workspace, as a download."""
    hearing = hearing_for_user(request.user, pk)
    existing = Attendance.objects.filter(hearing=hearing).first()
    if existing is None or not existing.sign_in_sheet:
        raise Http404
    extension = existing.sign_in_sheet.name.rsplit(".", 1)[-1].lower()
    response = stored_file_response(
        existing.sign_in_sheet,
        as_attachment=True,
        filename=f"{_('sign-in sheet')} {hearing.starts_at:%Y-%m-%d}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
