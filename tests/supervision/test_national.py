"""The national fields (GB/T 39046, F9 item 8): a complaint, an enquiry and a card walked through the
procedure fill every field the national set names for them, in its formats, with the respondent the
complaint names; a complaint naming a unit outside the centre's area is refused."""

import re
from datetime import date

import pytest

from onewindow.errors import Invalid
from onewindow.org.models import Department
from onewindow.supervision import national
from onewindow.supervision.cards import raise_cards
from onewindow.supervision.matter_services import take
from onewindow.supervision.models import Card, MemberUnit
from onewindow.timelimits import sweep
from tests.cases.conftest import intake

from .test_matters import complaint, market, user

pytestmark = pytest.mark.django_db

# The standard's fields, as NATIONAL-DATA.md lists them (承办单位代码/名称 is two fields).
COMPLAINT = (
    "投诉标题 投诉人 被投诉单位 被投诉人 投诉内容 投诉来源 投诉时间 承办单位代码 承办单位名称 "
    "承办人 承办时间 反馈信息 反馈时间 承诺时限 延期时限 延期原因 超期天数 行政区划"
).split()
ENQUIRY = (
    "咨询编码 咨询人 标题 内容 咨询时间 处理时间 处理人 处理意见 延期时限 延期原因 超期天数 行政区划"
).split()
SUPERVISION = (
    "办件编号 督办内容 机构名称 事项类型代码 督办发出时间 监察编号 监察规则编号 监察预警类型代码 "
    "状态产生时间 监察结果描述 责任部门"
).split()
MOMENT = re.compile(r"^\d{14}$")


def walked(today, source: str):
    """A matter of `source` against the market regulator, extended, fed back late, replied, closed."""
    today.set(date(2026, 3, 2))
    unit = market()
    MemberUnit.objects.create(department=unit, contact=user("reviewer"), credit_code="11370982MB0000000X")
    matter = complaint(source=source, respondent_unit=unit.pk, respondent_person="3 号窗口")
    office, clerk = user("supervisor"), user("reviewer")
    take(actor=office, matter=matter, action="assign", data={"lead_unit": unit.pk})
    take(actor=clerk, matter=matter, action="ask_extension", data={"days": 2, "reason": "需现场勘查"})
    take(actor=office, matter=matter, action="grant_extension")
    today.set(date(2026, 3, 20))  # past the completion deadline of 10 + 2 working days
    take(actor=clerk, matter=matter, action="feed_back", data={"text": "已整改"})
    take(actor=office, matter=matter, action="reply", data={"text": "已答复诉求人"})
    take(actor=office, matter=matter, action="follow_up", data={"result": "satisfied"})
    return take(actor=office, matter=matter, action="close")


def test_a_complaint_fills_every_national_field(catalog, today):
    record = national.complaint_record(walked(today, "complaint"))
    assert list(record) == COMPLAINT
    assert all(record[name] for name in COMPLAINT), [name for name in COMPLAINT if not record[name]]
    assert (record["被投诉单位"], record["被投诉人"]) == ("市场监督管理局", "3 号窗口")
    assert record["承办单位代码"] == "11370982MB0000000X" and record["延期原因"] == "需现场勘查"
    assert record["延期时限"] == "2" and record["承诺时限"] == "20260318"
    assert record["超期天数"] == "2" and record["行政区划"].startswith("370982")
    assert all(MOMENT.match(record[name]) for name in ("投诉时间", "承办时间", "反馈时间"))
    assert record["承办人"] == user("reviewer").staff.full_name


def test_an_enquiry_fills_every_national_field(catalog, today):
    matter = walked(today, "enquiry")
    record = national.enquiry_record(matter)
    assert list(record) == ENQUIRY
    assert all(record[name] for name in ENQUIRY), [name for name in ENQUIRY if not record[name]]
    assert record["咨询编码"] == matter.number and record["处理意见"] == "已答复诉求人"
    assert record["处理人"] == user("supervisor").staff.full_name and MOMENT.match(record["处理时间"])


def test_a_card_fills_every_national_field_and_shows_its_withdrawal(catalog, today):
    today.set(date(2026, 1, 5))
    case = intake("clerk", "工伤认定")
    today.set(date(2026, 3, 20))
    sweep.refresh_due()
    raise_cards()
    card = Card.objects.select_related("case__item_version", "rule", "department").get(level="red")
    record = national.supervision_record(card)
    assert list(record) == SUPERVISION
    assert all(record[name] for name in SUPERVISION), [name for name in SUPERVISION if not record[name]]
    assert record["办件编号"] == case.number and record["监察编号"] == card.number
    assert record["事项类型代码"] == case.item_version.item_type and record["监察预警类型代码"] == "red"
    card.withdrawn_at, card.withdraw_reason = card.raised_at, "系统故障"
    assert "系统故障" in national.supervision_record(card)["监察结果描述"]


def test_a_respondent_outside_the_area_is_refused(catalog, today):
    today.set(date(2026, 3, 2))
    elsewhere = Department.objects.exclude(body__division__code__startswith="370982").first()
    if elsewhere is None:  # the test catalog has one county: a unit that is not active stands in
        elsewhere = market()
        elsewhere.is_active = False
        elsewhere.save()
    with pytest.raises(Invalid) as refused:
        complaint(respondent_unit=elsewhere.pk)
    assert refused.value.details["fields"]["respondent_unit"] == "被投诉单位须是本地区的单位。"
