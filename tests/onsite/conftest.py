"""Fixtures for office days: the demo county with two leaders and their portfolios, a police officer who
feeds back for the police bureau, and helpers to walk a session through its six steps."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from onewindow.onsite import minutes, schedule, sessions, topics
from onewindow.onsite.models import Leader, OfficeDay
from onewindow.org.models import Department, Division, ServiceBody
from onewindow.org.roles import Role
from onewindow.supervision.matter_services import take
from tests.cases.conftest import catalog, today
from tests.people import add_staff

BORDER_ISSUE = "企业地处西张庄、羊流、果都三个派出所辖区交界处，治安管辖不清，遇事无人牵头。"


def user(username: str):
    return get_user_model().objects.get(username=username)


def centre() -> ServiceBody:
    return ServiceBody.objects.get(parent=None)


def police() -> Department:
    return Department.objects.get(name="公安局")


@pytest.fixture
def leaders(catalog):
    """李振华 (the demo's leader, liaising with 东都镇) and a second leader (青云街道); a police officer."""
    first = Leader.objects.create(
        staff=user("leader").staff, title="副市长", sort_order=1, headquarters="项目建设指挥部"
    )
    first.towns.add(Division.objects.get(name="东都镇"))
    second_staff = add_staff("leader2", centre(), Role.LEADER)
    second_staff.full_name = "陈国强"
    second_staff.save()
    second = Leader.objects.create(staff=second_staff, title="常务副市长", sort_order=2)
    second.towns.add(Division.objects.get(name="青云街道"))
    add_staff("police", centre(), Role.REVIEWER, department=police())
    return [first, second]


def a_session(day: date, leader: Leader) -> OfficeDay:
    return OfficeDay.objects.create(body=centre(), leader=leader, day=day, planned_on=day)


def a_topic(day: date, *, title="三个派出所交界处治安管辖不清", channel="staff", **changes) -> object:
    new = topics.NewTopic(
        submitter_kind="enterprise",
        submitter_name="新泰华源机械有限公司",
        submitter_phone="13905381111",
        title=title,
        content=BORDER_ISSUE,
    )
    for name, value in changes.items():
        setattr(new, name, value)
    actor = None if channel == "portal" else user("supervisor")
    return topics.submit(actor=actor, body=centre(), new=new, channel=channel, on=day, client="127.0.0.9")


def decided_session(today, day: date, leader: Leader, *, days=1, unit=True):
    """A held session on `day` with one accepted, scheduled and decided issue (the police to split the
    duties among the stations within `days` working days)."""
    today.set(day)
    session = a_session(day, leader)
    topic = a_topic(day)
    topics.vet(actor=user("supervisor"), topic=topic, decision="accept", on=day)
    topics.put_on_agenda(actor=user("supervisor"), topic=topic, session=session, on=day)
    sessions.hold(
        actor=user("supervisor"),
        session=session,
        present_ids=[police().pk],
        attendees="公安局 王局长",
        on=day,
    )
    decision = sessions.decide(
        actor=user("supervisor"),
        session=session,
        data=sessions.DecisionInput(
            topic_number=topic.number,
            text="公安局将该企业的治安管辖明确划分给三个派出所，分工负责。",
            unit_id=police().pk if unit else None,
            person="王局长",
            days=days,
        ),
        on=day,
    )
    return OfficeDay.objects.get(pk=session.pk), topic, decision


def issued(session, on: date):
    found = minutes.draft(actor=user("supervisor"), session=session, on=on)
    found = minutes.approve(actor=session.leader.staff.user, minutes=found)
    return minutes.issue(actor=user("supervisor"), minutes=found, on=on)


def carried_out(matter, today, on: date):
    """The police feed back, the office answers the submitter, calls back and closes."""
    today.set(on)
    take(
        actor=user("police"),
        matter=matter,
        action="feed_back",
        data={"text": "已按街道划分三个派出所的管辖。"},
    )
    take(actor=user("supervisor"), matter=matter, action="reply", data={"text": "已明确管辖派出所。"})
    take(actor=user("supervisor"), matter=matter, action="follow_up", data={"result": "satisfied"})
    return take(actor=user("supervisor"), matter=matter, action="close")


__all__ = ["catalog", "schedule", "today"]
