"""Entrustments over HTTP: an agent registers one with its signature (Base64 in JSON, as every upload),
anyone in scope lists and reads them (the principal's ID number and phone masked but for the agent and
the principal), and the principal's revocation is recorded."""

from datetime import date, datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from onewindow.accounts.models import ApplicantKind
from onewindow.api_errors import may_answer
from onewindow.errors import Invalid, NotFound
from onewindow.files import NotBase64, base64_upload
from onewindow.org.permissions import actor_of
from onewindow.timelimits import reading

from . import entrustments, selectors
from .choices import Mode, Priority, SignedBy
from .documents import item_names, shown_principal
from .forms import checked_principal

router = Router(tags=["proxy"])
PAGE_MAX = 200


class EntrustmentOut(Schema):
    number: str = Field(description="委托书编号")
    body: str = Field(description="签订机构")
    agent: str = Field(description="受托代办员")
    principal_kind: ApplicantKind
    principal_name: str = Field(description="委托人")
    principal_id_number: str = Field(description="证件号码（除受托代办员和委托人本人外脱敏）")
    principal_phone: str = Field(description="联系电话（除受托代办员和委托人本人外脱敏）")
    priority: Priority | Literal[""] = Field(description="优先服务类别；空为无")
    door_to_door: bool = Field(description="上门服务")
    all_in_scope: bool = Field(description="代办范围内全部事项")
    items: list[str] = Field(description="委托事项的名称（不限于全部事项时）")
    mode: Mode
    valid_from: date
    valid_until: date
    signed_by: SignedBy
    created_at: datetime
    revoked_at: datetime | None
    revoke_reason: str


class EntrustmentPage(Schema):
    items: list[EntrustmentOut]
    next_offset: int | None = Field(description="下一页的 offset；没有更多时为 null")


class EntrustmentIn(Schema):
    principal_kind: ApplicantKind
    principal_name: str = Field(min_length=1, max_length=100)
    principal_id_number: str = Field(min_length=1, max_length=30, description="身份证号码或统一社会信用代码")
    principal_phone: str = Field(min_length=1, max_length=20)
    legal_representative: str = Field("", max_length=50)
    all_in_scope: bool = False
    item_codes: list[str] = Field([], max_length=entrustments.ITEMS_MAX, description="委托事项的实施编码")
    mode: Mode = Mode.WHOLE
    priority: Priority | Literal[""] = ""
    door_to_door: bool = False
    valid_from: date | None = Field(None, description="生效日期，默认今天")
    valid_until: date
    signed_by: SignedBy
    signature_name: str = Field("", max_length=100, description="签名文件名（不保存）")
    signature_base64: str = Field(description="签名图像（PNG）或签字扫描件（PDF、JPG、PNG），Base64")


class RevokeIn(Schema):
    reason: str = Field(min_length=1, max_length=entrustments.REASON_MAX, description="撤销理由")


def entrustment_out(actor, entrustment) -> dict:
    shown = shown_principal(actor, entrustment)
    agent = entrustment.agent
    return {
        "number": entrustment.number,
        "body": entrustment.body.name,
        "agent": getattr(getattr(agent, "staff", None), "full_name", "") or agent.username,
        "principal_kind": entrustment.principal_kind,
        "principal_name": entrustment.principal_name,
        "principal_id_number": shown["id_number"],
        "principal_phone": shown["phone"],
        "priority": entrustment.priority,
        "door_to_door": entrustment.door_to_door,
        "all_in_scope": entrustment.all_in_scope,
        "items": [] if entrustment.all_in_scope else item_names(entrustment),
        "mode": entrustment.mode,
        "valid_from": entrustment.valid_from,
        "valid_until": entrustment.valid_until,
        "signed_by": entrustment.signed_by,
        "created_at": entrustment.created_at,
        "revoked_at": entrustment.revoked_at,
        "revoke_reason": entrustment.revoke_reason,
    }


def _found(request, number: str):
    actor = actor_of(request.user)
    entrustment = selectors.entrustment_by_number(actor, number)
    if entrustment is None:
        raise NotFound()
    return actor, entrustment


@router.get("/entrustments", response=EntrustmentPage, summary="委托书列表（在本人权限范围内，最新的在前）")
def listed(
    request,
    offset: int = Query(0, ge=0, le=1_000_000),
    limit: int = Query(50, ge=1, le=PAGE_MAX),
    state: Literal["valid", "revoked"] | None = Query(None, description="valid 未撤销；revoked 已撤销"),
):
    actor = actor_of(request.user)
    rows = selectors.visible_entrustments(actor)
    if state is not None:
        rows = rows.filter(revoked_at__isnull=state == "valid")
    page = list(rows[offset : offset + limit + 1])
    return {
        "items": [entrustment_out(actor, e) for e in page[:limit]],
        "next_offset": offset + limit if len(page) > limit else None,
    }


@router.post(
    "/entrustments",
    response={201: EntrustmentOut},
    summary="登记委托书（代办员与委托人签订）",
    openapi_extra=may_answer(422),
)
def create(request, payload: EntrustmentIn):
    principal = checked_principal(payload.model_dump())
    try:
        signature = base64_upload(payload.signature_base64, payload.signature_name, "signature")
    except NotBase64 as exc:
        message = _("文件内容不是有效的 Base64。")
        raise Invalid(message, code="signature_refused", details={"fields": {"signature": message}}) from exc
    today = reading.today()
    made = entrustments.entrust(
        actor=request.user,
        new=entrustments.NewEntrustment(
            principal=principal,
            valid_from=payload.valid_from or today,
            valid_until=payload.valid_until,
            signed_by=payload.signed_by,
            signature=signature,
            all_in_scope=payload.all_in_scope,
            item_codes=payload.item_codes,
            mode=payload.mode,
            priority=payload.priority,
            door_to_door=payload.door_to_door,
        ),
        today=today,
    )
    return Status(201, entrustment_out(actor_of(request.user), made))


@router.get("/entrustments/{number}", response=EntrustmentOut, summary="一份委托书")
def one(request, number: str = Path(..., max_length=32)):
    actor, entrustment = _found(request, number)
    return entrustment_out(actor, entrustment)


@router.post(
    "/entrustments/{number}/revoke",
    response=EntrustmentOut,
    summary="撤销委托（委托人本人，或受托代办员、本机构收件人员代为登记）",
    openapi_extra=may_answer(403, 409),
)
def revoke(request, payload: RevokeIn, number: str = Path(..., max_length=32)):
    actor, entrustment = _found(request, number)
    made = entrustments.revoke(actor=request.user, entrustment=entrustment, reason=payload.reason)
    return entrustment_out(actor, made)
