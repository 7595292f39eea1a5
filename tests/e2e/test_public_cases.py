"""A person registers, applies online with a PDF, sees the number and query code, and tracks the case
signed out; once on a desktop and once on a phone."""

import re

import pytest
from playwright.sync_api import expect

from onewindow.catalog.models import ItemVersion
from onewindow.demo.catalog import load_demo_catalog

PASSWORD = "Qingyun-2026!"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ITEM = "不动产抵押登记"


@pytest.fixture
def catalog_live(demo_live):
    load_demo_catalog()
    return ItemVersion.objects.get(name=ITEM, status="published")


def register(page, *, name, id_number, phone, username):
    page.goto(page.base_url + "/")
    page.get_by_test_id("landing-register").click()
    expect(page).to_have_url(re.compile(r"/accounts/register/$"))
    page.get_by_test_id("register-name").fill(name)
    page.get_by_test_id("register-id_number").fill(id_number)
    page.get_by_test_id("register-phone").fill(phone)
    page.get_by_test_id("register-username").fill(username)
    page.get_by_test_id("register-password1").fill(PASSWORD)
    page.get_by_test_id("register-password2").fill(PASSWORD)
    page.get_by_test_id("register-submit").click()
    expect(page).to_have_url(re.compile(r"/guide/my/$"))
    expect(page.get_by_test_id("my-cases-empty")).to_be_visible()


def apply_with_pdf(page, version, pdf_path) -> tuple[str, str]:
    page.goto(page.base_url + f"/guide/item/{version.implementation_code}/")
    page.get_by_test_id("apply-online").click()
    expect(page.get_by_test_id("apply-title")).to_contain_text(ITEM)
    first, *others = list(version.materials.all())
    page.get_by_test_id(f"provision-{first.pk}-upload").check()
    page.get_by_test_id(f"file-{first.pk}").set_input_files(str(pdf_path))
    for material in others:
        page.get_by_test_id(f"provision-{material.pk}-paper").check()
    page.locator('[data-testid="fee-question"][data-question="房屋用途"]').select_option("住宅")
    page.get_by_test_id("apply-submit").click()
    expect(page).to_have_url(re.compile(r"/guide/my/\d{20}/$"))
    number = page.get_by_test_id("receipt-number").inner_text().strip()
    code = page.get_by_test_id("receipt-code").inner_text().strip()
    assert re.fullmatch(r"\d{20}", number) and re.fullmatch(r"\d{6}", code)
    expect(page.get_by_test_id("case-status")).to_have_text("网上预审")
    expect(page.get_by_test_id("my-material").first).to_contain_text("电子上传")
    return number, code


def track(page, number, code):
    page.goto(page.base_url + "/")
    page.get_by_test_id("landing-track").click()
    page.fill("#id_number", number)
    page.fill("#id_code", code)
    page.get_by_test_id("track-submit").click()
    expect(page.get_by_test_id("track-result")).to_be_visible()
    expect(page.get_by_test_id("case-title")).to_have_text(ITEM)
    expect(page.get_by_test_id("case-status")).to_have_text("网上预审")
    expect(page.get_by_test_id("timeline-event")).to_contain_text("提交申请")


def test_a_person_registers_applies_online_and_tracks_the_case(page, catalog_live, tmp_path):
    pdf_path = tmp_path / "application.pdf"
    pdf_path.write_bytes(PDF)
    register(page, name="张三", id_number="370982199003150011", phone="13805381234", username="zhangsan")
    number, code = apply_with_pdf(page, catalog_live, pdf_path)

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))

    track(page, number, code)
    text = page.content()
    assert "张三" not in text and "370982199003150011" not in text and "13805381234" not in text

    page.fill("#id_code", "000000" if code != "000000" else "111111")
    page.get_by_test_id("track-submit").click()
    expect(page.get_by_test_id("track-not-found")).to_be_visible()


def test_the_same_on_a_phone(phone_page, catalog_live, tmp_path):
    page = phone_page
    pdf_path = tmp_path / "application.pdf"
    pdf_path.write_bytes(PDF)
    register(page, name="李四", id_number="11010519491231002X", phone="13905380001", username="lisi")
    number, code = apply_with_pdf(page, catalog_live, pdf_path)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.context.clear_cookies()
    track(page, number, code)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
