"""Spreadsheets as downloads: the content type and a file name that keeps its Cyrillic letters."""

from urllib.parse import quote

from django.http import HttpResponse
from django.utils.text import slugify

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    """Content-Disposition that keeps a Cyrillic file name (RFC 6266 / 5987)."""
    ascii_name = slugify(filename.rsplit(".", 1)[0]) or "file"
    extension = filename.rsplit(".", 1)[-1]
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}.{extension}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    return attachment(HttpResponse(content, content_type=XLSX), filename)
