"""Raising cards, exactly once, and withdrawing them (摘牌).

`raise_cards(on)` gives every active timeliness rule's hits their cards, set-based: for each rule, under
that rule's lock (one sweep at a time writes its cards), the hits are the open rows the rule's condition
matches (`rules.hit`) without a card of that rule and level; they are copied once into a temporary table
with everything a card is made of (the responsible person too), counted per area, numbered a block per
area and day (`numbering.allocate_block`), and written in one INSERT ... SELECT with their figures
computed in the database. What only the working-day calendar knows is computed in Python once per
distinct date (`figures`): the working days since each stored clock's read day, and the working days
each deadline is past; the description is the translated sentence put together in SQL (`sql.sentence`).
ON CONFLICT DO NOTHING on the card's unique (rule, subject, level) stays as a guard. A card left without a
number (a day whose numbers ran out) is numbered by a later run, a block at a time.

A red card opens a supervision matter (`card_matters.open_matters`), made in the database a batch at a time.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from onewindow.audit import services as audit
from onewindow.cases.choices import OPEN_STATUSES
from onewindow.cases.models import OPEN_CASE, OPEN_TASK, Case, CaseEvent, CaseTask
from onewindow.core.workdays import CalendarNotLoaded, WorkCalendar
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.numbering.series import SequenceExhausted, allocate_block
from onewindow.org.permissions import actor_of, require_role
from onewindow.org.roles import Role
from onewindow.timelimits import reading
from onewindow.workcalendar.services import current_calendar

from . import rules, tally
from .card_matters import open_matters
from .choices import CardLevel, RuleKind, Subject, YellowPoint
from .event_rules import raise_event_cards
from .models import Card, MonitoringRule
from .numbering import CARD, number_cards
from .sql import exclusive, sentence, value_rows

logger = logging.getLogger(__name__)

BATCH = 1000
REASON_MAX = 300
DESCRIPTION_MAX = 300  # Card.description

# What each kind of subject is: its rows, which of them are open (a step only while its case is), its
# case, and the columns a card is made from.
SUBJECTS = {
    Subject.CASE: (Case, OPEN_CASE, "pk"),
    Subject.TASK: (CaseTask, OPEN_TASK & Q(case__status__in=sorted(OPEN_STATUSES)), "case_id"),
}
HITS = "supervision_card_hits"  # the temporary table of one rule's hits, for the length of its transaction


def raise_cards(*, on: date | None = None) -> int:
    """Give every active rule's hits on `on` their cards (timeliness here, process and fee rules in
    `event_rules`), then open the matters of the red
    ones; returns how many cards were numbered (the new cards, with any an earlier run left unnumbered)."""
    calendar = current_calendar()
    on = on or reading.today()
    numbered = 0
    for rule in MonitoringRule.objects.filter(active=True, kind=RuleKind.TIMELINESS).order_by("pk"):
        numbered += _raise_for(rule, calendar, on)
    for rule in MonitoringRule.objects.filter(active=True).exclude(kind=RuleKind.TIMELINESS).order_by("pk"):
        raise_event_cards(rule, on)  # process and fee rules: what was done since each last looked
    numbered += _number_new_cards()
    tally.recount([on])  # the board's counts of the day, from its cards
    open_matters(on)
    return numbered


# The figures of a card that only the working-day calendar knows, one per distinct date.


@dataclass(frozen=True)
class Figures:
    """For day `on`: the working days since each stored clock's read day (`since`: 0 where the calendar
    cannot say, as `reading.days_left` then keeps the stored figure), and for each deadline before `on`
    the working days it is past (`overdue`: None where the calendar cannot say; the card then takes the
    days left, negated)."""

    since: dict
    overdue: dict


def figures(calendar: WorkCalendar, on: date, deadlines, read_days) -> Figures:
    since, overdue = {}, {}
    for day in read_days:
        try:
            since[day] = calendar.workdays_between(day, on)
        except CalendarNotLoaded:
            since[day] = 0
    for day in deadlines:
        if day < on:
            try:
                overdue[day] = calendar.workdays_between(day, on)
            except CalendarNotLoaded:
                overdue[day] = None
    return Figures(since, overdue)


def card_figures(
    found: Figures, on: date, deadline: date | None, remaining: int | None, read_on: date | None
) -> tuple[int | None, int]:
    """(days left, overdue working days) of a running row on `on` from the per-date figures: what the
    INSERT of `_raise_for` computes in SQL (`_left_sql`, `_overdue_sql`), written here once in Python for
    the tests to hold against `reading.days_left` and the calendar."""
    since = found.since.get(read_on, 0) if deadline is not None and read_on is not None else 0
    left = None if remaining is None else remaining - since
    if deadline is None or deadline >= on:
        return left, 0
    overdue = found.overdue.get(deadline)
    return left, overdue if overdue is not None else max(0, -(left or 0))


_LEFT_SQL = (
    "(h.h_remaining - CASE WHEN h.h_deadline IS NULL OR h.h_read_on IS NULL THEN 0 "
    "ELSE COALESCE(r.since, 0) END)"
)
_OVERDUE_SQL = (
    f"(CASE WHEN d.late = 1 THEN COALESCE(d.overdue, CASE WHEN COALESCE({_LEFT_SQL}, 0) < 0 "
    f"THEN -COALESCE({_LEFT_SQL}, 0) ELSE 0 END) ELSE 0 END)"
)


def _raise_for(rule: MonitoringRule, calendar: WorkCalendar, on: date) -> int:
    """Raise the rule's cards of `on` in one transaction holding the rule's lock; returns how many were
    numbered."""
    with transaction.atomic():
        exclusive(rule.pk)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {HITS}")
            sql, params = _hits(rule, calendar, on).query.sql_with_params()
            cursor.execute(f"CREATE TEMP TABLE {HITS} AS {sql}", params)
            cursor.execute(
                f"SELECT h_area, h_deadline, h_read_on, COUNT(*) FROM {HITS} "  # noqa: S608
                "GROUP BY h_area, h_deadline, h_read_on"
            )
            groups = cursor.fetchall()
            numbered = 0
            if groups:
                bases = _number_blocks(groups, on)
                numbered = sum(n for area, _d, _r, n in groups if bases.get(area) is not None)
                cursor.execute(*_insert(rule, groups, bases, calendar, on))
            cursor.execute(f"DROP TABLE {HITS}")
    return numbered


def _hits(rule: MonitoringRule, calendar: WorkCalendar, on: date):
    """The rule's hits without a card, with the columns a card is made of."""
    model, open_rows, case_field = SUBJECTS[rule.subject]
    rows = model.objects.filter(open_rows, rules.in_scope(rule)).annotate(
        total_limit=rules.total_limit(rule.subject)
    )
    limits = ()
    if rule.level == CardLevel.YELLOW and rule.yellow_point == YellowPoint.SHARE:
        limits = list(rows.filter(rules.RUNNING).values_list("total_limit", flat=True).distinct().order_by())
    carded = Card.objects.filter(rule=rule, subject=rule.subject, subject_id=OuterRef("pk"), level=rule.level)
    # The responsible person: the last member of the row's department who acted on the case.
    last_actor = CaseEvent.objects.filter(
        case_id=OuterRef(case_field), actor__staff__department_id=OuterRef("department_id")
    ).order_by("-pk")
    return (
        rows.filter(rules.hit(rule, calendar, on, limits))
        .exclude(Exists(carded))
        .order_by()
        .values(
            h_subject=F("pk"),
            h_case=F(case_field),
            h_department=F("department_id"),
            h_title=F("title"),
            h_deadline=F("deadline"),
            h_remaining=F("remaining_days"),
            h_read_on=F("clock_read_on"),
            h_area=Substr("department__body__division__code", 1, 6),
            h_person=Subquery(last_actor.values("actor_id")[:1]),
        )
    )


def _number_blocks(groups: list, on: date) -> dict[str, int | None]:
    """A block of card numbers per area for the day (`allocate_block`, the areas in a fixed order):
    each area's sequence number before its first card; None where the day's numbers ran out (logged;
    those cards wait unnumbered)."""
    counts: dict[str, int] = {}
    for area, _deadline, _read_on, count in groups:
        counts[area] = counts.get(area, 0) + count
    bases: dict[str, int | None] = {}
    for area, count in sorted(counts.items()):
        try:
            with transaction.atomic():
                first = allocate_block(CARD, area, on, count)
        except SequenceExhausted:
            logger.error("card numbers of area %s on %s ran out; %s cards wait", area, on, count)
            bases[area] = None
            continue
        bases[area] = first - 1
    return bases


def _insert(rule: MonitoringRule, groups: list, bases: dict, calendar: WorkCalendar, on: date):
    """The INSERT ... SELECT of the cards of the hits table, with (SQL, params)."""
    postgres = connection.vendor == "postgresql"
    field = Card._meta.get_field

    def typed(name, value):
        return field(name).get_db_prep_save(value, connection)

    def day(values: str) -> str:
        return f"CAST({values} AS date)" if postgres else values  # SQLite: a date is its ISO text

    deadlines = sorted({row[1] for row in groups if row[1] is not None})
    read_days = sorted({row[2] for row in groups if row[2] is not None})
    dates = {raw: _as_date(raw) for raw in (*deadlines, *read_days)}  # as stored, as a date
    found = figures(calendar, on, {dates[raw] for raw in deadlines}, {dates[raw] for raw in read_days})
    with override("zh-hans"):  # stored data, in the language of the record (and of the national set)
        late = _("《%(title)s》已超过办结期限 %(deadline)s，超期 %(overdue)s 个工作日。")
        near = _("《%(title)s》临近办结期限 %(deadline)s，剩余 %(left)s 个工作日。")
    values = {
        "title": "COALESCE(h.h_title, '')",
        "deadline": "COALESCE(d.shown, '-')",
        "overdue": f"CAST({_OVERDUE_SQL} AS TEXT)",
        "left": f"COALESCE(CAST({_LEFT_SQL} AS TEXT), 'None')",
    }
    late_sql, late_params = sentence(late, values)
    near_sql, near_params = sentence(near, values)
    sequence = "a.base + h.h_rank"
    if postgres:
        number = f"a.stem || LPAD(CAST({sequence} AS TEXT), {CARD.width}, '0')"
    else:
        number = f"a.stem || PRINTF('%%0{CARD.width}d', {sequence})"
    areas = [(area, CARD.stem(area, on), base) for area, base in sorted(bases.items())]
    # deadline -> (overdue, as the sentence shows it, late on `on`); read day -> working days since
    shown = [(raw, found.overdue.get(dates[raw]), str(dates[raw]), int(dates[raw] < on)) for raw in deadlines]
    since = [(raw, found.since[dates[raw]]) for raw in read_days]
    table = connection.ops.quote_name(Card._meta.db_table)
    task = "h.h_subject" if rule.subject == Subject.TASK else "NULL"
    sql = (
        f"INSERT INTO {table} (number, rule_id, rule_version, subject, subject_id, case_id, task_id, "  # noqa: S608
        "department_id, person_id, level, raised_on, raised_at, deadline, overdue_days, description, points, "
        f"withdraw_reason) SELECT {number}, %s, %s, %s, h.h_subject, h.h_case, {task}, h.h_department, "
        "h.h_person, %s, %s, %s, "
        f"h.h_deadline, {_OVERDUE_SQL}, SUBSTR(CASE WHEN d.late = 1 THEN {late_sql} ELSE {near_sql} END, 1, "
        f"{DESCRIPTION_MAX}), %s, '' "
        f"FROM (SELECT {HITS}.*, ROW_NUMBER() OVER (PARTITION BY h_area ORDER BY h_subject) AS h_rank "
        f"FROM {HITS}) AS h "
        f"LEFT JOIN (SELECT column1 AS area, column2 AS stem, CAST(column3 AS INTEGER) AS base "
        f"FROM (VALUES {value_rows(areas, 3)}) AS v) AS a ON a.area = h.h_area "
        f"LEFT JOIN (SELECT {day('column1')} AS day, CAST(column2 AS INTEGER) AS overdue, "
        f"column3 AS shown, CAST(column4 AS INTEGER) AS late FROM (VALUES {value_rows(shown, 4)}) AS v) AS d "
        "ON d.day = h.h_deadline "
        f"LEFT JOIN (SELECT {day('column1')} AS day, CAST(column2 AS INTEGER) AS since "
        f"FROM (VALUES {value_rows(since, 2)}) AS v) AS r ON r.day = h.h_read_on "
        "WHERE 1 = 1 ON CONFLICT (rule_id, subject, subject_id, level) DO NOTHING"
    )
    params = [
        rule.pk,
        rule.version,
        rule.subject,
        rule.level,
        typed("raised_on", on),
        typed("raised_at", timezone.now()),
        *late_params,
        *near_params,
        typed("points", rule.points),
    ]
    for rows in (areas, shown, since):
        params += [value for row in rows for value in row]
    return sql, params


def _as_date(value) -> date:
    """A date read from the temporary table (SQLite gives its ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _number_new_cards() -> int:
    """Number the cards without a number, a batch at a time, each claimed under a lock; the newest days
    first, so a day whose numbers ran out (logged) holds up no other. Returns how many were numbered."""
    numbered = 0
    while True:
        with transaction.atomic():
            waiting = Card.objects.filter(number__isnull=True).order_by("-raised_on", "pk")
            if connection.features.has_select_for_update_skip_locked:
                waiting = waiting.select_for_update(skip_locked=True, of=("self",))
            claimed = list(waiting.values_list("pk", "raised_on", "department__body__division__code")[:BATCH])
            done = number_cards([(pk, day, division[:6]) for pk, day, division in claimed])
        numbered += done
        if len(claimed) < BATCH or not done:
            return numbered


def withdraw_card(*, actor, card: Card, reason: str) -> Card:
    """Withdraw a card (摘牌) with a reason: a supervisor's decision, audited and shown, never a deletion."""
    require_role(actor_of(actor), Role.SUPERVISOR)
    if card.person_id is not None and card.person_id == actor.pk:
        raise Forbidden(_("不能为自己经办的办件摘牌。"), code="own_card")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("请填写摘牌理由。"), code="reason_required")
    if len(reason) > REASON_MAX:
        raise Invalid(_("摘牌理由不能超过 %(n)s 个字。") % {"n": REASON_MAX}, code="reason_too_long")
    with transaction.atomic():
        locked = Card.objects.select_for_update().get(pk=card.pk)
        if locked.withdrawn:
            at = timezone.localtime(locked.withdrawn_at).strftime("%Y-%m-%d %H:%M")
            raise Conflict(_("这张监察卡已于 %(at)s 摘牌。") % {"at": at}, code="already_withdrawn")
        locked.withdrawn_at, locked.withdrawn_by, locked.withdraw_reason = timezone.now(), actor, reason
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
        tally.recount([locked.raised_on], [locked.department_id])
        audit.record(
            actor=actor,
            action="supervision.card.withdraw",
            object_type="supervision.card",
            object_id=locked.pk,
            before={"withdrawn": False},
            after={"withdrawn": True, "reason": reason, "number": locked.number},
        )
    return locked
