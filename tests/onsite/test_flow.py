"""The six steps on the services: an issue vetted and put on the leader's session first (by portfolio);
decisions recorded, the minutes refused while a decision lacks a unit or a deadline, issued with a number,
every decision a supervision matter of source on-site decision linked both ways; a session that cannot
close while a decision is open; a stuck case hurried by a decision shows it; the submitter hears back."""

from datetime import date

import pytest

from onewindow.cases.public import public_timeline
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.onsite import feedback, minutes, sessions, topics
from onewindow.onsite.models import Decision, Minutes, Topic
from onewindow.org.models import Division
from onewindow.supervision.choices import MatterStatus, Source
from onewindow.supervision.models import Matter
from tests.cases.conftest import api, intake

from .conftest import a_session, a_topic, carried_out, centre, decided_session, issued, police, user

MARCH_11 = date(2026, 3, 11)


def test_vetting(leaders, today):
    today.set(MARCH_11)
    first = a_topic(MARCH_11)
    duplicate = a_topic(MARCH_11)
    with pytest.raises(Invalid):
        topics.vet(actor=user("supervisor"), topic=duplicate, decision="reject")  # a reason is required
    with pytest.raises(Forbidden):
        topics.vet(actor=user("clerk"), topic=first, decision="accept")
    topics.vet(actor=user("supervisor"), topic=duplicate, decision="merge", merge_into=first.number)
    topics.vet(actor=user("supervisor"), topic=first, decision="accept")
    assert Topic.objects.get(pk=duplicate.pk).merged_into_id == first.pk
    with pytest.raises(Conflict):
        topics.vet(actor=user("supervisor"), topic=first, decision="reject", note="重复")
    referred = a_topic(MARCH_11, title="家门口路灯不亮")
    topics.vet(actor=user("supervisor"), topic=referred, decision="refer", note="转 12345 热线办理")
    assert Topic.objects.get(pk=referred.pk).status == "referred"


def test_an_issue_goes_first_to_the_session_of_the_leader_whose_town_it_is(leaders, today):
    today.set(MARCH_11)
    a_session(date(2026, 3, 18), leaders[1])
    own = a_session(date(2026, 3, 25), leaders[0])
    topic = a_topic(MARCH_11, town_id=Division.objects.get(name="东都镇").pk)
    topics.vet(actor=user("supervisor"), topic=topic, decision="accept")
    assert topics.first_session(topic, MARCH_11) == own
    placed = topics.put_on_agenda(actor=user("supervisor"), topic=topic)
    assert placed.session_id == own.pk and placed.status == "scheduled"
    elsewhere = a_topic(MARCH_11)
    topics.vet(actor=user("supervisor"), topic=elsewhere, decision="accept")
    assert topics.first_session(elsewhere, MARCH_11).day == date(2026, 3, 18)  # no portfolio: the next one


def test_minutes_cannot_go_out_with_a_decision_lacking_a_unit_or_a_deadline(leaders, today):
    session, topic, decision = decided_session(today, date(2026, 3, 12), leaders[0], unit=False)
    draft = minutes.draft(actor=user("supervisor"), session=session, on=date(2026, 3, 12))
    assert "（未定）" in draft.text
    with pytest.raises(Conflict) as refused:
        minutes.approve(actor=user("leader"), minutes=draft)
    assert refused.value.code == "decision_incomplete"
    Minutes.objects.filter(pk=draft.pk).update(status="approved")  # even if it were approved
    with pytest.raises(Conflict):
        minutes.issue(
            actor=user("supervisor"), minutes=Minutes.objects.get(pk=draft.pk), on=date(2026, 3, 12)
        )
    assert not Matter.objects.filter(source=Source.ONSITE).exists()
    Minutes.objects.filter(pk=draft.pk).update(status="draft")
    sessions.amend(
        actor=user("supervisor"),
        decision=decision,
        data=sessions.DecisionInput(
            topic_number=topic.number, text=decision.text, unit_id=police().pk, days=1
        ),
    )
    found = issued(session, date(2026, 3, 12))
    assert found.number.startswith("JY37098220260312")


def test_every_decision_becomes_a_matter_and_the_session_closes_only_when_all_are_closed(leaders, today):
    session, topic, _decision = decided_session(today, date(2026, 3, 12), leaders[0])
    second_topic = a_topic(date(2026, 3, 12), title="企业用电报装慢")
    topics.vet(actor=user("supervisor"), topic=second_topic, decision="accept")
    topics.put_on_agenda(actor=user("supervisor"), topic=second_topic, session=session)
    sessions.decide(
        actor=user("leader"),  # the leader records a decision at his own session
        session=session,
        data=sessions.DecisionInput(second_topic.number, "住建局三日内协调供电公司上门", police().pk, "", 3),
    )
    with pytest.raises(Forbidden):
        minutes.approve(
            actor=user("leader2"), minutes=minutes.draft(actor=user("supervisor"), session=session)
        )
    issued(session, date(2026, 3, 12))
    decisions = list(Decision.objects.filter(session=session).select_related("matter").order_by("pk"))
    assert all(d.matter is not None for d in decisions)
    for d in decisions:
        assert d.matter.source == Source.ONSITE and d.matter.onsite_decision == d
        assert d.matter.external_id == f"onsite:{d.pk}"
        assert d.matter.status == MatterStatus.ASSIGNED and d.matter.lead_unit_id == police().pk
        assert d.matter.deadline == d.due_on
    assert decisions[0].due_on == date(2026, 3, 13)  # the next working day
    with pytest.raises(Conflict) as refused:
        sessions.close(actor=user("supervisor"), session=session)
    assert refused.value.code == "decisions_open"
    with pytest.raises(Conflict):
        sessions.decide(
            actor=user("supervisor"),
            session=session,
            data=sessions.DecisionInput(topic.number, "再决定", police().pk, "", 1),
        )
    carried_out(decisions[0].matter, today, date(2026, 3, 13))
    with pytest.raises(Conflict):
        sessions.close(actor=user("supervisor"), session=session)
    carried_out(decisions[1].matter, today, date(2026, 3, 16))
    closed = sessions.close(actor=user("supervisor"), session=session, on=date(2026, 3, 16))
    assert closed.status == "closed"


def test_the_submitter_hears_back_and_says_whether_it_is_solved(leaders, today):
    session, topic, decision = decided_session(today, date(2026, 3, 12), leaders[0])
    with pytest.raises(Conflict):
        feedback.say_solved(topic=topic, solved="yes")  # nothing fed back yet
    issued(session, date(2026, 3, 12))
    decision.refresh_from_db()
    carried_out(decision.matter, today, date(2026, 3, 13))
    outcome = feedback.outcomes(feedback.topic_decisions(topic), date(2026, 3, 13))[0]
    assert outcome.closed and "三个派出所" in outcome.feedback and outcome.reply == "已明确管辖派出所。"
    assert feedback.is_resolved(feedback.topic_decisions(topic))
    found = feedback.say_solved(topic=topic, solved="yes", note="问题解决了")
    assert found.solved == "yes"


def test_a_decision_hurries_a_stuck_case_which_shows_it(leaders, today):
    today.set(date(2026, 3, 12))
    case = intake("clerk", "不动产抵押登记")
    session = a_session(date(2026, 3, 12), leaders[0])
    topic = a_topic(date(2026, 3, 12), case_number=case.number)
    topics.vet(actor=user("supervisor"), topic=topic, decision="accept")
    topics.put_on_agenda(actor=user("supervisor"), topic=topic, session=session)
    sessions.hold(actor=user("supervisor"), session=session, present_ids=[], attendees="")
    sessions.decide(
        actor=user("leader"),
        session=session,
        data=sessions.DecisionInput(
            topic.number, "市场监管局当日办结", police().pk, "", 1, expedite_case_number=case.number
        ),
    )
    labels = [e.action for e in public_timeline(case.events.all())]
    assert "expedite" in labels
    event = case.events.get(action="expedite")
    assert "李振华" in event.note and "当日办结" in event.note
    with pytest.raises(Invalid):
        sessions.decide(
            actor=user("leader"),
            session=session,
            data=sessions.DecisionInput(topic.number, "再催", police().pk, "", 1, expedite_case_number="000"),
        )


def test_walk_in_issues_join_the_agenda_at_once(leaders, today):
    today.set(date(2026, 3, 12))
    session = a_session(date(2026, 3, 12), leaders[0])
    new = topics.NewTopic("citizen", "张大爷", "13805389999", "孙子上学户口迁不进来", "在大厅现场反映。")
    with pytest.raises(Conflict):
        sessions.walk_in(actor=user("supervisor"), session=session, new=new)
    sessions.hold(actor=user("leader"), session=session, present_ids=[], attendees="")
    walked = sessions.walk_in(actor=user("leader"), session=session, new=new)
    assert walked.channel == "walk_in" and walked.status == "scheduled" and walked.session_id == session.pk
    with pytest.raises(Forbidden):
        sessions.walk_in(actor=user("clerk"), session=session, new=new)


def test_the_portal_is_throttled_and_checked(leaders, today, settings):
    today.set(MARCH_11)
    settings.PUBLIC_COMPLAINTS_PER_MINUTE = 2
    a_topic(MARCH_11, channel="portal")
    a_topic(MARCH_11, channel="portal")
    from onewindow.errors import Throttled

    with pytest.raises(Throttled):
        a_topic(MARCH_11, channel="portal")
    with pytest.raises(Invalid) as refused:
        topics.submit(
            actor=None,
            body=centre(),
            new=topics.NewTopic("enterprise", "", "12", "", ""),
            channel="portal",
            client="10.0.0.1",
        )
    assert set(refused.value.details["fields"]) >= {"submitter_name", "submitter_phone", "title", "content"}


def test_the_matter_links_back_to_its_session(leaders, today, login):
    session, _topic, decision = decided_session(today, date(2026, 3, 12), leaders[0])
    issued(session, date(2026, 3, 12))
    decision.refresh_from_db()
    page = login("supervisor").get(f"/supervision/matters/{decision.matter.number}/").content.decode()
    assert f'href="/onsite/sessions/{session.pk}/" data-testid="origin"' in page
    answer = api("police").get(f"/api/v1/supervision/matters/{decision.matter.number}").json()
    assert answer["origin_url"] == f"/onsite/sessions/{session.pk}/" and "李振华" in answer["origin_label"]


def test_minutes_not_issued_in_time_turn_red_and_the_office_is_told_once(leaders, today):
    from onewindow.notices.models import Notice
    from onewindow.timelimits.sweep import announce_raised, refresh_due

    session, _topic, _decision = decided_session(today, date(2026, 3, 12), leaders[0])
    drafted = minutes.draft(actor=user("supervisor"), session=session, on=date(2026, 3, 12))
    assert drafted.draft_due == date(2026, 3, 13) and drafted.deadline == date(2026, 3, 16)
    for day in (date(2026, 3, 16), date(2026, 3, 17), date(2026, 3, 18)):
        today.set(day)
        refresh_due(on=day)
        announce_raised(on=day)
    assert Minutes.objects.get(pk=drafted.pk).warning == "red"
    told = Notice.objects.filter(recipient=user("supervisor"), text__contains="纪要超过时限未印发")
    assert told.count() == 1


def test_a_session_that_decided_nothing_closes_once_held(leaders, today):
    today.set(MARCH_11)
    session = a_session(MARCH_11, leaders[0])
    with pytest.raises(Conflict):
        sessions.close(actor=user("supervisor"), session=session)  # not held yet
    sessions.hold(actor=user("supervisor"), session=session, present_ids=[], attendees="")
    assert sessions.close(actor=user("supervisor"), session=session).status == "closed"
