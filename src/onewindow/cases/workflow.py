"""The case lifecycle as data (DESIGN rule 2): which action leads from which status to which, who may
take it, and the guards that depend on the case's contents. The services, the API and the case page
all read these tables; nothing else decides whether an action is possible.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from onewindow.org.roles import Role

from .choices import Action, Status, TaskStatus

A, S = Action, Status

# {status: {action: next status}}. Actions that keep the status (supply_deferred, fees, visits) map to
# the same status.
ALLOWED: dict[str, dict[str, str]] = {
    S.PREREVIEW: {
        A.ACCEPT: S.ACCEPTED,
        A.REQUEST_SUPPLEMENT: S.AWAITING_SUPPLEMENT,
        A.RETURN: S.RETURNED,
        A.WITHDRAW: S.WITHDRAWN,
    },
    S.AWAITING_SUPPLEMENT: {
        A.SUPPLEMENT: S.ACCEPTED,
        A.RETURN: S.RETURNED,
        A.WITHDRAW: S.WITHDRAWN,
        A.RECORD_VISIT: S.AWAITING_SUPPLEMENT,
    },
    S.ACCEPTED: {
        A.START_REVIEW: S.IN_REVIEW,
        A.APPROVE: S.APPROVED,
        A.DENY: S.DENIED,
        A.REPORT_UP: S.REPORTED_UP,
        A.WITHDRAW: S.WITHDRAWN,
        A.SUPPLY_DEFERRED: S.ACCEPTED,
        A.TASK_APPROVE: S.ACCEPTED,
        A.TASK_DENY: S.ACCEPTED,
        A.PAY_FEE: S.ACCEPTED,
        A.WAIVE_FEE: S.ACCEPTED,
        A.RECORD_VISIT: S.ACCEPTED,
    },
    S.IN_REVIEW: {
        A.PAUSE: S.PAUSED,
        A.EXTEND: S.EXTENDED,
        A.APPROVE: S.APPROVED,
        A.DENY: S.DENIED,
        A.REPORT_UP: S.REPORTED_UP,
        A.WITHDRAW: S.WITHDRAWN,
        A.SUPPLY_DEFERRED: S.IN_REVIEW,
        A.TASK_APPROVE: S.IN_REVIEW,
        A.TASK_DENY: S.IN_REVIEW,
        A.PAY_FEE: S.IN_REVIEW,
        A.WAIVE_FEE: S.IN_REVIEW,
        A.RECORD_VISIT: S.IN_REVIEW,
    },
    S.EXTENDED: {
        A.PAUSE: S.PAUSED,
        A.APPROVE: S.APPROVED,
        A.DENY: S.DENIED,
        A.REPORT_UP: S.REPORTED_UP,
        A.WITHDRAW: S.WITHDRAWN,
        A.SUPPLY_DEFERRED: S.EXTENDED,
        A.TASK_APPROVE: S.EXTENDED,
        A.TASK_DENY: S.EXTENDED,
        A.PAY_FEE: S.EXTENDED,
        A.WAIVE_FEE: S.EXTENDED,
        A.RECORD_VISIT: S.EXTENDED,
    },
    S.PAUSED: {
        A.RESUME: S.IN_REVIEW,
        A.WITHDRAW: S.WITHDRAWN,
        A.SUPPLY_DEFERRED: S.PAUSED,
        A.PAY_FEE: S.PAUSED,
        A.WAIVE_FEE: S.PAUSED,
        A.RECORD_VISIT: S.PAUSED,
    },
    S.REPORTED_UP: {
        A.APPROVE: S.APPROVED,
        A.DENY: S.DENIED,
        A.WITHDRAW: S.WITHDRAWN,
        A.PAY_FEE: S.REPORTED_UP,
        A.WAIVE_FEE: S.REPORTED_UP,
    },
    S.APPROVED: {
        A.DELIVER: S.DELIVERED,
        A.SUPPLY_DEFERRED: S.APPROVED,
        A.PAY_FEE: S.APPROVED,
        A.WAIVE_FEE: S.APPROVED,
        A.RECORD_VISIT: S.APPROVED,
    },
    S.DENIED: {A.DELIVER: S.DELIVERED, A.PAY_FEE: S.DENIED, A.WAIVE_FEE: S.DENIED, A.RECORD_VISIT: S.DENIED},
    S.DELIVERED: {A.CLOSE: S.CLOSED, A.PAY_FEE: S.DELIVERED, A.WAIVE_FEE: S.DELIVERED},
    S.RETURNED: {},
    S.WITHDRAWN: {},
    S.CLOSED: {},
}

TASK_ALLOWED: dict[str, dict[str, str]] = {
    TaskStatus.OPEN: {A.TASK_APPROVE: TaskStatus.APPROVED, A.TASK_DENY: TaskStatus.DENIED},
    TaskStatus.APPROVED: {},
    TaskStatus.DENIED: {},
}

# Where the actor must stand to take an action on a case:
# WINDOW: staff of the body that took the case in (window clerks, chief representatives), or its agent;
# DEPARTMENT: reviewers and chief representatives of the case's (lead) department;
# TASK: reviewers and chief representatives of the task's department;
# APPLICANT: the applicant's own account.
WINDOW, DEPARTMENT, TASK, APPLICANT = "window", "department", "task", "applicant"

R = Role
DEPT_ROLES = frozenset({R.REVIEWER, R.CHIEF_REP})
WINDOW_ROLES = frozenset({R.WINDOW_CLERK, R.CHIEF_REP})


@dataclass(frozen=True)
class Permission:
    where: str
    roles: frozenset[str] = frozenset()


# Who may take each action. An action may be open to several kinds of actor.
ACTION_PERMISSIONS: dict[str, tuple[Permission, ...]] = {
    A.ACCEPT: (Permission(WINDOW, WINDOW_ROLES), Permission(DEPARTMENT, DEPT_ROLES)),
    A.REQUEST_SUPPLEMENT: (Permission(WINDOW, WINDOW_ROLES), Permission(DEPARTMENT, DEPT_ROLES)),
    A.RETURN: (Permission(WINDOW, WINDOW_ROLES), Permission(DEPARTMENT, DEPT_ROLES)),
    A.SUPPLEMENT: (Permission(WINDOW, WINDOW_ROLES | {R.AGENT}), Permission(APPLICANT)),
    A.SUPPLY_DEFERRED: (
        Permission(WINDOW, WINDOW_ROLES | {R.AGENT}),
        Permission(DEPARTMENT, DEPT_ROLES),
        Permission(APPLICANT),
    ),
    A.START_REVIEW: (Permission(DEPARTMENT, DEPT_ROLES),),
    A.PAUSE: (Permission(DEPARTMENT, DEPT_ROLES),),
    A.RESUME: (Permission(DEPARTMENT, DEPT_ROLES),),
    A.EXTEND: (Permission(DEPARTMENT, frozenset({R.CHIEF_REP})),),  # an extension needs the approver
    A.REPORT_UP: (Permission(DEPARTMENT, DEPT_ROLES),),
    A.APPROVE: (Permission(DEPARTMENT, DEPT_ROLES),),
    A.DENY: (Permission(DEPARTMENT, DEPT_ROLES),),
    A.WITHDRAW: (Permission(WINDOW, WINDOW_ROLES | {R.AGENT}), Permission(APPLICANT)),
    A.DELIVER: (Permission(WINDOW, WINDOW_ROLES | {R.AGENT}), Permission(DEPARTMENT, DEPT_ROLES)),
    A.CLOSE: (Permission(WINDOW, WINDOW_ROLES), Permission(DEPARTMENT, DEPT_ROLES)),
    A.TASK_APPROVE: (Permission(TASK, DEPT_ROLES),),
    A.TASK_DENY: (Permission(TASK, DEPT_ROLES),),
    A.PAY_FEE: (Permission(WINDOW, WINDOW_ROLES),),
    A.WAIVE_FEE: (Permission(WINDOW, WINDOW_ROLES),),
    A.RECORD_VISIT: (Permission(WINDOW, WINDOW_ROLES | {R.AGENT}),),
}

# The clock event each action implies (core.clock.EventKind values).
CLOCK_OF = {
    A.PAUSE: "pause",
    A.RESUME: "resume",
    A.EXTEND: "extend",
    A.APPROVE: "finish",
    A.DENY: "finish",
    A.WITHDRAW: "finish",
}

# Actions that need a written reason (and for return and denial, the legal basis).
NEEDS_REASON = frozenset({A.RETURN, A.DENY, A.EXTEND, A.WAIVE_FEE, A.TASK_DENY, A.PAUSE})
NEEDS_BASIS = frozenset({A.RETURN, A.DENY})

# Actions shown on the public tracking page (a status change the applicant should see).
PUBLIC_ACTIONS = frozenset(
    {
        A.SUBMIT,
        A.ACCEPT,
        A.REQUEST_SUPPLEMENT,
        A.SUPPLEMENT,
        A.START_REVIEW,
        A.PAUSE,
        A.RESUME,
        A.EXTEND,
        A.REPORT_UP,
        A.APPROVE,
        A.DENY,
        A.RETURN,
        A.WITHDRAW,
        A.DELIVER,
        A.CLOSE,
    }
)


def next_status(status: str, action: str) -> str | None:
    return ALLOWED.get(status, {}).get(action)


def may_act(actor, case, action: str, task=None) -> bool:
    """Whether this actor stands where the action needs (role and place); the table is checked apart."""
    for permission in ACTION_PERMISSIONS.get(action, ()):
        if _stands(actor, case, permission, task):
            return True
    return False


def _stands(actor, case, permission: Permission, task) -> bool:
    if permission.where == APPLICANT:
        return actor.is_authenticated and case.citizen_id is not None and case.citizen_id == actor.user.pk
    if not actor.is_authenticated:
        return False
    if actor.is_admin:
        return False  # administrators keep the system; they do not handle cases
    staff = actor.staff
    if staff is None or not (actor.roles & permission.roles):
        return False
    if permission.where == WINDOW:
        if Role.AGENT in actor.roles and case.agent_id == actor.user.pk:
            return True
        return bool(actor.roles & WINDOW_ROLES) and staff.body_id == case.body_id
    if permission.where == DEPARTMENT:
        return staff.department_id is not None and staff.department_id == case.department_id
    if permission.where == TASK:
        return task is not None and staff.department_id == task.department_id
    return False


def guard(case, action: str, *, tasks=None, today=None) -> str | None:
    """Why an action the table allows cannot be taken on this case now, or None if it can."""
    tasks = list(case.tasks.all()) if tasks is None else tasks
    if action == A.APPROVE:
        if tasks and any(t.status != TaskStatus.APPROVED for t in tasks):
            return _("联办件须各部门均同意后，由牵头部门作出决定。")
    if action == A.DENY and tasks and not any(t.status == TaskStatus.DENIED for t in tasks):
        if any(t.status == TaskStatus.OPEN for t in tasks):
            return _("联办件须等各部门出具意见后再作决定。")
    if action == A.EXTEND and not case.item_version.extension_allowed:
        return _("该事项不允许延期。")
    if action == A.EXTEND and case.extended_days >= (case.item_version.extension_max_days or 0):
        return _("延期天数已用尽。")
    if action == A.REPORT_UP and not case.item_version.report_up_authority:
        return _("该事项不需上报上级机关。")
    if action == A.DELIVER and case.status == S.APPROVED and case.deferred:
        return _("容缺受理的办件须补齐容缺材料后才能发放结果。")
    if action == A.CLOSE and not case.fees_settled:
        return _("费用未缴清或减免，不能办结。")
    if action in (A.PAY_FEE, A.WAIVE_FEE) and case.fees_settled:
        return _("没有待缴的费用。")
    if action == A.SUPPLY_DEFERRED and not case.deferred:
        return _("本件没有待补交的容缺材料。")
    return None


def available_actions(actor, case, *, tasks=None) -> list[str]:
    """The case-level actions this actor may take on this case now, in the table's order."""
    tasks = list(case.tasks.all()) if tasks is None else tasks
    return [
        action
        for action in ALLOWED.get(case.status, {})
        if action not in (A.TASK_APPROVE, A.TASK_DENY)
        and may_act(actor, case, action)
        and guard(case, action, tasks=tasks) is None
    ]


def available_task_actions(actor, case, task) -> list[str]:
    if task.status not in TASK_ALLOWED or case.status not in (S.ACCEPTED, S.IN_REVIEW, S.EXTENDED):
        return []
    return [a for a in TASK_ALLOWED[task.status] if may_act(actor, case, a, task)]
