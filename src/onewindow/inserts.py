"""New rows written by hand-made INSERT statements, for the few writes the ORM would send as several.

The ORM sends one INSERT per model per call and compiles it every time. Where one change writes a row and
its lines together many times a second (an intake, an audit event), a module writes them in one statement
of its own, a data-modifying CTE, prepared once per connection (`onewindow.prepared.server_statement`).
These helpers give such a statement what the ORM would have given it, so the rows are the ORM's rows:

- `columns(model)`: the model's concrete columns but its primary key, in a fixed order;
- `row_values(obj, fields)` and `placeholders(fields)`: one object's values as the ORM saves them
  (`pre_save` applies `auto_now` and the like, each value goes through `get_db_prep_save`);
- `unnest(fields)` and `column_arrays(objs, fields)`: many objects as one array per column, for
  `INSERT ... SELECT ... FROM UNNEST(...)`, as Django's own bulk insert does on PostgreSQL;
- `mark_saved(objs, pks)`: the objects as the ORM leaves them after saving.

The SQL is PostgreSQL's; callers keep the plain ORM path for other databases.
"""

from __future__ import annotations

from functools import cache

from django.db import connection
from django.db.models import Field, Model


@cache
def columns(model: type[Model], skip: tuple[str, ...] = ()) -> tuple[Field, ...]:
    """The concrete fields of `model` written on insert: all but the primary key and the `skip` names."""
    return tuple(f for f in model._meta.concrete_fields if not f.primary_key and f.name not in skip)


def column_list(fields) -> str:
    """`"a", "b", ...`: the fields' quoted column names."""
    return ", ".join(connection.ops.quote_name(f.column) for f in fields)


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
