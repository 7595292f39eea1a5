"""Reading a clock and storing what it says: one `apply_reading` for every time-limited model, one
`days_left`, one sort day."""

from collections.abc import Callable
from datetime import date

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from onewindow.core.clock import ClockReading
from onewindow.core.workdays import CalendarNotLoaded, WorkCalendar
from onewindow.workcalendar.services import current_calendar

from .choices import RUNNING_STATES, WARNING_ORDER, ClockState, Warning, worst
from .models import CLOCK_FIELDS, TimeLimited


def today() -> date:
    """The service day in Asia/Shanghai, the one every clock reads; tests replace it to replay weeks."""
    return timezone.localdate()


def or_unknown(read: Callable[[], ClockReading]) -> ClockReading | None:
    """The reading, or None when the deadline falls in a year whose calendar is not loaded yet: the row
    is then stored without a deadline (never a wrong one) until the year is imported."""
    try:
        return read()
    except CalendarNotLoaded:
        return None


def apply_reading(row: TimeLimited, reading: ClockReading | None, calendar: WorkCalendar, on: date) -> None:
    """Set the row's stored figures from a reading taken on `on` (None: the calendar is not loaded)."""
    row.clock_read_on = on
    if reading is None:
        row.deadline = row.remaining_days = row.yellow_on = row.due_on = None
        row.warning, row.finished_late = Warning.NORMAL, False
        row.clock_state = ClockState.NO_CALENDAR
        return
    row.deadline = reading.deadline
    row.remaining_days = reading.remaining_days
    row.warning = reading.warning.value
    row.finished_late = reading.finished_late
    row.yellow_on = reading.yellow_on
    row.due_on = due_on(calendar, reading.deadline, reading.remaining_days, on)
    row.clock_state = reading.state.value
    row.finished_on = reading.finished_on


def news_again(row: TimeLimited) -> None:
    """A new deadline (resumed, extended) lowers the warning: its warnings are news again."""
    if WARNING_ORDER.index(row.warning) < WARNING_ORDER.index(row.warned):
        row.warned = row.warning


def refresh_row(row: TimeLimited, read: Callable[[], ClockReading], calendar: WorkCalendar, on: date) -> None:
    """Read, store and save one row's clock (for kinds whose rows need nothing but their own events)."""
    apply_reading(row, or_unknown(read), calendar, on)
    news_again(row)
    type(row).objects.filter(pk=row.pk).update(**{name: getattr(row, name) for name in CLOCK_FIELDS})


def due_on(calendar: WorkCalendar, deadline: date | None, remaining: int | None, on: date) -> date | None:
    """The sort day: the deadline of a running clock; for a stopped one, the day its frozen days left
    would run out if it went on from `on` (moved each day by the sweep)."""
    if deadline is not None or remaining is None:
        return deadline
    try:
        return calendar.add_workdays(on, remaining)
    except CalendarNotLoaded:
        return None


def days_left(row: TimeLimited, calendar: WorkCalendar, on: date) -> int | None:
    """The working days the row has left on `on` (negative: days overdue).

    The stored figure is as of `clock_read_on`; a running clock has used every working day since, so the
    figure today is one subtraction (O(1) on the calendar) and the sweep need not rewrite running rows. A
    paused, finished or not-yet-started clock keeps its stored figure.
    """
    stopped = row.clock_state not in RUNNING_STATES
    if row.deadline is None or row.remaining_days is None or stopped or row.clock_read_on is None:
        return row.remaining_days
    try:
        return row.remaining_days - calendar.workdays_between(row.clock_read_on, on)
    except CalendarNotLoaded:
        return row.remaining_days


def warning_on(row: TimeLimited, on: date) -> str:
    """The warning a row shows on `on`: the stored one, raised by a running clock's stored yellow day and
    deadline. The sweep announces a warning; it does not decide what is shown, so a row the sweep has not
    reached yet is never shown greener than its dates say."""
    if row.clock_state not in RUNNING_STATES:
        return row.warning
    if row.deadline is not None and on > row.deadline:
        return Warning.RED
    if row.yellow_on is not None and on >= row.yellow_on:
        return worst(row.warning, Warning.YELLOW)
    return row.warning


def awaited_year() -> int:
    """The year whose holidays a waiting deadline needs: the first one after the loaded years."""
    try:
        return current_calendar().last_year + 1
    except CalendarNotLoaded:
        return today().year


def waiting_note(row: TimeLimited) -> Promise | None:
    """What every page, print, message and API answer says of a deadline that waits for a calendar not
    loaded yet, instead of a dash; None for any other row. Lazy: a message built from it is worded in
    the applicant's language, whatever the clerk's page is in."""
    if row.clock_state != ClockState.NO_CALENDAR:
        return None
    return format_lazy(
        gettext_lazy("办结期限待{year}年节假日安排公布后确定，届时短信告知"), year=awaited_year()
    )


def waiting_short() -> str:
    """The same in a list's one-line cell."""
    return gettext("待%(year)s年节假日安排") % {"year": awaited_year()}
