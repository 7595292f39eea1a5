"""Walking a batch's planned paths up to today: the statuses they reach and their timeline events.

Steps are taken in the order of the path while they fall on or before the last working day; the first
step planned for later ends the walk (the case is still open, or waits). Every event's move is looked up
in `workflow.ALLOWED` (as `codes.NEXT`), so a path the lifecycle does not allow fails the load instead of
writing it. Times: the first event of a day at an office hour, each further one a few minutes later.
"""

from dataclasses import dataclass, field

import numpy as np

from onewindow.cases.choices import OPEN_STATUSES, Action

from .clock import NONE
from .codes import ACTIONS, CLOCK_OF, CLOCKS, NEXT, NO_STATUS, STATUSES, A, S
from .plan import Plan

_OPEN = np.array([status in OPEN_STATUSES for status in STATUSES])
_WITHDRAW = A[Action.WITHDRAW]


class PathNotAllowed(RuntimeError):
    """A planned step the lifecycle table does not allow from the status the case has reached."""


@dataclass
class Events:
    """The emitted events, one entry per event, ordered by case and then by time."""

    case: np.ndarray  # row in the batch
    task: np.ndarray  # task number within the case, or NONE
    day: np.ndarray  # working-day index
    minute: np.ndarray
    second: np.ndarray
    action: np.ndarray
    from_status: np.ndarray
    to_status: np.ndarray
    actor: np.ndarray
    clock: np.ndarray
    pause_kind: np.ndarray
    days: np.ndarray
    note: np.ndarray
    details: np.ndarray

    @property
    def size(self) -> int:
        return len(self.case)


@dataclass
class Walk:
    status: np.ndarray  # per case: the status reached
    events: Events
    taken: dict[str, np.ndarray] = field(default_factory=dict)  # step name -> taken per case
    clock_time: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # -> (minute, second)
    task_taken: list[np.ndarray] = field(default_factory=list)
    first_event: np.ndarray | None = None  # per case: index of its first event in `events`
    event_count: np.ndarray | None = None


def walk(plan: Plan, last: int, rng: np.random.Generator) -> Walk:
    n = plan.size
    status = np.full(n, NO_STATUS, dtype=np.int64)
    stopped = np.zeros(n, dtype=bool)
    last_day = np.full(n, NONE, dtype=np.int64)
    last_minute = np.zeros(n, dtype=np.int64)
    counted = np.zeros(n, dtype=np.int64)  # events so far per case: the next event's place in it
    parts: list[tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]] = []
    taken: dict[str, np.ndarray] = {}
    clock_time: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    task_taken = []
    for name, step in plan.ordered_steps():
        planned = step.action != NONE
        take = planned & ~stopped & (step.day <= last)
        stopped |= planned & (step.day > last)
        rows = np.flatnonzero(take)
        before = status[rows]
        action = step.action[rows]
        after = NEXT[before, action]
        if (after < 0).any():
            bad = int(np.flatnonzero(after < 0)[0])
            raise PathNotAllowed(
                f"{STATUSES[before[bad]] or '-'} --{ACTIONS[action[bad]]}--> ? at step {name}"
            )
        status[rows] = after
        day = step.day[rows]
        if (day < last_day[rows]).any():
            raise PathNotAllowed(f"step {name} is dated before the step it follows")
        if name == "submit":
            minute = plan.minute[rows]
        else:
            fresh = rng.integers(8 * 60 + 40, 15 * 60 + 50, len(rows))
            later = np.minimum(last_minute[rows] + rng.integers(2, 36, len(rows)), 23 * 60 + 59)
            minute = np.where(last_day[rows] == day, later, fresh)
        last_day[rows], last_minute[rows] = day, minute
        second = rng.integers(0, 60, len(rows))
        clock = CLOCK_OF[action]
        clock = np.where((action == _WITHDRAW) & ~_OPEN[before], CLOCKS.index(""), clock)  # nothing ran
        values = {
            "task": step.task[rows],
            "day": day,
            "minute": minute,
            "second": second,
            "action": action,
            "from_status": before,
            "to_status": after,
            "actor": step.actor[rows],
            "clock": clock,
            "pause_kind": step.pause_kind[rows],
            "days": step.days[rows],
            "note": step.note[rows],
            "details": step.details[rows],
        }
        parts.append((rows, counted[rows].copy(), values))
        counted[rows] += 1
        if name == "task":
            task_taken.append(take)
        else:
            taken[name] = take
            minutes, seconds = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
            minutes[rows], seconds[rows] = minute, second
            clock_time[name] = (minutes, seconds)
    # Each event's place: after its case's earlier cases' events, in the order of its path.
    first = np.concatenate([[0], np.cumsum(counted)[:-1]])
    total = int(counted.sum())
    columns = {key: np.empty(total, dtype=np.int64) for key in ("case", *parts[0][2])}
    for rows, place, values in parts:
        index = first[rows] + place
        columns["case"][index] = rows
        for key, value in values.items():
            columns[key][index] = value
    return Walk(status, Events(**columns), taken, clock_time, task_taken, first, counted)


def check_statuses(walk: Walk) -> None:
    """Every case reached its status through its own events (a cheap check of the walk itself)."""
    ends = walk.first_event + walk.event_count - 1
    if (walk.events.to_status[ends] != walk.status).any():
        raise PathNotAllowed("a case's status differs from its last event")
    if (walk.events.from_status[walk.first_event] != S[""]).any():
        raise PathNotAllowed("a case does not start with its submission")
