"""F10's acceptance in a real browser, the seed's example: on 11 March an enterprise on the border of three
police districts (西张庄, 羊流, 果都) raises unclear jurisdiction from its phone; the office vets it and puts
it on that day's session, inviting the police bureau; the leader, on his phone, opens the session and
decides that the police bureau splits the duties among the stations by the next working day; the minutes
are drafted, approved by the leader and issued (the decision becomes a supervision matter); the next day
the police feed back, the office answers the enterprise and closes the matter and then the session; the
enterprise follows its issue by number and query code, sees the outcome, and says it is solved."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from playwright.sync_api import expect

from onewindow.demo.county import DEMO_PASSWORD
from onewindow.onsite.models import Decision, Leader, OfficeDay, Topic
from onewindow.org import services as org_services
from onewindow.org.models import Department, ServiceBody, Staff
from onewindow.org.roles import Role
from onewindow.timelimits import reading as timelimits_reading

from .conftest import switch_to
from .test_supervision_matter import act, open_matter

MARCH_11, MARCH_12 = date(2026, 3, 11), date(2026, 3, 12)
FIRM = "新泰华源机械有限公司"
DECISION = "公安局将该企业的治安管辖按厂区位置分给西张庄、羊流、果都三个派出所，分工负责。"
FEEDBACK = "已划分三个派出所的管辖，并公布各所联系人。"


@pytest.fixture
def today(monkeypatch):
    class Today:
        value = MARCH_11

        def set(self, day: date):
            self.value = day

    holder = Today()
    monkeypatch.setattr(timelimits_reading, "today", lambda: holder.value)
    return holder


@pytest.fixture
def hall(demo_live, today):
    """The demo county with its leader on the rota for 11 March and an officer of the police bureau."""
    centre = ServiceBody.objects.get(parent=None)
    leader = Leader.objects.create(staff=Staff.objects.get(user__username="leader"), title="副市长")
    session = OfficeDay.objects.create(body=centre, leader=leader, day=MARCH_11, planned_on=MARCH_11)
    police = Department.objects.get(name="公安局")
    user = get_user_model().objects.create(username="police", password=make_password(DEMO_PASSWORD))
    staff = Staff.objects.create(
        user=user, full_name="王建国", phone="13805380030", body=centre, department=police
    )
    org_services.set_roles(actor=None, staff=staff, roles=(Role.REVIEWER,))
    return session


def go(page, path):
    page.goto(page.base_url + path)


def click(page, testid):
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_test_id(testid).click()


def test_the_border_enterprise_is_heard_decided_supervised_and_answered(hall, today, phone_page, page):
    # 1. The enterprise raises its issue from its phone, signed out.
    firm = phone_page
    go(firm, "/leaders/")
    expect(firm.get_by_test_id("schedule").locator("[data-day='2026-03-11']")).to_contain_text("李振华")
    firm.get_by_test_id("raise").click()
    firm.select_option("#id_submitter_kind", "enterprise")
    firm.fill("#id_submitter_name", FIRM)
    firm.fill("#id_submitter_phone", "13905381111")
    firm.fill("#id_title", "三个派出所交界处治安管辖不清")
    firm.fill(
        "#id_content", "企业厂区地处西张庄、羊流、果都三个派出所辖区交界处，遇事无人牵头，请求明确管辖。"
    )
    click(firm, "submit")
    number = firm.get_by_test_id("topic-number").inner_text()
    code = firm.get_by_test_id("query-code").inner_text()
    assert Topic.objects.get(number=number).raised_on == MARCH_11

    # 2. The office vets it, puts it on the day's agenda and invites the police bureau.
    office = page
    switch_to(office, "supervisor")
    go(office, "/onsite/topics/?status=submitted")
    office.get_by_test_id("topic-list").locator(f"[data-topic='{number}']").click()
    office.select_option("#id_decision", "accept")
    click(office, "vet-button")
    expect(office.get_by_test_id("topic-status")).to_have_attribute("data-status", "accepted")
    click(office, "schedule-button")
    expect(office.get_by_test_id("topic-status")).to_have_attribute("data-status", "scheduled")
    go(office, f"/onsite/sessions/{hall.pk}/")
    office.get_by_test_id("invite").locator("summary").click()
    office.get_by_test_id("invite").get_by_label("公安局").check()
    with office.expect_navigation(wait_until="domcontentloaded"):
        office.get_by_test_id("invite").get_by_role("button").click()
    expect(office.get_by_test_id("agenda")).to_contain_text("公安局")

    # 3. The leader holds the session on his phone and decides.
    leader = firm
    switch_to(leader, "leader")
    go(leader, f"/onsite/sessions/{hall.pk}/")
    expect(leader.get_by_test_id("agenda").locator(f"[data-topic='{number}']")).to_be_visible()
    leader.get_by_test_id("hold").get_by_label("公安局").check()
    leader.fill("#id_attendees", "公安局 王建国")
    click(leader, "hold-button")
    expect(leader.get_by_test_id("session-status")).to_have_attribute("data-status", "held")
    leader.select_option("#id_topic_number", number)
    leader.fill("#id_text", DECISION)
    leader.select_option("#id_unit", label="公安局")
    leader.fill("#id_person", "王建国")
    leader.fill("#id_days", "1")
    click(leader, "decide-button")
    decision = leader.get_by_test_id("decisions").locator("[data-decision]")
    expect(decision).to_contain_text(DECISION)
    expect(decision).to_contain_text("2026-03-12")

    # 4. The minutes: drafted by the office, approved by the leader, issued by the office.
    go(office, f"/onsite/sessions/{hall.pk}/")
    click(office, "draft")
    expect(office.get_by_test_id("minutes-status")).to_have_attribute("data-status", "draft")
    expect(office.get_by_test_id("minutes-text")).to_contain_text("公安局")
    go(leader, f"/onsite/sessions/{hall.pk}/")
    click(leader, "approve")
    expect(leader.get_by_test_id("minutes-status")).to_have_attribute("data-status", "approved")
    go(office, f"/onsite/sessions/{hall.pk}/")
    office.dialogs.clear()
    click(office, "issue")
    assert len(office.dialogs) == 1  # confirmed first
    expect(office.get_by_test_id("minutes-number")).to_have_text(re.compile(r"^JY37098220260311\d{3}$"))
    matter = Decision.objects.get(session=hall).matter
    expect(office.get_by_test_id("decisions")).to_contain_text(matter.number)
    expect(office.get_by_test_id("close")).to_be_disabled()  # a decision is still open

    # 5. The next day the police feed back; the office answers the enterprise and closes the matter.
    today.set(MARCH_12)
    switch_to(leader, "police")
    open_matter(leader, matter.number)
    act(leader, "feed_back", text=FEEDBACK)
    open_matter(office, matter.number)
    act(office, "reply", text="管辖已明确，详见落实情况。")
    act(office, "follow_up", result="满意")
    act(office, "close")
    go(office, f"/onsite/sessions/{hall.pk}/")
    expect(office.get_by_test_id("decision-state")).to_have_text("已办结")
    click(office, "close")
    expect(office.get_by_test_id("session-status")).to_have_attribute("data-status", "closed")

    # 6. The enterprise follows its issue and says it is solved.
    firm.context.clear_cookies()
    go(firm, f"/leaders/follow/?number={number}&code={code}")
    expect(firm.get_by_test_id("follow-status")).to_have_attribute("data-status", "decided")
    expect(firm.get_by_test_id("resolved")).to_be_visible()
    expect(firm.get_by_test_id("feedback")).to_contain_text(FEEDBACK)
    firm.get_by_test_id("solved-form").get_by_label("已解决").check()
    click(firm, "solved-submit")
    expect(firm.get_by_test_id("thanked")).to_be_visible()
    assert Topic.objects.get(number=number).solved == "yes"
