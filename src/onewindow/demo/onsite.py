"""The demo's leaders' on-site office days (领导现场办公): five city leaders with their portfolios, the 2026
rota on Wednesdays from 4 March (a Wednesday off moved to the next working day), and the past sessions
held: a handful walked through the six steps (issues raised and vetted beforehand, decisions, minutes
issued, every decision a supervision matter), the seed's own among them (an enterprise on the border of
three police districts raises unclear jurisdiction on 10 March; the next day's session has the police
bureau split the duties by the following working day). The older ones are carried out and closed; the
latest are still supervised. The other past sessions were held and decided nothing.

`load_demo_onsite()` runs after the demo proxy service; it does nothing when any leader exists and is all
or nothing (one transaction). Every step goes through the services, on its own day."""

from datetime import date
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction

from onewindow.demo import county
from onewindow.onsite import minutes, schedule, sessions, topics
from onewindow.onsite.models import Leader, OfficeDay
from onewindow.org.models import Department, Division, ServiceBody
from onewindow.org.roles import Role
from onewindow.proxy.models import KeyProject
from onewindow.supervision.matter_services import take
from onewindow.timelimits import reading
from onewindow.timelimits.sweep import refresh_due
from onewindow.workcalendar.services import current_calendar

FIRST = date(2026, 3, 4)
LAST = date(2026, 12, 30)
LEADERS = [
    # username, name, phone, title, towns, headquarters
    ("leader", "李振华", "13805380001", "副市长", ["东都镇"], "项目建设指挥部"),
    ("leader_chen", "陈国强", "13805380021", "常务副市长", ["青云街道"], "优化营商环境指挥部"),
    ("leader_liu", "刘建军", "13805380022", "副市长", [], "城市建设指挥部"),
    ("leader_wang", "王秀兰", "13805380023", "副市长", [], "民生保障指挥部"),
    ("leader_zhang", "张卫东", "13805380024", "市委常委", [], "招商引资指挥部"),
]
POLICE = county.DemoPerson("police", "王建国", "13805380030", county.CENTER[0], (Role.REVIEWER,), "公安局")
BORDER = (
    "新泰华源机械有限公司",
    "三个派出所交界处治安管辖不清",
    "企业厂区地处西张庄、羊流、果都三个派出所辖区交界处，治安管辖不清，遇事无人牵头，请求明确。",
    "公安局",
    "公安局将该企业的治安管辖按厂区位置明确分给三个派出所，分工负责，次日前完成。",
    "已按厂区位置划分西张庄、羊流、果都三个派出所的管辖，并公布了各所联系人。",
)
ISSUES = [
    # submitter, title, description, unit, decision, feedback
    (
        "新泰恒信食品有限公司",
        "扩建项目施工许可迟迟未批",
        "扩建项目材料已齐全，施工许可卡在消防设计审查环节。",
        "住房和城乡建设局",
        "住建局会同消防部门三个工作日内完成设计审查，施工许可随即办结。",
        "已完成消防设计审查，施工许可证已发放。",
    ),
    (
        "东都镇人民政府",
        "镇驻地农贸市场改造用地手续",
        "农贸市场改造项目用地手续需多部门会商。",
        "自然资源和规划局",
        "自然资源局牵头五个工作日内组织会商，明确用地手续办理路径。",
        "已会商，明确按设施农用地备案办理。",
    ),
    (
        "张秀英",
        "老旧小区加装电梯审批",
        "小区居民希望加装电梯，不知道找哪个部门。",
        "住房和城乡建设局",
        "住建局明确一个窗口统一受理加装电梯申请，十个工作日内公布办事指南。",
        "",
    ),
]


def _leaders() -> list[Leader]:
    centre = ServiceBody.objects.get(parent=None)
    project = KeyProject.objects.order_by("pk").first()
    made = []
    for order, (username, name, phone, title, towns, headquarters) in enumerate(LEADERS, start=1):
        person = county.DemoPerson(username, name, phone, county.CENTER[0], (Role.LEADER,))
        staff = county.demo_person(person, {centre.name: centre}, {}, {})
        leader = Leader.objects.create(staff=staff, title=title, sort_order=order, headquarters=headquarters)
        leader.towns.set(Division.objects.filter(name__in=towns))
        if order == 1 and project is not None:
            leader.projects.add(project)
        made.append(leader)
    departments = {d.name: d for d in Department.objects.filter(body=centre)}
    county.demo_person(POLICE, {centre.name: centre}, departments, {})
    return made


def _walk(session: OfficeDay, issue: tuple, office, raised_on: date, closed: bool, today) -> None:
    """One issue through the six steps at `session`; carried out and closed when `closed`."""
    submitter, title, content, unit_name, decision_text, feedback = issue
    unit = Department.objects.get(name=unit_name, body=session.body)
    today.value = raised_on
    kind = "citizen" if len(submitter) <= 4 else ("town" if submitter.endswith("政府") else "enterprise")
    new = topics.NewTopic(kind, submitter, "13905380101", title, content)
    topic = topics.submit(actor=office, body=session.body, new=new, channel="staff", on=raised_on)
    topics.vet(actor=office, topic=topic, decision="accept", on=raised_on)
    topics.put_on_agenda(actor=office, topic=topic, session=session, on=raised_on)
    topics.invite(actor=office, session=session, department_ids=[unit.pk], on=raised_on)
    today.value = session.day
    if session.status == "scheduled":
        session = sessions.hold(
            actor=office, session=session, present_ids=[unit.pk], attendees="", on=session.day
        )
    days = 1 if unit_name == "公安局" else 5
    data = sessions.DecisionInput(topic.number, decision_text, unit.pk, "", days)
    sessions.decide(actor=session.leader.staff.user, session=session, data=data, on=session.day)
    calendar = current_calendar()
    issue_day = calendar.add_workdays(session.day, 1)
    today.value = issue_day
    drafted = minutes.draft(actor=office, session=session, on=session.day)
    drafted = minutes.approve(actor=session.leader.staff.user, minutes=drafted)
    minutes.issue(actor=office, minutes=drafted, on=issue_day)
    if not closed or not feedback:
        return
    matter = session.decisions.get(topic=topic).matter
    fed_on = calendar.add_workdays(session.day, days)
    today.value = fed_on
    unit_person = get_user_model().objects.filter(staff__department=unit).order_by("pk").first()
    take(actor=unit_person, matter=matter, action="feed_back", data={"text": feedback}, on=fed_on)
    take(actor=office, matter=matter, action="reply", data={"text": feedback}, on=fed_on)
    take(actor=office, matter=matter, action="follow_up", data={"result": "satisfied"}, on=fed_on)
    take(actor=office, matter=matter, action="close", on=fed_on)


def load_demo_onsite(*, today: date | None = None) -> dict:
    if Leader.objects.exists():
        return {"created": False, "sessions": OfficeDay.objects.count()}
    today = today or reading.today()

    class Day:
        value = today

    clock = Day()
    with transaction.atomic(), mock.patch.object(reading, "today", lambda: clock.value):
        office = get_user_model().objects.get(username="supervisor")
        leaders = _leaders()
        centre = ServiceBody.objects.get(parent=None)
        plan = schedule.RotaPlan(FIRST, LAST, 2, [x.pk for x in leaders], "move", "中心三楼现场办公室")
        rota = schedule.generate(actor=office, body=centre, plan=plan)
        past = [s for s in rota if s.day < today]
        walked = 0
        seed = next((s for s in past if s.day == date(2026, 3, 11)), None)
        if seed is not None:
            _walk(seed, BORDER, office, date(2026, 3, 10), True, clock)
            walked += 1
        recent = [s for s in past if s is not seed][-len(ISSUES) :]
        for index, (session, issue) in enumerate(zip(recent, ISSUES, strict=False)):
            older = index < len(recent) - 2  # the latest two are still supervised
            raised = current_calendar().add_workdays(session.day, -3)
            _walk(OfficeDay.objects.get(pk=session.pk), issue, office, raised, older, clock)
            walked += 1
        clock.value = today
        closed = 0
        for session in OfficeDay.objects.filter(pk__in=[s.pk for s in past]).order_by("day"):
            if session.status == "scheduled":
                session = sessions.hold(
                    actor=office, session=session, present_ids=[], attendees="", on=session.day
                )
            if sessions.open_decisions(session) == 0:
                sessions.close(actor=office, session=session, on=today)
                closed += 1
        refresh_due(on=today)
    return {
        "created": True,
        "sessions": len(rota),
        "walked": walked,
        "closed": closed,
        "leaders": len(leaders),
    }
