"""Safe uploads of scanned documents (orders, council decisions): checked by content, not name."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_SCAN_BYTES = 10 * 1024 * 1024

# What the first bytes of each accepted kind are, and the file name ending we store it with.
_SIGNATURES = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
]


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


def validate_scan(uploaded) -> str:
    """Refuse anything but a PDF, JPEG or PNG of at most 10 MB; return its kind.

    The content decides, so a program renamed to .pdf is refused and a scan named .PDF.txt is
    not trusted by its name either.
    """
    if uploaded.size > MAX_SCAN_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s. Scan at a lower resolution or as a PDF."),
            code="too_large",
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(MAX_SCAN_BYTES)},
        )
    kind = scan_kind(uploaded)
    if kind is None:
        raise ValidationError(
            _("Only a PDF, JPEG or PNG file can be attached; this file is none of them."), code="bad_type"
        )
    return kind
