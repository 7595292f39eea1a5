"""Custody of a request's paper materials: the village agent hands the file to the town, the town
confirms; only the holder hands over, only the receiver confirms, nothing is handed on while a hand-over
waits; one not confirmed within a working day turns red through the shared warning sweep and both sides
are told once; the API and the page say who holds the file."""

from datetime import timedelta

import pytest

from onewindow.audit.models import AuditEvent
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.notices.models import Notice
from onewindow.org.models import Department
from onewindow.proxy import custody
from onewindow.proxy.models import Handover
from onewindow.timelimits import sweep
from tests.cases.conftest import api, post

from .test_entrustments import MONDAY, user
from .test_requests import receive

TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)


def test_the_file_moves_village_to_town_to_department_and_is_always_somewhere(catalog, today):
    request = receive("agent_village", names=())
    assert custody.holder(request).name == "冯春梅"
    first = custody.hand_over(
        actor=user("agent_village"),
        request=request,
        materials="身份证复印件 1 份",
        to_user=user("agent"),
        today=MONDAY,
    )
    held = custody.holder(request)
    assert held.name == "冯春梅" and held.in_transit == first  # on its way, still the giver's
    assert first.deadline == TUESDAY and first.warning != "red"
    with pytest.raises(Conflict):
        custody.hand_over(
            actor=user("agent_village"), request=request, materials="x", to_user=user("clerk"), today=MONDAY
        )
    with pytest.raises(Forbidden):
        custody.confirm(actor=user("agent_village"), handover=first, today=MONDAY)
    custody.confirm(actor=user("agent"), handover=first, today=MONDAY)
    assert custody.holder(request).name == "郑红" and custody.holder(request).in_transit is None
    with pytest.raises(Forbidden):  # the village agent no longer holds it
        custody.hand_over(
            actor=user("agent_village"), request=request, materials="x", to_user=user("clerk"), today=MONDAY
        )
    market = Department.objects.get(name="市场监督管理局")
    second = custody.hand_over(
        actor=user("agent"), request=request, materials="全部材料", to_department=market, today=MONDAY
    )
    with pytest.raises(Forbidden):
        custody.confirm(actor=user("clerk"), handover=second, today=MONDAY)  # not of the department
    custody.confirm(actor=user("reviewer"), handover=second, today=MONDAY)  # the market regulator's reviewer
    assert custody.holder(request).name == "市场监督管理局"
    assert custody.holds(custody.actor_of(user("chief")), custody.holder(request))  # its staff hold it
    assert AuditEvent.objects.filter(action="proxy.handover.confirm").count() == 2
    with pytest.raises(Invalid) as both:
        custody.hand_over(actor=user("chief"), request=request, materials="x", today=MONDAY)
    assert both.value.code == "handover_to_one"


def test_a_hand_over_not_confirmed_within_a_working_day_turns_red_once_and_both_sides_hear(catalog, today):
    request = receive("agent_village", names=())
    given = custody.hand_over(
        actor=user("agent_village"),
        request=request,
        materials="申请表 2 份",
        to_user=user("agent"),
        today=MONDAY,
    )
    for day in (MONDAY, TUESDAY):
        today.set(day)
        sweep.refresh_due(on=day)
        sweep.announce_raised(on=day)
    assert Handover.objects.get().warning != "red"  # due on Tuesday: not late yet
    today.set(WEDNESDAY)
    for _ in range(3):
        sweep.refresh_due(on=WEDNESDAY)
        sweep.announce_raised(on=WEDNESDAY)
    assert Handover.objects.get().warning == "red"
    told = Notice.objects.filter(text__contains="未签收")
    assert set(told.values_list("recipient__username", flat=True)) == {"agent_village", "agent"}
    assert told.count() == 2  # once each, however many sweeps
    page = api("agent").get(f"/api/v1/proxy/requests/{request.number}/handovers").json()
    assert page["in_transit"] and page["handovers"][0]["late"] and page["holder"] == "冯春梅"
    custody.confirm(actor=user("agent"), handover=given, today=WEDNESDAY)
    confirmed = Handover.objects.get()
    assert confirmed.finished_late and confirmed.confirmed_by == user("agent")


def test_the_api_and_the_page_hand_over_and_confirm(catalog, today, login):
    request = receive("agent_village", names=())
    number = request.number
    given = post(
        api("agent_village"),
        f"/proxy/requests/{number}/handovers",
        {"materials": "申请表", "to_user": "agent"},
    )
    assert given.status_code == 201 and given.json()["in_transit"]
    assert (
        post(
            api("agent_village"),
            f"/proxy/requests/{number}/handovers",
            {"materials": "x", "to_user": "agent"},
        ).status_code
        == 409
    )
    handover = Handover.objects.get()
    town = login("agent").get(f"/proxy/requests/{number}/").content.decode()
    assert 'data-testid="confirm-handover"' in town and 'data-testid="in-transit"' in town
    assert (
        'data-testid="confirm-handover"'
        not in login("agent_village").get(f"/proxy/requests/{number}/").content.decode()
    )
    assert (
        login("agent").post(f"/proxy/requests/{number}/handovers/{handover.pk}/confirm/").status_code == 302
    )
    after = login("agent").get(f"/proxy/requests/{number}/").content.decode()
    assert 'data-testid="handover-form"' in after and "郑红" in after
    moved = (
        login("agent")
        .post(
            f"/proxy/requests/{number}/handovers/", {"materials": "全部材料", "to": "user:clerk"}, follow=True
        )
        .content.decode()
    )
    assert "已交出材料" in moved
    assert Handover.objects.filter(to_user=user("clerk"), confirmed_at__isnull=True).exists()
    again = post(api("agent"), f"/proxy/requests/{number}/handovers/{handover.pk}/confirm", {})
    assert again.status_code == 409
