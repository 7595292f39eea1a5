"""Reading a State Council holiday notice pasted as published (国务院办公厅关于XXXX年部分节假日安排的通知).

An administrator copies the notice's page: title, 发文字号, salutation, one paragraph per holiday, the
closing words, the signature and the date. Each holiday paragraph such as

    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
        2月14日（周六）、2月28日（周六）上班。

gives its days off (ranges within and across months, days of the neighbouring year, 补休 days) and its
make-up working days. Every figure the notice states is checked: `共N天` against the days read, a
weekday in brackets against the date (a notice read for the wrong year fails here). Pure of the database;
what the days change in the stored calendar is `changes`' work.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.translation import gettext as _

from onewindow.core.workdays import DayRecord

from .changes import STATUTORY
from .parsing import LineError, Parsed, check_day

WEEKDAYS = "一二三四五六日"
MAX_RANGE_DAYS = 31

# Heading patterns are bounded and read only on short lines: a pasted page of 20,000 characters must not
# make a regular expression backtrack for minutes.
HEADING_LINE_MAX = 200
_TITLE = re.compile(r"(?:国务院(?:办公厅)?)?关于[^:,。]{0,60}?(?:节假日|假期|放假)[^:,。]{0,30}?通知")
_DOC_NUMBER = re.compile(r"[^\s:〔\[]{0,20}[〔\[]\d{4}[〕\]]\s*\d{1,4}\s*号")
_DATED = re.compile(r"(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_NOTICE_YEAR = re.compile(r"(\d{4})年")
_SUPPLEMENT_WORDS = ("调整", "延长", "补充")
# A title's holiday when a supplement's paragraph names none: 关于调整2019年劳动节假期安排的通知 -> 劳动节.
_TITLE_NAME = re.compile(
    r"关于(?:调整|延长)?(?:\d{4}年)?(.+?)(?:调休放假|放假调休|放假安排|假期安排|调休|假期|放假)?(?:的)?通知"
)
# 一、元旦：... / 1. 元旦: ... ; a name has no digits, commas or brackets (those are sentences, not names).
_HEADER = re.compile(
    r"^(?:[一二三四五六七八九十]+\s*[、.]|\(?\d{1,2}\s*[)、.])?\s*([^\d:,;。()〈〉]{1,40}?)\s*:\s*(.*)$"
)
_BRACKET = re.compile(r"\(([^()]*)\)")
_DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日(?:\s*〈(?P<note>\d+)〉)?"
)
_RANGE_LINK = re.compile(r"^\s*(?:至|到|~|-|—|–)\s*$")
_CLAUSE_SPLIT = re.compile(r"[,;。]")
_STATED_DAYS = (re.compile(r"共\s*(\d{1,2})\s*天"), re.compile(r"放假\s*(\d{1,2})\s*天"))
_WEEKDAY_NOTE = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_WORK_WORDS = ("上班", "补班")
# A line cut in the middle of a sentence (a wrapped copy) goes on in the next line.
_CUT_SHORT = ("、", ",", "至", "和", "及", "到")
_YEARLESS_MONTH = re.compile(r"(?<![\d年\s])\s*(\d{1,2})\s*月")
_OFF_WORDS = ("放假", "补休", "调休")


@dataclass
class Holiday:
    """One holiday as the notice arranges it."""

    name: str
    line: int
    off: list[date] = field(default_factory=list)
    work: list[date] = field(default_factory=list)
    stated_days: int | None = None

    @property
    def first(self) -> date | None:
        return min(self.off) if self.off else None

    @property
    def last(self) -> date | None:
        return max(self.off) if self.off else None


@dataclass
class Notice:
    """What a pasted notice says; `errors` refuse it, `notes` are shown beside the preview."""

    year: int | None = None
    title: str = ""
    doc_number: str = ""
    supplement: bool = False
    announced: list[str] = field(default_factory=list)  # festivals the opening sentence lists
    holidays: list[Holiday] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    notes: list[LineError] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """Festivals an annual notice should arrange but this text does not: a sign of a truncated paste."""
        if self.supplement:
            return []
        named = {part for h in self.holidays for part in re.split(r"[、和及]", h.name)}
        expected = self.announced or list(STATUTORY)
        return [name for name in expected if name not in named]

    def parsed(self) -> Parsed:
        """The days as records, with every error; a day in two holidays is an error."""
        parsed, seen = Parsed(errors=list(self.errors), notes=list(self.notes)), {}
        for holiday in self.holidays:
            for day, is_workday in [(d, False) for d in holiday.off] + [(d, True) for d in holiday.work]:
                record = DayRecord(day, is_workday, holiday.name[:100])
                if day in seen:
                    parsed.errors.append(
                        LineError(
                            holiday.line,
                            _("%(day)s 与第 %(other)s 行重复。") % {"day": day, "other": seen[day]},
                        )
                    )
                elif message := check_day(record):
                    parsed.errors.append(LineError(holiday.line, message))
                else:
                    seen[day] = holiday.line
                    parsed.records.append(record)
        return parsed


def holidays_of(records: list[DayRecord]) -> list[Holiday]:
    """Typed days grouped by holiday name, in the order first named, for the same preview as a notice."""
    by_name: dict[str, Holiday] = {}
    for record in records:
        holiday = by_name.setdefault(record.name, Holiday(name=record.name, line=0))
        (holiday.work if record.is_workday else holiday.off).append(record.day)
    return list(by_name.values())


def normalise(text: str) -> str:
    """Full-width digits, letters and punctuation as their half-width forms (NFKC), one space for runs."""
    return re.sub(r"[ \t\u00a0]+", " ", unicodedata.normalize("NFKC", text or "")).strip()


def read_notice(text: str, year: int | None = None, supplement: bool | None = None) -> Notice:
    """Read a pasted notice. `year` is the year the administrator named (the text's own year wins, and a
    different one is an error); `supplement` overrides what the title says (a supplementary notice
    amends the days it names; an annual one replaces its year)."""
    notice = Notice()
    lines = [(number, normalise(line)) for number, line in enumerate((text or "").splitlines(), start=1)]
    lines = _joined([(number, line) for number, line in lines if line])
    _read_heading(notice, lines, year)
    if supplement is not None:
        notice.supplement = supplement
    if year is not None and notice.year is not None and notice.year != year:
        notice.errors.append(
            LineError(
                0,
                _("通知是 %(read)s 年的安排，与填写的年份 %(year)s 不符。")
                % {"read": notice.year, "year": year},
            )
        )
        return notice
    if notice.year is None:
        notice.errors.append(LineError(0, _("通知中没有看出是哪一年的安排，请填写年份。")))
        return notice
    if not 2000 <= notice.year <= 2100:
        notice.errors.append(
            LineError(0, _("%(year)s 年不在可载入的范围（2000-2100）内。") % {"year": notice.year})
        )
        return notice
    previous: Holiday | None = None
    for number, line in lines:
        holiday = _read_paragraph(notice, number, line, previous)
        if holiday is not None and holiday is not previous:
            notice.holidays.append(holiday)
        previous = holiday or previous
    for holiday in notice.holidays:
        _check_stated_days(notice, holiday)
    if not notice.holidays:
        notice.errors.append(
            LineError(
                0, _("没有读到任何放假安排。请粘贴通知正文，每个节日一段，如“一、元旦：1月1日放假，共1天。”")
            )
        )
        if notice.supplement:
            notice.errors.append(
                LineError(
                    0,
                    _(
                        "读不出日期的补充通知，可以清空“通知全文”，在“通知类型”选“补充或调整通知”，逐行录入它所列的日期。"
                    ),
                )
            )
    return notice


def _joined(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines as paragraphs: a line that stops mid-sentence (after 、 or 至) is joined with the next."""
    joined: list[tuple[int, str]] = []
    for number, line in lines:
        if joined and joined[-1][1].endswith(_CUT_SHORT):
            joined[-1] = (joined[-1][0], joined[-1][1] + line)
        else:
            joined.append((number, line))
    return joined


def _read_heading(notice: Notice, lines: list[tuple[int, str]], year: int | None) -> None:
    for _number, line in lines:
        if len(line) > HEADING_LINE_MAX:
            continue
        if not notice.title and (title := _TITLE.search(line)):
            notice.title = title.group(0)
        elif not notice.doc_number and (number_found := _DOC_NUMBER.search(line)):
            notice.doc_number = number_found.group(0)
        elif not notice.announced and "现将" in line and ("通知如下" in line or "安排" in line):
            opening = line.split("现将", 1)[1]
            notice.announced = sorted((n for n in STATUTORY if n in opening), key=opening.index)
            if year is None and (found := _NOTICE_YEAR.search(opening)):
                year = int(found.group(1))
    if notice.title:
        if found := _NOTICE_YEAR.search(notice.title):
            year = int(found.group(1))
        notice.supplement = any(word in notice.title for word in _SUPPLEMENT_WORDS) or (
            "部分节假日安排" not in notice.title
        )
    if year is None:  # a notice whose title names no year: the first dated day off or make-up day
        dated = (
            _DATED.search(line) for _n, line in lines if any(w in line for w in _WORK_WORDS + _OFF_WORDS)
        )
        year = next((int(found.group(1)) for found in dated if found), None)
    notice.year = year


def _read_paragraph(notice: Notice, number: int, line: int, previous: Holiday | None) -> Holiday | None:
    """The holiday a line arranges (a new one, or `previous` when the line goes on with it), or None."""
    notes: list[str] = []
    body = _BRACKET.sub(lambda m: notes.append(m.group(1)) or f"〈{len(notes) - 1}〉", line)
    header = _HEADER.match(body)
    name, rest = (header.group(1).strip(), header.group(2)) if header else ("", body)
    clauses = _classified(_CLAUSE_SPLIT.split(rest))
    if not any(kind for kind, clause in clauses if _DATE.search(clause)):
        return None  # a title, a salutation, the closing words, the signature or a date line
    holiday = _holiday_for(notice, number, line, name, previous)
    if holiday is None:
        return None
    month, unread = None, []
    before_new_year = not notice.supplement and _across_new_year(rest)
    for kind, clause in clauses:
        days, month = _days_in(notice, number, clause, notes, month, before_new_year)
        target = {"off": holiday.off, "work": holiday.work}.get(kind)
        for day in days:
            if target is None:
                unread.append(day)
            elif day in (holiday.work if kind == "off" else holiday.off):
                notice.errors.append(LineError(number, _("%(day)s 既写了放假又写了上班。") % {"day": day}))
            elif day not in target:
                target.append(day)
    if not header and holiday is not previous and not holiday.off and not holiday.work:
        return (
            None  # prose that names a day and a holiday word ("自2025年1月1日起，全体公民放假的假日增加2天")
        )
    for day in unread:
        if day not in holiday.off and day not in holiday.work:
            notice.errors.append(
                LineError(
                    number,
                    _("读不出 %(day)s 是放假还是上班：这句话里没有“放假”“补休”或“上班”。请核对粘贴的原文。")
                    % {"day": day},
                )
            )
    # 共N天 counts the whole holiday; 放假N天 only where the notice says no more (元旦：1月1日放假1天).
    for pattern in _STATED_DAYS:
        if stated := pattern.search(rest):
            holiday.stated_days = int(stated.group(1))
            break
    return holiday


def _holiday_for(notice, number, line, name, previous) -> Holiday | None:
    """Whose days these are: the paragraph's own name, a festival the line names, the supplement's title,
    or the holiday of the line before when this line goes on with it (a make-up sentence on its own)."""
    if name:
        return Holiday(name=name, line=number)
    named = [n for n in STATUTORY if n in line]
    if named:
        return Holiday(name="、".join(named), line=number)
    if previous is not None:
        return previous
    if notice.supplement and (found := _TITLE_NAME.search(notice.title)):
        return Holiday(name=found.group(1), line=number)
    notice.errors.append(LineError(number, _("这一段没有节日名称，应写成“节日名称：日期……”。")))
    return None


def _classified(clauses: list[str]) -> list[tuple[str | None, str]]:
    """Each clause with what its days are (off, work or None). A clause of dates alone takes the kind of
    the clause after it: "2月14日（周六），2月28日（周六）上班" with a comma where the notice has 、."""
    kinds: list[str | None] = []
    following = None
    for clause in reversed(clauses):
        kind = _kind_of(clause)
        if kind is None and _DATE.search(clause) and not _DATE.sub("", clause).strip(" 、和及"):
            kind = following
        kinds.append(kind)
        following = kind
    return list(zip(reversed(kinds), clauses, strict=True))


def _kind_of(clause: str) -> str | None:
    if any(word in clause for word in _WORK_WORDS):
        return "work"
    if any(word in clause for word in _OFF_WORDS):
        return "off"
    return None


def _across_new_year(text: str) -> bool:
    """Whether a paragraph names December and January without years (元旦：12月31日至1月2日, or 1月1日放假、
    12月30日上班): in an annual notice that December is the year before's."""
    months = {int(m) for m in _YEARLESS_MONTH.findall(text)}
    return {12, 1} <= months


def _days_in(notice, number, clause, notes, month, before_new_year) -> tuple[list[date], int | None]:
    """The days a clause names: single days and ranges (`至`), each checked against its weekday note.
    A day followed by 起 ("2月3日起正常上班") is when things return to normal, not a day of the holiday."""
    days: list[date] = []
    previous_end, previous_day = 0, None
    for found in _DATE.finditer(clause):
        if clause[found.end() :].lstrip().startswith("起"):
            previous_end, previous_day = found.end(), None
            continue
        day, month = _day_of(notice, number, found, month, previous_day, before_new_year)
        if day is None:
            return days, month
        _check_weekday(notice, number, day, found.group("note"), notes)
        linked = previous_day is not None and _RANGE_LINK.match(clause[previous_end : found.start()])
        if linked:
            if not 0 < (day - previous_day).days < MAX_RANGE_DAYS:
                notice.errors.append(
                    LineError(
                        number,
                        _("%(first)s 至 %(last)s 不是一个有效的放假区间。")
                        % {"first": previous_day, "last": day},
                    )
                )
                return days, month
            days.extend(previous_day + timedelta(days=i) for i in range(1, (day - previous_day).days + 1))
        else:
            days.append(day)
        previous_end, previous_day = found.end(), day
    return days, month


def _day_of(notice, number, found, month, previous_day, before_new_year) -> tuple[date | None, int | None]:
    """A day's date. Without a year it is the notice's year, or the year after the day before it in a
    range across the new year; a December that a paragraph follows with January is the year before."""
    month = int(found.group("m")) if found.group("m") else month
    if month is None:
        notice.errors.append(LineError(number, _("“%(text)s”没有写月份。") % {"text": found.group(0)}))
        return None, None
    if found.group("y"):
        year = int(found.group("y"))
    elif previous_day is not None:
        year = previous_day.year + (1 if month < previous_day.month else 0)
    else:
        year = notice.year - 1 if before_new_year and month == 12 else notice.year
    try:
        day = date(year, month, int(found.group("d")))
    except ValueError:
        notice.errors.append(LineError(number, _("“%(text)s”不是有效的日期。") % {"text": found.group(0)}))
        return None, month
    # An annual notice reaches back into the December before (its 元旦), never into the next year.
    if not notice.year - (0 if notice.supplement else 1) <= day.year <= notice.year:
        notice.errors.append(
            LineError(number, _("%(day)s 不在 %(year)s 年的安排之内。") % {"day": day, "year": notice.year})
        )
        return None, month
    return day, month


def _check_weekday(notice, number, day, note_index, notes) -> None:
    if note_index is None:
        return
    found = _WEEKDAY_NOTE.search(notes[int(note_index)])
    if found is None:
        return
    stated = WEEKDAYS.index("日" if found.group(1) == "天" else found.group(1))
    if stated != day.weekday():
        notice.errors.append(
            LineError(
                number,
                _("%(day)s 是%(actual)s，通知写的是%(stated)s：年份或日期有误。")
                % {"day": day, "actual": WEEKDAY_NAMES[day.weekday()], "stated": WEEKDAY_NAMES[stated]},
            )
        )


def _check_stated_days(notice: Notice, holiday: Holiday) -> None:
    if not holiday.off and not holiday.work:
        notice.errors.append(
            LineError(holiday.line, _("%(name)s：没有读到放假或上班的日期。") % {"name": holiday.name})
        )
    elif holiday.stated_days is not None and holiday.stated_days != len(holiday.off):
        notice.errors.append(
            LineError(
                holiday.line,
                _(
                    "%(name)s：通知写“共 %(stated)s 天”，"
                    "读到的放假日期是 %(read)s 天（%(first)s 至 %(last)s）。"
                )
                % {
                    "name": holiday.name,
                    "stated": holiday.stated_days,
                    "read": len(holiday.off),
                    "first": holiday.first or "-",
                    "last": holiday.last or "-",
                },
            )
        )
