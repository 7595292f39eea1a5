"""Cases over HTTP: intake (idempotent with `Idempotency-Key`), lists, the case with its timeline, every
action of the lifecycle table, material files, and the public progress lookup."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema
from ninja import Status as HttpStatus
from pydantic import BaseModel

from onewindow.accounts.applicants import check_applicant
from onewindow.accounts.models import ApplicantKind
from onewindow.accounts.services import allow_rate
from onewindow.api_errors import may_answer
from onewindow.api_types import DB_INT_MAX, Id, Offset
from onewindow.catalog.choices import CaseKind
from onewindow.client_address import client_ip
from onewindow.errors import Invalid, NotFound, Throttled
from onewindow.files import DOWNLOAD_OPENAPI, NotBase64, base64_upload, download, download_name
from onewindow.org.permissions import actor_of
from onewindow.personal import applicant_shown, mask_id_number
from onewindow.timelimits import reading as timelimits_reading
from onewindow.timelimits.choices import PauseKind, Warning

from . import clocks, listing, selectors, services, workflow
from .choices import Action, Channel, Delivery, PaymentMethod, Provision, Status
from .models import Case
from .public import events_of, public_timeline

router = Router(tags=["cases"])
public_router = Router(tags=["public"])


# --- schemas -------------------------------------------------------------------------------------


class Out(BaseModel):
    """A response body. Plain pydantic: the dicts the endpoints return are validated in pydantic's core,
    without ninja's per-attribute getter for ORM objects (which cost a case page a third of its time)."""


class ApplicantIn(Schema):
    kind: ApplicantKind
    name: str = Field(max_length=100, description="姓名或单位名称")
    id_number: str = Field(max_length=30, description="居民身份证号码或统一社会信用代码（按校验位检查）")
    phone: str = Field(max_length=20, description="手机号")
    legal_representative: str = Field("", max_length=50, description="法人申请时必填")
    contact_name: str = Field("", max_length=50)


class CaseMaterialIn(Schema):
    material_id: Id = Field(description="事项版本材料编号（intake）或办件材料编号（补正）")
    provision: Provision
    reason: str = Field(
        "", max_length=200, description="provision=missing 时列入补正材料通知书的原因；空为“未提交”"
    )
    file_name: str = Field("", max_length=100, description="上传时的文件名（不保存，文件以随机名存储）")
    content_base64: str = Field(
        "",
        description="provision=upload 时的文件内容（Base64）：PDF、JPG、PNG 或 OFD，按内容判断，每份不超过 "
        "20 MB；整个请求体不超过 DATA_UPLOAD_MAX_MEMORY_SIZE（约 27.7 MB），超出时答 413",
    )


class IntakeIn(Schema):
    applicant: ApplicantIn
    item_code: str = Field("", max_length=60, description="事项实施编码；与 bundle_code 二选一")
    bundle_code: str = Field("", max_length=40, description="一件事编码")
    materials: list[CaseMaterialIn] = Field(default_factory=list, max_length=200)
    fee_answers: dict[str, str] = Field(
        default_factory=dict,
        max_length=20,
        description="收费问题的回答：键为事项目录收费项的 question，值为其 answer 之一"
        "（多选一必答；按情形不答即不适用）",
    )
    commitment_signed: bool = Field(False, description="申请人已签署容缺承诺书")
    finish_now: bool = Field(False, description="即办件当场办结（首席代表或经授权窗口人员）")
    payment_method: PaymentMethod | None = None
    receipt_number: str = Field("", max_length=40)
    return_reason: str = Field("", max_length=2000, description="不予受理时的理由（退回件）")
    return_basis: str = Field("", max_length=300, description="不予受理的法律依据")
    note: str = Field("", max_length=2000)


class ActionIn(Schema):
    version: int = Field(ge=0, le=DB_INT_MAX, description="办件当前数据版本；过期返回 409 conflict")
    reason: str = Field("", max_length=2000)
    basis: str = Field("", max_length=300, description="法律依据（不予许可、退回必填）")
    pause_kind: PauseKind | None = None
    days: int = Field(0, ge=0, le=3650, description="延期工作日数")
    authority: str = Field("", max_length=100, description="上报机关")
    delivery: Delivery | None = None
    postal_number: str = Field("", max_length=40)
    task_id: Id | None = Field(None, description="联办任务编号（task_approve、task_deny）")
    fee_ids: list[Id] | None = None
    reduce_to: Decimal | None = Field(
        None,
        gt=0,
        max_digits=12,
        decimal_places=2,
        description="waive_fee：部分减免后仍应收的金额（一次一项）；不填为全额减免",
    )
    payment_method: PaymentMethod | None = None
    receipt_number: str = Field("", max_length=40)
    materials: list[CaseMaterialIn] = Field(default_factory=list, max_length=200)
    missing_ids: list[Id] | None = Field(None, description="一次性告知的办件材料编号")
    fee_answers: dict[str, str] | None = Field(
        None,
        description="accept/supplement：收费问题的回答（问题 -> 回答）；网上申请后事项调整、"
        "原回答不再适用（409 fee_answers_stale）时由窗口重新回答",
    )
    missing_reasons: dict[Id, str] | None = Field(
        None,
        description="request_supplement：按办件材料编号写明补正原因（每条不超过 200 字）；未写的为“未提交”",
    )
    certificate_number: str = Field("", max_length=60, description="核发证照的编号，空则用办件编号")
    valid_until: date | None = None
    late_explanation: str = Field("", max_length=2000, description="超过办结期限作出决定时必填的超时说明")


class CaseSummary(Out):
    number: str
    title: str
    kind: CaseKind
    status: Status
    channel: Channel
    applicant_name: str
    applicant_id_number: str = Field(description="列表中始终脱敏")
    department_id: int
    department_name: str
    body_name: str
    submitted_at: datetime
    accepted_on: date | None
    deadline: date | None
    deadline_note: str | None = Field(
        None, description="期限所在年份的节假日安排尚未载入时的说明（此时 deadline 为空）"
    )
    remaining_days: int | None
    warning: Warning
    version: int


class TaskOut(Out):
    id: int
    department_id: int
    department_name: str
    title: str
    is_lead: bool
    status: str
    limit_days: int
    deadline: date | None
    deadline_note: str | None = Field(
        None, description="期限所在年份的节假日安排尚未载入时的说明（此时 deadline 为空）"
    )
    remaining_days: int | None
    warning: Warning
    finished_on: date | None
    opinion: str
    actions: list[str] = Field(description="当前用户可对该任务进行的操作")


class CaseMaterialOut(Out):
    id: int
    name: str
    requirement: str
    provision: Provision
    in_notice: bool
    supplement_reason: str = Field(description="列入补正材料通知书的原因；空为未提交")
    has_file: bool
    certificate: str | None


class CaseFeeOut(Out):
    id: int
    name: str
    amount: Decimal
    waivable: bool
    state: str
    method: str
    receipt_number: str
    waiver_reason: str
    waiver_basis: str
    reduced_from: Decimal | None = Field(description="部分减免前的金额")


class EventOut(Out):
    at: datetime
    day: date
    action: str
    action_label: str
    from_status: str
    to_status: str
    actor: str
    note: str
    pause_kind: str
    days: int
    task_id: int | None


class CaseDetail(CaseSummary):
    query_code: str | None = Field(description="仅申请人和经办人员可见")
    applicant_kind: ApplicantKind
    applicant_phone: str
    legal_representative: str
    item_code: str
    item_version_id: int
    bundle_code: str | None
    limit_days: int
    extended_days: int
    clock_state: str
    paused_kind: str
    finished_on: date | None
    finished_late: bool
    late_explanation: str = Field(description="超时办结时经办人的超时说明")
    supplement_due: date | None = Field(description="补正材料通知书所定的补正期限")
    visits: int
    finished_on_site: bool
    deferred: bool
    fees_total: Decimal
    fees_settled: bool
    reason: str
    legal_basis: str
    report_authority: str
    report_sent_on: date | None
    report_answered_on: date | None
    delivery: str
    postal_number: str
    delivered_at: datetime | None
    closed_at: datetime | None
    certificate: str | None
    materials: list[CaseMaterialOut]
    tasks: list[TaskOut]
    fees: list[CaseFeeOut]
    events: list[EventOut]
    actions: list[str] = Field(description="当前用户此刻可进行的操作（按流转表和角色）")


class CasePage(Out):
    items: list[CaseSummary]
    next_offset: int | None = Field(description="下一页的 offset；没有更多时为 null")


class TaskSummary(Out):
    id: int
    case_number: str
    case_title: str
    department_name: str
    deadline: date | None
    deadline_note: str | None = Field(
        None, description="期限所在年份的节假日安排尚未载入时的说明（此时 deadline 为空）"
    )
    remaining_days: int | None
    warning: Warning
    case_version: int


class Inbox(Out):
    department: list[CaseSummary]
    tasks: list[TaskSummary]
    window: list[CaseSummary]


class PublicEvent(Out):
    day: date
    action: str
    action_label: str
    note: str = Field(description="仅退回、不予许可的理由")


class PublicCase(Out):
    number: str
    title: str
    kind: CaseKind
    status: Status
    status_label: str
    department_name: str
    submitted_at: datetime
    accepted_on: date | None
    deadline: date | None
    deadline_note: str | None = Field(
        None, description="期限所在年份的节假日安排尚未载入时的说明（此时 deadline 为空）"
    )
    remaining_days: int | None
    warning: Warning
    events: list[PublicEvent]


class ListQuery(Schema):
    status: Status | Literal["open", "to_deliver"] | None = Field(
        None, description="状态，或 open（在办：已受理未办结）、to_deliver（结果待送达）"
    )
    kind: CaseKind | None = None
    warning: Warning | None = None
    channel: Channel | None = None
    item: Id | None = Field(None, description="事项编号（item_id）")
    department: Id | None = Field(None, description="承办部门编号")
    body: Id | None = Field(None, description="受理机构编号（如某乡镇便民服务中心）")
    window: Id | None = Field(None, description="受理窗口编号")
    submitted_from: date | None = Field(None, description="申请日期自（含）")
    submitted_to: date | None = Field(None, description="申请日期至（含）")
    fees: Literal["unsettled"] | None = Field(None, description="unsettled：费用未缴清")
    sort: Literal["newest", "oldest", "deadline", "urgency"] = Field(
        "newest",
        description="newest / oldest：按申请时间；deadline：期限近的在前；urgency：红牌、黄牌、期限近的在前",
    )
    q: str = Field("", max_length=30, description="办件编号（完整或前缀）或申请人证件号码（完整）")
    offset: Offset = 0
    limit: int = Field(50, ge=1, le=selectors.PAGE_MAX)


# --- conversions ---------------------------------------------------------------------------------


def _summary(case: Case, on: date | None = None) -> dict:
    """A case in a list; `on`, the day its clock is read, is read once for a whole list."""
    on = on or clocks.today()
    return {
        "number": case.number,
        "title": case.title,
        "kind": case.kind,
        "status": case.status,
        "channel": case.channel,
        "applicant_name": case.applicant_name,
        "applicant_id_number": mask_id_number(case.applicant_id_number),
        "department_id": case.department_id,
        "department_name": case.department.name,
        "body_name": case.body.name,
        "submitted_at": case.submitted_at,
        "accepted_on": case.accepted_on,
        "deadline": case.deadline,
        "deadline_note": _waiting(case),
        "remaining_days": clocks.days_left(case, on),
        "warning": clocks.warning_of(case, on),
        "version": case.version,
    }


def _waiting(row) -> str | None:
    """Why a deadline is missing, in words, while its year's calendar is not loaded."""
    note = timelimits_reading.waiting_note(row)
    return None if note is None else str(note)


def _detail(actor, case: Case, parts: dict | None = None) -> dict:
    parts = selectors.case_detail(case) if parts is None else parts
    shown = applicant_shown(actor, case, parts["tasks"])
    certificate = parts["certificate"]
    return {
        **_summary(case),
        "applicant_id_number": shown["id_number"],
        "applicant_phone": shown["phone"],
        "query_code": case.query_code if shown["whole"] else None,
        "applicant_kind": case.applicant_kind,
        "legal_representative": case.legal_representative,
        "item_code": case.item_version.implementation_code,
        "item_version_id": case.item_version_id,
        "bundle_code": case.bundle.code if case.bundle_id else None,
        **{
            name: getattr(case, name)
            for name in (
                "limit_days",
                "extended_days",
                "clock_state",
                "paused_kind",
                "finished_on",
                "finished_late",
                "late_explanation",
                "supplement_due",
                "visits",
                "finished_on_site",
                "deferred",
                "fees_total",
                "fees_settled",
                "reason",
                "legal_basis",
                "report_authority",
                "report_sent_on",
                "report_answered_on",
                "delivery",
                "postal_number",
                "delivered_at",
                "closed_at",
            )
        },
        "certificate": f"{certificate.certificate_type} {certificate.number}" if certificate else None,
        "materials": [
            {
                "id": m.pk,
                "name": m.name,
                "requirement": m.requirement,
                "provision": m.provision,
                "in_notice": m.in_notice,
                "supplement_reason": m.supplement_reason,
                "has_file": bool(m.file),
                "certificate": f"{m.certificate.certificate_type} {m.certificate.number}"
                if m.certificate
                else None,
            }
            for m in parts["materials"]
        ],
        "tasks": [
            {
                "id": t.pk,
                "department_id": t.department_id,
                "department_name": t.department.name,
                "title": t.title,
                "is_lead": t.is_lead,
                "status": t.status,
                "limit_days": t.limit_days,
                "deadline": t.deadline,
                "deadline_note": _waiting(t),
                "remaining_days": clocks.days_left(t),
                "warning": clocks.warning_of(t),
                "finished_on": t.finished_on,
                "opinion": t.opinion,
                "actions": workflow.available_task_actions(actor, case, t),
            }
            for t in parts["tasks"]
        ],
        "fees": [
            {
                "id": f.pk,
                "name": f.name,
                "amount": f.amount,
                "waivable": f.waivable,
                "state": f.state,
                "method": f.method,
                "receipt_number": f.receipt_number,
                "waiver_basis": f.waiver_basis,
                "reduced_from": f.reduced_from,
                "waiver_reason": f.waiver_reason,
            }
            for f in parts["fees"]
        ],
        "events": [
            {
                "at": e.at,
                "day": e.day,
                "action": e.action,
                "action_label": _label(e.action),
                "from_status": e.from_status,
                "to_status": e.to_status,
                "actor": e.actor_label,
                "note": e.note,
                "pause_kind": e.pause_kind,
                "days": e.days,
                "task_id": e.task_id,
            }
            for e in parts["events"]
        ],
        "actions": workflow.available_actions(actor, case, tasks=parts["tasks"], fees=parts["fees"]),
    }


_ACTIONS = frozenset(Action.values)  # `Action.values` builds every label afresh each time it is read


def _label(action: str) -> str:
    return str(Action(action).label) if action in _ACTIONS else action


def _materials(entries: list[CaseMaterialIn]) -> list[services.MaterialInput]:
    result = []
    for entry in entries:
        upload = None
        if entry.provision == Provision.UPLOAD:
            try:
                upload = base64_upload(entry.content_base64, entry.file_name, "material")
            except NotBase64 as exc:
                raise Invalid(
                    _("文件内容不是有效的 Base64。"),
                    code="materials_invalid",
                    details={f"materials.{entry.material_id}": _("无效的 Base64。")},
                ) from exc
        result.append(services.MaterialInput(entry.material_id, entry.provision, upload, entry.reason))
    return result


def _page(rows, offset: int, limit: int) -> dict:
    items = list(rows[offset : offset + limit + 1])
    on = clocks.today()
    return {
        "items": [_summary(c, on) for c in items[:limit]],
        "next_offset": offset + limit if len(items) > limit else None,
    }


# --- endpoints -----------------------------------------------------------------------------------


@router.post(
    "",
    response={201: CaseDetail},
    summary="收件：受理、一次性告知、容缺受理或退回",
    openapi_extra=may_answer(409),
)
def intake(
    request,
    payload: IntakeIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", description="重试同一请求不会产生第二件"),
):
    services.intake_channel(actor_of(request.user), via_api=True)
    applicant = payload.applicant
    data = services.IntakeInput(
        applicant=check_applicant(
            kind=applicant.kind,
            name=applicant.name,
            id_number=applicant.id_number,
            phone=applicant.phone,
            legal_representative=applicant.legal_representative,
            contact_name=applicant.contact_name,
        ),
        item_code=payload.item_code,
        bundle_code=payload.bundle_code,
        materials=_materials(payload.materials),
        fee_answers=payload.fee_answers,
        commitment_signed=payload.commitment_signed,
        finish_now=payload.finish_now,
        payment_method=payload.payment_method or "",
        receipt_number=payload.receipt_number,
        return_reason=payload.return_reason,
        return_basis=payload.return_basis,
        note=payload.note,
    )
    case = services.take_in(request.user, data, idempotency_key=idempotency_key.strip(), via_api=True)
    actor = actor_of(request.user)
    return HttpStatus(201, _detail(actor, *selectors.taken_in_page(actor, case)))


@router.get("", response=CasePage, summary="办件列表（按权限范围，证件号脱敏）")
def list_cases(request, query: Query[ListQuery]):
    cases = selectors.visible_cases(actor_of(request.user)).select_related(*selectors.LIST_RELATED)
    cases = listing.narrowed(cases, listing.Wanted.of(query))
    return _page(listing.ordered(cases, query.sort), query.offset, query.limit)


@router.get(
    "/inbox", response=Inbox, summary="待办：部门办件、联办任务、窗口待办（红牌、黄牌在前，再按期限近的在前）"
)
def inbox(request, limit: int = Query(50, ge=1, le=selectors.PAGE_MAX)):
    actor = actor_of(request.user)
    on = clocks.today()  # one day for the order and the badges
    cases, tasks = selectors.desk_pages(actor, limit, on)
    return {
        "department": [_summary(c, on) for c in cases],
        "tasks": [
            {
                "id": t.pk,
                "case_number": t.case.number,
                "case_title": t.case.title,
                "department_name": t.department.name,
                "deadline": t.deadline,
                "deadline_note": _waiting(t),
                "remaining_days": clocks.days_left(t, on),
                "warning": clocks.warning_of(t, on),
                "case_version": t.case.version,
            }
            for t in tasks
        ],
        "window": [
            _summary(c, on)
            for c in selectors.page(listing.urgent_first(selectors.window_inbox(actor), on), limit=limit)
        ],
    }


@router.get("/overdue", response=CasePage, summary="超期办件（红牌）")
def overdue(request, offset: Offset = 0, limit: int = Query(50, ge=1, le=selectors.PAGE_MAX)):
    return _page(selectors.overdue(actor_of(request.user)), offset, limit)


@router.get(
    "/{number}", response=CaseDetail, summary="办件详情：材料、联办任务、收费、办理记录、可进行的操作"
)
def get_case(request, number: str):
    actor = actor_of(request.user)
    return _detail(actor, *selectors.case_page(actor, number))


@router.post(
    "/{number}/actions/{action}",
    response=CaseDetail,
    summary="办理操作（须带当前 version）",
    openapi_extra=may_answer(409),
)
def take_action(request, number: str, action: Action, payload: ActionIn):
    actor = actor_of(request.user)
    data = services.ActionInput(
        version=payload.version,
        reason=payload.reason,
        basis=payload.basis,
        pause_kind=payload.pause_kind or "",
        days=payload.days,
        authority=payload.authority,
        delivery=payload.delivery or "",
        postal_number=payload.postal_number,
        task_id=payload.task_id,
        fee_ids=payload.fee_ids,
        reduce_to=payload.reduce_to,
        payment_method=payload.payment_method or "",
        receipt_number=payload.receipt_number,
        materials=_materials(payload.materials),
        missing_ids=payload.missing_ids,
        missing_reasons=payload.missing_reasons,
        fee_answers=payload.fee_answers,
        certificate_number=payload.certificate_number,
        valid_until=payload.valid_until,
        late_explanation=payload.late_explanation,
    )
    case = services.act(request.user, number, action, data)
    return _detail(actor, *selectors.case_page(actor, case.number))


@router.get(
    "/{number}/materials/{material_id}/file",
    summary="下载办件材料文件（仅有权查看本件的人员）",
    openapi_extra=DOWNLOAD_OPENAPI,
)
def material_file(request, number: str, material_id: Id):
    case = selectors.case_for(actor_of(request.user), number)
    material = case.materials.filter(pk=material_id).exclude(file="").first()
    if material is None:
        raise NotFound()
    # MissingFile: 404 with its message
    return download(material.file, download_name(case.number, material.name, material.pk))


@public_router.get(
    "/cases/{number}",
    response=PublicCase,
    auth=None,
    summary="公开查询办件进度（编号 + 查询码，无个人信息）",
    openapi_extra=may_answer(429),
)
def public_case(request, number: str, code: str = Query(..., max_length=10, description="6 位查询码")):
    if not allow_rate(f"track:{client_ip(request)}", settings.TRACK_LOOKUPS_PER_MINUTE):
        raise Throttled()
    case = selectors.public_case(number, code)
    if case is None:
        raise NotFound()
    return {
        "number": case.number,
        "title": case.title,
        "kind": case.kind,
        "status": case.status,
        "status_label": str(Status(case.status).label),
        "department_name": case.department.name,
        "submitted_at": case.submitted_at,
        "accepted_on": case.accepted_on,
        "deadline": case.deadline,
        "deadline_note": _waiting(case),
        "remaining_days": clocks.days_left(case),
        "warning": clocks.warning_of(case),
        "events": [
            {"day": e.day, "action": e.action, "action_label": e.label, "note": e.reason}
            for e in public_timeline(events_of(case))
        ],
    }
