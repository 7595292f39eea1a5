"""Which open rows a timeliness rule hits on a day, as one condition over each row's own clock figures.

A running clock has at most N working days left on day `on` exactly when its deadline falls before the
(N+1)-th working day after `on`; so "N working days before the deadline" and "a share of the limit used"
(N = the unused part of the limit, extensions included) become date thresholds, one per distinct limit,
and the sweep never reads a clock row by row. Only the row's own clock counts: a case is not late
because one of its departments' steps is (that step has its own card, charged to its department). Red
hits what is late; a yellow rule also hits what is already late (its point has passed), so a row that
turned red between two sweeps still gets its yellow card. An immediate item has no yellow stage.
"""

import math
from datetime import date

from django.db.models import F, Q

from onewindow.core.workdays import CalendarNotLoaded, WorkCalendar
from onewindow.timelimits.choices import RUNNING_STATES

from .choices import CardLevel, Scope, Subject, YellowPoint

RUNNING = Q(clock_state__in=sorted(RUNNING_STATES))


def late(on: date) -> Q:
    return RUNNING & Q(deadline__lt=on)


def before_day(calendar: WorkCalendar, on: date, days: int) -> date:
    """The first deadline that leaves more than `days` working days on `on`: the (days+1)-th working day
    after it; past the loaded calendar, the first day after it (no stored deadline lies beyond it)."""
    try:
        return calendar.add_workdays(on, days + 1)
    except CalendarNotLoaded:
        return date(calendar.last_year + 1, 1, 1)


def total_limit(subject: str):
    """A row's limit with its extensions (a case's `extended_days`; a step has none of its own)."""
    return F("limit_days") + F("extended_days") if subject == Subject.CASE else F("limit_days")


def hit(rule, calendar: WorkCalendar, on: date, limits=()) -> Q:
    """The condition of the rows `rule` hits on `on`; `limits` are the distinct total limits of the
    running rows (needed for a share of the limit)."""
    if rule.level == CardLevel.RED:
        return late(on)
    if rule.yellow_point == YellowPoint.DAYS:
        reached = Q(deadline__lt=before_day(calendar, on, rule.yellow_days))
    elif rule.yellow_point == YellowPoint.SHARE:
        reached = Q(pk__in=[])
        for limit in limits:
            unused = math.floor(limit * (1 - float(rule.yellow_share)) + 1e-9)
            reached |= Q(total_limit=limit, deadline__lt=before_day(calendar, on, unused))
    else:
        reached = Q(yellow_on__lte=on)
    return RUNNING & Q(limit_days__gt=0) & (Q(deadline__lt=on) | reached)


def in_scope(rule) -> Q:
    """The rows of the rule's department or item (a step's item is its own, else its case's)."""
    if rule.scope == Scope.DEPARTMENT:
        return Q(department_id=rule.department_id)
    if rule.scope == Scope.ITEM:
        if rule.subject == Subject.CASE:
            return Q(item_id=rule.item_id)
        return Q(item_version__item_id=rule.item_id) | Q(
            item_version__isnull=True, case__item_id=rule.item_id
        )
    return Q()
