"""The audit log's fast path: on PostgreSQL an event and its place in the sealing queue are written in one
statement (a data-modifying CTE, prepared once per connection), since every audited change in the system
writes both."""

from functools import cache

from django.db import connection
from django.utils import timezone

from onewindow import inserts

from . import context
from .models import AuditEvent, AuditPending, AuditSeal


def insert_event(**values) -> AuditEvent:
    """Insert an `AuditEvent` with these field values and queue it for sealing; returns the event (with its
    primary key once written: inside `inserts.together()`, when the block ends)."""
    event = AuditEvent(**values)
    if connection.vendor != "postgresql":
        event.save(force_insert=True)
        AuditPending.objects.create(event=event)
        return event
    values = inserts.row_values(event, inserts.columns(AuditEvent))
    inserts.write(_insert_sql(), values, then=lambda row: inserts.mark_saved([event], [row[0]]))
    return event


@cache
def _insert_sql() -> str:
    quote, fields = connection.ops.quote_name, inserts.columns(AuditEvent)
    event, pending = AuditEvent._meta, AuditPending._meta
    return (
        f"WITH event AS (INSERT INTO {quote(event.db_table)} ({inserts.column_list(fields)}) "  # noqa: S608
        f"VALUES ({inserts.placeholders(fields)}) RETURNING {quote(event.pk.column)}) "
        f"INSERT INTO {quote(pending.db_table)} ({quote(pending.pk.column)}) "
        f"SELECT {quote(event.pk.column)} FROM event RETURNING {quote(pending.pk.column)}"
    )


def insert_events_of_rows(
    *, action: str, object_type: str, table: str, pks: list[int], after: dict[str, tuple[str, list]]
) -> int:
    """Insert one event by the system per row of `table` whose primary key is in `pks`, its after-payload
    built in SQL (`after`: key -> (expression over the row, alias `t`; its parameters)), and queue
    each for sealing; returns how many. One INSERT ... SELECT on both databases; on PostgreSQL the queue
    is written by the same statement (a data-modifying CTE), on SQLite by a second one: its writer holds
    the whole database, so the events above the highest id before it are these."""
    if not pks:
        return 0
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    build = "jsonb_build_object" if postgres else "json_object"
    payload = ", ".join(f"CAST(%s AS TEXT), {expression}" for expression, _params in after.values())
    payload_params = [value for key, (_sql, params) in after.items() for value in (key, *params)]
    created_at = AuditEvent._meta.get_field("created_at").get_db_prep_save(timezone.now(), connection)
    columns, select, params = inserts.selected(
        AuditEvent,
        {
            "created_at": ("%s", [created_at]),
            "actor": ("NULL", []),
            "actor_label": ("%s", ["system"]),
            "action": ("%s", [action]),
            "object_type": ("%s", [object_type]),
            "object_id": ("CAST(t.id AS TEXT)", []),
            "before": ("NULL", []),
            "after": (f"{build}({payload})", payload_params),
            "request_id": ("%s", [context.request_id.get()]),
            "ip": ("%s", [context.client_ip.get()]),
        },
    )
    event, pending = AuditEvent._meta, AuditPending._meta
    key, queue = quote(event.pk.column), f"{quote(pending.db_table)} ({quote(pending.pk.column)})"
    insert = (
        f"INSERT INTO {quote(event.db_table)} ({columns}) SELECT {select} "  # noqa: S608 (our names)
        f"FROM {quote(table)} AS t WHERE t.id IN ({', '.join(['%s'] * len(pks))}) ORDER BY t.id"
    )
    with connection.cursor() as cursor:
        if postgres:
            sql = f"WITH event AS ({insert} RETURNING {key}) INSERT INTO {queue} SELECT {key} FROM event"  # noqa: S608
            cursor.execute(sql, [*params, *pks])
            return cursor.rowcount
        cursor.execute(f"SELECT COALESCE(MAX({key}), 0) FROM {quote(event.db_table)}")  # noqa: S608
        (highest,) = cursor.fetchone()
        cursor.execute(insert, [*params, *pks])
        sql = f"INSERT INTO {queue} SELECT {key} FROM {quote(event.db_table)} WHERE {key} > %s"  # noqa: S608
        cursor.execute(sql, [highest])
        return cursor.rowcount


def write_seals(seals: list[tuple[int, int, str, str]]) -> None:
    """Write the seals `(event id, seq, previous hash, hash)` of a sealing round and take their events off
    the queue: on PostgreSQL in one statement from four arrays (no model instance per seal), elsewhere by
    the ORM."""
    if connection.vendor != "postgresql":
        AuditSeal.objects.bulk_create(
            AuditSeal(event_id=event, seq=seq, prev_hash=prev, hash=digest)
            for event, seq, prev, digest in seals
        )
        AuditPending.objects.filter(event_id__in=[event for event, *_rest in seals]).delete()
        return
    quote, seal, pending = connection.ops.quote_name, AuditSeal._meta, AuditPending._meta
    event = quote(seal.get_field("event").column)
    columns = ", ".join(
        quote(seal.get_field(name).column) for name in ("seq", "prev_hash", "hash", "sealed_at")
    )
    sealed_at = seal.get_field("sealed_at").get_db_prep_save(timezone.now(), connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH sealed AS (INSERT INTO {quote(seal.db_table)} ({event}, {columns}) "  # noqa: S608 (our names)
            "SELECT e, s, p, h, %s "
            "FROM UNNEST(%s::bigint[], %s::bigint[], %s::text[], %s::text[]) AS u(e, s, p, h) "
            f"RETURNING {event}) DELETE FROM {quote(pending.db_table)} "
            f"WHERE {quote(pending.pk.column)} IN (SELECT {event} FROM sealed)",
            [sealed_at, *(list(column) for column in zip(*seals, strict=True))],
        )
