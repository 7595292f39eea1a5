"""The whole catalog as an Excel workbook: export, and an all-or-nothing import (docs/catalog-excel.md).

`columns` holds the template (one sheet per table, a header row of field names) and each cell's parser;
`export` writes the published catalog through the project's one Excel writer (`onewindow.sheets`);
`reader` turns a workbook, or rows given as dicts, into parsed rows; `checks` finds every error before
anything is written; `writing` writes in bulk; `importer` runs an import from either source.
"""

from onewindow.sheets import CONTENT_TYPE

from .columns import SHEETS
from .export import FILE_NAME, export_bytes, export_catalog, export_rows
from .importer import import_catalog, import_rows

__all__ = [
    "CONTENT_TYPE",
    "FILE_NAME",
    "SHEETS",
    "export_bytes",
    "export_catalog",
    "export_rows",
    "import_catalog",
    "import_rows",
]
