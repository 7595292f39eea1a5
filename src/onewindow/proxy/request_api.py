"""Proxy requests over HTTP: received and routed in one call (the answer says who proxies and by which
rule), listed and read within one's scope (the principal's ID number and phone masked), and reassigned by
a supervisor with a reason."""

from datetime import date, datetime
from typing import Literal

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from onewindow.accounts.models import ApplicantKind
from onewindow.api_errors import may_answer
from onewindow.api_types import Id
from onewindow.core.masking import mask_id_number, mask_phone
from onewindow.errors import Invalid, NotFound
from onewindow.org.models import Department
from onewindow.org.permissions import actor_of
from onewindow.timelimits import reading

from . import appointments, custody, figures, requests, selectors, steps
from .choices import Priority, ProxyAction, ProxyStatus, RoutingRule, Satisfaction, Slot
from .forms import checked_principal
from .models import Vehicle

router = Router(tags=["proxy"])
PAGE_MAX = 200


class RouteOut(Schema):
    rule: RoutingRule = Field(description="决定由谁代办的规则")
    rule_name: str
    department: str | None = Field(description="按规则代办的部门")
    agent: str | None = Field(description="按规则代办的代办员")
    to_the_end: bool = Field(description="首接负责制：首接人员负责到底，不再移交")


class ProxyStepOut(Schema):
    action: ProxyAction
    status: ProxyStatus = Field(description="这一步之后的环节")
    actor: str
    day: date
    text: str


class ProxyRequestOut(Schema):
    number: str = Field(description="代办申请编号")
    body: str = Field(description="首接机构")
    received_by: str = Field(description="首接人员")
    received_at: datetime
    principal_kind: ApplicantKind
    principal_name: str
    principal_id_number: str = Field(description="证件号码（除首接人员和委托人本人外脱敏）")
    principal_phone: str = Field(description="联系电话（除首接人员和委托人本人外脱敏）")
    priority: Priority | Literal[""]
    door_to_door: bool
    items: list[str] = Field(description="申请事项的实施编码")
    home_code: str = Field(description="住所地区划代码")
    site_code: str = Field(description="项目所在地区划代码；空为无")
    description: str
    route: RouteOut = Field(description="规则分派的结果")
    reassigned_to: str | None = Field(description="督办人员改派给的部门或代办员；未改派为 null")
    reassign_reason: str
    status: ProxyStatus = Field(description="代办环节")
    actions: list[ProxyAction] = Field(description="您现在可做的下一步")
    entrustment: str | None = Field(description="委托书编号")
    cases: list[str] = Field(description="代为递交的办件编号")
    satisfaction: Satisfaction | Literal[""] = Field(description="回访评价；未回访为空")
    timeline: list[ProxyStepOut]


class ProxyRequestPage(Schema):
    items: list[ProxyRequestOut]
    next_offset: int | None


class ProxyRequestIn(Schema):
    principal_kind: ApplicantKind
    principal_name: str = Field(min_length=1, max_length=100)
    principal_id_number: str = Field(min_length=1, max_length=30, description="身份证号码或统一社会信用代码")
    principal_phone: str = Field(min_length=1, max_length=20)
    legal_representative: str = Field("", max_length=50)
    item_codes: list[str] = Field([], max_length=requests.ITEMS_MAX, description="申请事项的实施编码")
    lead_department_id: Id | None = Field(None, description="多部门事项的牵头部门")
    home_code: str = Field(
        "", max_length=12, description="住所地区划代码（本地区的乡镇或村）；空时取证件号码中的地区码"
    )
    site_code: str = Field("", max_length=12, description="项目所在地区划代码")
    priority: Priority | Literal[""] = ""
    door_to_door: bool = False
    description: str = Field("", max_length=requests.DESCRIPTION_MAX)


class ReassignIn(Schema):
    department_id: Id | None = Field(None, description="改派给的部门（与代办员二选一）")
    agent: str | None = Field(None, max_length=150, description="改派给的代办员用户名（与部门二选一）")
    reason: str = Field(min_length=1, max_length=requests.REASON_MAX, description="改派理由")


def _name(user) -> str | None:
    if user is None:
        return None
    return getattr(getattr(user, "staff", None), "full_name", "") or user.username


def _timeline(request):
    """Its events in order with their actors: prefetched for a page (`selectors.with_details`), else read
    now."""
    if "events" in getattr(request, "_prefetched_objects_cache", {}):
        return request.events.all()
    return request.events.select_related("actor__staff").order_by("pk")


def request_out(actor, request, codes: dict[int, str] | None = None) -> dict:
    """A request's full answer; a page passes the items' codes (`selectors.latest_codes`), read once."""
    whole = selectors.reads_request_whole(actor, request)
    items = list(request.items.all())
    codes = codes if codes is not None else selectors.latest_codes([i.pk for i in items])
    reassigned = request.reassigned_department or request.reassigned_agent
    return {
        "number": request.number,
        "body": request.body.name,
        "received_by": _name(request.received_by),
        "received_at": request.received_at,
        "principal_kind": request.principal_kind,
        "principal_name": request.principal_name,
        "principal_id_number": request.principal_id_number
        if whole
        else mask_id_number(request.principal_id_number),
        "principal_phone": request.principal_phone if whole else mask_phone(request.principal_phone),
        "priority": request.priority,
        "door_to_door": request.door_to_door,
        "items": sorted(codes[i.pk] for i in items if i.pk in codes),
        "home_code": request.home_code,
        "site_code": request.site_code,
        "description": request.description,
        "route": {
            "rule": request.route_rule,
            "rule_name": str(RoutingRule(request.route_rule).label),
            "department": request.route_department.name if request.route_department else None,
            "agent": _name(request.route_agent),
            "to_the_end": request.route_rule == RoutingRule.FIRST_RECEIVER_TO_THE_END,
        },
        "reassigned_to": (
            None
            if not request.reassigned_at
            else (reassigned.name if isinstance(reassigned, Department) else _name(reassigned))
        ),
        "reassign_reason": request.reassign_reason,
        "status": request.status,
        "actions": steps.allowed(actor.user, request),
        "entrustment": request.entrustment.number if request.entrustment_id else None,
        "cases": sorted(c.number for c in request.cases.all()),
        "satisfaction": request.satisfaction,
        "timeline": [
            {"action": e.action, "status": e.to_status, "actor": _name(e.actor), "day": e.day, "text": e.text}
            for e in _timeline(request)
        ],
    }


def _found(request, number: str):
    actor = actor_of(request.user)
    found = selectors.with_details(selectors.visible_requests(actor)).filter(number=number).first()
    if found is None:
        raise NotFound()
    return actor, found


@router.get("/requests", response=ProxyRequestPage, summary="代办申请列表（在本人权限范围内，最新的在前）")
def listed(request, offset: int = Query(0, ge=0, le=1_000_000), limit: int = Query(50, ge=1, le=PAGE_MAX)):
    actor = actor_of(request.user)
    page = list(selectors.with_details(selectors.visible_requests(actor))[offset : offset + limit + 1])
    codes = selectors.latest_codes({item.pk for r in page for item in r.items.all()})
    return {
        "items": [request_out(actor, r, codes) for r in page[:limit]],
        "next_offset": offset + limit if len(page) > limit else None,
    }


@router.post(
    "/requests",
    response={201: ProxyRequestOut},
    summary="接收代办申请并按规则分派（首接人员）",
    openapi_extra=may_answer(422),
)
def receive(request, payload: ProxyRequestIn):
    principal = checked_principal(payload.model_dump())
    made = requests.receive(
        actor=request.user,
        new=requests.NewRequest(
            principal=principal,
            item_codes=payload.item_codes,
            lead_department_id=payload.lead_department_id,
            home_code=payload.home_code,
            site_code=payload.site_code,
            priority=payload.priority,
            door_to_door=payload.door_to_door,
            description=payload.description,
        ),
        today=reading.today(),
    )
    return Status(201, request_out(actor_of(request.user), made))


@router.get("/requests/{number}", response=ProxyRequestOut, summary="一件代办申请")
def one(request, number: str = Path(..., max_length=32)):
    actor, found = _found(request, number)
    return request_out(actor, found)


@router.post(
    "/requests/{number}/reassign",
    response=ProxyRequestOut,
    summary="改派代办申请（督办人员，须说明理由）",
    openapi_extra=may_answer(403, 409, 422),
)
def reassign(request, payload: ReassignIn, number: str = Path(..., max_length=32)):
    actor, found = _found(request, number)
    department = agent = None
    if payload.department_id is not None:
        department = Department.objects.filter(pk=payload.department_id).first()
        if department is None:
            message = _("没有这个部门。")
            raise Invalid(message, code="unknown_department", details={"fields": {"department_id": message}})
    if payload.agent:
        agent = get_user_model().objects.filter(username=payload.agent).first()
        if agent is None:
            message = _("没有这个代办员。")
            raise Invalid(message, code="unknown_agent", details={"fields": {"agent": message}})
    made = requests.reassign(
        actor=request.user, request=found, department=department, agent=agent, reason=payload.reason
    )
    return request_out(actor, made)


class HandoverOut(Schema):
    id: int
    materials: str = Field(description="交接材料")
    from_user: str = Field(description="交出人")
    to: str = Field(description="接收人或接收部门")
    to_body: str = Field(description="接收机构")
    handed_on: date = Field(description="交接日期")
    confirm_by: date | None = Field(description="签收期限（交接后一个工作日）")
    confirmed_at: datetime | None = Field(description="签收时间；未签收为 null")
    late: bool = Field(description="超过一个工作日未签收（或签收时已超期）")


class CustodyOut(Schema):
    holder: str = Field(description="材料现由谁保管")
    in_transit: bool = Field(description="正在交接、等待签收")
    handovers: list[HandoverOut]


class HandoverIn(Schema):
    materials: str = Field(min_length=1, max_length=custody.MATERIALS_MAX, description="交接的纸质材料及份数")
    to_user: str | None = Field(None, max_length=150, description="接收人的用户名（与接收部门二选一）")
    to_department_id: Id | None = Field(None, description="接收部门（与接收人二选一）")


def handover_out(handover) -> dict:
    return {
        "id": handover.pk,
        "materials": handover.materials,
        "from_user": _name(handover.from_user),
        "to": handover.to_department.name if handover.to_department_id else _name(handover.to_user),
        "to_body": handover.to_body.name,
        "handed_on": handover.handed_on,
        "confirm_by": handover.deadline,
        "confirmed_at": handover.confirmed_at,
        "late": custody.is_late(handover, reading.today()),
    }


def custody_out(found) -> dict:
    holder = custody.holder(found)
    rows = found.handovers.select_related("from_user__staff", "to_user__staff", "to_department", "to_body")
    return {
        "holder": holder.name,
        "in_transit": holder.in_transit is not None,
        "handovers": [handover_out(h) for h in rows.order_by("pk")],
    }


@router.get("/requests/{number}/handovers", response=CustodyOut, summary="材料保管与交接记录")
def handovers(request, number: str = Path(..., max_length=32)):
    _actor, found = _found(request, number)
    return custody_out(found)


@router.post(
    "/requests/{number}/handovers",
    response={201: CustodyOut},
    summary="交出材料（保管人交给接收人或接收部门）",
    openapi_extra=may_answer(403, 409, 422),
)
def hand_over(request, payload: HandoverIn, number: str = Path(..., max_length=32)):
    _actor, found = _found(request, number)
    to_user = to_department = None
    if payload.to_user:
        to_user = get_user_model().objects.filter(username=payload.to_user).first()
        if to_user is None:
            message = _("没有这个接收人。")
            raise Invalid(message, code="unknown_receiver", details={"fields": {"to_user": message}})
    if payload.to_department_id is not None:
        to_department = Department.objects.filter(pk=payload.to_department_id).first()
        if to_department is None:
            message = _("没有这个部门。")
            raise Invalid(
                message, code="unknown_department", details={"fields": {"to_department_id": message}}
            )
    custody.hand_over(
        actor=request.user,
        request=found,
        materials=payload.materials,
        to_user=to_user,
        to_department=to_department,
        today=reading.today(),
    )
    return Status(201, custody_out(found))


@router.post(
    "/requests/{number}/handovers/{handover_id}/confirm",
    response=CustodyOut,
    summary="签收材料（接收人或接收部门的人员）",
    openapi_extra=may_answer(403, 409),
)
def confirm(request, handover_id: Id, number: str = Path(..., max_length=32)):
    _actor, found = _found(request, number)
    handover = found.handovers.filter(pk=handover_id).first()
    if handover is None:
        raise NotFound()
    custody.confirm(actor=request.user, handover=handover, today=reading.today())
    return custody_out(found)


class ProxyStepIn(Schema):
    entrustment_number: str = Field("", max_length=32, description="签订委托：委托书编号")
    case_number: str = Field("", max_length=32, description="递交办件：依据委托书代为申请的办件编号")
    satisfaction: Satisfaction | Literal[""] = Field("", description="回访：委托人的评价")
    note: str = Field("", max_length=steps.NOTE_MAX, description="说明")


@router.post(
    "/requests/{number}/actions/{action}",
    response=ProxyRequestOut,
    summary="代办的下一步：签订委托、递交办件、送达结果、归档、报结、回访",
    openapi_extra=may_answer(403, 409, 422),
)
def step(request, payload: ProxyStepIn, action: ProxyAction, number: str = Path(..., max_length=32)):
    actor, found = _found(request, number)
    made = steps.act(
        actor=request.user,
        request=found,
        action=action,
        data=steps.StepInput(
            payload.entrustment_number, payload.case_number, payload.satisfaction, payload.note
        ),
        on=reading.today(),
    )
    return request_out(actor, made)


class LineOut(Schema):
    label: str
    cases: int = Field(description="代办件数")
    share: float = Field(description="占全部代办件的比例")
    decided: int = Field(description="已办结")
    on_time: int = Field(description="按时办结")


class FiguresOut(Schema):
    start: date
    end: date
    total: int = Field(description="代办件总数")
    town_level: int = Field(description="镇村两级代办件数")
    town_level_share: float = Field(description="镇村两级所占比例")
    tiers: list[LineOut]
    agents: list[LineOut]
    items: list[LineOut]
    towns: list[LineOut]
    ratings: list[tuple[str, int]] = Field(description="委托人评价：（评价，件数）")


@router.get(
    "/figures",
    response=FiguresOut,
    summary="代办统计（督办人员、领导，本地区）",
    openapi_extra=may_answer(422),
)
def proxy_figures(request, start: date, end: date):
    if end < start or (end - start).days > 366:
        message = _("统计期间须在一年以内，且截止日期不早于起始日期。")
        raise Invalid(message, code="bad_period", details={"fields": {"end": message}})
    found = figures.figures(actor_of(request.user), start, end)
    return found


class AppointmentOut(Schema):
    id: int
    day: date
    slot: Slot
    agent: str
    vehicle: str | None
    address: str


class AppointmentIn(Schema):
    day: date
    slot: Slot
    agent: str = Field(max_length=150, description="上门代办员的用户名")
    vehicle: str | None = Field(None, max_length=10, description="车牌号（有时）")
    address: str = Field(min_length=1, max_length=appointments.ADDRESS_MAX)


def appointment_out(made) -> dict:
    return {
        "id": made.pk,
        "day": made.day,
        "slot": made.slot,
        "agent": _name(made.agent),
        "vehicle": made.vehicle.plate if made.vehicle_id else None,
        "address": made.address,
    }


@router.get("/requests/{number}/appointments", response=list[AppointmentOut], summary="上门服务预约")
def appointments_of(request, number: str = Path(..., max_length=32)):
    _actor, found = _found(request, number)
    return [appointment_out(a) for a in found.appointments.select_related("agent__staff", "vehicle")]


@router.post(
    "/requests/{number}/appointments",
    response={201: AppointmentOut},
    summary="预约上门服务（日期、时段、代办员、车辆）",
    openapi_extra=may_answer(403, 409, 422),
)
def book(request, payload: AppointmentIn, number: str = Path(..., max_length=32)):
    _actor, found = _found(request, number)
    agent = get_user_model().objects.filter(username=payload.agent).first()
    if agent is None:
        message = _("没有这个代办员。")
        raise Invalid(message, code="unknown_agent", details={"fields": {"agent": message}})
    vehicle = None
    if payload.vehicle:
        vehicle = Vehicle.objects.filter(plate=payload.vehicle).first()
        if vehicle is None:
            message = _("没有这辆车。")
            raise Invalid(message, code="unknown_vehicle", details={"fields": {"vehicle": message}})
    made = appointments.book(
        actor=request.user,
        request=found,
        agent=agent,
        day=payload.day,
        slot=payload.slot,
        address=payload.address,
        vehicle=vehicle,
        today=reading.today(),
    )
    return Status(201, appointment_out(made))
