"""Cases (办件): the case row with its stored clock figures, its materials, tasks, fees and timeline,
the certificate library, and the table that makes API intake idempotent.

The current state and the derived clock figures (deadline, remaining working days, warning level) live
on the row and are indexed, so lists filter and sort without computing anything per row (DESIGN rule
3); the history is the append-only `CaseEvent` table, from which the figures are recomputed. A running
clock's figures are stored as of `clock_read_on` and do not need rewriting as days pass: its days left
follow from the deadline (`clocks.days_left`), it turns yellow on `yellow_on` and red after `deadline`,
and lists sort by `due_on`; only the rows whose warning changes are written by the daily sweep.
"""

from .case import Case
from .conditions import (
    OPEN_CASE,
    OPEN_RED_CASE,
    OPEN_TASK,
    PAUSED_CASE,
    UNANNOUNCED_CASE,
    WINDOW_STATUSES,
    WINDOW_WORK_CASE,
)
from .event import CaseEvent
from .intake import IdempotencyKey
from .material import CaseFee, CaseMaterial
from .task import CaseTask

__all__ = [
    "OPEN_CASE",
    "OPEN_RED_CASE",
    "OPEN_TASK",
    "PAUSED_CASE",
    "UNANNOUNCED_CASE",
    "WINDOW_STATUSES",
    "WINDOW_WORK_CASE",
    "Case",
    "CaseEvent",
    "CaseFee",
    "CaseMaterial",
    "CaseTask",
    "IdempotencyKey",
]
