"""Browser tests: Playwright for Python driving Debian's Chromium, never a downloaded browser.

Without /usr/bin/chromium the tests skip with the reason; with ONEWINDOW_REQUIRE_BROWSER=1 (set by
.ci/run) a missing browser is an error instead.
"""

import os
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM}: install Debian's chromium to run the browser tests"
        if os.environ.get("ONEWINDOW_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _new_page(browser, live_server, **options):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    page.csp_violations = []
    page.on("console", lambda message: _note_csp_violation(page, message))
    # A confirmation (data-confirm, hx-confirm) is answered yes unless a test says no; each is kept.
    page.dialogs = []
    page.answer_dialogs = True
    page.on("dialog", lambda dialog: _answer(page, dialog))
    return context, page


def _answer(page, dialog):
    page.dialogs.append(dialog.message)
    dialog.accept() if page.answer_dialogs else dialog.dismiss()


def _note_csp_violation(page, message):
    if message.type == "error" and "Content Security Policy" in message.text:
        page.csp_violations.append(f"{page.url}: {message.text}")


def _close(context, page):
    """Every browser test is also a Content-Security-Policy test: a page that needs an inline script or
    style, or anything from another origin, fails the test that opened it."""
    violations = page.csp_violations
    context.close()
    assert not violations, "Content-Security-Policy refused:\n" + "\n".join(violations)


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server)
    yield page
    _close(context, page)


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _new_page(
        browser, live_server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield page
    _close(context, page)


@pytest.fixture
def demo_live(transactional_db):
    """The demo county for a live server. Transactional tests empty every table after each test,
    the calendar seeded by migration included, so it is seeded again here."""
    from onewindow.demo import county as demo
    from onewindow.workcalendar.models import CalendarDay, CalendarYear
    from onewindow.workcalendar.official import seed_shipped_years

    seed_shipped_years(CalendarYear, CalendarDay)
    demo.load_demo()
    return demo


@pytest.fixture
def county(demo_live, monkeypatch):
    """The demo county and catalog on the live server, on a fixed service day."""
    from onewindow.demo.catalog import load_demo_catalog
    from onewindow.timelimits import reading as timelimits_reading

    load_demo_catalog()
    monkeypatch.setattr(timelimits_reading, "today", lambda: date(2025, 9, 1))
    return demo_live


def sign_in(page, username: str, password: str):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].btn-primary")


def fill_in_everything_on_paper(page, id_number: str = "370982199003150011"):
    """On the intake screen: a person applicant, every checklist line handed in on paper (certificate
    lines too, which the library may not hold)."""
    page.get_by_test_id("applicant_name").fill("张三")
    page.get_by_test_id("applicant_id_number").fill(id_number)
    page.get_by_test_id("applicant_phone").fill("13805381234")
    page.get_by_test_id("all-paper").click()
    for radio in page.locator('input[data-testid$="-paper"]').all():
        radio.check()


def switch_to(page, username: str, password: str = ""):
    """Sign in afresh as another person (the demo password unless given)."""
    from onewindow.demo.county import DEMO_PASSWORD

    page.context.clear_cookies()
    sign_in(page, username, password or DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/home/"))


def open_case(page, case):
    page.goto(f"{page.base_url}/cases/{case.number}/")
    expect(page.get_by_test_id("case-number")).to_have_text(case.number)


def click_action(page, slot: str):
    """Open an action's form and wait until it is shown, or take a one-click action and wait for the
    answer's page: the next step never races the last one."""
    button = page.get_by_test_id(f"action-{slot}")
    if button.get_attribute("data-bs-toggle") == "collapse":
        button.click()
        expect(page.locator(f"#form-{slot}")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    else:
        with page.expect_navigation(wait_until="domcontentloaded"):
            button.click()


def submit(page, slot: str):
    """Send the open form and wait for the answer's page (a click that sent nothing fails here, by name)."""
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_test_id(f"submit-{slot}").click()


def expect_status(page, status: str):
    expect(page.get_by_test_id("status-badge")).to_have_attribute("data-status", status)
