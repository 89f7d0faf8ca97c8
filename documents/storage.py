"""The private bucket behind MEDIA_STORAGE=s3 (config/settings.py, `media_storage`).

Only loaded when the portal keeps its files in a bucket, so that boto3 is not imported otherwise.
"""

from __future__ import annotations

from typing import IO
from urllib.parse import urljoin

from botocore.exceptions import ClientError
from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

_MISSING = {"NoSuchKey", "404", "NotFound"}


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend for a bucket that nobody but the portal reads.

    Files reach people only through the views that check access, which stream them
    (documents.http.stored_file_response), so the bucket need not be reachable from browsers at
    all. `url()` therefore gives the same /media/ address as the file system, which the portal
    does not serve, and never an address in the bucket, signed or not: a form that shows the
    current file (the working group's order) cannot hand out a way around the access checks.
    """

    def url(self, name, parameters=None, expire=None, http_method=None) -> str:
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

    def stream(self, name: str) -> tuple[IO[bytes], int]:
        """The object's bytes as they arrive (one GET, nothing held in memory) and their number.

        FileNotFoundError when there is no such object. botocore checks at the end that as many
        bytes arrived as announced, so a broken transfer fails instead of ending short.
        """
        key = self._normalize_name(clean_name(name))
        try:
            answer = self.bucket.Object(key).get()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING:
                raise FileNotFoundError(f"No object {key!r} in the bucket") from None
            raise
        return answer["Body"], answer["ContentLength"]
