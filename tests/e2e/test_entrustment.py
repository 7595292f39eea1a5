"""F11's entrustment in a real browser on a phone-sized screen: a village agent sits with an elderly
principal, signs the entrustment with him on the touch screen (door-to-door, priority), prints it, and
then takes his application in; the same application for an item off the village's proxy list, or for a
principal who entrusted nothing, is refused at the window with the reason."""

import re

from playwright.sync_api import expect

from onewindow.cases.models import Case
from onewindow.proxy.models import EntrustedCase, Entrustment

from .conftest import fill_in_everything_on_paper, switch_to

SETUP = "企业设立登记"  # on every tier's proxy list
CLOSING = "企业注销登记"  # not on the villages'
PRINCIPAL_ID = "370982199003150011"


def sign_on_the_pad(page):
    """A stroke across the pad, scrolled into view first (the pointer only reaches what is on screen)."""
    pad = page.get_by_test_id("signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    x, y = box["x"] + 20, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(x + step * 20, y + (10 if step % 2 else -10))
    page.mouse.up()


def take_in(page, name):
    """The intake screen: the item searched and chosen, the principal, every line on paper, sent."""
    page.goto(page.base_url + "/cases/intake/")
    page.get_by_test_id("intake-search").fill(name)
    choice = page.get_by_test_id("item-choice").filter(has_text=name)
    expect(choice.first).to_be_visible()
    choice.first.click()
    expect(page.get_by_test_id("application-name")).to_have_text(name)
    fill_in_everything_on_paper(page, PRINCIPAL_ID)
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_test_id("submit").click()


def test_a_village_agent_signs_with_an_elderly_principal_and_files_on_the_entrustment(county, phone_page):
    page = phone_page
    switch_to(page, "agent_village")
    take_in(page, SETUP)
    expect(page.get_by_test_id("form-errors")).to_contain_text("委托书")  # none signed yet
    assert not Case.objects.exists()

    page.goto(page.base_url + "/proxy/entrustments/")
    page.get_by_test_id("new-entrustment").click()
    expect(page.get_by_test_id("entrustment-form")).to_be_visible()
    expect(page.get_by_text(CLOSING)).to_have_count(0)  # the village's proxy list only
    page.fill("#id_principal_name", "张大爷")
    page.fill("#id_principal_id_number", PRINCIPAL_ID)
    page.fill("#id_principal_phone", "13905381234")
    page.select_option("#id_priority", "elderly")
    page.check("#id_door_to_door")
    page.get_by_label(SETUP).check()
    expect(page.locator("[data-field=signature_scan]")).to_be_hidden()  # touch is the default
    sign_on_the_pad(page)
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_test_id("submit").click()
    expect(page).to_have_url(re.compile(r"/proxy/entrustments/WT\d{18}/$"))
    made = Entrustment.objects.get()
    assert made.signed_by == "touch" and made.door_to_door and made.priority == "elderly"
    assert made.signature.read().startswith(b"\x89PNG")
    expect(page.get_by_test_id("principal-id")).to_have_text(PRINCIPAL_ID)  # whole for the agent

    page.get_by_test_id("print-entrustment").click()
    expect(page.get_by_test_id("doc-title")).to_have_text("代办委托书")
    expect(page.get_by_test_id("doc-items")).to_contain_text(SETUP)

    take_in(page, CLOSING)
    expect(page.get_by_test_id("form-errors")).to_contain_text("代办清单")
    take_in(page, SETUP)
    case = Case.objects.get()
    assert case.channel == "agent" and EntrustedCase.objects.get(case=case).entrustment == made
    page.goto(f"{page.base_url}/proxy/entrustments/{made.number}/")
    expect(page.get_by_test_id("entrusted-cases")).to_contain_text(case.number)
    assert not page.csp_violations
