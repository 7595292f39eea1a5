"""The working-day calendar in the database: the one calendar every deadline is computed with.

`current_calendar()` gives a `WorkCalendar` built from the loaded years, cached per process and rebuilt
when an import anywhere changes the data. Imports replace whole years in one transaction, are audited,
and then call `recompute_deadlines`, which asks every registered recomputer (cases, supervision
matters...) to refresh the deadlines it stores.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.core.workdays import CalendarNotLoaded, DayRecord, WorkCalendar
from onewindow.errors import Invalid
from onewindow.org.permissions import actor_of, require_role
from onewindow.org.roles import Role

from .models import CalendarDay, CalendarYear, DayKind, YearSource
from .parsing import LineError, Parsed

logger = logging.getLogger(__name__)

# How often a process checks whether another process changed the calendar.
RECHECK_SECONDS = 5.0

_lock = threading.Lock()
_cached: dict = {"version": None, "calendar": None, "checked": 0.0}


def _version():
    return tuple(CalendarYear.objects.aggregate(n=Count("year"), at=Max("loaded_at")).values())


def current_calendar() -> WorkCalendar:
    """The calendar of every loaded year; raises CalendarNotLoaded(None) if there is none."""
    now = time.monotonic()
    if _cached["calendar"] is not None and now - _cached["checked"] < RECHECK_SECONDS:
        return _cached["calendar"]
    with _lock:
        version = _version()
        if version != _cached["version"] or _cached["calendar"] is None:
            _cached["calendar"] = _build()
            _cached["version"] = version
        _cached["checked"] = now
        return _cached["calendar"]


def forget_cached_calendar() -> None:
    _cached.update(version=None, calendar=None, checked=0.0)


def _build() -> WorkCalendar:
    years = list(CalendarYear.objects.values_list("year", flat=True))
    if not years:
        raise CalendarNotLoaded(timezone.localdate().year)
    loaded = set(years)
    records = (
        DayRecord(day, kind == DayKind.WORK, name)
        for day, kind, name in CalendarDay.objects.values_list("day", "kind", "name").iterator()
        if day.year in loaded
    )
    return WorkCalendar(years, records)


# --- recomputing stored deadlines ----------------------------------------------------------------

Recomputer = Callable[[WorkCalendar, set[int]], int]
_recomputers: dict[str, Recomputer] = {}


def register_recomputer(name: str, recompute: Recomputer) -> None:
    """Register a function that refreshes the deadlines it stores for the given changed years.

    It receives the new calendar and the changed years, and returns how many rows it updated. Cases
    (F4) and supervision matters register theirs at start-up.
    """
    _recomputers[name] = recompute


def unregister_recomputer(name: str) -> None:
    _recomputers.pop(name, None)


def recompute_deadlines(years: set[int]) -> dict[str, int]:
    """Ask every registered recomputer to refresh what the changed years affect."""
    forget_cached_calendar()
    calendar = current_calendar()
    return {name: recompute(calendar, set(years)) for name, recompute in sorted(_recomputers.items())}


# --- imports -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    years: list[int]
    days: int
    recomputed: dict[str, int]


def import_days(*, actor, parsed: Parsed, source: YearSource, only_year: int | None = None) -> ImportResult:
    """Replace the whole of each year in `parsed` with its records, or nothing if any line is wrong."""
    require_role(actor_of(actor), Role.ADMIN)
    errors = list(parsed.errors)
    if only_year is not None and parsed.years - {only_year}:
        errors.append(LineError(0, _("所有日期须在 %(year)s 年内。") % {"year": only_year}))
    if errors:
        raise Invalid(
            _("日历数据有 %(n)s 处错误，未导入任何内容。") % {"n": len(errors)},
            code="calendar_invalid",
            details=[{"line": e.line, "section": e.section, "message": e.message} for e in errors],
        )
    years = sorted(parsed.years if only_year is None else {only_year})
    with transaction.atomic():
        for year in years:
            _replace_year(actor, year, [r for r in parsed.records if r.day.year == year], source)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _after_change(set(years)))
        recomputed = {}
    else:
        recomputed = _after_change(set(years))
    return ImportResult(years=years, days=len(parsed.records), recomputed=recomputed)


def _replace_year(actor, year: int, records: list[DayRecord], source: str) -> None:
    existing = CalendarDay.objects.filter(day__year=year)
    before = {str(d.day): [d.kind, d.name] for d in existing}
    was_loaded = CalendarYear.objects.filter(year=year).exists()
    existing.delete()
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(day=r.day, kind=DayKind.WORK if r.is_workday else DayKind.OFF, name=r.name)
            for r in records
        ]
    )
    CalendarYear.objects.update_or_create(
        year=year, defaults={"source": source, "loaded_at": timezone.now(), "loaded_by": actor}
    )
    after = {str(r.day): [DayKind.WORK if r.is_workday else DayKind.OFF, r.name] for r in records}
    audit.record(
        actor=actor,
        action="workcalendar.year.reload" if was_loaded else "workcalendar.year.load",
        object_type="workcalendar.calendaryear",
        object_id=year,
        before={"source": None, "days": before} if was_loaded else None,
        after={"source": source, "days": after},
    )


def _after_change(years: set[int]) -> dict[str, int]:
    counts = recompute_deadlines(years)
    logger.info("calendar changed for %s; recomputed %s", sorted(years), counts)
    return counts
