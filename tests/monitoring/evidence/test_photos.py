"""Evidence photos of a report's activities (monitoring/evidence/): uploaded in the workspace,
stored clean (no GPS position, resized), limited per activity, deleted with their files, and
public only once their report is published."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image

from monitoring import services
from monitoring.models import EvidencePhoto, MonitoringReport
from monitoring.selectors import photos_by_activity, public_reports
from planning.models import Program
from tests.factories import ActivityFactory, GoalFactory, ObjectiveFactory, PriorityFactory, ProgramFactory

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
S = MonitoringReport.Status


def jpeg_with_gps(size=(1200, 900)) -> bytes:
    """A phone photo: a JPEG with the camera's make and a GPS position in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (40.0, 30.0, 12.5), "E", (72.0, 37.0, 1.0)
    buffer = BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format="JPEG", exif=exif, quality=90)
    return buffer.getvalue()


PHOTO = jpeg_with_gps()


def ws(name: str, *args) -> str:
    with translation.override("ky"):
        return reverse(f"monitoring_ws:{name}", args=args)


def public(name: str, report: MonitoringReport, photo: EvidencePhoto) -> str:
    with translation.override("ky"):
        return reverse(f"monitoring:{name}", args=[report.program_id, report.year, photo.pk])


def post_photo(client, report, activity, content=PHOTO, name="IMG_0042.jpg", caption="Жаңы суу түтүгү"):
    return client.post(
        ws("activity_photos", report.pk, activity.pk),
        {"image": SimpleUploadedFile(name, content, content_type="image/jpeg"), "caption": caption},
    )


def add(report, user, activity, caption="") -> EvidencePhoto:
    return services.photo_add(
        report=report, user=user, activity=activity, file=SimpleUploadedFile("p.jpg", PHOTO), caption=caption
    )


def stored(field_file) -> bool:
    return field_file.storage.exists(field_file.name)


def set_status(report, status):
    MonitoringReport.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()


# --- Upload -----------------------------------------------------------------------------------


def test_an_uploaded_phone_photo_is_stored_resized_and_without_its_gps_position(
    client, world, report_a, settings
):
    settings.EVIDENCE_PHOTO_MAX_SIDE = 400
    pipe = report_a.plan["pipe"]
    client.force_login(world.staff_a)
    assert Image.open(BytesIO(PHOTO)).getexif().get_ifd(GPS_IFD)  # the upload has a position

    response = post_photo(client, report_a, pipe)

    assert response.status_code == 302
    photo = EvidencePhoto.objects.get()
    assert (photo.report, photo.activity_id, photo.caption, photo.uploaded_by) == (
        report_a,
        pipe.pk,
        "Жаңы суу түтүгү",
        world.staff_a,
    )
    with photo.image.open("rb") as handle:
        image = Image.open(BytesIO(handle.read()))
    assert image.format == "JPEG"
    assert image.size == (400, 300) == (photo.width, photo.height)
    assert not image.getexif().get_ifd(GPS_IFD)
    assert not image.getexif()  # nor the camera
    assert "IMG_0042" not in photo.image.name  # the user's file name is not kept
    assert photo.size == photo.image.size
    assert stored(photo.thumbnail)
    page = client.get(ws("activity_photos", report_a.pk, pipe.pk)).content.decode()
    assert "Жаңы суу түтүгү" in page
    assert ws("photo_thumbnail", report_a.pk, pipe.pk, photo.pk) in page


def test_a_text_file_named_jpg_is_refused_in_kyrgyz_and_the_caption_kept(client, world, report_a):
    client.force_login(world.staff_a)
    response = post_photo(client, report_a, report_a.plan["pipe"], b"just some notes\n" * 50, "road.jpg")
    page = response.content.decode()
    assert response.status_code == 400
    assert "«road.jpg» JPEG же PNG сүрөтү эмес." in page
    assert 'value="Жаңы суу түтүгү"' in page
    assert not EvidencePhoto.objects.exists()


def test_a_file_over_the_limit_is_refused_while_it_is_received(client, world, report_a, settings):
    client.force_login(world.staff_a)
    huge = PHOTO + b"\x00" * settings.EVIDENCE_PHOTO_MAX_BYTES
    response = post_photo(client, report_a, report_a.plan["pipe"], huge, "huge.jpg")
    page = response.content.decode()
    assert response.status_code == 400
    assert "«huge.jpg» файлынын көлөмү" in page
    assert "сүрөттүн эң чоң көлөмү – 10,0\xa0мегабайт" in page
    assert not EvidencePhoto.objects.exists()
    assert not list((settings.MEDIA_ROOT).rglob("*.jpg")) if settings.MEDIA_ROOT.exists() else True


def test_an_activity_takes_at_most_the_limit_of_photos(client, world, report_a, settings):
    settings.EVIDENCE_PHOTOS_PER_ACTIVITY = 2
    pipe, pump = report_a.plan["pipe"], report_a.plan["pump"]
    client.force_login(world.staff_a)
    assert post_photo(client, report_a, pipe).status_code == 302
    assert post_photo(client, report_a, pipe).status_code == 302

    page = client.get(ws("activity_photos", report_a.pk, pipe.pk)).content.decode()
    assert 'type="file"' not in page  # no form once full, and it says why
    assert "Бул иш-чарада 2 сүрөт бар" in page
    response = post_photo(client, report_a, pipe, caption="Үчүнчү")
    assert response.status_code == 400
    assert "Бул иш-чарада буга чейин 2 сүрөт бар" in response.content.decode()
    assert EvidencePhoto.objects.filter(activity=pipe).count() == 2
    # The limit is per activity: another one still takes photos.
    assert post_photo(client, report_a, pump).status_code == 302


def test_photos_are_added_only_while_the_report_may_be_changed(world, report_a):
    set_status(report_a, S.SUBMITTED)
    with pytest.raises(services.MonitoringError):
        add(report_a, world.staff_a, report_a.plan["pipe"])
    assert not EvidencePhoto.objects.exists()


def test_an_activity_of_another_program_is_refused(world, report_a):
    other = ProgramFactory(municipality=world.municipality_a, status=Program.Status.PUBLISHED)
    stranger = ActivityFactory(
        objective=ObjectiveFactory(goal=GoalFactory(priority=PriorityFactory(program=other)))
    )
    with pytest.raises(services.MonitoringError) as refusal:
        add(report_a, world.staff_a, stranger)
    assert refusal.value.field == "activity"


def test_a_refused_row_leaves_no_files(world, report_a, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_touch", broken)
    with pytest.raises(RuntimeError):
        add(report_a, world.staff_a, report_a.plan["pipe"])
    assert not EvidencePhoto.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


# --- Delete -----------------------------------------------------------------------------------


def test_deleting_a_photo_removes_its_files_after_the_commit(
    world, report_a, django_capture_on_commit_callbacks
):
    photo = add(report_a, world.staff_a, report_a.plan["pipe"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.photo_delete(photo=photo, user=world.staff_a)
    assert not EvidencePhoto.objects.exists()
    assert stored(photo.image) and stored(photo.thumbnail)  # not before the commit
    for callback in callbacks:
        callback()
    assert not stored(photo.image) and not stored(photo.thumbnail)


def test_the_delete_button_asks_first_and_deletes(
    client, world, report_a, django_capture_on_commit_callbacks
):
    photo = add(report_a, world.staff_a, report_a.plan["pipe"])
    client.force_login(world.staff_a)
    page = client.get(ws("activity_photos", report_a.pk, photo.activity_id)).content.decode()
    assert "<details" in page and "Ооба, сүрөттү өчүрүү" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ws("photo_delete", report_a.pk, photo.activity_id, photo.pk))
    assert response.status_code == 302
    assert not EvidencePhoto.objects.exists()
    assert not stored(photo.image)


# --- Who reads, who uploads -----------------------------------------------------------------------


def test_staff_of_another_municipality_get_404(client, world, report_a):
    photo = add(report_a, world.staff_a, report_a.plan["pipe"])
    client.force_login(world.staff_b)
    for url in (
        ws("activity_photos", report_a.pk, photo.activity_id),
        ws("photo_image", report_a.pk, photo.activity_id, photo.pk),
        ws("photo_thumbnail", report_a.pk, photo.activity_id, photo.pk),
    ):
        assert client.get(url).status_code == 404
    assert post_photo(client, report_a, report_a.plan["pipe"]).status_code == 404
    assert client.post(ws("photo_delete", report_a.pk, photo.activity_id, photo.pk)).status_code == 404
    assert EvidencePhoto.objects.count() == 1


def test_a_coordinator_reads_the_photos_but_does_not_upload_or_delete(client, world, report_a):
    photo = add(report_a, world.staff_a, report_a.plan["pipe"])
    client.force_login(world.coordinator_a)
    page = client.get(ws("activity_photos", report_a.pk, photo.activity_id))
    assert page.status_code == 200
    assert 'type="file"' not in page.content.decode()
    assert ws("photo_delete", report_a.pk, photo.activity_id, photo.pk) not in page.content.decode()
    image = client.get(ws("photo_image", report_a.pk, photo.activity_id, photo.pk))
    assert image.status_code == 200
    assert post_photo(client, report_a, report_a.plan["pipe"]).status_code == 403
    assert client.post(ws("photo_delete", report_a.pk, photo.activity_id, photo.pk)).status_code == 403
    assert EvidencePhoto.objects.count() == 1


def test_the_workspace_serves_photos_as_images_privately(client, world, report_a):
    photo = add(report_a, world.staff_a, report_a.plan["pipe"])
    client.force_login(world.head_a)
    for name, field_file in (("photo_image", photo.image), ("photo_thumbnail", photo.thumbnail)):
        response = client.get(ws(name, report_a.pk, photo.activity_id, photo.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]
        with field_file.open("rb") as handle:
            assert b"".join(response.streaming_content) == handle.read()


def test_a_photo_is_not_reached_through_another_activity_or_report(client, world, report_a):
    photo = add(report_a, world.staff_a, report_a.plan["pipe"])
    other = MonitoringReport.objects.create(program=report_a.program, year=2026)
    client.force_login(world.staff_a)
    assert client.get(ws("photo_image", report_a.pk, report_a.plan["pump"].pk, photo.pk)).status_code == 404
    assert client.get(ws("photo_image", other.pk, photo.activity_id, photo.pk)).status_code == 404
    # An activity of another program is not a page of this report.
    stranger = ActivityFactory()
    assert client.get(ws("activity_photos", report_a.pk, stranger.pk)).status_code == 404


# --- Public ---------------------------------------------------------------------------------------


def test_a_photo_is_public_only_once_its_report_is_published(client, world, report_a):
    photo = add(report_a, world.staff_a, report_a.plan["pipe"])
    for status in (S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.ACCEPTED):
        set_status(report_a, status)
        assert client.get(public("photo", report_a, photo)).status_code == 404, status
        assert client.get(public("photo_thumbnail", report_a, photo)).status_code == 404, status
    set_status(report_a, S.PUBLISHED)
    for name in ("photo", "photo_thumbnail"):
        response = client.get(public(name, report_a, photo))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "public" in response["Cache-Control"]


def test_a_published_photo_is_not_reached_through_another_program_or_year(client, world, report_a):
    photo = add(report_a, world.staff_a, report_a.plan["pipe"])
    set_status(report_a, S.PUBLISHED)
    other = ProgramFactory(municipality=world.municipality_b, status=Program.Status.PUBLISHED)
    MonitoringReport.objects.create(program=other, year=report_a.year, status=S.PUBLISHED)
    with translation.override("ky"):
        wrong_program = reverse("monitoring:photo", args=[other.pk, report_a.year, photo.pk])
        wrong_year = reverse("monitoring:photo", args=[report_a.program_id, report_a.year + 1, photo.pk])
    assert client.get(wrong_program).status_code == 404
    assert client.get(wrong_year).status_code == 404


# --- The selector and the public partial ---------------------------------------------------------


def test_photos_by_activity_is_one_query_whatever_their_number(world, report_a, settings):
    settings.EVIDENCE_PHOTO_MAX_SIDE = 400
    pipe, pump = report_a.plan["pipe"], report_a.plan["pump"]
    first = add(report_a, world.staff_a, pipe, "1")
    with CaptureQueriesContext(connection) as one:
        assert photos_by_activity(report_a) == {pipe.pk: [first]}
    for caption in ("2", "3"):
        add(report_a, world.staff_a, pipe, caption)
    add(report_a, world.staff_a, pump, "4")
    with CaptureQueriesContext(connection) as many:
        found = photos_by_activity(report_a)
    assert len(one) == len(many) == 1
    assert [p.caption for p in found[pipe.pk]] == ["1", "2", "3"]
    assert [p.caption for p in found[pump.pk]] == ["4"]


def test_the_partial_links_thumbnails_to_the_public_images(world, report_a):
    pipe = report_a.plan["pipe"]
    with_caption = add(report_a, world.staff_a, pipe, "Насостун үйү")
    without = add(report_a, world.staff_a, pipe)
    set_status(report_a, S.PUBLISHED)
    report = public_reports().get(pk=report_a.pk)
    with translation.override("ky"):
        html = render_to_string(
            "monitoring/partials/photos.html",
            {"photos": photos_by_activity(report)[pipe.pk], "activity": pipe, "report": report},
        )
    assert f'href="{public("photo", report, with_caption)}"' in html
    assert f'src="{public("photo_thumbnail", report, without)}"' in html
    assert 'alt="Насостун үйү"' in html
    assert f'alt="{pipe.title}"' in html  # no caption: the activity's title


def test_the_admin_lists_photos_and_takes_none_that_bypass_the_checks(client, world, report_a):
    photo = add(report_a, world.staff_a, report_a.plan["pipe"], "Насос")
    client.force_login(world.admin)
    assert client.get(reverse("admin:monitoring_evidencephoto_changelist")).status_code == 200
    assert client.get(reverse("admin:monitoring_evidencephoto_change", args=[photo.pk])).status_code == 200
    assert client.get(reverse("admin:monitoring_evidencephoto_add")).status_code == 403
