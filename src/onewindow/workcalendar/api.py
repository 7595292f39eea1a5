"""Working-day arithmetic over HTTP: deadlines, days off and make-up days, working-day counts."""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from onewindow.core.workdays import CalendarNotLoaded
from onewindow.errors import Invalid

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
