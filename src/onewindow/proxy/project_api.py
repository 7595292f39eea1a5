"""Key projects over HTTP: registered with their plan, listed and read with their progress live from
the cases (days ahead or behind the limit), a step's case linked, the joint pre-review recorded."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from onewindow.api_errors import may_answer
from onewindow.api_types import Id
from onewindow.errors import Invalid, NotFound
from onewindow.org.permissions import actor_of
from onewindow.workcalendar.services import current_calendar

from . import projects

router = Router(tags=["proxy"])


class PlanStepOut(Schema):
    id: int
    position: int
    name: str
    after: int | None = Field(description="前置环节的顺序号")
    target_days: int = Field(description="目标（从计时起点起的工作日）")
    planned_on: date
    begins_on: date
    finishes_on: date = Field(description="办结日；未办结时为办件期限，未递交时为计划日")
    done: bool
    case_number: str | None


class ProjectOut(Schema):
    id: int
    name: str
    company: str
    site: str
    investment: Decimal = Field(description="总投资（万元）")
    chief: str = Field(description="首席服务官")
    start_on: date
    limit_days: int
    limit_on: date | None = Field(description="时限截止日；日历未载入时为 null")
    finishes_on: date | None = Field(description="预计（或实际）全部办结日；日历未载入时为 null")
    used_days: int
    ahead_days: int | None = Field(description="比时限提前的工作日（负数为滞后）；日历未载入时为 null")
    waiting: str = Field(description="所需年份的工作日历尚未载入时的说明；否则为空")
    pre_review_on: date | None
    pre_review_note: str
    steps: list[PlanStepOut]


class PlanStepIn(Schema):
    name: str = Field(min_length=1, max_length=50)
    target_days: int = Field(ge=0, le=1000)
    item_code: str = Field("", max_length=60)
    after: int | None = Field(None, ge=1, le=projects.STEPS_MAX, description="前置环节的顺序号")


class ProjectIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    company: str = Field(min_length=1, max_length=100)
    company_code: str = Field(min_length=1, max_length=18)
    site_code: str = Field(min_length=1, max_length=12)
    investment: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    start_on: date
    limit_days: int = Field(ge=1, le=1000)
    chief: str = Field(max_length=150, description="首席服务官（代办员）的用户名")
    team: list[str] = Field([], max_length=20, description="代办团队成员的用户名")
    steps: list[PlanStepIn] = Field(min_length=1, max_length=projects.STEPS_MAX)


class CaseIn(Schema):
    case_number: str = Field(min_length=1, max_length=32)


class PreReviewIn(Schema):
    on: date
    note: str = Field(min_length=1, max_length=projects.NOTE_MAX)


def project_out(project) -> dict:
    found = projects.progress(project, current_calendar())
    chief = project.chief
    return {
        "id": project.pk,
        "name": project.name,
        "company": project.company,
        "site": project.site.name,
        "investment": project.investment,
        "chief": getattr(getattr(chief, "staff", None), "full_name", "") or chief.username,
        "start_on": project.start_on,
        "limit_days": project.limit_days,
        "limit_on": found.limit_on,
        "finishes_on": found.finishes_on,
        "used_days": found.used_days,
        "ahead_days": found.ahead_days,
        "waiting": found.waiting,
        "pre_review_on": project.pre_review_on,
        "pre_review_note": project.pre_review_note,
        "steps": [
            {
                "id": row.step.pk,
                "position": row.step.position,
                "name": row.step.name,
                "after": row.step.after.position if row.step.after_id else None,
                "target_days": row.step.target_days,
                "planned_on": row.planned_on,
                "begins_on": row.begins_on,
                "finishes_on": row.finishes_on,
                "done": row.done,
                "case_number": row.step.case.number if row.step.case_id else None,
            }
            for row in found.steps
        ],
    }


def _found(request, project_id: int):
    project = projects.visible_projects(actor_of(request.user)).filter(pk=project_id).first()
    if project is None:
        raise NotFound()
    return project


def _user(username: str, field_name: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        message = _("没有用户 %(name)s。") % {"name": username}
        raise Invalid(message, code="unknown_user", details={"fields": {field_name: message}})
    return user


@router.get("/projects", response=list[ProjectOut], summary="重点项目（在本人权限范围内）")
def listed(request):
    return [project_out(p) for p in projects.visible_projects(actor_of(request.user))[:100]]


@router.post(
    "/projects", response={201: ProjectOut}, summary="登记重点项目及其审批计划", openapi_extra=may_answer(422)
)
def register(request, payload: ProjectIn):
    new = projects.NewProject(
        name=payload.name,
        company=payload.company,
        company_code=payload.company_code,
        site_code=payload.site_code,
        investment=payload.investment,
        start_on=payload.start_on,
        limit_days=payload.limit_days,
        chief=_user(payload.chief, "chief"),
        team=[_user(name, "team") for name in payload.team],
        steps=[projects.NewStep(s.name, s.target_days, s.item_code, s.after) for s in payload.steps],
    )
    return Status(201, project_out(projects.register_project(actor=request.user, new=new)))


@router.get("/projects/{project_id}", response=ProjectOut, summary="一个重点项目及其进度")
def one(request, project_id: Id):
    return project_out(_found(request, project_id))


@router.post(
    "/projects/{project_id}/steps/{step_id}/case",
    response=ProjectOut,
    summary="关联环节的办件",
    openapi_extra=may_answer(403, 422),
)
def link_case(request, project_id: Id, step_id: Id, payload: CaseIn):
    project = _found(request, project_id)
    step = project.steps.filter(pk=step_id).first()
    if step is None:
        raise NotFound()
    projects.link_case(actor=request.user, step=step, case_number=payload.case_number)
    return project_out(_found(request, project_id))  # read again: the plan was prefetched before the change


@router.post(
    "/projects/{project_id}/pre-review",
    response=ProjectOut,
    summary="记录联合预审会",
    openapi_extra=may_answer(403, 422),
)
def pre_review(request, project_id: Id, payload: PreReviewIn):
    project = _found(request, project_id)
    projects.record_pre_review(actor=request.user, project=project, on=payload.on, note=payload.note)
    return project_out(_found(request, project_id))
