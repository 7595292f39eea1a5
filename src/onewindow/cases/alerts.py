"""Deadline warnings, announced once: when a case turns yellow or red, its timeline records it and the
reviewers and chief representatives of every department with work on it get an in-app notice.

`Case.warned` is the highest level already announced. The sweep claims the cases whose warning is
above it with `FOR UPDATE SKIP LOCKED` and raises `warned` in the same transaction as the event and
the notices, so however many workers run it, each warning is announced exactly once. (On SQLite the
IMMEDIATE transaction serialises the workers instead.) A new deadline (resume, extension) lowers
`warned` in `clocks.refresh`, so its warnings are announced again.
"""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from onewindow.notices.models import Notice
from onewindow.org.models import Staff
from onewindow.org.roles import Role

from . import clocks
from .choices import OPEN_STATUSES, Action, TaskStatus, Warning
from .models import Case, CaseEvent, CaseTask

UNANNOUNCED = (Q(warning=Warning.RED) & ~Q(warned=Warning.RED)) | Q(
    warning=Warning.YELLOW, warned=Warning.NORMAL
)


def announce_warnings(*, batch: int = 1000) -> int:
    """Announce every open case's new warning; returns how many cases were announced."""
    announced = 0
    while True:
        with transaction.atomic():
            claimed = Case.objects.filter(UNANNOUNCED, status__in=OPEN_STATUSES).order_by()
            if connection.features.has_select_for_update_skip_locked:
                claimed = claimed.select_for_update(skip_locked=True, of=("self",))
            cases = list(claimed.only("pk", "number", "title", "status", "warning", "department_id")[:batch])
            if not cases:
                return announced
            _announce(cases)
            for level in (Warning.YELLOW, Warning.RED):
                Case.objects.filter(pk__in=[c.pk for c in cases if c.warning == level]).update(warned=level)
        announced += len(cases)


def _announce(cases: list[Case]) -> None:
    now, day = timezone.now(), clocks.today()
    departments = defaultdict(set)
    for case in cases:
        departments[case.pk].add(case.department_id)
    for case_id, department_id in CaseTask.objects.filter(
        case_id__in=list(departments), status=TaskStatus.OPEN
    ).values_list("case_id", "department_id"):
        departments[case_id].add(department_id)
    people = _handlers_by_department({d for ds in departments.values() for d in ds})
    label = _("后台任务")
    events, notices = [], []
    with override("zh-hans"):  # stored texts, like every notice, in the hall's language
        for case in cases:
            events.append(
                CaseEvent(
                    case_id=case.pk,
                    at=now,
                    day=day,
                    action=Action.WARN,
                    from_status=case.status,
                    to_status=case.status,
                    actor_label=str(label),
                    details={"warning": case.warning},
                )
            )
            text = _notice_text(case)
            recipients = {user for d in departments[case.pk] for user in people.get(d, ())}
            notices += [
                Notice(recipient_id=user, text=text[:300], link=f"/cases/{case.number}/", created_at=now)
                for user in sorted(recipients)
            ]
    CaseEvent.objects.bulk_create(events, batch_size=1000)
    Notice.objects.bulk_create(notices, batch_size=1000)


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
