"""Reading calendar data that people type or upload, with an error per line in their language.

Pure of the database: returns the day records and the errors; the service decides what to store.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from onewindow.core.workdays import DayRecord

OFF_WORDS = {"off", "休", "holiday", "假", "0"}
WORK_WORDS = {"work", "班", "workday", "1"}
MAX_RANGE_DAYS = 31


@dataclass
class LineError:
    line: int
    message: str
    section: str = ""  # which box of a form the line is in


@dataclass
class Parsed:
    records: list[DayRecord] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def years(self) -> set[int]:
        return {r.day.year for r in self.records}


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _check_day(record: DayRecord) -> str | None:
    weekend = record.day.weekday() >= 5
    if record.is_workday and not weekend:
        return _("%(day)s 本来就是工作日，无需标记为调休上班。") % {"day": record.day}
    return None


def _add(parsed: Parsed, seen: dict[date, int], line: int, record: DayRecord) -> None:
    if record.day in seen:
        parsed.errors.append(
            LineError(
                line, _("%(day)s 与第 %(other)s 行重复。") % {"day": record.day, "other": seen[record.day]}
            )
        )
        return
    if message := _check_day(record):
        parsed.errors.append(LineError(line, message))
        return
    seen[record.day] = line
    parsed.records.append(record)


def parse_csv(text: str) -> Parsed:
    """CSV lines `date,kind,name` (kind: off/休 or work/班); a header line is allowed."""
    parsed, seen = Parsed(), {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip() or row[0].strip().startswith("#"):
            continue
        if number == 1 and row[0].strip().lower() in {"date", "日期"}:
            continue
        if len(row) < 2:
            parsed.errors.append(LineError(number, _("每行应为“日期,类型,名称”。")))
            continue
        day = _parse_date(row[0])
        kind = row[1].strip().lower()
        name = row[2].strip() if len(row) > 2 else ""
        if day is None:
            parsed.errors.append(
                LineError(number, _("日期“%(text)s”无效，应为 YYYY-MM-DD。") % {"text": row[0].strip()})
            )
            continue
        if kind not in OFF_WORDS | WORK_WORDS:
            parsed.errors.append(
                LineError(
                    number, _("类型“%(text)s”无效，应为 off（休）或 work（班）。") % {"text": row[1].strip()}
                )
            )
            continue
        _add(parsed, seen, number, DayRecord(day, kind in WORK_WORDS, name[:100]))
    if not parsed.records and not parsed.errors:
        parsed.errors.append(LineError(0, _("文件中没有任何日期。")))
    return parsed


def parse_notice(year: int, holidays_text: str, makeup_text: str) -> Parsed:
    """A State Council notice: holiday lines `name, first day, last day` and make-up lines `day, name`."""
    parsed, seen = Parsed(), {}
    for number, line in _lines(holidays_text):
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if len(parts) != 3:
            parsed.errors.append(LineError(number, _("放假安排每行应为“节日名称, 开始日期, 结束日期”。")))
            continue
        name, first, last = parts[0], _parse_date(parts[1]), _parse_date(parts[2])
        if first is None or last is None or last < first or (last - first).days >= MAX_RANGE_DAYS:
            parsed.errors.append(
                LineError(number, _("日期范围无效，应为 YYYY-MM-DD，且结束不早于开始、不超过 31 天。"))
            )
            continue
        for offset in range((last - first).days + 1):
            _add_in_year(
                parsed, seen, number, year, DayRecord(first + timedelta(days=offset), False, name[:100])
            )
    holiday_errors = len(parsed.errors)
    for number, line in _lines(makeup_text):
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        day = _parse_date(parts[0])
        if day is None:
            parsed.errors.append(LineError(number, _("调休上班日每行应为“日期, 节日名称”。")))
            continue
        _add_in_year(
            parsed, seen, number, year, DayRecord(day, True, parts[1][:100] if len(parts) > 1 else "")
        )
    for index, error in enumerate(parsed.errors):
        error.section = "holidays" if index < holiday_errors else "makeup"
    if not parsed.records and not parsed.errors:
        parsed.errors.append(LineError(0, _("请至少填写一个放假安排。")))
    return parsed


def _add_in_year(parsed, seen, number, year, record):
    if record.day.year != year:
        parsed.errors.append(
            LineError(number, _("%(day)s 不在 %(year)s 年内。") % {"day": record.day, "year": year})
        )
        return
    _add(parsed, seen, number, record)


def _lines(text: str):
    for number, line in enumerate((text or "").splitlines(), start=1):
        if line.strip() and not line.strip().startswith("#"):
            yield number, line
