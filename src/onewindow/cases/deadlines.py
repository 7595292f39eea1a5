"""Cases and joint-case tasks as time-limited kinds, and whom their warnings reach.

When a case turns yellow or red, its timeline records it and the reviewers and chief representatives
of every department with open work on it are told once (`notices.announcements`; a digest above a few
cases per person). A task's warning is told through its case: a late task turns the case (`turned_by`),
so tasks register before cases and announce nothing themselves.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from onewindow.core.workdays import WorkCalendar
from onewindow.notices.announcements import Announcement, Digest, announce
from onewindow.notices.services import message_applicant
from onewindow.org.models import Staff
from onewindow.org.roles import Role
from onewindow.timelimits.choices import Warning
from onewindow.timelimits.registry import TimeLimitKind, register

from . import clocks, queries
from .choices import TaskStatus
from .models import OPEN_CASE, OPEN_TASK, Case, CaseTask


def announce_case_warnings(cases: list[Case], day: date) -> None:
    """Record each raised warning on its case's timeline and tell the departments' handlers."""
    departments = defaultdict(set)
    for case in cases:
        departments[case.pk].add(case.department_id)
    for case_id, department_id in CaseTask.objects.filter(
        case_id__in=list(departments), status=TaskStatus.OPEN
    ).values_list("case_id", "department_id"):
        departments[case_id].add(department_id)
    people = handlers_by_department({d for ds in departments.values() for d in ds})
    announce(
        [
            Announcement(
                level=case.warning,
                text=lambda case=case: _notice_text(case),
                link=f"/cases/{case.number}/",
                recipients={user for d in departments[case.pk] for user in people.get(d, ())},
            )
            for case in cases
        ],
        Digest(text=_digest_text, link=_digest_link),
    )
    now = timezone.now()
    with override("zh-hans"):
        label = str(_("后台任务"))
    for level in (Warning.YELLOW, Warning.RED):
        queries.record_warn_events([c.pk for c in cases if c.warning == level], level, now, day, label)


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


def handlers_by_department(department_ids: set[int]) -> dict[int, set[int]]:
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


def _with_open_task_at(level: str) -> Exists:
    return Exists(CaseTask.objects.filter(OPEN_TASK, case_id=OuterRef("pk"), warning=level))


def recompute_after_import(calendar: WorkCalendar, on: date) -> int:
    """After a calendar import: replay every open case; an applicant whose deadline waited for the
    imported year, or moved with a changed holiday, is told the new day once (importing the same days
    again moves nothing, so tells nobody)."""
    return clocks.recompute_open(calendar, on, deadline_moved=_tell_deadline_moved)


def _tell_deadline_moved(case: Case, before: date | None) -> None:
    values = {
        "title": case.title,
        "number": case.number,
        "deadline": case.deadline.isoformat(),
        "before": before.isoformat() if before else "",
    }

    def text():
        if before is None:
            return _("您申请的%(title)s（编号 %(number)s）办结期限已确定为 %(deadline)s。") % values
        return (
            _(
                "因国家节假日安排调整，您申请的%(title)s（编号 %(number)s）"
                "办结期限由 %(before)s 调整为 %(deadline)s。"
            )
            % values
        )

    message_applicant(case, "deadline", text)


register(TimeLimitKind(name="case_tasks", model=CaseTask, open=OPEN_TASK))
register(
    TimeLimitKind(
        name="cases",
        model=Case,
        open=OPEN_CASE,
        recompute=recompute_after_import,
        announce=announce_case_warnings,
        announce_fields=("pk", "number", "title", "status", "warning", "department_id"),
        turned_by=_with_open_task_at,
    )
)
