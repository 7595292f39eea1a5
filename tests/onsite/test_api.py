"""The office days through the API, as a program would use them: the rota generated, an issue registered,
vetted and put on the agenda, the session held and decided, the minutes drafted, approved and issued
(every decision's matter number in the answer), the public raising an issue and following it by number
and query code (the phone never shown), and bad input answered with the field that is wrong."""

import json
from datetime import date

from onewindow.onsite.models import Decision
from onewindow.supervision.choices import Source
from tests.cases.conftest import api

from .conftest import a_session, carried_out, police

TOPIC = {
    "submitter_kind": "enterprise",
    "submitter_name": "新泰华源机械有限公司",
    "submitter_phone": "13905381111",
    "title": "三个派出所交界处治安管辖不清",
    "content": "企业地处西张庄、羊流、果都三个派出所辖区交界处。",
}


def post(client, path, body=None, method="post"):
    return getattr(client, method)("/api/v1" + path, json.dumps(body or {}), content_type="application/json")


def test_the_six_steps_through_the_api(leaders, today):
    today.set(date(2026, 3, 4))
    office, leader = api("supervisor"), api("leader")
    made = post(
        office,
        "/onsite/rota",
        {
            "first": "2026-03-04",
            "last": "2026-03-31",
            "weekday": 2,
            "leader_ids": [leaders[1].pk, leaders[0].pk],
        },
    )
    assert made.status_code == 201
    days = made.json()
    assert [d["day"] for d in days] == ["2026-03-04", "2026-03-11", "2026-03-18", "2026-03-25"]
    session_id = days[1]["id"]
    today.set(date(2026, 3, 10))
    raised = post(api("police"), "/onsite/topics?via=staff", TOPIC)
    assert raised.status_code == 201 and raised.json()["status"] == "submitted"
    number = raised.json()["number"]
    assert post(office, f"/onsite/topics/{number}/vet", {"decision": "accept"}).json()["status"] == "accepted"
    placed = post(office, f"/onsite/topics/{number}/schedule", {"session_id": session_id}).json()
    assert placed["session_id"] == session_id and placed["status"] == "scheduled"
    today.set(date(2026, 3, 11))
    held = post(
        leader, f"/onsite/sessions/{session_id}/hold", {"present_ids": [police().pk], "attendees": "王局长"}
    )
    assert held.status_code == 200 and held.json()["status"] == "held"
    decision = post(
        leader,
        f"/onsite/sessions/{session_id}/decisions",
        {"topic_number": number, "text": "公安局将管辖分给三个派出所。", "person": "王局长", "days": 1},
    )
    assert decision.status_code == 201 and decision.json()["due_on"] == "2026-03-12"
    post(office, f"/onsite/sessions/{session_id}/minutes")
    refused = post(leader, f"/onsite/sessions/{session_id}/minutes/approve")
    assert refused.status_code == 409 and refused.json()["code"] == "decision_incomplete"
    amended = post(
        leader,
        f"/onsite/decisions/{decision.json()['id']}",
        {
            "topic_number": number,
            "text": "公安局将管辖分给三个派出所。",
            "unit_id": police().pk,
            "person": "王局长",
            "days": 1,
        },
        method="put",
    )
    assert amended.status_code == 200 and amended.json()["unit"] == "公安局"
    post(office, f"/onsite/sessions/{session_id}/minutes")  # drafted again with the unit
    assert post(leader, f"/onsite/sessions/{session_id}/minutes/approve").status_code == 200
    issued = post(office, f"/onsite/sessions/{session_id}/minutes/issue").json()
    assert issued["minutes"]["number"].startswith("JY") and issued["minutes"]["status"] == "issued"
    matter_number = issued["decisions"][0]["matter_number"]
    assert matter_number.startswith("DB") and issued["open_decisions"] == 1
    matter = Decision.objects.get(pk=decision.json()["id"]).matter
    assert matter.number == matter_number and matter.source == Source.ONSITE
    refused = post(office, f"/onsite/sessions/{session_id}/close")
    assert refused.status_code == 409 and refused.json()["code"] == "decisions_open"
    carried_out(matter, today, date(2026, 3, 12))
    closed = post(office, f"/onsite/sessions/{session_id}/close").json()
    assert closed["status"] == "closed" and closed["decisions"][0]["closed"] is True
    assert "三个派出所" in closed["decisions"][0]["feedback"]


def test_the_public_raises_follows_and_rates(leaders, today, client):
    today.set(date(2026, 3, 10))
    raised = client.post("/api/v1/public/onsite/topics", TOPIC, content_type="application/json")
    assert raised.status_code == 201
    number, code = raised.json()["number"], raised.json()["query_code"]
    followed = client.get(f"/api/v1/public/onsite/topics/{number}", {"code": code})
    assert followed.status_code == 200 and followed.json()["status"] == "submitted"
    assert followed.json()["submitter_phone"] == "139****1111"
    assert client.get(f"/api/v1/public/onsite/topics/{number}", {"code": "000000"}).status_code == 404
    rated = client.post(
        f"/api/v1/public/onsite/topics/{number}/solved?code={code}",
        {"solved": "yes"},
        content_type="application/json",
    )
    assert rated.status_code == 409  # nothing fed back yet
    a_session(date(2026, 3, 11), leaders[0])
    schedule = client.get(
        "/api/v1/public/onsite/schedule", {"first": "2026-03-01", "last": "2026-03-31"}
    ).json()
    assert [row["leader"] for row in schedule] == ["李振华"]


def test_bad_input_names_the_field(leaders, today):
    today.set(date(2026, 3, 10))
    bad = post(api("supervisor"), "/onsite/topics", {**TOPIC, "submitter_phone": "abc"})
    assert bad.status_code == 422 and "submitter_phone" in bad.json()["details"]["fields"]
    bad = post(
        api("supervisor"),
        "/onsite/rota",
        {"first": "2026-03-04", "last": "2026-03-01", "weekday": 2, "leader_ids": [leaders[0].pk]},
    )
    assert bad.status_code == 422 and bad.json()["code"] == "period_reversed"
    assert (
        post(
            api("clerk"),
            "/onsite/rota",
            {"first": "2026-03-04", "last": "2026-03-31", "weekday": 2, "leader_ids": [1]},
        ).status_code
        == 403
    )


def test_each_sees_only_their_own(leaders, today):
    today.set(date(2026, 3, 11))
    session = a_session(date(2026, 3, 11), leaders[0])
    assert api("clerk").get(f"/api/v1/onsite/sessions/{session.pk}").status_code == 404
    assert api("police").get(f"/api/v1/onsite/sessions/{session.pk}").status_code == 404
    post(api("supervisor"), f"/onsite/sessions/{session.pk}/invite", {"department_ids": [police().pk]})
    assert api("police").get(f"/api/v1/onsite/sessions/{session.pk}").status_code == 200  # invited
    assert api("leader2").get(f"/api/v1/onsite/sessions/{session.pk}").status_code == 200
    refused = post(api("leader2"), f"/onsite/sessions/{session.pk}/hold", {})
    assert refused.status_code == 403  # not the leader who sits
