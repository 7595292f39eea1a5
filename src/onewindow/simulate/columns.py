"""Rows of a table as typed columns: what the row builders make and the writers turn into COPY data or
parameters. A column holds NumPy integers (ids, flags, days since 1970, seconds since 1970 in UTC) or
strings, either per row or as codes into a short list; a mask marks NULLs.
"""

from dataclasses import dataclass

import numpy as np

INT, BOOL, DATE, TIME, TEXT, JSON, DECIMAL = "int", "bool", "date", "time", "text", "json", "decimal"


@dataclass
class Column:
    name: str
    kind: str
    values: np.ndarray | None = None  # integers, or per-row strings (object array) for TEXT
    null: np.ndarray | None = None  # True where NULL
    codes: np.ndarray | None = None  # for TEXT/JSON/DECIMAL from a vocabulary
    vocab: list[str] | None = None
    constant: object = None  # the same value in every row (None: not constant)

    def strings(self) -> np.ndarray:
        """Per-row strings of a TEXT/JSON/DECIMAL column."""
        if self.codes is not None:
            return np.asarray(self.vocab, dtype=object)[self.codes]
        return self.values


def ints(name, values, null=None) -> Column:
    return Column(name, INT, values=np.asarray(values, dtype=np.int64), null=_mask(null))


def flags(name, values) -> Column:
    return Column(name, BOOL, values=np.asarray(values, dtype=np.int64))


def dates(name, epoch_days, null=None) -> Column:
    return Column(name, DATE, values=np.asarray(epoch_days, dtype=np.int64), null=_mask(null))


def times(name, epoch_seconds, null=None) -> Column:
    return Column(name, TIME, values=np.asarray(epoch_seconds, dtype=np.int64), null=_mask(null))


def texts(name, values) -> Column:
    return Column(name, TEXT, values=np.asarray(values, dtype=object))


def coded(name, codes, vocab, kind=TEXT) -> Column:
    return Column(name, kind, codes=np.asarray(codes, dtype=np.int64), vocab=list(vocab))


def constant(name, kind, value) -> Column:
    """The same value (None: NULL) in every row."""
    return Column(name, kind, constant=value if value is not None else _NULL)


def _mask(null):
    if null is None:
        return None
    null = np.asarray(null, dtype=bool)
    return null if null.any() else None


class _Null:
    """The constant NULL."""


_NULL = _Null()


def is_null_constant(column: Column) -> bool:
    return isinstance(column.constant, _Null)


@dataclass
class Rows:
    table: str  # the database table
    columns: list[Column]
    count: int
