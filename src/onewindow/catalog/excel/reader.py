"""Reading the catalog's rows, from a workbook or from dicts (a data file), into parsed `Row`s.

Both sources end in `parse_row`, so a data file's cells pass the same parsers as a workbook's. Every
error is collected as {"sheet", "row", "column", "message"}: `row` is the Excel row number (the header
is row 1; a data file's first row is numbered 2 as if under a header) and `column` the header name, or
None for a whole sheet or file.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from onewindow.errors import Invalid

from .columns import SHEETS, BadCell, Column, as_text, blank


@dataclass
class Row:
    sheet: str
    number: int
    values: dict
    bad_columns: set = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.bad_columns


class Report:
    """The errors found so far, and which cells they are in."""

    def __init__(self):
        self.errors: list[dict] = []
        self.error_cells: set[tuple] = set()

    def error(self, sheet, row, column, message) -> None:
        self.errors.append({"sheet": sheet, "row": row, "column": column, "message": str(message)})
        self.error_cells.add((sheet, row, column))

    def bad(self, row: Row, column: str, message) -> None:
        row.bad_columns.add(column)
        self.error(row.sheet, row.number, column, message)


def parse_row(report: Report, sheet: str, number: int, columns: list[Column], raw: Mapping) -> Row:
    """One row's cells through their columns' parsers; a cell missing from `raw` is blank."""
    row = Row(sheet, number, {})
    for column in columns:
        try:
            row.values[column.name] = column.parse(raw.get(column.name))
        except BadCell as exc:
            report.bad(row, column.name, exc)
    return row


def open_workbook(fileobj):
    try:
        return load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # a wrong or damaged file: openpyxl raises many kinds
        raise Invalid(
            _("文件不是有效的 Excel 工作簿（.xlsx）。"),
            code="workbook_invalid",
            details=[
                {
                    "sheet": None,
                    "row": None,
                    "column": None,
                    "message": _("文件不是有效的 Excel 工作簿（.xlsx）。"),
                }
            ],
        ) from None


def read_workbook(report: Report, wb) -> dict[str, list[Row]]:
    """Every sheet of the template; a missing sheet is an error."""
    rows = {}
    for sheet, columns in SHEETS.items():
        if sheet not in wb.sheetnames:
            report.error(sheet, None, None, _("缺少工作表“%(sheet)s”。") % {"sheet": sheet})
            rows[sheet] = []
            continue
        ws = wb[sheet]
        ws.reset_dimensions()  # some writers store a wrong size; read every row there is
        rows[sheet] = _read_sheet(report, sheet, columns, ws.iter_rows(values_only=True))
    return rows


def _read_sheet(report: Report, sheet: str, columns: list[Column], raw_rows) -> list[Row]:
    header = next(raw_rows, ())
    names = [as_text(h).strip() for h in header]
    wanted = {c.name for c in columns}
    positions: dict[str, int] = {}
    header_ok = True
    for index, name in enumerate(names):
        if not name:
            continue
        if name not in wanted:
            report.error(sheet, 1, name, _("未知的列“%(name)s”。") % {"name": name})
            header_ok = False
        elif name in positions:
            report.error(sheet, 1, name, _("列“%(name)s”重复。") % {"name": name})
            header_ok = False
        else:
            positions[name] = index
    for column in columns:
        if column.name not in positions:
            report.error(sheet, 1, column.name, _("缺少列“%(name)s”。") % {"name": column.name})
            header_ok = False
    if not header_ok:
        return []
    parsed = []
    for number, raw in enumerate(raw_rows, start=2):
        if all(blank(v) for v in raw):
            continue
        cells = {name: raw[index] if index < len(raw) else None for name, index in positions.items()}
        parsed.append(parse_row(report, sheet, number, columns, cells))
    return parsed


def read_dicts(report: Report, data: Mapping[str, Iterable[Mapping]]) -> dict[str, list[Row]]:
    """Rows given as dicts keyed by column name, per sheet name. A sheet left out holds no rows; a key
    that names no column of its sheet is an error, so a misspelt field in a data file is not ignored."""
    for sheet in data:
        if sheet not in SHEETS:
            report.error(sheet, None, None, _("未知的工作表“%(sheet)s”。") % {"sheet": sheet})
    rows = {}
    for sheet, columns in SHEETS.items():
        wanted = {c.name for c in columns}
        rows[sheet] = []
        for number, raw in enumerate(data.get(sheet, ()), start=2):
            for name in sorted(raw.keys() - wanted):
                report.error(sheet, number, name, _("未知的列“%(name)s”。") % {"name": name})
            rows[sheet].append(parse_row(report, sheet, number, columns, raw))
    return rows
