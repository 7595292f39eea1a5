"""Documents issued by the right authority (F8 item 3): a decision is headed and sealed by the deciding
authority with its appeal rights naming the bodies and time limits; the receipt names the window and
the authority; the approval decision exists; every print carries its verification line, with the query
code only for those who may see it."""

import re
from types import SimpleNamespace

from onewindow.org.authorities import deciding_authority, full_name

from .conftest import do, intake

BUSINESS = "企业设立登记"  # 行政许可, 市场监督管理局 (reviewer), issues 营业执照
MORTGAGE = "不动产抵押登记"  # 行政确认, 不动产登记中心 (reviewer2), 实施主体 新泰市自然资源和规划局
CENTER = "新泰市政务服务中心"


def printed(client, case, kind):
    response = client.get(f"/cases/{case.number}/print/{kind}/")
    assert response.status_code == 200, kind
    return response.content.decode()


def shown(text: str, name: str) -> str:
    found = re.search(rf'data-testid="{name}"[^>]*>(.*?)</(?:p|td|h1)>', text, re.S)
    assert found, name
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_a_licence_denial_is_headed_and_sealed_by_the_department_with_its_appeal_bodies(
    catalog, today, login
):
    case = intake("clerk", BUSINESS)
    do("reviewer", case, "deny", reason="经营范围涉及前置许可", basis="《市场主体登记管理条例》第十九条")
    reviewer = login("reviewer")
    text = printed(reviewer, case, "denial")
    assert shown(text, "doc-title") == "不予行政许可决定书"
    assert shown(text, "doc-issuer") == "新泰市市场监督管理局"
    assert shown(text, "doc-seal").startswith("新泰市市场监督管理局（印章）")
    assert CENTER not in shown(text, "doc-issuer") + shown(text, "doc-seal")
    appeal = shown(text, "appeal-rights")
    assert "60 日内向新泰市人民政府申请行政复议" in appeal
    assert "6 个月内向新泰市人民法院提起行政诉讼" in appeal
    verify = shown(text, "doc-verify")
    assert case.number in verify and case.query_code in verify and "/track/" in verify
    assert reviewer.get(f"/cases/{case.number}/print/refusal/").status_code == 404  # a licence: denial


def test_a_registration_refused_is_decided_by_the_implementing_body_named_in_the_catalog(
    catalog, today, login
):
    case = intake("clerk", MORTGAGE)
    do("reviewer2", case, "deny", reason="抵押物已被查封", basis="《不动产登记暂行条例》第二十二条")
    client = login("reviewer2")
    text = printed(client, case, "refusal")
    assert shown(text, "doc-title") == "不予办理决定书" and "决定不予办理" in text
    assert shown(text, "doc-issuer") == "新泰市自然资源和规划局"  # not 不动产登记中心, not the center
    assert shown(text, "doc-authority") == "新泰市自然资源和规划局"
    assert "新泰市人民政府" in shown(text, "appeal-rights")
    assert client.get(f"/cases/{case.number}/print/denial/").status_code == 404  # not a licence


def test_a_return_at_the_window_is_a_decision_not_to_accept_with_appeal_rights(catalog, today, login):
    case = intake(
        "clerk", BUSINESS, return_reason="不属于本机关职权范围", return_basis="《行政许可法》第三十二条"
    )
    text = printed(login("clerk"), case, "return")
    assert shown(text, "doc-title") == "不予受理决定书"
    assert shown(text, "doc-issuer") == "新泰市市场监督管理局"
    assert "第三十二条" in shown(text, "doc-basis")
    assert "行政复议" in shown(text, "appeal-rights")


def test_the_receipt_names_the_accepting_window_and_the_deciding_authority(catalog, today, login):
    case = intake("clerk", MORTGAGE)
    text = printed(login("clerk"), case, "receipt")
    assert shown(text, "doc-issuer") == CENTER  # a notice: the body that hands it over
    window = shown(text, "receipt-window")
    assert window.startswith(CENTER) and case.window.number in window
    assert shown(text, "receipt-authority") == "新泰市自然资源和规划局"


def test_the_approval_decision_names_basis_certificate_and_date(catalog, today, login):
    case = intake("clerk", BUSINESS)
    client = login("reviewer")
    assert client.get(f"/cases/{case.number}/print/approval/").status_code == 404  # not decided yet
    do("reviewer", case, "approve", certificate_number="91370982MA3C0Q8X1C")
    case.refresh_from_db()
    text = printed(client, case, "approval")
    assert shown(text, "doc-title") == "准予行政许可决定书"
    assert shown(text, "doc-issuer") == "新泰市市场监督管理局"
    assert "市场主体登记管理条例" in shown(text, "doc-basis")
    assert "91370982MA3C0Q8X1C" in shown(text, "doc-certificate")
    assert today.value.isoformat() in shown(text, "doc-seal")
    assert 'data-testid="print-approval"' in client.get(f"/cases/{case.number}/").content.decode()


def test_the_query_code_is_not_printed_for_staff_who_may_not_see_it(catalog, today, login):
    case = intake("clerk", BUSINESS)
    leader = printed(login("leader"), case, "receipt")
    assert case.query_code not in leader
    assert case.number in shown(leader, "doc-verify") and "查询码" in shown(leader, "doc-verify")
    assert case.query_code in shown(printed(login("clerk"), case, "receipt"), "receipt-code")


def _department(name, division="新泰市", **fields):
    body = SimpleNamespace(division=SimpleNamespace(name=division))
    return SimpleNamespace(
        name=name, body=body, **{"authority_name": "", "review_body": "", "court": "", **fields}
    )


def test_the_authority_takes_the_division_name_once_and_a_vertical_department_its_own_review_body():
    assert full_name(_department("市场监督管理局")) == "新泰市市场监督管理局"
    assert full_name(_department("新泰市公安局")) == "新泰市公安局"  # named in full already
    tax = deciding_authority(
        _department(
            "税务局", authority_name="国家税务总局新泰市税务局", review_body="国家税务总局泰安市税务局"
        )
    )
    assert (tax.name, tax.review_body, tax.court) == (
        "国家税务总局新泰市税务局",
        "国家税务总局泰安市税务局",
        "新泰市人民法院",
    )
    named = deciding_authority(_department("不动产登记中心"), " 新泰市自然资源和规划局 ")
    assert named.name == "新泰市自然资源和规划局" and named.review_body == "新泰市人民政府"
