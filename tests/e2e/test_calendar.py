import re

from playwright.sync_api import expect

from onewindow.demo.county import DEMO_PASSWORD

from .conftest import sign_in


def test_admin_reads_the_year_and_loads_next_years_notice(page, demo_live):
    sign_in(page, "admin", DEMO_PASSWORD)
    page.get_by_role("link", name="工作日历").click()
    page.get_by_role("link", name="2026", exact=True).click()
    expect(page.locator('td[data-date="2026-10-01"]')).to_have_attribute("data-kind", "holiday")
    expect(page.locator('td[data-date="2026-10-10"]')).to_have_attribute("data-kind", "makeup")
    expect(page.locator('td[data-date="2026-10-01"]')).to_have_attribute("title", "国庆节")

    page.get_by_role("link", name="录入国务院放假通知").click()
    page.get_by_text("或逐行录入（备用）").click()
    page.fill("#id_year", "2027")
    page.fill("#id_holidays", "元旦, 2027-01-01, 2027-01-03\n国庆节, 2027-10-01, 2027-10-07")
    page.fill("#id_makeup", "2027-10-13, 国庆节")  # a Wednesday: a mistake the form must catch
    page.get_by_role("button", name="预览", exact=True).click()
    errors = page.get_by_test_id("preview-errors")
    expect(errors).to_contain_text("第 1 行")
    expect(errors).to_contain_text("本来就是工作日")
    expect(page.get_by_test_id("confirm-form")).to_have_count(0)

    page.fill("#id_makeup", "2027-09-26, 国庆节\n2027-10-09, 国庆节")
    page.get_by_role("button", name="预览", exact=True).click()
    expect(page.get_by_test_id("preview-year-2027").locator('td[data-date="2027-10-09"]')).to_have_attribute(
        "data-change", "added"
    )
    page.get_by_role("button", name="确认保存并重新计算期限").click()
    expect(page).to_have_url(re.compile(r"/calendar/2027/$"))
    expect(page.locator('td[data-date="2027-10-09"]')).to_have_attribute("data-kind", "makeup")
