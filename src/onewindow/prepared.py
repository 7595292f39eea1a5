"""Querysets compiled once and run many times, for the hot read paths of the API.

Django compiles a queryset to SQL every time it is evaluated. For a request that runs the same few
lookups with different values (a case by its number, a token by its digest), that compilation is most of
the request's Python time: the SQL compiler walks the select list, the joins and the WHERE tree anew each
time, although only the values change.

`Prepared(build)` calls `build(*stand_ins)` once to get the queryset, with unmistakable stand-in values
where the real values go; compiles it once per database connection; and from then on only puts the real
values in place of the stand-ins, runs the SQL and turns the rows into model instances exactly as the
ORM's own iterator does (the same converters, `select_related` objects, `from_db`). The queryset stays
the one definition of the query; this only skips recompiling it.

Stand-ins are typed: `Prepared(build, int, str, date)` hands `build` an integer, a string and a date
stand-in. Use them only as plain comparison values (`filter(number=n)`, `filter(deadline__lt=on)`), which
Django passes as query parameters, unchanged or (a date on SQLite) adapted by the backend; one stand-in
may be used in several places. A row limit is given at the call (`all(..., limit=50)`): Django writes it
into the SQL, so each limit asked for is compiled (and prepared) once. A queryset of model instances
(optionally with `select_related` and annotations) or of `values_list` rows can be prepared; a queryset
the stand-ins turn into something else is refused when it is compiled.

On PostgreSQL the SQL also runs as a named prepared statement of the connection (`server_statement`), so
the server plans it once per connection instead of once per request: a case with its related rows is a
join of ten tables, whose planning alone costs more than a millisecond of the database's CPU each time.
Behind a pooler in transaction mode set `DISABLE_SERVER_SIDE_CURSORS` on the database (as
docs/deployment.md asks for PgBouncer already) and the statements are sent as plain SQL, bound on the client,
as everywhere else in Django; PgBouncer 1.21+ with `max_prepared_statements` keeps them prepared.
SQLite's driver caches its statements by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, get_related_populators

# Values no real query carries: strings with control characters, integers near the 32-bit limit (within
# the range of every integer column, or Django would refuse the lookup), days of the year 1.
_STAND_INS = {
    str: lambda i: f"\x1e\x1fprepared-{i}\x1f\x1e",
    int: lambda i: 2_147_000_000 + i,
    date: lambda i: date(1, 1, 1 + i),
}


def _as_parameter(kind: type, connection) -> Callable:
    """How the backend passes a value of this kind as a query parameter (a date is text on SQLite)."""
    if kind is date:
        return connection.ops.adapt_datefield_value
    return lambda value: value


def server_statement(connection=None):
    """A cursor whose statements PostgreSQL prepares once per connection and reuses (see above), else the
    connection's ordinary cursor. Use it only for a fixed set of statements run very often: the
    connection keeps each one (psycopg keeps the most recent 100)."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql" or connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:  # Django's default: psycopg prepares nothing, even when asked.
        # Let it prepare what this cursor asks for. Django's own cursors bind on the client and never
        # prepare, whatever the threshold; this one prepares on first use (prepare=True), not by count.
        raw.prepare_threshold = 2**31
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_preparing_cursor_class()(raw))


@cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        """Binds on the server and prepares every statement on first use."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

        def _send_query_prepared(self, name, pgq, *, binary=None):
            self._query = pgq  # psycopg keeps it only when not prepared; Django logs its SQL from it
            return super()._send_query_prepared(name, pgq, binary=binary)

    return PreparingCursor


class _Plan:
    __slots__ = (
        "annotations",
        "compiler",
        "converters",
        "init_list",
        "model",
        "model_slice",
        "params",
        "populators",
        "slots",
        "sql",
    )


class Prepared:
    """A queryset built once by `build(*stand_ins)`; call `.all(*values)` or `.first(*values)`."""

    def __init__(self, build: Callable[..., QuerySet], *kinds: type, using: str = DEFAULT_DB_ALIAS):
        self.build = build
        self.kinds = kinds
        self.using = using
        self._key = f"_onewindow_prepared_{id(self)}"

    def _plan(self, connection, limit: int | None = None) -> _Plan:
        key = self._key if limit is None else f"{self._key}_{limit}"
        plan = connection.__dict__.get(key)
        if plan is not None:
            return plan
        stand_ins = [_STAND_INS[kind](i) for i, kind in enumerate(self.kinds)]
        adapters = [_as_parameter(kind, connection) for kind in self.kinds]
        passed = [adapt(stand_in) for adapt, stand_in in zip(adapters, stand_ins, strict=True)]
        queryset = self.build(*stand_ins)
        if limit is not None:
            queryset = queryset[:limit]
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        plan = _Plan()
        plan.sql = sql
        plan.params = list(params)
        plan.slots = []
        for position, value in enumerate(plan.params):
            for index, stand_in in enumerate(passed):
                if type(value) is type(stand_in) and value == stand_in:
                    plan.slots.append((position, adapters[index], index))
        found = {index for _position, _adapt, index in plan.slots}
        if found != set(range(len(stand_ins))):
            raise ValueError(f"prepared query lost a parameter: {sql!r} {params!r}")
        if any(stand_in in sql for stand_in in stand_ins if isinstance(stand_in, str)):
            raise ValueError(f"prepared query inlined a parameter: {sql!r}")
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        plan.converters = compiler.get_converters(fields)
        plan.compiler = compiler
        if queryset._iterable_class is ModelIterable:
            if queryset._known_related_objects:
                raise ValueError("prepared querysets take no related managers")
            plan.annotations = list(compiler.annotation_col_map.items())
            klass_info = compiler.klass_info
            select_fields = klass_info["select_fields"]
            start, end = select_fields[0], select_fields[-1] + 1
            plan.model = klass_info["model"]
            plan.model_slice = slice(start, end)
            plan.init_list = [f[0].target.attname for f in compiler.select[start:end]]
            plan.populators = get_related_populators(klass_info, compiler.select, connection.alias)
        else:
            plan.model = None  # values_list: rows as tuples
        connection.__dict__[key] = plan
        return plan

    def all(self, *values, limit: int | None = None) -> list:
        """The rows for these values (at most `limit`): model instances, or tuples for a `values_list`
        queryset."""
        connection = connections[self.using]
        plan = self._plan(connection, limit)
        with server_statement(connection) as cursor:
            cursor.execute(plan.sql, _bound(plan, values))
            rows = cursor.fetchall()
        return _results(plan, rows, connection)

    def first(self, *values):
        """The first row, or None (the queryset should be sliced to one row, or be unique)."""
        found = self.all(*values)
        return found[0] if found else None

    def sql_with_params(self, *values) -> tuple[str, list]:
        """The compiled SQL and its parameters for these values, for a statement of one's own that uses
        the query as a subquery (as `queryset.query.sql_with_params()` gives, without compiling)."""
        plan = self._plan(connections[self.using])
        return plan.sql, _bound(plan, values)


def _bound(plan: _Plan, values) -> list:
    params = plan.params
    if plan.slots:
        params = list(params)
        for position, adapt, index in plan.slots:
            params[position] = adapt(values[index])
    return params


def _results(plan: _Plan, rows, connection) -> list:
    """Rows as the ORM's iterator makes them: converted, and as model instances with their
    `select_related` objects and annotations (tuples for `values_list`)."""
    if not rows:
        return []
    if plan.converters:
        rows = plan.compiler.apply_converters(rows, plan.converters)
    if plan.model is None:
        return [tuple(row) for row in rows]
    model, alias, init_list, model_slice = plan.model, connection.alias, plan.init_list, plan.model_slice
    populators, annotations = plan.populators, plan.annotations
    result = []
    for row in rows:
        obj = model.from_db(alias, init_list, row[model_slice])
        for populator in populators:
            populator.populate(row, obj)
        for name, position in annotations:
            setattr(obj, name, row[position])
        result.append(obj)
    return result
