"""Uploads are held to their limit while they are received, not after.

`UploadLimitHandler` comes first in FILE_UPLOAD_HANDLERS. It counts each file's bytes as they
arrive; past the limit of the route (documents.uploads.upload_limit, else DEFAULT_UPLOAD_LIMIT)
nothing more of the file is kept, in memory or on disk, and:

- when the whole request is no larger than the limit plus what the form's other fields may
  take (DATA_UPLOAD_MAX_MEMORY_SIZE), the rest of the file is read and thrown away, so that the
  fields after it arrive too and the page comes back with everything as typed;
- otherwise reading stops there (Django's StopUpload with connection_reset): a 50 MB upload to a
  10 MB field costs 10 MB, not 50. Fields sent before the file are kept; the browser, still
  sending, may show its "connection reset" page instead of ours.

Either way `RefusedUploadsMiddleware` puts a `RefusedUpload` in request.FILES in the file's
place, so the form refuses it by its size with its own message. A view that declared no limit
(the admin) gets a plain 413 answer instead, since its forms do not know a refused upload.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from documents.uploads import DEFAULT_UPLOAD_LIMIT, RefusedUpload


def declared_limit(view) -> int | None:
    """The limit a view declared with upload_limit (on the function or its class), or None."""
    limit = getattr(view, "upload_limit", None)
    if limit is None:
        limit = getattr(getattr(view, "view_class", None), "upload_limit", None)
    return limit


class UploadLimitHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        match = getattr(self.request, "resolver_match", None)
        self.limit = (declared_limit(match.func) if match else None) or DEFAULT_UPLOAD_LIMIT
        self.request_length = content_length
        return None  # Django parses the request; this handler only watches the files

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received <= self.limit:
            return raw_data
        refusals = self.request.__dict__.setdefault("_refused_uploads", [])
        refusals.append(
            (
                self.field_name,
                RefusedUpload(
                    name=self.file_name,
                    content_type=self.content_type,
                    size=max(self.request_length, self.limit + 1),
                    limit=self.limit,
                ),
            )
        )
        if self.request_length > self.limit + (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0):
            raise StopUpload(connection_reset=True)
        raise SkipFile  # the other handlers drop what they had; the fields after the file still come

    def file_complete(self, file_size):
        return None  # the next handlers (memory, temporary file) hold the files within the limit


class RefusedUploadsMiddleware:
    """Put each refused upload in request.FILES in its file's place (after CsrfViewMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not request.content_type.startswith("multipart/"):
            return None
        files = request.FILES  # parses the request if the CSRF check has not
        refused = request.__dict__.get("_refused_uploads") or []
        if not refused:
            return None
        if declared_limit(view_func) is None:
            limit = refused[0][1].limit
            message = _("The file is larger than %(limit)s, so it was not received.") % {
                "limit": filesizeformat(limit)
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        for field_name, upload in refused:
            files.setlist(field_name, [upload])
        return None
