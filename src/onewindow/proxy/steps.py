"""The steps of a proxy case (DOMAIN.md), declared once on the shared workflow engine: who carries it
(the agent or department it was routed to, or reassigned to) signs the entrustment with the principal,
submits the cases filed on it, delivers the result once every case is decided, archives and reports it;
the office (the area's supervisors, or the receiving body's clerks and chief representatives: not who
carried it) makes the follow-up call (回访) and records what the principal says; the principal may rate
the service themself once the result is delivered (代办不包办). A principal not satisfied, at the call or
on their own, is chased as a supervision matter (source: a bad rating), once per request. Each step is
an event on the request's timeline, and audited."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.cases.choices import BEFORE_ACCEPTANCE, OPEN_STATUSES
from onewindow.cases.models import Case
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.org.permissions import Actor, actor_of
from onewindow.org.roles import Role
from onewindow.supervision import origins
from onewindow.supervision.choices import Source
from onewindow.supervision.matter_services import NewMatter, register_matter
from onewindow.supervision.origins import Origin
from onewindow.workflow import ActionSpec, Standing, Workflow, side_action

from .choices import ProxyAction, ProxyStatus, Satisfaction
from .models import EntrustedCase, Entrustment, ProxyEvent, ProxyRequest
from .selectors import is_principal

S, A = ProxyStatus, ProxyAction
CARRIER, OFFICE, PRINCIPAL = "carrier", "office", "principal"
NOTE_MAX = 300


def stands(actor: Actor, request: ProxyRequest, standing: Standing, context: Mapping) -> bool:
    if standing.where == PRINCIPAL:
        return is_principal(actor, request)
    if actor.staff is None:
        return False
    if standing.where == CARRIER:
        department = request.proxy_department
        if department is not None:
            return actor.staff.department_id == department.pk
        return request.proxy_agent is not None and actor.user.pk == request.proxy_agent.pk
    if standing.where == OFFICE:
        carrier = request.proxy_agent
        if carrier is not None and carrier.pk == actor.user.pk:
            return False  # the call is independent of whoever carried it
        if actor.has_role(Role.SUPERVISOR):
            return request.body_id in actor.body_ids_in_scope
        return actor.has_role(Role.WINDOW_CLERK, Role.CHIEF_REP) and actor.staff.body_id == request.body_id
    return False


def _cases_decided(request: ProxyRequest, context: Mapping) -> str | None:
    cases = list(request.cases.all())
    if not cases:
        return _("还没有递交办件。")
    waiting = [c.number for c in cases if c.status in OPEN_STATUSES or c.status in BEFORE_ACCEPTANCE]
    if waiting:
        return _("办件 %(numbers)s 尚未作出决定，不能送达结果。") % {"numbers": "、".join(waiting)}
    return None


AT_CARRIER = (Standing(CARRIER),)
STEPS = Workflow(
    (
        ActionSpec(A.ENTRUST, {S.RECEIVED: S.ENTRUSTED}, who=AT_CARRIER, fields=("entrustment",)),
        ActionSpec(
            A.SUBMIT, {S.ENTRUSTED: S.SUBMITTED, S.SUBMITTED: S.SUBMITTED}, who=AT_CARRIER, fields=("case",)
        ),
        ActionSpec(
            A.DELIVER, {S.SUBMITTED: S.DELIVERED}, who=AT_CARRIER, guard=_cases_decided, fields=("note",)
        ),
        ActionSpec(A.ARCHIVE, {S.DELIVERED: S.ARCHIVED}, who=AT_CARRIER),
        ActionSpec(A.REPORT, {S.ARCHIVED: S.REPORTED}, who=AT_CARRIER),
        ActionSpec(
            A.FOLLOW_UP,
            {S.REPORTED: S.FOLLOWED_UP},
            who=(Standing(OFFICE),),
            fields=("satisfaction", "note"),
        ),
        side_action(
            A.RATE,
            (S.DELIVERED, S.ARCHIVED, S.REPORTED, S.FOLLOWED_UP),
            who=(Standing(PRINCIPAL),),
            fields=("satisfaction",),
        ),
    ),
    stands=stands,
    not_allowed=lambda request, action: Conflict(
        _("代办申请现在“%(status)s”，不能%(action)s。")
        % {"status": ProxyStatus(request.status).label, "action": ProxyAction(action).label},
        code="not_allowed",
    ),
)


@dataclass
class StepInput:
    entrustment_number: str = ""  # entrust: the entrustment signed with the principal
    case_number: str = ""  # submit: a case filed on it
    satisfaction: str = ""  # follow_up: the principal's rating
    note: str = ""


def allowed(user, request: ProxyRequest) -> list[str]:
    return STEPS.allowed_actions(actor_of(user), request, {})


def _refuse(field_name: str, message: str, code: str):
    raise Invalid(message, code=code, details={"fields": {field_name: message}})


def carriers_entrustments(request: ProxyRequest):
    """The entrustments the request may rest on: the principal's, signed with whoever carries it (the
    agent, or an agent of the department)."""
    rows = Entrustment.objects.filter(principal_id_digest=request.principal_id_digest)
    department = request.proxy_department
    if department is not None:
        return rows.filter(agent__staff__department=department)
    agent = request.proxy_agent
    return rows.filter(agent=agent) if agent is not None else rows.none()


def _entrustment(request: ProxyRequest, number: str, on: date) -> Entrustment:
    found = carriers_entrustments(request).filter(number=(number or "").strip()).first()
    if found is None:
        _refuse("entrustment_number", _("没有这位委托人的这份委托书。"), "unknown_entrustment")
    if found.revoked or not found.valid_from <= on <= found.valid_until:
        _refuse(
            "entrustment_number",
            _("委托书 %(number)s 今天无效。") % {"number": found.number},
            "entrustment_invalid",
        )
    return found


def _case(request: ProxyRequest, number: str) -> Case:
    link = EntrustedCase.objects.select_related("case").filter(case__number=(number or "").strip()).first()
    if link is None or link.entrustment_id != request.entrustment_id:
        _refuse("case_number", _("这件办件不是依据本申请的委托书代为申请的。"), "case_not_entrusted")
    return link.case


def _chased(request: ProxyRequest):
    """A principal not satisfied with the proxy service: a supervision matter (source: a bad rating) for
    the office to chase, once per request however often it is said (the request's number is the
    matter's external id)."""
    first_case = request.cases.order_by("pk").first()
    new = NewMatter(
        source=Source.RATING,
        title=_("代办服务不满意：%(number)s") % {"number": request.number},
        content=_("委托人 %(name)s 对代办申请 %(number)s 的代办服务表示不满意。")
        % {"name": request.principal_name, "number": request.number},
        requester_name=request.principal_name[:50],  # the matter's column
        requester_phone=request.principal_phone,
        case=first_case,
        external_id=f"proxy:{request.number}",
    )
    return register_matter(actor=None, body=request.body, new=new)


def act(*, actor, request: ProxyRequest, action: str, data: StepInput, on: date) -> ProxyRequest:
    note = (data.note or "").strip()
    if len(note) > NOTE_MAX:
        _refuse("note", _("说明不能超过 %(n)s 个字。") % {"n": NOTE_MAX}, "too_long")
    with transaction.atomic():
        locked = ProxyRequest.objects.select_for_update().get(pk=request.pk)
        who = actor_of(actor)
        if not STEPS.may_act(who, locked, action, {}):  # whoever may not act learns nothing of its status
            raise Forbidden()
        STEPS.check(who, locked, action, {})
        text = note
        if action == A.ENTRUST:
            locked.entrustment = _entrustment(locked, data.entrustment_number, on)
            text = locked.entrustment.number
        elif action == A.SUBMIT:
            case = _case(locked, data.case_number)
            locked.cases.add(case)
            text = case.number
        elif action in (A.FOLLOW_UP, A.RATE):
            if data.satisfaction not in Satisfaction.values:
                _refuse("satisfaction", _("请选择委托人的评价。"), "satisfaction_required")
            if action == A.RATE:
                locked.principal_rating = data.satisfaction
            else:
                locked.satisfaction = data.satisfaction
        if action in (A.FOLLOW_UP, A.RATE) and data.satisfaction == Satisfaction.DISSATISFIED:
            text = " ".join(
                filter(None, [text, _("已转督办：%(number)s") % {"number": _chased(locked).number}])
            )
        before = locked.status
        locked.status = STEPS.next_status(before, action)
        locked.save(update_fields=["status", "entrustment", "satisfaction", "principal_rating"])
        ProxyEvent.objects.create(
            request=locked,
            action=action,
            from_status=before,
            to_status=locked.status,
            actor=actor,
            day=on,
            text=text,
        )
        audit.record(
            actor=actor,
            action=f"proxy.request.{action}",
            obj=locked,
            before={"status": before},
            after={
                "status": locked.status,
                "text": text,
                "satisfaction": locked.satisfaction,
                "principal_rating": locked.principal_rating,
            },
        )
    return locked


def _origin(number: str) -> Origin | None:
    """The matter of a dissatisfied principal links back to the proxy request."""
    if not ProxyRequest.objects.filter(number=number).exists():
        return None
    return Origin(_("代办申请 %(number)s") % {"number": number}, f"/proxy/requests/{number}/")


origins.register("proxy", _origin)
