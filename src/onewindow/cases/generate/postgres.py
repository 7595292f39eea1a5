"""Writing generated rows into PostgreSQL with binary COPY, inside the load's one transaction.

Binary COPY spares the server parsing text (dates, times, JSON), which is most of its work per row. A row
is the fixed-width fields of every row packed at once by NumPy, then the variable ones (texts, and values
that may be NULL) joined on. Around a big load into (nearly) empty tables the secondary indexes are dropped
and built again afterwards, and foreign keys are not checked row by row (the rows refer to what the
generator itself wrote or read): as `session_replication_role = replica` where the role may set it, else
by dropping the constraints and adding them back, which checks every row once. All of this is DDL inside
the transaction: if anything fails, the rollback brings every index and constraint back.
"""

import itertools
import struct
import time
from decimal import Decimal

import numpy as np
from django.db import connection, transaction
from django.db.utils import DatabaseError

from .columns import BOOL, DATE, DECIMAL, INT, JSON, TEXT, TIME, Column, Rows, is_null_constant

TABLES = ["cases_case", "cases_casetask", "cases_caseevent", "cases_casematerial"]
SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
TRAILER = b"\xff\xff"
NULL = b"\xff\xff\xff\xff"
_PG_EPOCH_DAYS = 10957  # 2000-01-01 in days since 1970-01-01
_PG_EPOCH_SECONDS = _PG_EPOCH_DAYS * 86400
_LENGTH = struct.Struct(">i")
_INTS = {"bigint": ">i8", "integer": ">i4", "smallint": ">i2"}
REBUILD_AT = 20_000  # cases in a load from which dropping and rebuilding the indexes pays


def _numeric(value: str) -> bytes:
    """PostgreSQL's binary numeric: digits in base 10,000 with weight, sign and scale."""
    sign, digits, exponent = Decimal(value).as_tuple()
    scale = max(0, -exponent)
    text = "".join(map(str, digits)) or "0"
    whole, fraction = (text[: len(text) - scale] or "0"), text[len(text) - scale :] if scale else ""
    whole = whole.zfill((len(whole) + 3) // 4 * 4)
    fraction = fraction.ljust((len(fraction) + 3) // 4 * 4, "0")
    groups = [int(whole[i : i + 4]) for i in range(0, len(whole), 4)]
    weight = len(groups) - 1
    groups += [int(fraction[i : i + 4]) for i in range(0, len(fraction), 4)]
    while groups and groups[0] == 0:
        groups.pop(0)
        weight -= 1
    while groups and groups[-1] == 0:
        groups.pop()
    if not groups:
        weight = 0
    body = struct.pack(f">hhHH{len(groups)}H", len(groups), weight, 0x4000 if sign else 0, scale, *groups)
    return _LENGTH.pack(len(body)) + body


def _field(kind: str, pg_type: str, value) -> bytes:
    """One encoded field (length and data) of a constant."""
    if kind == TEXT:
        data = str(value).encode()
    elif kind == JSON:
        data = b"\x01" + str(value).encode()
    elif kind == DECIMAL:
        return _numeric(str(value))
    elif kind == BOOL:
        data = b"\x01" if value else b"\x00"
    else:
        data = np.array([value], dtype=_INTS[pg_type]).tobytes()
    return _LENGTH.pack(len(data)) + data


class Encoder:
    """Encodes Rows for `COPY ... FROM STDIN (FORMAT BINARY)`, given the table's column types."""

    def __init__(self, types: dict[str, dict[str, str]]):
        self.types = types  # table -> column -> data_type

    def _fixed(self, column: Column, pg_type: str) -> tuple[str, np.ndarray] | None:
        """(dtype, values) of a column every row stores with the same width, else None."""
        if column.constant is not None or column.null is not None:
            return None
        if column.kind == INT:
            return _INTS[pg_type], column.values
        if column.kind == BOOL:
            return "u1", column.values
        if column.kind == DATE:
            return ">i4", column.values - _PG_EPOCH_DAYS
        if column.kind == TIME:
            return ">i8", (column.values - _PG_EPOCH_SECONDS) * 1_000_000
        if column.kind == TEXT and column.codes is None:
            values = column.values
            width = len(values[0]) if len(values) else 0
            try:
                packed = np.array(values.tolist(), dtype=f"S{max(width, 1)}")
            except UnicodeEncodeError:
                return None
            if width and (np.char.str_len(packed) == width).all():
                return f"S{width}", packed
        return None

    def _variable(self, column: Column, pg_type: str):
        """Per row, the encoded field (an iterable of bytes)."""
        if column.constant is not None:
            return itertools.repeat(
                NULL if is_null_constant(column) else _field(column.kind, pg_type, column.constant)
            )
        if column.kind in (TEXT, JSON, DECIMAL):
            if column.codes is not None:
                vocab = np.array(
                    [_field(column.kind, pg_type, value) for value in column.vocab], dtype=object
                )
                return vocab[column.codes].tolist()
            pack = _LENGTH.pack
            if column.kind == JSON:
                return [
                    pack(len(data) + 1) + b"\x01" + data for data in map(str.encode, column.values.tolist())
                ]
            return [pack(len(data)) + data for data in map(str.encode, column.values.tolist())]
        dtype, values = self._fixed_values(column, pg_type)
        width = np.dtype(dtype).itemsize
        packed = np.empty(len(values), dtype=[("length", ">i4"), ("value", dtype)])
        packed["length"] = width
        packed["value"] = values
        fields = np.array(packed.view(f"V{width + 4}").tolist(), dtype=object)
        if column.null is not None:
            fields[column.null] = NULL
        return fields.tolist()

    def _fixed_values(self, column: Column, pg_type: str):
        bare = Column(column.name, column.kind, values=column.values)
        return self._fixed(bare, pg_type)

    def encode(self, rows: Rows) -> tuple[list[str], bytes]:
        """(column names in COPY order, the COPY data) of a batch of one table."""
        types = self.types[rows.table]
        fixed, variable = [], []
        for column in rows.columns:
            found = self._fixed(column, types[column.name])
            (fixed if found else variable).append((column, found))
        layout = [("count", ">i2")]
        for i, (_column, (dtype, _values)) in enumerate(fixed):
            layout += [(f"l{i}", ">i4"), (f"v{i}", dtype)]
        block = np.empty(rows.count, dtype=layout)
        block["count"] = len(rows.columns)
        for i, (_column, (dtype, values)) in enumerate(fixed):
            block[f"l{i}"] = np.dtype(dtype).itemsize
            block[f"v{i}"] = values
        lists = [block.view(f"V{block.dtype.itemsize}").tolist()]
        lists += [self._variable(column, types[column.name]) for column, _found in variable]
        data = b"".join(map(b"".join, zip(*lists)))  # noqa: B905 (constants repeat without end)
        return [c.name for c, _f in fixed] + [c.name for c, _f in variable], data


def column_types() -> dict[str, dict[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ANY(%s)",
            [TABLES],
        )
        found: dict[str, dict[str, str]] = {}
        for table, column, data_type in cursor.fetchall():
            found.setdefault(table, {})[column] = data_type
    return found


class PostgresWriter:
    """COPY into the case tables within the current transaction; indexes rebuilt around big loads."""

    vendor = "postgresql"

    def __init__(self, rebuild_indexes: bool | None = None):
        self.rebuild = rebuild_indexes
        self.keys: list[tuple[str, str, str]] = []  # (table, name, definition) of keys dropped for the load
        self.indexes: list[tuple[str, str]] = []  # (name, definition) dropped for the load
        self.constraints: list[tuple[str, str, str]] = []  # (table, name, definition) dropped
        self.encoder: Encoder | None = None
        self.max_ids: dict[str, int] = {}
        self.replica = False

    def begin(self, cases: int) -> dict[str, int]:
        """Lock the tables, prepare them for the load; returns each table's current max id."""
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {', '.join(TABLES)} IN EXCLUSIVE MODE")
            for table in TABLES:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 (our table names)
                self.max_ids[table] = cursor.fetchone()[0]
            if self.rebuild is None:
                cursor.execute(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM cases_case LIMIT %s) AS existing", [cases + 1]
                )
                self.rebuild = cases >= REBUILD_AT and cursor.fetchone()[0] <= cases
            # Checks deferred to commit (Django's foreign keys) on rows written earlier in the transaction
            # (the county, its staff) are made now: ALTER TABLE refuses a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("SET LOCAL work_mem = '64MB'")
            if self.rebuild:
                self._drop_indexes(cursor)
            self.replica = self._skip_foreign_key_triggers(cursor)
            if not self.replica:
                self._drop_foreign_keys(cursor)
        self.encoder = Encoder(column_types())
        return dict(self.max_ids)

    def _skip_foreign_key_triggers(self, cursor) -> bool:
        try:
            with transaction.atomic():
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            return False  # not a superuser, nor granted the setting
        return True

    def _drop_indexes(self, cursor) -> None:
        """Drop the secondary indexes, and the primary keys and unique constraints no foreign key relies
        on (keeping an index up to date row by row costs several times building it once)."""
        cursor.execute(
            "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid "
            "WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace "
            "AND c.contype IN ('p', 'u') AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid) ORDER BY 1, 2",
            [TABLES],
        )
        self.keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) "
            "ORDER BY t.relname, i.relname",
            [TABLES],
        )
        self.indexes = cursor.fetchall()
        for table, name, _definition in self.keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in self.indexes:
            cursor.execute(f'DROP INDEX "{name}"')

    def _drop_foreign_keys(self, cursor) -> None:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [TABLES],
        )
        self.constraints = cursor.fetchall()
        for table, name, _definition in self.constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')

    def encode(self, rows: Rows):
        names, data = self.encoder.encode(rows)
        return rows.table, names, data, rows.count

    def send(self, encoded) -> None:
        table, names, data, count = encoded
        if not count:
            return
        columns = ", ".join(f'"{name}"' for name in names)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.write(SIGNATURE)
            copy.write(data)
            copy.write(TRAILER)

    def finish(self, last_ids: dict[str, int], progress=None) -> dict[str, float]:
        """Build the dropped keys, indexes and constraints again, move the id sequences past the new
        rows, and give the planner fresh statistics; returns the seconds each took."""
        started = time.perf_counter()
        work = [
            f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
            for table, name, definition in self.keys
        ]
        work += [definition for _name, definition in self.indexes]
        work += [
            f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
            for table, name, definition in self.constraints
        ]
        with connection.cursor() as cursor:
            for number, statement in enumerate(work, start=1):
                cursor.execute(statement)
                if progress:
                    progress(number, len(work))
            if self.replica:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are initially deferred
            built = time.perf_counter()
            for table in TABLES:
                if last_ids[table] > self.max_ids[table]:
                    cursor.execute(
                        "SELECT setval(s, GREATEST(%s, COALESCE(pg_sequence_last_value(s), 0))) "
                        "FROM (SELECT pg_get_serial_sequence(%s, 'id')::regclass AS s) AS q",
                        [last_ids[table], table],
                    )
            cursor.execute(f"ANALYZE {', '.join(TABLES)}")
        return {"indexes": built - started, "analyze": time.perf_counter() - built}
