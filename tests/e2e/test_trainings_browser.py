"""A training from end to end in Debian's chromium, through the real pages, as people click.

A project's coordinator, on a 375-px phone, plans a two-day training of their project, adds a
session a day and opens registration; imports three participants of municipality A from the
participants' template filled in as an Excel workbook; the training's days pass, the coordinator
records it as held, ticks the attendance of each day on the grid and issues the certificates;
downloads the certificates' PDF and finds a participant's name in it. A visitor with no account
then verifies a certificate by its code, and a wrong code is not found.

The ORM only builds the world, lets the clock move (the training's days pass) and reads the
verification code a holder would have on paper; every step of the workflow is a form or a button
of the pages themselves."""

import re
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from accounts.models import ProjectCoordinator
from trainings.models import Attendance, Certificate, Gender, Participation, Role, Session, Training
from trainings.reports.exchange import COLUMNS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
TITLE = "Айыл өкмөтүнүн бюджетин ачык түзүү: коомдук угуулар жана отчеттуулук"
SIGNATORY = "Асанов Бакыт Кубанычбекович"
# Three participants of municipality A, with the letters of Kyrgyz that other alphabets lack.
PARTICIPANTS = [
    ("Айгүл Токтогулова", Gender.FEMALE, "Финансы адиси", Role.AO_SPECIALIST, "+996 555 12 34 56"),
    ("Нурбек Өмүрзаков", Gender.MALE, "Айыл өкмөтүнүн башчысы", Role.AO_HEAD, ""),
    ("Гүлнара Үсөнбаева", Gender.FEMALE, "", Role.COUNCIL_DEPUTY, ""),
]


def assert_fits_the_phone(page) -> None:
    """Nothing makes the page scroll sideways at 375 px."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def success(page) -> str:
    return page.locator("main .alert-success").inner_text()


def filled_template(template_path, municipality, out_path) -> None:
    """The downloaded template's columns, and a row for each participant, as a coordinator
    would fill it in (the municipality written as on the sheet of accepted values)."""
    template = load_workbook(template_path, read_only=True)
    header = [cell for cell in next(template.worksheets[0].iter_rows(values_only=True)) if cell]
    accepted = [row[2] for row in template.worksheets[1].iter_rows(min_row=2, values_only=True) if row[2]]
    template.close()
    place = next(label for label in accepted if label.startswith(municipality.name_ky))
    with translation.override("ky"):
        keys = {str(title): key for key, title, _required in COLUMNS}
        rows = [
            {
                "full_name": name,
                "gender": str(gender.label),
                "position": position,
                "role": str(role.label),
                "municipality": place,
                "phone": phone,
                "email": "",
            }
            for name, gender, position, role, phone in PARTICIPANTS
        ]
    assert set(keys) <= set(header), header
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row[keys[title]] for title in header])
    book.save(out_path)


def test_a_coordinator_runs_a_training_on_the_phone_and_anyone_verifies_its_certificate(
    browser, page, live_server, sign_in, world, tmp_path
):
    base = live_server.url
    project = ProjectCoordinator.objects.get(user=world.coordinator_a).project
    page.set_viewport_size(PHONE)
    first_day = timezone.localdate() + timedelta(days=14)
    second_day = first_day + timedelta(days=1)

    # --- 1. The coordinator plans the training, adds a session a day, opens registration ------
    sign_in("coordinator_a")
    page.click("main a[href='/ky/workspace/trainings/']")
    page.click("main a[href='/ky/workspace/trainings/new/']")
    page.fill("#id_title", TITLE)
    page.select_option("#id_project", str(project.pk))
    page.fill("#id_first_day", first_day.isoformat())
    page.fill("#id_last_day", second_day.isoformat())
    page.fill("#id_planned_participants", "3")
    page.fill("#id_certificate_signatory", SIGNATORY)
    page.click("main .form-actions button[type=submit]")
    page.wait_for_url(re.compile(r"/ky/workspace/trainings/\d+/$"))
    training = Training.objects.get(title=TITLE)
    assert (training.project, training.first_day, training.last_day) == (project, first_day, second_day)
    ws = f"/ky/workspace/trainings/{training.pk}"

    sessions = [
        (first_day, "09:00", "13:00", "Жергиликтүү бюджеттин түзүлүшү"),
        (second_day, "14:00", "17:00", "Коомдук угууну уюштуруу"),
    ]
    page.click(f".nav-pills a[href='{ws}/sessions/']")
    for day, starts, ends, title in sessions:
        form = page.locator("form:has(#id_day)")
        form.locator("#id_day").select_option(day.isoformat())
        form.locator("#id_starts_at").fill(starts)
        form.locator("#id_ends_at").fill(ends)
        form.locator("#id_title").fill(title)
        form.locator("button[type=submit]").click()
        page.wait_for_url(f"**{ws}/sessions/")
        assert page.locator("main .alert-success").count() == 1  # "The session is added."
    assert list(Session.objects.filter(training=training).values_list("day", "title")) == [
        (day, title) for day, _starts, _ends, title in sessions
    ]

    page.click(f".nav-pills a[href='{ws}/']")
    page.click("form[action$='/transition/open_registration/'] button[type=submit]")
    page.wait_for_url(f"**{ws}/")
    training.refresh_from_db()
    assert training.status == Training.Status.REGISTRATION_OPEN

    # --- 2. The participants come from the template, filled in as an Excel workbook ----------
    page.click(f".nav-pills a[href='{ws}/participants/']")
    page.click(f"main a[href='{ws}/participants/import/']")
    page.wait_for_url(f"**{ws}/participants/import/")
    with page.expect_download() as download:
        page.click(f"main a[href='{ws}/participants/template.xlsx']")
    template = tmp_path / download.value.suggested_filename
    assert template.suffix == ".xlsx", template
    download.value.save_as(template)
    workbook = tmp_path / "participants.xlsx"
    filled_template(template, world.municipality_a, workbook)
    page.set_input_files("#id_file", workbook)
    page.click("main form[enctype='multipart/form-data'] button[type=submit]")
    page.wait_for_url(f"**{ws}/participants/import/")
    with translation.override("ky"):
        imported = gettext("Imported: %(count)s participants registered.") % {"count": 3}
    assert success(page) == imported
    registered = Participation.objects.filter(training=training).select_related("person")
    assert sorted((p.person.full_name, p.person.municipality_id) for p in registered) == sorted(
        (name, world.municipality_a.pk) for name, *_rest in PARTICIPANTS
    )

    # --- 3. The days pass: recorded as held, the attendance ticked day by day -----------------
    # The clock cannot be moved in the live server, so the training's days are moved instead,
    # its sessions with them: it took place the day before yesterday and yesterday (recording it
    # as held needs its first day to have come, trainings.workflow.held_readiness).
    shift = timedelta(days=(second_day - timezone.localdate()).days + 1)
    Training.objects.filter(pk=training.pk).update(
        first_day=F("first_day") - shift, last_day=F("last_day") - shift
    )
    Session.objects.filter(training=training).update(day=F("day") - shift)
    first_day, second_day = first_day - shift, second_day - shift

    page.click(f"ol.breadcrumb a[href='{ws}/participants/']")  # back from the import page
    page.click(f".nav-pills a[href='{ws}/']")
    page.click("form[action$='/transition/mark_held/'] button[type=submit]")
    page.wait_for_url(f"**{ws}/")
    training.refresh_from_db()
    assert training.status == Training.Status.HELD

    page.click(f".nav-pills a[href='{ws}/attendance/']")
    for day in (first_day, second_day):
        if day != first_day:
            page.click(f"main a[href='?day={day.isoformat()}']")
        page.wait_for_url(f"**{ws}/attendance/*")
        assert_fits_the_phone(page)
        boxes = page.locator("main input[name=tick]")
        assert boxes.count() == len(PARTICIPANTS)  # one session a day
        for index in range(boxes.count()):
            boxes.nth(index).check()
        page.click("main form:has(input[name=tick]) button[type=submit]")
        page.wait_for_url(f"**{ws}/attendance/?day={day.isoformat()}")
        assert_fits_the_phone(page)
        assert page.locator("main input[name=tick]:checked").count() == len(PARTICIPANTS)
    assert Attendance.objects.filter(participation__training=training).count() == 2 * len(PARTICIPANTS)

    # --- 4. The certificates, issued from the training's page ---------------------------------
    page.click(f".nav-pills a[href='{ws}/']")
    page.click("form[action$='/certificates/issue/'] button[type=submit]")
    page.wait_for_url(f"**{ws}/")
    with translation.override("ky"):
        issued = ngettext("%(count)d certificate was issued.", "%(count)d certificates were issued.", 3) % {
            "count": 3
        }
    assert success(page) == issued  # "3 сертификат берилди."
    certificates = Certificate.objects.filter(participation__training=training)
    assert certificates.count() == len(PARTICIPANTS)

    # --- 5. The certificates' PDF, from the documents page ------------------------------------
    page.click(f".nav-pills a[href='{ws}/documents/']")
    page.click(f"main form[action='{ws}/documents/'] button[type=submit]")  # the worker renders them
    page.wait_for_url(f"**{ws}/documents/")
    with page.expect_download() as download:
        page.click(f"main a[href='{ws}/documents/certificates/ky/']")
    pdf = PdfReader(download.value.path())
    assert len(pdf.pages) == len(PARTICIPANTS)  # one page a certificate
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert "Айгүл Токтогулова" in text, text[:500]

    # --- 6. Anyone verifies a certificate by its code; a wrong code is not found -------------
    certificate = certificates.get(participation__person__full_name="Айгүл Токтогулова")  # on paper
    visitor_context = browser.new_context(viewport=PHONE, locale="ky-KG")
    visitor = visitor_context.new_page()
    visitor.set_default_timeout(15_000)
    try:
        response = visitor.goto(f"{base}/ky/certificates/{certificate.code}/")
        assert response.status == 200
        assert_fits_the_phone(visitor)
        shown = visitor.locator("main dl").inner_text()
        with translation.override("ky"):
            dates = f"{date_format(first_day, 'DATE_FORMAT')} – {date_format(second_day, 'DATE_FORMAT')}"
        for expected in ("Айгүл Токтогулова", TITLE, dates, certificate.number):
            assert expected in shown, (expected, shown)
        assert certificate.hours == 7  # 4 hours the first day, 3 the second
        assert visitor.locator("main dd").last.inner_text() == "7"  # the hours
        assert "+996" not in visitor.content()  # the phone, never

        response = visitor.goto(f"{base}/ky/certificates/WRONG{certificate.code[5:]}X/")
        assert response.status == 404
        assert visitor.locator("main h1").inner_text() == "Сертификат табылган жок"  # not found
    finally:
        visitor_context.close()
