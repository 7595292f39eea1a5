"""What the calendar pages show."""

import calendar as stdlib_calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.db.models.functions import ExtractYear

from onewindow.core.workdays import WorkCalendar

from .models import CalendarDay, CalendarYear, DayKind


@dataclass(frozen=True)
class Cell:
    day: date
    kind: str  # holiday, makeup, weekend, workday
    name: str


def years_overview() -> list[dict]:
    """Loaded years, newest first, with how many days off and make-up working days each has."""
    counts = (
        CalendarDay.objects.annotate(year=ExtractYear("day"))
        .values("year", "kind")
        .annotate(n=Count("day"))
        .order_by()
    )
    by_year: dict[int, dict[str, int]] = {}
    for row in counts:
        by_year.setdefault(row["year"], {})[row["kind"]] = row["n"]
    return [
        {
            "year": y,
            "off": by_year.get(y.year, {}).get(DayKind.OFF, 0),
            "work": by_year.get(y.year, {}).get(DayKind.WORK, 0),
        }
        for y in CalendarYear.objects.select_related("loaded_by").order_by("-year")
    ]


def year_grid(calendar: WorkCalendar, year: int) -> list[tuple[int, list[list[Cell | None]]]]:
    """Twelve month grids (Monday first) marking days off, make-up days and weekends."""
    months = []
    for month in range(1, 13):
        weeks = []
        for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            row: list[Cell | None] = []
            for day in week:
                if day.month != month:
                    row.append(None)
                    continue
                record = calendar.record(day)
                if record and record.is_workday:
                    kind = "makeup"
                elif record or not calendar.is_workday(day):
                    kind = "holiday" if record else "weekend"
                else:
                    kind = "workday"
                row.append(Cell(day, kind, record.name if record else ""))
            weeks.append(row)
        months.append((month, weeks))
    return months
