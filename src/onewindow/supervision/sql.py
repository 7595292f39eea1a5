"""What the set-based sweeps (cards, the matters of red cards) share: their locks and the pieces of SQL
they build their statements from, written once for PostgreSQL and SQLite alike."""

import re

from django.db import connection

# PostgreSQL advisory locks (two keys): one sweep at a time raises a rule's cards (the rule's pk), or
# opens matters (`MATTERS_LOCK`).
_LOCK_CLASS = 0x5C4D
MATTERS_LOCK = 0


def exclusive(key: int) -> None:
    """Hold the lock named `key` (a rule's pk, or `MATTERS_LOCK`) until the transaction ends. On SQLite
    every writing transaction holds the database (BEGIN IMMEDIATE), so there is nothing to take."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, key])


def value_rows(rows: list[tuple], width: int) -> str:
    """`(%s, ...), ...` for a VALUES list of the rows, after a row of NULLs (so no list is empty and
    no column's type is guessed from nothing but NULLs)."""
    nulls = "(" + ", ".join(["NULL"] * width) + ")"
    return ", ".join([nulls] + ["(" + ", ".join(["%s"] * width) + ")"] * len(rows))


def sentence(text: str, values: dict[str, str]) -> tuple[str, list]:
    """A translated sentence with `%(name)s` placeholders as an SQL concatenation: its words as
    parameters, each placeholder as the SQL expression `values[name]`."""
    parts, params = [], []
    for i, piece in enumerate(re.split(r"%\((\w+)\)s", text)):
        if i % 2:
            parts.append(values[piece])
        elif piece:
            parts.append("CAST(%s AS TEXT)")
            params.append(piece.replace("%%", "%"))
    return " || ".join(parts), params
