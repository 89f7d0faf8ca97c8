"""Evidence photos of a report's activities.

In the workspace, through monitoring.access.report_for_user: those who read the report see an
activity's photos (404 to outsiders); its staff and head add and delete them while the report may
be changed (403 to the other readers). Outside it, a photo is served only when its report is the
published one of the program and year in the address (monitoring.selectors.public_reports): a
draft's, a submitted or an accepted report's photo is 404 to everyone there.

Photos are served as images of their stored kind (JPEG or PNG, re-encoded on upload), never
sniffed; the workspace's privately, the public ones for a while by shared caches.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from documents.http import stored_file_response
from documents.uploads import upload_limit
from monitoring import services
from monitoring.access import report_for_user
from monitoring.models import EvidencePhoto, MonitoringReport
from monitoring.selectors import public_photo
from planning.models import Activity

PUBLIC_PHOTO_SECONDS = 3600


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=gettext_lazy("Photo"),
        help_text=gettext_lazy("A JPEG or PNG photo; its location and camera details are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        error_messages={"required": gettext_lazy("Choose a photo (JPEG or PNG).")},
    )
    caption = forms.CharField(
        label=gettext_lazy("Caption"),
        max_length=services.MAX_CAPTION,
        required=False,
        help_text=gettext_lazy("What the photo shows, e.g. “The new water pipe in Kök-Jar, May 2021”."),
    )


def _activity_of(report: MonitoringReport, activity_pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("objective"),
        pk=activity_pk,
        objective__goal__priority__program_id=report.program_id,
    )


def _photo_of(report: MonitoringReport, activity_pk: int, photo_pk: int) -> EvidencePhoto:
    return get_object_or_404(EvidencePhoto, pk=photo_pk, report=report, activity_id=activity_pk)


def read_only_reason(report: MonitoringReport) -> str:
    if not report.access.edit:
        return _("You can read this report; only its municipality's staff can add photos to it.")
    return _("The report is “%(status)s” and cannot be changed now.") % {
        "status": report.get_status_display()
    }


@login_required
@require_http_methods(["GET", "POST"])
@upload_limit(settings.EVIDENCE_PHOTO_MAX_BYTES)
def activity_photos(request, pk: int, activity_pk: int):
    """An activity's photos in the report, and for its staff the form to add one."""
    report = report_for_user(request.user, pk, need="read" if request.method == "GET" else "edit")
    activity = _activity_of(report, activity_pk)
    writable = report.access.writable
    form = PhotoForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not writable:
            messages.error(request, read_only_reason(report))
            return redirect("monitoring_ws:activity_photos", report.pk, activity.pk)
        if form.is_valid():
            try:
                services.photo_add(
                    report=report,
                    user=request.user,
                    activity=activity,
                    file=form.cleaned_data["image"],
                    caption=form.cleaned_data["caption"],
                )
            except services.MonitoringError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The photo is added."))
                return redirect("monitoring_ws:activity_photos", report.pk, activity.pk)
        messages.error(request, _("Nothing was saved: please correct the errors marked below."))
        status = 400
    photos = list(
        EvidencePhoto.objects.filter(report=report, activity=activity).select_related("uploaded_by")
    )
    full = len(photos) >= settings.EVIDENCE_PHOTOS_PER_ACTIVITY
    return render(
        request,
        "monitoring/evidence/activity_photos.html",
        {
            "report": report,
            "program": report.program,
            "activity": activity,
            "photos": photos,
            "limit": settings.EVIDENCE_PHOTOS_PER_ACTIVITY,
            "max_bytes": settings.EVIDENCE_PHOTO_MAX_BYTES,
            # A refused upload comes back with its message and the caption typed, even when full.
            "form": form if writable and (not full or form.errors) else None,
            "full": writable and full,
            "writable": writable,
            "read_only_reason": None if writable else read_only_reason(report),
        },
        status=status,
    )


@login_required
@require_POST
def photo_delete(request, pk: int, activity_pk: int, photo_pk: int):
    report = report_for_user(request.user, pk, need="edit")
    photo = _photo_of(report, activity_pk, photo_pk)
    try:
        services.photo_delete(photo=photo, user=request.user)
    except services.MonitoringError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The photo is deleted."))
    return redirect("monitoring_ws:activity_photos", report.pk, activity_pk)


def _image_response(photo: EvidencePhoto, field_file):
    """The stored image (JPEG or PNG, as re-encoded), shown inline, never sniffed or run."""
    response = stored_file_response(field_file, content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


def _private(response):
    patch_cache_control(response, private=True, max_age=0)
    return response


@login_required
@require_safe
def photo_image(request, pk: int, activity_pk: int, photo_pk: int):
    report = report_for_user(request.user, pk)
    photo = _photo_of(report, activity_pk, photo_pk)
    return _private(_image_response(photo, photo.image))


@login_required
@require_safe
def photo_thumbnail(request, pk: int, activity_pk: int, photo_pk: int):
    report = report_for_user(request.user, pk)
    photo = _photo_of(report, activity_pk, photo_pk)
    return _private(_image_response(photo, photo.thumbnail))


def _public(program_pk: int, year: int, photo_pk: int, which: str):
    photo = public_photo(program_pk, year, photo_pk)
    if photo is None:
        raise Http404
    response = _image_response(photo, getattr(photo, which))
    patch_cache_control(response, public=True, max_age=PUBLIC_PHOTO_SECONDS)
    return response


@require_safe
def public_photo_image(request, pk: int, year: int, photo_pk: int):
    """A photo of a published report, for everyone; 404 for any other report's."""
    return _public(pk, year, photo_pk, "image")


@require_safe
def public_photo_thumbnail(request, pk: int, year: int, photo_pk: int):
    return _public(pk, year, photo_pk, "thumbnail")
