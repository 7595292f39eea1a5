"""Pages the other browser tests do not open, under the Content-Security-Policy: the admin, the API
docs, printed notices and the catalog import's progress bar. The `page` fixture fails on any refusal."""

import re

from playwright.sync_api import expect

from onewindow.demo.county import DEMO_PASSWORD
from tests.cases.conftest import intake
from tests.cases.test_pages import MORTGAGE

from .conftest import sign_in


def test_the_admin_and_the_api_docs_run_under_the_policy(page, county):
    response = page.goto(page.base_url + "/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_be_visible()
    sign_in(page, "admin", DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/home/admin/$"))
    for path in ("/admin/", "/admin/accounts/user/", "/admin/accounts/user/?q=clerk", "/calendar/notice/"):
        page.goto(page.base_url + path)
        expect(page.locator("body")).to_be_visible()
    page.goto(page.base_url + "/admin/accounts/user/")
    page.locator("#result_list tbody th a").first.click()
    expect(page.locator("#content h1, #content h2").first).to_be_visible()


def test_a_printed_receipt_prints_from_its_button_without_inline_script(page, county):
    case = intake("clerk", MORTGAGE)
    sign_in(page, "clerk", DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/home/"))
    page.goto(f"{page.base_url}/cases/{case.number}/print/receipt/")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_test_id("print-button").click()
    assert page.evaluate("() => window.printed") == 1
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"  # print.css applied


def test_the_import_progress_bar_takes_its_width_from_the_server(page, county, tmp_path, settings):
    from onewindow.catalog.excel import export_catalog

    settings.MEDIA_ROOT = tmp_path
    sign_in(page, "admin", DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/home/admin/$"))
    page.goto(page.base_url + "/catalog/import/")
    workbook = tmp_path / "catalog.xlsx"
    export_catalog().save(workbook)
    page.set_input_files("#id_file", str(workbook))
    page.locator("#id_file").locator("xpath=ancestor::form").locator("button[type=submit]").click()
    progress = page.get_by_test_id("import-progress")
    expect(progress).to_have_attribute("data-state", re.compile("done|failed"), timeout=60_000)
    bar = progress.locator("[data-width-percent]")
    expected = int(bar.get_attribute("data-width-percent"))
    assert page.evaluate("el => el.style.width", bar.element_handle()) == f"{expected}%"
