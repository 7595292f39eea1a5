"""F9 in a real browser: the seed's first visitor (the Lantian report, 003), an elderly villager whose
telephone line has been dead for days. The office registers his matter with his phone number and assigns
it to the telecom unit with a printed 交办事项通知单; the unit signs for it and feeds back within one
working day (Friday to Monday, over a weekend); the office records the reply to him and the follow-up
call and closes it; he follows it signed out with its number and query code and sees the outcome, with
nothing personal and nothing of anyone else's. On the way, the requester's phone is whole for the office
and the unit and masked for a leader, and the unit's inbox holds its own matters only."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from playwright.sync_api import expect

from onewindow.demo.county import CENTER, DEMO_PASSWORD
from onewindow.org import services as org_services
from onewindow.org.models import Department, ServiceBody, Staff
from onewindow.org.roles import Role
from onewindow.supervision.matter_services import NewMatter, register_matter, take
from onewindow.supervision.models import Matter, MatterEvent, MemberUnit
from onewindow.timelimits import reading as timelimits_reading

from .conftest import switch_to

FRIDAY, MONDAY = date(2026, 3, 6), date(2026, 3, 9)  # a weekend between: one working day
NAME, PHONE, MASKED = "张大爷", "13905381234", "139****1234"
TITLE = "老人家中固定电话断线多日"
CONTENT = "三里村七旬老人张大爷来访反映：家中固定电话多日不通，找相关单位一直未解决。"
TELECOM, TELECOM_CONTACT = "县电信分公司", "陈志远"
ASKED = "请明天派员上门检修，一个工作日内反馈。"
FEEDBACK = "已派维修人员上门，更换入户线，电话恢复正常。"
REPLY = "电信公司已上门更换入户线，您家电话已恢复正常。"
FOLLOW_UP_NOTE = "老人表示电话已通，很满意。"
# someone else's matter, registered earlier the same week, handled by another unit and fed back late
OTHER_NAME, OTHER_PHONE, OTHER_TITLE = "王桂兰", "13605387777", "青云路路灯不亮"
OTHER_FEEDBACK = "已责成物业更换灯具。"


@pytest.fixture
def today(monkeypatch):
    """The service day every clock reads: `today.set(date(...))` moves it for the live server too."""

    class Today:
        value = FRIDAY

        def set(self, day: date):
            self.value = day

    holder = Today()
    monkeypatch.setattr(timelimits_reading, "today", lambda: holder.value)
    return holder


@pytest.fixture
def world(demo_live, today):
    """The demo county, the county telecom company as a member unit with its office contact (a member
    of its staff), and another person's matter handled by the market regulator, fed back a day late."""
    users = get_user_model().objects
    center = ServiceBody.objects.get(name=CENTER[0])
    telecom = Department.objects.create(body=center, name=TELECOM, short_name="电信", sort_order=100)
    contact = users.create(username="telecom", password=make_password(DEMO_PASSWORD))
    staff = Staff.objects.create(
        user=contact, full_name=TELECOM_CONTACT, phone="13805380030", body=center, department=telecom
    )
    org_services.set_roles(actor=None, staff=staff, roles=(Role.REVIEWER,))
    MemberUnit.objects.create(department=telecom, contact=contact, phone="0538-7260100")

    office, market = users.get(username="supervisor"), Department.objects.get(name="市场监督管理局")
    tuesday, thursday = date(2026, 3, 3), date(2026, 3, 5)
    other = register_matter(
        actor=office,
        body=center,
        new=NewMatter(
            source="complaint",
            title=OTHER_TITLE,
            content="青云路东段路灯一周不亮，夜间出行不便。",
            requester_name=OTHER_NAME,
            requester_phone=OTHER_PHONE,
        ),
        on=tuesday,
    )
    take(actor=office, matter=other, action="assign", data={"lead_unit": market.pk}, on=tuesday)
    reviewer = users.get(username="reviewer")
    take(actor=reviewer, matter=other, action="feed_back", data={"text": OTHER_FEEDBACK}, on=thursday)
    return SimpleNamespace(telecom=telecom, other=Matter.objects.get(pk=other.pk))


def open_matter(page, number: str):
    page.goto(f"{page.base_url}/supervision/matters/{number}/")
    expect(page.get_by_test_id("matter-number")).to_have_text(number)


def act(page, code: str, **fields):
    """Open the action's panel (only the first is open), fill it, send it and wait for the matter page
    again with the step's confirmation."""
    panel = page.locator(f'details[data-action="{code}"]')
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    form = page.get_by_test_id(f"act-{code}")
    expect(form).to_be_visible()
    for name, value in fields.items():  # a choice by its label, as a person picks it
        field = form.locator(f"[name={name}]")
        kind = field.first.evaluate("e => e.type")
        if kind == "select-one":
            field.select_option(label=value)
        elif kind == "radio":
            form.get_by_label(value, exact=True).check()
        else:
            field.fill(value)
    with page.expect_navigation(wait_until="domcontentloaded"):
        form.locator("button[type=submit]").click()
    expect(page.get_by_role("alert")).to_have_text(re.compile(r"^已"))


def offered(page) -> list[str]:
    return [form.get_attribute("data-testid")[4:] for form in page.locator('[data-testid^="act-"]').all()]


def test_the_villagers_dead_telephone_line_is_registered_assigned_fed_back_closed_and_followed(
    page, world, today
):
    # 1. Friday: the office registers him on the form, with his phone number.
    switch_to(page, "supervisor")
    page.get_by_role("link", name="督办事项").first.click()
    expect(page.get_by_test_id("page-title")).to_have_text("督办事项")
    other_row = page.locator(f'tr[data-matter="{world.other.number}"]')
    expect(other_row).to_contain_text(OTHER_PHONE)  # the office calls back: the number whole
    page.get_by_test_id("register-matter").click()
    expect(page.get_by_test_id("page-title")).to_have_text("督办事项立项")
    page.select_option("#id_source", label="群众和企业投诉")
    page.fill("#id_title", TITLE)
    page.fill("#id_content", CONTENT)
    page.fill("#id_requester_name", NAME)
    page.fill("#id_requester_phone", PHONE)
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_test_id("submit").click()
    expect(page).to_have_url(re.compile(r"/supervision/matters/[^/]+/$"))
    number = page.get_by_test_id("matter-number").inner_text().strip()
    matter = Matter.objects.get(number=number)
    assert (matter.title, matter.requester_name, matter.requester_phone) == (TITLE, NAME, PHONE)
    assert (matter.source, matter.registered_on, matter.body.name) == ("complaint", FRIDAY, CENTER[0])
    expect(page.get_by_role("alert")).to_contain_text(f"已立项：{number}。")
    expect(page.get_by_test_id("page-title")).to_have_text(TITLE)
    expect(page.get_by_test_id("matter-status")).to_have_attribute("data-status", "registered")
    expect(page.get_by_test_id("requester")).to_have_text(f"{NAME} {PHONE}")
    assert offered(page) == ["assign"]

    # 2. It is assigned to the telecom unit, whose notice names the unit and the matter's number.
    act(page, "assign", lead_unit=TELECOM, text=ASKED)
    expect(page.get_by_test_id("matter-status")).to_have_attribute("data-status", "assigned")
    expect(page.get_by_test_id("lead-unit")).to_have_text(TELECOM)
    expect(page.get_by_test_id("feedback-due")).to_contain_text("2026-03-09")  # Monday, after the weekend
    expect(page.get_by_test_id("deadline")).to_contain_text("2026-03-20")  # 10 working days
    expect(page.locator('li[data-action="assign"]')).to_contain_text(TELECOM)
    with page.context.expect_page() as opened:
        page.get_by_test_id("print-assignment").click()
    notice = opened.value
    expect(notice.get_by_test_id("doc-title")).to_have_text("交办事项通知单")
    expect(notice.locator(".doc-number")).to_have_text(f"督办事项编号：{number}")
    expect(notice.get_by_text(f"{TELECOM}：", exact=True)).to_be_visible()
    expect(notice.get_by_test_id("doc-requirement")).to_have_text(f"办理要求：{ASKED}")
    expect(notice.get_by_test_id("doc-feedback-due")).to_have_text("2026-03-09")
    expect(notice.get_by_test_id("doc-matter")).to_contain_text(TITLE)
    expect(notice.get_by_test_id("doc-matter")).to_contain_text(f"{NAME} {MASKED}")  # masked on paper
    assert PHONE not in notice.content()
    notice.close()

    # A leader reads the office's matters with the phone masked and takes no step.
    switch_to(page, "leader")
    page.goto(page.base_url + "/supervision/matters/")
    row = page.locator(f'tr[data-matter="{number}"]')
    expect(row).to_contain_text(MASKED)
    expect(page.locator(f'tr[data-matter="{world.other.number}"]')).to_contain_text("136****7777")
    assert PHONE not in page.content() and OTHER_PHONE not in page.content()
    open_matter(page, number)
    expect(page.get_by_test_id("requester")).to_have_text(f"{NAME} {MASKED}")
    expect(page.get_by_test_id("actions")).to_have_count(0)

    # 3. The telecom unit's contact is told, finds it in its inbox (its own matters only), signs for it.
    switch_to(page, "telecom")
    expect(page.get_by_test_id("notice-count")).to_have_text("1")
    page.get_by_test_id("notice-bell").click()
    expect(page.get_by_test_id("notice")).to_contain_text(f"督办事项交办：{number} {TITLE}")
    page.get_by_role("link", name="督办事项").first.click()
    expect(page.get_by_test_id("page-title")).to_have_text("督办事项")
    rows = page.get_by_test_id("matter-list").locator("tbody tr[data-matter]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-matter", number)
    expect(rows.first).to_contain_text(PHONE)  # the unit calls him back: the number whole
    expect(rows.first).to_contain_text(TELECOM)
    assert OTHER_TITLE not in page.content() and OTHER_PHONE not in page.content()
    expect(page.get_by_test_id("register-matter")).to_have_count(0)  # the unit does not register
    rows.first.get_by_role("link", name=number).click()
    expect(page.get_by_test_id("matter-number")).to_have_text(number)
    expect(page.get_by_test_id("requester")).to_have_text(f"{NAME} {PHONE}")
    assert offered(page) == ["acknowledge", "feed_back", "ask_extension"]
    act(page, "acknowledge")
    expect(page.get_by_test_id("matter-status")).to_have_attribute("data-status", "handling")
    # the unit sees no one else's matter, even by its number
    assert page.goto(f"{page.base_url}/supervision/matters/{world.other.number}/").status == 404

    # Monday, the next working day: its feedback is on time.
    today.set(MONDAY)
    page.goto(page.base_url + "/supervision/matters/?late=on")
    expect(page.get_by_test_id("matter-list").locator("tbody tr[data-matter]")).to_have_count(0)
    open_matter(page, number)
    act(page, "feed_back", text=FEEDBACK)
    expect(page.get_by_test_id("matter-status")).to_have_attribute("data-status", "fed_back")
    expect(page.get_by_test_id("feedback")).to_contain_text(FEEDBACK)
    fed = page.locator('li[data-action="feed_back"]')
    expect(fed).to_have_attribute("data-late-days", "0")
    expect(fed).to_contain_text(TELECOM_CONTACT)
    expect(fed.get_by_test_id("feedback-late")).to_have_count(0)
    assert offered(page) == []  # the office answers him, not the unit
    event = MatterEvent.objects.get(matter=matter, action="feed_back")
    assert (event.day, event.late_days) == (MONDAY, 0)

    # 4. The office sees it on time (unlike the other matter, a working day late), records the reply
    # to him and the follow-up call, and closes it.
    switch_to(page, "supervisor")
    open_matter(page, world.other.number)
    expect(page.locator('li[data-action="feed_back"]').get_by_test_id("feedback-late")).to_have_text(
        "反馈逾期 1 个工作日"
    )
    open_matter(page, number)
    expect(page.locator('li[data-action="feed_back"]')).to_have_attribute("data-late-days", "0")
    expect(page.get_by_test_id("feedback-late")).to_have_count(0)
    assert offered(page) == ["reply", "follow_up", "send_back"]  # no closing before he hears back
    act(page, "reply", text=REPLY)
    expect(page.get_by_test_id("reply")).to_contain_text(REPLY)
    assert "close" not in offered(page)
    act(page, "follow_up", result="满意", text=FOLLOW_UP_NOTE)
    assert offered(page) == ["reply", "follow_up", "send_back", "close"]
    expect(page.get_by_test_id("follow-up")).to_have_text(f"回访结果 满意 {FOLLOW_UP_NOTE}")
    page.dialogs.clear()
    act(page, "close")
    assert len(page.dialogs) == 1 and "审结" in page.dialogs[0]  # confirmed first
    expect(page.get_by_test_id("matter-status")).to_have_attribute("data-status", "closed")
    expect(page.get_by_test_id("matter-status")).to_have_text("已办结")
    steps = page.get_by_test_id("timeline").locator("li")
    assert [li.get_attribute("data-action") for li in steps.all()] == [
        "register",
        "assign",
        "acknowledge",
        "feed_back",
        "reply",
        "follow_up",
        "close",
    ]
    expect(page.get_by_test_id("deadline")).not_to_contain_text("超期")
    assert offered(page) == []
    matter.refresh_from_db()
    assert (matter.status, matter.follow_up, matter.finished_late) == ("closed", "satisfied", False)

    # 5. He follows it signed out, with the number and the query code he was given.
    page.context.clear_cookies()
    page.goto(page.base_url + "/complaints/")
    page.get_by_role("link", name="查询办理情况").click()
    expect(page.get_by_test_id("page-title")).to_have_text("投诉咨询查询")
    page.fill("#id_number", number)
    page.fill("#id_code", matter.query_code)
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_test_id("follow-submit").click()
    result = page.get_by_test_id("follow-result")
    expect(result).to_be_visible()
    expect(result.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_test_id("follow-status")).to_have_attribute("data-status", "closed")
    expect(page.get_by_test_id("follow-status")).to_have_text("已办结")
    expect(page.get_by_test_id("follow-unit")).to_have_text(TELECOM)
    expect(page.get_by_test_id("follow-reply")).to_have_text(REPLY)
    public_steps = page.get_by_test_id("follow-steps").locator("li")
    expect(public_steps).to_have_count(6)  # the follow-up call is the office's own
    expect(public_steps.nth(1)).to_contain_text(f"交办 · {TELECOM}")
    expect(public_steps.nth(1)).to_contain_text("2026-03-06")
    expect(public_steps.nth(3)).to_contain_text("反馈")
    expect(public_steps.nth(3)).to_contain_text("2026-03-09")
    expect(public_steps.last).to_contain_text("审结")
    text = page.content()
    assert PHONE not in text and MASKED not in text and NAME not in text
    assert FEEDBACK not in text and FOLLOW_UP_NOTE not in text and ASKED not in text  # working notes
    for staff_name in Staff.objects.values_list("full_name", flat=True):
        assert staff_name not in text, staff_name
    for theirs in (OTHER_TITLE, OTHER_PHONE, OTHER_NAME, OTHER_FEEDBACK, world.other.number):
        assert theirs not in text, theirs
    expect(page.get_by_test_id("user-menu")).to_have_count(0)  # signed out indeed

    # Another matter's code does not open his, and shows nothing of theirs.
    page.fill("#id_code", world.other.query_code if world.other.query_code != matter.query_code else "000000")
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.get_by_test_id("follow-submit").click()
    expect(page.get_by_test_id("follow-not-found")).to_be_visible()
    expect(page.get_by_test_id("follow-result")).to_have_count(0)
    assert OTHER_TITLE not in page.content() and TITLE not in page.content()
