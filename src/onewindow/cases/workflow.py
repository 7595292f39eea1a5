"""The case lifecycle as data (DESIGN rule 2), one spec per action (`onewindow.workflow`): the statuses it
leads from and to, who may take it and where they must stand, its guard, its clock event, whether it
needs a reason and a legal basis, whether the public sees it and the form fields it asks for. The
services, the API, the case page and the portal all read `CASE` and `JOINT_TASK`; nothing else decides
whether an action is possible, so what the API offers is what the page shows.
"""

from django.utils.translation import gettext as _

from onewindow.errors import Conflict
from onewindow.org.roles import Role
from onewindow.workflow import ActionSpec, Standing, Workflow, side_action

from . import relations
from .choices import Action, FeeState, Status, TaskStatus
from .relations import (
    AGENT,
    APPLICANT,
    DEPARTMENT,
    DEPARTMENT_ROLES,
    TASK,
    WINDOW,
    WINDOW_ROLES,
)

A, S = Action, Status

# Where the actor must stand to take an action, as (relation, roles) pairs of `relations`: at the window
# of the body that took the case in (window clerks, chief representatives), or as the agent who carries
# it (an agent; for AT_WINDOW, an agent who also holds a window role); in the case's (lead) department
# (reviewers, chief representatives); in the department of the task acted on; as the applicant.
R = Role
AT_WINDOW = (Standing(WINDOW, WINDOW_ROLES), Standing(AGENT, WINDOW_ROLES))
AT_WINDOW_OR_AGENT = (Standing(WINDOW, WINDOW_ROLES), Standing(AGENT, WINDOW_ROLES | {R.AGENT}))
IN_DEPARTMENT = Standing(DEPARTMENT, DEPARTMENT_ROLES)
IN_TASK = Standing(TASK, DEPARTMENT_ROLES)
AS_APPLICANT = Standing(APPLICANT)

# The statuses a case's clock runs or stands in, and those a department decides in.
CLOCKED = frozenset({S.ACCEPTED, S.IN_REVIEW, S.EXTENDED, S.PAUSED, S.REPORTED_UP})
REVIEWING = (S.ACCEPTED, S.IN_REVIEW, S.EXTENDED)


def _tasks(case, context: dict) -> list:
    """The case's tasks, read once per context (the guards of several actions ask)."""
    if context.get("tasks") is None:
        context["tasks"] = list(case.tasks.all())
    return context["tasks"]


def _unpaid(case, context: dict) -> list:
    if context.get("fees") is None:
        context["fees"] = list(case.fees.all())
    return [f for f in context["fees"] if f.state == FeeState.UNPAID]


def _joint_all_agreed(case, context):
    if any(t.status != TaskStatus.APPROVED for t in _tasks(case, context)):
        return _("联办件须各部门均同意后，由牵头部门作出决定。")
    return None


def _joint_opinions_in(case, context):
    tasks = _tasks(case, context)
    if tasks and not any(t.status == TaskStatus.DENIED for t in tasks):
        if any(t.status == TaskStatus.OPEN for t in tasks):
            return _("联办件须等各部门出具意见后再作决定。")
    return None


def _extension_left(case, context):
    if not case.item_version.extension_allowed:
        return _("该事项不允许延期。")
    if case.extended_days >= (case.item_version.extension_max_days or 0):
        return _("延期天数已用尽。")
    return None


def _reported_up_item(case, context):
    return None if case.item_version.report_up_authority else _("该事项不需上报上级机关。")


def _result_may_go(case, context):
    if case.status == S.APPROVED and case.deferred:
        return _("容缺受理的办件须补齐容缺材料后才能发放结果。")
    return None


def _fees_settled(case, context):
    return None if case.fees_settled else _("费用未缴清或减免，不能办结。")


def _fee_to_pay(case, context):
    if case.fees_settled or not _unpaid(case, context):
        return _("没有待缴的费用。")
    return None


def _fee_to_waive(case, context):
    if blocked := _fee_to_pay(case, context):
        return blocked
    if not any(f.waivable for f in _unpaid(case, context)):
        return _("没有可减免的费用。")
    return None


def _deferred_open(case, context):
    return None if case.deferred else _("本件没有待补交的容缺材料。")


def _stands(actor, case, standing: Standing, context: dict) -> bool:
    """Read from the actor's place (`relations.place_of`), worked out once per context. An action on a
    task stands at that task alone, not at any task of the case."""
    place = context.get("place")
    if place is None or place.actor is not actor:
        task = context.get("task")
        place = context["place"] = relations.place_of(actor, case, [task] if task is not None else [])
    return place.stands(standing)


def _not_allowed(case, action) -> Conflict:
    return Conflict(
        _("办件当前状态为“%(status)s”，不能进行此操作。") % {"status": Status(case.status).label},
        code="action_not_allowed",
        details={"status": case.status, "action": action},
    )


WINDOW_OR_DEPARTMENT = (*AT_WINDOW, IN_DEPARTMENT)
_FEE_STATUSES = (*REVIEWING, S.PAUSED, S.REPORTED_UP, S.APPROVED, S.DENIED, S.DELIVERED)

# In the order the actions are offered on a case.
CASE = Workflow(
    (
        ActionSpec(
            A.ACCEPT, {S.PREREVIEW: S.ACCEPTED}, WINDOW_OR_DEPARTMENT, public=True, fields=("fee_answers",)
        ),
        ActionSpec(
            A.REQUEST_SUPPLEMENT,
            {S.PREREVIEW: S.AWAITING_SUPPLEMENT},
            WINDOW_OR_DEPARTMENT,
            public=True,
            fields=("missing_ids",),
        ),
        ActionSpec(
            A.SUPPLEMENT,
            {S.AWAITING_SUPPLEMENT: S.ACCEPTED},
            (*AT_WINDOW_OR_AGENT, AS_APPLICANT),
            public=True,
            fields=("materials", "fee_answers"),
        ),
        ActionSpec(A.START_REVIEW, {S.ACCEPTED: S.IN_REVIEW}, (IN_DEPARTMENT,), public=True),
        ActionSpec(
            A.PAUSE,
            {S.IN_REVIEW: S.PAUSED, S.EXTENDED: S.PAUSED},
            (IN_DEPARTMENT,),
            clock="pause",
            needs_reason=True,
            public=True,
            fields=("pause_kind", "reason"),
            undoable=True,
        ),
        ActionSpec(
            A.RESUME, {S.PAUSED: S.IN_REVIEW}, (IN_DEPARTMENT,), clock="resume", public=True, undoable=True
        ),
        ActionSpec(
            A.EXTEND,
            {S.IN_REVIEW: S.EXTENDED},
            (Standing(DEPARTMENT, frozenset({R.CHIEF_REP})),),  # an extension needs the approver
            guard=_extension_left,
            clock="extend",
            needs_reason=True,
            public=True,
            fields=("days", "reason"),
        ),
        ActionSpec(
            A.APPROVE,
            {**dict.fromkeys(REVIEWING, S.APPROVED), S.REPORTED_UP: S.APPROVED},
            (IN_DEPARTMENT,),
            guard=_joint_all_agreed,
            clock="finish",
            public=True,
            fields=("certificate", "note", "late_explanation"),
        ),
        ActionSpec(
            A.DENY,
            {**dict.fromkeys(REVIEWING, S.DENIED), S.REPORTED_UP: S.DENIED},
            (IN_DEPARTMENT,),
            guard=_joint_opinions_in,
            clock="finish",
            needs_reason=True,
            needs_basis=True,
            public=True,
            fields=("reason", "basis", "late_explanation"),
            danger=True,
        ),
        ActionSpec(
            A.REPORT_UP,
            dict.fromkeys(REVIEWING, S.REPORTED_UP),
            (IN_DEPARTMENT,),
            guard=_reported_up_item,
            public=True,
            fields=("authority", "note"),
        ),
        ActionSpec(
            A.RETURN,
            {S.PREREVIEW: S.RETURNED, S.AWAITING_SUPPLEMENT: S.RETURNED},
            WINDOW_OR_DEPARTMENT,
            needs_reason=True,
            needs_basis=True,
            public=True,
            fields=("reason", "basis"),
            danger=True,
        ),
        ActionSpec(
            A.WITHDRAW,
            dict.fromkeys((S.PREREVIEW, S.AWAITING_SUPPLEMENT, *CLOCKED), S.WITHDRAWN),
            (*AT_WINDOW_OR_AGENT, AS_APPLICANT),
            clock="finish",
            clock_from=CLOCKED,  # nothing was running before acceptance
            public=True,
            fields=("note",),
            danger=True,
        ),
        ActionSpec(
            A.DELIVER,
            {S.APPROVED: S.DELIVERED, S.DENIED: S.DELIVERED},
            (*AT_WINDOW_OR_AGENT, IN_DEPARTMENT),
            guard=_result_may_go,
            public=True,
            fields=("delivery", "postal_number"),
        ),
        ActionSpec(A.CLOSE, {S.DELIVERED: S.CLOSED}, WINDOW_OR_DEPARTMENT, guard=_fees_settled, public=True),
        side_action(
            A.SUPPLY_DEFERRED,
            (*REVIEWING, S.PAUSED, S.APPROVED),
            who=(*AT_WINDOW_OR_AGENT, IN_DEPARTMENT, AS_APPLICANT),
            guard=_deferred_open,
            fields=("materials",),
        ),
        side_action(A.TASK_APPROVE, REVIEWING, who=(IN_TASK,), fields=("note",), on_part=True),
        side_action(
            A.TASK_DENY,
            REVIEWING,
            who=(IN_TASK,),
            needs_reason=True,
            fields=("reason",),
            danger=True,
            on_part=True,
        ),
        side_action(
            A.PAY_FEE,
            _FEE_STATUSES,
            who=AT_WINDOW,
            guard=_fee_to_pay,
            fields=("fee_ids", "payment_method", "receipt_number"),
        ),
        side_action(
            A.WAIVE_FEE,
            _FEE_STATUSES,
            who=AT_WINDOW,
            guard=_fee_to_waive,
            needs_reason=True,
            needs_basis=True,
            fields=("waive_ids", "reduce_to", "reason", "basis"),
        ),
        side_action(
            A.RECORD_VISIT,
            (S.AWAITING_SUPPLEMENT, *REVIEWING, S.PAUSED, S.APPROVED, S.DENIED),
            who=AT_WINDOW_OR_AGENT,
            fields=("note",),
        ),
    ),
    stands=_stands,
    not_allowed=_not_allowed,
)


def _task_decided(task, action) -> Conflict:
    return Conflict(_("该部门已出具意见。"), code="action_not_allowed")


# A joint case's task: a department's opinion, once, while the case is in review.
JOINT_TASK = Workflow(
    (
        ActionSpec(A.TASK_APPROVE, {TaskStatus.OPEN: TaskStatus.APPROVED}, (IN_TASK,), on_part=True),
        ActionSpec(A.TASK_DENY, {TaskStatus.OPEN: TaskStatus.DENIED}, (IN_TASK,), on_part=True),
    ),
    stands=lambda actor, task, standing, context: _stands(actor, context["case"], standing, context),
    not_allowed=_task_decided,
)

# Derived views of the specs, for the readers that want a table.
ALLOWED = CASE.table()
CLOCK_OF = {spec.code: spec.clock for spec in CASE.specs if spec.clock}
PUBLIC_ACTIONS = frozenset({A.SUBMIT, A.EXPEDITE} | {spec.code for spec in CASE.specs if spec.public})
PART_ACTIONS = frozenset(spec.code for spec in CASE.specs if spec.on_part)


def next_status(status: str, action: str) -> str | None:
    return CASE.next_status(status, action)


def context_of(case, *, tasks=None, fees=None, task=None) -> dict:
    """What the guards and `stands` read beside the case (fetched on demand when not at hand)."""
    return {"tasks": tasks, "fees": fees, "task": task, "case": case}


def may_act(actor, case, action: str, task=None) -> bool:
    """Whether this actor stands where the action needs (role and place); the status is checked apart."""
    return CASE.may_act(actor, case, action, context_of(case, task=task))


def available_actions(actor, case, *, tasks=None, fees=None) -> list[str]:
    """The case-level actions this actor may take on this case now, in the order they are offered."""
    return CASE.allowed_actions(actor, case, context_of(case, tasks=tasks, fees=fees))


def available_task_actions(actor, case, task) -> list[str]:
    """What this actor may do on one task of a joint case now (the case must be in review)."""
    if case.status not in REVIEWING:
        return []
    return JOINT_TASK.allowed_actions(actor, task, context_of(case, task=task), on_part=True)
