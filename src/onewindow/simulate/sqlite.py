"""Writing generated rows into SQLite: `executemany` in large batches inside the load's transaction.

Values take the shapes Django's SQLite backend stores: dates as `YYYY-MM-DD`, times as UTC
`YYYY-MM-DD HH:MM:SS`, flags as 0 and 1. Ids given by the generator raise SQLite's AUTOINCREMENT counters
by themselves, so nothing else needs moving afterwards.
"""

import itertools

import numpy as np
from django.db import connection

from .columns import BOOL, DATE, DECIMAL, INT, TIME, Column, Rows, is_null_constant

TABLES = ["cases_case", "cases_casetask", "cases_caseevent", "cases_casematerial"]
CHUNK = 5_000  # rows per executemany call


def _values(column: Column):
    """The column's Python values, one per row (an endless repeat for a constant)."""
    if column.constant is not None:
        value = None if is_null_constant(column) else column.constant
        if column.kind == BOOL and value is not None:
            value = int(bool(value))
        if column.kind == DECIMAL and value is not None:
            value = str(value)
        return itertools.repeat(value)
    if column.kind in (INT, BOOL):
        values = column.values.astype(object)
    elif column.kind == DATE:
        values = np.datetime_as_string(column.values.astype("datetime64[D]")).astype(object)
    elif column.kind == TIME:
        stamps = np.datetime_as_string(column.values.astype("datetime64[s]"))
        values = np.char.replace(stamps, "T", " ").astype(object)
    else:
        values = column.strings()
    if column.null is not None:
        values = np.where(column.null, None, values)
    return values.tolist()


class SqliteWriter:
    vendor = "sqlite"

    def __init__(self, rebuild_indexes: bool | None = None):
        self.rebuild = False  # SQLite is for small loads; the indexes stay
        self.max_ids: dict[str, int] = {}

    def begin(self, cases: int) -> dict[str, int]:
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 (our table names)
                self.max_ids[table] = cursor.fetchone()[0]
        return dict(self.max_ids)

    def encode(self, rows: Rows):
        names = [column.name for column in rows.columns]
        values = list(zip(*(_values(column) for column in rows.columns)))  # noqa: B905 (constants repeat)
        return rows.table, names, values, rows.count

    def send(self, encoded) -> None:
        table, names, values, count = encoded
        if not count:
            return
        quoted = ", ".join(connection.ops.quote_name(name) for name in names)
        marks = ", ".join(["%s"] * len(names))
        sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'  # noqa: S608 (our table and columns)
        with connection.cursor() as cursor:
            for start in range(0, len(values), CHUNK):
                cursor.executemany(sql, values[start : start + CHUNK])

    def finish(self, last_ids: dict[str, int], progress=None) -> dict[str, float]:
        return {}
