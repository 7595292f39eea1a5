"""Writing generated rows into PostgreSQL with binary COPY, inside the load's one transaction.

Binary COPY spares the server parsing text (dates, times, JSON), which is most of its work per row. A row
is the fixed-width fields of every row packed at once by NumPy, then the variable ones (texts, and values
that may be NULL) joined on. Around a big load into (nearly) empty tables the secondary indexes are dropped
and built again afterwards, and foreign keys are not checked row by row (the rows refer to what the
generator itself wrote or read): as `session_replication_role = replica` where the role may set it, else
by dropping the constraints and adding them back, which checks every row once. All of this is DDL inside
the transaction: if anything fails, the rollback brings every index and constraint back.
"""

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
CHUNK_BYTES = 1 << 17  # about this much COPY data per chunk (psycopg's own buffer), allocated and freed
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
    """Encodes Rows for `COPY ... FROM STDIN (FORMAT BINARY)`, given the table's column types.

    A row is put together from a few pieces rather than a field at a time: the fields every row stores
    with the same width (numbers, dates, times, fixed-width codes, constants) packed by NumPy into one
    block; the fields that come from short lists (statuses, actions, labels, notes, people, days that
    may be NULL) merged into a handful of groups whose every combination present in the batch is
    encoded once; and the fields that differ from row to row (names, NULL-able moments). The pieces are
    then joined in row order, in chunks of about CHUNK_BYTES (small strings are quicker to make than one
    of 100 MB): the columns go to COPY in that order.
    """

    def __init__(self, types: dict[str, dict[str, str]]):
        self.types = types  # table -> column -> data_type

    def _fixed(self, column: Column, pg_type: str) -> tuple[str, np.ndarray] | None:
        """(dtype, values) of a column every row stores with the same width, else None."""
        if column.constant is not None or column.null is not None:
            return None
        if column.kind in _NUMBERS:
            return _number_values(column, pg_type)
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

    def encode(self, rows: Rows) -> tuple[list[str], list[bytes]]:
        """(column names in COPY order, the COPY data in chunks of whole rows) of a batch of one table."""
        types = self.types[rows.table]
        n = rows.count
        layout: list[tuple[str, str]] = [("count", ">i2")]
        block_values: list = [len(rows.columns)]
        block_names: list[str] = []
        keyed: list[tuple[str, np.ndarray, list[bytes]]] = []  # (name, codes, encoded field per code)
        free: list[tuple[str, list[np.ndarray]]] = []  # (name, the pieces of each row's encoded field)
        for column in rows.columns:
            pg_type = types[column.name]
            if column.constant is not None:
                data = NULL if is_null_constant(column) else _field(column.kind, pg_type, column.constant)
                layout.append((f"f{len(layout)}", f"V{len(data)}"))
                block_values.append(np.void(data))
                block_names.append(column.name)
            elif (found := self._fixed(column, pg_type)) is not None:
                dtype, values = found
                layout += [(f"f{len(layout)}", ">i4"), (f"f{len(layout) + 1}", dtype)]
                block_values += [np.dtype(dtype).itemsize, values]
                block_names.append(column.name)
            elif column.codes is not None:
                encoded = [_field(column.kind, pg_type, value) for value in column.vocab]
                keyed.append((column.name, column.codes, encoded))
            elif column.kind in _NUMBERS:
                keyed_or_free = _nullable_numbers(column, pg_type)
                if len(keyed_or_free) == 3:
                    keyed.append(keyed_or_free)
                else:
                    free.append((column.name, [keyed_or_free[1]]))
            else:
                free.append((column.name, _texts(column)))
        block = np.empty(n, dtype=layout)
        for (name, _dtype), value in zip(layout, block_values, strict=True):
            block[name] = value
        names = list(block_names)
        if not keyed and not free:
            data = block.view(np.uint8)
            step = max(1, CHUNK_BYTES // block.dtype.itemsize) * block.dtype.itemsize
            return names, [data[i : i + step].tobytes() for i in range(0, len(data), step)]
        parts = [block.view(f"V{block.dtype.itemsize}").astype(object)]
        for group_names, pieces in _groups(keyed, n):
            names += group_names
            parts.append(pieces)
        for name, pieces in free:
            names.append(name)
            parts += pieces
        grid = np.empty((n, len(parts)), dtype=object)
        for i, pieces in enumerate(parts):
            grid[:, i] = pieces
        pieces = grid.ravel().tolist()
        row_bytes = block.dtype.itemsize + 48 * (len(parts) - 1)  # a guess: chunks of about CHUNK_BYTES
        step = max(1, CHUNK_BYTES // row_bytes) * len(parts)
        return names, [b"".join(pieces[i : i + step]) for i in range(0, len(pieces), step)]


_NUMBERS = (INT, BOOL, DATE, TIME)
_KEYED_SPAN = 1 << 16  # a NULL-able number column whose values lie this close together is keyed


def _number_values(column: Column, pg_type: str) -> tuple[str, np.ndarray]:
    """(dtype, values) of a number column in PostgreSQL's binary form (NULL rows hold anything)."""
    if column.kind == INT:
        return _INTS[pg_type], column.values
    if column.kind == BOOL:
        return "u1", column.values
    if column.kind == DATE:
        return ">i4", column.values - _PG_EPOCH_DAYS
    return ">i8", (column.values - _PG_EPOCH_SECONDS) * 1_000_000


def _packed(dtype: str, values: np.ndarray) -> np.ndarray:
    """Each value as an encoded field (length and data), as an object array of bytes."""
    width = np.dtype(dtype).itemsize
    packed = np.empty(len(values), dtype=[("length", ">i4"), ("value", dtype)])
    packed["length"] = width
    packed["value"] = values
    return packed.view(f"V{width + 4}").astype(object)


def _nullable_numbers(column: Column, pg_type: str):
    """A number column with NULLs: keyed (name, codes, fields) when its values lie close together (ids
    of people and places, days), else (name, field per row)."""
    dtype, values = _number_values(column, pg_type)
    values = np.asarray(values, dtype=np.int64)
    null = column.null
    present = values[~null]
    if len(present) and int(present.max()) - int(present.min()) < _KEYED_SPAN:
        low = int(present.min())
        raw = np.where(null, 0, values - low + 1)
        used = np.zeros(int(raw.max()) + 1, dtype=bool)
        used[raw] = True
        codes = (np.cumsum(used) - 1)[raw]
        distinct = np.flatnonzero(used)
        fields = [NULL] if used[0] else []
        shown = distinct[distinct > 0] - 1 + low
        fields += _packed(dtype, shown).tolist()
        return column.name, codes, fields
    pieces = _packed(dtype, values)
    pieces[null] = NULL
    return column.name, pieces


def _texts(column: Column) -> list[np.ndarray]:
    """The encoded field of each row of a TEXT or JSON column with values of its own, in two pieces: the
    length (from a table of lengths) and the data."""
    if column.kind == DECIMAL:
        return [_objects([_numeric(str(value)) for value in column.values.tolist()])]
    data = list(map(str.encode, column.values.tolist()))
    lengths = np.fromiter(map(len, data), dtype=np.int64, count=len(data))
    extra = b"\x01" if column.kind == JSON else b""
    heads = _objects(
        [_LENGTH.pack(length + len(extra)) + extra for length in range(int(lengths.max(initial=0)) + 1)]
    )
    head = heads[lengths]
    body = _objects(data)
    if column.null is not None:
        head[column.null], body[column.null] = NULL, b""
    return [head, body]


def _objects(values: list) -> np.ndarray:
    """A list of bytes as an object array (never NumPy's own bytes type, which drops trailing zeros)."""
    found = np.empty(len(values), dtype=object)
    found[:] = values
    return found


_COMBINATIONS = 1 << 22  # past this many possible combinations, distinct ones are found by sorting


def _groups(keyed: list[tuple[str, np.ndarray, list[bytes]]], n: int):
    """Keyed columns merged, in order, into groups with at most about n/16 distinct combinations in the
    batch; yields (column names, the group's encoded fields per row)."""
    limit = max(64, n // 16)
    group: list[tuple[str, np.ndarray, list[bytes]]] = []
    key = np.zeros(n, dtype=np.int64)
    count = 1
    for column in keyed:
        _name, codes, fields = column
        merged, merged_count = _merge(key, count, codes, len(fields))
        if group and merged_count > limit:
            yield _pieces(group, key, count)
            group, (key, count) = [], _merge(np.zeros(n, dtype=np.int64), 1, codes, len(fields))
        else:
            key, count = merged, merged_count
        group.append(column)
    if group:
        yield _pieces(group, key, count)


def _merge(key: np.ndarray, count: int, codes: np.ndarray, size: int) -> tuple[np.ndarray, int]:
    """Dense ids (0..k-1) of the combinations of a group's ids and a column's codes; and k."""
    if count * size <= _COMBINATIONS:
        combined = key * size + codes
        used = np.zeros(count * size, dtype=bool)
        used[combined] = True
        return (np.cumsum(used) - 1)[combined], int(used.sum())
    distinct, inverse = np.unique(key * size + codes, return_inverse=True)
    return inverse.reshape(-1), len(distinct)


def _pieces(group, key: np.ndarray, count: int) -> tuple[list[str], np.ndarray]:
    example = np.empty(count, dtype=np.int64)
    example[key] = np.arange(len(key))  # a row of each combination
    columns = [_objects(fields)[codes[example]].tolist() for _name, codes, fields in group]
    combos = _objects([b"".join(parts) for parts in zip(*columns, strict=True)])
    return [name for name, _codes, _fields in group], combos[key]


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
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            # More sorting processes per index than cores: the leader's own share (and the serial merge)
            # gets smaller; measured 10-20% quicker than the default 2 on two busy cores.
            cursor.execute("SET LOCAL max_parallel_maintenance_workers = 4")
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
            for chunk in data:
                copy.write(chunk)
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
