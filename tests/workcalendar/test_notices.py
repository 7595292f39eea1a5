"""The year's holiday notice pasted as published (F8b): the real State Council notices of 2015-2026, kept
as fixtures in `notices/` (public government documents), read to exactly the days chinesecalendar ships;
supplements and neighbouring years amend; nothing shrinks unconfirmed; nothing is stored from a stale
preview; typed lines say what is wrong with them."""

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from onewindow.audit.models import AuditEvent
from onewindow.core.workdays import DayRecord
from onewindow.errors import Conflict, Invalid
from onewindow.workcalendar import services
from onewindow.workcalendar.changes import plan_years
from onewindow.workcalendar.models import CalendarDay, CalendarYear
from onewindow.workcalendar.notice_text import read_notice
from onewindow.workcalendar.official import CHINESE_NAMES
from onewindow.workcalendar.parsing import parse_notice

NOTICES = Path(__file__).parent / "notices"
ANNUAL = range(2015, 2027)

# Days of a year that its annual notice does not set, by the notice that sets them.
SET_ELSEWHERE = {
    2015: {"2015-victory-day": {date(2015, 9, 3), date(2015, 9, 4), date(2015, 9, 6)}},
    2018: {"2019": {date(2018, 12, 29), date(2018, 12, 31)}},  # the 2019 notice's New Year
    2019: {"2019-labour-day": {date(2019, 4, 28), date(2019, 5, 2), date(2019, 5, 3), date(2019, 5, 5)}},
    2020: {"2020-spring-festival-extension": {date(2020, 1, 31), date(2020, 2, 1)}},
}


def notice(name: str) -> str:
    return (NOTICES / f"{name}.txt").read_text(encoding="utf-8")


def days_of(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def differences(year: int, records) -> set[date]:
    """Days of `year` whose working or not, by the records, differs from chinesecalendar."""
    by_day = {r.day: r for r in records}
    return {
        d
        for d in days_of(year)
        if chinese_calendar.is_workday(d) != (by_day[d].is_workday if d in by_day else d.weekday() < 5)
    }


@pytest.mark.parametrize("year", ANNUAL)
def test_each_annual_notice_reads_to_the_days_chinesecalendar_ships(year):
    read = read_notice(notice(str(year)))
    parsed = read.parsed()
    assert (read.year, read.supplement, parsed.errors, read.missing) == (year, False, [], [])
    assert read.title == f"国务院办公厅关于{year}年部分节假日安排的通知"
    set_elsewhere = set().union(*SET_ELSEWHERE.get(year, {}).values())
    assert differences(year, parsed.records) == set_elsewhere
    # a day off on a weekday carries the festival chinesecalendar names for it
    for record in parsed.records:
        _, name = chinese_calendar.get_holiday_detail(record.day)
        if not record.is_workday and record.day.weekday() < 5 and record.day.year == year:
            assert CHINESE_NAMES[name] in record.name, record
    for holiday in read.holidays:
        assert holiday.stated_days in (None, len(holiday.off))


def test_the_2019_notice_sets_the_end_of_2018():
    records = read_notice(notice("2019")).parsed().records
    assert {r.day: r.is_workday for r in records if r.day.year == 2018} == {
        date(2018, 12, 29): True,
        date(2018, 12, 30): False,
        date(2018, 12, 31): False,
    }


@pytest.fixture
def admin_user(demo_county, django_user_model):
    return django_user_model.objects.get(username="admin")


def stored(year: int) -> list[DayRecord]:
    return [
        DayRecord(d.day, d.is_workday, d.name)
        for d in CalendarDay.objects.filter(day__year=year).order_by("day")
    ]


def store(actor, text: str, **options):
    return services.apply_import(actor=actor, plan=services.plan_notice(text=text), **options)


def test_an_annual_notice_replaces_its_year_and_amends_the_year_before(
    admin_user, django_capture_on_commit_callbacks
):
    CalendarDay.objects.filter(day__year=2018).delete()  # 2018 as its own notice left it, in 2017
    CalendarYear.objects.filter(year=2018).delete()
    with django_capture_on_commit_callbacks(execute=True):
        store(admin_user, notice("2018"))
        assert differences(2018, stored(2018)) == {date(2018, 12, 29), date(2018, 12, 31)}
        store(admin_user, notice("2019"), accept_warnings=True)  # the shipped 2019 had Labour Day 1-4 May
    assert differences(2018, stored(2018)) == set()
    amended = AuditEvent.objects.get(action="workcalendar.year.amend", object_id="2018")
    assert amended.after["days"] == {
        "2018-12-29": ["work", "元旦"],
        "2018-12-30": ["off", "元旦"],
        "2018-12-31": ["off", "元旦"],
    }
    assert amended.before["days"] == {}
    assert amended.after["notice"] == "国务院办公厅关于2019年部分节假日安排的通知 国办发明电〔2018〕15号"
    assert amended.actor_id == admin_user.pk
    # the 2018 notice again: the days the 2019 notice set in December stay
    with django_capture_on_commit_callbacks(execute=True):
        store(admin_user, notice("2018"))
    assert differences(2018, stored(2018)) == set()


def test_the_labour_day_supplement_makes_2019_equal_to_chinesecalendar(
    admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        store(admin_user, notice("2019"), accept_warnings=True)
        assert differences(2019, stored(2019)) == SET_ELSEWHERE[2019]["2019-labour-day"]
        plan = services.plan_notice(text=notice("2019-labour-day"))
        assert [(p.year, p.replace) for p in plan.years] == [(2019, False)]
        assert {c.day for c in plan.years[0].changes} == SET_ELSEWHERE[2019]["2019-labour-day"] | {
            date(2019, 5, 4)
        }
        assert plan.warnings == []
        services.apply_import(actor=admin_user, plan=plan)
    assert differences(2019, stored(2019)) == set()
    assert AuditEvent.objects.filter(action="workcalendar.year.amend", object_id="2019").count() == 1


def test_the_victory_day_notice_is_a_one_off_holiday_that_amends_2015(
    admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        store(admin_user, notice("2015"), accept_warnings=True)
        read = read_notice(notice("2015-victory-day"))
        assert (read.year, read.supplement, read.doc_number) == (2015, True, "国发明电〔2015〕1号")
        assert read.holidays[0].name == "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"
        store(admin_user, notice("2015-victory-day"))
    assert differences(2015, stored(2015)) == set()


def test_a_notice_that_cannot_be_read_whole_is_refused_not_half_stored(admin_user):
    """The 2020 extension says "延长…至2月2日" without a first day: refused, the date named in a note."""
    plan = services.plan_notice(text=notice("2020-spring-festival-extension"))
    assert [e.message for e in plan.errors] == [
        "没有读到任何放假安排。请粘贴通知正文，每个节日一段，如“一、元旦：1月1日放假，共1天。”",
        "读不出日期的补充通知，可以清空“通知全文”，在“通知类型”选“补充或调整通知”，逐行录入它所列的日期。",
    ]
    with pytest.raises(Invalid):
        services.apply_import(actor=admin_user, plan=plan)


def test_a_truncated_notice_is_not_stored_without_the_confirmation(
    admin_user, django_capture_on_commit_callbacks
):
    lines = notice("2026").splitlines()
    truncated = "\n".join(lines[: next(i for i, line in enumerate(lines) if line.startswith("三、"))])
    plan = services.plan_notice(text=truncated)
    assert plan.errors == []
    assert plan.warnings == [
        "2026 年的放假日从 33 天减少为 12 天。",
        "2026 年将不再有这些节日的放假日：清明节、劳动节、端午节、中秋节、国庆节。",
        "2026 年的调休上班日从 6 天减少为 3 天。",
        "没有读到这些节日的放假安排，通知可能没有粘贴完整：清明节、劳动节、端午节、中秋节、国庆节。",
    ]
    before = stored(2026)
    with pytest.raises(Invalid) as refused:
        services.apply_import(actor=admin_user, plan=plan)
    assert refused.value.code == "calendar_needs_confirmation"
    assert stored(2026) == before
    # a year not loaded yet has nothing to shrink from: the notice's own opening sentence tells
    CalendarDay.objects.filter(day__year=2026).delete()
    CalendarYear.objects.filter(year=2026).delete()
    assert services.plan_notice(text=truncated).warnings == [
        "没有读到这些节日的放假安排，通知可能没有粘贴完整：清明节、劳动节、端午节、中秋节、国庆节。"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_import(
            actor=admin_user, plan=services.plan_notice(text=truncated), accept_warnings=True
        )
    assert len(stored(2026)) == 15


def test_a_confirmation_made_on_a_stale_preview_is_refused(admin_user, django_capture_on_commit_callbacks):
    CalendarDay.objects.filter(day__year=2026).delete()
    CalendarYear.objects.filter(year=2026).delete()
    shown = services.plan_notice(text=notice("2026"))
    with django_capture_on_commit_callbacks(execute=True):
        services.import_days(
            actor=admin_user, parsed=parse_notice(2026, "元旦, 2026-01-01, 2026-01-03", ""), source="notice"
        )
    with pytest.raises(Conflict):
        services.apply_import(
            actor=admin_user, plan=services.plan_notice(text=notice("2026")), basis=shown.basis
        )
    assert len(stored(2026)) == 3


def test_the_stated_number_of_days_and_the_weekday_notes_are_checked():
    text = notice("2026").replace(
        "至23日（农历正月初七、周一）放假调休，共9天", "至23日（农历正月初七、周一）放假调休，共8天"
    )
    assert [e.message for e in read_notice(text).errors] == [
        "春节：通知写“共 8 天”，读到的放假日期是 9 天（2026-02-15 至 2026-02-23）。"
    ]
    # the 2026 notice read as if it were 2027's: every weekday note disagrees
    wrong_year = notice("2026").replace("2026年", "2027年")
    messages = [e.message for e in read_notice(wrong_year).parsed().errors]
    assert "2027-01-01 是星期五，通知写的是星期四：年份或日期有误。" in messages


def test_a_named_year_that_differs_from_the_notice_is_refused():
    assert [e.message for e in read_notice(notice("2026"), 2027).errors] == [
        "通知是 2026 年的安排，与填写的年份 2027 不符。"
    ]


def test_typed_lines_say_what_is_wrong_and_read_full_width_digits():
    parsed = parse_notice(
        2027, "元旦，２０２７－０１－０１，２０２７－０１－０３\n春节, 2027-02-06", "2027-02-14, 2027-02-20"
    )
    assert [(e.section, e.line, e.message) for e in parsed.errors] == [
        (
            "holidays",
            2,
            "少了结束日期：只放一天的假期，开始和结束写同一天，如“元旦, 2027-01-01, 2027-01-01”。",
        ),
        ("makeup", 1, "多了一个日期：调休上班日每行只写一天，如“2027-02-20, 春节”；两天请分两行写。"),
    ]
    assert [n.message for n in parsed.notes] == ["全角数字已按半角读取。"]
    assert [r.day for r in parsed.records] == [date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)]


@pytest.mark.parametrize(
    ("year", "published", "pasted"),
    [
        (2023, "2022年12月31日至2023年1月2日", "12月31日至1月2日"),  # 元旦 across the new year, no years
        (2026, "2月14日（周六）、", "2月14日（周六）、\n"),  # a copy wrapped in the middle of a sentence
        (2026, "2月14日（周六）、2月28日", "2月14日（周六），2月28日"),  # a comma where the notice has 、
        (2026, "1月4日（周日）上班", "1月4日（周日）补班"),  # a repost's wording
        (2026, "5月1日（周五）至5日（周二）放假调休，共5天", "5月1日 （周五）至5日 （周二）放假调休"),
        (2026, "（", "("),  # half-width brackets
    ],
)
def test_variations_of_a_pasted_notice_read_to_the_same_days(year, published, pasted):
    text = notice(str(year))
    assert published in text
    read = read_notice(text.replace(published, pasted, 1))
    parsed = read.parsed()
    assert parsed.errors == []
    assert sorted(parsed.records, key=lambda r: r.day) == sorted(
        read_notice(text).parsed().records, key=lambda r: r.day
    )


def test_a_day_whose_sentence_says_neither_off_nor_working_is_refused_not_dropped():
    text = notice("2026").replace(
        "9月20日（周日）、10月10日（周六）上班", "9月20日（周日）、10月10日（周六）调整"
    )
    assert [e.message for e in read_notice(text).errors] == [
        "读不出 2026-09-20 是放假还是上班：这句话里没有“放假”“补休”或“上班”。请核对粘贴的原文。",
        "读不出 2026-10-10 是放假还是上班：这句话里没有“放假”“补休”或“上班”。请核对粘贴的原文。",
    ]


def test_an_annual_notice_never_sets_a_day_of_the_next_year():
    text = notice("2026").replace("10月1日（周四）至7日（周三）", "12月31日（周四）至2027年1月6日（周三）")
    messages = [e.message for e in read_notice(text).errors]
    assert "2027-01-06 不在 2026 年的安排之内。" in messages


def test_pathological_pastes_are_read_without_backtracking():
    """One admin's paste must not tie up a worker: these took minutes with unbounded patterns."""
    for text in ("关于放假" * 5000, "〔" * 20000, ("2月14日、" * 2000) + "上班", "一、" + "元旦：" * 4000):
        read = read_notice(text, 2027)
        assert read.errors


# --- properties of the pure core -------------------------------------------------------------------

WEEKDAY = "一二三四五六日"


def _written(day: date, month_shown: bool, style) -> str:
    text = f"{day.month}月{day.day}日" if month_shown else f"{day.day}日"
    if not style["weekdays"]:
        return text
    return f"{text}{' ' if style['spaced'] else ''}（{style['week']}{WEEKDAY[day.weekday()]}）"


@st.composite
def arrangements(draw):
    """A year's holidays as a notice would arrange them: ranges of 1-9 days (possibly across a month's
    end, and 元旦 across the new year), some with make-up weekend days, none overlapping."""
    year = draw(st.integers(2030, 2060))
    taken: set[date] = set()
    holidays = []
    names = draw(
        st.lists(
            st.sampled_from(["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]),
            min_size=1,
            max_size=7,
            unique=True,
        )
    )
    for name in names:
        if name == "元旦":  # 1 January, perhaps from a day or two of the December before
            offset = draw(st.integers(-2, 0))
            first = date(year, 1, 1) + timedelta(days=offset)
            off = [first + timedelta(days=i) for i in range(draw(st.integers(1 - offset, 4)))]
        else:
            first = date(year, 1, 1) + timedelta(days=draw(st.integers(0, 350)))
            off = [first + timedelta(days=i) for i in range(draw(st.integers(1, 9)))]
        weekends = [
            first - timedelta(days=i) for i in range(2, 20) if (first - timedelta(days=i)).weekday() >= 5
        ]
        work = sorted(draw(st.lists(st.sampled_from(weekends), max_size=2, unique=True)))
        days = off + work
        in_reach = all(
            d.year == year or (name == "元旦" and d.year == year - 1 and d.month == 12) for d in days
        )
        if taken & set(days) or not in_reach:
            continue
        taken |= set(days)
        holidays.append((name, off, work))
    assume(holidays)
    style = {
        "weekdays": draw(st.booleans()),
        "spaced": draw(st.booleans()),
        "week": draw(st.sampled_from(["周", "星期"])),
        "comma": draw(st.sampled_from(["、", "，"])),
        "wrapped": draw(st.booleans()),
    }
    return year, holidays, style


def _render(year, holidays, style) -> str:
    lines = [
        f"国务院办公厅关于{year}年部分节假日安排的通知",
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
    ]
    for number, (name, off, work) in enumerate(holidays):
        first, last = off[0], off[-1]
        span = _written(first, True, style)
        if first != last:
            span += f"至{_written(last, last.month != first.month, style)}"
        sentence = f"{'一二三四五六七'[number]}、{name}：{span}放假调休，共{len(off)}天。"
        if work:
            sentence += (style["comma"] + ("\n" if style["wrapped"] and style["comma"] == "、" else "")).join(
                _written(d, True, style) for d in work
            ) + "上班。"
        lines.append(sentence)
    lines += ["国务院办公厅", f"{year - 1}年11月4日"]
    return "\n".join(lines)


@given(arrangements())
def test_a_notice_written_from_an_arrangement_reads_back_to_it(arrangement):
    """Written with or without weekday notes, spaced or not, 周 or 星期, 、 or a comma, wrapped or not,
    and with no years at all (元旦 across the new year included): read back to the same days."""
    year, holidays, style = arrangement
    read = read_notice(_render(year, holidays, style))
    assert read.errors == [] and read.year == year
    assert [(h.name, h.off, h.work) for h in read.holidays] == holidays


@given(arrangements(), arrangements())
def test_an_amendment_changes_only_the_days_it_names_and_a_replacement_keeps_only_the_next_new_year(
    stored_arrangement, new_arrangement
):
    year = stored_arrangement[0]

    def as_records(holidays):
        moved = (
            (d.replace(year=year + d.year - holidays_year), is_workday, name)
            for holidays_year, hs in (holidays,)
            for name, off, work in hs
            for days, is_workday in ((off, False), (work, True))
            for d in days
            if not (d.month == 2 and d.day == 29)
        )
        return [DayRecord(d, is_workday, name) for d, is_workday, name in moved if d.year == year]

    before = as_records(stored_arrangement[:2])
    new = as_records(new_arrangement[:2])
    new_days = {r.day: r for r in new}
    (amended,) = plan_years({year: before}, {year}, new, replace=set())
    for day in {r.day for r in before} | set(new_days):
        assert amended.after[day] == new_days.get(day) or next(r for r in before if r.day == day)
    assert {c.day for c in amended.changes} <= set(new_days)
    (replaced,) = plan_years({year: before}, {year}, new, replace={year}, keep_next_new_year=True)
    assert all(replaced.after[d] == r for d, r in new_days.items())
    for day in set(replaced.after) - set(new_days):
        assert day.month == 12 and "元旦" in replaced.after[day].name
        assert replaced.after[day] in before


# --- the API and the pages ---------------------------------------------------------------------------


def test_a_program_previews_then_stores_the_notice_through_the_api(
    demo_county, login, django_capture_on_commit_callbacks
):
    CalendarDay.objects.filter(day__year=2026).delete()
    CalendarYear.objects.filter(year=2026).delete()
    api = login("admin")
    preview = api.post(
        "/api/v1/calendar/notices/preview", {"text": notice("2026")}, content_type="application/json"
    )
    assert preview.status_code == 200
    body = preview.json()
    assert (body["year"], body["errors"], body["warnings"]) == (2026, [], [])
    assert [h["name"] for h in body["holidays"]] == [
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "中秋节",
        "国庆节",
    ]
    (year,) = body["years"]
    assert (year["replace"], year["loaded"], year["off_after"], year["work_after"]) == (True, False, 33, 6)
    assert year["changes"][0] == {
        "date": "2026-01-01",
        "change": "added",
        "before": None,
        "after": {"kind": "off", "name": "元旦"},
    }
    assert not CalendarYear.objects.filter(year=2026).exists()
    with django_capture_on_commit_callbacks(execute=True):
        stored_answer = api.post(
            "/api/v1/calendar/notices",
            {"text": notice("2026"), "basis": body["basis"]},
            content_type="application/json",
        )
    assert stored_answer.status_code == 201 and stored_answer.json() == {"years": [2026], "days": 39}
    assert differences(2026, stored(2026)) == set()
    # the same basis again is stale now
    again = api.post(
        "/api/v1/calendar/notices",
        {"text": notice("2026"), "basis": body["basis"]},
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "calendar_changed"


def test_the_api_refuses_a_shrinking_notice_until_accepted_and_bad_lines_always(demo_county, login):
    api = login("admin")
    truncated = "\n".join(notice("2026").splitlines()[:6])
    unseen = api.post("/api/v1/calendar/notices", {"text": truncated}, content_type="application/json")
    assert unseen.status_code == 422  # a notice is stored only as previewed: the basis is required
    preview = api.post(
        "/api/v1/calendar/notices/preview", {"text": truncated}, content_type="application/json"
    )
    basis = preview.json()["basis"]
    refused = api.post(
        "/api/v1/calendar/notices", {"text": truncated, "basis": basis}, content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["code"] == "calendar_needs_confirmation"
    assert len(refused.json()["details"]) == 4
    typed = {"year": 2027, "holidays": "元旦, 2027-01-01, 2027-01-03", "makeup": "2027-02-14, 2027-02-20"}
    wrong = api.post(
        "/api/v1/calendar/notices",
        {**typed, "accept_warnings": True, "basis": basis},
        content_type="application/json",
    )
    assert wrong.status_code == 422 and wrong.json()["code"] == "calendar_invalid"
    assert wrong.json()["details"][0]["section"] == "makeup"
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize("username", ["clerk", "supervisor", "leader"])
def test_only_administrators_preview_or_store_a_notice(demo_county, login, username):
    client = login(username)
    for path in ("/api/v1/calendar/notices/preview", "/api/v1/calendar/notices"):
        body = {"text": notice("2026"), "basis": "0"}
        assert client.post(path, body, content_type="application/json").status_code == 403
    assert client.post("/calendar/notice/", {"text": notice("2026"), "action": "confirm"}).status_code == 403


def test_the_page_previews_without_storing_and_a_shrink_needs_the_box_ticked(demo_county, login):
    admin = login("admin")
    truncated = "\n".join(notice("2026").splitlines()[:6])
    page = admin.post("/calendar/notice/", {"text": truncated, "action": "preview"})
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="preview-warnings"' in text
    assert "2026 年的放假日从 33 天减少为 12 天。" in text
    basis = page.context["plan"].basis
    refused = admin.post("/calendar/notice/", {"text": truncated, "action": "confirm", "basis": basis})
    assert refused.status_code == 200 and "请核对差异" in refused.content.decode()
    assert CalendarDay.objects.filter(day__year=2026).count() == 39
    done = admin.post(
        "/calendar/notice/", {"text": truncated, "action": "confirm", "basis": basis, "accept": "on"}
    )
    assert done.status_code == 302 and done["Location"] == "/calendar/2026/"
    assert CalendarDay.objects.filter(day__year=2026).count() == 15


def test_a_csv_that_would_shrink_a_year_asks_for_the_box_and_keeps_what_was_uploaded(demo_county, login):
    admin = login("admin")
    answer = admin.post("/calendar/import/", {"text": "2026-01-01,off,元旦\n"})
    text = answer.content.decode()
    assert answer.status_code == 200 and 'data-testid="accept-warnings"' in text
    assert "2026-01-01,off,元旦" in text.split('id="id_text"', 1)[1]
    assert CalendarDay.objects.filter(day__year=2026).count() == 39
    done = admin.post("/calendar/import/", {"text": "2026-01-01,off,元旦\n", "accept": "on"})
    assert done.status_code == 302 and CalendarDay.objects.filter(day__year=2026).count() == 1


def test_the_years_page_lists_each_import_and_amendment_with_its_notice_and_who(
    demo_county, login, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        store(admin_user, notice("2019"), accept_warnings=True)
        store(admin_user, notice("2019-labour-day"))
    text = login("admin").get("/calendar/").content.decode()
    changes = text.split('data-testid="calendar-changes"', 1)[1]
    amend, reload = changes.split('<tr data-action="')[1:3]
    assert amend.startswith("amend")
    assert "国务院办公厅关于调整2019年劳动节假期安排的通知 国办发明电〔2019〕3号" in amend
    assert '<td class="text-end">5</td>' in amend  # 28 April and 2-5 May; 1 May stays as it was
    assert reload.startswith("reload") and "国办发明电〔2018〕15号" in reload
    assert admin_user.get_username() in amend or str(admin_user) in amend
