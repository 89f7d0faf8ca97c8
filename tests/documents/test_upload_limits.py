"""Uploads are refused while they are received (documents/upload_handlers.py).

The request bodies here are produced as the server reads them and count what it read, so the
tests see how much of a 50 MB upload the portal takes in before it refuses it.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from planning.models import Program, WorkingGroup, WorkingGroupMember
from tests.planning.helpers import form_data, url

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
BOUNDARY = "----sedp-test-boundary"


class StreamedBody:
    """A multipart body made while it is read: `fields` (name → text) then one file of `size`
    bytes (a PDF header and zeros), then `after` fields; `read_bytes` counts what was read."""

    def __init__(self, fields: dict, file_field: str, file_name: str, size: int, after: dict | None = None):
        def part(name, value):
            return (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            ).encode()

        self.head = (
            b"".join(part(k, v) for k, v in fields.items())
            + (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
                "Content-Type: application/pdf\r\n\r\n"
            ).encode()
        )
        self.size = size
        self.tail = (
            b"\r\n" + b"".join(part(k, v) for k, v in (after or {}).items()) + f"--{BOUNDARY}--\r\n".encode()
        )
        self.length = len(self.head) + size + len(self.tail)
        self.read_bytes = 0

    def _byte(self, position: int, count: int) -> bytes:
        """Bytes [position, position + count) of the body, made on demand."""
        out = b""
        head, size = len(self.head), self.size
        if position < head:
            out += self.head[position : position + count]
        file_start, file_end = max(position, head), min(position + count, head + size)
        if file_end > file_start:
            pdf = b"%PDF-1.4\n"
            chunk = bytearray(file_end - file_start)
            for i in range(file_start, min(file_end, head + len(pdf))):
                chunk[i - file_start] = pdf[i - head]
            out += bytes(chunk)
        tail_start = max(position, head + size)
        if position + count > tail_start:
            out += self.tail[tail_start - head - size : position + count - head - size]
        return out

    def read(self, count: int = -1) -> bytes:
        if count is None or count < 0:
            count = self.length - self.read_bytes
        data = self._byte(self.read_bytes, min(count, self.length - self.read_bytes))
        self.read_bytes += len(data)
        return data

    def readline(self, count: int = -1) -> bytes:
        line = b""
        while not line.endswith(b"\n") and self.read_bytes < self.length and (count < 0 or len(line) < count):
            line += self.read(1)
        return line

    def post(self, client, path: str, **headers):
        return client.generic(
            "POST",
            path,
            b"",
            CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
            CONTENT_LENGTH=str(self.length),
            **{"wsgi.input": self},
            **headers,
        )


@pytest.fixture
def endorsed(program_a):
    Program.objects.filter(pk=program_a.pk).update(status=Program.Status.ENDORSED)
    program_a.refresh_from_db()
    return program_a


def test_a_50_mb_scan_is_refused_after_little_more_than_its_10_mb(client, world, endorsed):
    client.force_login(world.head_a)
    body = StreamedBody(
        {"version": endorsed.version, "number": "12-4", "decided_on": "2025-01-20"},
        "scan",
        "decision.pdf",
        50 * MB,
    )

    response = body.post(client, url("approval", endorsed.pk))

    assert response.status_code == 200
    page = response.content.decode()
    # "The file is 50 MB; the limit is 10 MB." (its size: the request's, as reading stopped)
    assert "Файлдын көлөмү 50,0\xa0мегабайт; чеги 10,0\xa0мегабайт." in page
    assert 'value="12-4"' in page  # what was typed before the file is still there
    assert body.read_bytes < 10 * MB + 256 * 1024, body.read_bytes
    endorsed.refresh_from_db()
    assert endorsed.status == Program.Status.ENDORSED and not endorsed.council_decision_file


def test_a_scan_a_little_over_the_limit_is_read_to_the_end_and_the_whole_page_kept(client, world, program_a):
    """The fields after the file (the members' rows) arrive too, so nothing typed is lost."""
    client.force_login(world.staff_a)
    data = form_data(client.get(url("working_group", program_a.pk)))
    data.update({"order_number": "86", "order_date": "2019-04-09"})
    data.update({"members-TOTAL_FORMS": "1", "members-0-name": "Айгүл Токтогулова", "members-0-gender": "f"})
    before = {k: v for k, v in data.items() if not k.startswith("members")}
    after = {k: v for k, v in data.items() if k.startswith("members")}
    body = StreamedBody(before, "order_file", "order.pdf", 11 * MB, after=after)

    response = body.post(client, url("working_group", program_a.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Файлдын көлөмү 11,0\xa0мегабайт; чеги 10,0\xa0мегабайт." in page
    assert 'value="86"' in page and "Айгүл Токтогулова" in page
    assert body.read_bytes == body.length
    assert not WorkingGroupMember.objects.exists()
    assert not WorkingGroup.objects.get(program=program_a).order_file


@pytest.mark.parametrize(("size", "read_whole"), [(6 * MB, True), (30 * MB, False)])
def test_a_workbook_over_5_mb_is_refused_while_it_is_received(client, world, program_a, size, read_whole):
    client.force_login(world.staff_a)
    body = StreamedBody({}, "file", "plan.xlsx", size)

    response = body.post(client, url("import", program_a.pk))

    assert response.status_code == 200
    assert "Файл 5 МБдан чоң." in response.content.decode()  # "The file is larger than 5 MB."
    if read_whole:
        assert body.read_bytes == body.length
    else:
        assert body.read_bytes < 5 * MB + 256 * 1024, body.read_bytes


def test_a_page_that_takes_no_file_answers_413_to_a_large_one(client, world):
    client.force_login(world.admin)
    body = StreamedBody({}, "file", "big.pdf", 11 * MB)
    with translation.override("en"):
        path = reverse("admin:index")

    response = body.post(client, path, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 413
    assert response.content.decode() == "The file is larger than 10.0\xa0MB, so it was not received."
