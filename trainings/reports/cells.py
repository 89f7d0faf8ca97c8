"""The cell writer of the trainings' workbooks, and the budget an uploaded workbook is held to
before openpyxl reads it.

Both follow planning/exchange/cells.py and planning/exchange/workbook_check.py, which trainings
may not import (import-linter) and which no module outside planning offers yet; this is a small
equivalent, not a copy: when they move to a shared module (documents/), this one should go.

Text people wrote (a name, a position, a training's title) must never become a formula in the
reader's spreadsheet: openpyxl makes any string that starts with "=" a live formula, and text
starting with +, -, @, a tab or a line break becomes one when the cell is edited. `value_cell`
stores text as text and marks formula-looking text with Excel's quote prefix.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from xml.parsers import expat

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

# What an uploaded workbook may weigh and hold: the same limits as planning's (5 MB, checked by
# content), with counts sized for a list of participants.
MAX_WORKBOOK_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_CELLS = 200_000
MAX_ROWS = 20_000
MAX_SHARED_STRINGS = 100_000
MAX_CELL_FORMATS = 10_000
MAX_ELEMENTS = 1_000_000
CHUNK = 64 * 1024


def looks_like_formula(text: str) -> bool:
    return bool(text) and text.lstrip(" ").startswith(FORMULA_STARTS)


def value_cell(sheet, value, *, bold: bool = False):
    """A cell of a write-only sheet holding `value` as data, never as a formula."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl made "=…" a formula ("f")
        if looks_like_formula(value):
            cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def append(sheet, values, *, bold: bool = False) -> None:
    sheet.append([value_cell(sheet, value, bold=bold) for value in values])


class Refused(Exception):
    """The workbook is over a budget ("size", "cells", "rows", "shared_strings", "cell_formats",
    "elements") or cannot be read ("unreadable")."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_COUNTED = {
    "c": ("cells", MAX_CELLS),
    "row": ("rows", MAX_ROWS),
    "si": ("shared_strings", MAX_SHARED_STRINGS),
}
_COUNTED["xf"] = ("cell_formats", MAX_CELL_FORMATS)


def check_workbook(data: bytes) -> None:
    """Raise Refused when the zip `data` holds more than the budget, reading each part once as a
    stream (its cost is bounded by the budget, never by the file); XML with a DTD is refused."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise Refused("unreadable") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
            raise Refused("size")
        if any(e.file_size > MAX_PART_BYTES for e in entries):
            raise Refused("size")
        counts = dict.fromkeys(["cells", "rows", "shared_strings", "cell_formats", "elements"], 0)
        for entry in entries:
            if entry.is_dir() or not entry.file_size:
                continue
            try:
                with archive.open(entry) as stream:
                    _scan(stream, entry.filename, counts)
            except Refused:
                raise
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError, OSError, EOFError):
                raise Refused("unreadable") from None


def _scan(stream, name: str, counts: dict) -> None:
    head = stream.read(CHUNK)
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return  # a picture or printer settings: nobody reads it as XML
    parser = expat.ParserCreate()

    def start(tag, attributes):
        counts["elements"] += 1
        if counts["elements"] > MAX_ELEMENTS:
            raise Refused("elements")
        counted = _COUNTED.get(tag.rpartition(":")[2])
        if counted:
            key, limit = counted
            counts[key] += 1
            if counts[key] > limit:
                raise Refused(key)

    def no_doctype(*args):
        raise Refused("unreadable")

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    chunk = head
    try:
        while chunk:
            parser.Parse(chunk, False)
            chunk = stream.read(CHUNK)
        parser.Parse(b"", True)
    except expat.ExpatError:
        if not name.lower().endswith(".vml"):  # Excel's legacy drawings are loose markup
            raise Refused("unreadable") from None
