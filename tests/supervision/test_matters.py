"""Supervision matters (F9 items 2-4): registered from every source, assigned, fed back, urged rung by
rung, extended by working days, replied to and closed; a red card opens exactly one matter."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model

from onewindow.audit.models import AuditEvent
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.notices.models import Notice
from onewindow.org.models import Department, ServiceBody
from onewindow.org.permissions import actor_of
from onewindow.supervision import ladder
from onewindow.supervision.cards import raise_cards
from onewindow.supervision.defaults import DEFAULT_LADDER
from onewindow.supervision.matter_flow import visible_matters
from onewindow.supervision.matter_services import NewMatter, allowed, register_matter, take
from onewindow.supervision.models import Card, Matter, MemberUnit, Urging
from onewindow.timelimits import sweep
from tests.cases.conftest import intake

from .walk import next_workday

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def center():
    return ServiceBody.objects.get(name="新泰市政务服务中心")


def market():
    return Department.objects.get(name="市场监督管理局")


def complaint(**changes) -> Matter:
    new = NewMatter(
        source="complaint",
        title="老人家中电话线路中断多日",
        content="东都镇东都村村民反映家中固定电话已断线五天，无法与外地子女联系。",
        requester_name="张大爷",
        requester_phone="13805389999",
    )
    for name, value in changes.items():
        setattr(new, name, value)
    return register_matter(actor=user("supervisor"), body=center(), new=new)


def test_a_matter_walks_the_procedure_with_its_reply_and_follow_up(catalog, today):
    today.set(date(2026, 3, 2))
    matter = complaint()
    assert matter.number.startswith("DB370982") and matter.number.endswith("20260302" + "0001")
    assert matter.status == "registered" and len(matter.query_code) == 6

    matter = take(actor=user("supervisor"), matter=matter, action="assign", data={"lead_unit": market().pk})
    assert (matter.status, matter.assigned_on, matter.feedback_due) == (
        "assigned",
        date(2026, 3, 2),
        date(2026, 3, 3),
    )
    assert matter.deadline == next_workday(date(2026, 3, 2), 10) and matter.clock_state == "running"
    # the unit is told: its chief representative and reviewers (it has no office contact)
    assert Notice.objects.filter(
        recipient=user("chief"), link=f"/supervision/matters/{matter.number}/"
    ).exists()

    with pytest.raises(Forbidden):  # the office does not feed back for the unit
        take(actor=user("supervisor"), matter=matter, action="feed_back", data={"text": "已修复"})
    with pytest.raises(Forbidden):  # another unit does nothing here
        take(actor=user("reviewer2"), matter=matter, action="acknowledge")
    matter = take(actor=user("reviewer"), matter=matter, action="acknowledge")
    with pytest.raises(Invalid):
        take(actor=user("reviewer"), matter=matter, action="feed_back", data={"text": " "})
    matter = take(
        actor=user("reviewer"), matter=matter, action="feed_back", data={"text": "已派员修复线路。"}
    )
    assert (matter.status, matter.feedback) == ("fed_back", "已派员修复线路。")
    assert Notice.objects.filter(recipient=user("supervisor"), link__contains=matter.number).exists()

    # a matter with a requester closes only after the reply and the follow-up call are recorded
    assert "close" not in allowed(user("supervisor"), matter)
    with pytest.raises(Conflict):
        take(actor=user("supervisor"), matter=matter, action="close")
    take(actor=user("supervisor"), matter=matter, action="reply", data={"text": "线路已于今日修复。"})
    take(
        actor=user("supervisor"),
        matter=matter,
        action="follow_up",
        data={"result": "unsatisfied", "text": "仍有杂音"},
    )
    matter = take(actor=user("supervisor"), matter=matter, action="close")
    assert matter.status == "closed" and matter.clock_state == "finished" and not matter.finished_late

    # unsatisfied: reopened once, a new round with its own feedback deadline; never twice
    today.set(date(2026, 3, 4))
    with pytest.raises(Invalid):
        take(actor=user("supervisor"), matter=matter, action="reopen", data={"reason": ""})
    matter = take(
        actor=user("supervisor"), matter=matter, action="reopen", data={"reason": "诉求人反映仍有杂音"}
    )
    assert (matter.status, matter.feedback_due, matter.replied_at) == ("handling", date(2026, 3, 5), None)
    assert matter.clock_state == "running" and matter.deadline == next_workday(date(2026, 3, 4), 10)
    take(actor=user("reviewer"), matter=matter, action="feed_back", data={"text": "已更换线路。"})
    take(actor=user("supervisor"), matter=matter, action="reply", data={"text": "已更换。"})
    take(actor=user("supervisor"), matter=matter, action="follow_up", data={"result": "unsatisfied"})
    matter = take(actor=user("supervisor"), matter=matter, action="close")
    assert "reopen" not in allowed(user("supervisor"), matter)

    steps = list(matter.events.values_list("action", flat=True))
    assert steps[:6] == ["register", "assign", "acknowledge", "feed_back", "reply", "follow_up"]
    assert steps.count("close") == 2 and steps.count("reopen") == 1
    audited = AuditEvent.objects.filter(object_type="supervision.matter", object_id=str(matter.pk))
    assert audited.count() == len(steps)


def test_a_feedback_deadline_before_a_holiday_lands_after_it_and_an_extension_moves_by_working_days(
    catalog, today
):
    today.set(date(2026, 9, 30))  # the working day before National Day (1-7 October 2026)
    matter = take(
        actor=user("supervisor"), matter=complaint(), action="assign", data={"lead_unit": market().pk}
    )
    assert matter.feedback_due == date(2026, 10, 8) == next_workday(date(2026, 9, 30))
    deadline = matter.deadline
    assert deadline == next_workday(date(2026, 9, 30), 10)

    with pytest.raises(Forbidden):  # the office grants; the unit asks
        take(
            actor=user("supervisor"),
            matter=matter,
            action="ask_extension",
            data={"days": 3, "reason": "需协调"},
        )
    take(
        actor=user("reviewer"),
        matter=matter,
        action="ask_extension",
        data={"days": 3, "reason": "需协调电信公司"},
    )
    with pytest.raises(Conflict):  # one request at a time
        take(
            actor=user("reviewer"), matter=matter, action="ask_extension", data={"days": 2, "reason": "再延"}
        )
    matter = take(actor=user("supervisor"), matter=matter, action="grant_extension")
    assert matter.deadline == next_workday(deadline, 3) and matter.extension_days == 3
    assert matter.feedback_due == next_workday(date(2026, 10, 8), 3)
    assert matter.extension_reason == "需协调电信公司" and matter.extension_asked_days is None


def test_the_ladder_is_climbed_to_its_last_rung_by_the_sweep_each_rung_once(catalog, today):
    today.set(date(2026, 3, 2))
    matter = take(
        actor=user("supervisor"), matter=complaint(), action="assign", data={"lead_unit": market().pk}
    )
    day, expected_day = date(2026, 3, 2), matter.feedback_due
    climbed_on = {}
    for _ in range(60):
        day += timedelta(days=1)
        today.set(day)
        for _twice in range(2):
            ladder.climb_late(on=day)
        for urging in Urging.objects.filter(matter=matter):
            climbed_on.setdefault(urging.step, urging.day)
    urgings = list(Urging.objects.filter(matter=matter).order_by("step"))
    assert [(u.step, u.method) for u in urgings] == [(s, m) for s, m, _w in DEFAULT_LADDER]
    for step, _method, wait in DEFAULT_LADDER:  # each rung its wait in working days after the previous
        expected_day = next_workday(expected_day, wait)
        assert climbed_on[step] == expected_day
    matter.refresh_from_db()
    assert matter.rung == len(DEFAULT_LADDER)
    assert matter.events.filter(action="urge").count() == len(DEFAULT_LADDER)
    with pytest.raises(Invalid):  # at the top, a supervisor cannot climb further by hand
        take(actor=user("supervisor"), matter=matter, action="urge")


def test_fed_back_in_time_is_never_urged_and_a_supervisor_climbs_by_hand(catalog, today):
    today.set(date(2026, 3, 2))
    matter = take(
        actor=user("supervisor"), matter=complaint(), action="assign", data={"lead_unit": market().pk}
    )
    take(actor=user("reviewer"), matter=matter, action="feed_back", data={"text": "已办"})
    assert ladder.climb_late(on=date(2026, 3, 20)) == 0

    other = take(
        actor=user("supervisor"), matter=complaint(), action="assign", data={"lead_unit": market().pk}
    )
    other = take(actor=user("supervisor"), matter=other, action="urge", data={"text": "电话联系科长"})
    assert other.rung == 1 and Urging.objects.get(matter=other).by == user("supervisor")


def test_units_see_their_own_matters_and_the_office_its_area(catalog, today):
    today.set(date(2026, 3, 2))
    matter = take(
        actor=user("supervisor"), matter=complaint(), action="assign", data={"lead_unit": market().pk}
    )
    realty = Department.objects.get(name="不动产登记中心")
    assert matter in visible_matters(actor_of(user("reviewer")))
    assert matter not in visible_matters(actor_of(user("reviewer2")))
    assert matter in visible_matters(actor_of(user("leader")))
    assert matter not in visible_matters(actor_of(user("clerk")))
    matter.co_units.add(realty)
    assert matter in visible_matters(actor_of(user("reviewer2")))
    assert allowed(user("reviewer2"), matter) == []  # a co-unit reads; the lead unit acts

    # a unit's office contact acts for it and is the one told
    MemberUnit.objects.create(department=realty, contact=user("clerk2"))
    second = take(
        actor=user("supervisor"), matter=complaint(), action="assign", data={"lead_unit": realty.pk}
    )
    assert second in visible_matters(actor_of(user("clerk2")))
    assert Notice.objects.filter(recipient=user("clerk2"), link__contains=second.number).exists()
    assert not Notice.objects.filter(recipient=user("reviewer2"), link__contains=second.number).exists()
    take(actor=user("clerk2"), matter=second, action="acknowledge")


def test_registering_checks_its_fields_and_who(catalog, today):
    with pytest.raises(Invalid) as refused:
        complaint(title="")
    assert refused.value.details["fields"] == {"title": "请填写标题。"}
    with pytest.raises(Invalid):
        complaint(requester_phone="call me")
    with pytest.raises(Forbidden):
        register_matter(actor=user("reviewer"), body=center(), new=NewMatter("media", "标题", "内容"))
    assert not Matter.objects.exists()


def test_a_hotline_ticket_pushed_twice_is_one_matter(catalog, today):
    new = NewMatter(
        "hotline", "路灯不亮", "东都镇某路段路灯不亮。", requester_phone="13805388888", external_id="T-1"
    )
    first = register_matter(actor=user("admin"), body=center(), new=new)
    again = register_matter(actor=user("admin"), body=center(), new=new)
    assert first.pk == again.pk and Matter.objects.count() == 1


def test_a_red_card_opens_one_matter_however_often_the_sweep_runs(catalog, today):
    today.set(date(2026, 3, 2))
    case = intake("clerk", "工伤认定")
    late = next_workday(case.deadline)
    today.set(late)
    for _ in range(10):
        sweep.refresh_due()
        raise_cards()
    red = Card.objects.get(level="red")
    (matter,) = Matter.objects.all()
    assert (matter.source, matter.card_id, matter.case_id, matter.status) == (
        "card",
        red.pk,
        case.pk,
        "registered",
    )
    assert matter.external_id == red.number and matter.body_id == case.body_id
    assert Card.objects.filter(level="yellow").count() == 1
