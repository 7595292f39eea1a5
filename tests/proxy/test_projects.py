"""Key projects: the seed's example (a construction permit 33 working days after the land procedures, 12
working days ahead of a 45-working-day limit) read live from the company's cases; a step still running
projects its case's deadline; a plan refuses what cannot be; and who may see and keep a project."""

from datetime import date
from decimal import Decimal

import pytest

from onewindow.cases.models import Case
from onewindow.errors import Forbidden, Invalid
from onewindow.org.permissions import actor_of
from onewindow.proxy import projects
from onewindow.workcalendar.services import current_calendar
from tests.cases.conftest import FIRM_CODE, ActionInput, act, api, firm, intake

from .test_entrustments import SETUP, user

LAND_DONE = date(2025, 9, 1)  # the land procedures completed: the clock's start


def steel_project(**changes):
    new = projects.NewProject(
        name="钢铁公司技改项目",
        company="新泰钢铁有限公司",
        company_code=FIRM_CODE,
        site_code="370982100000",
        investment=Decimal("52000"),
        start_on=LAND_DONE,
        limit_days=45,
        chief=user("agent_city"),
        team=[user("agent")],
        steps=[
            projects.NewStep("规划许可", 15),
            projects.NewStep("施工许可", 35, item_code="", after=1),
        ],
    )
    for name, value in changes.items():
        setattr(new, name, value)
    return projects.register_project(actor=user("supervisor"), new=new)


def decided_on(day, today):
    """A case of the company, taken in on the start day and approved on `day`."""
    today.set(LAND_DONE)
    case = intake("clerk", SETUP, applicant=firm())
    today.set(day)
    case = Case.objects.get(pk=case.pk)
    act(user("reviewer"), case, "approve", ActionInput(version=case.version, late_explanation="联合审批"))
    return Case.objects.get(pk=case.pk)


def test_the_seed_example_is_twelve_working_days_ahead_of_forty_five(catalog, today):
    calendar = current_calendar()
    project = steel_project()
    planning, permit = project.steps.order_by("position")
    projects.link_case(
        actor=user("agent_city"),
        step=planning,
        case_number=decided_on(calendar.add_workdays(LAND_DONE, 14), today).number,
    )
    permit_case = decided_on(calendar.add_workdays(LAND_DONE, 33), today)
    projects.link_case(actor=user("agent_city"), step=permit, case_number=permit_case.number)
    found = projects.progress(project, calendar)
    assert permit_case.finished_on == calendar.add_workdays(LAND_DONE, 33)
    assert found.used_days == 33 and found.ahead_days == 12
    assert found.limit_on == calendar.add_workdays(LAND_DONE, 45)
    assert [s.done for s in found.steps] == [True, True]
    assert found.steps[1].begins_on == found.steps[0].finishes_on  # the permit waited for the planning


def test_a_running_step_projects_its_deadline_and_an_unfiled_one_its_target(catalog, today):
    calendar = current_calendar()
    project = steel_project()
    found = projects.progress(project, calendar)
    assert found.finishes_on == calendar.add_workdays(LAND_DONE, 35) and found.ahead_days == 10
    today.set(LAND_DONE)
    running = intake("clerk", SETUP, applicant=firm())
    permit = project.steps.get(position=2)
    projects.link_case(actor=user("agent"), step=permit, case_number=running.number)  # the team's agent
    found = projects.progress(project, calendar)
    assert found.steps[1].finishes_on == Case.objects.get(pk=running.pk).deadline
    assert not found.steps[1].done


def test_a_plan_that_cannot_be_is_refused_and_only_its_people_keep_it(catalog, today):
    with pytest.raises(Invalid) as order:
        steel_project(steps=[projects.NewStep("施工许可", 35, after=2), projects.NewStep("规划许可", 15)])
    assert order.value.code == "bad_order"
    with pytest.raises(Invalid) as code:
        steel_project(company_code="91370982MA3C0Q8X1D")
    assert code.value.code == "bad_credit_code"
    with pytest.raises(Invalid) as chief:
        steel_project(chief=user("clerk"))
    assert chief.value.code == "chief_not_agent"
    project = steel_project()
    other = intake("clerk", SETUP)  # a person's case, not the company's
    with pytest.raises(Invalid):
        projects.link_case(actor=user("agent_city"), step=project.steps.first(), case_number=other.number)
    with pytest.raises(Forbidden):
        projects.record_pre_review(actor=user("agent_village"), project=project, on=LAND_DONE, note="x")
    projects.record_pre_review(
        actor=user("agent_city"), project=project, on=LAND_DONE, note="住建、自然资源、消防联合预审"
    )
    assert list(projects.visible_projects(actor_of(user("agent_village")))) == []
    assert list(projects.visible_projects(actor_of(user("leader")))) == [project]
    assert list(projects.visible_projects(actor_of(user("agent")))) == [project]  # in the team


def test_the_pages_register_a_project_and_show_its_gantt_chart(catalog, today, login):
    supervisor = login("supervisor")
    form = {
        "name": "钢铁公司技改项目",
        "company": "新泰钢铁有限公司",
        "company_code": FIRM_CODE,
        "site_code": "370982100000",
        "investment": "52000",
        "start_on": "2025-09-01",
        "limit_days": "45",
        "chief": "agent_city",
        "step_1_name": "规划许可",
        "step_1_days": "15",
        "step_2_name": "施工许可",
        "step_2_days": "35",
        "step_2_after": "1",
    }
    assert supervisor.get("/proxy/projects/new/").status_code == 200
    made = supervisor.post("/proxy/projects/new/", form)
    assert made.status_code == 302, made.content.decode()[:2000]
    page = supervisor.get(made.url).content.decode()
    assert 'data-days="10"' in page and 'data-testid="gantt"' in page and "施工许可" in page
    assert 'data-testid="link-case-1"' in page
    assert "钢铁公司技改项目" in login("agent_city").get("/proxy/projects/").content.decode()
    assert login("agent_village").get(made.url).status_code == 404
    assert login("clerk").get("/proxy/projects/new/").status_code == 403
    wrong = supervisor.post("/proxy/projects/new/", {**form, "step_1_after": "2"})
    assert wrong.status_code == 422
    answer = api("leader").get("/api/v1/proxy/projects").json()
    assert answer[0]["ahead_days"] == 10 and answer[0]["steps"][1]["after"] == 1


def test_a_project_reaching_a_year_without_its_calendar_says_so_rather_than_guess(catalog, today, login):
    project = steel_project(start_on=date(2026, 12, 1))  # 45 working days reach into 2027, not loaded
    found = projects.progress(project, current_calendar())
    assert found.ahead_days is None and found.limit_on is None and "2027" in found.waiting
    assert [s.name for s in found.plan] == ["规划许可", "施工许可"]
    assert 'data-testid="waiting"' in login("leader").get(f"/proxy/projects/{project.pk}/").content.decode()
    answer = api("leader").get(f"/api/v1/proxy/projects/{project.pk}").json()
    assert answer["ahead_days"] is None and answer["waiting"]
