"""The clocks of cases and tasks: replayed from the case's events at every clock event and after a
calendar change, stored through the shared time limits (`onewindow.timelimits`).

A case's clock starts on its acceptance day and runs on the case's events; a joint case's task runs on
its own limit, stops with the case's pauses and finishes with its decision; a late task turns the
whole case. The daily sweep, the warnings and their announcements are the shared mechanism's
(`timelimits.sweep`), with the cases' registration in `deadlines.py`.
"""

from collections.abc import Callable
from datetime import date

from django.db import transaction

from onewindow.core.clock import ClockEvent, ClockReading, EventKind, PauseKind, read_clock
from onewindow.core.workdays import CalendarNotLoaded, WorkCalendar
from onewindow.timelimits import reading
from onewindow.timelimits.choices import RUNNING_STATES, worst
from onewindow.timelimits.models import CLOCK_FIELDS
from onewindow.workcalendar.services import current_calendar

from .choices import OPEN_STATUSES, TaskStatus
from .models import Case, CaseEvent, CaseTask


def today() -> date:
    """The service day (`timelimits.reading.today`, the one every clock reads)."""
    return reading.today()


def clock_events(events) -> list[ClockEvent]:
    """The case-wide clock events (task decisions excluded) in the shape of the pure core."""
    return [
        ClockEvent(EventKind(e.clock), e.day, PauseKind(e.pause_kind) if e.pause_kind else None, e.days)
        for e in events
        if e.clock and e.task_id is None
    ]


def reading_for(case: Case, events, calendar: WorkCalendar, on: date) -> ClockReading:
    return read_clock(
        calendar,
        limit_days=case.limit_days,
        accepted_on=case.accepted_on,
        events=clock_events(events),
        today=on,
        supplement_restarts=case.supplement_restarts,
        yellow_threshold=case.yellow_threshold,
    )


def task_reading(case: Case, task: CaseTask, events, calendar: WorkCalendar, on: date) -> ClockReading:
    """A task runs on its own limit, stops with the case's pauses, and finishes with its decision."""
    shared = [e for e in clock_events(events) if e.kind in (EventKind.PAUSE, EventKind.RESUME)]
    if task.finished_on:
        shared = [e for e in shared if e.day <= task.finished_on]
        if shared and shared[-1].kind == EventKind.PAUSE:
            shared.append(ClockEvent(EventKind.RESUME, task.finished_on))
        shared.append(ClockEvent(EventKind.FINISH, task.finished_on))
    return read_clock(
        calendar,
        limit_days=task.limit_days,
        accepted_on=case.accepted_on,
        events=shared,
        today=on,
        supplement_restarts=case.supplement_restarts,
    )


def days_left(row: Case | CaseTask, on: date | None = None) -> int | None:
    """The working days a case or task has left on `on` (negative: days overdue), today by default."""
    return reading.days_left(row, current_calendar(), on or today())


def warning_of(row: Case | CaseTask, on: date | None = None) -> str:
    """The warning a case or task shows on `on`, today by default (see `reading.warning_on`)."""
    return reading.warning_on(row, on or today())


def late_by(row: Case | CaseTask, on: date | None = None) -> int:
    """How late a decision on `on` would be, in working days (at least 1 the day after the deadline,
    whatever kind of day it is, as the clock marks it finished late); 0 when in time."""
    on = on or today()
    if row.clock_state not in RUNNING_STATES or row.deadline is None or on <= row.deadline:
        return 0
    try:
        return max(1, current_calendar().workdays_between(row.deadline, on))
    except CalendarNotLoaded:
        return 1


def refresh(case: Case, *, calendar: WorkCalendar | None = None, on: date | None = None) -> None:
    """Recompute and save the clock figures of a case and its tasks from its events."""
    if case.accepted_on is None:
        return
    calendar = calendar or current_calendar()
    on = on or today()
    events = list(CaseEvent.objects.filter(case=case).order_by("at", "pk"))
    tasks = list(CaseTask.objects.filter(case=case))
    read(case, tasks, events, calendar, on)
    for task in tasks:
        task.save(update_fields=CLOCK_FIELDS)
    Case.objects.filter(pk=case.pk).update(**{name: getattr(case, name) for name in CLOCK_FIELDS})


def read(case: Case, tasks: list[CaseTask], events, calendar: WorkCalendar, on: date) -> None:
    """Set the clock figures of an accepted case and its tasks from its events, in memory: `refresh`
    saves them; an intake writes them with the new rows."""
    reading.apply_reading(
        case, reading.or_unknown(lambda: reading_for(case, events, calendar, on)), calendar, on
    )
    task_warnings = []
    for task in tasks:
        task_read = reading.or_unknown(lambda task=task: task_reading(case, task, events, calendar, on))
        reading.apply_reading(task, task_read, calendar, on)
        reading.news_again(task)
        if task.status == TaskStatus.OPEN:
            task_warnings.append(task.warning)
    if case.status in OPEN_STATUSES:
        case.warning = worst(case.warning, *task_warnings)  # a late department turns the whole case
    reading.news_again(case)


def recompute_open(
    calendar: WorkCalendar, on: date, *, deadline_moved: Callable[[Case, date | None], None] | None = None
) -> int:
    """Replay every open case and its tasks (their deadlines may cross a changed year); finished ones
    keep theirs. `deadline_moved(case, before)` runs, in the case's own transaction, for each case whose
    deadline now has another day than `before` (None: it was waiting for a calendar), so what it writes
    commits with the new deadline; a replay that changes nothing calls it for nobody."""
    count = 0
    for case in Case.objects.filter(status__in=OPEN_STATUSES, accepted_on__isnull=False).iterator(
        chunk_size=500
    ):
        before = case.deadline
        with transaction.atomic():
            refresh(case, calendar=calendar, on=on)
            if deadline_moved is not None and case.deadline is not None and case.deadline != before:
                deadline_moved(case, before)
        count += 1
    return count
