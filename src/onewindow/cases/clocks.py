"""The stored clock figures of cases and tasks: recomputed from the case's events at every clock event,
refreshed in bulk as days pass, and recomputed after a calendar change.

The replay (`reading_for`) is the truth; `refresh_due` is the daily shortcut for running clocks, which
needs only the stored deadline: with no event since the last reading, the deadline cannot have moved,
so the days left are the working days from today to the deadline.
"""

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from onewindow.core.clock import (
    ClockEvent,
    ClockReading,
    EventKind,
    PauseKind,
    default_yellow_threshold,
    read_clock,
)
from onewindow.core.workdays import CalendarNotLoaded, WorkCalendar
from onewindow.workcalendar.services import current_calendar, register_recomputer

from .choices import OPEN_STATUSES, ClockState, TaskStatus, Warning
from .models import Case, CaseEvent, CaseTask

_WARNING_ORDER = [Warning.NORMAL, Warning.YELLOW, Warning.RED]


def today() -> date:
    """The day in Asia/Shanghai; tests replace it to replay a case's weeks."""
    return timezone.localdate()


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


def _or_unknown(read) -> ClockReading | None:
    """The reading, or None when the deadline falls in a year whose calendar is not loaded yet: the
    case is then stored without a deadline (never a wrong one) until the year is imported."""
    try:
        return read()
    except CalendarNotLoaded:
        return None


def _apply(target, reading: ClockReading | None, on: date) -> None:
    if reading is None:
        target.deadline = target.remaining_days = None
        target.warning, target.finished_late = Warning.NORMAL, False
        if isinstance(target, Case):
            target.clock_state, target.clock_read_on = ClockState.NO_CALENDAR, on
        return
    target.deadline = reading.deadline
    target.remaining_days = reading.remaining_days
    target.warning = reading.warning.value
    target.finished_late = reading.finished_late
    if isinstance(target, Case):
        target.clock_state = reading.state.value
        target.clock_read_on = on
        target.finished_on = reading.finished_on


def worst(*warnings: str) -> str:
    return max(warnings, key=_WARNING_ORDER.index, default=Warning.NORMAL)


def refresh(case: Case, *, calendar: WorkCalendar | None = None, on: date | None = None) -> None:
    """Recompute and save the clock figures of a case and its tasks from its events."""
    if case.accepted_on is None:
        return
    calendar = calendar or current_calendar()
    on = on or today()
    events = list(CaseEvent.objects.filter(case=case).order_by("at", "pk"))
    _apply(case, _or_unknown(lambda: reading_for(case, events, calendar, on)), on)
    task_warnings = []
    for task in CaseTask.objects.filter(case=case):
        _apply(task, _or_unknown(lambda task=task: task_reading(case, task, events, calendar, on)), on)
        task.save(update_fields=["deadline", "remaining_days", "warning", "finished_late"])
        if task.status == TaskStatus.OPEN:
            task_warnings.append(task.warning)
    if case.status in OPEN_STATUSES:
        case.warning = worst(case.warning, *task_warnings)  # a late department turns the whole case
    Case.objects.filter(pk=case.pk).update(
        deadline=case.deadline,
        remaining_days=case.remaining_days,
        warning=case.warning,
        clock_state=case.clock_state,
        clock_read_on=case.clock_read_on,
        finished_on=case.finished_on,
        finished_late=case.finished_late,
    )


def running_figures(calendar: WorkCalendar, deadline: date, on: date, limit: int, threshold: int | None):
    """Days left and warning of a running clock from its deadline alone (no event since last read)."""
    if on > deadline:
        return -calendar.workdays_between(deadline, on), Warning.RED
    left = calendar.workdays_between(on, deadline)
    yellow = default_yellow_threshold(limit) if threshold is None else threshold
    return left, Warning.YELLOW if left <= yellow else Warning.NORMAL


def refresh_due(*, on: date | None = None, batch: int = 2000) -> int:
    """Bring every open case read before `on` up to `on`; returns how many rows changed.

    The worker runs this daily; it is also safe to run at any time, and twice.
    """
    calendar = current_calendar()
    on = on or today()
    changed = 0
    stale = Case.objects.filter(status__in=OPEN_STATUSES, clock_read_on__lt=on).order_by("pk")
    while True:
        with transaction.atomic():
            rows = list(
                stale.select_for_update(skip_locked=_skip_locked())[:batch].only(
                    "pk",
                    "deadline",
                    "limit_days",
                    "extended_days",
                    "yellow_threshold",
                    "clock_state",
                    "remaining_days",
                    "warning",
                )
            )
            if not rows:
                return changed
            tasks = {}
            for task in CaseTask.objects.filter(
                case__in=rows, status=TaskStatus.OPEN, deadline__isnull=False
            ):
                tasks.setdefault(task.case_id, []).append(task)
            for case in rows:
                case.clock_read_on = on
                if case.clock_state in (ClockState.RUNNING, ClockState.OVERDUE) and case.deadline:
                    case.remaining_days, warning = running_figures(
                        calendar,
                        case.deadline,
                        on,
                        case.limit_days + case.extended_days,
                        case.yellow_threshold,
                    )
                    case.clock_state = ClockState.OVERDUE if on > case.deadline else ClockState.RUNNING
                    task_warnings = []
                    for task in tasks.get(case.pk, []):
                        task.remaining_days, task.warning = running_figures(
                            calendar, task.deadline, on, task.limit_days, None
                        )
                        task_warnings.append(task.warning)
                    case.warning = worst(warning, *task_warnings)
            Case.objects.bulk_update(rows, ["clock_read_on", "remaining_days", "warning", "clock_state"])
            all_tasks = [t for group in tasks.values() for t in group]
            CaseTask.objects.bulk_update(all_tasks, ["remaining_days", "warning"])
            changed += len(rows)


def _skip_locked() -> bool:
    return connection.features.has_select_for_update_skip_locked


def recompute_after_calendar_change(calendar: WorkCalendar, years: set[int]) -> int:
    """Replay every open case (their deadlines may cross a changed year); finished ones keep theirs."""
    count = 0
    on = today()
    for case in Case.objects.filter(status__in=OPEN_STATUSES, accepted_on__isnull=False).iterator(
        chunk_size=500
    ):
        refresh(case, calendar=calendar, on=on)
        count += 1
    return count


register_recomputer("cases", recompute_after_calendar_change)
