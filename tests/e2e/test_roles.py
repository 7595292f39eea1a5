import re

import pytest
from playwright.sync_api import expect

from onewindow.demo.county import DEMO_PASSWORD

from .conftest import sign_in

# One demo account per role, and the home page each must land on.
ROLE_ACCOUNTS = [
    ("clerk", "window_clerk", "综合受理工作台"),
    ("chief", "chief_rep", "首席代表工作台"),
    ("reviewer", "reviewer", "部门审批工作台"),
    ("agent", "agent", "代办员工作台"),
    ("supervisor", "supervisor", "电子监察与督办工作台"),
    ("leader", "leader", "领导工作台"),
    ("admin", "admin", "系统管理工作台"),
]


@pytest.mark.parametrize(("username", "role", "title"), ROLE_ACCOUNTS)
def test_each_demo_role_logs_in_and_lands_on_its_own_home(page, demo_live, username, role, title):
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    sign_in(page, username, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(rf"/home/{role}/$"))
    heading = page.get_by_test_id("home-title")
    expect(heading).to_have_attribute("data-role", role)
    expect(heading).to_have_text(title)
    assert not failed, f"requests failed: {failed}"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "flex"
    )  # Bootstrap loaded


def test_wrong_password_is_explained_in_chinese(page, demo_live):
    sign_in(page, "clerk", "wrong-password")
    expect(page.get_by_test_id("login-error")).to_contain_text("用户名或密码不正确")


def test_language_switch_turns_the_page_english(page, demo_live):
    sign_in(page, "clerk", DEMO_PASSWORD)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("home-title")).to_have_text("Comprehensive intake workbench")


def test_token_is_made_shown_once_and_revoked_in_the_browser(page, demo_live):
    sign_in(page, "reviewer", DEMO_PASSWORD)
    page.goto(page.base_url + "/accounts/tokens/")
    page.fill("#id_name", "自助终端")
    page.get_by_role("button", name="生成令牌").click()
    expect(page.get_by_test_id("new-token")).to_contain_text("ow_")
    page.get_by_role("button", name="吊销").click()
    expect(page.locator("tbody")).to_contain_text("已吊销")


def test_the_shell_works_on_a_phone(phone_page, demo_live):
    page = phone_page
    sign_in(page, "supervisor", DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/home/supervisor/$"))
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    toggler.click()
    expect(page.get_by_role("link", name="办件查询")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone: {width}px wide"


def test_logout_returns_to_the_login_page(page, demo_live):
    sign_in(page, "leader", DEMO_PASSWORD)
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
