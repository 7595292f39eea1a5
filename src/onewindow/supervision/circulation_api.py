"""Circulated reports over HTTP: a period's figures as a draft, publishing them (frozen), the reports."""

from datetime import date, datetime

from ninja import Field, Router, Schema, Status

from onewindow.api_errors import may_answer
from onewindow.api_types import Id
from onewindow.errors import NotFound
from onewindow.org.permissions import actor_of, require_role

from . import circulation
from .selectors import WATCHERS

router = Router(tags=["supervision"])


class UnitFigures(Schema):
    rank: int
    unit_id: int = Field(description="单位（部门）")
    unit: str
    received: int = Field(description="交办事项")
    fed_back: int = Field(description="反馈次数")
    fed_back_on_time: int = Field(description="按期反馈次数")
    urging_notices: int = Field(description="催办单")
    urgings: int = Field(description="催办次数（各级合计）")
    by_method: dict[str, int] = Field(description="按催办方式的次数")
    yellow_cards: int = Field(description="黄牌（未摘牌）")
    red_cards: int = Field(description="红牌（未摘牌）")
    withdrawn_cards: int = Field(description="已摘牌")
    closed: int = Field(description="办结事项")
    average_days_to_close: float | None = Field(description="平均办结工作日")
    followed_up: int = Field(description="回访的诉求人")
    satisfied: int = Field(description="满意或基本满意")


class CirculationOut(Schema):
    id: int
    title: str
    period_start: date
    period_end: date
    published_at: datetime
    rows: list[UnitFigures]


class PeriodIn(Schema):
    start: date
    end: date
    title: str = Field("", max_length=100)


def _out(report) -> dict:
    return {
        "id": report.pk,
        "title": report.title,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "published_at": report.published_at,
        "rows": report.rows,
    }


@router.get("/circulations/figures", response=list[UnitFigures], summary="通报草稿：某期间各单位的数字")
def draft(request, start: date, end: date):
    actor = actor_of(request.user)
    require_role(actor, *WATCHERS)
    return circulation.figures(circulation.area_of(actor), start, end)


@router.get("/circulations", response=list[CirculationOut], summary="已发布的通报")
def reports(request):
    return [_out(r) for r in circulation.visible_reports(actor_of(request.user))[:50]]


@router.post(
    "/circulations",
    response={201: CirculationOut},
    summary="发布通报（督办人员）",
    openapi_extra=may_answer(422),
)
def publish(request, payload: PeriodIn):
    actor = actor_of(request.user)
    require_role(actor, "supervisor")
    report = circulation.publish(
        actor=request.user,
        body=circulation.area_of(actor),
        start=payload.start,
        end=payload.end,
        title=payload.title,
    )
    return Status(201, _out(report))


@router.get("/circulations/{report_id}", response=CirculationOut, summary="一份已发布的通报")
def report(request, report_id: Id):
    found = circulation.visible_reports(actor_of(request.user)).filter(pk=report_id).first()
    if found is None:
        raise NotFound()
    return _out(found)
