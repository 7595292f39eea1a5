"""The fast query paths of the cases services, each behind a named function, so the services read as
plain ORM and the tricks live in one place: querysets compiled once (`onewindow.prepared.Prepared`, a
server-side prepared statement on PostgreSQL) for the lookups every intake and action runs, and the
statements the ORM cannot write in one round trip (the intake's case with its lines, key and number; an
UPDATE without recompiling it each time; INSERT ... ON CONFLICT DO NOTHING RETURNING; the warning events
written from the case rows)."""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache

from django.db import connection

from onewindow import inserts
from onewindow.accounts.models import Citizen
from onewindow.catalog import selectors as catalog
from onewindow.catalog.models import ItemFee, ItemMaterial, ItemVersion
from onewindow.numbering import series as numbering
from onewindow.org.models import Staff
from onewindow.prepared import Prepared, server_statement

from .choices import Action
from .models import Case, CaseEvent, IdempotencyKey
from .numbering import CASE, number_case

_LIVE_ITEM = Prepared(
    lambda code: (
        catalog.live_items()
        .select_related("department__body__division")
        .filter(implementation_code=code)
        .order_by(*ItemVersion._meta.ordering, "pk")[:1]
    ),
    str,
)
_ITEM_MATERIALS = Prepared(
    lambda version_id: (
        ItemMaterial.objects.select_related("source_department")
        .filter(version_id=version_id)
        .order_by("sort_order", "pk")
    ),
    int,
)
_ITEM_FEES = Prepared(
    lambda version_id: ItemFee.objects.filter(version_id=version_id).order_by(*ItemFee._meta.ordering), int
)
_CITIZEN = Prepared(
    lambda digest: Citizen.objects.select_related("user").filter(id_digest=digest).order_by("pk")[:1], str
)


def live_item(code: str) -> ItemVersion | None:
    """The live version of the item with this implementation code, with its department's body."""
    return _LIVE_ITEM.first(code)


def item_materials(version_id: int) -> list[ItemMaterial]:
    """A version's checklist in its order."""
    return _ITEM_MATERIALS.all(version_id)


def item_fees(version_id: int) -> list[ItemFee]:
    return _ITEM_FEES.all(version_id)


def citizen_with(id_digest: str) -> Citizen | None:
    """The citizen account of the person with this ID digest, with its user."""
    return _CITIZEN.first(id_digest)


def staff_users(roles: list[str], *, department_ids=None, body_id: int | None = None) -> tuple[str, list]:
    """The SQL and parameters of the user ids of the staff holding any of `roles` in these departments or
    this body (each once), for `notices.notify_users_in`: who hears of new work. Compiled once per shape."""
    if body_id is not None:
        return _staff_users(tuple(roles), None).sql_with_params(body_id)
    departments = sorted(department_ids)
    return _staff_users(tuple(roles), len(departments)).sql_with_params(*departments)


@cache
def _staff_users(roles: tuple[str, ...], departments: int | None) -> Prepared:
    def build(*ids):
        staff = Staff.objects.filter(role_assignments__role__in=roles)
        staff = staff.filter(body_id=ids[0]) if departments is None else staff.filter(department_id__in=ids)
        return staff.values_list("user_id", flat=True).order_by().distinct()

    return Prepared(build, *([int] * (departments or 1)))


def set_column(model, pk: int, name: str, value) -> None:
    """`model.objects.filter(pk=pk).update(name=value)` for a plain value, without compiling the UPDATE
    each time."""
    meta, quote = model._meta, connection.ops.quote_name
    table, column, key = quote(meta.db_table), quote(meta.get_field(name).column), quote(meta.pk.column)
    sql = f"UPDATE {table} SET {column} = %s WHERE {key} = %s"  # noqa: S608 (our names)
    with server_statement(connection) as cursor:
        cursor.execute(sql, [value, pk])


_CLAIM_FIELDS = ("user", "key", "fingerprint", "case", "created_at")


def insert_idempotency_key(user_id: int, key: str, fingerprint: str, now: datetime) -> int | None:
    """Insert the (user, key) row with no case yet and return its id, or None when the row exists: one
    statement (`ON CONFLICT DO NOTHING`), no savepoint."""
    meta, quote = IdempotencyKey._meta, connection.ops.quote_name
    column = {name: quote(meta.get_field(name).column) for name in _CLAIM_FIELDS}
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(column.values())}) "  # noqa: S608 (our names)
        f"VALUES (%s, %s, %s, NULL, %s) ON CONFLICT ({column['user']}, {column['key']}) DO NOTHING "
        f"RETURNING {quote(meta.pk.column)}"
    )
    with server_statement(connection) as cursor:
        cursor.execute(sql, [user_id, key, fingerprint, connection.ops.adapt_datetimefield_value(now)])
        row = cursor.fetchone()
    return row[0] if row is not None else None


def record_warn_events(case_ids: list[int], level: str, now, day: date, label: str) -> None:
    """One `warn` event on each case's timeline, written by the database from the case rows in one
    statement (building a thousand model instances per batch cost more than the writes)."""
    if not case_ids:
        return
    ops, events = connection.ops, CaseEvent._meta.db_table
    details = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    ids = ", ".join(["%s"] * len(case_ids))
    sql = (
        f"INSERT INTO {events} (case_id, at, day, action, from_status, to_status, actor_label, "  # noqa: S608
        f"clock, pause_kind, days, note, details) SELECT id, %s, %s, %s, status, status, %s, '', '', 0, '', "
        f"{details} FROM {Case._meta.db_table} WHERE id IN ({ids})"
    )
    params = [ops.adapt_datetimefield_value(now), ops.adapt_datefield_value(day), Action.WARN, label]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, json.dumps({"warning": level}), *case_ids])


class KeyClaimed(Exception):
    """The intake's idempotency key names an earlier request's row (see `insert_intake`)."""


def insert_intake(case: Case, lines: dict[str, list], claim: tuple | None, area_code: str, day: date) -> None:
    """Write a new case and its lines and take its number: claim the idempotency key first if there is one
    (`claim`: user id, key, fingerprint, time), take the next number of the area and day, insert the case
    with it and every list of `lines` (instances of the case's children, its foreign key named `case`).
    Marks them all saved. On PostgreSQL all of it is one statement, prepared once per connection.

    Raises `KeyClaimed` (nothing written) when the key's row exists: an earlier request's, or one that
    committed while this one waited for it; `SequenceExhausted` when the day has no number left. The
    number's row stays locked until the transaction ends (see `numbering.series`)."""
    if connection.vendor != "postgresql":
        claimed = insert_idempotency_key(*claim) if claim is not None else None
        if claim is not None and claimed is None:
            raise KeyClaimed
        case.save(force_insert=True)
        for rows in lines.values():
            if rows:
                type(rows[0]).objects.bulk_create(rows)
        if claimed is not None:
            set_column(IdempotencyKey, claimed, "case", case.pk)
        case.number = number_case(case.pk, area_code, day)
        return
    lists = [rows for rows in lines.values() if rows]
    sql = _intake_sql(claim is not None, tuple(type(rows[0]) for rows in lists))
    take = numbering.taking(CASE, area_code, day, cte="next", source="claim")
    case_fields = inserts.columns(Case, ("number",))
    params = [Case._meta.db_table, Case._meta.pk.column]
    if claim is not None:
        user_id, key, fingerprint, now = claim
        params += [user_id, key, fingerprint, connection.ops.adapt_datetimefield_value(now)]
    params += [*take.params, *take.number_params, *inserts.row_values(case, case_fields)]
    for rows in lists:
        params += inserts.column_arrays(rows, inserts.columns(type(rows[0]), ("case",)))
    with server_statement(connection) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise KeyClaimed
    case_id, number, *ids = row
    if number is None:
        raise numbering.SequenceExhausted(CASE, area_code, day)
    inserts.mark_saved([case], [case_id])
    case.number = number
    for rows, pks in zip(lists, ids, strict=True):
        for line in rows:
            line.case_id = case_id
        inserts.mark_saved(rows, pks)


@cache
def _intake_sql(with_claim: bool, children: tuple[type, ...]) -> str:
    """The statement of `insert_intake` (our table and column names only): the case's id drawn first, so
    the key's row can name it; the rest only when the key was claimed."""
    quote = connection.ops.quote_name
    claim = "SELECT id FROM new"
    if with_claim:
        claim = (
            f"INSERT INTO {quote(IdempotencyKey._meta.db_table)} "  # noqa: S608 (our names)
            "(user_id, key, fingerprint, case_id, created_at) SELECT %s, %s, %s, new.id, %s FROM new "
            "ON CONFLICT (user_id, key) DO NOTHING RETURNING case_id AS id"
        )
    case_fields = inserts.columns(Case, ("number",))
    take = numbering.taking(CASE, "0" * CASE.area_digits, date.min, cte="next", source="claim")
    parts = [
        "new AS (SELECT nextval(pg_get_serial_sequence(quote_ident(%s), %s)) AS id)",
        f"claim AS ({claim})",
        f"next AS ({take.upsert})",
        f"c AS (INSERT INTO {quote(Case._meta.db_table)} (id, number, {inserts.column_list(case_fields)}) "  # noqa: S608 (our names)
        f"SELECT claim.id, {take.number}, {inserts.placeholders(case_fields)} FROM claim, next "
        f"WHERE {take.within} RETURNING id, number)",
    ]
    ids = ["claim.id", "c.number"]
    for index, model in enumerate(children):
        table, fields = quote(model._meta.db_table), inserts.columns(model, ("case",))
        parts.append(
            f"l{index} AS (INSERT INTO {table} (case_id, {inserts.column_list(fields)}) "  # noqa: S608 (our names)
            f"SELECT c.id, u.* FROM c, {inserts.unnest(fields)} AS u RETURNING id)"
        )
        ids.append(f"ARRAY(SELECT id FROM l{index} ORDER BY id)")  # noqa: S608 (our names)
    return f"WITH {', '.join(parts)} SELECT {', '.join(ids)} FROM claim LEFT JOIN c ON true"  # noqa: S608
