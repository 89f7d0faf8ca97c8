"""Evidence photos (of an activity done, a road built), checked by content and stored clean.

`clean_photo(uploaded)` takes an uploaded file and returns a `CleanPhoto`: the photo re-encoded
by Pillow within a box (EVIDENCE_PHOTO_MAX_SIDE, never enlarged) and a thumbnail, each a
ContentFile under a generated name, or raises `PhotoRefused` (a ValidationError, so a form's
clean method can let it through) with a message in the user's language naming the file.

- Only JPEG and PNG are taken, decided by the content: Pillow is asked to try those two
  readers only (no GIF, TIFF, ICO… parser ever sees an upload), whatever the name or the
  declared content type says. A JPEG stays a JPEG (quality 85, progressive), a PNG a PNG (its
  transparency kept).
- Nothing of the original but its pixels is kept: EXIF (the GPS position, the camera, the
  time), XMP, comments and text chunks are dropped. The EXIF orientation is applied first, so
  the photo stands as it was taken. A colour profile is converted to sRGB and then dropped
  (a phone's Display P3 photo keeps its colours; a profile that cannot be read is dropped).
- A decompression bomb is refused from its header, before its pixels are decoded: Pillow's own
  limit (Image.MAX_IMAGE_PIXELS, left at its default, which WeasyPrint shares) is turned into
  a refusal, and below it a JPEG may have MAX_JPEG_PIXELS (it is decoded at 1/2, 1/4 or 1/8 of
  its size straight to near the box, so a 64 MP phone photo costs a few MB) and a PNG, decoded
  whole, MAX_PNG_PIXELS.

The size limit (EVIDENCE_PHOTO_MAX_BYTES) is checked first; a view taking photos declares it
with `documents.uploads.upload_limit(settings.EVIDENCE_PHOTO_MAX_BYTES)` so that a larger file
is not even received (documents/upload_handlers.py) and arrives here as a RefusedUpload.
"""

import math
import os
import re
import uuid
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps

MAX_JPEG_PIXELS = 80_000_000
MAX_PNG_PIXELS = 30_000_000
THUMBNAIL_SIDE = 400
JPEG_QUALITY = 85

# Pillow's format names → the file name ending and content type we store. MPO is a JPEG with
# more pictures after the first (some cameras write it); the first is the photo.
_KINDS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}
_STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")


class PhotoRefused(ValidationError):
    """A photo that is not taken, with the message for the user (in their language)."""


@dataclass(frozen=True)
class CleanPhoto:
    """A checked photo, ready to be saved to a FileField: `file` and `thumbnail` are ContentFiles
    named `<stem>.<kind>` and `<stem>-thumb.<kind>`; sizes are in pixels."""

    file: ContentFile
    thumbnail: ContentFile
    width: int
    height: int
    thumbnail_width: int
    thumbnail_height: int
    kind: str  # "jpg" or "png"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def _shown_name(uploaded) -> str:
    """The file's own name (without any folder), as the user chose it, for the messages."""
    name = os.path.basename(str(getattr(uploaded, "name", "") or "").replace("\\", "/"))
    return name[:100] or "?"


def _refused(message, code: str, **params) -> PhotoRefused:
    return PhotoRefused(message, code=code, params=params)


def _not_a_photo(name: str) -> PhotoRefused:
    return _refused(
        _("“%(name)s” is not a JPEG or PNG photo. Only JPEG and PNG photos can be attached as evidence."),
        "bad_type",
        name=name,
    )


def _damaged(name: str) -> PhotoRefused:
    return _refused(
        _(
            "“%(name)s” could not be read as a photo: the file is damaged or incomplete. Save or send it again."
        ),
        "damaged",
        name=name,
    )


def _too_many_pixels(name: str, limit: int) -> PhotoRefused:
    return _refused(
        _(
            "“%(name)s” has more pixels than a photo may have (at most %(limit)s MP). Send a smaller copy of it."
        ),
        "too_many_pixels",
        name=name,
        limit=limit // 1_000_000,
    )


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """`size` shrunk to fit within side × side, keeping its proportions; never enlarged."""
    width, height = size
    scale = min(1.0, side / max(width, height))
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _open(data: bytes, name: str) -> Image.Image:
    """The image in `data`, opened (its header read) with the bomb checks: its pixels not decoded."""
    with warnings.catch_warnings():
        # Above Image.MAX_IMAGE_PIXELS Pillow only warns (and raises at twice that): both refuse.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(BytesIO(data), formats=("JPEG", "PNG"))
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            limit = MAX_PNG_PIXELS if data.startswith(b"\x89PNG") else MAX_JPEG_PIXELS
            raise _too_many_pixels(name, limit) from None
        except Image.UnidentifiedImageError:
            raise _not_a_photo(name) from None
        except Exception:  # noqa: BLE001 - Pillow's readers raise many kinds (SyntaxError, struct.error…)
            raise _damaged(name) from None
    if image.format not in _KINDS:
        raise _not_a_photo(name)
    limit = MAX_PNG_PIXELS if image.format == "PNG" else MAX_JPEG_PIXELS
    if image.width * image.height > limit:
        raise _too_many_pixels(name, limit)
    return image


@contextmanager
def _strict_decoding():
    """Pillow refusing a truncated file while a photo is read.

    WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES for the whole process when it is imported
    (so a broken image in a document does not stop the render); a photo must be whole. The
    flag is Pillow's only switch and global: set for the time of the decoding, which is safe in
    the portal's processes (gunicorn's sync workers, Celery's prefork), one request or task at
    a time each.
    """
    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _plain_mode(image: Image.Image) -> Image.Image:
    """The image in a mode that resizes well and that its format writes: L, LA, RGB, RGBA or
    CMYK (a CMYK JPEG is made RGB by its profile after resizing)."""
    if image.mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        if image.mode in ("L", "RGB") and "transparency" in image.info:
            return image.convert("RGBA")  # a PNG's tRNS colour key becomes an alpha band
        return image
    if image.mode.startswith("I") or image.mode == "F":
        # 16-bit greyscale PNG: scale to 8 bits rather than clip.
        return image.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    if image.mode in ("P", "PA", "La", "RGBa") or "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode == "1":
        return image.convert("L")
    return image.convert("RGB")


def _in_srgb(image: Image.Image) -> Image.Image:
    """RGB(A) or L pixels meaning sRGB: the image's colour profile applied, or dropped when it
    cannot be read; CMYK made RGB."""
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            from PIL import ImageCms  # littlecms, in Pillow's wheels

            source = ImageCms.ImageCmsProfile(BytesIO(profile))
            output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
            )
            if converted is not None:
                image = converted
        except Exception:  # noqa: BLE001, S110 - a broken or unusual profile (PyCMSError, OSError…): dropped
            pass
    if image.mode == "CMYK":
        image = image.convert("RGB")
    return image


def _without_metadata(image: Image.Image) -> Image.Image:
    """A new image holding only the pixels: no EXIF (GPS), XMP, comment, profile or text."""
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _encoded(image: Image.Image, kind: str) -> bytes:
    buffer = BytesIO()
    if kind == "jpg":
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
    else:
        image.save(buffer, format="PNG")
    return buffer.getvalue()


def clean_photo(uploaded, *, stem: str | None = None, side: int | None = None) -> CleanPhoto:
    """The uploaded photo checked and re-encoded (see the module's docstring), or PhotoRefused.

    `stem` names the files (letters, digits, - and _; by default a random one), never the
    user's file name; `side` is the box's side in pixels (default EVIDENCE_PHOTO_MAX_SIDE).
    """
    if stem is None:
        stem = uuid.uuid4().hex
    elif not _STEM.match(stem):
        raise ValueError(f"A photo's stem is letters, digits, - and _, not {stem!r}.")
    side = side or settings.EVIDENCE_PHOTO_MAX_SIDE
    limit = settings.EVIDENCE_PHOTO_MAX_BYTES
    name = _shown_name(uploaded)

    size = getattr(uploaded, "size", None) or 0
    data = b""
    if size <= limit:
        uploaded.seek(0)
        data = uploaded.read(limit + 1)
        size = len(data)
    if size > limit:
        raise _refused(
            _("“%(name)s” is %(size)s; a photo may be at most %(limit)s. Send a smaller copy of it."),
            "too_large",
            name=name,
            size=filesizeformat(size),
            limit=filesizeformat(limit),
        )
    if not data:
        raise _refused(_("“%(name)s” is empty: choose the photo again."), "empty", name=name)

    with _strict_decoding():
        image = _open(data, name)
        kind = _KINDS[image.format]
        try:
            image.verify()  # a PNG's chunks and their checksums; the image is unusable after it
            image = _open(data, name)
            if kind == "jpg":
                image.draft(None, _fit(image.size, side))  # decoded at 1/2, 1/4 or 1/8 when it suffices
            image.load()  # a truncated file fails here
        except PhotoRefused:
            raise
        except Exception:  # noqa: BLE001 - Pillow's decoders raise OSError, SyntaxError, ValueError…
            raise _damaged(name) from None
    try:
        image = ImageOps.exif_transpose(image)
        image = _plain_mode(image)
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
        image = _without_metadata(_in_srgb(image))
        thumbnail = image.copy()
        thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
        photo_bytes, thumbnail_bytes = _encoded(image, kind), _encoded(thumbnail, kind)
    except Exception:  # noqa: BLE001 - a malformed EXIF block or profile Pillow could not handle
        raise _damaged(name) from None
    return CleanPhoto(
        file=ContentFile(photo_bytes, name=f"{stem}.{kind}"),
        thumbnail=ContentFile(thumbnail_bytes, name=f"{stem}-thumb.{kind}"),
        width=image.width,
        height=image.height,
        thumbnail_width=thumbnail.width,
        thumbnail_height=thumbnail.height,
        kind=kind,
    )
