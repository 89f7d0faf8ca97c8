"""Safe uploads: scanned documents (orders, council decisions, sign-in sheets) and the tables
residents read before a hearing, checked by content, not name."""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_SCAN_BYTES = 10 * 1024 * 1024
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
