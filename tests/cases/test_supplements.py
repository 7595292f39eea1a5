"""Supplements per material at the window (F8 item 6): each line of the one-time notice carries its
reason, the notice its deadline in working days; the printed 补正材料通知书 names both, with the person
who informed and the clerk filled in; the API takes and gives the same. (The applicant's side, online:
tests/portal/test_supplements.py.)"""

import re
from datetime import date

from onewindow.cases.choices import Status
from onewindow.cases.models import Case
from onewindow.cases.services import MaterialInput
from onewindow.notices.models import ApplicantMessage

from .conftest import all_provided, api, intake, intake_json, live, post

MORTGAGE = "不动产抵押登记"
# Accepted on Monday 2025-09-01; no holiday before National Day: Sep 2-5 (4), 8-12 (9), 15-19 (14), 22.
FIFTEEN_WORKING_DAYS_LATER = date(2025, 9, 22)


def _without_contract(reason=""):
    version = live(MORTGAGE)
    contract = version.materials.get(name="抵押合同")
    lines = [
        MaterialInput(m.material_id, "missing", reason=reason) if m.material_id == contract.pk else m
        for m in all_provided(version)
    ]
    return intake("clerk", MORTGAGE, materials=lines)


def test_a_notice_at_the_window_keeps_each_reason_and_a_deadline_in_working_days(catalog, today, settings):
    settings.SUPPLEMENT_WORKING_DAYS = 15
    case = _without_contract(reason="  抵押合同未加盖\n抵押权人公章 ")
    assert case.status == Status.AWAITING_SUPPLEMENT
    line = case.materials.get(name="抵押合同")
    assert line.in_notice and line.supplement_reason == "抵押合同未加盖 抵押权人公章"
    assert Case.objects.get(pk=case.pk).supplement_due == FIFTEEN_WORKING_DAYS_LATER
    message = ApplicantMessage.objects.get(case=case, kind="supplement")
    assert "抵押合同" in message.text and "2025-09-22" in message.text


def test_the_printed_notice_gives_reasons_deadline_informer_and_clerk(catalog, today, login):
    case = _without_contract()
    text = login("clerk").get(f"/cases/{case.number}/print/supplement/").content.decode()
    assert re.search(r'data-testid="doc-title">\s*补正材料通知书', text)
    reasons = re.findall(r'data-testid="notice-reason">([^<]*)<', text)
    assert reasons == ["未提交"]  # no reason given: not handed in
    assert "请于 2025-09-22 前一次补齐" in text
    clerk_name = case.received_by.staff.full_name
    assert re.search(rf'data-testid="informed-by">{clerk_name}<', text)
    assert re.search(rf'data-testid="handled-by">{clerk_name}<', text)
    assert "第三十二条" in text


def test_the_api_takes_a_reason_per_missing_line_and_answers_with_reasons_and_deadline(catalog, today):
    version = live(MORTGAGE)
    contract = version.materials.get(name="抵押合同")
    body = intake_json(MORTGAGE)
    for line in body["materials"]:
        if line["material_id"] == contract.pk:
            line.update(provision="missing", reason="合同缺第 3 页")
    created = post(api("clerk"), "/cases", body)
    assert created.status_code == 201, created.content
    case = created.json()
    assert case["status"] == "awaiting_supplement" and case["supplement_due"] == "2025-09-22"
    listed = [m for m in case["materials"] if m["in_notice"]]
    assert [(m["name"], m["supplement_reason"]) for m in listed] == [("抵押合同", "合同缺第 3 页")]

    too_long = intake_json(MORTGAGE)
    too_long["materials"][0].update(provision="missing", reason="长" * 201)
    assert post(api("clerk"), "/cases", too_long).status_code == 422
