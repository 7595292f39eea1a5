"""What the calendar pages show."""

import calendar as stdlib_calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.db.models.functions import ExtractYear

from onewindow.audit.models import AuditEvent
from onewindow.core.workdays import WorkCalendar

from .models import CalendarDay, CalendarYear, DayKind

AUDITED_AS = "workcalendar.calendaryear"


@dataclass(frozen=True)
class Cell:
    day: date
    kind: str  # holiday, makeup, weekend, workday
    name: str
    change: str = ""  # in a preview: added, removed, turned or renamed


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


def recent_changes(limit: int = 10) -> list[dict]:
    """The latest imports and amendments, from the audit log: when, who, which year, how, from which
    notice, and how many days each wrote."""
    events = AuditEvent.objects.filter(object_type=AUDITED_AS).order_by("-created_at", "-pk")[:limit]
    return [
        {
            "at": event.created_at,
            "who": event.actor_label,
            "year": event.object_id,
            "action": event.action.rsplit(".", 1)[-1],
            "notice": (event.after or {}).get("notice", ""),
            "days": len((event.after or {}).get("days", {})),
        }
        for event in events
    ]


def year_grid(
    calendar: WorkCalendar, year: int, changes: dict[date, str] | None = None, months=range(1, 13)
) -> list[tuple[int, list[list[Cell | None]]]]:
    """Month grids (Monday first) marking days off, make-up days, weekends and, in a preview, changes."""
    changes = changes or {}
    grids = []
    for month in months:
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
                row.append(Cell(day, kind, record.name if record else "", changes.get(day, "")))
            weeks.append(row)
        grids.append((month, weeks))
    return grids


def preview(plan) -> list[dict]:
    """Each year of an import plan as it would be: its grid (the whole year when replaced, the changed
    months when amended) and its differences from what is stored."""
    years = []
    for year_plan in plan.years:
        changes = year_plan.changes
        changed = {c.day: c.kind for c in changes}
        months = range(1, 13) if year_plan.replace else sorted({d.month for d in changed})
        calendar = WorkCalendar([year_plan.year], year_plan.after.values())
        years.append(
            {
                "plan": year_plan,
                "changes": changes,
                "before": year_plan.tally_before,
                "after": year_plan.tally_after,
                "months": year_grid(calendar, year_plan.year, changed, months),
            }
        )
    return years
