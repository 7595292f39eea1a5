"""Process and fee rules (流程监察, 收费监察, F9 item 1): a case decided without review, asked to supplement
twice, returned without a reason, or charged a fee its item does not list or above the listed amount gets
one card of the rule, charged to the step's person, once however often the sweep runs; clean work none."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from onewindow.cases.models import CaseEvent, CaseFee
from onewindow.supervision.cards import raise_cards
from onewindow.supervision.defaults import DEFAULT_EVENT_RULES
from onewindow.supervision.models import Card, MonitoringRule
from tests.cases.conftest import do, intake

pytestmark = pytest.mark.django_db


def cards_of(code: str) -> list[Card]:
    return list(Card.objects.filter(rule__code=code).select_related("case", "person"))


def event(case, action, user, note=""):
    """A step written as another system or an old import would: the rules watch what is stored."""
    return CaseEvent.objects.create(
        case=case,
        action=action,
        day=date(2026, 3, 3),
        actor=get_user_model().objects.get(username=user),
        note=note,
    )


def test_the_default_rules_are_seeded_and_checked_before_saving(db):
    assert set(MonitoringRule.objects.exclude(kind="timeliness").values_list("code", flat=True)) == {
        rule[0] for rule in DEFAULT_EVENT_RULES
    }
    wrong = MonitoringRule(code="X", name="x", kind="fee", watch="notice_twice", level="red", subject="task")
    with pytest.raises(ValidationError) as invalid:
        wrong.full_clean()
    assert set(invalid.value.message_dict) == {"watch", "subject"}


def test_each_finding_gives_one_card_of_its_rule_and_clean_work_none(catalog, today):
    today.set(date(2026, 3, 2))
    clean = intake("clerk", "企业设立登记")
    do("chief", clean, "start_review")
    do("chief", clean, "approve")

    unreviewed = intake("clerk", "企业变更登记")
    do("chief", unreviewed, "approve")  # the workflow allows it; the rule sees it

    twice = intake("clerk", "食品经营许可")
    event(twice, "request_supplement", "clerk")
    event(twice, "request_supplement", "clerk2")

    returned = intake("clerk", "特种设备使用登记")
    event(returned, "return", "clerk2", note=" 否 ")

    fees = intake("clerk", "不动产转移登记", fee_answers={"房屋用途": "住宅"})
    listed = CaseFee.objects.filter(case=fees).first()
    CaseFee.objects.create(case=fees, name="加急服务费", amount=Decimal("50.00"))
    CaseFee.objects.filter(pk=listed.pk).update(amount=listed.amount + 20)
    event(fees, "pay_fee", "clerk")

    for _ in range(3):
        raise_cards()

    assert [(c.case, c.person.username, c.level) for c in cards_of("LC-01")] == [(unreviewed, "chief", "red")]
    assert [(c.case, c.person.username) for c in cards_of("LC-02")] == [(twice, "clerk2")]
    assert [(c.case, c.person.username) for c in cards_of("LC-03")] == [(returned, "clerk2")]
    assert [c.case for c in cards_of("SF-01")] == [fees] and "加急服务费" in cards_of("SF-01")[0].description
    above = cards_of("SF-02")
    assert [c.case for c in above] == [fees] and f"高于事项规定的 {listed.amount} 元" in above[0].description
    assert not Card.objects.filter(case=clean).exists()
    assert all(c.number and c.department_id == c.case.department_id for c in Card.objects.all())
    newest = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert set(
        MonitoringRule.objects.exclude(kind="timeliness").values_list("checked_through", flat=True)
    ) == {newest}


def test_a_rule_scoped_to_a_department_sees_only_its_cases(catalog, today):
    today.set(date(2026, 3, 2))
    rule = MonitoringRule.objects.get(code="LC-01")
    other = intake("clerk", "不动产转移登记", fee_answers={"房屋用途": "住宅"})
    rule.scope, rule.department = "department", other.department
    rule.save()
    case = intake("clerk", "企业变更登记")
    do("chief", case, "approve")
    raise_cards()
    assert cards_of("LC-01") == []
