"""The procedure of a supervision matter (Lantian), declared once: who stands where, who sees a matter,
and each action's spec (`onewindow.workflow`), read by the service, the page and the API alike.

Two places to stand: the **office** (supervisors of the area the matter's centre is in, and
administrators) registers, assigns, urges, grants extensions, records the reply and the follow-up
call, accepts or sends back, closes and reopens; the **unit** (staff of the lead unit, and its office
contact) acknowledges, feeds back and asks for an extension. Co-units and leaders read.
"""

from collections.abc import Mapping

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.errors import Conflict
from onewindow.org.models import Department
from onewindow.org.permissions import Actor, bodies_in_scope
from onewindow.org.roles import Role
from onewindow.workflow import ActionSpec, Standing, Workflow, side_action

from .choices import AWAITING_FEEDBACK, FollowUp, MatterStatus
from .models import Matter

OFFICE = "office"
UNIT = "unit"
OFFICE_ROLES = frozenset({Role.SUPERVISOR})
AT_OFFICE = (Standing(OFFICE, OFFICE_ROLES),)
AT_UNIT = (Standing(UNIT),)

S = MatterStatus


def in_office(actor: Actor, matter: Matter) -> bool:
    """A supervisor of the area holding the matter's centre (administrators everywhere)."""
    if actor.is_admin:
        return True
    return actor.has_role(*OFFICE_ROLES) and bodies_in_scope(actor).filter(pk=matter.body_id).exists()


def in_unit(actor: Actor, matter: Matter) -> bool:
    """Staff of the lead unit, or the unit's office contact."""
    if matter.lead_unit_id is None:
        return False
    if actor.staff is not None and actor.staff.department_id == matter.lead_unit_id:
        return True
    contact = getattr(getattr(matter.lead_unit, "member_unit", None), "contact_id", None)
    return contact is not None and contact == getattr(actor.user, "pk", None)


def stands(actor: Actor, matter: Matter, standing: Standing, context: Mapping) -> bool:
    if standing.where == OFFICE:
        return in_office(actor, matter) and (actor.is_admin or actor.has_role(*standing.roles))
    if standing.where == UNIT:
        return in_unit(actor, matter)
    return False


def visible_matters(actor: Actor) -> QuerySet[Matter]:
    """Supervisors and leaders see the matters of their area; a unit's staff (and its office contact)
    see the matters it leads or helps with; administrators all; anyone else none."""
    if actor.is_admin:
        return Matter.objects.all()
    seen = Q(pk__in=[])
    if actor.has_role(Role.SUPERVISOR, Role.LEADER):
        seen |= Q(body__in=bodies_in_scope(actor))
    departments = set()
    if actor.staff is not None and actor.staff.department_id is not None:
        departments.add(actor.staff.department_id)
    if getattr(actor.user, "pk", None) is not None:
        departments |= set(
            Department.objects.filter(member_unit__contact=actor.user).values_list("pk", flat=True)
        )
    if not departments:  # the office and leaders by area: a plain filter the inbox's index can walk
        return Matter.objects.filter(seen)
    seen |= Q(lead_unit__in=departments) | Q(co_units__in=departments)
    return Matter.objects.filter(pk__in=Matter.objects.filter(seen).values("pk"))  # once, not per co-unit


# Guards: why an action the status allows cannot be taken now.


def _reply_and_follow_up_recorded(matter: Matter, context: Mapping) -> str | None:
    if matter.has_requester and not (matter.replied_at and matter.followed_up_at):
        return _("有诉求人的事项须先记录答复和回访结果才能办结。")
    return None


def _no_extension_pending(matter: Matter, context: Mapping) -> str | None:
    if matter.extension_asked_days:
        return _("已有一份延期申请待审批。")
    today = context.get("today")
    if today is not None and matter.deadline is not None and today > matter.deadline:
        return _("已超过办结期限，不能再申请延期。")
    return None


def _extension_pending(matter: Matter, context: Mapping) -> str | None:
    return None if matter.extension_asked_days else _("没有待审批的延期申请。")


def _has_requester(matter: Matter, context: Mapping) -> str | None:
    return None if matter.has_requester else _("这件事项没有诉求人。")


def _may_reopen(matter: Matter, context: Mapping) -> str | None:
    if matter.reopened_at is not None:
        return _("这件事项已重新办理过一次。")
    if matter.follow_up != FollowUp.UNSATISFIED:
        return _("只有回访不满意的事项才能重新办理。")
    return None


def _not_allowed(matter: Matter, action: str) -> Conflict:
    return Conflict(
        _("这件事项现在“%(status)s”，不能这样操作。") % {"status": matter.get_status_display()},
        code="action_not_allowed",
        details={"action": action, "status": matter.status},
    )


MATTER = Workflow(
    (
        ActionSpec("assign", {S.REGISTERED: S.ASSIGNED}, who=AT_OFFICE, clock="start", fields=("lead_unit",)),
        ActionSpec("acknowledge", {S.ASSIGNED: S.HANDLING}, who=AT_UNIT),
        ActionSpec(
            "feed_back", {S.ASSIGNED: S.FED_BACK, S.HANDLING: S.FED_BACK}, who=AT_UNIT, fields=("text",)
        ),
        side_action(
            "ask_extension", AWAITING_FEEDBACK, who=AT_UNIT, guard=_no_extension_pending, needs_reason=True
        ),
        side_action(
            "grant_extension", AWAITING_FEEDBACK, who=AT_OFFICE, guard=_extension_pending, clock="extend"
        ),
        side_action(
            "refuse_extension", AWAITING_FEEDBACK, who=AT_OFFICE, guard=_extension_pending, needs_reason=True
        ),
        side_action("urge", AWAITING_FEEDBACK, who=AT_OFFICE),
        side_action("reply", (S.FED_BACK,), who=AT_OFFICE, guard=_has_requester, fields=("text",)),
        side_action("follow_up", (S.FED_BACK,), who=AT_OFFICE, guard=_has_requester, fields=("result",)),
        ActionSpec("send_back", {S.FED_BACK: S.HANDLING}, who=AT_OFFICE, needs_reason=True, danger=True),
        ActionSpec(
            "close",
            {S.FED_BACK: S.CLOSED},
            who=AT_OFFICE,
            guard=_reply_and_follow_up_recorded,
            clock="finish",
        ),
        ActionSpec(
            "reopen",
            {S.CLOSED: S.HANDLING},
            who=AT_OFFICE,
            guard=_may_reopen,
            clock="start",
            needs_reason=True,
        ),
    ),
    stands=stands,
    not_allowed=_not_allowed,
)

ACTION_LABELS = {
    "register": gettext_lazy("立项"),
    "assign": gettext_lazy("交办"),
    "acknowledge": gettext_lazy("签收"),
    "feed_back": gettext_lazy("反馈"),
    "ask_extension": gettext_lazy("申请延期"),
    "grant_extension": gettext_lazy("批准延期"),
    "refuse_extension": gettext_lazy("不批准延期"),
    "urge": gettext_lazy("催办"),
    "reply": gettext_lazy("答复诉求人"),
    "follow_up": gettext_lazy("回访"),
    "send_back": gettext_lazy("退回重办"),
    "close": gettext_lazy("审结"),
    "reopen": gettext_lazy("重新办理"),
    "overdue": gettext_lazy("超过办结期限"),
    "attach": gettext_lazy("上传附件"),
}
