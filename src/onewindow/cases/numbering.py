"""Case numbers `<6-digit area code><YYYYMMDD><6-digit daily sequence>` and 6-digit query codes.

A number comes from one atomic upsert on the (area, day) row of `CaseNumberSequence`:
`INSERT ... ON CONFLICT DO UPDATE SET last = last + 1 RETURNING last`, which PostgreSQL and SQLite
(3.35+) both run as a single statement, so concurrent intakes in one area queue only on that area's row
for that day and never get the same number. Call it inside the intake's transaction: if the intake
rolls back, so does the number. The row stays locked until that transaction ends, so take the number
as late in it as possible (`services.take_in` takes it last, for its notices and audit event).
"""

import re
import secrets
from datetime import date

from django.db import connection

from onewindow.prepared import server_statement

from .models import Case, CaseNumberSequence

MAX_DAILY = 999_999
_AREA = re.compile(r"^\d{6}$")

_UPSERT = (
    "INSERT INTO {table} (area_code, day, last) VALUES (%s, %s, 1) "
    "ON CONFLICT (area_code, day) DO UPDATE SET last = {table}.last + 1 RETURNING last"
)


class SequenceExhausted(RuntimeError):
    """An area has given out all 999,999 numbers of one day."""


def allocate_case_number(area_code: str, day: date) -> str:
    if not _AREA.match(area_code or ""):
        raise ValueError(f"area code must be 6 digits, not {area_code!r}")
    table = connection.ops.quote_name(CaseNumberSequence._meta.db_table)
    with server_statement(connection) as cursor:
        cursor.execute(_UPSERT.format(table=table), [area_code, day])
        (sequence,) = cursor.fetchone()
    if sequence > MAX_DAILY:
        raise SequenceExhausted(f"{area_code} has used every case number of {day}")
    return f"{area_code}{day:%Y%m%d}{sequence:06d}"


# On PostgreSQL the number is taken and written to the case in one statement: the sequence row is locked
# until the intake commits, and this saves the intake a round trip while it holds it.
_TAKE = (
    "WITH next AS ({upsert}) UPDATE {case} SET {number} = %s || lpad(next.last::text, 6, '0') "
    "FROM next WHERE {case}.{pk} = %s AND next.last <= {max} RETURNING {case}.{number}"
)


def number_case(case_id: int, area_code: str, day: date) -> str:
    """Take the next number of the area and day (`allocate_case_number`) and write it to the case."""
    if connection.vendor != "postgresql":
        number = allocate_case_number(area_code, day)
        Case.objects.filter(pk=case_id).update(number=number)
        return number
    if not _AREA.match(area_code or ""):
        raise ValueError(f"area code must be 6 digits, not {area_code!r}")
    quote = connection.ops.quote_name
    sql = _TAKE.format(
        upsert=_UPSERT.format(table=quote(CaseNumberSequence._meta.db_table)),
        case=quote(Case._meta.db_table),
        number=quote(Case._meta.get_field("number").column),
        pk=quote(Case._meta.pk.column),
        max=MAX_DAILY,
    )
    with server_statement(connection) as cursor:
        cursor.execute(sql, [area_code, day, f"{area_code}{day:%Y%m%d}", case_id])
        row = cursor.fetchone()
    if row is None:  # the case exists: the day's numbers are used up
        raise SequenceExhausted(f"{area_code} has used every case number of {day}")
    return row[0]


def new_query_code() -> str:
    """Six random digits the applicant uses, with the case number, to follow the case online."""
    return f"{secrets.randbelow(1_000_000):06d}"
