"""Supplements online (F8 item 6): pre-review lists the rejected uploads with a reason each through the
case page's form; the applicant reads the same reasons and the deadline, uploads only those lines and
keeps the accepted ones; an optional material not given is shown as optional, not as missing."""

import re

from onewindow.cases.choices import Provision, Status
from onewindow.cases.models import Case
from tests.cases.conftest import api, post

from .conftest import live, pdf
from .test_apply import apply_url, form_data

ITEM = "不动产抵押登记"  # 营业执照 is optional: a person applying online leaves it out


def _applied_online(citizen):
    version = live(ITEM)
    files = {m.name: pdf() for m in version.materials.all() if m.name in ("抵押合同", "主债权合同")}
    materials = list(version.materials.all())
    citizen.client.post(
        apply_url(version), form_data(materials, choices={"营业执照": "missing"}, files=files)
    )
    return Case.objects.get()


def test_pre_review_gives_reasons_the_applicant_reads_and_only_the_rejected_upload_is_asked_again(
    citizen, today, login
):
    case = _applied_online(citizen)
    assert case.status == Status.PREREVIEW
    contract = case.materials.get(name="抵押合同")
    loan = case.materials.get(name="主债权合同")
    clerk = login("clerk")
    page = clerk.get(f"/cases/{case.number}/").content.decode()
    assert f'name="missing_reason_{contract.pk}"' in page
    answer = clerk.post(
        f"/cases/{case.number}/act/request_supplement/",
        {
            "version": case.version,
            "missing_ids": [contract.pk],
            f"missing_reason_{contract.pk}": "扫描件不清晰，无法辨认签字",
            f"missing_reason_{loan.pk}": "这一条没有勾选，不列入",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    contract.refresh_from_db()
    loan.refresh_from_db()
    assert contract.in_notice and contract.supplement_reason == "扫描件不清晰，无法辨认签字"
    assert not loan.in_notice and loan.provision == Provision.UPLOAD and loan.file  # kept as accepted

    mine = citizen.client.get(f"/guide/my/{case.number}/").content.decode()
    assert re.findall(r'data-testid="missing-reason">([^<]*)<', mine) == ["扫描件不清晰，无法辨认签字"]
    assert 'data-testid="supplement-due"' in mine and "2025-09-22" in mine
    uploads = re.findall(r'data-testid="upload-line" data-material="(\d+)"', mine)
    assert uploads == [str(contract.pk)]  # only the rejected one; the accepted upload stays
    optional = case.materials.get(name="营业执照")
    assert optional.provision == Provision.MISSING
    assert mine.count('data-testid="optional-not-given"') == 1  # shown as optional, not as missing
    assert "营业执照" not in re.search(r'data-testid="missing-alert".*?</div>\s*</div>', mine, re.S).group(0)


def test_the_api_refuses_a_reason_for_a_line_the_notice_does_not_list(citizen, today):
    case = _applied_online(citizen)
    contract = case.materials.get(name="抵押合同")
    loan = case.materials.get(name="主债权合同")
    answer = post(
        api("clerk"),
        f"/cases/{case.number}/actions/request_supplement",
        {"version": case.version, "missing_ids": [contract.pk], "missing_reasons": {str(loan.pk): "不清晰"}},
    )
    assert answer.status_code == 422 and answer.json()["code"] == "materials_invalid"
    answer = post(
        api("clerk"),
        f"/cases/{case.number}/actions/request_supplement",
        {
            "version": case.version,
            "missing_ids": [contract.pk],
            "missing_reasons": {str(contract.pk): "不清晰"},
        },
    )
    assert answer.status_code == 200, answer.content
    assert [m["supplement_reason"] for m in answer.json()["materials"] if m["in_notice"]] == ["不清晰"]
