"""Rows of the access table for the monitoring evidence routes (merged into tests/access/table.py).

The shared monitoring objects are in tests/access/monitoring_objects.py (report_published,
report_draft, report_comment, report_activity, …); this room adds a photo of the shared activity
to each report (photo_published, photo_draft) and a photo to upload (evidence_jpeg).

In the workspace, those who read A's workspace see an activity's photos and the images (404 to
others); A's staff and head add and delete photos (403 to coordinators and administrators). On the
published report the door lets the staff in and the page says the report can no longer be
changed (a redirect, nothing written). Outside the workspace a photo is served only for the
published report of the program and year in the address: a draft's photo is 404 to everyone."""

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image

from tests.access.rows import EDIT, NO_GET, NO_POST, PUBLIC, PUBLIC_NO_POST, READ, Case

NOWHERE = "N N N N N N N"
DRAFT = {"pk": "report_draft", "activity_pk": "report_activity"}
PUBLISHED = {"pk": "report_published", "activity_pk": "report_activity"}
DRAFT_PHOTO = {**DRAFT, "photo_pk": "photo_draft"}
PUBLISHED_PHOTO = {**PUBLISHED, "photo_pk": "photo_published"}
PUBLIC_PHOTO = {"pk": "published", "year": "report_published_year", "photo_pk": "photo_published"}
# The draft's photo through the address of its own program and year: not public.
DRAFT_PUBLIC = {"pk": "published", "year": "report_draft_year", "photo_pk": "photo_draft"}
UPLOAD = {"image": "evidence_jpeg", "caption": "Суу түтүгү"}

ROUTES: dict[str, list] = {
    "monitoring_ws:activity_photos": [
        Case(READ, EDIT, kwargs=DRAFT, data=UPLOAD),
        Case(READ, EDIT, kwargs=PUBLISHED, data=UPLOAD, label="published: read-only"),
    ],
    "monitoring_ws:photo_image": [
        Case(READ, NO_POST, kwargs=DRAFT_PHOTO),
        Case(READ, NO_POST, kwargs=PUBLISHED_PHOTO, label="published"),
    ],
    "monitoring_ws:photo_thumbnail": [Case(READ, NO_POST, kwargs=DRAFT_PHOTO)],
    "monitoring_ws:photo_delete": [
        Case(NO_GET, EDIT, kwargs=DRAFT_PHOTO),
        Case(NO_GET, EDIT, kwargs=PUBLISHED_PHOTO, label="published: refused with a message"),
    ],
    "monitoring:photo": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs=PUBLIC_PHOTO),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs=DRAFT_PUBLIC, label="a draft's photo is not public"),
    ],
    "monitoring:photo_thumbnail": [
        Case(PUBLIC, PUBLIC_NO_POST, kwargs=PUBLIC_PHOTO),
        Case(NOWHERE, PUBLIC_NO_POST, kwargs=DRAFT_PUBLIC, label="a draft's photo is not public"),
    ],
}


def _jpeg() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (320, 240), (30, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def extra_objects(world, objects: dict) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.photos import clean_photo
    from monitoring.models import EvidencePhoto, MonitoringReport

    data = _jpeg()
    found = {"evidence_jpeg": lambda: ContentFile(data, name="photo.jpg")}
    for key, report_key in (("photo_published", "report_published"), ("photo_draft", "report_draft")):
        clean = clean_photo(SimpleUploadedFile("photo.jpg", data))
        photo = EvidencePhoto(
            report_id=objects[report_key],
            activity_id=objects["report_activity"],
            width=clean.width,
            height=clean.height,
            size=clean.file.size,
            uploaded_by=world.staff_a,
        )
        photo.image.save(clean.file.name, clean.file, save=False)
        photo.thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
        photo.save()
        found[key] = photo.pk
    found["report_draft_year"] = MonitoringReport.objects.get(pk=objects["report_draft"]).year
    return found
