"""F8 item 1 in the browser, on a hall's 1366x768 monitor: a clerk accepts on 4 December 2026 a
30-working-day item; the result and the receipt say the deadline waits for the 2027 calendar; the admin
home warns with the count; the admin loads the 2027 holidays; the case shows the deadline of an
independent count and the applicant has one message about it."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from onewindow.cases.models import Case
from onewindow.catalog.models import ItemVersion
from onewindow.demo.catalog import load_demo_catalog
from onewindow.notices.models import ApplicantMessage
from onewindow.timelimits import reading as timelimits_reading
from onewindow.workcalendar.models import CalendarYear
from tests.cases.test_year_end import WAITING, independent_deadline

from .conftest import _close, _new_page, fill_in_everything_on_paper, switch_to

PERSON_ID = "370982199003150011"
HOLIDAYS_2027 = "元旦, 2027-01-01, 2027-01-03\n春节, 2027-02-06, 2027-02-13\n国庆节, 2027-10-01, 2027-10-07"
MAKEUP_2027 = "2027-02-14, 春节\n2027-02-20, 春节\n2027-09-26, 国庆节\n2027-10-09, 国庆节"


@pytest.fixture
def monitor(browser, live_server):
    context, page = _new_page(browser, live_server, viewport={"width": 1366, "height": 768})
    yield page
    _close(context, page)


@pytest.fixture
def december(demo_live, monkeypatch):
    load_demo_catalog()
    CalendarYear.objects.filter(year__gte=2027).delete()
    monkeypatch.setattr(timelimits_reading, "today", lambda: date(2026, 12, 4))
    return ItemVersion.objects.get(name="工伤认定", status="published")


def test_a_december_case_waits_for_2027_and_gets_its_deadline_when_the_year_is_loaded(monitor, december):
    page = monitor
    switch_to(page, "clerk")
    page.goto(f"{page.base_url}/cases/intake/new/?item={december.implementation_code}")
    fill_in_everything_on_paper(page, PERSON_ID)
    expect(page.locator('[data-outcome="accept"]')).to_be_visible()
    page.get_by_test_id("submit").click()
    expect(page).to_have_url(re.compile(r"/cases/intake/\d{20}/$"))
    expect(page.get_by_test_id("outcome")).to_have_attribute("data-outcome", "accepted")
    expect(page.get_by_test_id("deadline-waiting")).to_contain_text(WAITING)
    case = Case.objects.get()
    assert case.accepted_on == date(2026, 12, 4) and case.limit_days == 30

    page.goto(f"{page.base_url}/cases/{case.number}/print/receipt/")
    expect(page.get_by_test_id("receipt-deadline")).to_contain_text(WAITING)

    switch_to(page, "admin")
    warning = page.get_by_test_id("calendar-ahead")
    expect(warning).to_have_attribute("data-year", "2027")
    expect(warning).to_have_attribute("data-waiting", "1")
    page.get_by_test_id("calendar-ahead-import").click()
    page.get_by_text("或逐行录入（备用）").click()
    page.fill("#id_year", "2027")
    page.fill("#id_holidays", HOLIDAYS_2027)
    page.fill("#id_makeup", MAKEUP_2027)
    page.get_by_role("button", name="预览", exact=True).click()
    page.get_by_role("button", name="确认保存并重新计算期限").click()
    expect(page).to_have_url(re.compile(r"/calendar/2027/$"))

    expected = independent_deadline(date(2026, 12, 4), 30)
    switch_to(page, "clerk")
    page.goto(f"{page.base_url}/cases/{case.number}/")
    expect(page.get_by_test_id("deadline")).to_have_text(expected.isoformat())
    told = ApplicantMessage.objects.filter(case=case, kind="deadline")
    assert told.count() == 1 and expected.isoformat() in told.get().text
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
