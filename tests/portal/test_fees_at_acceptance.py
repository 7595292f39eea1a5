"""Fees charged at acceptance by the answers that fit what is in force (review item of F8 item 2): a
bundle applied for online is charged by its items at acceptance; when an item's fee question changed in
between, acceptance waits (409 fee_answers_stale) for the window to answer again instead of charging what
the old answers happen to match, on the page and in the API."""

import re

from onewindow.cases.applied import applied_for
from onewindow.cases.choices import Status
from onewindow.cases.models import Case
from onewindow.catalog import services as catalog_services
from onewindow.catalog.models import Bundle, ItemVersion
from tests.cases.conftest import api, post

BUNDLE = "YJS-BDCJY"  # 不动产交易登记一件事: asks 房屋用途 (住宅 80 / 非住宅 550)
TRANSFER = "11370982000407002000"  # 不动产转移登记, in the bundle


def _applied_online(citizen) -> Case:
    from onewindow.catalog import selectors

    bundle = Bundle.objects.get(code=BUNDLE)
    merged = selectors.merged_materials(selectors.bundle_items(bundle))
    data = {f"provision-{m.material_id}": "paper" for m in merged if m.source != "department"}
    questions = [q.text for q in applied_for(bundle_code=BUNDLE).fee_questions]
    data[f"fee_{questions.index('房屋用途')}"] = "住宅"
    assert citizen.client.post(f"/guide/bundle/{BUNDLE}/apply/", data).status_code == 302
    return Case.objects.get()


def _question_renamed():
    """A new version of the transfer registration asks 房屋性质 where it asked 房屋用途."""
    version = ItemVersion.objects.get(implementation_code=TRANSFER, status="published")
    content = catalog_services.content_of(version)
    for fee in content["fees"]:
        if fee["question"] == "房屋用途":
            fee["question"] = "房屋性质"
    draft = catalog_services.save_draft(actor=None, data=content, item=version.item)
    catalog_services.publish(actor=None, version=draft)


def test_acceptance_waits_for_answers_that_fit_the_items_in_force(citizen, today, login):
    case = _applied_online(citizen)
    _question_renamed()
    refused = post(api("clerk"), f"/cases/{case.number}/actions/accept", {"version": case.version})
    assert refused.status_code == 409 and refused.json()["code"] == "fee_answers_stale"
    assert "fee_answers.房屋性质" in refused.json()["details"]
    case.refresh_from_db()
    assert case.status == Status.PREREVIEW and not case.fees.exists()

    clerk = login("clerk")
    page = clerk.get(f"/cases/{case.number}/").content.decode()
    asked = re.findall(r'<label[^>]*for="accept-fee_(\d+)"[^>]*>([^<]+)<', page)
    assert "房屋性质" in [text for _n, text in asked]
    fields = {f"fee_{n}": ("住宅" if text == "房屋性质" else "") for n, text in asked}
    accepted = clerk.post(f"/cases/{case.number}/act/accept/", {"version": case.version, **fields})
    assert accepted.status_code == 302, accepted.content.decode()[:2000]
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.fee_answers["房屋性质"] == "住宅"
    charged = sorted(case.fees.values_list("name", flat=True))
    assert "不动产登记费（住宅）" in charged and "不动产登记费（非住宅）" not in charged


def test_answers_that_still_fit_accept_in_one_click_and_wrong_new_ones_are_refused(citizen, today, login):
    case = _applied_online(citizen)
    page = login("clerk").get(f"/cases/{case.number}/").content.decode()
    assert "accept-fee_" not in page  # nothing to ask again
    wrong = post(
        api("clerk"),
        f"/cases/{case.number}/actions/accept",
        {"version": case.version, "fee_answers": {"房屋用途": "仓库"}},
    )
    assert wrong.status_code == 422 and wrong.json()["code"] == "fee_answers_invalid"
    done = post(api("clerk"), f"/cases/{case.number}/actions/accept", {"version": case.version})
    assert done.status_code == 200 and done.json()["status"] == "accepted"
