"""The one Excel writer: personal data masked unless the caller says the reader may see it whole, what is
written reads back the same through openpyxl, and no cell holds what Excel refuses or a formula."""

import io

import pytest
from openpyxl import load_workbook

from onewindow import sheets

ID_NUMBER = "370982199003150011"
PHONE = "13805381234"
COLUMNS = [
    sheets.Column("name"),
    sheets.Column("id_number", text=True, personal=sheets.ID_NUMBER),
    sheets.Column("phone", personal=sheets.PHONE),
    sheets.Column("amount", number_format="0.00"),
    sheets.Column("kind", choices=("person", "organisation")),
]
ROWS = [["张三", ID_NUMBER, PHONE, 12.5, "person"], ["李四", "", None, 0, "organisation"]]


def read_back(wb) -> dict[str, list[list]]:
    loaded = load_workbook(io.BytesIO(sheets.to_bytes(wb)))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in loaded}


def test_personal_columns_are_masked_by_default():
    cells = read_back(sheets.workbook([sheets.Sheet("people", COLUMNS, ROWS)]))["people"]
    assert cells[0] == ["name", "id_number", "phone", "amount", "kind"]
    assert cells[1] == ["张三", "370982********0011", "138****1234", 12.5, "person"]
    assert cells[2] == ["李四", None, None, 0, "organisation"]


def test_personal_columns_are_whole_only_when_the_caller_says_so():
    wb = sheets.workbook(
        [sheets.Sheet("whole", COLUMNS, ROWS, whole=True), sheets.Sheet("masked", COLUMNS, ROWS)]
    )
    cells = read_back(wb)
    assert list(cells) == ["whole", "masked"]
    assert cells["whole"][1][1:3] == [ID_NUMBER, PHONE]
    assert cells["masked"][1][1:3] == ["370982********0011", "138****1234"]


def test_the_sheet_is_formatted_as_declared():
    ws = load_workbook(io.BytesIO(sheets.to_bytes(sheets.workbook([sheets.Sheet("people", COLUMNS, ROWS)]))))[
        "people"
    ]
    assert all(cell.font.bold for cell in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws["D2"].number_format == "0.00"
    assert ws.column_dimensions["A"].width == 12  # short headers get the narrowest width
    (check,) = ws.data_validations.dataValidation
    assert check.formula1 == '"person,organisation"'
    assert str(check.sqref) == "E2:E1048576"


def test_illegal_characters_are_dropped_and_formulas_stay_text():
    rows = [["a\x00b\x1fc", "", "", "=1+1", "person"]]
    ws = sheets.workbook([sheets.Sheet("odd", COLUMNS, rows)])["odd"]
    assert ws["A2"].value == "abc"
    assert ws["D2"].data_type == "s"
    assert read_back(ws.parent)["odd"][1] == ["abc", None, None, "=1+1", "person"]


def test_a_row_of_the_wrong_width_is_refused():
    with pytest.raises(ValueError, match="2 values for 5 columns"):
        sheets.workbook([sheets.Sheet("short", COLUMNS, [["a", "b"]])])


def test_an_unknown_kind_of_personal_data_is_refused():
    with pytest.raises(ValueError):
        sheets.Column("email", personal="email")
