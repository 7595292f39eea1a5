"""Reading calendar data that people type or upload, with an error per line in their language.

Pure of the database: returns the day records and the errors; the service decides what to store.
"""

import csv
import io
import re
import unicodedata
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
    notes: list[LineError] = field(default_factory=list)  # read, but worth telling (全角数字)

    @property
    def years(self) -> set[int]:
        return {r.day.year for r in self.records}


_TYPED_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def _parse_date(text: str) -> date | None:
    """2027-01-01, 2027/1/1, 2027.1.1 or 2027年1月1日, full-width digits included."""
    found = _TYPED_DATE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    try:
        return date(*map(int, found.groups())) if found else None
    except ValueError:
        return None


def check_day(record: DayRecord) -> str | None:
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
    if message := check_day(record):
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
    """A notice typed as lines: holidays `name, first day, last day` and make-up days `day, name`.

    The fallback to pasting the notice itself; full-width digits and commas are read as half-width, and
    a line that is wrong says what is wrong with it and how to write it."""
    parsed, seen = Parsed(), {}
    for number, line in _lines(holidays_text):
        name, days = _typed(parsed, number, line)
        if len(days) > 2:
            parsed.errors.append(
                LineError(
                    number, _("多了一个日期：每行只写开始和结束两个日期，如“春节, 2027-02-06, 2027-02-13”。")
                )
            )
        elif len(days) == 1:
            parsed.errors.append(
                LineError(
                    number,
                    _("少了结束日期：只放一天的假期，开始和结束写同一天，如“元旦, 2027-01-01, 2027-01-01”。"),
                )
            )
        elif not days:
            parsed.errors.append(
                LineError(
                    number,
                    _("没有读到日期：放假安排每行应为“节日名称, 开始日期, 结束日期”，日期如 2027-02-06。"),
                )
            )
        elif not name:
            parsed.errors.append(LineError(number, _("缺少节日名称：应为“节日名称, 开始日期, 结束日期”。")))
        elif days[1] < days[0] or (days[1] - days[0]).days >= MAX_RANGE_DAYS:
            parsed.errors.append(
                LineError(number, _("日期范围无效：结束日期不能早于开始日期，一个假期不超过 31 天。"))
            )
        else:
            for offset in range((days[1] - days[0]).days + 1):
                _add_in_year(
                    parsed, seen, number, year, DayRecord(days[0] + timedelta(days=offset), False, name[:100])
                )
    holiday_errors = len(parsed.errors)
    for number, line in _lines(makeup_text):
        name, days = _typed(parsed, number, line)
        if len(days) > 1:
            parsed.errors.append(
                LineError(
                    number, _("多了一个日期：调休上班日每行只写一天，如“2027-02-20, 春节”；两天请分两行写。")
                )
            )
        elif not days:
            parsed.errors.append(
                LineError(number, _("没有读到日期：调休上班日每行应为“日期, 节日名称”，日期如 2027-02-20。"))
            )
        else:
            _add_in_year(parsed, seen, number, year, DayRecord(days[0], True, name[:100]))
    for index, error in enumerate(parsed.errors):
        error.section = "holidays" if index < holiday_errors else "makeup"
    if not parsed.records and not parsed.errors:
        parsed.errors.append(LineError(0, _("请至少填写一个放假安排。")))
    return parsed


FULL_WIDTH_DIGITS = re.compile("[\uff10-\uff19]")


def _typed(parsed: Parsed, number: int, line: str) -> tuple[str, list[date]]:
    """A typed line's name and dates, in the order written; full-width digits noted and read."""
    if FULL_WIDTH_DIGITS.search(line):
        parsed.notes.append(LineError(number, _("全角数字已按半角读取。")))
    parts = [p.strip() for p in re.split(r"[,;\t]|\s+", unicodedata.normalize("NFKC", line))]
    days = [day for p in parts if (day := _parse_date(p)) is not None]
    names = [p for p in parts if p and _parse_date(p) is None]
    return "".join(names), days


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
