"""The one sweep that brings every registered kind's warnings up to a day, and announces them once.

Only the rows whose warning changes are written (thousands a day, not the million open rows): a
running clock turns yellow on its `yellow_on` and red after its `deadline`, its days left are read from
the stored figure (`reading.days_left`), and a related row can turn it (`turned_by`). A stopped clock's
figures are frozen; only its sort day `due_on` moves to count from the day. Every step selects by the
state it changes, so it is idempotent: two workers at once, or a run after a crash half-way, change and
announce each row once.

Rows are claimed with `FOR UPDATE SKIP LOCKED` (re-checked under the lock) and `warned` is raised in the
same transaction as the announcement, so however many workers run, each warning is announced exactly
once. (On SQLite the IMMEDIATE transaction serialises the workers instead.) A warning raised by a
clock event (not by the sweep) is announced by `announce_raised`. A new deadline lowers `warned`
(`reading.news_again`), so its warnings are announced again.
"""

from datetime import date

from django.db import connection, transaction
from django.db.models import QuerySet

from onewindow.core.workdays import WorkCalendar
from onewindow.workcalendar.services import current_calendar

from . import reading
from .choices import UNANNOUNCED, ClockState, Warning
from .reading import due_on
from .registry import TimeLimitKind, kinds


def refresh_due(*, on: date | None = None) -> int:
    """Bring the stored warnings of every registered kind's open rows up to `on`, announcing each new
    one; returns how many rows changed. The worker runs it every minute; only the first run of a day
    finds work."""
    calendar = current_calendar()
    on = on or reading.today()
    calendar.is_workday(on)  # a day outside the loaded calendar fails the sweep, so someone imports it
    changed = sum(_raise_due(kind, on) for kind in kinds())
    return changed + sum(_move_stopped_due_days(kind, calendar, on) for kind in kinds())


def announce_raised(*, on: date | None = None, batch: int = 1000) -> int:
    """Announce the warnings that clock events raised and nobody has been told of yet."""
    return sum(
        _raise(kind, kind.model.objects.filter(UNANNOUNCED), None, on=on, batch=batch)
        for kind in kinds()
        if kind.announce is not None
    )


def _raise_due(kind: TimeLimitKind, on: date) -> int:
    # Each condition leads with the warning it raises from, so its index yields exactly the rows that
    # change, batch after batch.
    rows = kind.model.objects.filter(kind.open)
    below_red = rows.filter(warning__in=[Warning.NORMAL, Warning.YELLOW])
    normal = rows.filter(warning=Warning.NORMAL)
    changed = _raise(
        kind,
        below_red.filter(kind.running, deadline__lt=on),
        Warning.RED,
        on=on,
        clock_state=ClockState.OVERDUE,
    )
    changed += rows.filter(kind.running, warning=Warning.RED, deadline__lt=on).update(
        clock_state=ClockState.OVERDUE  # red already through a related row
    )
    if kind.turned_by is not None:
        changed += _raise(kind, below_red.filter(kind.turned_by(Warning.RED)), Warning.RED, on=on)
    changed += _raise(kind, normal.filter(kind.running, yellow_on__lte=on), Warning.YELLOW, on=on)
    if kind.turned_by is not None:
        changed += _raise(kind, normal.filter(kind.turned_by(Warning.YELLOW)), Warning.YELLOW, on=on)
    return changed


def _raise(kind: TimeLimitKind, candidates: QuerySet, level: str | None, *, on, batch=1000, **also) -> int:
    """Raise the open rows among `candidates` to `level` (and set `also`), announcing it, one
    transaction a batch; `level` None announces the rows' own raised warnings. The candidates must
    exclude rows already at `level`, so that a raised row no longer matches."""
    if kind.announce is None:
        return candidates.update(warning=level, warned=level, **also) if level is not None else 0
    # The candidates are found in one query, then claimed a batch of ids at a time with their condition
    # re-checked: one pass over the table, however many batches (asking again for the first N that
    # still match would rescan the rows done so far each time).
    found = list(candidates.filter(kind.open).order_by("pk").values_list("pk", flat=True))
    return sum(
        _claim(kind, candidates.filter(pk__in=found[start : start + batch]), level, on=on, **also)
        for start in range(0, len(found), batch)
    )


def _claim(kind: TimeLimitKind, candidates: QuerySet, level: str | None, *, on, **also) -> int:
    with transaction.atomic():
        claimed = candidates.filter(kind.open).order_by()
        if connection.features.has_select_for_update_skip_locked:
            claimed = claimed.select_for_update(skip_locked=True, of=("self",))
        rows = list(claimed.only(*kind.announce_fields))
        model = kind.model.objects
        if level is not None:
            model.filter(pk__in=[r.pk for r in rows]).update(warning=level, warned=level, **also)
            for row in rows:
                row.warning = level
        else:
            for told in (Warning.YELLOW, Warning.RED):
                model.filter(pk__in=[r.pk for r in rows if r.warning == told]).update(warned=told)
        if rows:
            kind.announce(rows, on or reading.today())
    return len(rows)


def _move_stopped_due_days(kind: TimeLimitKind, calendar: WorkCalendar, on: date) -> int:
    """Stopped clocks sort by the day their frozen days left would run out from today: one UPDATE per
    distinct figure (a few dozen), touching only the rows not yet moved."""
    changed = 0
    stopped = kind.model.objects.filter(kind.open & kind.paused)
    figures = stopped.exclude(remaining_days__isnull=True).values_list("remaining_days", flat=True)
    for left in figures.distinct().order_by():
        day = due_on(calendar, None, left, on)
        moving = stopped.filter(remaining_days=left).exclude(due_on=day).values("pk")
        changed += kind.model.objects.filter(pk__in=moving).update(due_on=day)
    return changed
