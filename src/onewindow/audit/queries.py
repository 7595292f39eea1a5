"""The audit log's fast path: on PostgreSQL an event and its place in the sealing queue are written in one
statement (a data-modifying CTE, prepared once per connection), since every audited change in the system
writes both."""

from functools import cache

from django.db import connection

from onewindow import inserts

from .models import AuditEvent, AuditPending


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
