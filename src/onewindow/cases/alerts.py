"""Deadline warnings, announced once: when a case turns yellow or red, its timeline records it and the
reviewers and chief representatives of every department with work on it get an in-app notice.

`Case.warned` is the highest level already announced. Cases are claimed with `FOR UPDATE SKIP LOCKED`
(re-checked under the lock) and `warned` is raised in the same transaction as the event and the
notices, so however many workers run, each warning is announced exactly once. (On SQLite the
IMMEDIATE transaction serialises the workers instead.) The daily sweep raises a warning and announces
it in one write of the row (`raise_warnings`); a warning raised by a clock event is announced by
`announce_warnings`. A new deadline (resume, extension) lowers `warned` in `clocks.refresh`, so its
warnings are announced again.
"""

import json
from collections import defaultdict
from datetime import date

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from onewindow.notices.models import Notice
from onewindow.org.models import Staff
from onewindow.org.roles import Role

from .choices import Action, TaskStatus, Warning
from .models import OPEN_CASE, UNANNOUNCED_CASE, Case, CaseEvent, CaseTask

# A person told of more cases than this in one batch gets one notice pointing to the inbox instead.
DIGEST_ABOVE = 5


def raise_warnings(candidates: QuerySet[Case], level: str, *, on: date, batch: int = 1000, **also) -> int:
    """Raise the open cases among `candidates` to `level` (and set `also`) and announce it, one
    transaction a batch; returns how many were raised. The candidates must exclude cases already at
    `level`, so that a raised case no longer matches."""
    return sum(len(cases) for cases in _in_batches(candidates, batch, level, on=on, **also))


def announce_warnings(*, on: date | None = None, batch: int = 1000) -> int:
    """Announce the warnings that clock events raised and nobody has been told of yet."""
    return sum(len(cases) for cases in _in_batches(Case.objects.filter(UNANNOUNCED_CASE), batch, None, on=on))


def _in_batches(candidates: QuerySet[Case], batch: int, level: str | None, **options):
    """The candidates are found in one query, then claimed a batch of ids at a time with their condition
    re-checked: one pass over the table, however many batches (asking again for the first N that still
    match would rescan the rows done so far each time)."""
    found = list(candidates.filter(OPEN_CASE).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(found), batch):
        cases = _claim(candidates.filter(pk__in=found[start : start + batch]), level, **options)
        if cases:
            yield cases


def _claim(candidates: QuerySet[Case], level: str | None, *, on: date | None = None, **also) -> list[Case]:
    with transaction.atomic():
        claimed = candidates.filter(OPEN_CASE).order_by()
        if connection.features.has_select_for_update_skip_locked:
            claimed = claimed.select_for_update(skip_locked=True, of=("self",))
        cases = list(claimed.only("pk", "number", "title", "status", "warning", "department_id"))
        if level is not None:
            Case.objects.filter(pk__in=[c.pk for c in cases]).update(warning=level, warned=level, **also)
            for case in cases:
                case.warning = level
        else:
            for told in (Warning.YELLOW, Warning.RED):
                Case.objects.filter(pk__in=[c.pk for c in cases if c.warning == told]).update(warned=told)
        if cases:
            _announce(cases, on or timezone.localdate())
    return cases


def _announce(cases: list[Case], day: date) -> None:
    now = timezone.now()
    departments = defaultdict(set)
    for case in cases:
        departments[case.pk].add(case.department_id)
    for case_id, department_id in CaseTask.objects.filter(
        case_id__in=list(departments), status=TaskStatus.OPEN
    ).values_list("case_id", "department_id"):
        departments[case_id].add(department_id)
    people = _handlers_by_department({d for ds in departments.values() for d in ds})
    told = defaultdict(list)  # (user, level) -> cases
    with override("zh-hans"):  # stored texts, like every notice, in the hall's language
        label = str(_("后台任务"))
        for case in cases:
            for user in {user for d in departments[case.pk] for user in people.get(d, ())}:
                told[user, case.warning].append(case)
        notices = []
        for (user, level), theirs in sorted(told.items()):
            if len(theirs) > DIGEST_ABOVE:
                notices.append(
                    Notice(
                        recipient_id=user,
                        text=_digest_text(level, len(theirs)),
                        link=_digest_link(level),
                        created_at=now,
                    )
                )
            else:
                notices += [
                    Notice(
                        recipient_id=user,
                        text=_notice_text(case)[:300],
                        link=f"/cases/{case.number}/",
                        created_at=now,
                    )
                    for case in theirs
                ]
    for level in (Warning.YELLOW, Warning.RED):
        _record_warn_events([c.pk for c in cases if c.warning == level], level, now, day, label)
    Notice.objects.bulk_create(notices, batch_size=1000)


def _record_warn_events(case_ids: list[int], level: str, now, day: date, label: str) -> None:
    """One `warn` event on each case's timeline, written by the database from the case rows in one
    statement (building a thousand model instances per batch cost more than the writes)."""
    if not case_ids:
        return
    ops, events = connection.ops, CaseEvent._meta.db_table
    details = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    ids = ", ".join(["%s"] * len(case_ids))
    sql = (
        f"INSERT INTO {events} (case_id, at, day, action, from_status, to_status, actor_label, "  # noqa: S608
        f"clock, pause_kind, days, note, details) SELECT id, %s, %s, %s, status, status, %s, '', '', 0, '', "
        f"{details} FROM {Case._meta.db_table} WHERE id IN ({ids})"
    )
    params = [ops.adapt_datetimefield_value(now), ops.adapt_datefield_value(day), Action.WARN, label]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, json.dumps({"warning": level}), *case_ids])


def _digest_text(level: str, count: int) -> str:
    if level == Warning.RED:
        return _("%(count)s 件办件已超时（红牌），请在超期办件中查看。") % {"count": count}
    return _("%(count)s 件办件即将到期（黄牌），请在待办中查看。") % {"count": count}


def _digest_link(level: str) -> str:
    return "/cases/overdue/" if level == Warning.RED else "/cases/inbox/"


def _notice_text(case: Case) -> str:
    if case.warning == Warning.RED:
        return _("办件已超时（红牌）：%(number)s %(title)s") % {"number": case.number, "title": case.title}
    return _("办件即将到期（黄牌）：%(number)s %(title)s") % {"number": case.number, "title": case.title}


def _handlers_by_department(department_ids: set[int]) -> dict[int, set[int]]:
    """The user ids of each department's reviewers and chief representatives."""
    people = defaultdict(set)
    for department_id, user_id in (
        Staff.objects.filter(
            department_id__in=department_ids,
            role_assignments__role__in=[Role.REVIEWER, Role.CHIEF_REP],
            user__is_active=True,
        )
        .values_list("department_id", "user_id")
        .distinct()
    ):
        people[department_id].add(user_id)
    return people
