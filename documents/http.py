"""Serving stored files: generated documents with a proper file name, caching headers and 304 on
revalidation; uploaded scans. Wherever the files are kept (the local disk or a bucket), they are
streamed through Django after the view's access check, never handed out as an address in the
bucket: the ETag and the 304 come from the database row without touching the storage, the
Cyrillic file name is Django's own Content-Disposition, and a public PDF may be cached by
proxies under the portal's own stable address.
"""

import posixpath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from documents.models import GeneratedDocument

# Bytes read from the storage at a time (Django's 4 KB is small for a stream from a bucket).
BLOCK_SIZE = 64 * 1024


def stored_file_response(
    file: FieldFile, *, content_type: str | None = None, as_attachment: bool = False, filename: str = ""
) -> FileResponse:
    """A stored file as a streamed response; 404 when the file is gone.

    The Content-Type is guessed from the file name unless given; the name in Content-Disposition
    is `filename`, or the stored file's own name.
    """
    storage, name = file.storage, file.name
    try:
        stream = getattr(storage, "stream", None)  # a bucket (documents.storage.PrivateS3Storage)
        if stream is not None:
            handle, size = stream(name)
        else:  # the local disk: a real file, which the WSGI server may send with sendfile()
            handle = storage.open(name, "rb")
            size = handle.size
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=as_attachment,
        filename=filename or posixpath.basename(name),
    )
    response.block_size = BLOCK_SIZE
    if size is not None:
        response["Content-Length"] = str(size)
    return response


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
        response = stored_file_response(
            document.file, content_type="application/pdf", as_attachment=True, filename=filename
        )
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    if public:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    return response
