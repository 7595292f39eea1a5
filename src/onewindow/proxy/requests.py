"""Proxy requests (代办申请): received by whoever the principal first reaches (a window clerk, a chief
representative or an agent: the first receiver), routed at once by the rules of DOMAIN.md
(`routing.route`, over the facts gathered here), the deciding rule stored with its answer; a supervisor
of the area may reassign with a reason, kept beside the rule's answer."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.applicants import Applicant
from onewindow.accounts.models import ApplicantKind
from onewindow.audit import services as audit
from onewindow.catalog.selectors import live_item_by_code
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.numbering.series import Series, allocate_number, register
from onewindow.org.models import SIGNIFICANT_DIGITS, Department, Division, Staff, Tier
from onewindow.org.permissions import actor_of, bodies_in_scope, require_role
from onewindow.org.roles import Role

from .choices import Priority
from .models import AgentTerritory, ProxyRequest
from .routing import Facts, Territory, route

REQUEST = register(Series("proxy_request", "DL", 4, 6, "%Y%m%d", gettext_lazy("代办申请编号")))
RECEIVERS = (Role.WINDOW_CLERK, Role.CHIEF_REP, Role.AGENT)
REASON_MAX = 300
DESCRIPTION_MAX = 500
ITEMS_MAX = 20


@dataclass
class NewRequest:
    principal: Applicant  # checked (`accounts.applicants.check_applicant`)
    item_codes: list[str] = field(default_factory=list)  # implementation codes of live items (may be none)
    lead_department_id: int | None = None  # among the items' departments, when they are several
    home_code: str = ""  # a division of the hall's area; else the area code in the ID number
    site_code: str = ""  # the project's or matter's site, when there is one
    priority: str = ""
    door_to_door: bool = False
    description: str = ""


def _refuse(field_name: str, message: str, code: str):
    raise Invalid(message, code=code, details={"fields": {field_name: message}})


def home_area(applicant: Applicant) -> str:
    """Where the principal is from, as their ID says: a resident ID's first six digits (the household's
    county), a credit code's third to eighth (the registering authority's area)."""
    number = applicant.id_number
    return number[2:8] if applicant.kind == ApplicantKind.ORGANISATION else number[:6]


def _division(code: str, field_name: str) -> str:
    code = (code or "").strip()
    if code and not Division.objects.filter(code=code).exists():
        _refuse(field_name, _("没有区划代码 %(code)s。") % {"code": code}, "unknown_division")
    return code


def territories() -> tuple[Territory, ...]:
    """Each active agent's territory: the divisions given them, else (town and village agents) their own
    body's division. A county agent covers no territory unless given one: the county is everyone's."""
    given: dict[int, list[str]] = {}
    for user_id, code, level in AgentTerritory.objects.filter(
        agent__user__is_active=True, agent__role_assignments__role=Role.AGENT
    ).values_list("agent__user_id", "division__code", "division__level"):
        given.setdefault(user_id, []).append(code[: SIGNIFICANT_DIGITS[level]])
    agents = Staff.objects.filter(
        role_assignments__role=Role.AGENT, user__is_active=True, body__tier__in=(Tier.TOWN, Tier.VILLAGE)
    ).values_list("user_id", "body__division__code", "body__division__level")
    for user_id, code, level in agents:
        given.setdefault(user_id, [code[: SIGNIFICANT_DIGITS[level]]])
    return tuple(Territory(agent, prefix) for agent, prefixes in sorted(given.items()) for prefix in prefixes)


def proxying_departments() -> frozenset[int]:
    """Departments with agents of their own (an agent's staff record names the department)."""
    return frozenset(
        Staff.objects.filter(
            role_assignments__role=Role.AGENT, user__is_active=True, department__isnull=False
        )
        .values_list("department_id", flat=True)
        .distinct()
    )


def facts_of(request: ProxyRequest, departments: list[int]) -> Facts:
    return Facts(
        departments=tuple(departments),
        lead_department=request.lead_department_id,
        proxying_departments=proxying_departments(),
        territories=territories(),
        site_division=request.site_code,
        home_division=request.home_code,
        hall_prefix=request.body.division.code[:6],
        first_receiver=request.received_by_id,
    )


def receive(*, actor, new: NewRequest, today: date) -> ProxyRequest:
    """Receive a request and route it; the first receiver is the actor."""
    who = actor_of(actor)
    if who.staff is None or not who.has_role(*RECEIVERS):
        raise Forbidden(_("只有综合窗口人员、首席代表和代办员可以接收代办申请。"))
    codes = list(dict.fromkeys(c.strip() for c in new.item_codes if c and c.strip()))
    if len(codes) > ITEMS_MAX:
        _refuse("item_codes", _("一次最多申请 %(n)s 个事项。") % {"n": ITEMS_MAX}, "too_many_items")
    versions = []
    for code in codes:
        version = live_item_by_code(code)
        if version is None:
            _refuse("item_codes", _("没有现行事项 %(code)s。") % {"code": code}, "unknown_item")
        versions.append(version)
    departments = [v.department_id for v in versions]
    if new.lead_department_id is not None and new.lead_department_id not in departments:
        _refuse("lead_department", _("牵头部门须是所申请事项的部门之一。"), "lead_not_involved")
    if new.priority and new.priority not in Priority.values:
        _refuse("priority", _("优先服务类别无效。"), "bad_priority")
    description = (new.description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        _refuse("description", _("诉求不能超过 %(n)s 个字。") % {"n": DESCRIPTION_MAX}, "too_long")
    principal = new.principal
    request = ProxyRequest(
        body=who.staff.body,
        received_by=actor,
        priority=new.priority,
        door_to_door=new.door_to_door,
        lead_department_id=new.lead_department_id,
        home_code=_division(new.home_code, "home_code") or home_area(principal),
        site_code=_division(new.site_code, "site_code"),
        description=description,
    )
    request.set_principal(principal)
    decided = route(facts_of(request, departments))
    request.route_rule = decided.rule.value
    request.route_department_id, request.route_agent_id = decided.department, decided.agent
    with transaction.atomic():
        request.number = allocate_number(REQUEST, who.staff.body.division.code[:6], today)
        request.save()
        request.items.set([v.item_id for v in versions])
        audit.record(
            actor=actor,
            action="proxy.request.receive",
            obj=request,
            after={
                "number": request.number,
                "items": sorted(codes),
                "rule": request.route_rule,
                "department": request.route_department_id,
                "agent": request.route_agent_id,
            },
        )
    return request


def reassign(
    *, actor, request: ProxyRequest, department: Department | None, agent, reason: str
) -> ProxyRequest:
    """A supervisor of the request's area gives it to another department or agent, with a reason."""
    who = actor_of(actor)
    require_role(who, Role.SUPERVISOR)
    if not bodies_in_scope(who).filter(pk=request.body_id).exists():
        raise Forbidden()
    reason = (reason or "").strip()
    if not reason:
        _refuse("reason", _("请填写改派理由。"), "reason_required")
    if len(reason) > REASON_MAX:
        _refuse("reason", _("改派理由不能超过 %(n)s 个字。") % {"n": REASON_MAX}, "reason_too_long")
    if (department is None) == (agent is None):
        _refuse("to", _("请选择改派的部门或代办员（二选一）。"), "reassign_to_one")
    if agent is not None and not Staff.objects.filter(user=agent, role_assignments__role=Role.AGENT).exists():
        _refuse("agent", _("改派对象须是代办员。"), "not_an_agent")
    scope = bodies_in_scope(who)
    if department is not None and not scope.filter(pk=department.body_id).exists():
        _refuse("department", _("改派部门须在本地区。"), "department_out_of_area")
    if agent is not None and not scope.filter(staff__user=agent).exists():
        _refuse("agent", _("改派的代办员须在本地区。"), "agent_out_of_area")
    with transaction.atomic():
        locked = ProxyRequest.objects.select_for_update().get(pk=request.pk)
        if locked.reassigned_at is not None and (locked.reassigned_department, locked.reassigned_agent) == (
            department,
            agent,
        ):
            raise Conflict(_("已改派给同一对象。"), code="already_reassigned")
        before = {"department": locked.proxy_department and locked.proxy_department.pk}
        before["agent"] = locked.proxy_agent and locked.proxy_agent.pk
        locked.reassigned_department, locked.reassigned_agent = department, agent
        locked.reassigned_by, locked.reassigned_at, locked.reassign_reason = actor, timezone.now(), reason
        locked.save(
            update_fields=[
                "reassigned_department",
                "reassigned_agent",
                "reassigned_by",
                "reassigned_at",
                "reassign_reason",
            ]
        )
        audit.record(
            actor=actor,
            action="proxy.request.reassign",
            obj=locked,
            before=before,
            after={
                "department": department and department.pk,
                "agent": agent and agent.pk,
                "reason": reason,
            },
        )
    return locked
