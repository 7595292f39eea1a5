"""Conditions of the partial indexes; queries that repeat them can use the index. Sorted, so the
migration is stable."""

from django.db import models

from onewindow.timelimits.choices import UNANNOUNCED, ClockState, Warning

from ..choices import OPEN_STATUSES, Status, TaskStatus

OPEN_CASE = models.Q(status__in=sorted(OPEN_STATUSES))
# A case not (or no longer) in the hall's hands: lists of a department's past and pending work read
# these by department and status; the open ones have their own index (an index over both sent the
# planner to AND a department's whole history into every desk query; `listing.narrowed` asks for
# either part when a department is filtered on without a status).
NOT_OPEN_CASE = ~OPEN_CASE
PAUSED_CASE = models.Q(clock_state=ClockState.PAUSED)
OPEN_RED_CASE = OPEN_CASE & models.Q(warning=Warning.RED)
# A running clock on an open case: with the red ones, what the overdue list reads (a late case shows red
# from its deadline, before the sweep raises it: timelimits.choices.showing). Two indexes, ORed by the
# planner into a bitmap of the late rows alone; one index over both, walked by deadline, read every
# running clock not yet late before it could stop at a page past the list's end.
OPEN_RUNNING_CASE = OPEN_CASE & models.Q(clock_state__in=sorted([ClockState.RUNNING, ClockState.OVERDUE]))
# A warning nobody has been told of yet (`warned` is the highest level announced).
UNANNOUNCED_CASE = UNANNOUNCED
# A window's desk: online applications to pre-review, supplements awaited, results to hand over,
# cases to close, and fees to collect.
WINDOW_STATUSES = sorted(
    {Status.PREREVIEW, Status.AWAITING_SUPPLEMENT, Status.APPROVED, Status.DENIED, Status.DELIVERED}
)
WINDOW_WORK_CASE = models.Q(status__in=WINDOW_STATUSES) | (OPEN_CASE & models.Q(fees_settled=False))
OPEN_TASK = models.Q(status=TaskStatus.OPEN)
