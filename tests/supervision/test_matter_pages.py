"""Supervision matters in the browser's HTML and through the API: registering (立项) with errors in
Chinese, the inbox by deadline with the requester's phone masked for those who need not call, the matter
page offering only the allowed actions, the printed notices, and a hotline pushing a ticket twice."""

import re
from datetime import date

import pytest

from onewindow.org.models import Department
from onewindow.supervision.models import Matter

PHONE = "13805389999"


@pytest.fixture
def registered(catalog, today, login):
    today.set(date(2026, 3, 2))
    api = login("supervisor")
    answer = api.post(
        "/api/v1/supervision/matters",
        {
            "source": "complaint",
            "title": "老人家中电话线路中断多日",
            "content": "村民反映固定电话断线五天。",
            "requester_name": "张大爷",
            "requester_phone": PHONE,
        },
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    return answer.json()


def test_the_api_walks_a_matter_from_registration_to_feedback(registered, login):
    number = registered["number"]
    assert registered["status"] == "registered" and registered["allowed_actions"] == ["assign"]
    assert registered["requester_phone"] == PHONE  # the office calls back: the number whole
    market = Department.objects.get(name="市场监督管理局")
    office = login("supervisor")
    assigned = office.post(
        f"/api/v1/supervision/matters/{number}/actions/assign",
        {"lead_unit": market.pk, "text": "请一个工作日内反馈"},
        content_type="application/json",
    ).json()
    assert (assigned["status"], assigned["feedback_due"], assigned["lead_unit_id"]) == (
        "assigned",
        "2026-03-03",
        market.pk,
    )
    unit = login("reviewer")
    assert unit.get(f"/api/v1/supervision/matters/{number}").json()["allowed_actions"] == [
        "acknowledge",
        "feed_back",
        "ask_extension",
    ]
    refused = unit.post(
        f"/api/v1/supervision/matters/{number}/actions/feed_back",
        {"text": ""},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["message"] == "请填写反馈内容。"
    fed = unit.post(
        f"/api/v1/supervision/matters/{number}/actions/feed_back",
        {"text": "已修复"},
        content_type="application/json",
    ).json()
    assert fed["status"] == "fed_back" and [e["action"] for e in fed["timeline"]] == [
        "register",
        "assign",
        "feed_back",
    ]
    closing = office.post(
        f"/api/v1/supervision/matters/{number}/actions/close", {}, content_type="application/json"
    )
    assert closing.status_code == 409 and "答复和回访" in closing.json()["message"]
    # leaders read with the phone masked, and take no step
    leader = login("leader")
    assert leader.get(f"/api/v1/supervision/matters/{number}").json()["requester_phone"] == "138****9999"
    assert (
        leader.post(
            f"/api/v1/supervision/matters/{number}/actions/reply",
            {"text": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
    # another unit finds nothing
    assert login("reviewer2").get(f"/api/v1/supervision/matters/{number}").status_code == 404
    listed = leader.get("/api/v1/supervision/matters", {"status": "open"}).json()["items"]
    assert [m["number"] for m in listed] == [number] and listed[0]["requester_phone"] == "138****9999"


def test_a_hotline_ticket_pushed_twice_answers_201_then_200_with_one_matter(catalog, today, login):
    ticket = {
        "ticket_id": "12345-2026-000187",
        "title": "路灯不亮",
        "content": "某路段路灯不亮。",
        "caller_phone": PHONE,
    }
    api = login("supervisor")
    first = api.post("/api/v1/supervision/hotline/tickets", ticket, content_type="application/json")
    again = api.post("/api/v1/supervision/hotline/tickets", ticket, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["number"] == again.json()["number"] and Matter.objects.count() == 1
    assert first.json()["source"] == "hotline"
    assert (
        login("reviewer")
        .post("/api/v1/supervision/hotline/tickets", ticket, content_type="application/json")
        .status_code
        == 403
    )


def test_registering_on_the_page_shows_errors_in_chinese_and_keeps_what_was_typed(catalog, today, login):
    page = login("supervisor")
    form = page.get("/supervision/matters/new/")
    assert form.status_code == 200 and 'value="card"' not in form.content.decode()  # cards open their own
    bad = page.post(
        "/supervision/matters/new/",
        {
            "source": "complaint",
            "urgency": "normal",
            "title": "电话断线",
            "content": "断线五天",
            "requester_phone": "abc",
        },
    )
    text = bad.content.decode()
    assert bad.status_code == 422 and "请填写正确的电话号码" in text and 'value="电话断线"' in text
    assert not Matter.objects.exists()
    made = page.post(
        "/supervision/matters/new/",
        {
            "source": "complaint",
            "urgency": "urgent",
            "title": "电话断线",
            "content": "断线五天",
            "requester_phone": PHONE,
        },
    )
    matter = Matter.objects.get()
    assert made.status_code == 302 and made.url == f"/supervision/matters/{matter.number}/"
    assert matter.limit_days == 5  # urgent: 5 working days unless set
    assert login("reviewer").get("/supervision/matters/new/").status_code == 403


def test_the_matter_page_offers_only_the_allowed_steps_and_prints_the_notices(registered, login):
    number = registered["number"]
    office = login("supervisor")
    page = office.get(f"/supervision/matters/{number}/").content.decode()
    assert re.findall(r'data-testid="act-([a-z_]+)"', page) == ["assign"]
    assert 'data-testid="print-assignment"' not in page  # nothing to print before it is assigned
    market = Department.objects.get(name="市场监督管理局")
    done = office.post(f"/supervision/matters/{number}/act/assign/", {"lead_unit": market.pk})
    assert done.status_code == 302
    page = office.get(f"/supervision/matters/{number}/").content.decode()
    assert re.findall(r'data-testid="act-([a-z_]+)"', page) == ["urge"]
    notice = office.get(f"/supervision/matters/{number}/print/assignment/").content.decode()
    assert (
        "交办事项通知单" in notice
        and "2026-03-03" in notice
        and "138****9999" in notice
        and PHONE not in notice
    )
    assert office.get(f"/supervision/matters/{number}/print/urging/").status_code == 404  # not urged yet
    office.post(f"/supervision/matters/{number}/act/urge/", {"text": "电话联系"})
    urging = office.get(f"/supervision/matters/{number}/print/urging/").content.decode()
    assert "催办单" in urging and "第 1 级" in urging

    unit = login("reviewer")
    inbox = unit.get("/supervision/matters/").content.decode()
    assert f'data-matter="{number}"' in inbox and PHONE in inbox
    assert unit.get(f"/supervision/matters/{number}/print/assignment/").status_code == 200
    unit_page = unit.get(f"/supervision/matters/{number}/").content.decode()
    assert re.findall(r'data-testid="act-([a-z_]+)"', unit_page) == [
        "acknowledge",
        "feed_back",
        "ask_extension",
    ]
    refused = unit.post(f"/supervision/matters/{number}/act/feed_back/", {"text": " "}, follow=True)
    assert "请填写反馈内容。" in refused.content.decode()
    assert login("leader").get(f"/supervision/matters/{number}/print/assignment/").status_code == 404
    assert login("clerk").get(f"/supervision/matters/{number}/").status_code == 404


def test_the_page_reader_of_the_requester_agrees_with_the_procedure(registered, login):
    """The inbox answers "whole or masked" from sets read once; it must say what `in_office` and
    `in_unit` say for every person and matter (assigned to the market regulator, and not yet assigned)."""
    from django.contrib.auth import get_user_model

    from onewindow.org.permissions import actor_of
    from onewindow.supervision import selectors
    from onewindow.supervision.matter_flow import in_office, in_unit

    market = Department.objects.get(name="市场监督管理局")
    login("supervisor").post(
        f"/api/v1/supervision/matters/{registered['number']}/actions/assign",
        {"lead_unit": market.pk},
        content_type="application/json",
    )
    login("supervisor").post(
        "/api/v1/supervision/matters",
        {"source": "media", "title": "未交办", "content": "内容"},
        content_type="application/json",
    )
    matters = list(Matter.objects.select_related("lead_unit"))
    for user in get_user_model().objects.all():
        actor = actor_of(user)
        reads = selectors.requester_reader(actor)
        for matter in matters:
            assert reads(matter) == (in_office(actor, matter) or in_unit(actor, matter)), (user, matter)
