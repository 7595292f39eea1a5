"""New rows written by hand-made INSERT statements, for the few writes the ORM would send as several.

The ORM sends one INSERT per model per call and compiles it every time. Where one change writes a row and
its lines together many times a second (an intake, an audit event), a module writes them in one statement
of its own, a data-modifying CTE, prepared once per connection (`onewindow.prepared.server_statement`).
These helpers give such a statement what the ORM would have given it, so the rows are the ORM's rows:

- `columns(model)`: the model's concrete columns but its primary key, in a fixed order;
- `selected(model, given)`: the columns and select list of an `INSERT ... SELECT` that makes rows in SQL,
  the fields not given taking their defaults;
- `row_values(obj, fields)` and `placeholders(fields)`: one object's values as the ORM saves them
  (`pre_save` applies `auto_now` and the like, each value goes through `get_db_prep_save`);
- `unnest(fields)` and `column_arrays(objs, fields)`: many objects as one array per column, for
  `INSERT ... SELECT ... FROM UNNEST(...)`, as Django's own bulk insert does on PostgreSQL;
- `mark_saved(objs, pks)`: the objects as the ORM leaves them after saving;
- `insert_row(obj)`: one object written by a statement prepared once per connection;
- `write(sql, params, then=)` and `together()`: a statement whose answer can wait. Inside `together()`
  on PostgreSQL such statements are queued and sent in one round trip when the block ends (psycopg's
  pipeline mode), `then` getting each one's first row. A transaction that holds a lock until it commits
  (an intake holds its area's number row) sends what follows the lock this way: one round trip instead
  of one per statement, each of which, in a busy server process, also waits for the interpreter lock.

The SQL is PostgreSQL's; callers keep the plain ORM path for other databases (`write` and `together`
work on every database: elsewhere each statement runs at once).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from django.db import connection
from django.db.models import Field, Model

from onewindow.prepared import server_statement


@cache
def columns(model: type[Model], skip: tuple[str, ...] = ()) -> tuple[Field, ...]:
    """The concrete fields of `model` written on insert: all but the primary key and the `skip` names."""
    return tuple(f for f in model._meta.concrete_fields if not f.primary_key and f.name not in skip)


def column_list(fields) -> str:
    """`"a", "b", ...`: the fields' quoted column names."""
    return ", ".join(connection.ops.quote_name(f.column) for f in fields)


def selected(model: type[Model], given: dict[str, tuple[str, list]]) -> tuple[str, str, list]:
    """For an `INSERT INTO <model's table> (columns) SELECT ...` that makes the rows in SQL: the column
    list, the select list and its parameters. `given` names fields whose value is an SQL expression (with
    its parameters); every other column takes the field's default, as the ORM would on insert, so the
    statement follows the model's schema."""
    fields = columns(model)
    unknown = set(given) - {f.name for f in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    select, params = [], []
    for f in fields:
        sql, values = given.get(f.name) or ("%s", [f.get_db_prep_save(f.get_default(), connection)])
        select.append(sql)
        params += values
    return column_list(fields), ", ".join(select), params


def row_values(obj: Model, fields) -> list:
    """`obj`'s values for `fields`, as the ORM would save them on insert."""
    return [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]


def _type(field: Field) -> str:
    """The column's type without a length, so nothing is cut (`varchar`, `numeric`)."""
    return field.db_type(connection).split("(")[0]


def placeholders(fields) -> str:
    """`%s::type, ...`: one parameter per field (see `row_values`), each cast to its column's type, as a
    statement prepared on the server must say what each parameter is."""
    return ", ".join(f"%s::{_type(f)}" for f in fields)


def unnest(fields) -> str:
    """`UNNEST(%s::type[], ...)`: one array parameter per field (see `column_arrays`), typed by its column."""
    return "UNNEST(" + ", ".join(f"%s::{_type(f)}[]" for f in fields) + ")"


def column_arrays(objs, fields) -> list[list]:
    """The objects' values (`row_values`) as one list per field, in the objects' order."""
    rows = [row_values(obj, fields) for obj in objs]
    return [list(values) for values in zip(*rows, strict=True)] if rows else [[] for _ in fields]


def mark_saved(objs, pks) -> None:
    """Give each object its new primary key and mark it saved, as the ORM does."""
    for obj, pk in zip(objs, pks, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_row(obj: Model) -> None:
    """Insert one new object (`write`, so it may wait in `together()`); it has its primary key once
    written."""
    model = type(obj)
    if connection.vendor != "postgresql":
        obj.save(force_insert=True)
        return
    values = row_values(obj, columns(model))
    write(_insert_row_sql(model), values, then=lambda row: mark_saved([obj], [row[0]]))


@cache
def _insert_row_sql(model: type[Model]) -> str:
    meta, quote, fields = model._meta, connection.ops.quote_name, columns(model)
    return (
        f"INSERT INTO {quote(meta.db_table)} ({column_list(fields)}) "  # noqa: S608 (our names)
        f"VALUES ({placeholders(fields)}) RETURNING {quote(meta.pk.column)}"
    )


_QUEUE: ContextVar[list | None] = ContextVar("onewindow_inserts_queue", default=None)


def write(sql: str, params, *, then=None) -> None:
    """Run a writing statement (prepared once per connection on PostgreSQL) and pass its first row to
    `then`, now or, inside `together()`, when the block's statements have been sent."""
    queued = _QUEUE.get()
    if queued is not None:
        queued.append((sql, params, then))
        return
    with server_statement(connection) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone() if then is not None else None
    if then is not None:
        then(row)


@contextmanager
def together(*, commit: bool = False):
    """Send the statements given to `write` inside the block together when it ends (see above); nothing
    is sent when it raises. Read nothing inside that one of them writes.

    `commit=True` says the block ends the outermost `transaction.atomic()` (nothing follows it there):
    the COMMIT then goes in the same round trip, so a lock the transaction holds is let go without the
    process answering once more (the atomic block's own commit finds nothing left to do and runs the
    `on_commit` work as usual). Inside any other atomic block the statements are sent without it."""
    if connection.vendor != "postgresql" or _QUEUE.get() is not None:
        yield
        return
    queued: list = []
    token = _QUEUE.set(queued)
    try:
        yield
    finally:
        _QUEUE.reset(token)
    if queued:
        _send(queued, commit=commit and _ends_the_transaction())


def _ends_the_transaction() -> bool:
    """Inside exactly one atomic block, which began the transaction and may still commit."""
    return (
        connection.in_atomic_block
        and len(connection.atomic_blocks) == 1
        and not connection.savepoint_ids
        and not connection.needs_rollback
        and connection.commit_on_exit
    )


def _send(queued: list, *, commit: bool) -> None:
    cursors = []
    try:
        with connection.wrap_database_errors:
            raw = connection.connection
            with raw.pipeline():
                for sql, params, _then in queued:
                    cursor = server_statement(connection)
                    cursors.append(cursor)
                    cursor.execute(sql, params)
                if commit:
                    raw.commit()  # queued behind them; the pipeline sends everything at once
        for cursor, (_sql, _params, then) in zip(cursors, queued, strict=True):
            if then is not None:
                then(cursor.fetchone())
    finally:
        for cursor in cursors:
            cursor.close()
