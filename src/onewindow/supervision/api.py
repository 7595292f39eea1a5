"""Cards over HTTP: the board's list with its filters, one card, and its withdrawal (摘牌)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from onewindow.api_errors import may_answer
from onewindow.api_types import Id, Offset
from onewindow.errors import Invalid, NotFound
from onewindow.org.permissions import actor_of

from . import selectors
from .cards import REASON_MAX, withdraw_card
from .choices import NATIONAL_LEVEL_CODES, CardLevel, Subject

router = Router(tags=["supervision"])
PAGE_MAX = 200


class CardOut(Schema):
    number: str | None = Field(description="监察编号")
    rule_code: str = Field(description="监察规则编号")
    rule_name: str
    rule_version: int
    level: CardLevel = Field(description="yellow 黄牌（预警）；red 红牌（超时）")
    level_code: str = Field(description="监察预警类型代码（GB/T 39046）：1 预警，2 超时")
    subject: Subject
    case_number: str = Field(description="办件编号")
    department_id: int = Field(description="责任部门")
    department_name: str
    person: str | None = Field(description="责任人")
    raised_on: date
    raised_at: datetime = Field(description="状态产生时间")
    deadline: date | None = Field(description="承诺时限")
    overdue_days: int = Field(description="超期天数（工作日）")
    description: str = Field(description="监察结果描述")
    points: Decimal
    withdrawn_at: datetime | None
    withdrawn_by: str | None = Field(description="摘牌人")
    withdraw_reason: str


class CardPage(Schema):
    items: list[CardOut]
    next_offset: int | None = Field(description="下一页的 offset；没有更多时为 null")


class CardQuery(Schema):
    department: Id | None = Field(None, description="责任部门")
    level: CardLevel | None = None
    rule: Id | None = Field(None, description="监察规则")
    raised_from: date | None = Field(None, description="发卡日期自")
    raised_to: date | None = Field(None, description="发卡日期至")
    state: Literal["open", "withdrawn"] | None = Field(None, description="open 未摘牌；withdrawn 已摘牌")


class WithdrawIn(Schema):
    reason: str = Field(min_length=1, max_length=REASON_MAX, description="摘牌理由")


def _name(user) -> str | None:
    if user is None:
        return None
    return getattr(getattr(user, "staff", None), "full_name", "") or user.username


def _out(card) -> dict:
    person = card.person
    return {
        "number": card.number,
        "rule_code": card.rule.code,
        "rule_name": card.rule.name,
        "rule_version": card.rule_version,
        "level": card.level,
        "level_code": NATIONAL_LEVEL_CODES[card.level],
        "subject": card.subject,
        "case_number": card.case.number,
        "department_id": card.department_id,
        "department_name": card.department.name,
        "person": _name(person),
        "raised_on": card.raised_on,
        "raised_at": card.raised_at,
        "deadline": card.deadline,
        "overdue_days": card.overdue_days,
        "description": card.description,
        "points": card.points,
        "withdrawn_at": card.withdrawn_at,
        "withdrawn_by": _name(card.withdrawn_by),
        "withdraw_reason": card.withdraw_reason,
    }


@router.get("/cards", response=CardPage, summary="监察卡（督办人员、领导）")
def cards(
    request,
    query: Query[CardQuery],
    offset: Offset = 0,
    limit: int = Query(50, ge=1, le=PAGE_MAX),
):
    if query.raised_from and query.raised_to and query.raised_to < query.raised_from:
        raise Invalid(_("结束日期不能早于开始日期。"), code="invalid_period")
    rows = selectors.narrowed(selectors.visible_cards(actor_of(request.user)), query.dict())
    rows = list(
        rows.select_related(*selectors.CARD_RELATED).order_by("-raised_on", "-pk")[
            offset : offset + limit + 1
        ]
    )
    return {
        "items": [_out(c) for c in rows[:limit]],
        "next_offset": offset + limit if len(rows) > limit else None,
    }


@router.get("/cards/{number}", response=CardOut, summary="一张监察卡")
def card(request, number: str = Path(..., max_length=32)):
    found = selectors.card_by_number(actor_of(request.user), number)
    if found is None:
        raise NotFound()
    return _out(found)


@router.post(
    "/cards/{number}/withdraw", response=CardOut, summary="摘牌（督办人员）", openapi_extra=may_answer(409)
)
def withdraw(request, payload: WithdrawIn, number: str = Path(..., max_length=32)):
    found = selectors.card_by_number(actor_of(request.user), number)
    if found is None:
        raise NotFound()
    withdrawn = withdraw_card(actor=request.user, card=found, reason=payload.reason)
    return _out(selectors.card_by_number(actor_of(request.user), withdrawn.number))
