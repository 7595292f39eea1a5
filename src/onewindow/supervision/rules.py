"""Which open rows a timeliness rule hits on a day, as one condition over the stored clock figures.

A running clock's working days left on day `on` are at most N exactly when its deadline is no later than
the N-th working day after `on`; so "N working days before the deadline" and "a share of the limit used"
(N = the limit's unused part) become date thresholds, one per distinct limit, and the sweep never reads
a clock row by row. Red hits what is late; a yellow rule also hits what is already late (its point has
passed), so a case that turned red between two sweeps still gets its yellow card.
"""

import math
from datetime import date

from django.db.models import Q

from onewindow.core.workdays import CalendarNotLoaded, WorkCalendar
from onewindow.timelimits.choices import RUNNING_STATES, Warning

from .choices import CardLevel, Scope, Subject, YellowPoint

RUNNING = Q(clock_state__in=sorted(RUNNING_STATES))


def late(on: date) -> Q:
    """Red: stored red (a related row turned it), or a running clock past its deadline."""
    return Q(warning=Warning.RED) | (RUNNING & Q(deadline__lt=on))


def within(calendar: WorkCalendar, on: date, days: int) -> date:
    """The last deadline that leaves at most `days` working days on `on`; past the loaded calendar, its
    last day (no stored deadline lies beyond it)."""
    try:
        return calendar.add_workdays(on, days)
    except CalendarNotLoaded:
        return date(calendar.last_year, 12, 31)


def hit(rule, calendar: WorkCalendar, on: date, limits=()) -> Q:
    """The condition of the rows `rule` hits on `on`; `limits` are the distinct limits of the running
    rows (needed for a share of the limit)."""
    if rule.level == CardLevel.RED:
        return late(on)
    if rule.yellow_point == YellowPoint.DAYS:
        reached = RUNNING & Q(deadline__lte=within(calendar, on, rule.yellow_days))
    elif rule.yellow_point == YellowPoint.SHARE:
        reached = Q(pk__in=[])
        for limit in limits:
            unused = math.floor(limit * (1 - float(rule.yellow_share)) + 1e-9)
            reached |= RUNNING & Q(limit_days=limit, deadline__lte=within(calendar, on, unused))
    else:
        reached = Q(warning__in=[Warning.YELLOW, Warning.RED]) | (RUNNING & Q(yellow_on__lte=on))
    return late(on) | reached


def in_scope(rule) -> Q:
    """The rows of the rule's department or item (a step's item is its case's)."""
    if rule.scope == Scope.DEPARTMENT:
        return Q(department_id=rule.department_id)
    if rule.scope == Scope.ITEM:
        return Q(item_id=rule.item_id) if rule.subject == Subject.CASE else Q(case__item_id=rule.item_id)
    return Q()
