"""Decisions in a real browser: the reviewer denies a licence and the 不予行政许可决定书 is headed and
sealed by the deciding department, with the appeal rights (F8 item 3); an action that cannot be undone
goes on only once confirmed (F8 item 12)."""

import re

from playwright.sync_api import expect

from tests.cases.conftest import intake

from .conftest import click_action, expect_status, open_case, submit, switch_to


def test_denial_decision_prints_headed_by_the_deciding_department_with_appeal_rights(page, county):
    page.set_viewport_size({"width": 1366, "height": 768})
    case = intake("clerk", "企业设立登记")
    switch_to(page, "reviewer")
    open_case(page, case)
    click_action(page, "deny")
    form = page.get_by_test_id("form-deny")
    form.locator("textarea[name=reason]").fill("经营范围涉及前置审批，未取得许可")
    form.locator("[name=basis]").fill("《中华人民共和国市场主体登记管理条例》第十四条")
    submit(page, "deny")
    expect_status(page, "denied")

    with page.context.expect_page() as opened:
        page.get_by_test_id("print-denial").click()
    decision = opened.value
    expect(decision.get_by_test_id("doc-title")).to_have_text("不予行政许可决定书")
    expect(decision.get_by_test_id("doc-issuer")).to_have_text("新泰市市场监督管理局")
    expect(decision.get_by_test_id("doc-seal")).to_contain_text("新泰市市场监督管理局（印章）")
    expect(decision.get_by_test_id("doc-reason")).to_have_text("经营范围涉及前置审批，未取得许可")
    appeal = decision.get_by_test_id("appeal-rights")
    expect(appeal).to_contain_text("60 日内向新泰市人民政府申请行政复议")
    expect(appeal).to_contain_text(re.compile(r"6 个月内向新泰市人民法院提起行政诉讼"))
    expect(decision.get_by_test_id("doc-verify")).to_contain_text(case.number)
    assert decision.evaluate("document.documentElement.scrollWidth") <= 1366


def test_an_action_that_cannot_be_undone_waits_for_the_confirmation(page, county):
    case = intake("clerk", "不动产抵押登记")
    switch_to(page, "reviewer2")
    open_case(page, case)
    page.answer_dialogs = False
    page.get_by_test_id("action-start_review").click()
    expect(page.get_by_test_id("action-start_review")).to_be_visible()  # still the same page
    assert len(page.dialogs) == 1 and case.number in page.dialogs[0] and "开始审查" in page.dialogs[0]
    expect_status(page, "accepted")

    page.answer_dialogs = True
    click_action(page, "start_review")
    expect_status(page, "in_review")
    assert len(page.dialogs) == 2
