"""Excel in and out: a training's participant list and attendance grid, the statistics, the
participants' template and its import.

Every text cell is written by trainings/reports/cells.py, so a name typed as "=HYPERLINK(…)"
stays text in every export. The import checks the file before openpyxl reads it (5 MB at most,
an .xlsx by its content, the budget of cells.check_workbook), then every row; it registers
nobody when any row is wrong, and lists every bad row with its number, column and reason in the
user's language. Otherwise every row is registered in one transaction through
trainings.services.participant_register (which catches a person already known by name and
municipality). A person already registered for this training is reported and not registered
twice; the same person twice in the file is an error. Text is stored as it was typed: a formula
in a cell is read as its text ("=1+1"), never computed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from documents.uploads import is_workbook
from municipalities.models import Municipality
from municipalities.names import search_key
from municipalities.ordering import by_name
from trainings.models import Gender, Person, Role, Training
from trainings.reports.cells import MAX_WORKBOOK_BYTES, Refused, append, check_workbook
from trainings.selectors import TrainingStatistics, attendance_grid, participants_of
from trainings.services import MAX_NAME, TrainingError, clean_text, participant_register

MAX_IMPORT_ROWS = 2000
HEADER_SEARCH_ROWS = 10
TICK = "✓"

# The template's columns, in order: key, title (translated), required.
COLUMNS = (
    ("full_name", gettext_lazy("Full name"), True),
    ("gender", gettext_lazy("Gender"), True),
    ("position", gettext_lazy("Position"), False),
    ("role", gettext_lazy("Role"), True),
    ("municipality", gettext_lazy("Municipality"), False),
    ("phone", gettext_lazy("Phone"), False),
    ("email", gettext_lazy("E-mail"), False),
)
WIDTHS = (34, 10, 28, 30, 34, 18, 28)


def _book_bytes(book: Workbook) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, title: str, widths=()):
    sheet = book.create_sheet(re.sub(r"[\\/*?:\[\]]", " ", str(title))[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def _municipality_label(municipality) -> str:
    if municipality is None:
        return ""
    return f"{municipality.name} ({municipality.district.name})"


# --- Exports of a training ----------------------------------------------------------------------


def export_participants(training: Training) -> bytes:
    """The participants the user may see (training.access), with their contacts (the workspace's
    managers only reach this), sessions attended and certificate."""
    book = Workbook(write_only=True)
    sheet = _sheet(book, _("Participants"), (5, *WIDTHS[:2], 28, 30, 34, 24, 20, 18, 28, 10, 16))
    append(sheet, [training.title])
    append(
        sheet,
        [
            "№",
            _("Full name"),
            _("Gender"),
            _("Position"),
            _("Role"),
            _("Municipality"),
            _("Rayon"),
            _("Oblast"),
            _("Phone"),
            _("E-mail"),
            _("Sessions attended"),
            _("Certificate"),
        ],
        bold=True,
    )
    for number, participation in enumerate(participants_of(training.access), start=1):
        person = participation.person
        municipality = person.municipality
        certificate = getattr(participation, "certificate", None)
        append(
            sheet,
            [
                number,
                person.full_name,
                person.get_gender_display(),
                person.position,
                person.get_role_display(),
                municipality.name if municipality else "",
                municipality.district.name if municipality else "",
                municipality.district.region.name if municipality else "",
                person.phone,
                person.email,
                participation.attended,
                certificate.number if certificate else "",
            ],
        )
    return _book_bytes(book)


def export_attendance(training: Training) -> bytes:
    """The tick grid: a row a participant, a column a session (✓ when attended)."""
    participations, sessions, ticks = attendance_grid(training)
    visible = training.access.municipalities
    book = Workbook(write_only=True)
    sheet = _sheet(book, _("Attendance"), (5, 34, *([14] * len(sessions)), 10))
    append(sheet, [training.title])
    append(
        sheet,
        [
            "№",
            _("Full name"),
            *(f"{formats.date_format(s.day, 'SHORT_DATE_FORMAT')} {s.order}. {s.title}" for s in sessions),
            _("Total"),
        ],
        bold=True,
    )
    number = 0
    for participation in participations:
        if visible is not None and participation.person.municipality_id not in visible:
            continue
        number += 1
        marks = [TICK if (participation.pk, s.pk) in ticks else "" for s in sessions]
        append(sheet, [number, participation.person.full_name, *marks, marks.count(TICK)])
    return _book_bytes(book)


# --- Statistics -------------------------------------------------------------------------------


def export_statistics(stats: TrainingStatistics, *, filters: list[tuple[str, str]]) -> bytes:
    """The statistics page as a workbook: the totals, by role, by place, the trainings."""
    book = Workbook(write_only=True)
    figures_header = [_("Participants"), _("Participations"), _("Women"), _("Men"), _("Women, per cent")]

    def figures(f) -> list:
        return [f.participants, f.participations, f.women, f.men, f.women_share]

    summary = _sheet(book, _("Summary"), (40, 14, 14, 12, 12, 16))
    append(summary, [_("Training statistics")], bold=True)
    for label, value in filters:
        append(summary, [label, value])
    append(summary, [])
    append(summary, ["", *figures_header], bold=True)
    append(summary, [_("All participants"), *figures(stats.total)])
    append(summary, [_("From target municipalities"), *figures(stats.target)])
    append(summary, [_("From neighbouring municipalities"), *figures(stats.neighbouring)])
    append(summary, [_("Municipality not known (tallies)"), *figures(stats.not_known)])
    append(summary, [])
    append(summary, [_("Trainings"), stats.trainings])
    append(summary, [_("Planned participants"), stats.planned])
    append(summary, [_("Actual participants"), stats.actual])

    roles = _sheet(book, _("By role"), (34, 14, 14, 12, 12, 16))
    append(roles, [_("Role"), *figures_header], bold=True)
    for role, f in stats.by_role.items():
        append(roles, [str(Role(role).label), *figures(f)])

    places = _sheet(book, _("By place"), (22, 24, 30, 14, 14, 12, 12, 16))
    append(places, [_("Oblast"), _("Rayon"), _("Municipality"), *figures_header], bold=True)
    for oblast in stats.by_oblast:
        append(places, [oblast.name or _("not known"), "", "", *figures(oblast.figures)])
        for rayon in oblast.children:
            append(places, [oblast.name, rayon.name, "", *figures(rayon.figures)])
            for place in rayon.children:
                append(places, [oblast.name, rayon.name, place.name, *figures(place.figures)])

    rows = _sheet(book, _("Trainings"), (50, 12, 20, 12, 12, 16))
    append(
        rows,
        [_("Training"), _("First day"), _("Format"), _("Planned"), _("Actual"), _("Counted by")],
        bold=True,
    )
    counted = {"names": _("names"), "tallies": _("totals"), "": ""}
    for row in stats.rows:
        append(
            rows,
            [
                row.title,
                row.first_day,
                str(Training.Format(row.format).label),
                row.planned,
                row.actual,
                counted[row.counted_by],
            ],
        )
    return _book_bytes(book)


# --- The participants' template ------------------------------------------------------------------


def participants_template(training: Training) -> bytes:
    """An empty list to fill in, in the active language, with a sheet of the accepted values."""
    book = Workbook(write_only=True)
    sheet = _sheet(book, _("Participants"), WIDTHS)
    append(sheet, [str(title) for _key, title, _required in COLUMNS], bold=True)
    lists = _sheet(book, _("Accepted values"), (30, 34, 44))
    append(lists, [_("Gender"), _("Role"), _("Municipality (rayon)")], bold=True)
    genders = [str(label) for _value, label in Gender.choices]
    role_labels = [str(label) for _value, label in Role.choices]
    municipalities = [
        _municipality_label(m) for m in Municipality.objects.select_related("district").order_by(by_name())
    ]
    for index in range(max(len(genders), len(role_labels), len(municipalities))):
        append(
            lists,
            [
                genders[index] if index < len(genders) else "",
                role_labels[index] if index < len(role_labels) else "",
                municipalities[index] if index < len(municipalities) else "",
            ],
        )
    return _book_bytes(book)


# --- Import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int | None  # the sheet's row number (None: the whole file)
    column: str
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    registered: int = 0  # new registrations
    known_people: list[str] = field(default_factory=list)  # registered with their existing record
    already_registered: list[str] = field(default_factory=list)  # "row 4: name", not added again

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rejected(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _fold(value) -> str:
    return search_key(str(value or ""))


def _labels_in_every_language(choices) -> dict[str, str]:
    """Folded label (in every language of the portal) or value → value."""
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for value, label in choices:
                found[_fold(label)] = value
    for value, _label in choices:
        found[_fold(value)] = value
    return found


def _gender_words() -> dict[str, str]:
    words = _labels_in_every_language(Gender.choices)
    for word in ("ж", "f", "female", "аял", "жен", "женщина", "ayol"):
        words[_fold(word)] = Gender.FEMALE
    for word in ("м", "э", "m", "male", "эркек", "муж", "мужчина"):
        words[_fold(word)] = Gender.MALE
    return words


def _header_keys() -> dict[str, str]:
    keys = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for key, title, _required in COLUMNS:
                keys[_fold(str(title))] = key
    for key, _title, _required in COLUMNS:
        keys[_fold(key)] = key
    return keys


class _Municipalities:
    """Finds a municipality by its name in any language, "Name (Rayon)" or its SOATE code, in
    two queries for the whole file."""

    def __init__(self):
        self.by_name: dict[str, list[Municipality]] = {}
        self.by_name_and_rayon: dict[tuple[str, str], Municipality] = {}
        self.by_soate: dict[str, Municipality] = {}
        for m in Municipality.objects.select_related("district"):
            district_keys = {
                _fold(n) for n in (m.district.name_ky, m.district.name_ru, m.district.name_en) if n
            }
            for name in {_fold(n) for n in (m.name_ky, m.name_ru, m.name_en) if n}:
                self.by_name.setdefault(name, []).append(m)
                for district in district_keys:
                    self.by_name_and_rayon[(name, district)] = m
            if m.soate:
                self.by_soate[m.soate] = m

    def find(self, text: str) -> tuple[Municipality | None, str]:
        """The municipality, or None and why."""
        text = text.strip()
        if text.isdigit() and text in self.by_soate:
            return self.by_soate[text], ""
        match = re.fullmatch(r"(.+?)\s*\((.+)\)\s*", text)
        if match:
            found = self.by_name_and_rayon.get((_fold(match[1]), _fold(match[2])))
            if found is not None:
                return found, ""
            text = match[1]
        candidates = self.by_name.get(_fold(text), [])
        if len(candidates) == 1:
            return candidates[0], ""
        if candidates:
            return None, _(
                "There are several municipalities of this name: write it as on the sheet of accepted "
                "values, with its rayon in brackets."
            )
        return None, _("No municipality of this name is known; see the sheet of accepted values.")


def _read_bytes(file) -> bytes:
    too_large = _("The file is larger than %(limit)s MB.") % {"limit": MAX_WORKBOOK_BYTES // (1024 * 1024)}
    if (getattr(file, "size", None) or 0) > MAX_WORKBOOK_BYTES:
        raise _Rejected(too_large)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_WORKBOOK_BYTES + 1) if hasattr(file, "read") else bytes(file)
    if not data:
        raise _Rejected(_("The file is empty."))
    if len(data) > MAX_WORKBOOK_BYTES:
        raise _Rejected(too_large)
    return data


def _check(data: bytes) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _Rejected(
            _(
                "This is an old Excel 97–2003 file (.xls) or a file protected with a password. Open it "
                "in Excel, save it as an Excel workbook (.xlsx) without a password and upload it again."
            )
        )
    if not is_workbook(BytesIO(data)):
        raise _Rejected(
            _(
                "The file is not an Excel workbook (.xlsx). Download the participants' template, fill "
                "it in and upload it again."
            )
        )
    try:
        check_workbook(data)
    except Refused as refused:
        if refused.reason == "unreadable":
            raise _Rejected(
                _(
                    "The Excel file could not be read. Open it in Excel, save it again as an Excel "
                    "workbook (.xlsx) and upload it again."
                )
            ) from None
        raise _Rejected(
            _(
                "The Excel file holds far more than a list of participants, so it was not read: copy "
                "the participants into the downloaded template and upload that file."
            )
        ) from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _read_rows(data: bytes) -> tuple[dict[str, int], list[tuple[int, tuple]]]:
    """The columns found in the header row, and the non-empty rows below it (sheet row, values)."""
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a damaged file
        raise _Rejected(
            _(
                "The Excel file could not be read. Open it in Excel, save it again as an Excel "
                "workbook (.xlsx) and upload it again."
            )
        ) from None
    try:
        sheet = book.worksheets[0]
        keys = _header_keys()
        columns: dict[str, int] = {}
        rows: list[tuple[int, tuple]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=30), start=1):
            if not columns:
                found = {
                    keys[_fold(v)]: i for i, v in enumerate(values) if v is not None and _fold(v) in keys
                }
                if "full_name" in found:
                    columns = found
                elif number >= HEADER_SEARCH_ROWS:
                    break
                continue
            if not any(_cell_text(v).strip() for v in values):
                continue
            rows.append((number, values))
            if len(rows) > MAX_IMPORT_ROWS:
                raise _Rejected(
                    _("The file has more than %(count)s participants; split it into several files.")
                    % {"count": MAX_IMPORT_ROWS}
                )
    finally:
        book.close()
    if not columns:
        raise _Rejected(
            _("No header row with the column “%(column)s” was found: use the participants' template.")
            % {"column": _("Full name")}
        )
    missing = [str(title) for key, title, required in COLUMNS if required and key not in columns]
    if missing:
        raise _Rejected(_("These columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    return columns, rows


@dataclass
class _Row:
    number: int
    full_name: str
    gender: str
    position: str
    role: str
    municipality: Municipality | None
    phone: str
    email: str


def import_participants(*, training: Training, user, file) -> ImportResult:
    """Register the participants of a workbook (see the module's docstring): all or nothing."""
    result = ImportResult()
    try:
        data = _read_bytes(file)
        _check(data)
        columns, raw_rows = _read_rows(data)
    except _Rejected as rejected:
        result.errors.append(RowError(row=None, column="", message=rejected.message))
        return result
    if not raw_rows:
        result.errors.append(RowError(row=None, column="", message=_("The file lists no participant.")))
        return result

    titles = {key: str(title) for key, title, _required in COLUMNS}
    genders = _gender_words()
    roles = _labels_in_every_language(Role.choices)
    places = _Municipalities()
    rows: list[_Row] = []
    seen: dict[tuple[str, int | None], int] = {}

    def error(number, key, message):
        result.errors.append(RowError(row=number, column=titles[key], message=message))

    for number, values in raw_rows:

        def text(key, limit=MAX_NAME, values=values):
            index = columns.get(key)
            value = values[index] if index is not None and index < len(values) else None
            return clean_text(_cell_text(value), limit=limit)

        before = len(result.errors)
        full_name = text("full_name")
        if not Person.key_of(full_name):
            error(number, "full_name", _("Enter the participant's full name."))
        gender_text = text("gender")
        gender = genders.get(_fold(gender_text)) if gender_text else None
        if gender is None:
            error(
                number,
                "gender",
                _("“%(value)s” is not a gender; write one of: %(choices)s.")
                % {"value": gender_text, "choices": ", ".join(str(label) for _v, label in Gender.choices)}
                if gender_text
                else _("Enter the participant's gender."),
            )
        role_text = text("role")
        role = roles.get(_fold(role_text)) if role_text else None
        if role is None:
            error(
                number,
                "role",
                _("“%(value)s” is not a role; see the sheet of accepted values.") % {"value": role_text}
                if role_text
                else _("Enter the participant's role."),
            )
        municipality = None
        municipality_text = text("municipality", limit=300)
        if municipality_text:
            municipality, why = places.find(municipality_text)
            if municipality is None:
                error(number, "municipality", why)
        email = text("email", limit=254)
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            error(number, "email", _("“%(value)s” is not an e-mail address.") % {"value": email})
        if len(result.errors) > before:
            continue
        key = (Person.key_of(full_name), municipality.pk if municipality else None)
        if key in seen:
            error(
                number,
                "full_name",
                _("The same person is on row %(row)s already.") % {"row": seen[key]},
            )
            continue
        seen[key] = number
        rows.append(
            _Row(
                number=number,
                full_name=full_name,
                gender=gender,
                position=text("position"),
                role=role,
                municipality=municipality,
                phone=text("phone", limit=50),
                email=email,
            )
        )
    if result.errors:
        return result

    try:
        with transaction.atomic():
            for row in rows:
                registration = participant_register(
                    training=training,
                    user=user,
                    full_name=row.full_name,
                    gender=row.gender,
                    role=row.role,
                    municipality=row.municipality,
                    position=row.position,
                    phone=row.phone,
                    email=row.email,
                )
                label = _("row %(row)s: %(name)s") % {
                    "row": row.number,
                    "name": registration.person.full_name,
                }
                if registration.already_registered:
                    result.already_registered.append(label)
                    continue
                result.registered += 1
                if registration.existing_person:
                    result.known_people.append(label)
    except TrainingError as failed:
        return ImportResult(errors=[RowError(row=None, column="", message=failed.message)])
    return result
