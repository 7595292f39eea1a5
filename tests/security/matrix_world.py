"""The world the access matrix walks in (`test_access_matrix.py`): the demo county with its catalog and
cases, one account per actor, and for each table row's target the objects of the actor's own scope and of
another, as the parameters and bodies of one request (`Call`)."""

import base64
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from stdnum.cn import ric

from onewindow.accounts import services as account_services
from onewindow.cases import clocks, selectors, workflow
from onewindow.cases.applied import online_possible
from onewindow.cases.choices import Action, Provision
from onewindow.cases.documents import CaseAtHand
from onewindow.cases.models import Case, CaseMaterial
from onewindow.cases.services import applicant_of
from onewindow.catalog import selectors as catalog_selectors
from onewindow.catalog import services as catalog_services
from onewindow.catalog.choices import VersionStatus
from onewindow.catalog.models import Bundle, ImportJob, ItemMaterial, ItemVersion
from onewindow.demo import catalog as demo_catalog
from onewindow.demo.cases import load_demo_cases
from onewindow.documents.registry import applying
from onewindow.onsite import materials as onsite_materials
from onewindow.onsite import minutes as onsite_minutes
from onewindow.onsite import sessions as onsite_sessions
from onewindow.onsite import topics as onsite_topics
from onewindow.onsite.models import Leader, OfficeDay
from onewindow.org.models import Department, ServiceBody, Staff, Window
from onewindow.org.permissions import actor_of
from onewindow.org.roles import AREA_WIDE_ROLES, Role
from onewindow.org.services import set_roles
from onewindow.proxy.custody import confirm, hand_over
from onewindow.proxy.entrustments import NewEntrustment, entrust
from onewindow.proxy.models import AgentTerritory, Vehicle
from onewindow.proxy.projects import NewProject, NewStep, register_project
from onewindow.proxy.requests import NewRequest, receive
from onewindow.supervision import circulation
from onewindow.supervision.attachments import attach
from onewindow.supervision.cards import raise_cards
from onewindow.supervision.defaults import seed_default_ladder, seed_default_rules
from onewindow.supervision.matter_services import NewMatter, register_matter, take
from onewindow.supervision.models import Card, Matter, MemberUnit, MonitoringRule, UrgingRung
from onewindow.workcalendar import services as calendar_services

from . import access_matrix as m

# --- the world the walks run in ----------------------------------------------------------------------

USERNAMES = {
    m.CITIZEN: "citizen",
    m.COMPANY: "company",
    m.WINDOW_CLERK: "clerk",
    m.CHIEF_REP: "chief",
    m.REVIEWER: "reviewer",
    m.AGENT: "agent",
    m.SUPERVISOR: "town_supervisor",
    m.LEADER: "leader",
    m.ADMIN: "admin",
    m.SUPERUSER: "root",
}
PASSWORD = "pw-Matrix-2026!"
FILE_BYTES = b"%PDF-1.4\n% access matrix\n"


def valid_resident_id(base: str = "37098219900315432") -> str:
    return next(base + d for d in "0123456789X" if ric.is_valid(base + d))


@dataclass
class Call:
    """What fills one request: path parameters, the query, a form or JSON body."""

    params: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    data: dict | None = None
    expect_note: str = ""


class World:
    """The demo county with its catalog and cases, the actors, and the objects each cell needs."""

    def __init__(self, tmp_path):
        demo_catalog.load_demo_catalog()
        load_demo_cases(count=60)
        seed_default_rules(MonitoringRule)  # again: a transactional test empties the seeded tables
        raise_cards()  # the demo's late cases give the cards the admin's card pages show
        assert Card.objects.exists()
        users = get_user_model().objects
        town = ServiceBody.objects.get(name="东都镇便民服务中心")
        supervisor = users.create_user("town_supervisor", password=PASSWORD)
        staff = Staff.objects.create(user=supervisor, full_name="镇督办", body=town)
        set_roles(actor=None, staff=staff, roles=[Role.SUPERVISOR])
        users.create_superuser("root", password=PASSWORD)
        # A town hall with a department and a window, so that the center's staff have another scope's.
        town_department = Department.objects.create(body=town, name="农业综合服务站", short_name="农服")
        Window.objects.create(
            body=town, number="T01", name="农服窗口", kind="department", department=town_department
        )
        self.nobody = users.create_user("nobody", password=PASSWORD)
        self.center_matter, self.town_matter = self.matters(town, town_department)
        today = clocks.today()
        self.reports = {
            name: circulation.publish(
                actor=users.get(username=name),
                body=users.get(username=name).staff.body,
                start=today.replace(day=1),
                end=today,
            )
            for name in ("supervisor", "town_supervisor")
        }
        self.users = {actor: users.get(username=name) for actor, name in USERNAMES.items()}
        self.users[m.ANONYMOUS] = None
        self.town_entrustment, self.center_entrustment = self.entrustments()
        self.town_request, self.center_request = self.proxy_requests()
        self.town_project, self.center_project = self.key_projects()
        self.town_day, self.center_day = self.office_days(town, town_department)
        Vehicle.objects.create(body=ServiceBody.objects.get(name="东都镇便民服务中心"), plate="鲁J·M0001")
        self.admin = self.users[m.ADMIN]
        # Two tokens each: one to sign API requests with, a spare to revoke.
        self.tokens, self.spare_tokens = {}, {}
        for actor, user in [*self.users.items(), ("nobody", self.nobody)]:
            if user is None:
                continue
            _token, self.tokens[actor] = account_services.create_token(actor=None, user=user, name="walk")
            spare, _raw = account_services.create_token(actor=None, user=user, name="spare")
            self.spare_tokens[actor] = spare.pk
        self.published = ItemVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by("pk")
        online = [v for v in self.published.select_related("department") if online_possible([v])]
        self.online_version = online[0]
        self.draft = catalog_services.save_draft(
            actor=None, data=self.item_data(self.published.first()), item=self.published.first().item
        )
        self.import_job = ImportJob.objects.create(
            created_by=self.admin, file_name="catalog.xlsx", workbook=ContentFile(b"PK", name="catalog.xlsx")
        )
        material = ItemMaterial.objects.filter(version__status=VersionStatus.PUBLISHED).first()
        material.blank_form.save("form.pdf", ContentFile(FILE_BYTES), save=True)
        # every registered model has an object for its admin pages
        Group.objects.create(name="窗口组")
        Client().post(reverse("accounts:login"), {"username": "nobody", "password": "wrong"})
        self.blank_form = material
        self.clients = {}
        for actor, user in self.users.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            self.clients[actor] = client

    def matters(self, town, town_department):
        """A supervision matter of the county centre assigned to the market regulator (the chief's and the
        reviewer's unit) and one of the town assigned to its own department (the town supervisor's)."""
        seed_default_ladder(UrgingRung)
        MemberUnit.objects.create(department=town_department, phone="05387000000")
        made = []
        users = get_user_model().objects
        for registrar, unit in (
            ("supervisor", Department.objects.get(name="市场监督管理局")),
            ("town_supervisor", town_department),
        ):
            registrar = users.get(username=registrar)
            new = NewMatter(
                "complaint", "矩阵督办事项", "矩阵测试的督办事项。", requester_phone="13800001111"
            )
            matter = register_matter(actor=registrar, body=registrar.staff.body, new=new)
            made.append(take(actor=registrar, matter=matter, action="assign", data={"lead_unit": unit.pk}))
            attach(
                actor=registrar, matter=matter, upload=ContentFile(FILE_BYTES, name="a.pdf"), title="矩阵附件"
            )
        return made

    def office_days(self, town, town_department):
        """A held office day of the demo's leader at the town (its supervisor keeps it; its department
        got the decision) and one at the centre (the market regulator invited and given the decision),
        each with an issue on its agenda, a decision and drafted minutes."""
        users = get_user_model().objects
        leader = Leader.objects.create(staff=users.get(username="leader").staff, title="副市长")
        today = clocks.today()
        made = []
        for body, office, unit in (
            (town, "town_supervisor", town_department),
            (
                ServiceBody.objects.get(parent=None),
                "supervisor",
                Department.objects.get(name="市场监督管理局"),
            ),
        ):
            office = users.get(username=office)
            day = OfficeDay.objects.create(body=body, leader=leader, day=today, planned_on=today)
            topic = onsite_topics.submit(actor=office, body=body, new=onsite_new_topic(), channel="staff")
            onsite_topics.vet(actor=office, topic=topic, decision="accept")
            onsite_topics.put_on_agenda(actor=office, topic=topic, session=day)
            onsite_topics.invite(actor=office, session=day, department_ids=[unit.pk])
            onsite_sessions.hold(actor=office, session=day, present_ids=[unit.pk], attendees="")
            data = onsite_sessions.DecisionInput(topic.number, "矩阵决定", unit.pk, "矩阵责任人", 1)
            day.matrix_decision = onsite_sessions.decide(actor=office, session=day, data=data)
            onsite_minutes.draft(actor=office, session=day)
            day.matrix_topic = topic
            day.matrix_material = onsite_materials.attach(
                actor=office, topic=topic, upload=ContentFile(FILE_BYTES, name="a.pdf"), title="矩阵材料"
            )
            made.append(day)
        return made

    def entrustments(self):
        """An entrustment of the town's agent by the citizen account's person, and one of the centre's
        agent by the company account's firm: each principal sees their own."""
        town_agent = Staff.objects.get(user__username="agent")
        AgentTerritory.objects.create(agent=town_agent, division=town_agent.body.division)
        made = []
        for agent, principal in (("agent", "citizen"), ("agent_city", "company")):
            new = NewEntrustment(
                principal=applicant_of(self.users[principal].citizen),
                valid_from=clocks.today(),
                valid_until=clocks.today() + timedelta(days=30),
                signed_by="scan",
                signature=ContentFile(FILE_BYTES, name="signed.pdf"),
                all_in_scope=True,
            )
            made.append(
                entrust(actor=get_user_model().objects.get(username=agent), new=new, today=clocks.today())
            )
        return made

    def proxy_requests(self):
        """A request the town's agent received from the citizen and one the centre's clerk received from
        the company, both for nothing named yet: each stays with its first receiver."""
        made = []
        for receiver, principal in (("agent", "citizen"), ("clerk", "company")):
            new = NewRequest(principal=applicant_of(self.users[principal].citizen), description="矩阵测试")
            made.append(
                receive(actor=get_user_model().objects.get(username=receiver), new=new, today=clocks.today())
            )
        # each file on its way: the town's handed to the village agent and back to the town agent (who is to
        # confirm it), the centre's from its clerk to the market regulator
        town, centre = made
        market = Department.objects.get(name="市场监督管理局")
        village = get_user_model().objects.get(username="agent_village")
        there = hand_over(
            actor=town.received_by, request=town, materials="矩阵材料", to_user=village, today=clocks.today()
        )
        confirm(actor=village, handover=there, today=clocks.today())
        self.town_handover = hand_over(
            actor=village, request=town, materials="矩阵材料", to_user=town.received_by, today=clocks.today()
        )
        self.center_handover = hand_over(
            actor=centre.received_by,
            request=centre,
            materials="矩阵材料",
            to_department=market,
            today=clocks.today(),
        )
        return made

    def key_projects(self):
        """A key project of the town (its supervisor registered it, its agent the chief) and one of the
        centre (its supervisor registered it, the city's agent the chief)."""
        users = get_user_model().objects
        made = []
        for registrar, chief in (("town_supervisor", "agent"), ("supervisor", "agent_city")):
            new = NewProject(
                name=f"矩阵项目{chief}",
                company="矩阵建设有限公司",
                company_code="91370982MA3C0Q8X1C",
                site_code="370982100000",
                investment=Decimal("1000"),
                start_on=clocks.today(),
                limit_days=45,
                chief=users.get(username=chief),
                steps=[NewStep("施工许可", 30)],
            )
            made.append(register_project(actor=users.get(username=registrar), new=new))
        return made

    # --- whose scope is which: declared here, independently of the selectors under test ---------

    def case_scope(self, actor: str) -> Q | None:
        """The cases DESIGN rule 7 gives the actor (None: every case)."""
        user = self.users[actor]
        if user is None:
            return Q(pk__in=[])
        if actor in m.ADMINS:
            return None
        scope = Q(citizen=user) | Q(received_by=user)
        staff = getattr(user, "staff", None)
        if staff is None:
            return scope
        held = set(staff.roles)
        if held & AREA_WIDE_ROLES:
            scope |= Q(body__division__code__startswith=staff.body.division.prefix)
        if Role.WINDOW_CLERK in held:
            scope |= Q(body=staff.body)
        if held & {Role.REVIEWER, Role.CHIEF_REP} and staff.department_id:
            scope |= Q(department=staff.department) | Q(tasks__department=staff.department)
        if Role.AGENT in held:
            scope |= Q(agent=user)
        return scope

    def cases(self, actor: str, scope: str):
        where = self.case_scope(actor)
        cases = Case.objects.order_by("pk")
        if scope == m.OTHER:
            return cases.none() if where is None else cases.exclude(where)
        if actor == m.ANONYMOUS:
            return cases  # any case: the anonymous are refused before it is looked at
        return cases if where is None else cases.filter(where).distinct()

    def bodies(self, actor: str, scope: str):
        """Own: the actor's body (area-wide roles: their area); other: every other body."""
        user = self.users[actor]
        staff = getattr(user, "staff", None) if user else None
        bodies = ServiceBody.objects.order_by("pk")
        if staff is None or actor in m.ADMINS:
            return bodies  # refused, or allowed, whichever body it is
        own = Q(pk=staff.body_id)
        if set(staff.roles) & AREA_WIDE_ROLES:
            own = Q(division__code__startswith=staff.body.division.prefix)
        return bodies.filter(own) if scope == m.OWN else bodies.exclude(own)

    # --- bodies --------------------------------------------------------------------------------------

    def item_data(self, version, **changes) -> dict:
        data = {
            "basic_code": version.basic_code,
            "implementation_code": version.implementation_code,
            "name": version.name,
            "item_type": version.item_type,
            "tier": version.tier,
            "department": version.department_id,
            "legal_limit_days": version.legal_limit_days,
            "promised_limit_days": version.promised_limit_days,
            "case_kind": version.case_kind,
            "proxyable_tiers": [],
            "materials": [{"name": "申请书"}],
        }
        return {**data, **changes}

    def file_on(self, case) -> CaseMaterial:
        """A material of the case with a file (one is given a file when none has)."""
        material = case.materials.exclude(file="").order_by("pk").first()
        if material is None:
            material = case.materials.order_by("pk").first()
            material.file.save("material.pdf", ContentFile(FILE_BYTES), save=True)
        return material


def first(queryset):
    return queryset.first()


# --- targets: which objects fill each endpoint's path, per actor and scope --------------------------


def t_token(w, actor, scope):
    owner = actor if scope == m.OWN and actor != m.ANONYMOUS else "nobody"
    return Call({"token_id": w.spare_tokens[owner]})


def t_registration(w, actor, scope):
    return Call(
        data={
            "username": "matrix_new",
            "password": PASSWORD,
            "kind": "person",
            "name": "张测试",
            "id_number": valid_resident_id(),
            "phone": "13912345678",
        }
    )


def t_reset_code(w, actor, scope):
    return Call(data={"username": "citizen", "phone": "13800000000"})


def t_reset(w, actor, scope):
    return Call(data={"username": "citizen", "code": "000000", "new_password": "Matrix-New-2026!"})


def t_password_change(w, actor, scope):
    """A wrong current password: refused (422) past the door, nothing changed for the next cells."""
    return Call(data={"old_password": "not-the-password", "new_password": "Matrix-New-2026!"})


def t_division(w, actor, scope):
    return Call({"code": "370982000000"})


def _org(model, w, actor, scope):
    found = model.objects.filter(body__in=w.bodies(actor, scope)).order_by("pk").first()
    return found


def t_body(w, actor, scope):
    body = w.bodies(actor, scope).first()
    return body and Call({"body_id": body.pk})


def t_department(w, actor, scope):
    found = _org(Department, w, actor, scope)
    return found and Call({"department_id": found.pk})


def t_window(w, actor, scope):
    found = _org(Window, w, actor, scope)
    return found and Call({"window_id": found.pk})


def t_deadline(w, actor, scope):
    return Call(query={"start": clocks.today().isoformat(), "days": 5})


def t_workdays(w, actor, scope):
    today = clocks.today()
    return Call(query={"start": today.isoformat(), "end": (today + timedelta(days=14)).isoformat()})


def t_calendar_year(w, actor, scope):
    return Call({"year": clocks.today().year}, query={"year": clocks.today().year})


def t_holiday_notice(w, actor, scope):
    """Typed lines that change nothing stored: the 2026 National Day as it is."""
    holidays = "国庆节, 2026-10-01, 2026-10-07"
    basis = calendar_services.plan_notice(year=2026, mode="supplement", holidays=holidays).basis
    return Call(data={"year": 2026, "mode": "supplement", "holidays": holidays, "basis": basis})


def t_card(w, actor, scope):
    card = Card.objects.filter(case__in=w.cases(actor, scope)).order_by("pk").first()
    return card and Call({"number": card.number})


def t_card_withdraw(w, actor, scope):
    card = Card.objects.filter(case__in=w.cases(actor, scope)).order_by("pk").first()
    return card and Call({"number": card.number}, data={"reason": "矩阵测试摘牌"})


# Whose entrustment is whose: the town's (its agent, the town supervisor, the citizen who signed it) or
# the centre's (its clerk and chief representative, the company that signed it); leaders and
# administrators see both, reviewers neither.
TOWN_SIDE = frozenset({m.AGENT, m.SUPERVISOR, m.CITIZEN, m.LEADER, m.ANONYMOUS}) | m.ADMINS


def town_or_centre(actor, scope, town, centre):
    """Own: the town's object for its side, the centre's for the others; other: the other one (none for
    those who see both)."""
    town_side = actor in TOWN_SIDE
    if scope == m.OTHER:
        if actor == m.LEADER or actor in m.ADMINS:
            return None
        town_side = not town_side
    return town if town_side else centre


# office days: the town's for its side (its supervisor keeps it; the leader sits at both), the centre's
# for the others (the market regulator's staff were invited and given its decision)
def onsite_new_topic() -> onsite_topics.NewTopic:
    return onsite_topics.NewTopic("enterprise", "矩阵企业", "13800004444", "矩阵问题", "矩阵测试的问题。")


TOPIC_FIELDS = {
    "submitter_kind": "enterprise",
    "submitter_name": "矩阵企业",
    "submitter_phone": "13800004444",
    "title": "矩阵问题",
    "content": "矩阵测试的问题。",
}


def t_onsite_session(w, actor, scope):
    found = town_or_centre(actor, scope, w.town_day, w.center_day)
    return found and Call({"session_id": found.pk, "pk": found.pk}, data={})


def _onsite(w, actor, scope, **data):
    call = t_onsite_session(w, actor, scope)
    if call is not None:
        call.data = data
    return call


def t_onsite_swap(w, actor, scope):
    call = t_onsite_session(w, actor, scope)
    if call is not None:
        call.data = {"other_id": call.params["pk"], "other": call.params["pk"]}
    return call


def t_onsite_cancel(w, actor, scope):
    return _onsite(w, actor, scope, reason="矩阵取消")


def t_onsite_agenda(w, actor, scope):
    call = t_onsite_session(w, actor, scope)
    if call is not None:
        number = OfficeDay.objects.get(pk=call.params["pk"]).topics.first().number
        call.data = {"numbers": [number], "number": number, "way": "up"}
    return call


def _unit_of(call):
    return OfficeDay.objects.get(pk=call.params["pk"]).invited.first().pk


def t_onsite_invite(w, actor, scope):
    call = t_onsite_session(w, actor, scope)
    if call is not None:
        call.data = {"department_ids": [_unit_of(call)], "departments": [_unit_of(call)]}
    return call


def t_onsite_hold(w, actor, scope):
    return _onsite(w, actor, scope, present_ids=[], attendees="")


def t_onsite_walk_in(w, actor, scope):
    return _onsite(w, actor, scope, **TOPIC_FIELDS)


def _decision_data(call) -> dict:
    day = OfficeDay.objects.get(pk=call.params["pk"])
    unit = _unit_of(call)
    return {
        "topic_number": day.topics.first().number,
        "text": "矩阵决定",
        "unit_id": unit,
        "unit": unit,
        "days": 1,
    }


def t_onsite_decide(w, actor, scope):
    call = t_onsite_session(w, actor, scope)
    if call is not None:
        call.data = _decision_data(call)
    return call


def t_onsite_decision(w, actor, scope):
    call = t_onsite_decide(w, actor, scope)
    if call is not None:
        day = w.town_day if call.params["pk"] == w.town_day.pk else w.center_day
        call.params.update({"decision_id": day.matrix_decision.pk, "decision": day.matrix_decision.pk})
    return call


def t_onsite_minutes_text(w, actor, scope):
    return _onsite(w, actor, scope, text="矩阵纪要")


def t_onsite_print(w, actor, scope):
    call = t_onsite_session(w, actor, scope)
    if call is not None:
        call.params["kind"] = "minutes"
    return call


def t_onsite_topic(w, actor, scope):
    found = town_or_centre(actor, scope, w.town_day, w.center_day)
    return found and Call({"number": found.matrix_topic.number}, data={})


def t_onsite_vet(w, actor, scope):
    call = t_onsite_topic(w, actor, scope)
    if call is not None:
        call.data = {"decision": "accept", "note": ""}
    return call


def t_onsite_schedule(w, actor, scope):
    call = t_onsite_topic(w, actor, scope)
    if call is not None:
        day = w.town_day if call.params["number"] == w.town_day.matrix_topic.number else w.center_day
        call.data = {"session_id": day.pk, "session": day.pk}
    return call


def t_onsite_material(w, actor, scope):
    found = town_or_centre(actor, scope, w.town_day, w.center_day)
    material = found and found.matrix_material
    return found and Call(
        {"number": found.matrix_topic.number, "material_id": material.pk, "pk": material.pk}
    )


def t_onsite_material_new(w, actor, scope):
    call = t_onsite_topic(w, actor, scope)
    if call is not None:
        call.data = {
            "title": "矩阵材料",
            "file_name": "m.pdf",
            "content_base64": base64.b64encode(FILE_BYTES).decode(),
        }
    return call


def t_onsite_material_page(w, actor, scope):
    call = t_onsite_topic(w, actor, scope)
    if call is not None:
        call.data = {
            "title": "矩阵材料",
            "file": SimpleUploadedFile("m.pdf", FILE_BYTES, content_type="application/pdf"),
        }
    return call


def t_onsite_rota(w, actor, scope):
    today = clocks.today()
    leader = Leader.objects.first().pk
    return Call(
        data={"first": today.isoformat(), "last": today.isoformat(), "weekday": 2, "leader_ids": [leader]}
    )


def t_onsite_new_topic(w, actor, scope):
    return Call(data=dict(TOPIC_FIELDS))


def t_onsite_followed(w, actor, scope):
    topic = w.center_day.matrix_topic
    return Call({"number": topic.number}, query={"code": topic.query_code, "number": topic.number})


def t_onsite_solved(w, actor, scope):
    call = t_onsite_followed(w, actor, scope)
    call.data = {"solved": "yes", "note": ""}
    return call


def t_entrustment(w, actor, scope):
    found = town_or_centre(actor, scope, w.town_entrustment, w.center_entrustment)
    return found and Call({"number": found.number})


def t_proxy_request(w, actor, scope):
    found = town_or_centre(actor, scope, w.town_request, w.center_request)
    return found and Call({"number": found.number})


def t_proxy_reassign(w, actor, scope):
    call = t_proxy_request(w, actor, scope)
    if call is not None:
        call.data = {"agent": "agent_village", "reason": "矩阵测试改派", "to": "agent:agent_village"}
    return call


def t_handover_give(w, actor, scope):
    call = t_proxy_request(w, actor, scope)
    if call is not None:
        call.data = {"materials": "矩阵交接", "to_user": "agent_village", "to": "user:agent_village"}
    return call


def t_handover_confirm(w, actor, scope):
    call = t_proxy_request(w, actor, scope)
    if call is not None:
        handover = w.town_handover if call.params["number"] == w.town_request.number else w.center_handover
        call.params.update({"handover_id": handover.pk, "pk": handover.pk})
        call.data = {}
    return call


def t_proxy_step(w, actor, scope):
    """The first step, signing the entrustment, with the principal's own entrustment of that side."""
    call = t_proxy_request(w, actor, scope)
    if call is not None:
        town = call.params["number"] == w.town_request.number
        entrustment = w.town_entrustment if town else w.center_entrustment
        call.params["action"] = "entrust"
        call.data = {"entrustment_number": entrustment.number}
    return call


def t_proxy_rate(w, actor, scope):
    call = t_proxy_request(w, actor, scope)
    if call is not None:
        call.data = {"satisfaction": "satisfied"}
    return call


# key projects: the town's for its agent (the chief), its supervisor and the leader; the centre's for the
# centre's clerk and chief representative; reviewers and the public see none
def t_project(w, actor, scope):
    found = town_or_centre(actor, scope, w.town_project, w.center_project)
    return found and Call({"project_id": found.pk, "pk": found.pk})


def t_project_case(w, actor, scope):
    call = t_project(w, actor, scope)
    if call is not None:
        project = w.town_project if call.params["pk"] == w.town_project.pk else w.center_project
        step = project.steps.first().pk
        call.params.update({"step_id": step, "step": step})
        call.data = {"case_number": "no-such-case"}
    return call


def t_project_pre_review(w, actor, scope):
    call = t_project(w, actor, scope)
    if call is not None:
        call.data = {"on": clocks.today().isoformat(), "note": "矩阵联合预审"}
    return call


def t_new_project(w, actor, scope):
    return Call(
        data={
            "name": "矩阵新项目",
            "company": "矩阵建设有限公司",
            "company_code": "91370982MA3C0Q8X1C",
            "site_code": "370982100000",
            "investment": "1000",
            "start_on": clocks.today().isoformat(),
            "limit_days": 45,
            "chief": "agent",
            "steps": [{"name": "施工许可", "target_days": 30}],
        }
    )


def t_book(w, actor, scope):
    call = t_proxy_request(w, actor, scope)
    if call is not None:
        call.data = {
            "day": clocks.today().isoformat(),
            "slot": "morning",
            "agent": "agent",
            "address": "矩阵地址",
        }
    return call


def principal_fields(w) -> dict:
    """The citizen account's person as the principal of a new entrustment or request."""
    principal = applicant_of(w.users[m.CITIZEN].citizen)
    return {
        "principal_kind": principal.kind,
        "principal_name": principal.name,
        "principal_id_number": principal.id_number,
        "principal_phone": principal.phone,
    }


def t_new_proxy_request(w, actor, scope):
    return Call(data=principal_fields(w))


def t_entrustment_revoke(w, actor, scope):
    call = t_entrustment(w, actor, scope)
    if call is not None:
        call.data = {"reason": "矩阵测试撤销"}
    return call


def t_entrustment_print(w, actor, scope):
    call = t_entrustment(w, actor, scope)
    if call is not None:
        call.params["kind"] = "entrustment"
    return call


def t_new_entrustment(w, actor, scope):
    return Call(
        data={
            **principal_fields(w),
            "all_in_scope": True,
            "valid_until": (clocks.today() + timedelta(days=30)).isoformat(),
            "signed_by": "scan",
            "signature_base64": base64.b64encode(FILE_BYTES).decode(),
        }
    )


def t_matter(w, actor, scope):
    """Own: the matter the actor's place sees (the town supervisor: the town's; the market regulator's
    staff, leaders and everyone else: the centre's); other: the other one (none for those who see all)."""
    town_side = actor == m.SUPERVISOR
    if scope == m.OTHER:
        if actor == m.LEADER or actor in m.ADMINS:
            return None
        town_side = not town_side
    matter = w.town_matter if town_side else w.center_matter
    return Call({"number": matter.number})


def t_matter_action(w, actor, scope):
    """The unit's staff acknowledge; everyone else tries the office's urging."""
    call = t_matter(w, actor, scope)
    if call is not None:
        call.params["action"] = "acknowledge" if actor in (m.CHIEF_REP, m.REVIEWER) else "urge"
        call.data = {"text": "矩阵测试"}
    return call


def t_matter_attach(w, actor, scope):
    """The unit's staff and the office attach a FILE_BYTES (as JSON with Base64)."""
    call = t_matter(w, actor, scope)
    if call is not None:
        call.data = {
            "title": "矩阵附件",
            "file_name": "a.pdf",
            "content_base64": base64.b64encode(FILE_BYTES).decode(),
        }
    return call


def t_matter_attach_page(w, actor, scope):
    """The same on the matter page (a multipart form)."""
    call = t_matter(w, actor, scope)
    if call is not None:
        call.data = {
            "title": "矩阵附件",
            "file": SimpleUploadedFile("a.pdf", FILE_BYTES, content_type="application/pdf"),
        }
    return call


def _attachment_of(call):
    return Matter.objects.get(number=call.params["number"]).attachments.order_by("pk").first().pk


def t_matter_attachment(w, actor, scope):
    call = t_matter(w, actor, scope)
    if call is not None:
        call.params["attachment_id"] = _attachment_of(call)
    return call


def t_matter_attachment_page(w, actor, scope):
    call = t_matter(w, actor, scope)
    if call is not None:
        call.params["pk"] = _attachment_of(call)
    return call


def t_matter_print(w, actor, scope):
    call = t_matter(w, actor, scope)
    if call is not None:
        call.params["kind"] = "assignment"
    return call


def t_matter_new(w, actor, scope):
    return Call(data={"source": "media", "title": "矩阵立项", "content": "矩阵测试立项。"})


def t_hotline_ticket(w, actor, scope):
    return Call(data={"ticket_id": "MATRIX-1", "title": "矩阵热线工单", "content": "矩阵测试工单。"})


def t_item_code(w, actor, scope):
    return Call({"code": w.published.first().implementation_code})


def t_version(w, actor, scope):
    version = w.published.first() if scope == m.OWN else w.draft
    return Call({"version_id": version.pk})


def t_new_item(w, actor, scope):
    version = w.published.first()
    return Call(data=w.item_data(version, basic_code="MATRIX-1", implementation_code="MATRIX-1-IMPL"))


def t_item_draft(w, actor, scope):
    version = w.published.first()
    return Call({"item_id": version.item_id}, data=w.item_data(version, name=version.name + "（修订）"))


def t_draft_version(w, actor, scope):
    return Call({"version_id": w.draft.pk})


def t_published_version(w, actor, scope):
    return Call({"version_id": w.published.last().pk})


def t_draft_item(w, actor, scope):
    return Call({"item_id": w.draft.item_id})


def t_draft_version_page(w, actor, scope):
    return Call({"pk": w.draft.pk})


def t_published_version_page(w, actor, scope):
    return Call({"pk": w.published.last().pk})


def t_intake(w, actor, scope):
    version = w.online_version
    content = base64.b64encode(FILE_BYTES).decode()
    materials = [
        {
            "material_id": mat.pk,
            "provision": Provision.UPLOAD,
            "file_name": "m.pdf",
            "content_base64": content,
        }
        for mat in version.materials.all()
    ]
    applicant = {"kind": "person", "name": "张测试", "id_number": valid_resident_id(), "phone": "13912345678"}
    return Call(
        data={"applicant": applicant, "item_code": version.implementation_code, "materials": materials}
    )


def t_case(w, actor, scope):
    case = w.cases(actor, scope).first()
    return case and Call({"number": case.number})


TASK_ACTIONS = {Action.TASK_APPROVE, Action.TASK_DENY}


def t_case_action(w, actor, scope):
    """Own scope: an action the actor may take now (handlers) or one the case's status allows but the
    actor may not take (those who only see); another scope: an action the status allows."""
    user = w.users[actor]
    for case in w.cases(actor, scope)[:80]:
        if scope == m.OWN and user is not None and actor in m.HANDLERS | m.APPLICANTS:
            candidates = workflow.available_actions(actor_of(user), case)
        else:
            candidates = list(workflow.ALLOWED.get(case.status, {}))
        candidates = [a for a in candidates if a not in TASK_ACTIONS and a != Action.SUBMIT]
        if candidates:
            body = {"version": case.version, "reason": "矩阵测试", "basis": "《测试条例》第一条"}
            return Call({"number": case.number, "action": candidates[0]}, data=body)
    return None


def t_case_material(w, actor, scope):
    case = w.cases(actor, scope).first()
    return case and Call({"number": case.number, "material_id": w.file_on(case).pk})


def t_case_print(w, actor, scope):
    for case in w.cases(actor, scope)[:40]:
        kinds = [d.code for d in applying("case", CaseAtHand(case, selectors.case_detail(case)))]
        if kinds:
            return Call({"number": case.number, "kind": kinds[0]})
    return None


def t_tracked_case(w, actor, scope):
    case = Case.objects.exclude(query_code="").order_by("pk").first()
    return Call({"number": case.number}, query={"code": case.query_code, "number": case.number})


def t_period(w, actor, scope):
    today = clocks.today()
    period = {"start": today.replace(day=1).isoformat(), "end": today.isoformat()}
    return Call(query=period, data=period)


def t_report(w, actor, scope):
    """Own: the report of the actor's centre (the town supervisor: the town's; everyone else the
    county's); other: the other one (none for those who see the whole county)."""
    town_side = actor == m.SUPERVISOR
    if scope == m.OTHER:
        if actor == m.LEADER or actor in m.ADMINS:
            return None
        town_side = not town_side
    report = w.reports["town_supervisor" if town_side else "supervisor"]
    return Call({"report_id": report.pk, "pk": report.pk})


def t_report_print(w, actor, scope):
    call = t_report(w, actor, scope)
    if call is not None:
        call.params["kind"] = "report"
    return call


def t_complaint(w, actor, scope):
    return Call(
        data={"kind": "complaint", "title": "矩阵投诉", "content": "矩阵测试投诉。", "phone": "13800003333"}
    )


def t_followed_matter(w, actor, scope):
    matter = w.center_matter
    return Call({"number": matter.number}, query={"code": matter.query_code, "number": matter.number})


def t_read_notices(w, actor, scope):
    return Call(data={"ids": None})


def t_unknown_api_path(w, actor, scope):
    return Call({"rest": "v2/cases"})


def t_import_job(w, actor, scope):
    return Call({"pk": w.import_job.pk})


def t_intake_item(w, actor, scope):
    code = w.online_version.implementation_code
    return Call(query={"item": code}, data={"item": code, "applicant_id_number": valid_resident_id()})


def t_online_item(w, actor, scope):
    return Call({"code": w.online_version.implementation_code})


def t_bundle_code(w, actor, scope):
    return Call({"code": Bundle.objects.order_by("pk").first().code})


def t_online_bundle(w, actor, scope):
    for found in catalog_selectors.bundles().order_by("pk"):
        if online_possible(catalog_selectors.bundle_items(found)):
            return Call({"code": found.code})
    raise AssertionError("the demo catalog has no bundle that may be applied for online")


def t_blank_form(w, actor, scope):
    return Call({"material_id": w.blank_form.pk, "kind": "form"})


def t_my_upload(w, actor, scope):
    case = w.cases(actor, scope).first()
    return case and Call({"number": case.number}, data={"action": Action.SUPPLEMENT, "version": case.version})


def t_my_withdraw(w, actor, scope):
    case = w.cases(actor, scope).first()
    return case and Call({"number": case.number}, data={"version": case.version, "reason": "矩阵测试"})


def t_language(w, actor, scope):
    return Call(data={"language": "en", "next": "/guide/"})


def t_role(w, actor, scope):
    user = w.users[actor]
    held = actor_of(user).roles if user is not None else frozenset()
    if scope == m.OWN:
        return Call({"role": actor_of(user).home_role if held else Role.WINDOW_CLERK})
    return Call({"role": next(r for r in Role.values if r not in held)})


def t_autocomplete(w, actor, scope):
    return Call(query={"app_label": "org", "model_name": "servicebody", "field_name": "parent", "term": "新"})


def t_view_on_site(w, actor, scope):
    body = ServiceBody.objects.order_by("pk").first()
    return Call({"content_type_id": ContentType.objects.get_for_model(ServiceBody).pk, "object_id": body.pk})


def t_admin_app(w, actor, scope):
    return Call({"app_label": "org"})


def t_admin_unknown(w, actor, scope):
    return Call({"url": "no-such-page/"})


def t_admin_user(w, actor, scope):
    return Call({"id": w.nobody.pk})


TARGETS = {name[2:]: fn for name, fn in globals().items() if name.startswith("t_") and callable(fn)}
