"""The office-day pages: the office vets an issue and puts it on the agenda, the leader holds the session
and decides from his phone-sized page, the office drafts and issues the minutes (the confirmation is on
the button), the print shows the numbered minutes, the public raises an issue and follows it; refusals
come back as messages; and every page is complete in English."""

import re
from datetime import date

from django.test import Client

from onewindow.onsite import minutes, sessions, topics
from onewindow.onsite.models import Leader, OfficeDay, Topic
from onewindow.org.models import Department, ServiceBody
from tests.web.test_pages import CJK, english_page
from tests.web.test_pages import english_county as english_county  # a fixture

from .conftest import a_session, a_topic, police, user

TEXTAREA = re.compile(
    r"<textarea[^>]*>.*?</textarea>|<div class=\"border rounded p-2 small\"[^>]*>.*?</div>", re.S
)


def test_the_office_and_the_leader_take_the_steps_on_the_pages(leaders, today, login):
    today.set(date(2026, 3, 11))
    session = a_session(date(2026, 3, 11), leaders[0])
    topic = a_topic(date(2026, 3, 10))
    office, leader = login("supervisor"), login("leader")
    page = office.get(f"/onsite/topics/{topic.number}/")
    assert page.status_code == 200 and 'data-testid="vet"' in page.content.decode()
    assert "139****1111" not in page.content.decode()  # the office reads the phone whole
    office.post(f"/onsite/topics/{topic.number}/vet/", {"decision": "reject"})
    assert Topic.objects.get(pk=topic.pk).status == "submitted"  # refused: a rejection needs a reason
    office.post(f"/onsite/topics/{topic.number}/vet/", {"decision": "accept"})
    office.post(f"/onsite/topics/{topic.number}/schedule/", {"session": session.pk})
    assert Topic.objects.get(pk=topic.pk).session_id == session.pk
    office.post(f"/onsite/sessions/{session.pk}/invite/", {"departments": [police().pk]})
    page = leader.get(f"/onsite/sessions/{session.pk}/").content.decode()
    assert 'data-testid="hold"' in page and "三个派出所交界处" in page
    leader.post(f"/onsite/sessions/{session.pk}/hold/", {"departments": [police().pk], "attendees": "王局长"})
    leader.post(
        f"/onsite/sessions/{session.pk}/decisions/",
        {"topic_number": topic.number, "text": "公安局次日前分清管辖。", "unit": police().pk, "days": 1},
    )
    office.post(f"/onsite/sessions/{session.pk}/minutes/")
    page = leader.get(f"/onsite/sessions/{session.pk}/").content.decode()
    assert 'data-testid="approve"' in page
    leader.post(f"/onsite/sessions/{session.pk}/minutes/approve/")
    page = office.get(f"/onsite/sessions/{session.pk}/").content.decode()
    assert 'data-testid="issue"' in page and "data-confirm" in page
    office.post(f"/onsite/sessions/{session.pk}/minutes/issue/")
    session.refresh_from_db()
    assert session.minutes.number.startswith("JY")
    printed = office.get(f"/onsite/sessions/{session.pk}/print/minutes/").content.decode()
    assert session.minutes.number in printed and "公安局" in printed
    response = office.post(f"/onsite/sessions/{session.pk}/close/", follow=True)
    assert "项决定未办结" in response.content.decode()


def test_a_unit_reads_its_own_and_no_more(leaders, today, login):
    today.set(date(2026, 3, 11))
    session = a_session(date(2026, 3, 11), leaders[0])
    assert login("police").get(f"/onsite/sessions/{session.pk}/").status_code == 404
    topics.invite(actor=user("supervisor"), session=session, department_ids=[police().pk])
    page = login("police").get(f"/onsite/sessions/{session.pk}/").content.decode()
    assert 'data-testid="hold"' not in page and 'data-testid="invite"' not in page
    assert login("clerk").get("/onsite/rota/").status_code == 403
    assert login("supervisor").get("/onsite/rota/").status_code == 200


def test_the_rota_page_previews_then_generates(leaders, today, login):
    today.set(date(2026, 9, 1))
    office = login("supervisor")
    data = {
        "first": "2026-09-28",
        "last": "2026-10-15",
        "weekday": 2,
        "on_day_off": "move",
        "leaders": [leaders[0].pk],
    }
    preview = office.post("/onsite/rota/", data).content.decode()
    assert 'data-day="2026-09-30"' in preview and 'data-day="2026-10-08"' in preview
    assert not OfficeDay.objects.exists()
    office.post("/onsite/rota/", {**data, "confirm": "1"})
    assert list(OfficeDay.objects.values_list("day", flat=True)) == [
        date(2026, 9, 30),
        date(2026, 10, 8),
        date(2026, 10, 14),
    ]


def test_the_public_raises_and_follows(leaders, today, client):
    today.set(date(2026, 3, 10))
    answer = client.post(
        "/leaders/raise/",
        {
            "submitter_kind": "enterprise",
            "submitter_name": "新泰华源机械有限公司",
            "submitter_phone": "13905381111",
            "title": "管辖不清",
            "content": "三个派出所交界处。",
        },
    )
    assert answer.status_code == 201
    topic = Topic.objects.get()
    page = client.get("/leaders/follow/", {"number": topic.number, "code": topic.query_code}).content.decode()
    assert "管辖不清" in page and "13905381111" not in page
    assert client.get("/leaders/follow/", {"number": topic.number, "code": "000000"}).status_code == 404
    bad = client.post("/leaders/raise/", {"submitter_kind": "enterprise", "title": ""})
    assert bad.status_code == 422 and 'data-for="submitter_phone"' in bad.content.decode()


def test_the_pages_are_complete_in_english(english_county):
    centre = ServiceBody.objects.get(name="Center")
    leader = Leader.objects.create(staff=english_county["leader"].staff, title="Mayor")
    session = OfficeDay.objects.create(
        body=centre, leader=leader, day=date(2026, 3, 11), planned_on=date(2026, 3, 11)
    )
    new = topics.NewTopic("enterprise", "Firm", "13905381111", "Unclear jurisdiction", "Three stations.")
    topic = topics.submit(actor=english_county["supervisor"], body=centre, new=new, channel="staff")
    topics.vet(actor=english_county["supervisor"], topic=topic, decision="accept")
    topics.put_on_agenda(actor=english_county["supervisor"], topic=topic, session=session)
    unit = Department.objects.get(name="Market Bureau")
    sessions.hold(
        actor=english_county["leader"],
        session=session,
        present_ids=[unit.pk],
        attendees="Chief",
        on=date(2026, 3, 11),
    )
    sessions.decide(
        actor=english_county["leader"],
        session=session,
        data=sessions.DecisionInput(topic.number, "Split it.", None, "", None),
    )
    minutes.draft(actor=english_county["supervisor"], session=session)
    for role, path in [
        ("supervisor", "/onsite/"),
        ("supervisor", "/onsite/rota/"),
        ("supervisor", "/onsite/topics/"),
        ("supervisor", "/onsite/topics/new/"),
        ("supervisor", f"/onsite/topics/{topic.number}/"),
        ("supervisor", f"/onsite/sessions/{session.pk}/"),
        ("leader", f"/onsite/sessions/{session.pk}/"),
        ("leader", "/onsite/figures/"),
    ]:
        client = Client()
        client.force_login(english_county[role])
        text = TEXTAREA.sub("", english_page(client, path))
        assert not CJK.findall(text), (path, CJK.findall(text)[:20])
    for path in [
        "/leaders/",
        "/leaders/raise/",
        f"/leaders/follow/?number={topic.number}&code={topic.query_code}",
    ]:
        assert not CJK.findall(english_page(Client(), path)), path


def test_the_leaders_home_shows_his_office_days(leaders, today, login):
    today.set(date(2026, 3, 11))
    session = a_session(date(2026, 3, 11), leaders[0])
    a_session(date(2026, 3, 18), leaders[0])
    home = login("leader").get("/home/leader/").content.decode()
    assert home.count('data-testid="next-session"') == 2
    topic = a_topic(date(2026, 3, 10))
    topics.vet(actor=user("supervisor"), topic=topic, decision="accept")
    topics.put_on_agenda(actor=user("supervisor"), topic=topic, session=session)
    sessions.hold(actor=user("leader"), session=session, present_ids=[], attendees="")
    data = sessions.DecisionInput(topic.number, "公安局次日前分清管辖。", police().pk, "", 1)
    sessions.decide(actor=user("leader"), session=session, data=data)
    minutes.draft(actor=user("supervisor"), session=session)
    home = login("leader").get("/home/leader/").content.decode()
    assert 'data-testid="to-approve"' in home and f"/onsite/sessions/{session.pk}/" in home
    assert 'data-testid="to-approve"' not in login("leader2").get("/home/leader/").content.decode()
