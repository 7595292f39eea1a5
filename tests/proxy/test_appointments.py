"""Door-to-door visits by appointment: only for a principal who asked for it or has a priority, on a
working day not past, with an agent of the area and a free vehicle; an agent or a vehicle is never
booked twice for a slot; through the service, the API and the page."""

from datetime import date, timedelta

import pytest

from onewindow.errors import Conflict, Invalid
from onewindow.org.models import ServiceBody
from onewindow.proxy import appointments
from onewindow.proxy.models import Appointment, Vehicle
from tests.cases.conftest import api, post

from .test_entrustments import MONDAY, SETUP, user
from .test_requests import VILLAGE, receive

TUESDAY = MONDAY + timedelta(days=1)
SATURDAY = MONDAY + timedelta(days=5)


def book(request, username="agent_village", day=TUESDAY, slot="morning", vehicle=None, by="agent_village"):
    return appointments.book(
        actor=user(by), request=request, agent=user(username), day=day, slot=slot,
        address="东都村 3 组 12 号", vehicle=vehicle, today=MONDAY,
    )  # fmt: skip


def test_a_visit_is_booked_once_per_agent_and_vehicle_and_slot(catalog, today):
    van = Vehicle.objects.create(body=ServiceBody.objects.get(name="东都镇便民服务中心"), plate="鲁J·D0001")
    elderly = receive("clerk", names=(SETUP,), home_code=VILLAGE, priority="elderly")
    other = receive("clerk", names=(SETUP,), home_code=VILLAGE, door_to_door=True)
    made = book(elderly, vehicle=van)
    assert (made.day, made.slot, made.vehicle) == (TUESDAY, "morning", van)
    with pytest.raises(Conflict):
        book(other)  # the same agent, the same slot
    with pytest.raises(Invalid) as taken:
        book(other, username="agent", vehicle=van)
    assert taken.value.code == "vehicle_taken"
    book(other, slot="afternoon", vehicle=van)
    assert Appointment.objects.count() == 2
    plain = receive("clerk", names=(SETUP,), home_code=VILLAGE)
    with pytest.raises(Invalid) as not_entitled:
        book(plain, slot="afternoon", username="agent")
    assert not_entitled.value.code == "not_door_to_door"
    for day, code in ((SATURDAY, "not_workday"), (MONDAY - timedelta(days=3), "past_day")):
        with pytest.raises(Invalid) as refused:
            book(elderly, day=day, slot="afternoon", username="agent")
        assert refused.value.code == code
    assert date(2025, 9, 6) == SATURDAY


def test_the_api_and_the_page_book_a_visit(catalog, today, login):
    elderly = receive("clerk", names=(SETUP,), home_code=VILLAGE, priority="elderly")
    body = {"day": str(TUESDAY), "slot": "morning", "agent": "agent_village", "address": "东都村 3 组 12 号"}
    made = post(api("agent_village"), f"/proxy/requests/{elderly.number}/appointments", body)
    assert made.status_code == 201 and made.json()["agent"] == "冯春梅"
    again = post(api("clerk"), f"/proxy/requests/{elderly.number}/appointments", body)
    assert again.status_code == 409
    assert post(api("reviewer"), f"/proxy/requests/{elderly.number}/appointments", body).status_code == 404
    page = login("clerk").get(f"/proxy/requests/{elderly.number}/").content.decode()
    assert 'data-testid="book-form"' in page and "东都村 3 组 12 号" in page
    booked = login("clerk").post(
        f"/proxy/requests/{elderly.number}/appointments/", {**body, "slot": "afternoon"}, follow=True
    )
    assert "已预约上门服务" in booked.content.decode() and Appointment.objects.count() == 2


def test_the_agents_home_shows_their_proxy_work_on_a_phone_as_at_a_desk(catalog, today, login):
    from onewindow.proxy import custody

    elderly = receive("clerk", names=(SETUP,), home_code=VILLAGE, priority="elderly")
    book(elderly)
    mine = receive("agent_village", names=())
    custody.hand_over(
        actor=user("agent_village"), request=mine, materials="申请表", to_user=user("agent"), today=MONDAY
    )
    village = login("agent_village").get("/home/agent/").content.decode()
    assert 'data-testid="proxy-workbench"' in village and elderly.number in village
    assert 'data-testid="carrying-count">2<' in village and 'data-testid="visit"' in village
    town = login("agent").get("/home/agent/").content.decode()
    assert 'data-testid="to-confirm"' in town and mine.number in town
