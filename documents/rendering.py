"""HTML to PDF with WeasyPrint, fetching nothing but the project's own static and media files.

A document's HTML comes from a Django template, so user text is escaped there. Whatever it still
links to (stylesheets, images, SVG references, attachments, @import) goes through
SafeURLFetcher: only files under STATIC_URL and MEDIA_URL, read from disk, of a few harmless
kinds. http(s) to other hosts, file://, internal addresses and data: URLs of other kinds are
refused; WeasyPrint then leaves the resource out. No redirect is ever followed (no network).
"""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils._os import safe_join
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger(__name__)

# Relative links in a document ("/static/css/pdf.css") resolve under this host, which is never
# contacted: the fetcher maps its paths to files on disk.
BASE_URL = "https://documents.sedp.invalid/"
_HOST = urlsplit(BASE_URL).netloc
ALLOWED_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
}
ALLOWED_DATA_TYPES = {"image/png", "image/jpeg", "image/gif"}
MAX_RESOURCE_BYTES = 5 * 1024 * 1024


class RefusedURL(ValueError):
    """A document tried to load something from outside the project's own files."""


def _static_file(relative: str) -> Path | None:
    found = finders.find(relative)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        try:
            candidate = Path(safe_join(str(settings.STATIC_ROOT), relative))
        except Exception:  # noqa: BLE001 - a path outside STATIC_ROOT
            return None
        return candidate if candidate.is_file() else None
    return None


def _media_file(relative: str) -> Path | None:
    try:
        candidate = Path(safe_join(str(settings.MEDIA_ROOT), relative))
    except Exception:  # noqa: BLE001 - a path outside MEDIA_ROOT
        return None
    return candidate if candidate.is_file() else None


def local_file_for(url: str) -> Path:
    """The file on disk a document URL stands for, or RefusedURL."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc != _HOST or parts.username or parts.port:
        raise RefusedURL(f"refused (not a project file): {url[:200]}")
    path = unquote(parts.path)
    if "\x00" in path or "\\" in path:
        raise RefusedURL("refused (bad path)")
    suffix = Path(path).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        raise RefusedURL(f"refused (kind of file): {path[:200]}")
    found = None
    if path.startswith(settings.STATIC_URL):
        found = _static_file(path.removeprefix(settings.STATIC_URL))
    elif path.startswith(settings.MEDIA_URL):
        found = _media_file(path.removeprefix(settings.MEDIA_URL))
    if found is None:
        raise RefusedURL(f"refused (no such project file): {path[:200]}")
    if found.stat().st_size > MAX_RESOURCE_BYTES:
        raise RefusedURL(f"refused (too large): {path[:200]}")
    return found


class SafeURLFetcher(URLFetcher):
    """WeasyPrint's fetcher, limited to the project's own files and harmless data: images."""

    def __init__(self):
        super().__init__(allowed_protocols={"https", "data"}, allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            if url.startswith("data:"):
                media_type = url[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
                if media_type not in ALLOWED_DATA_TYPES:
                    raise RefusedURL(f"refused data URL of type {media_type or 'unknown'!r}")
                return super().fetch(url, headers)
            path = local_file_for(url)
        except RefusedURL as refusal:
            self.refused.append(url[:200])
            log.info("PDF resource %s", refusal)
            raise
        content_type = ALLOWED_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


@dataclass
class RenderedPdf:
    content: bytes
    pages: int
    refused: list[str]


def render_pdf(html: str) -> RenderedPdf:
    """Render an HTML string (from a Django template) to PDF bytes."""
    fetcher = SafeURLFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher, media_type="print").render()
    content = document.write_pdf()
    return RenderedPdf(content=content, pages=len(document.pages), refused=fetcher.refused)
