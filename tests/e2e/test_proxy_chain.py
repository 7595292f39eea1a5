"""F11's acceptance chain in a real browser on a phone-sized screen: a village agent receives an elderly
principal's request (door-to-door), signs the entrustment with him, files his case and submits it, hands
the paper materials to the town, where the town's agent confirms them; the case is decided and the agent
delivers; the principal, signed in to his own account, follows the case and rates the service."""

import re

from playwright.sync_api import expect

from onewindow.accounts.services import register_citizen
from onewindow.cases.models import Case
from onewindow.cases.services import ActionInput, act
from onewindow.proxy.models import Handover, ProxyRequest
from tests.cases.conftest import person

from .conftest import switch_to
from .test_entrustment import PRINCIPAL_ID, SETUP, sign_on_the_pad, take_in

PASSWORD = "Zhang-2026!"
VILLAGE = "370982100201"  # 东都村


def open_request(page, number):
    page.goto(f"{page.base_url}/proxy/requests/{number}/")
    expect(page.get_by_test_id("route")).to_be_visible()


def click_and_wait(page, testid):
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_test_id(testid).click()


def test_village_agent_to_town_to_decision_to_the_principals_rating(county, phone_page):
    register_citizen(
        username="zhangdaye", password=PASSWORD, applicant=person(name="张大爷", id_number=PRINCIPAL_ID)
    )
    page = phone_page
    switch_to(page, "agent_village")

    # the request, received and routed: his village's agent
    page.goto(page.base_url + "/proxy/requests/new/")
    page.fill("#id_principal_name", "张大爷")
    page.fill("#id_principal_id_number", PRINCIPAL_ID)
    page.fill("#id_principal_phone", "13805381234")
    page.select_option("#id_priority", "elderly")
    page.check("#id_door_to_door")
    page.select_option("#id_items", label=SETUP)
    page.select_option("#id_home_code", VILLAGE)
    click_and_wait(page, "submit")
    expect(page.get_by_test_id("route-rule")).to_have_attribute("data-rule", "territory")
    expect(page.get_by_test_id("proxy-by")).to_have_text("冯春梅")
    number = ProxyRequest.objects.get().number

    # the entrustment, signed with him on the screen
    page.goto(page.base_url + "/proxy/entrustments/new/")
    page.fill("#id_principal_name", "张大爷")
    page.fill("#id_principal_id_number", PRINCIPAL_ID)
    page.fill("#id_principal_phone", "13805381234")
    page.select_option("#id_priority", "elderly")
    page.check("#id_door_to_door")
    page.get_by_label(SETUP).check()
    sign_on_the_pad(page)
    click_and_wait(page, "submit")
    expect(page).to_have_url(re.compile(r"/proxy/entrustments/WT\d{18}/$"))

    open_request(page, number)
    click_and_wait(page, "do-entrust")
    expect(page.get_by_test_id("proxy-status")).to_have_attribute("data-status", "entrusted")

    # his case, filed on it and submitted
    take_in(page, SETUP)
    case = Case.objects.get()
    open_request(page, number)
    page.get_by_test_id("step-case").select_option(case.number)
    click_and_wait(page, "do-submit")
    expect(page.get_by_test_id("proxy-status")).to_have_attribute("data-status", "submitted")

    # the paper materials, handed to the town and confirmed there
    page.get_by_label("交接材料").fill("身份证复印件 1 份、申请表 1 份")
    page.get_by_label("交给").select_option("user:agent")
    click_and_wait(page, "hand-over")
    expect(page.get_by_test_id("in-transit")).to_be_visible()
    switch_to(page, "agent")
    open_request(page, number)
    click_and_wait(page, "confirm-handover")
    expect(page.get_by_test_id("holder")).to_have_text("郑红")
    assert Handover.objects.get().confirmed_by.username == "agent"

    # the department decides; the village agent delivers the result
    case.refresh_from_db()
    act(case.department.staff.filter(role_assignments__role="reviewer").first().user, case, "approve",
        ActionInput(version=case.version))  # fmt: skip
    switch_to(page, "agent_village")
    open_request(page, number)
    click_and_wait(page, "do-deliver")
    expect(page.get_by_test_id("proxy-status")).to_have_attribute("data-status", "delivered")

    # he follows his case himself and rates the service
    switch_to_citizen(page)
    page.goto(page.base_url + "/guide/my/")
    expect(page.locator(f'[data-number="{case.number}"]')).to_be_visible()
    page.get_by_test_id("my-proxy-link").click()
    expect(page.get_by_test_id("proxy-case")).to_contain_text(case.number)
    click_and_wait(page, "rate")
    expect(page.get_by_test_id("my-rating")).to_contain_text("满意")
    assert ProxyRequest.objects.get().principal_rating == "satisfied"
    assert not page.csp_violations


def switch_to_citizen(page):
    page.context.clear_cookies()
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", "zhangdaye")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click("button[type=submit].btn-primary")
