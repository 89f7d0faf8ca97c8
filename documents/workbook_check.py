"""What an uploaded workbook may hold, checked before openpyxl reads any of it.

An XLSX file is a zip of XML parts. openpyxl keeps every shared string and every cell format in
memory and walks every row, so a small zip that unpacks to millions of empty strings, formats or
rows costs a web process a minute and close to a gigabyte. This check reads each part once, as
a stream (zipfile inflates 64 KiB at a time, expat parses it as it comes), counts what openpyxl
would build, and stops at the first budget passed: its cost is bounded by the budget, never by the
file. Nothing here builds a tree.

Parts are judged by what they hold, not by their names, since the file's own relationships say
which part openpyxl reads as what: cells, rows, shared strings and cell formats are counted in
every part, and any part that openpyxl reads whole (all but sheets and shared strings, which it
streams) has its own element budget. A part that starts like XML must be well-formed XML with no
document type declaration (no entities to expand); only legacy drawings (.vml, which Excel writes
loosely and openpyxl's reader never opens) may be malformed, and they are small. Binary parts
(pictures, printer settings) are neither XML to expat nor to openpyxl's parsers; their size is
bounded like every part's.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from xml.parsers import expat

# The most an uploaded workbook may weigh (the import page's upload limit too); this module is
# light (no openpyxl), so the page's view and form read it from here.
MAX_WORKBOOK_BYTES = 5 * 1024 * 1024
CHUNK = 64 * 1024

# The counted elements, by local name (a prefix does not hide them).
CELL, ROW, SHARED_STRING, CELL_FORMAT = "c", "row", "si", "xf"
# Roots of the parts openpyxl streams instead of reading them whole.
STREAMED_ROOTS = frozenset({"worksheet", "dialogsheet", "sst"})

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Byte patterns by which XML parsers recognise a document in UTF-16, UTF-32 or EBCDIC.
_WIDE_STARTS = (
    b"<\x00",
    b"\x00<",
    b"\x00\x00\x00<",
    b"<\x00\x00\x00",
    b"\x00\x00\xfe\xff",
    b"\x4c\x6f\xa7\x94",
)


@dataclass(frozen=True)
class Budget:
    """The most a workbook may hold. Counts are over the whole workbook unless said otherwise."""

    cells: int
    rows: int
    shared_strings: int
    cell_formats: int
    elements: int  # every element of every part: bounds the time of this check
    tree_elements: int  # per part that openpyxl reads whole (styles, workbook, relationships…)
    part_bytes: int  # unpacked, per part
    total_bytes: int  # unpacked, all parts
    entries: int
    loose_bytes: int  # per legacy drawing that is not well-formed


class Refused(Exception):
    """The workbook is over a budget or cannot be read; `reason` says which, `limit` the budget.

    reason: "size" (unpacked bytes or number of parts), "cells", "rows", "shared_strings",
    "cell_formats", "elements", or "unreadable" (damaged zip, malformed XML, a DTD).
    """

    def __init__(self, reason: str, limit: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.limit = limit


class _Doctype(Exception):
    pass


def check_workbook(data: bytes, budget: Budget) -> None:
    """Raise Refused when the zip `data` holds more than `budget`, before anything builds it."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise Refused("unreadable") from None
    with archive:
        entries = archive.infolist()
        # The sizes the zip declares are what zipfile (ours and openpyxl's) will inflate at most:
        # it stops there, and a part that holds more fails its CRC.
        if len(entries) > budget.entries or sum(e.file_size for e in entries) > budget.total_bytes:
            raise Refused("size")
        if any(e.file_size > budget.part_bytes for e in entries):
            raise Refused("size")
        counts: Counter[str] = Counter()
        for entry in entries:
            if entry.is_dir() or not entry.file_size:
                continue
            try:
                with archive.open(entry) as stream:
                    _scan(stream, entry, counts, budget)
            except Refused:
                raise
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError, OSError, EOFError):
                # A damaged or encrypted part, or a compression zipfile does not know.
                raise Refused("unreadable") from None


def _scan(stream, entry: zipfile.ZipInfo, counts: Counter, budget: Budget) -> None:
    head = stream.read(CHUNK)
    if not _looks_like_xml(head):
        return  # a picture or printer settings: no parser reads it as XML
    loose = entry.filename.lower().endswith(".vml")
    if loose and entry.file_size > budget.loose_bytes:
        raise Refused("size")

    parser = expat.ParserCreate()
    names: list[str] = []
    append = names.append
    parser.StartElementHandler = lambda name, attributes: append(name)

    def no_doctype(*args):
        raise _Doctype

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype

    root = None
    in_part = 0
    chunk = head
    try:
        while chunk:
            parser.Parse(chunk, False)
            if names:
                if root is None:
                    root = names[0].rpartition(":")[2]
                in_part += len(names)
                _tally(names, counts, budget)
                names.clear()
                if root not in STREAMED_ROOTS and in_part > budget.tree_elements:
                    raise Refused("elements", budget.tree_elements)
            chunk = stream.read(CHUNK)
        parser.Parse(b"", True)
    except _Doctype:
        raise Refused("unreadable") from None
    except expat.ExpatError:
        if not loose:
            raise Refused("unreadable") from None
        # Excel's legacy drawings are loose markup; what was read of it is counted, and it is small.


def _tally(names: list[str], counts: Counter, budget: Budget) -> None:
    counts["*"] += len(names)
    for name, number in Counter(names).items():
        local = name.rpartition(":")[2]
        if local in (CELL, ROW, SHARED_STRING, CELL_FORMAT):
            counts[local] += number
    for reason, key, limit in (
        ("cells", CELL, budget.cells),
        ("rows", ROW, budget.rows),
        ("shared_strings", SHARED_STRING, budget.shared_strings),
        ("cell_formats", CELL_FORMAT, budget.cell_formats),
        ("elements", "*", budget.elements),
    ):
        if counts[key] > limit:
            raise Refused(reason, limit)


def _looks_like_xml(head: bytes) -> bool:
    """Would an XML parser (expat, libxml2) take this part for a document? Else it is binary."""
    if head.startswith(_BOMS) or head.startswith(_WIDE_STARTS):
        return True
    return head.lstrip(b" \t\r\n").startswith(b"<")
