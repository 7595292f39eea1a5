"""The fast query paths of the cases services, each behind a named function, so the services read as
plain ORM and the tricks live in one place: querysets compiled once (`onewindow.prepared.Prepared`, a
server-side prepared statement on PostgreSQL) for the lookups every intake and action runs, and the two
statements the ORM cannot write in one round trip (an UPDATE without recompiling it each time, an
INSERT ... ON CONFLICT DO NOTHING RETURNING, the warning events written from the case rows)."""

from __future__ import annotations

import json
from datetime import date, datetime

from django.db import connection

from onewindow.accounts.models import Citizen
from onewindow.catalog import selectors as catalog
from onewindow.catalog.models import ItemFee, ItemMaterial, ItemVersion
from onewindow.org.models import Staff
from onewindow.org.roles import Role
from onewindow.prepared import Prepared, server_statement

from .choices import Action
from .models import Case, CaseEvent, IdempotencyKey

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
# Who hears of new work: the reviewers and chief representatives of a department, the window clerks of
# a body.
_DEPARTMENT_REVIEWERS = Prepared(
    lambda department_id: (
        Staff.objects.filter(
            department_id=department_id, role_assignments__role__in=[Role.REVIEWER, Role.CHIEF_REP]
        )
        .select_related("user")
        .distinct()
    ),
    int,
)
_BODY_CLERKS = Prepared(
    lambda body_id: (
        Staff.objects.filter(body_id=body_id, role_assignments__role=Role.WINDOW_CLERK)
        .select_related("user")
        .distinct()
    ),
    int,
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


def department_reviewers(department_id: int) -> list[Staff]:
    return _DEPARTMENT_REVIEWERS.all(department_id)


def body_clerks(body_id: int) -> list[Staff]:
    return _BODY_CLERKS.all(body_id)


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
