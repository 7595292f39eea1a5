"""The one Excel writer: a workbook of one or more sheets from column definitions and rows.

Every export goes through here, so every sheet looks and behaves the same: a bold, frozen header row of
the column names, column widths, text formats where codes must stay text, drop-down lists where a column
has fixed values, no characters Excel refuses and no formulas (a text starting with "=" stays text).
Personal data (DESIGN rule 8) is masked by column: a column declared `ID_NUMBER` or `PHONE` is written
masked (`onewindow.core.masking`) unless the caller states, for that sheet, that its reader may see
it whole. A shared mechanism: it knows no domain app; reading workbooks stays with each importer.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from onewindow.core.masking import mask_id_number, mask_phone

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ID_NUMBER, PHONE = "id_number", "phone"
_MASKS = {ID_NUMBER: mask_id_number, PHONE: mask_phone}
_LAST_ROW = 1048576  # Excel's; a column's validation covers every row below the header


@dataclass(frozen=True)
class Column:
    """One column: its header, and how its cells are shown.

    `text`: the column is formatted as text ("@"), so a code typed in later keeps its leading zeros.
    `number_format`: the format of its data cells ("0.00"). `choices`: a drop-down of these values.
    `personal`: ID_NUMBER or PHONE, masked unless the sheet is written `whole`. `width` in characters,
    by default from the header (12 to 40)."""

    name: str
    text: bool = False
    number_format: str | None = None
    choices: tuple = ()
    personal: str | None = None
    width: int | None = None

    def __post_init__(self):
        if self.personal is not None and self.personal not in _MASKS:
            raise ValueError(f"unknown personal data kind {self.personal!r}")


@dataclass(frozen=True)
class Sheet:
    """A sheet's name, columns and data rows (one value per column). `whole`: the reader may see this
    sheet's personal columns unmasked; the caller decides it (e.g. `personal.shows_whole`)."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]
    whole: bool = False


def cell_value(value, personal: str | None = None, *, whole: bool = False):
    """A value as written into a cell: text without the characters Excel refuses (an empty text is an
    empty cell), masked when it is personal data the reader may not see whole."""
    if personal is not None and not whole and value not in (None, ""):
        value = _MASKS[personal](str(value))
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value) or None
    return value


def _write_sheet(wb: Workbook, sheet: Sheet) -> None:
    ws = wb.create_sheet(sheet.name)
    columns = list(sheet.columns)
    ws.append([c.name for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, values in enumerate(sheet.rows, start=2):
        if len(values) != len(columns):
            raise ValueError(f"sheet {sheet.name!r} row {r}: {len(values)} values for {len(columns)} columns")
        for c, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = ws.cell(row=r, column=c, value=cell_value(value, column.personal, whole=sheet.whole))
            if cell.data_type == "f":  # text that starts with "=" stays text, never a formula
                cell.data_type = "s"
            elif column.number_format:
                cell.number_format = column.number_format
    for c, column in enumerate(columns, start=1):
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = column.width or max(12, min(40, len(column.name) + 4))
        if column.text:
            ws.column_dimensions[letter].number_format = "@"
        if column.choices:
            check = DataValidation(
                type="list", formula1='"' + ",".join(map(str, column.choices)) + '"', allow_blank=True
            )
            check.add(f"{letter}2:{letter}{_LAST_ROW}")
            ws.add_data_validation(check)
    ws.freeze_panes = "A2"


def workbook(sheets: Iterable[Sheet]) -> Workbook:
    """A workbook of these sheets, in this order."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        _write_sheet(wb, sheet)
    return wb


def to_bytes(wb: Workbook) -> bytes:
    """The .xlsx file of a workbook (serve it with CONTENT_TYPE)."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def attachment(data: bytes, file_name: str) -> HttpResponse:
    """An .xlsx file served for download under `file_name` (ASCII, e.g. "cases-20261206.xlsx")."""
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Cache-Control"] = "private, no-store"
    return response
