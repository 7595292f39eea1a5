"""What a review of F10 found, each held by a test: nothing changes under approved minutes, the minutes
fall due when the session is held, a late issue keeps the decision's own deadline, a reopened matter
reopens its session, the portal's count survives a refusal, the public and the units read only their
part, a merged issue is answered by the other, and a submitter rates once."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.errors import Conflict, Throttled
from onewindow.onsite import feedback, minutes, sessions, topics
from onewindow.onsite.models import Minutes, OfficeDay
from onewindow.onsite.outward import topic_out
from onewindow.onsite.sweeps import reopen_sessions
from onewindow.org.models import Department
from onewindow.supervision.matter_services import take
from tests.cases.conftest import api

from .conftest import a_session, a_topic, carried_out, decided_session, issued, police, user

DAY = date(2026, 3, 12)


def test_nothing_changes_under_approved_minutes_and_a_draft_follows_the_decisions(leaders, today):
    session, topic, decision = decided_session(today, DAY, leaders[0])
    draft = minutes.draft(actor=user("supervisor"), session=session)
    sessions.amend(
        actor=user("leader"),
        decision=decision,
        data=sessions.DecisionInput(topic.number, "公安局三日内分清管辖。", police().pk, "", 3),
    )
    assert "三日内" in Minutes.objects.get(pk=draft.pk).text  # the draft was written again
    minutes.approve(actor=user("leader"), minutes=draft)
    with pytest.raises(Conflict):
        sessions.amend(
            actor=user("leader"),
            decision=decision,
            data=sessions.DecisionInput(topic.number, "改了", police().pk, "", 9),
        )
    with pytest.raises(Conflict):
        sessions.decide(
            actor=user("leader"),
            session=session,
            data=sessions.DecisionInput(topic.number, "再加", police().pk, "", 1),
        )
    late = a_topic(DAY, title="迟到的议题")
    topics.vet(actor=user("supervisor"), topic=late, decision="accept")
    with pytest.raises(Exception) as refused:
        topics.put_on_agenda(actor=user("supervisor"), topic=late, session=session)
    assert refused.value.code == "session_closed"
    decision.refresh_from_db()
    assert (decision.days, decision.text) == (3, "公安局三日内分清管辖。")


def test_a_session_with_an_undecided_item_does_not_close(leaders, today):
    session, _topic, decision = decided_session(today, DAY, leaders[0])
    other = a_topic(DAY, title="未决定的议题")
    topics.vet(actor=user("supervisor"), topic=other, decision="accept")
    topics.put_on_agenda(actor=user("supervisor"), topic=other, session=session)
    issued(session, DAY)
    decision.refresh_from_db()
    carried_out(decision.matter, today, date(2026, 3, 13))
    with pytest.raises(Conflict) as refused:
        sessions.close(actor=user("supervisor"), session=session)
    assert refused.value.code == "agenda_undecided"


def test_the_minutes_fall_due_when_the_session_is_held(leaders, today):
    session, _topic, _decision = decided_session(today, DAY, leaders[0])
    due = Minutes.objects.get(session=session)
    assert due.text == "" and due.deadline == date(2026, 3, 16)  # two working days, nobody drafted yet


def test_minutes_issued_late_keep_the_decisions_own_deadline(leaders, today):
    session, _topic, decision = decided_session(today, DAY, leaders[0], days=1)
    today.set(date(2026, 3, 19))
    issued(session, date(2026, 3, 19))
    decision.refresh_from_db()
    matter = decision.matter
    assert decision.due_on == date(2026, 3, 13) and matter.deadline == date(2026, 3, 13)
    assert matter.registered_on == date(2026, 3, 19) and matter.feedback_due == date(2026, 3, 20)  # told now
    assert feedback.outcome(decision, date(2026, 3, 19)).late


def test_a_reopened_matter_reopens_its_session(leaders, today):
    session, _topic, decision = decided_session(today, DAY, leaders[0])
    issued(session, DAY)
    decision.refresh_from_db()
    today.set(date(2026, 3, 13))
    take(actor=user("police"), matter=decision.matter, action="feed_back", data={"text": "已办"})
    take(actor=user("supervisor"), matter=decision.matter, action="reply", data={"text": "答复"})
    take(actor=user("supervisor"), matter=decision.matter, action="follow_up", data={"result": "unsatisfied"})
    take(actor=user("supervisor"), matter=decision.matter, action="close")
    sessions.close(actor=user("supervisor"), session=session)
    take(actor=user("supervisor"), matter=decision.matter, action="reopen", data={"reason": "企业不满意"})
    assert reopen_sessions().startswith("1 ")
    assert OfficeDay.objects.get(pk=session.pk).status == "held"


def test_a_refused_portal_submission_still_counts(leaders, today, client, settings):
    today.set(DAY)
    settings.PUBLIC_COMPLAINTS_PER_MINUTE = 2
    bad = {
        "submitter_kind": "enterprise",
        "submitter_name": "某企业",
        "submitter_phone": "13905381111",
        "title": "t",
        "content": "c",
    }
    for _ in range(2):
        assert (
            client.post(
                "/leaders/raise/", {**bad, "material": SimpleUploadedFile("x.pdf", b"no")}
            ).status_code
            == 422
        )
    assert client.post("/leaders/raise/", bad).status_code == 429
    with pytest.raises(Throttled):
        topics.count_portal_submission("127.0.0.1")


def test_the_public_and_the_units_read_only_their_part(leaders, today):
    session, topic, _decision = decided_session(today, DAY, leaders[0])
    market = Department.objects.get(name="市场监督管理局")
    other = a_topic(DAY, title="市场监管的议题")
    topics.vet(actor=user("supervisor"), topic=other, decision="accept")
    topics.put_on_agenda(actor=user("supervisor"), topic=other, session=session)
    sessions.decide(
        actor=user("leader"),
        session=session,
        data=sessions.DecisionInput(other.number, "市场监管局办", market.pk, "孙立新", 2),
    )
    public = topic_out(topic, whole=True, public=True)
    assert public["decisions"][0]["person"] == "" and public["submitter_phone"] == "139****1111"
    seen = api("police").get(f"/api/v1/onsite/sessions/{session.pk}").json()
    assert [d["unit"] for d in seen["decisions"]] == ["公安局"]
    assert len(api("leader").get(f"/api/v1/onsite/sessions/{session.pk}").json()["decisions"]) == 2
    assert (
        api("supervisor").get(f"/api/v1/onsite/topics/{topic.number}").json()["submitter_phone"]
        == "13905381111"
    )


def test_a_merged_issue_is_answered_by_the_other_and_rated_once(leaders, today, client):
    session, topic, decision = decided_session(today, DAY, leaders[0])
    duplicate = a_topic(DAY, channel="portal")
    topics.vet(actor=user("supervisor"), topic=duplicate, decision="merge", merge_into=topic.number)
    issued(session, DAY)
    decision.refresh_from_db()
    carried_out(decision.matter, today, date(2026, 3, 13))
    duplicate.refresh_from_db()
    page = client.get(
        "/leaders/follow/", {"number": duplicate.number, "code": duplicate.query_code}
    ).content.decode()
    assert 'data-testid="merged"' in page and "三个派出所" in page
    feedback.say_solved(topic=duplicate, solved="yes")
    with pytest.raises(Conflict):
        feedback.say_solved(topic=duplicate, solved="no")


def test_an_empty_session_still_needs_no_minutes(leaders, today):
    today.set(DAY)
    session = a_session(DAY, leaders[0])
    sessions.hold(actor=user("supervisor"), session=session, present_ids=[], attendees="")
    assert sessions.close(actor=user("supervisor"), session=session).status == "closed"
    from onewindow.onsite.minutes import NOT_ISSUED

    assert not Minutes.objects.filter(NOT_ISSUED).exists()  # a closed session's minutes are not due


def test_settled_minutes_freeze_walk_ins_and_the_order(leaders, today):
    session, topic, _decision = decided_session(today, DAY, leaders[0])
    issued(session, DAY)
    new = topics.NewTopic("citizen", "张大爷", "13805389999", "晚来的问题", "现场反映。")
    with pytest.raises(Conflict):
        sessions.walk_in(actor=user("leader"), session=session, new=new)
    with pytest.raises(Conflict):
        topics.order_agenda(actor=user("supervisor"), session=session, numbers=[topic.number])


def test_a_unit_reads_its_decision_of_an_issue_and_the_minutes_once_issued(leaders, today, login):
    session, topic, _decision = decided_session(today, DAY, leaders[0])
    market = Department.objects.get(name="市场监督管理局")
    sessions.decide(
        actor=user("leader"),
        session=session,
        data=sessions.DecisionInput(topic.number, "市场监管局配合", market.pk, "孙立新", 2),
    )
    minutes.draft(actor=user("supervisor"), session=session)
    answer = api("police").get(f"/api/v1/onsite/topics/{topic.number}").json()
    assert [d["unit"] for d in answer["decisions"]] == ["公安局"]
    seen = api("police").get(f"/api/v1/onsite/sessions/{session.pk}").json()["minutes"]
    assert seen["status"] == "draft" and seen["text"] == ""  # a draft is the office's and the leader's
    assert login("police").get(f"/onsite/sessions/{session.pk}/print/minutes/").status_code == 404
    minutes.approve(actor=user("leader"), minutes=Minutes.objects.get(session=session))
    minutes.issue(actor=user("supervisor"), minutes=Minutes.objects.get(session=session))
    assert api("police").get(f"/api/v1/onsite/sessions/{session.pk}").json()["minutes"]["text"]
    assert login("police").get(f"/onsite/sessions/{session.pk}/print/minutes/").status_code == 200


def test_minutes_not_yet_drafted_answer_pending(leaders, today):
    session, _topic, _decision = decided_session(today, DAY, leaders[0])
    seen = api("supervisor").get(f"/api/v1/onsite/sessions/{session.pk}").json()["minutes"]
    assert seen["status"] == "pending" and seen["drafted_on"] is None
