"""Evidence photos (documents/photos.py): real images made by Pillow here, read back by Pillow."""

import struct
import time
import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageCms

from documents.photos import PhotoRefused, clean_photo
from documents.uploads import RefusedUpload

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg(size=(800, 600), colour=(200, 60, 30), quality=90, **save) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG", quality=quality, **save)
    return buffer.getvalue()


def png(image: Image.Image, **save) -> bytes:
    buffer = BytesIO()
    image.save(buffer, format="PNG", **save)
    return buffer.getvalue()


def with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"  # GPSLatitudeRef
    gps[2] = (40.0, 30.0, 12.5)  # Kök-Jar, Nookat rayon
    gps[3] = "E"
    gps[4] = (72.0, 37.0, 1.0)
    return exif


def read(content) -> Image.Image:
    image = Image.open(BytesIO(content.read()))
    content.seek(0)
    return image


def png_header(width: int, height: int, idat: bytes = b"") -> bytes:
    """A PNG declaring width × height (8-bit greyscale), with `idat` as its compressed pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def png_bomb(side: int) -> bytes:
    """A real decompression bomb: side × side black pixels, compressed to a few hundred KB."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (side + 1)  # filter byte, then the row
    parts = [compressor.compress(row * 500) for _ in range(side // 500)]
    parts.append(compressor.flush())
    return png_header(side, side, b"".join(parts))


# --- What comes out -----------------------------------------------------------------------


def test_gps_and_all_other_metadata_are_dropped():
    buffer = BytesIO()
    Image.new("RGB", (640, 480), (10, 120, 40)).save(
        buffer,
        format="JPEG",
        exif=with_gps(),
        comment=b"Kok-Jar, 40.5N 72.6E",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>40,30N</exif:GPSLatitude></x:xmpmeta>',
    )
    original = Image.open(BytesIO(buffer.getvalue()))
    assert original.getexif().get_ifd(GPS_IFD)  # the test's photo does carry a position
    assert {"exif", "comment", "xmp"} <= set(original.info)

    photo = clean_photo(upload(buffer.getvalue()))

    out = read(photo.file)
    assert out.format == "JPEG"
    assert dict(out.getexif()) == {}
    assert out.getexif().get_ifd(GPS_IFD) == {}
    assert not {"exif", "comment", "xmp", "icc_profile"} & set(out.info)
    data = photo.file.read()
    assert b"40.5N" not in data and b"GPSLatitude" not in data and b"PhoneMaker" not in data
    thumb = read(photo.thumbnail)
    assert dict(thumb.getexif()) == {} and "exif" not in thumb.info


def test_the_exif_orientation_is_applied():
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was turned: the photo stands when rotated 90° clockwise
    image = Image.new("RGB", (800, 400), (255, 255, 255))
    image.paste((255, 0, 0), (0, 0, 100, 100))  # a red square top left, as stored
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=95)

    photo = clean_photo(upload(buffer.getvalue()))

    out = read(photo.file)
    assert (photo.width, photo.height) == out.size == (400, 800)
    assert ORIENTATION not in out.getexif()
    red, green, blue = out.convert("RGB").getpixel((390, 10))  # now top right
    assert red > 200 and green < 60 and blue < 60


def test_a_big_photo_is_resized_to_the_box_and_a_small_one_is_kept_as_it_is():
    big = clean_photo(upload(jpeg((4000, 3000))))
    assert (big.width, big.height) == read(big.file).size == (1600, 1200)
    assert (big.thumbnail_width, big.thumbnail_height) == read(big.thumbnail).size == (400, 300)

    small = clean_photo(upload(jpeg((640, 480))))
    assert (small.width, small.height) == read(small.file).size == (640, 480)
    assert read(small.thumbnail).size == (400, 300)

    tiny = clean_photo(upload(jpeg((120, 90))))
    assert read(tiny.file).size == read(tiny.thumbnail).size == (120, 90)


def test_the_box_follows_the_setting(settings):
    settings.EVIDENCE_PHOTO_MAX_SIDE = 1000
    photo = clean_photo(upload(jpeg((3000, 4000))))
    assert read(photo.file).size == (750, 1000)


def test_a_jpeg_is_stored_progressive_under_a_generated_name():
    photo = clean_photo(upload(jpeg(), name="../../etc/Село Көк-Жар.JPG"))
    assert photo.kind == "jpg" and photo.content_type == "image/jpeg"
    assert photo.file.name.endswith(".jpg") and "/" not in photo.file.name and ".." not in photo.file.name
    assert photo.thumbnail.name == photo.file.name.replace(".jpg", "-thumb.jpg")
    assert read(photo.file).info.get("progressive") == 1
    assert clean_photo(upload(jpeg()), stem="activity-12").file.name == "activity-12.jpg"


def test_a_png_stays_a_png_with_its_transparency():
    image = Image.new("RGBA", (2000, 1000), (0, 0, 0, 0))
    image.paste((0, 90, 200, 255), (0, 0, 1000, 1000))
    photo = clean_photo(upload(png(image), name="plan.png", content_type="image/png"))

    out = read(photo.file)
    assert out.format == "PNG" and photo.kind == "png" and photo.file.name.endswith(".png")
    assert out.mode == "RGBA" and out.size == (1600, 800)
    assert out.getpixel((1500, 400))[3] == 0  # transparent where it was
    assert out.getpixel((100, 400)) == (0, 90, 200, 255)
    assert read(photo.thumbnail).format == "PNG"


def test_a_palette_png_keeps_its_transparent_colour():
    image = Image.new("P", (300, 200), 0)
    image.putpalette([255, 255, 255, 200, 0, 0] + [0] * 762)
    image.paste(1, (0, 0, 150, 200))
    photo = clean_photo(upload(png(image, transparency=0), name="map.png"))
    out = read(photo.file).convert("RGBA")
    assert out.getpixel((250, 100))[3] == 0
    assert out.getpixel((50, 100)) == (200, 0, 0, 255)


def test_a_png_loses_its_text_chunks_and_exif():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "taken at 40.5N 72.6E")
    photo = clean_photo(
        upload(png(Image.new("RGB", (100, 100)), pnginfo=info, exif=with_gps()), name="a.png")
    )
    out = read(photo.file)
    assert dict(out.getexif()) == {}
    assert not {"exif", "Comment"} & set(out.info)
    assert b"40.5N" not in photo.file.read()


def test_a_colour_profile_is_applied_and_dropped():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo = clean_photo(upload(jpeg(icc_profile=srgb)))
    out = read(photo.file)
    assert "icc_profile" not in out.info
    red, green, blue = out.getpixel((10, 10))
    assert abs(red - 200) < 8 and abs(green - 60) < 8 and abs(blue - 30) < 8

    unreadable = clean_photo(upload(jpeg(icc_profile=b"not a profile" * 20)))  # the profile is dropped
    assert "icc_profile" not in read(unreadable.file).info


def test_a_cmyk_jpeg_comes_out_rgb():
    buffer = BytesIO()
    Image.new("CMYK", (200, 100), (0, 255, 255, 0)).save(buffer, format="JPEG")
    out = read(clean_photo(upload(buffer.getvalue())).file)
    assert out.mode == "RGB"
    red, green, blue = out.getpixel((10, 10))
    assert red > 200 and green < 60 and blue < 60


def test_the_name_and_the_declared_type_do_not_matter():
    photo = clean_photo(upload(jpeg(), name="report.pdf", content_type="application/pdf"))
    assert photo.kind == "jpg" and photo.file.name.endswith(".jpg")


# --- What is refused ------------------------------------------------------------------------


def gif() -> bytes:
    buffer = BytesIO()
    Image.new("P", (20, 20)).save(buffer, format="GIF")
    return buffer.getvalue()


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header (SOF0) says width × height."""
    data = bytearray(jpeg((16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def noisy_jpeg() -> bytes:
    """A JPEG of noise: large enough (about 350 KB) that cutting it leaves most of it missing."""
    buffer = BytesIO()
    Image.effect_noise((800, 600), 64).convert("RGB").save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


NOT_A_PHOTO = {
    "ky": "«{name}» JPEG же PNG сүрөтү эмес. Далил катары JPEG жана PNG сүрөттөрү гана тиркелет.",
    "ru": "«{name}» — не фотография JPEG или PNG. В качестве подтверждения можно приложить только фотографии "
    "JPEG и PNG.",
}
DAMAGED = {
    "ky": "«{name}» сүрөт катары окулган жок: файл бузулган же толук эмес. Аны кайра сактап же жөнөтүңүз.",
    "ru": "Не удалось прочитать «{name}» как фотографию: файл повреждён или загружен не полностью. "
    "Сохраните или отправьте его ещё раз.",
}
EMPTY = {
    "ky": "«{name}» файлы бош: сүрөттү кайра тандаңыз.",
    "ru": "Файл «{name}» пуст: выберите фотографию ещё раз.",
}
TOO_MANY_PIXELS = {
    "ky": "«{name}» файлында пиксел өтө көп (сүрөттө эң көп {limit} Мп болушу мүмкүн). "
    "Анын кичирээк көчүрмөсүн жөнөтүңүз.",
    "ru": "В «{name}» больше пикселей, чем может быть у фотографии (не более {limit} Мп). "
    "Отправьте уменьшенную копию.",
}
TOO_LARGE = {
    "ky": "«{name}» файлынын көлөмү {size}; сүрөттүн эң чоң көлөмү – {limit}. Анын кичирээк көчүрмөсүн жөнөтүңүз.",
    "ru": "«{name}» весит {size}; фотография может быть не больше {limit}. Отправьте уменьшенную копию.",
}

REFUSED = [
    ("gif", lambda: gif(), "kitten.jpg", NOT_A_PHOTO, {}),
    ("pdf", lambda: b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "act.jpg", NOT_A_PHOTO, {}),
    (
        "svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "map.png",
        NOT_A_PHOTO,
        {},
    ),
    ("html", lambda: b"<!doctype html><html><body><script>alert(1)</script>", "photo.jpg", NOT_A_PHOTO, {}),
    ("truncated jpeg", lambda: noisy_jpeg()[:20000], "road.jpg", DAMAGED, {}),
    ("truncated png", lambda: png(Image.effect_noise((300, 300), 64))[:20000], "road.png", DAMAGED, {}),
    ("empty", lambda: b"", "road.jpg", EMPTY, {}),
    ("png header 60000 × 60000", lambda: png_header(60000, 60000), "big.png", TOO_MANY_PIXELS, {"limit": 30}),
    (
        "jpeg header 60000 × 60000",
        lambda: jpeg_declaring(60000, 60000),
        "big.jpg",
        TOO_MANY_PIXELS,
        {"limit": 80},
    ),
    ("png of 8000 × 8000", lambda: png_bomb(8000), "wide.png", TOO_MANY_PIXELS, {"limit": 30}),
    # Past Image.MAX_IMAGE_PIXELS (about 89 MP) Pillow only warns; that warning refuses too.
    ("png of 10000 × 10000", lambda: png_bomb(10000), "wide.png", TOO_MANY_PIXELS, {"limit": 30}),
]


@pytest.mark.parametrize("language", ["ky", "ru"])
@pytest.mark.parametrize(("what", "make", "name", "messages", "params"), REFUSED, ids=[r[0] for r in REFUSED])
def test_each_refused_kind_says_why_in_the_users_language(language, what, make, name, messages, params):
    data = make()
    with translation.override(language):
        with pytest.raises(PhotoRefused) as refused:
            clean_photo(upload(data, name=name))
        assert refused.value.messages == [messages[language].format(name=name, **params)]


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_file_over_the_limit_is_refused_by_its_size(language, settings):
    settings.EVIDENCE_PHOTO_MAX_BYTES = 1024 * 1024
    sizes = {"ky": ("1,0\xa0мегабайт", "1,0\xa0мегабайт"), "ru": ("1,0\xa0МБ", "1,0\xa0МБ")}
    data = jpeg((16, 16)) + b"\x00" * (1024 * 1024)
    with translation.override(language):
        with pytest.raises(PhotoRefused) as refused:
            clean_photo(upload(data, name="road.jpg"))
        size, limit = sizes[language]
        assert refused.value.messages == [TOO_LARGE[language].format(name="road.jpg", size=size, limit=limit)]
        assert refused.value.code == "too_large"

        # As the upload handler hands it over when it stopped receiving it: no content, its size.
        stopped = RefusedUpload(
            name="road.jpg", content_type="image/jpeg", size=50 * 1024 * 1024, limit=1024 * 1024
        )
        with pytest.raises(PhotoRefused) as refused:
            clean_photo(stopped)
        assert refused.value.code == "too_large"


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    bomb = png_bomb(20000)  # 400 million pixels: 1.6 GB as RGBA, a few hundred KB as a file
    assert len(bomb) < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(upload(bomb, name="bomb.png"))
    assert time.monotonic() - started < 1.0  # decoding 400 MP would take many seconds
    assert refused.value.code == "too_many_pixels"


def test_a_jpeg_of_many_pixels_below_the_limit_is_decoded_small():
    # 64 MP, as some phones take them: decoded at 1/4 of its size, then resized.
    photo = clean_photo(upload(jpeg((9248, 6936), quality=30)))
    assert (photo.width, photo.height) == (1600, 1200)


def test_the_message_names_the_file_without_its_folder():
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(upload(b"plain text", name="C:\\Users\\aiyl\\Desktop\\road.jpg"))
    assert "«road.jpg»" in refused.value.messages[0] or "“road.jpg”" in refused.value.messages[0]
    assert "Desktop" not in refused.value.messages[0]


def test_a_truncated_photo_is_refused_even_after_weasyprint_allowed_them(monkeypatch):
    import weasyprint  # noqa: F401  (it sets ImageFile.LOAD_TRUNCATED_IMAGES when imported)
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(upload(noisy_jpeg()[:20000], name="road.jpg"))
    assert refused.value.code == "damaged"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as WeasyPrint wants it


def encoded(image: Image.Image, image_format: str, **save) -> bytes:
    buffer = BytesIO()
    image.save(buffer, format=image_format, **save)
    return buffer.getvalue()


def test_a_cameras_multi_picture_jpeg_keeps_its_first_picture():
    first, second = Image.new("RGB", (300, 200), (255, 0, 0)), Image.new("RGB", (300, 200), (0, 255, 0))
    photo = clean_photo(upload(encoded(first, "MPO", save_all=True, append_images=[second])))
    out = read(photo.file)
    assert out.format == "JPEG" and photo.kind == "jpg"
    assert out.getpixel((10, 10))[0] > 200


def test_a_16_bit_greyscale_png_is_scaled_to_8_bits_not_clipped():
    photo = clean_photo(upload(encoded(Image.new("I;16", (100, 100), 40000), "PNG"), name="scan.png"))
    out = read(photo.file)
    assert out.mode == "L" and out.getpixel((5, 5)) == 40000 // 257


@pytest.mark.parametrize("image_format", ["WEBP", "TIFF", "BMP", "ICO"])
def test_other_image_formats_are_refused_as_not_a_photo(image_format):
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(upload(encoded(Image.new("RGB", (50, 50)), image_format), name="photo.jpg"))
    assert refused.value.code == "bad_type"
