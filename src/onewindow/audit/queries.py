"""The audit log's fast path: on PostgreSQL an event and its place in the sealing queue are written in one
statement (a data-modifying CTE), since every audited change in the system writes both."""

from django.db import connection

from .models import AuditEvent, AuditPending


def insert_event(**values) -> AuditEvent:
    """Insert an `AuditEvent` with these field values and queue it for sealing; returns the event."""
    event = AuditEvent(**values)
    if connection.vendor != "postgresql":
        event.save(force_insert=True)
        AuditPending.objects.create(event=event)
        return event
    meta, quote = AuditEvent._meta, connection.ops.quote_name
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    for field in fields:
        field.pre_save(event, add=True)  # defaults such as created_at
    columns = ", ".join(quote(f.column) for f in fields)
    values_sql = ", ".join(["%s"] * len(fields))
    params = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields]
    pending = AuditPending._meta
    sql = (
        f"WITH event AS (INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({values_sql}) "  # noqa: S608
        f"RETURNING {quote(meta.pk.column)}) "
        f"INSERT INTO {quote(pending.db_table)} ({quote(pending.pk.column)}) "
        f"SELECT {quote(meta.pk.column)} FROM event RETURNING {quote(pending.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        event.pk = cursor.fetchone()[0]
    event._state.adding = False
    event._state.db = connection.alias
    return event
