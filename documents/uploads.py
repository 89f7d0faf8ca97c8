"""Safe uploads: scanned documents (orders, council decisions, sign-in sheets) and the tables
residents read before a hearing, checked by content, not name.

A PDF is stored without its active content (documents/scan_pdf.py) and every scan is
served as a download that no browser runs (`scan_response`).

Limits are kept while the file is received (documents/upload_handlers.py): a view declares its
own with `upload_limit`, every other route takes DEFAULT_UPLOAD_LIMIT. A file past the limit
reaches the form as a `RefusedUpload` (no content, its size), so the form's own size check
gives the message and the rest of the form stays as typed.
"""

import mimetypes
import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_SCAN_BYTES = 10 * 1024 * 1024
# The largest file any page of the portal takes; a view that takes less says so (upload_limit).
DEFAULT_UPLOAD_LIMIT = MAX_SCAN_BYTES

MAX_MATERIAL_BYTES = 10 * 1024 * 1024

# What the first bytes of each accepted kind are, and the file name ending we store it with.
_SIGNATURES = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
]

# An Excel workbook (OOXML) is a zip whose content types name a workbook's main part. A Word
# file, an OpenDocument sheet or any other zip renamed to .xlsx has no such part; a workbook
# with macros (.xlsm) declares another type and is refused too.
_WORKBOOK_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_CONTENT_TYPES = "[Content_Types].xml"
_MAX_CONTENT_TYPES_BYTES = 256 * 1024


def upload_limit(max_bytes: int):
    """Declare the most a view takes in one uploaded file (a function view, or a class's attribute).

    Its forms must refuse a `RefusedUpload` by its size, as `validate_scan` does.
    """

    def declare(view):
        view.upload_limit = max_bytes
        return view

    return declare


class RefusedUpload(UploadedFile):
    """What reaches the form of a file that was not received past its limit: a name and a size.

    `size` is at least the limit plus one byte: the whole file when it was read to its end, or
    the size of the request when reading was stopped.
    """

    def __init__(self, *, name: str, content_type: str, size: int, limit: int):
        super().__init__(BytesIO(b""), name=name, content_type=content_type, size=size)
        self.limit = limit


def scan_kind(uploaded) -> str | None:
    """'pdf', 'png' or 'jpg' when the file's content is one of them, else None."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(position)
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def is_workbook(uploaded) -> bool:
    """True when the file is an Excel workbook (.xlsx): a zip with the OOXML parts of one."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    try:
        uploaded.seek(0)
        if uploaded.read(4) != b"PK\x03\x04":
            return False
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if _CONTENT_TYPES not in names or "xl/workbook.xml" not in names:
                return False
            if "xl/vbaProject.bin" in names:
                return False
            info = archive.getinfo(_CONTENT_TYPES)
            if info.file_size > _MAX_CONTENT_TYPES_BYTES:
                return False
            return _WORKBOOK_TYPE in archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError, EOFError):
        return False
    finally:
        uploaded.seek(position)


def _too_large(uploaded, limit: int, hint) -> ValidationError:
    return ValidationError(
        hint,
        code="too_large",
        params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
    )


def validate_scan(uploaded) -> str:
    """Refuse anything but a PDF, JPEG or PNG of at most 10 MB; return its kind.

    The content decides, so a program renamed to .pdf is refused and a scan named .PDF.txt is
    not trusted by its name either.
    """
    if uploaded.size > MAX_SCAN_BYTES:
        raise _too_large(
            uploaded,
            MAX_SCAN_BYTES,
            _("The file is %(size)s; the limit is %(limit)s. Scan at a lower resolution or as a PDF."),
        )
    kind = scan_kind(uploaded)
    if kind is None:
        raise ValidationError(
            _("Only a PDF, JPEG or PNG file can be attached; this file is none of them."), code="bad_type"
        )
    return kind


def clean_scan(uploaded, *, stem: str):
    """The checked scan to store as `stem`.<kind>: a PDF without its active content, or the image.

    Raises ValidationError with the message for the user (validate_scan's, or the PDF's).
    """
    kind = validate_scan(uploaded)
    if kind == "pdf":
        from documents.scan_pdf import pdf_without_active_content  # pikepdf: only when needed

        return SimpleUploadedFile(
            f"{stem}.pdf", pdf_without_active_content(uploaded), content_type="application/pdf"
        )
    uploaded.name = f"{stem}.{kind}"
    return uploaded


def delete_after_commit(storage, name: str, *, still_used=None) -> None:
    """Delete a replaced file once the transaction commits: never before, so a save that fails
    (and rolls back to the old file) deletes nothing. `still_used()`, asked at that moment, keeps
    a file another row still refers to."""
    if not name:
        return

    def delete() -> None:
        if still_used is None or not still_used():
            storage.delete(name)

    transaction.on_commit(delete, robust=True)


# --- Serving ------------------------------------------------------------------------------


def scan_response(field_file) -> FileResponse:
    """A stored scan as a download under its stored name: never shown inline, sniffed or run.

    Content-Security-Policy: sandbox keeps any script of an older file (stored before scans were
    cleaned) from running even in a browser that would display it.
    """
    from documents.http import stored_file_response  # streamed from the disk or the bucket

    name = field_file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = stored_file_response(field_file, content_type=content_type, as_attachment=True, filename=name)
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0"
    return response


# The kinds validate_material returns, as served.
MATERIAL_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def material_response(field_file, kind: str):
    """A stored material (of a hearing, a training) after the view's access check: a PDF or an
    image shown inline in a sandbox (never run, never sniffed), a workbook as a download."""
    from documents.http import stored_file_response

    response = stored_file_response(
        field_file,
        content_type=MATERIAL_TYPES.get(kind, "application/octet-stream"),
        as_attachment=kind not in ("pdf", "jpg", "png"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


def validate_material(uploaded) -> str:
    """Refuse anything but a PDF, JPEG, PNG or Excel workbook (.xlsx) of at most 10 MB; return
    its kind ('pdf', 'jpg', 'png' or 'xlsx'), decided by the content whatever the file's name."""
    if uploaded.size > MAX_MATERIAL_BYTES:
        raise _too_large(
            uploaded,
            MAX_MATERIAL_BYTES,
            _("The file is %(size)s; the limit is %(limit)s. Attach a smaller file or split it in parts."),
        )
    kind = scan_kind(uploaded)
    if kind is not None:
        return kind
    if is_workbook(uploaded):
        return "xlsx"
    raise ValidationError(
        _(
            "Only a PDF, JPEG, PNG or Excel workbook (.xlsx) can be attached; this file is none of them "
            "(an Excel file saved in another format can be saved again as .xlsx)."
        ),
        code="bad_type",
    )
