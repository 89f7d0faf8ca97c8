"""Scans people attach (a working group's order, the council's decision) never carry active
content, and are served so that no browser runs them (documents/uploads.py)."""

from datetime import date
from io import BytesIO

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name, String

from planning.models import Program, WorkingGroup
from tests.factories import pdf_bytes
from tests.planning.helpers import form_data, url

pytestmark = pytest.mark.django_db

PAYLOAD = b"MZ-embedded-program-payload"
ACTIVE_KEYS = {"/OpenAction", "/AA", "/JS", "/JavaScript", "/EmbeddedFiles", "/XFA"}


def hostile_pdf() -> bytes:
    """A one-page PDF that runs JavaScript on opening and on its page, carries an embedded
    program (in the names tree and as an attachment annotation), launches a program from a
    link, and has an ordinary web link."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    script = pdf.make_indirect(
        Dictionary(S=Name.JavaScript, JS=String("app.launchURL('http://evil.example/')"))
    )
    pdf.Root.OpenAction = script
    embedded = pikepdf.Stream(pdf, PAYLOAD)
    embedded.Type = Name.EmbeddedFile
    spec = pdf.make_indirect(Dictionary(Type=Name.Filespec, F=String("setup.exe"), EF=Dictionary(F=embedded)))
    pdf.Root.Names = Dictionary(
        EmbeddedFiles=Dictionary(Names=Array([String("setup.exe"), spec])),
        JavaScript=Dictionary(Names=Array([String("auto"), script])),
    )
    pdf.Root.AcroForm = Dictionary(Fields=Array(), XFA=pikepdf.Stream(pdf, b"<xdp/>"))
    page = pdf.pages[0].obj
    page.AA = Dictionary(O=script)
    page.Annots = Array(
        [
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=[0, 0, 10, 10],
                A=Dictionary(S=Name.Launch, F=String("cmd.exe")),
            ),
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=[10, 10, 20, 20],
                A=Dictionary(S=Name.URI, URI=String("https://example.org/"), Next=script),
            ),
            Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, Rect=[20, 20, 30, 30], FS=spec),
        ]
    )
    buffer = BytesIO()
    pdf.save(buffer, compress_streams=False)
    assert PAYLOAD in buffer.getvalue()
    return buffer.getvalue()


def assert_inactive(stored: bytes) -> None:
    """Nothing in the stored PDF runs or carries a file; its page and its web link remain."""
    assert stored.startswith(b"%PDF-")
    assert PAYLOAD not in stored
    with pikepdf.open(BytesIO(stored)) as pdf:
        assert len(pdf.pages) == 1
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                assert not ACTIVE_KEYS & set(obj.keys()), obj.keys()
                assert obj.get("/S") not in (Name.JavaScript, Name.Launch)
                assert obj.get("/Type") != Name.EmbeddedFile
        annotations = pdf.pages[0].obj.Annots
        assert [str(a.Subtype) for a in annotations] == ["/Link", "/Link"]
        actions = [a.get("/A") for a in annotations]
        assert actions[0] is None  # the launch action is gone
        assert str(actions[1].URI) == "https://example.org/" and "/Next" not in actions[1]


def test_a_scanned_order_loses_its_scripts_and_embedded_files(client, world, program_a):
    client.force_login(world.staff_a)
    data = form_data(client.get(url("working_group", program_a.pk)))
    data.update({"order_number": "86", "order_file": SimpleUploadedFile("буйрук.pdf", hostile_pdf())})

    assert client.post(url("working_group", program_a.pk), data).status_code == 302

    group = WorkingGroup.objects.get(program=program_a)
    with group.order_file.open("rb") as handle:
        assert_inactive(handle.read())


def test_a_council_decision_loses_its_scripts_and_embedded_files(client, world, program_a):
    Program.objects.filter(pk=program_a.pk).update(status=Program.Status.ENDORSED)
    program_a.refresh_from_db()
    client.force_login(world.head_a)
    response = client.post(
        url("approval", program_a.pk),
        {
            "version": program_a.version,
            "number": "12-4",
            "decided_on": "2025-01-20",
            "scan": SimpleUploadedFile("чечим.pdf", hostile_pdf()),
        },
    )

    assert response.status_code == 302
    program_a.refresh_from_db()
    with program_a.council_decision_file.open("rb") as handle:
        assert_inactive(handle.read())


def _encrypted() -> bytes:
    buffer = BytesIO()
    with pikepdf.open(BytesIO(pdf_bytes())) as pdf:
        pdf.save(buffer, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # "The PDF could not be read. Scan or save it again as a PDF and attach it again."
        (b"%PDF-1.4\n<< /OpenAction << /S /JavaScript >> broken", "PDF файлын окуу мүмкүн болгон жок"),
        # "The PDF is protected with a password. Save it without a password and attach it again."
        (_encrypted(), "PDF сырсөз менен корголгон"),
    ],
)
def test_a_pdf_that_cannot_be_read_is_refused_with_a_reason(client, world, program_a, content, message):
    client.force_login(world.staff_a)
    data = form_data(client.get(url("working_group", program_a.pk)))
    data.update({"order_number": "86", "order_file": SimpleUploadedFile("буйрук.pdf", content)})

    response = client.post(url("working_group", program_a.pk), data)

    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and 'value="86"' in body
    assert not WorkingGroup.objects.get(program=program_a).order_file


@pytest.mark.parametrize("route", ["order_file", "decision_file"])
def test_scans_are_served_as_downloads_that_no_browser_runs(client, world, program_a, route):
    """Also a file stored before uploads were cleaned, which may still hold a script."""
    group = WorkingGroup.objects.get(program=program_a)
    group.order_file.save("order-old.pdf", ContentFile(hostile_pdf()))
    program_a.council_decision_file.save("decision-old.pdf", ContentFile(hostile_pdf()))
    Program.objects.filter(pk=program_a.pk).update(council_decision_date=date(2025, 1, 20))
    client.force_login(world.coordinator_a)

    response = client.get(url(route, program_a.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
