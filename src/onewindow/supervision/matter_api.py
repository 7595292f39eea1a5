"""Supervision matters over HTTP: the inbox, one matter with its timeline and the actions allowed now,
registering, taking a step, and a hotline system pushing its tickets (idempotent by the ticket's id)."""

from datetime import date, datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from onewindow.api_errors import may_answer
from onewindow.api_types import Id, Offset
from onewindow.core.masking import mask_phone
from onewindow.errors import Invalid, NotFound
from onewindow.org.models import Department, ServiceBody
from onewindow.org.permissions import actor_of, bodies_in_scope, require_role, require_staff
from onewindow.org.roles import Role

from . import matter_clock, origins, selectors
from .choices import FollowUp, MatterStatus, Source, Urgency, UrgingMethod
from .matter_flow import MATTER, visible_matters
from .matter_services import NewMatter, allowed, label, register_matter, take

router = Router(tags=["supervision"])
PAGE_MAX = 200
Action = Literal[tuple(MATTER.by_code)]  # type: ignore[valid-type]


class MatterEventOut(Schema):
    action: str
    label: str
    at: datetime
    day: date
    actor: str | None
    unit: str | None = Field(description="涉及的单位")
    text: str
    days: int


class MatterUrgingOut(Schema):
    step: int = Field(description="催办级次")
    method: UrgingMethod
    day: date
    by: str | None = Field(description="手动升级的督办人员；后台任务为 null")
    findings: str


class MatterOut(Schema):
    number: str = Field(description="督办事项编号")
    source: Source
    urgency: Urgency
    title: str
    status: MatterStatus
    requester_name: str
    requester_phone: str = Field(description="诉求人电话（督办机构和承办单位见全号，其他人隐去中间四位）")
    respondent_unit_id: int | None = Field(description="被投诉单位")
    respondent_person: str = Field(description="被投诉人")
    lead_unit_id: int | None = Field(description="承办单位")
    lead_unit_name: str | None
    lead_unit_credit_code: str = Field(description="承办单位统一社会信用代码")
    co_unit_ids: list[int] = Field(description="协办单位")
    registered_on: date
    assigned_on: date | None = Field(description="交办日期（计时起点）")
    feedback_due: date | None = Field(description="反馈期限")
    deadline: date | None = Field(description="承诺时限（办结期限）")
    limit_days: int = Field(description="承诺时限（工作日）")
    extension_days: int = Field(description="延期时限（工作日）")
    extension_reason: str = Field(description="延期理由")
    warning: str
    overdue_days: int = Field(description="超期天数（工作日）")
    rung: int = Field(description="已到催办阶梯的第几级")
    case_number: str | None
    card_number: str | None


class MatterDetail(MatterOut):
    content: str
    external_id: str = Field(
        description="来源系统中的编号（热线工单号、onsite:决定编号、proxy:代办申请编号）"
    )
    origin_label: str | None = Field(description="来源（如领导现场办公决定）")
    origin_url: str | None = Field(description="来源的页面")
    feedback: str = Field(description="反馈信息")
    fed_back_at: datetime | None = Field(description="反馈时间")
    extension_asked_days: int | None
    extension_asked_reason: str
    reply: str
    replied_at: datetime | None
    follow_up: FollowUp | Literal[""]
    follow_up_note: str
    closed_at: datetime | None
    reopened_at: datetime | None
    allowed_actions: list[str] = Field(description="当前用户此刻可做的操作")
    timeline: list[MatterEventOut]
    urgings: list[MatterUrgingOut]


class MatterPage(Schema):
    items: list[MatterOut]
    next_offset: int | None = Field(description="下一页的 offset；没有更多时为 null")


class MatterQuery(Schema):
    status: MatterStatus | Literal["open"] | None = Field(None, description="状态；open 为未办结")
    source: Source | None = None
    urgency: Urgency | None = None
    unit: Id | None = Field(None, description="承办单位")
    late: bool = Field(False, description="只列反馈已逾期的")
    q: str | None = Field(None, max_length=100, description="编号或标题中的词")


class MatterIn(Schema):
    source: Source
    title: str = Field(min_length=1, max_length=100)
    content: str = Field(min_length=1, max_length=4000)
    urgency: Urgency = Urgency.NORMAL
    requester_name: str = Field("", max_length=50)
    requester_phone: str = Field("", max_length=20)
    respondent_unit_id: Id | None = Field(None, description="被投诉单位（本地区的单位）")
    respondent_person: str = Field("", max_length=50, description="被投诉人")
    feedback_days: int | None = Field(None, ge=1, le=60, description="反馈时限（工作日），默认按紧急程度")
    completion_days: int | None = Field(None, ge=1, le=60, description="办结时限（工作日），默认按紧急程度")
    body_id: Id | None = Field(None, description="立项的政务服务中心；默认为本人所在中心")


class HotlineTicketIn(Schema):
    ticket_id: str = Field(min_length=1, max_length=64, description="热线工单编号；同一编号只立项一次")
    title: str = Field(min_length=1, max_length=100)
    content: str = Field(min_length=1, max_length=4000)
    urgency: Urgency = Urgency.NORMAL
    caller_name: str = Field("", max_length=50)
    caller_phone: str = Field("", max_length=20)
    body_id: Id | None = Field(None, description="立项的政务服务中心；默认为本人所在中心")


class MatterActionIn(Schema):
    lead_unit: Id | None = Field(None, description="交办：承办单位")
    text: str = Field("", max_length=4000, description="反馈、答复、交办要求或督办情况")
    reason: str = Field("", max_length=300, description="退回、延期、不批准或重新办理的理由")
    days: int | None = Field(None, ge=1, le=60, description="申请延期的工作日数")
    result: FollowUp | None = Field(None, description="回访结果")


def _name(user) -> str | None:
    if user is None:
        return None
    return getattr(getattr(user, "staff", None), "full_name", "") or user.username


def _out(matter, actor, reads_whole=None) -> dict:
    whole = (reads_whole or selectors.requester_reader(actor))(matter)
    unit = matter.lead_unit
    return {
        "number": matter.number,
        "source": matter.source,
        "urgency": matter.urgency,
        "title": matter.title,
        "status": matter.status,
        "requester_name": matter.requester_name,
        "requester_phone": matter.requester_phone if whole else mask_phone(matter.requester_phone),
        "respondent_unit_id": matter.respondent_unit_id,
        "respondent_person": matter.respondent_person,
        "lead_unit_id": matter.lead_unit_id,
        "lead_unit_name": unit.name if unit else None,
        "lead_unit_credit_code": getattr(getattr(unit, "member_unit", None), "credit_code", "")
        if unit
        else "",
        "co_unit_ids": [d.pk for d in matter.co_units.all()],
        "registered_on": matter.registered_on,
        "assigned_on": matter.assigned_on,
        "feedback_due": matter.feedback_due,
        "deadline": matter.deadline,
        "limit_days": matter.limit_days,
        "extension_days": matter.extension_days,
        "extension_reason": matter.extension_reason,
        "warning": matter.warning,
        "overdue_days": matter_clock.overdue_days(matter),
        "rung": matter.rung,
        "case_number": matter.case.number if matter.case_id else None,
        "card_number": matter.card.number if matter.card_id else None,
    }


def _detail(matter, actor) -> dict:
    events = matter.events.select_related("actor__staff", "department").order_by("pk")
    origin = origins.origin_of(matter)
    return {
        **_out(matter, actor),
        "content": matter.content,
        "external_id": matter.external_id,
        "origin_label": origin.label if origin else None,
        "origin_url": origin.url if origin else None,
        "feedback": matter.feedback,
        "fed_back_at": matter.fed_back_at,
        "extension_asked_days": matter.extension_asked_days,
        "extension_asked_reason": matter.extension_asked_reason,
        "reply": matter.reply,
        "replied_at": matter.replied_at,
        "follow_up": matter.follow_up,
        "follow_up_note": matter.follow_up_note,
        "closed_at": matter.closed_at,
        "reopened_at": matter.reopened_at,
        "allowed_actions": allowed(actor.user, matter),
        "timeline": [
            {
                "action": e.action,
                "label": label(e.action),
                "at": e.at,
                "day": e.day,
                "actor": _name(e.actor),
                "unit": e.department.name if e.department_id else None,
                "text": e.text,
                "days": e.days,
            }
            for e in events
        ],
        "urgings": [
            {"step": u.step, "method": u.method, "day": u.day, "by": _name(u.by), "findings": u.findings}
            for u in matter.urgings.select_related("by__staff").order_by("step")
        ],
    }


def _found(request, number: str):
    matter = selectors.matter_by_number(actor_of(request.user), number)
    if matter is None:
        raise NotFound()
    return matter


def _body_for(actor, body_id: int | None) -> ServiceBody:
    """The centre a matter is registered in: the one named (within the actor's area) or the actor's own."""
    if body_id is None:
        if actor.staff is None:
            raise Invalid(_("请指定立项的政务服务中心。"), code="body_required")
        return actor.staff.body
    bodies = ServiceBody.objects.all() if actor.is_admin else bodies_in_scope(actor)
    body = bodies.select_related("division").filter(pk=body_id).first()
    if body is None:
        raise Invalid(_("只能在本地区的政务服务中心立项。"), code="body_out_of_scope")
    return body


@router.get("/matters", response=MatterPage, summary="督办事项（按期限排序）")
def matters(
    request, query: Query[MatterQuery], offset: Offset = 0, limit: int = Query(50, ge=1, le=PAGE_MAX)
):
    actor = actor_of(request.user)
    require_staff(actor)
    rows = selectors.narrowed_matters(visible_matters(actor), query.dict(), matter_clock.today())
    rows = list(
        rows.select_related(*selectors.MATTER_RELATED, "lead_unit__member_unit", "case", "card")
        .prefetch_related("co_units")
        .order_by(*selectors.MATTER_ORDER)[offset : offset + limit + 1]
    )
    reads_whole = selectors.requester_reader(actor)
    return {
        "items": [_out(m, actor, reads_whole) for m in rows[:limit]],
        "next_offset": offset + limit if len(rows) > limit else None,
    }


@router.post(
    "/matters", response={201: MatterDetail}, summary="立项（督办人员）", openapi_extra=may_answer(422)
)
def register(request, payload: MatterIn):
    actor = actor_of(request.user)
    require_role(actor, Role.SUPERVISOR)
    data = payload.dict()
    body = _body_for(actor, data.pop("body_id"))
    data["respondent_unit"] = data.pop("respondent_unit_id")
    matter = register_matter(actor=request.user, body=body, new=NewMatter(**data))
    return Status(201, _detail(selectors.matter_by_number(actor, matter.number), actor))


@router.post(
    "/hotline/tickets",
    response={200: MatterDetail, 201: MatterDetail},
    summary="12345 热线工单推送（同一工单只立项一次）",
    openapi_extra=may_answer(422),
)
def hotline_ticket(request, payload: HotlineTicketIn):
    actor = actor_of(request.user)
    require_role(actor, Role.SUPERVISOR)
    body = _body_for(actor, payload.body_id)
    known = visible_matters(actor).filter(source=Source.HOTLINE, external_id=payload.ticket_id).first()
    new = NewMatter(
        source=Source.HOTLINE,
        title=payload.title,
        content=payload.content,
        urgency=payload.urgency,
        requester_name=payload.caller_name,
        requester_phone=payload.caller_phone,
        external_id=payload.ticket_id,
    )
    matter = known or register_matter(actor=request.user, body=body, new=new)
    found = selectors.matter_by_number(actor, matter.number)
    if found is None:  # registered by another centre this actor does not see
        raise Invalid(_("这张工单已由其他中心立项。"), code="ticket_elsewhere")
    return Status(200 if known else 201, _detail(found, actor))


@router.get("/matters/{number}", response=MatterDetail, summary="一件督办事项（含时间线和可做的操作）")
def matter(request, number: str = Path(..., max_length=32)):
    return _detail(_found(request, number), actor_of(request.user))


@router.post(
    "/matters/{number}/actions/{action}",
    response=MatterDetail,
    summary="办理一步（交办、签收、反馈、延期、催办、答复、回访、退回、审结、重新办理）",
    openapi_extra=may_answer(409, 422),
)
def act(request, payload: MatterActionIn, action: Action, number: str = Path(..., max_length=32)):
    found = _found(request, number)
    data = payload.dict()
    if action == "assign" and data["lead_unit"] is not None:
        data["lead_unit"] = Department.objects.filter(pk=data["lead_unit"]).first()
    take(actor=request.user, matter=found, action=action, data=data)
    actor = actor_of(request.user)
    return _detail(selectors.matter_by_number(actor, number), actor)
