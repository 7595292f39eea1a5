"""F8b in the browser: with 2026 not loaded yet (as in December 2025), a case accepted on 4 December 2025
waits for the 2026 calendar. The admin copies the State Council notice's page from gov.cn, page chrome
and all, pastes it, sees the year month by month, confirms, and the calendar shows 2026; the case now
shows the deadline an independent count gives."""

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from onewindow.cases.models import Case
from onewindow.timelimits import reading as timelimits_reading
from onewindow.workcalendar.models import CalendarDay, CalendarYear
from onewindow.workcalendar.official import naive_add_workdays
from tests.cases.conftest import intake

from .conftest import switch_to

NOTICE_2026 = (Path(__file__).parents[1] / "workcalendar" / "notices" / "2026.txt").read_text(
    encoding="utf-8"
)
# The page around the notice on www.gov.cn, as a select-all copy brings it along.
PAGE_TEXT = (
    "首页 > 政策 > 最新\n"
    "索 引 号：000014349/2025-00076\t主题分类：综合政务\\其他\n"
    "发文机关：国务院办公厅\t成文日期：2025年11月04日\n"
    "标　　题：国务院办公厅关于2026年部分节假日安排的通知\n"
    "发文字号：国办发明电〔2025〕7号\t发布日期：2025年11月04日\n"
    f"{NOTICE_2026}\n"
    "【我要纠错】 责任编辑：张倩\n"
    "扫一扫在手机打开当前页\n"
)


@pytest.fixture
def december_2025(demo_live, monkeypatch):
    from onewindow.demo.catalog import load_demo_catalog

    load_demo_catalog()
    CalendarDay.objects.filter(day__year__gte=2026).delete()
    CalendarYear.objects.filter(year__gte=2026).delete()
    monkeypatch.setattr(timelimits_reading, "today", lambda: date(2025, 12, 4))


def test_the_admin_pastes_the_2026_notice_previews_confirms_and_the_waiting_case_gets_its_date(
    page, december_2025
):
    case = intake("clerk", "工伤认定")  # 30 working days from 4 December 2025
    assert case.clock_state == "no_calendar" and case.deadline is None

    switch_to(page, "admin")
    page.goto(f"{page.base_url}/calendar/notice/")
    page.fill("#id_text", PAGE_TEXT)
    page.get_by_role("button", name="预览", exact=True).click()

    preview = page.get_by_test_id("notice-preview")
    expect(preview.get_by_test_id("preview-year")).to_have_text("2026")
    expect(preview).to_contain_text("国务院办公厅关于2026年部分节假日安排的通知 国办发明电〔2025〕7号")
    holidays = preview.get_by_test_id("preview-holidays")
    expect(holidays.locator("tbody tr")).to_have_count(7)
    expect(holidays.locator('tr[data-holiday="春节"]')).to_contain_text("2026-02-15 – 2026-02-23")
    expect(holidays.locator('tr[data-holiday="春节"]')).to_contain_text("2026-02-14、2026-02-28")
    year = preview.get_by_test_id("preview-year-2026")
    expect(year.locator(".cal-month")).to_have_count(12)
    expect(year.locator('td[data-date="2026-10-01"]')).to_have_attribute("data-kind", "holiday")
    expect(year.locator('td[data-date="2026-10-10"]')).to_have_attribute("data-change", "added")
    expect(page.get_by_test_id("preview-errors")).to_have_count(0)
    assert not CalendarYear.objects.filter(year=2026).exists()  # nothing stored by a preview
    for width, height in ((390, 844), (1366, 768)):  # a phone and a hall's monitor: nothing runs off
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("button", name="确认保存并重新计算期限").click()
    expect(page).to_have_url(re.compile(r"/calendar/2026/$"))
    expect(page.locator('td[data-date="2026-02-14"]')).to_have_attribute("data-kind", "makeup")
    expect(page.locator('td[data-date="2026-02-23"]')).to_have_attribute("title", "春节")

    expected = naive_add_workdays(date(2025, 12, 4), 30)
    assert expected.year == 2026
    switch_to(page, "clerk")
    page.goto(f"{page.base_url}/cases/{case.number}/")
    expect(page.get_by_test_id("deadline")).to_have_text(expected.isoformat())
    assert Case.objects.get(pk=case.pk).deadline == expected
