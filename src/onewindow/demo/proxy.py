"""The demo's proxy service (代办): the town agent's villages, proxy requests in every step from received to
the follow-up call (their materials handed between the tiers, one hand-over left unconfirmed past its
working day), and two key projects with their plans tied to their companies' cases.

`load_demo_proxy()` runs after the demo cases (whose agent cases already rest on entrustments); it does
nothing when any proxy request exists and is all or nothing (one transaction). The requests are made
through the services, each on the case's own day, so every step is audited and on its timeline."""

from datetime import date
from decimal import Decimal
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction

from onewindow.accounts.applicants import Applicant
from onewindow.cases.choices import OPEN_STATUSES
from onewindow.cases.models import Case
from onewindow.demo import county
from onewindow.org.models import Division, ServiceBody, Staff
from onewindow.proxy import appointments, custody, projects, requests, steps
from onewindow.proxy.models import AgentTerritory, EntrustedCase, KeyProject, ProxyRequest, Vehicle
from onewindow.timelimits import reading
from onewindow.timelimits.sweep import refresh_due
from onewindow.workcalendar.services import current_calendar

# How far each demo request goes: its last step (None: received and routed only).
WALKS = [None, "entrust", "submit", "deliver", "archive", "report", "follow_up", "follow_up"]
RATINGS = ["satisfied", "basically"]


def _applicant(case) -> Applicant:
    return Applicant(
        kind=case.applicant_kind,
        name=case.applicant_name,
        id_number=case.applicant_id_number,
        phone=case.applicant_phone,
        legal_representative=case.legal_representative,
    )


def _walk(link: EntrustedCase, last: str | None, index: int, today: date) -> ProxyRequest:
    """A request the case's agent received from its principal, taken through the steps up to `last`."""
    case, agent = link.case, link.entrustment.agent
    new = requests.NewRequest(principal=_applicant(case), description=f"代办{case.title}")
    new.item_codes = [case.item_version.implementation_code]
    request = requests.receive(actor=agent, new=new, today=today)
    order = ["entrust", "submit", "deliver", "archive", "report", "follow_up"]
    office = Staff.objects.filter(body=request.body, role_assignments__role="window_clerk").first()
    office = office.user if office else get_user_model().objects.get(username="supervisor")
    for action in order[: order.index(last) + 1] if last else []:
        data = steps.StepInput(
            entrustment_number=link.entrustment.number,
            case_number=case.number,
            satisfaction=RATINGS[index % 2],
            note="电话回访" if action == "follow_up" else "",
        )
        request = steps.act(
            actor=office if action == "follow_up" else agent,
            request=request,
            action=action,
            data=data,
            on=today,
        )
    return request


def _hand_overs(walked: list[ProxyRequest], today: date) -> int:
    """An agent's file handed on up the tiers (a village's to the town, a town's or the city's to the
    centre's window) and confirmed; another handed three working days ago and never confirmed (flagged
    red by the warning sweep)."""
    users = get_user_model().objects
    calendar = current_calendar()
    up = {"agent_village": "agent"}
    count = 0
    for request, confirmed in zip(walked, (True, False), strict=False):
        giver = request.received_by
        receiver = users.get(username=up.get(giver.username, "clerk"))
        day = today if confirmed else calendar.add_workdays(today, -3)
        handover = custody.hand_over(
            actor=giver,
            request=request,
            materials="申请表 1 份、身份证复印件 1 份",
            to_user=receiver,
            today=day,
        )
        if confirmed:
            custody.confirm(actor=receiver, handover=handover, today=today)
        count += 1
    return count


def _door_to_door(today: date) -> int:
    """The centre's and the town's service vehicles, and an elderly villager's request (routed to his
    village's agent) with a door-to-door visit booked for the next working day."""
    center = ServiceBody.objects.get(name=county.CENTER[0])
    town = ServiceBody.objects.get(name="东都镇便民服务中心")
    Vehicle.objects.get_or_create(plate="鲁J·D2601", defaults={"body": center})
    van, _made = Vehicle.objects.get_or_create(plate="鲁J·D2602", defaults={"body": town})
    clerk = get_user_model().objects.get(username="clerk")
    elderly = Applicant(kind="person", name="张大爷", id_number="370982195003150013", phone="13905381234")
    new = requests.NewRequest(
        principal=elderly,
        home_code="370982100201",
        priority="elderly",
        door_to_door=True,
        description="行动不便，申请上门",
    )
    request = requests.receive(actor=clerk, new=new, today=today)
    appointments.book(
        actor=clerk,
        request=request,
        agent=request.route_agent,
        day=current_calendar().add_workdays(today, 1),
        slot="morning",
        address="东都镇东都村 3 组 12 号",
        vehicle=van,
        today=today,
    )
    return 1


def _key_projects(today: date) -> int:
    """Two companies with cases of their own become key projects: one whose cases are decided (ahead of
    its limit), one still under way."""
    firms: dict[str, list] = {}
    for case in Case.objects.filter(applicant_kind="organisation").order_by("pk"):
        firms.setdefault(case.applicant_id_number, []).append(case)
    decided = [(code, cases) for code, cases in firms.items() if any(c.finished_on for c in cases)]
    running = [
        (code, cases) for code, cases in firms.items() if any(c.status in OPEN_STATUSES for c in cases)
    ]
    users = get_user_model().objects
    chief, team, registrar = (
        users.get(username="agent_city"),
        users.get(username="agent"),
        users.get(username="supervisor"),
    )
    town = Division.objects.get(code="370982100000")
    made = 0
    for (code, cases), name in zip(
        (decided[:1] + running[:1]), ("年产 10 万吨精密带钢技改项目", "现代物流园一期"), strict=False
    ):
        start = min(c.accepted_on or today for c in cases)
        project = projects.register_project(
            actor=registrar,
            new=projects.NewProject(
                name=name,
                company=cases[0].applicant_name,
                company_code=code,
                site_code=town.code,
                investment=Decimal("52000.00") if made == 0 else Decimal("18000.00"),
                start_on=start,
                limit_days=45,
                chief=chief,
                team=[team],
                steps=[projects.NewStep("规划许可", 15), projects.NewStep("施工许可", 35, after=1)],
            ),
        )
        for step, case in zip(project.steps.order_by("position"), cases, strict=False):
            projects.link_case(actor=chief, step=step, case_number=case.number)
        projects.record_pre_review(
            actor=chief, project=project, on=start, note="住建、自然资源、消防联合预审，材料齐全"
        )
        made += 1
    return made


def load_demo_proxy(*, today: date | None = None) -> dict:
    if ProxyRequest.objects.exists() or KeyProject.objects.exists():
        return {"created": False, "requests": ProxyRequest.objects.count()}
    today = today or reading.today()
    with transaction.atomic(), mock.patch.object(reading, "today", lambda: today):
        town_agent = Staff.objects.get(user__username="agent")
        AgentTerritory.objects.get_or_create(
            agent=town_agent, division=Division.objects.get(code="370982100202")
        )
        links = list(
            EntrustedCase.objects.select_related("case__item_version", "entrustment__agent").order_by(
                "case_id"
            )
        )
        decided = [link for link in links if link.case.finished_on]
        waiting = [link for link in links if link.case.status in OPEN_STATUSES]
        walked = []
        for index, last in enumerate(WALKS):
            pool = decided if last in ("deliver", "archive", "report", "follow_up") else waiting or decided
            if not pool:
                continue
            walked.append(_walk(pool.pop(0), last, index, today))
        visits = _door_to_door(today)
        handed = _hand_overs(sorted(walked, key=lambda r: r.received_by.username != "agent_village"), today)
        refresh_due(on=today)
        made = _key_projects(today)
    return {
        "created": True,
        "requests": len(walked) + visits,
        "handovers": handed,
        "projects": made,
        "appointments": visits,
    }
