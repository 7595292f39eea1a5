"""Working-day arithmetic over HTTP (deadlines, days off and make-up days, working-day counts), and the
year's holiday notice entered by a program: previewed, then stored (administrators)."""

from datetime import date
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from onewindow.api_errors import may_answer
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.errors import Invalid
from onewindow.org.permissions import actor_of, require_role
from onewindow.org.roles import Role

from . import services
from .forms import MAX_LINES_CHARS, MAX_NOTICE_CHARS
from .models import DayKind
from .services import current_calendar

router = Router(tags=["calendar"])


class DeadlineQuery(Schema):
    start: date = Field(description="受理日期（YYYY-MM-DD）；从次日起算")
    days: int = Field(ge=0, le=3650, description="时限（工作日）")


class DeadlineOut(Schema):
    start: date
    days: int
    deadline: date = Field(description="第 N 个工作日，期限届满之日")


class WorkdaysQuery(Schema):
    start: date
    end: date


class WorkdaysOut(Schema):
    start: date
    end: date
    workdays: int = Field(description="(start, end] 内的工作日数；end 早于 start 时为负")


class DayOut(Schema):
    date: date
    kind: DayKind = Field(description="off：法定节假日放假；work：调休上班")
    name: str


class YearOut(Schema):
    year: int
    days: list[DayOut]


def not_loaded(exc: CalendarNotLoaded) -> Invalid:
    """The API's answer to any date in a year not loaded; the NinjaAPI maps the exception to it."""
    return Invalid(
        _("%(year)s 年的工作日历尚未载入，无法计算。请管理员先导入该年的放假安排。") % {"year": exc.year},
        code="calendar_not_loaded",
        details={"year": exc.year},
    )


@router.get("/deadline", response=DeadlineOut, summary="按工作日计算期限")
def deadline(request, query: Query[DeadlineQuery]):
    result = current_calendar().add_workdays(query.start, query.days)
    return {"start": query.start, "days": query.days, "deadline": result}


@router.get("/workdays", response=WorkdaysOut, summary="两日之间的工作日数")
def workdays(request, query: Query[WorkdaysQuery]):
    count = current_calendar().workdays_between(query.start, query.end)
    return {"start": query.start, "end": query.end, "workdays": count}


@router.get("/days", response=YearOut, summary="一年的法定节假日和调休上班日")
def days(request, year: int = Query(..., ge=1900, le=2200)):
    records = current_calendar().records_in(year)
    return {
        "year": year,
        "days": [
            {"date": r.day, "kind": DayKind.WORK if r.is_workday else DayKind.OFF, "name": r.name}
            for r in records
        ],
    }


# --- the year's notice ------------------------------------------------------------------------------


class NoticeIn(Schema):
    text: str = Field(
        "",
        max_length=MAX_NOTICE_CHARS,
        description="通知全文，如中国政府网所发布（标题、发文字号、正文、落款）",
    )
    year: int | None = Field(None, ge=2000, le=2100, description="年份；粘贴通知时可省略，逐行录入时必填")
    mode: Literal["auto", "annual", "supplement"] = Field(
        "auto",
        description="auto：按标题判断；annual：全年安排，整年替换；supplement：补充或调整，只改所列日期",
    )
    holidays: str = Field(
        "", max_length=MAX_LINES_CHARS, description="逐行录入：每行“节日名称, 开始日期, 结束日期”"
    )
    makeup: str = Field("", max_length=MAX_LINES_CHARS, description="逐行录入：每行“日期, 节日名称”")


class NoticeStoreIn(NoticeIn):
    basis: str = Field(
        min_length=1, max_length=64, description="预览返回的 basis；须先预览，日历在预览后被修改则拒绝（409）"
    )
    accept_warnings: bool = Field(
        False, description="已核对预览中的 warnings（减少放假日、节日或调休日，通知不完整）"
    )


class LineMessage(Schema):
    line: int = Field(description="第几行；0 表示整体")
    section: str = Field(description="逐行录入时：holidays 或 makeup")
    message: str


class HolidayOut(Schema):
    name: str
    off: list[date]
    work: list[date]
    stated_days: int | None = Field(description="通知所写“共N天”")


class DayState(Schema):
    kind: DayKind
    name: str


class DayChangeOut(Schema):
    date: date
    change: Literal["added", "removed", "turned", "renamed"]
    before: DayState | None
    after: DayState | None


class YearPreview(Schema):
    year: int
    replace: bool = Field(description="true：整年替换；false：只改所列日期")
    loaded: bool = Field(description="该年此前是否已载入")
    off_before: int
    off_after: int
    work_before: int
    work_after: int
    changes: list[DayChangeOut]


class NoticePreview(Schema):
    year: int | None = Field(description="通知安排的年份")
    label: str = Field(description="通知标题和发文字号")
    holidays: list[HolidayOut]
    years: list[YearPreview]
    errors: list[LineMessage] = Field(description="有错误时不能保存")
    notes: list[LineMessage]
    warnings: list[str] = Field(description="保存时须 accept_warnings")
    basis: str = Field(description="保存时传回，用于发现预览后的修改")


class NoticeStored(Schema):
    years: list[int] = Field(description="有变化的年份")
    days: int = Field(description="通知中的节假日和调休日数")


def _state(record) -> dict | None:
    return (
        None
        if record is None
        else {"kind": DayKind.WORK if record.is_workday else DayKind.OFF, "name": record.name}
    )


def _lines(errors) -> list[dict]:
    return [{"line": e.line, "section": e.section, "message": e.message} for e in errors]


def _plan(request, payload: NoticeIn):
    require_role(actor_of(request.user), Role.ADMIN)
    return services.plan_notice(
        text=payload.text,
        year=payload.year,
        mode=payload.mode,
        holidays=payload.holidays,
        makeup=payload.makeup,
    )


@router.post("/notices/preview", response=NoticePreview, summary="预览放假通知（管理员）")
def preview_notice(request, payload: NoticeIn):
    plan = _plan(request, payload)
    return {
        "year": plan.main_year,
        "label": plan.label,
        "holidays": [
            {"name": h.name, "off": h.off, "work": h.work, "stated_days": h.stated_days}
            for h in plan.holidays
        ],
        "years": [
            {
                "year": y.year,
                "replace": y.replace,
                "loaded": y.loaded,
                "off_before": y.tally_before.off,
                "off_after": y.tally_after.off,
                "work_before": y.tally_before.work,
                "work_after": y.tally_after.work,
                "changes": [
                    {"date": c.day, "change": c.kind, "before": _state(c.before), "after": _state(c.after)}
                    for c in y.changes
                ],
            }
            for y in plan.years
        ],
        "errors": _lines(plan.errors),
        "notes": _lines(plan.notes),
        "warnings": plan.warnings,
        "basis": plan.basis,
    }


@router.post(
    "/notices",
    response={201: NoticeStored},
    summary="保存放假通知并重新计算期限（管理员）",
    openapi_extra=may_answer(409),
)
def store_notice(request, payload: NoticeStoreIn):
    plan = _plan(request, payload)
    result = services.apply_import(
        actor=request.user, plan=plan, basis=payload.basis, accept_warnings=payload.accept_warnings
    )
    return Status(201, {"years": result.years, "days": result.days})
