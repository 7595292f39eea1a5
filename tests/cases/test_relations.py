"""Where a person stands to a case is worked out once (`cases.relations.place_of`), and what they see,
read whole and may do are read from it. The rules below say each answer plainly in terms of the facts of
the person and the case (their roles, the case's body, department, tasks, agent, applicant); the
declarations must give exactly these answers, on invented people and cases and on every person and
case of the demo county, and the query (`visible_cases`) must agree with the reading on one case."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from hypothesis import given, settings
from hypothesis import strategies as st

from onewindow.cases import relations, selectors, workflow
from onewindow.cases.choices import Action
from onewindow.cases.models import Case, CaseTask
from onewindow.demo import catalog as demo_catalog
from onewindow.demo.cases import load_demo_cases
from onewindow.org.models import Department, Division, DivisionLevel, ServiceBody, Staff
from onewindow.org.permissions import Actor, actor_of
from onewindow.org.roles import AREA_WIDE_ROLES, Role
from onewindow.org.services import set_roles
from onewindow.personal import shows_whole
from tests.people import add_staff

A, R = Action, Role
CLERK, CHIEF, REVIEWER, AGENT = R.WINDOW_CLERK, R.CHIEF_REP, R.REVIEWER, R.AGENT


@dataclass(frozen=True)
class Facts:
    """What is true of one person and one case, read straight off the rows."""

    signed_in: bool
    roles: frozenset
    staff: bool
    applicant: bool  # the case's applicant account is theirs
    carries: bool  # they are the case's agent
    received: bool  # they took it in
    same_body: bool  # they work at the body that took it in
    in_area: bool  # the case's body lies in their division or below
    department: bool  # they belong to a department
    same_department: bool  # the case's (lead) department is theirs
    task_department: bool  # one of the case's tasks is their department's

    @property
    def admin(self) -> bool:
        return R.ADMIN in self.roles

    def holds(self, *roles) -> bool:
        return bool(self.roles & set(roles))


def facts_of(actor: Actor, case: Case, tasks: list) -> Facts:
    user, staff = actor.user, actor.staff
    me = user.pk if actor.is_authenticated else None
    department = staff.department_id if staff is not None else None
    return Facts(
        signed_in=actor.is_authenticated,
        roles=actor.roles,
        staff=staff is not None,
        applicant=me is not None and case.citizen_id == me,
        carries=me is not None and case.agent_id == me,
        received=me is not None and case.received_by_id == me,
        same_body=staff is not None and staff.body_id == case.body_id,
        in_area=staff is not None and case.body.division.code.startswith(staff.body.division.prefix),
        department=department is not None,
        same_department=department is not None and case.department_id == department,
        task_department=department is not None and any(t.department_id == department for t in tasks),
    )


# --- the rules, said plainly -------------------------------------------------------------------------


def sees(f: Facts) -> bool:
    """Administrators everything; the applicant; staff what they took in; agents what they carry; window
    clerks (not chief representatives) their body's cases; reviewers and chief representatives their
    department's cases and tasks; leaders and supervisors their area."""
    if not f.signed_in:
        return False
    if f.admin or f.applicant:
        return True
    return f.staff and (
        f.received
        or (f.holds(AGENT) and f.carries)
        or (f.holds(CLERK) and f.same_body)
        or (f.holds(REVIEWER, CHIEF) and (f.same_department or f.task_department))
        or (f.holds(*AREA_WIDE_ROLES) and f.in_area)
    )


def reads_whole(f: Facts) -> bool:
    """The applicant; window clerks and chief representatives of the body; reviewers and chief
    representatives of the department or of a task. Never administrators, agents, leaders, supervisors."""
    if not f.signed_in:
        return False
    if f.applicant:
        return True
    if not f.staff or f.admin:
        return False
    return (f.holds(CLERK, CHIEF) and f.same_body) or (
        f.holds(REVIEWER, CHIEF) and (f.same_department or f.task_department)
    )


def at_window(f: Facts) -> bool:
    """Window clerks and chief representatives of the body; and the case's agent if they hold one of
    those roles too."""
    return f.holds(CLERK, CHIEF) and (f.same_body or (f.holds(AGENT) and f.carries))


def at_window_or_agent(f: Facts) -> bool:
    return (f.holds(CLERK, CHIEF) and f.same_body) or (f.holds(AGENT) and f.carries)


def in_department(f: Facts, *roles) -> bool:
    return f.holds(*(roles or (REVIEWER, CHIEF))) and f.same_department


def as_applicant(f: Facts) -> bool:
    return f.applicant


# Who may take each case action (administrators and anyone without a staff record only as applicants).
MAY = {
    A.ACCEPT: (at_window, in_department),
    A.REQUEST_SUPPLEMENT: (at_window, in_department),
    A.SUPPLEMENT: (at_window_or_agent, as_applicant),
    A.START_REVIEW: (in_department,),
    A.PAUSE: (in_department,),
    A.RESUME: (in_department,),
    A.EXTEND: (lambda f: in_department(f, CHIEF),),
    A.APPROVE: (in_department,),
    A.DENY: (in_department,),
    A.REPORT_UP: (in_department,),
    A.RETURN: (at_window, in_department),
    A.WITHDRAW: (at_window_or_agent, as_applicant),
    A.DELIVER: (at_window_or_agent, in_department),
    A.CLOSE: (at_window, in_department),
    A.SUPPLY_DEFERRED: (at_window_or_agent, in_department, as_applicant),
    A.PAY_FEE: (at_window,),
    A.WAIVE_FEE: (at_window,),
    A.RECORD_VISIT: (at_window_or_agent,),
}
ON_TASK = (A.TASK_APPROVE, A.TASK_DENY)  # reviewers and chief representatives of that task's department


def may(f: Facts, action: str) -> bool:
    if not f.signed_in:
        return False
    if f.applicant and as_applicant in MAY[action]:
        return True
    return f.staff and not f.admin and any(rule(f) for rule in MAY[action] if rule is not as_applicant)


def may_on_task(f: Facts, task_is_theirs: bool) -> bool:
    return f.staff and not f.admin and f.holds(REVIEWER, CHIEF) and f.department and task_is_theirs


def test_every_action_has_a_rule():
    assert set(MAY) | set(ON_TASK) == set(workflow.CASE.by_code)
    assert {s.code for s in workflow.CASE.specs if s.on_part} == set(ON_TASK)


def check(actor: Actor, case: Case, tasks: list) -> Facts:
    """Every reading of `actor`'s place against the rules; returns the facts."""
    f = facts_of(actor, case, tasks)
    where = (actor.user, getattr(case, "number", ""), f)
    assert selectors.may_see(actor, case, tasks) == sees(f), where
    assert shows_whole(actor, case, tasks) == reads_whole(f), where
    context = workflow.context_of(case, tasks=tasks)
    for action in MAY:
        assert workflow.CASE.may_act(actor, case, action, context) == may(f, action), (*where, action)
    for task in tasks:
        mine = f.department and task.department_id == actor.staff.department_id
        for action in ON_TASK:
            assert workflow.may_act(actor, case, action, task) == may_on_task(f, mine), (*where, action)
            assert workflow.JOINT_TASK.may_act(actor, task, action, workflow.context_of(case, task=task)) == (
                may_on_task(f, mine)
            )
    return f


# --- invented people and cases (no database) --------------------------------------------------------

ME, SOMEONE = 1, 2
COUNTY = Division(code="370982000000", level=DivisionLevel.COUNTY)
TOWN = Division(code="370982100000", level=DivisionLevel.TOWN)
ELSEWHERE = Division(code="370983000000", level=DivisionLevel.COUNTY)


def mostly(value) -> st.SearchStrategy:
    """`value` three times in four: the interesting cases are signed-in staff who are not administrators."""
    return st.sampled_from([value, value, value, not value])


@st.composite
def person_and_case(draw):
    if not draw(mostly(True)):
        actor = Actor(AnonymousUser(), None)
    else:
        user = get_user_model()(pk=ME, username="me", is_superuser=draw(mostly(False)))
        staff = None
        if draw(mostly(True)):
            body = ServiceBody(pk=10, division=draw(st.sampled_from([COUNTY, TOWN])))
            staff = Staff(pk=ME, user=user, body=body, department_id=draw(st.sampled_from([20, None])))
            roles = st.sampled_from([r for r in R if r != R.ADMIN])
            staff._roles = frozenset(draw(st.sets(roles, max_size=3))) | (
                {R.ADMIN} if not draw(mostly(True)) else set()
            )
        actor = Actor(user, staff)
    body = ServiceBody(
        pk=draw(st.sampled_from([10, 11])), division=draw(st.sampled_from([COUNTY, TOWN, ELSEWHERE]))
    )
    case = Case(
        citizen_id=draw(st.sampled_from([ME, SOMEONE, None])),
        agent_id=draw(st.sampled_from([ME, SOMEONE])),
        received_by_id=draw(st.sampled_from([ME, SOMEONE])),
        body=body,
        department_id=draw(st.sampled_from([20, 21])),
    )
    departments = draw(st.lists(st.sampled_from([20, 22]), max_size=3))
    return actor, case, [CaseTask(pk=i, department_id=d) for i, d in enumerate(departments)]


@settings(max_examples=1000, deadline=None)
@given(person_and_case())
def test_the_declarations_give_the_rules(drawn):
    check(*drawn)


def test_a_place_reads_the_tasks_only_when_a_rule_reaches_them():
    clerk = Staff(pk=ME, user=get_user_model()(pk=ME), body=ServiceBody(pk=10, division=COUNTY))
    clerk._roles = frozenset({CLERK})
    case = Case(body_id=10, department_id=21)
    read = []
    place = relations.place_of(Actor(clerk.user, clerk), case, lambda: read.append(1) or [])
    assert place.any(relations.SEES) and place.any(relations.READS_WHOLE) and not read
    assert place.tasks_read is None


def test_a_record_no_app_answers_for_is_masked():
    assert shows_whole(Actor(get_user_model()(pk=ME, is_superuser=True), None), object()) is False


# --- every person and every case of the demo county ---------------------------------------------------


@pytest.fixture
def county(demo_county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # online applicants upload their materials
    demo_catalog.load_demo_catalog()
    load_demo_cases(count=0)  # the showcase: every status, kind, channel and warning
    center = ServiceBody.objects.get(name="新泰市政务服务中心")
    town = ServiceBody.objects.get(name="东都镇便民服务中心")
    joint = Department.objects.get(pk=CaseTask.objects.values_list("department_id", flat=True).first())
    add_staff("town_supervisor", town, R.SUPERVISOR)
    add_staff("many_hats", center, R.REVIEWER, R.WINDOW_CLERK, R.AGENT, department=joint)
    add_staff("chief_clerk", center, R.CHIEF_REP, department=joint)
    add_staff("no_role", center, department=joint)
    add_staff("reviewer_without_department", center, R.REVIEWER)
    get_user_model().objects.create_superuser("root", password="pw-123456789")
    # An agent of the town who became a window clerk at the center: carries cases of another body.
    agent = Staff.objects.get(user__username="agent")
    assert Case.objects.filter(agent=agent.user).exclude(body=center).exists()
    Staff.objects.filter(pk=agent.pk).update(body=center)
    set_roles(actor=None, staff=agent, roles=(R.AGENT, R.WINDOW_CLERK))


@pytest.mark.django_db
def test_every_person_on_every_case_of_the_demo_county(county, django_assert_max_num_queries):
    cases = list(Case.objects.select_related("body__division").prefetch_related("tasks").order_by("pk"))
    people = [AnonymousUser(), *get_user_model().objects.order_by("pk")]
    assert len(cases) > 50 and len(people) > 15
    held = set()
    for user in people:
        actor = actor_of(user)
        with django_assert_max_num_queries(1):  # one query, whatever the relations
            visible = set(selectors.visible_cases(actor).values_list("pk", flat=True))
        for case in cases:
            tasks = list(case.tasks.all())
            f = check(actor, case, tasks)
            assert (case.pk in visible) == sees(f), (user, case.number)
            held |= {name for name, value in vars(f).items() if value is True}
    # The walk met every relation, so the comparison was not vacuous.
    assert held >= {
        "applicant",
        "carries",
        "received",
        "same_body",
        "in_area",
        "same_department",
        "task_department",
    }
