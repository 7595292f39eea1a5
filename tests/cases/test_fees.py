"""F8 item 2: fees the applicant actually owes. Fee lines carry a condition (always, one of a group, on
a stated fact); the intake asks and charges only the owed lines; a waiver or a reduction is an action
with its legal basis, the same on the page and in the API."""

from decimal import Decimal

import pytest

from onewindow.cases.models import Case
from onewindow.catalog import fee_conditions
from onewindow.catalog.choices import FeeCondition
from onewindow.errors import Invalid

from .conftest import api, do, intake, intake_json, live, post

BASIS = "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》第三条"


class Line:
    def __init__(self, name, amount, condition=FeeCondition.ALWAYS, question="", answer=""):
        self.name, self.amount = name, Decimal(amount)
        self.condition, self.question, self.answer = condition, question, answer


HOUSING = Line("登记费（住宅）", "80", FeeCondition.ONE_OF, "房屋用途", "住宅")
OTHER = Line("登记费（非住宅）", "550", FeeCondition.ONE_OF, "房屋用途", "非住宅")
SECOND = Line("证书工本费", "10", FeeCondition.ON_FACT, "另需证书", "是")
STAMP = Line("印花税", "5")


def test_only_the_owed_lines_are_charged_under_the_answers():
    lines = [HOUSING, OTHER, SECOND, STAMP]
    assert [q.text for q in fee_conditions.questions_of(lines)] == ["房屋用途", "另需证书"]
    assert fee_conditions.owed(lines, {"房屋用途": "住宅"}) == [HOUSING, STAMP]
    assert fee_conditions.owed(lines, {"房屋用途": "非住宅", "另需证书": "是"}) == [OTHER, SECOND, STAMP]
    assert set(fee_conditions.answer_problems(lines, {})) == {"房屋用途"}  # a choice must be made
    assert (
        fee_conditions.answer_problems(lines, {"房屋用途": "住宅", "另需证书": ""}) == {}
    )  # a fact may not apply
    assert set(fee_conditions.answer_problems(lines, {"房屋用途": "仓库"})) == {"房屋用途"}
    assert set(fee_conditions.answer_problems(lines, {"房屋用途": "住宅", "车位": "有"})) == {"车位"}


def bundle_intake(**kwargs):
    from onewindow.cases.applied import applied_for
    from onewindow.cases.services import MaterialInput

    lines = applied_for(bundle_code="YJS-BDCJY").lines
    paper = [
        MaterialInput(line.material.pk, "paper") for line in lines if line.material.source != "department"
    ]
    return intake("clerk", bundle="YJS-BDCJY", materials=paper, **kwargs)


def test_a_housing_transaction_bundle_charges_only_the_housing_lines(catalog, today):
    case = bundle_intake(fee_answers={"房屋用途": "住宅"})
    assert case.status == "accepted"
    names = sorted(case.fees.values_list("name", flat=True))
    assert names and all(name == "不动产登记费（住宅）" for name in names), names
    assert case.fees_total == Decimal("80.00") * len(names)
    with pytest.raises(Invalid) as refused:
        bundle_intake(fee_answers={})
    assert refused.value.code == "fee_answers_invalid" and "fee_answers.房屋用途" in refused.value.details
    seconds = bundle_intake(fee_answers={"房屋用途": "非住宅", "是否另需证书（第二本起）": "是"})
    assert seconds.status == "accepted"
    assert "证书工本费（第二本起每本）" in seconds.fees.values_list("name", flat=True)
    assert "不动产登记费（住宅）" not in seconds.fees.values_list("name", flat=True)


def test_a_reduction_and_a_waiver_each_need_their_legal_basis(catalog, today):
    case = intake("clerk", "不动产抵押登记", fee_answers={"房屋用途": "非住宅"})
    fee = case.fees.get()
    with pytest.raises(Invalid) as refused:
        do("clerk", case, "waive_fee", fee_ids=[fee.pk], reason="小微企业", reduce_to=Decimal("100"))
    assert "basis" in refused.value.details
    do(
        "clerk",
        case,
        "waive_fee",
        fee_ids=[fee.pk],
        reason="小微企业减半",
        basis=BASIS,
        reduce_to=Decimal("275"),
    )
    fee.refresh_from_db()
    case.refresh_from_db()
    assert (fee.amount, fee.reduced_from, fee.state, fee.waiver_basis) == (
        Decimal("275.00"),
        Decimal("550.00"),
        "unpaid",
        BASIS,
    )
    assert case.fees_total == Decimal("275.00") and not case.fees_settled
    with pytest.raises(Invalid):
        do("clerk", case, "waive_fee", fee_ids=[fee.pk], reason="再减", basis=BASIS, reduce_to=Decimal("275"))
    do("clerk", case, "waive_fee", fee_ids=[fee.pk], reason="低保户免收", basis=BASIS)
    fee.refresh_from_db()
    case.refresh_from_db()
    assert fee.state == "waived" and case.fees_settled
    event = case.events.filter(action="waive_fee").order_by("pk").first()
    assert event.details["basis"] == BASIS and event.details["before"] == {str(fee.pk): "550.00"}


def test_the_api_and_the_page_offer_the_same_waiver(catalog, today, login):
    clerk = api("clerk")
    case = post(clerk, "/cases", intake_json("不动产抵押登记", fee_answers={"房屋用途": "住宅"})).json()
    assert [f["name"] for f in case["fees"]] == ["不动产登记费（住宅）"] and case["fees_total"] == "80.00"
    assert "waive_fee" in case["actions"]
    fee_id = case["fees"][0]["id"]
    answer = post(
        clerk,
        f"/cases/{case['number']}/actions/waive_fee",
        {
            "version": case["version"],
            "fee_ids": [fee_id],
            "reason": "减半",
            "basis": BASIS,
            "reduce_to": "40",
        },
    ).json()
    assert answer["fees"][0]["amount"] == "40.00" and answer["fees"][0]["reduced_from"] == "80.00"
    assert answer["fees"][0]["waiver_basis"] == BASIS
    page = login("clerk").get(f"/cases/{case['number']}/").content.decode()
    for name in ('name="reduce_to"', 'name="basis"', 'name="fee_ids"'):
        assert name in page.split('id="form-waive_fee"', 1)[1].split("</form>", 1)[0], name
    assert 'data-testid="reduced-from"' in page and BASIS in page
    assert Case.objects.get(number=case["number"]).fees_total == Decimal("40.00")


def test_a_free_answer_is_still_an_answer(catalog, today):
    from onewindow.catalog.models import ItemFee

    ItemFee.objects.filter(version=live("不动产抵押登记"), answer="住宅").update(amount=0)
    case = intake("clerk", "不动产抵押登记", fee_answers={"房屋用途": "住宅"})
    assert case.status == "accepted" and case.fees.count() == 0 and case.fees_settled


def test_a_second_reduction_keeps_the_first_amount(catalog, today):
    case = intake("clerk", "不动产抵押登记", fee_answers={"房屋用途": "非住宅"})
    fee = case.fees.get()
    do("clerk", case, "waive_fee", fee_ids=[fee.pk], reason="减半", basis=BASIS, reduce_to=Decimal("275"))
    do("clerk", case, "waive_fee", fee_ids=[fee.pk], reason="再减", basis=BASIS, reduce_to=Decimal("100.004"))
    fee.refresh_from_db()
    assert (fee.amount, fee.reduced_from) == (Decimal("100.00"), Decimal("550.00"))
    with pytest.raises(Invalid):
        do(
            "clerk",
            case,
            "waive_fee",
            fee_ids=[fee.pk],
            reason="几乎全免",
            basis=BASIS,
            reduce_to=Decimal("0.001"),
        )
