"""The clock figures of generated cases and tasks, read for a whole batch at once.

The rules are `core.clock.read_clock`'s (which `clocks.refresh` replays per case), for the histories the
generator writes: acceptance, at most one pause (resumed or not), extensions, and a finish. Where the
deadline would fall in a year whose calendar is not loaded, the reading is unknown, and the row is stored
as `clocks.refresh` stores it then: no deadline, no days left, normal, waiting for the calendar.
"""

from dataclasses import dataclass

import numpy as np

from onewindow.timelimits.choices import ClockState, Warning

from .workdays import Span

# Codes of the stored values; a warning's code is its severity.
STATES = [
    ClockState.RUNNING,
    ClockState.PAUSED,
    ClockState.FINISHED,
    ClockState.OVERDUE,
    ClockState.NO_CALENDAR,
]
RUNNING, PAUSED, FINISHED, OVERDUE, NO_CALENDAR = range(len(STATES))
WARNINGS = [Warning.NORMAL, Warning.YELLOW, Warning.RED]
NORMAL, YELLOW, RED = range(len(WARNINGS))
NONE = -1  # no such day


@dataclass
class Readings:
    """Per row: deadline (offset, NONE while paused short of it or unknown), days left, state, warning
    and lateness; `known` is False where the calendar is missing."""

    deadline: np.ndarray
    remaining: np.ndarray
    state: np.ndarray
    warning: np.ndarray
    finished_late: np.ndarray
    known: np.ndarray
    yellow: np.ndarray  # a running clock's first yellow day (`core.clock.yellow_from`), else NONE
    due: (
        np.ndarray
    )  # the sort day (`timelimits.reading.due_on`): the deadline, else where the days left run out


def read(
    span: Span,
    *,
    limit: np.ndarray,
    accepted: np.ndarray,
    paused: np.ndarray,
    resumed: np.ndarray,
    restarts: np.ndarray,
    finished: np.ndarray,
    threshold: np.ndarray,
) -> Readings:
    """Read the clocks of rows accepted on `accepted` with `limit` working days (extensions included).

    Days are calendar offsets of the span, NONE where the event did not happen; a resume needs its pause;
    `restarts` marks a supplement pause of an item whose count starts afresh; `threshold` is the item's
    yellow threshold, or NONE for the default.
    """
    limit = np.asarray(limit, dtype=np.int64)
    has_pause = paused != NONE
    has_resume = has_pause & (resumed != NONE)
    restart = has_resume & restarts
    finished_any = finished != NONE
    end = np.where(finished_any, finished, span.today)
    safe_pause = np.where(has_pause, paused, accepted)
    safe_resume = np.where(has_resume, resumed, accepted + 1)

    # The counting segments: the first opens at acceptance (or at the resume that restarts the count)
    # and, if a pause ended it, a second opens when the pause ends.
    first_after = np.where(restart, resumed, accepted)
    first_open = ~has_pause | restart
    first_until = np.where(first_open, end, safe_pause)
    has_second = has_resume & ~restart
    second_after = np.maximum(safe_pause, safe_resume - 1)

    used = np.where(first_after < end, span.between(first_after, np.minimum(first_until, end)), 0)
    used += np.where(has_second & (second_after < end), span.between(second_after, end), 0)

    # The deadline: the limit runs out in the first segment, or what is left of it in the second.
    available = np.where(first_open, limit, span.between(first_after, safe_pause))
    in_first = first_open | (available >= limit)
    left = np.where(in_first, limit, limit - available)
    start = np.where(in_first, first_after, second_after)
    reaches = in_first | has_second
    counted, known = span.add(start, np.maximum(left, 1))
    deadline = np.where(~reaches, NONE, np.where(left == 0, start, counted))
    known = ~reaches | (left == 0) | known

    has_deadline = deadline != NONE
    overdue = ~finished_any & has_deadline & (span.today > deadline)
    paused_now = has_pause & ~has_resume & ~finished_any
    state = np.select([finished_any, paused_now, overdue], [FINISHED, PAUSED, OVERDUE], RUNNING)
    default = np.maximum(1, np.ceil(limit * 0.2)).astype(np.int64)  # core.clock.default_yellow_threshold
    threshold = np.where(threshold != NONE, threshold, default)
    remaining = limit - used
    # an immediate item (limit 0) has no yellow stage, as in core.clock.read_clock
    warning = np.select(
        [overdue, (state != FINISHED) & (limit > 0) & (remaining <= threshold)], [RED, YELLOW], NORMAL
    )
    late = finished_any & has_deadline & (end > deadline)

    # A running clock turns yellow `threshold` working days before its deadline (on it for 0; on the
    # acceptance if that day lies before the loaded calendar).
    running = ((state == RUNNING) | (state == OVERDUE)) & has_deadline & known
    back, where = span.shift(np.where(running, deadline, 0), -np.where(running, threshold, 0))
    yellow = np.where(threshold <= 0, deadline, np.where(where < 0, accepted, back))
    # Without a deadline (paused), the day the frozen days left would run out counting from today.
    ahead, where = span.shift(np.full(len(limit), span.today), np.where(has_deadline, 0, remaining))
    due = np.where(has_deadline, deadline, np.where(where == 0, ahead, NONE))

    return Readings(
        deadline=np.where(known, deadline, NONE),
        remaining=remaining,
        state=np.where(known, state, NO_CALENDAR),
        warning=np.where(known, warning, NORMAL),
        finished_late=late & known,
        known=known,
        yellow=np.where(running & (limit > 0), yellow, NONE),
        due=np.where(known, due, NONE),
    )


def for_tasks(paused: np.ndarray, resumed: np.ndarray, decided: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pause and resume a joint task's clock sees (`clocks.task_reading`): the case's, up to the
    task's decision; a pause still running when the department decided ends on that day."""
    decided_any = decided != NONE
    pause = np.where((paused != NONE) & (~decided_any | (paused <= decided)), paused, NONE)
    resume_in_time = (resumed != NONE) & (~decided_any | (resumed <= decided))
    resume = np.where(
        pause == NONE, NONE, np.where(resume_in_time, resumed, np.where(decided_any, decided, NONE))
    )
    return pause, resume
