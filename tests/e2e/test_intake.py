"""The intake screen in a real browser: find an item by pinyin initials, let the certificate library
answer for the ID number, tick the materials, see what submitting will do, take the application in."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from onewindow.cases.models import Case
from onewindow.catalog.models import ItemVersion
from onewindow.demo.catalog import load_demo_catalog
from onewindow.demo.county import DEMO_PASSWORD
from onewindow.timelimits import reading as timelimits_reading

from .conftest import sign_in

PERSON_ID = "370982199003150011"


@pytest.fixture
def hall(demo_live, monkeypatch):
    load_demo_catalog()
    monkeypatch.setattr(timelimits_reading, "today", lambda: date(2025, 9, 1))  # a plain working Monday
    return ItemVersion.objects.get(name="不动产抵押登记", status="published")


def line(page, version, name):
    material = version.materials.get(name=name)
    return page.locator(f'tr[data-material="{material.pk}"]'), material.pk


def test_a_clerk_takes_in_a_mortgage_registration(page, hall):
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    sign_in(page, "clerk", DEMO_PASSWORD)
    page.goto(page.base_url + "/cases/intake/")
    page.get_by_test_id("intake-search").fill("bdcdj")
    choice = page.get_by_test_id("item-choice").filter(has_text="不动产抵押登记")
    expect(choice).to_be_visible()
    choice.click()
    expect(page.get_by_test_id("application-name")).to_have_text("不动产抵押登记")

    expect(page.get_by_test_id("legal_representative")).to_be_hidden()  # for organisations only
    page.get_by_test_id("applicant_name").fill("张三")
    page.get_by_test_id("applicant_id_number").fill(PERSON_ID)
    page.get_by_test_id("applicant_phone").fill("13805381234")
    id_row, id_pk = line(page, hall, "居民身份证")
    expect(id_row.locator('[data-found="0"]')).to_be_visible()  # the library holds no ID card for him
    expect(page.locator('[data-outcome="notice"]')).to_be_visible()

    page.get_by_test_id("all-paper").click()
    expect(page.locator('[data-outcome="notice"]')).to_be_visible()  # library lines still missing
    page.get_by_test_id(f"m-{id_pk}-paper").check()
    _property_row, property_pk = line(page, hall, "不动产权证书")
    page.get_by_test_id(f"m-{property_pk}-paper").check()
    expect(page.locator('[data-outcome="accept"]')).to_be_visible()

    page.locator('[data-testid="fee-question"][data-question="房屋用途"]').select_option("住宅")
    page.get_by_test_id("submit").click()
    expect(page).to_have_url(re.compile(r"/cases/intake/\d{20}/$"))
    expect(page.get_by_test_id("outcome")).to_have_attribute("data-outcome", "accepted")
    case = Case.objects.get()
    expect(page.get_by_test_id("case-number")).to_have_text(case.number)
    expect(page.get_by_test_id("query-code")).to_have_text(case.query_code)
    expect(page.get_by_test_id("print-receipt")).to_be_visible()
    assert not failed, f"requests failed: {failed}"


def test_on_a_phone_the_form_fits_and_missing_materials_give_the_notice(phone_page, hall):
    page = phone_page
    sign_in(page, "clerk", DEMO_PASSWORD)
    page.goto(page.base_url + f"/cases/intake/new/?item={hall.implementation_code}")
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
    page.get_by_test_id("applicant_name").fill("张三")
    page.get_by_test_id("applicant_id_number").fill(PERSON_ID)
    page.get_by_test_id("applicant_phone").fill("13805381234")
    page.locator('[data-testid="fee-question"][data-question="房屋用途"]').select_option("住宅")
    page.get_by_test_id("submit").click()  # the library has none of his certificates: the clerk chooses
    expect(page.get_by_role("alert").first).to_contain_text("电子证照库中未找到")
    for material in hall.materials.filter(source="certificate", requirement="required"):
        page.get_by_test_id(f"m-{material.pk}-missing").check()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("outcome")).to_have_attribute("data-outcome", "notice")
    expect(page.get_by_test_id("notice-materials")).to_contain_text("抵押合同")


def test_the_chief_representative_finishes_an_immediate_case_on_the_spot(page, hall):
    """即办件: accepted, approved, handed over and closed in one visit, the licence in the library."""
    version = ItemVersion.objects.get(name="个体工商户设立登记", status="published")
    sign_in(page, "chief", DEMO_PASSWORD)
    page.goto(page.base_url + f"/cases/intake/new/?item={version.implementation_code}")
    page.get_by_test_id("applicant_name").fill("张三")
    page.get_by_test_id("applicant_id_number").fill(PERSON_ID)
    page.get_by_test_id("applicant_phone").fill("13805381234")
    page.get_by_test_id("all-paper").click()
    for material in version.materials.filter(source="certificate"):
        page.get_by_test_id(f"m-{material.pk}-paper").check()
    page.get_by_test_id("finish_now").check()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("outcome")).to_have_attribute("data-outcome", "finished")
    case = Case.objects.get()
    assert case.status == "closed" and case.finished_on_site and case.visits == 1
    assert case.certificate.certificate_type == "营业执照"


def test_a_clerk_refuses_an_application_with_reason_and_basis(page, hall):
    """退回件: not accepted, with the written reason and legal basis on a printable notice."""
    sign_in(page, "clerk", DEMO_PASSWORD)
    page.goto(page.base_url + f"/cases/intake/new/?item={hall.implementation_code}")
    page.get_by_test_id("applicant_name").fill("张三")
    page.get_by_test_id("applicant_id_number").fill(PERSON_ID)
    page.get_by_test_id("applicant_phone").fill("13805381234")
    page.locator('[data-testid="refuse"] summary').click()
    page.get_by_test_id("return_reason").fill("抵押物不在本县辖区")
    page.get_by_test_id("refuse-submit").click()
    expect(page.get_by_test_id("error-return_basis")).to_be_visible()  # the basis is required
    assert not Case.objects.exists()
    page.get_by_test_id("return_basis").fill("《不动产登记暂行条例》第七条")
    page.get_by_test_id("refuse-submit").click()
    expect(page.get_by_test_id("outcome")).to_have_attribute("data-outcome", "refused")
    case = Case.objects.get()
    assert case.status == "returned" and case.legal_basis == "《不动产登记暂行条例》第七条"
    page.goto(page.base_url + f"/cases/{case.number}/print/return/")
    expect(page.locator("body")).to_contain_text("抵押物不在本县辖区")
    expect(page.locator("body")).to_contain_text("《不动产登记暂行条例》第七条")
