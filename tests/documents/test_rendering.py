"""The PDF renderer fetches nothing but the project's own static and media files."""

import io

import pypdf
import pytest

from documents.rendering import RefusedURL, local_file_for, render_pdf

HOSTILE = [
    "file:///etc/passwd",
    "http://127.0.0.1:1/x.css",
    "https://example.org/x.png",
    "http://169.254.169.254/latest/meta-data/",
    "https://documents.sedp.invalid.evil.example/static/css/portal.css",
    "https://user@documents.sedp.invalid/static/css/portal.css",
    "https://documents.sedp.invalid/static/../../../../etc/passwd",
    "https://documents.sedp.invalid/media/../../etc/passwd.png",
    "https://documents.sedp.invalid/static/css/portal.css%00.png",
    "https://documents.sedp.invalid/etc/passwd.css",
    "ftp://127.0.0.1/x.png",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_anything_but_project_files_is_refused(url):
    with pytest.raises(RefusedURL):
        local_file_for(url)


def test_project_static_and_media_files_are_served(settings, tmp_path):
    assert local_file_for("https://documents.sedp.invalid/static/css/portal.css").name == "portal.css"
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert local_file_for("https://documents.sedp.invalid/media/logo.png") == tmp_path / "logo.png"
    (tmp_path / "notes.txt").write_text("secret")
    with pytest.raises(RefusedURL):
        local_file_for("https://documents.sedp.invalid/media/notes.txt")  # not a kind we serve


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_hostile_markup_is_never_fetched_nor_embedded():
    html = """<html><head>
      <link rel="stylesheet" href="/static/css/portal.css">
      <link rel="stylesheet" href="http://127.0.0.1:1/x.css">
      <link rel="attachment" href="file:///etc/passwd">
      <style>@import url(http://127.0.0.1:1/y.css); @import url(file:///etc/passwd);</style>
    </head><body>
      <p>Көк-Жар: ң ө ү</p>
      <img src="file:///etc/passwd"><img src="http://127.0.0.1:1/x.png">
      <img src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">
      <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="20">
        <image xlink:href="file:///etc/passwd" width="10" height="10"/>
        <image href="http://127.0.0.1:1/x.png" width="10" height="10"/>
        <script>alert(1)</script>
      </svg>
    </body></html>"""
    rendered = render_pdf(html)
    assert set(rendered.refused) >= {
        "http://127.0.0.1:1/x.css",
        "file:///etc/passwd",
        "http://127.0.0.1:1/x.png",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    }
    assert "https://documents.sedp.invalid/static/css/portal.css" not in rendered.refused
    assert b"root:" not in rendered.content
    assert b"/EmbeddedFile" not in rendered.content
    assert "Көк-Жар: ң ө ү" in _text(rendered.content)


def test_harmless_data_images_are_allowed():
    pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    rendered = render_pdf(f'<html><body><img src="{pixel}"></body></html>')
    assert rendered.refused == []
