"""Numbers by series: `allocate_number(series, area, day)` for anything that needs a number per area and day.

A series is a registered declaration, `Series(code, prefix, width, area_digits, date_format,
verbose_name)`; its numbers read `<prefix><area code><date><sequence>`, the sequence zero-padded to
`width` digits and restarting at 1 every day in every area. Each number comes from one atomic upsert on
the (series, area, day) row of `NumberSequence`: `INSERT ... ON CONFLICT DO UPDATE SET last = last + 1
RETURNING last`, which PostgreSQL and SQLite (3.35+) both run as a single statement, so concurrent
writers queue only on their own series' row for that area and day and never get the same number; the
numbers of a day have no gaps. A day that runs past `10**width - 1` raises `SequenceExhausted`.

Take the number inside the transaction that writes the numbered row, and as late in it as possible: if
the transaction rolls back, so does the number; but the sequence row stays locked from the upsert until
the transaction ends, so every other writer of that series, area and day waits that long
(the case intake takes its number with its last write: only its notices, message and audit event follow).
`assign_number` takes the number and writes it to its row in one statement on PostgreSQL.

The series registered today, and the ones the later modules will register (each in its own app, with a
prefix no other series uses, so numbers of different series never collide):

| code | 中文 | prefix | width | example (area 370982, 2026-11-24) | registered by |
| --- | --- | --- | --- | --- | --- |
| case | 办件编号 | (none) | 6 | 37098220261124000001 | cases.numbering |
| card | 监察编号 | JC | 6 | JC37098220261124000001 | supervision.numbering |
| matter | 督办事项编号 | DB | 4 | DB370982202611240001 | supervision.numbering |
| entrustment | 委托书编号 | WT | 4 | WT370982202611240001 | proxy.entrustments |
| proxy_request | 代办申请编号 | DL | 4 | DL370982202611240001 | proxy.requests |
| onsite_topic | 现场办公议题编号 | YT | 4 | YT370982202611240001 | onsite.topics |
| minutes | 会议纪要编号 | JY | 3 | JY37098220261124001 | onsite.minutes |
| rectification | 整改编号 | ZG | 4 | ZG370982202611240001 | ratings (later) |

A module adds its series with one declaration at import of its numbering module::

    MATTER = register(Series("matter", "DB", 4, 6, "%Y%m%d", _("督办事项编号")))
    number = allocate_number(MATTER, area_code, day)

See docs/numbering.md.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.db import connection
from django.utils.functional import Promise

from onewindow.prepared import server_statement

from .models import NumberSequence

_CODE = re.compile(r"[a-z][a-z0-9_]{0,19}")
_PREFIX = re.compile(r"[A-Z]{0,8}")


class SequenceExhausted(RuntimeError):
    """A series has given out every number its width allows in one area on one day."""

    def __init__(self, series: "Series", area_code: str, day: date):
        super().__init__(
            f"{series.code}: {area_code} has used all {series.ceiling:,} numbers of {day} "
            f"({series.width} digits)"
        )


@dataclass(frozen=True)
class Series:
    """How the numbers of one series read: `<prefix><area code><day in date_format><sequence>`."""

    code: str  # the key of its rows in the sequence table
    prefix: str  # capital letters that set the series' numbers apart ("" for case numbers)
    width: int  # digits of the daily sequence
    area_digits: int  # digits of the area code
    date_format: str  # strftime pattern of the day; must name year, month and day (the sequence is daily)
    verbose_name: Promise | str

    def __post_init__(self):
        if not _CODE.fullmatch(self.code):
            raise ValueError(f"series code must be a short lower-case slug, not {self.code!r}")
        if not _PREFIX.fullmatch(self.prefix):
            raise ValueError(f"series prefix must be up to 8 capital letters, not {self.prefix!r}")
        if not 1 <= self.width <= 9:  # the sequence column holds up to 2**31 - 1
            raise ValueError(f"series width must be 1 to 9 digits, not {self.width}")
        if not 1 <= self.area_digits <= 12:
            raise ValueError(f"area codes have 1 to 12 digits, not {self.area_digits}")
        fmt = self.date_format
        if not ("%d" in fmt and "%m" in fmt and ("%Y" in fmt or "%y" in fmt)):
            raise ValueError(f"the date format must name the year, month and day, not {fmt!r}")

    @property
    def ceiling(self) -> int:
        """The last sequence number of a day."""
        return 10**self.width - 1

    def check_area(self, area_code: str) -> None:
        if not re.fullmatch(f"[0-9]{{{self.area_digits}}}", area_code or ""):
            raise ValueError(f"area code must be {self.area_digits} digits, not {area_code!r}")

    def stem(self, area_code: str, day: date) -> str:
        """What every number of the area and day starts with."""
        return f"{self.prefix}{area_code}{day.strftime(self.date_format)}"

    def number(self, area_code: str, day: date, sequence: int) -> str:
        return f"{self.stem(area_code, day)}{sequence:0{self.width}d}"


_REGISTRY: dict[str, Series] = {}


def register(series: Series) -> Series:
    """Make a series known (once per code and per prefix); registering the same declaration again is a
    no-op, so a module may be imported twice."""
    known = _REGISTRY.get(series.code)
    if known is not None and known != series:
        raise ValueError(f"series {series.code!r} is registered already, differently")
    clash = next((s for s in _REGISTRY.values() if s.prefix == series.prefix and s.code != series.code), None)
    if clash is not None:
        raise ValueError(f"series {series.code!r} would share the prefix {series.prefix!r} of {clash.code!r}")
    _REGISTRY[series.code] = series
    return series


def registered() -> tuple[Series, ...]:
    return tuple(_REGISTRY.values())


def _known(series: Series, area_code: str) -> None:
    if _REGISTRY.get(series.code) != series:
        raise LookupError(f"series {series.code!r} is not registered")
    series.check_area(area_code)


@cache
def _upsert(source: str = "") -> str:
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    values = f"SELECT %s, %s, %s, 1 FROM {source}" if source else "VALUES (%s, %s, %s, 1)"  # noqa: S608
    return (
        f"INSERT INTO {table} (series, area_code, day, last) {values} "
        f"ON CONFLICT (series, area_code, day) DO UPDATE SET last = {table}.last + 1 RETURNING last"
    )


@dataclass(frozen=True)
class Taking:
    """Taking a number inside a caller's own PostgreSQL statement: `upsert` is the body of a CTE (its
    `params` go where it stands) that takes the next sequence number; `number` is the SQL expression of the
    whole number read from that CTE, `within` the condition that the day still has one (both take the
    parameters `number_params`, in that order, where `number` stands)."""

    upsert: str
    params: list
    number: str
    number_params: list
    within: str


def taking(series: Series, area_code: str, day: date, *, cte: str, source: str = "") -> Taking:
    """The SQL of taking the next number of the series for the area and day in the CTE named `cte`; with
    `source`, only when the relation of that name (another CTE) has a row."""
    _known(series, area_code)
    return Taking(
        upsert=_upsert(source),
        params=[series.code, area_code, day],
        number=f"%s || lpad({cte}.last::text, {series.width}, '0')",
        number_params=[series.stem(area_code, day)],
        within=f"{cte}.last <= {series.ceiling}",
    )


def allocate_number(series: Series, area_code: str, day: date) -> str:
    """The next number of the series for the area and day (see the module docstring on when to call it)."""
    _known(series, area_code)
    with server_statement(connection) as cursor:
        cursor.execute(_upsert(), [series.code, area_code, day])
        (sequence,) = cursor.fetchone()
    if sequence > series.ceiling:
        raise SequenceExhausted(series, area_code, day)
    return series.number(area_code, day, sequence)


def allocate_numbers(series: Series, area_code: str, day: date, count: int) -> list[str]:
    """`count` consecutive numbers of the series for the area and day, taken in one statement: for a
    sweep that numbers many rows at once (a day's matters), where one statement a number would cost more
    than the rows themselves. The same rules as `allocate_number`: inside the writing transaction."""
    if count < 1:
        return []
    first = allocate_block(series, area_code, day, count)
    return [series.number(area_code, day, sequence) for sequence in range(first, first + count)]


def allocate_block(series: Series, area_code: str, day: date, count: int) -> int:
    """Take `count` consecutive numbers as `allocate_numbers` does, and return the first one's sequence,
    for a statement that writes the numbers itself (`series.stem` + the zero-padded sequence)."""
    if count < 1:
        raise ValueError("a block has at least one number")
    _known(series, area_code)
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    sql = (
        f"INSERT INTO {table} (series, area_code, day, last) VALUES (%s, %s, %s, %s) "  # noqa: S608
        f"ON CONFLICT (series, area_code, day) DO UPDATE SET last = {table}.last + %s RETURNING last"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [series.code, area_code, day, count, count])
        (last,) = cursor.fetchone()
    if last > series.ceiling:
        raise SequenceExhausted(series, area_code, day)
    return last - count + 1


def assign_number(series: Series, area_code: str, day: date, model, pk, field: str = "number") -> str:
    """Take the next number (`allocate_number`) and write it to `field` of the `model` row `pk`: on
    PostgreSQL in one statement, which saves a round trip while the sequence row is locked."""
    if connection.vendor != "postgresql":
        number = allocate_number(series, area_code, day)
        model.objects.filter(pk=pk).update(**{field: number})
        return number
    take = taking(series, area_code, day, cte="next")
    meta, quote = model._meta, connection.ops.quote_name
    table, column = quote(meta.db_table), quote(meta.get_field(field).column)
    sql = (
        f"WITH next AS ({take.upsert}) UPDATE {table} SET {column} = {take.number} "  # noqa: S608 (our names)
        f"FROM next WHERE {table}.{quote(meta.pk.column)} = %s AND {take.within} RETURNING {table}.{column}"
    )
    with server_statement(connection) as cursor:
        cursor.execute(sql, [*take.params, *take.number_params, pk])
        row = cursor.fetchone()
    if row is None:  # the row exists: the day's numbers are used up
        raise SequenceExhausted(series, area_code, day)
    return row[0]
