"""Serving a generated document: a proper file name, caching headers, 304 on revalidation."""

from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from documents.models import GeneratedDocument


def serve_document(request, document: GeneratedDocument, filename: str, *, public: bool = False):
    """A ready document as an attachment (RFC 6266 / 5987: Cyrillic names survive)."""
    if not document.is_ready:
        raise Http404
    etag = f'"{document.content_hash[:40]}"'
    last_modified = document.rendered_at.timestamp() if document.rendered_at else None
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if conditional is not None and conditional.status_code == 304:
        response = HttpResponseNotModified()
    else:
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
        if document.size:
            response["Content-Length"] = str(document.size)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    if public:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    return response
