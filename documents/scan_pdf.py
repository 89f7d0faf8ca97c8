"""Scanned PDFs without their active content (pikepdf, on qpdf).

A scan is pages of pictures; nothing in it needs to run. What could run, launch, submit or carry
a file is removed and the file rewritten; what a reader only follows on a click to a place or a
web address stays.
"""

from io import BytesIO

import pikepdf
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Actions a reader may follow on a click: a place in the document, a web link (the reader asks
# first), a menu command such as "next page". Every other kind (JavaScript, Launch, SubmitForm,
# ImportData, GoToR and GoToE to other or embedded files, Rendition, Sound, Movie, RichMedia…)
# is removed, and so is everything that runs by itself or carries files.
KEPT_ACTIONS = frozenset({"/GoTo", "/URI", "/Named"})
# Keys removed from every dictionary: what runs on opening or on events, scripts, embedded
# files, XFA forms (which carry their own scripts).
REMOVED_KEYS = frozenset({"/OpenAction", "/AA", "/JS", "/JavaScript", "/EmbeddedFiles", "/XFA"})
# Annotations removed from pages: attachments and embedded media.
REMOVED_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"})


def pdf_without_active_content(uploaded) -> bytes:
    """The PDF rewritten without scripts, automatic actions, launch actions or embedded files.

    Raises ValidationError (for the form) when the file cannot be read as a PDF or has a password.
    """
    uploaded.seek(0)
    try:
        with pikepdf.open(uploaded) as pdf:
            _strip_active_content(pdf)
            out = BytesIO()
            # Only what the document still refers to is written: dropped scripts and files go.
            pdf.save(out, encryption=False)
    except pikepdf.PasswordError:
        raise ValidationError(
            _("The PDF is protected with a password. Save it without a password and attach it again."),
            code="pdf_password",
        ) from None
    except (pikepdf.PdfError, ValueError, TypeError, KeyError, RecursionError, OSError):
        raise ValidationError(
            _("The PDF could not be read. Scan or save it again as a PDF and attach it again."),
            code="pdf_unreadable",
        ) from None
    return out.getvalue()


def _strip_active_content(pdf) -> None:
    # Every object of the file, and the dictionaries and arrays written inside them.
    stack = list(pdf.objects)
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for key in list(obj.keys()):
                if key in REMOVED_KEYS or (key in ("/A", "/Next") and not _kept_action(obj[key])):
                    del obj[key]
                elif key == "/Annots" and isinstance(obj[key], pikepdf.Array):
                    obj[key] = pikepdf.Array([a for a in obj[key] if _kept_annotation(a)])
            stack.extend(value for value in obj.values() if _is_direct_container(value))
        elif isinstance(obj, pikepdf.Array):
            stack.extend(value for value in obj if _is_direct_container(value))


def _is_direct_container(value) -> bool:
    # Indirect objects are in pdf.objects already; only the ones written inline are followed.
    return isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream) and not value.is_indirect


def _kept_action(action) -> bool:
    if isinstance(action, pikepdf.Array):  # a chain of actions (/Next)
        return all(_kept_action(a) for a in action)
    if not isinstance(action, pikepdf.Dictionary):
        return False
    kind = action.get("/S")  # a chain's further actions (/Next) are judged where they stand
    return isinstance(kind, pikepdf.Name) and str(kind) in KEPT_ACTIONS


def _kept_annotation(annotation) -> bool:
    if not isinstance(annotation, pikepdf.Dictionary):
        return True
    return str(annotation.get("/Subtype", "")) not in REMOVED_ANNOTATIONS
