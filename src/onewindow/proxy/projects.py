"""Key projects (重点项目全程代办): registered with their approval plan, each step's case linked once
filed, the joint pre-review meeting recorded; and their progress read live from the cases: each step's
finish (the case's decision day, else its deadline while it runs, else the plan's target), the
project's projected finish, and how many working days it is ahead of (or behind) its limit. The seed's
example: a construction permit 33 working days after the land procedures, 12 ahead of 45."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.cases.models import Case
from onewindow.catalog.selectors import live_item_by_code
from onewindow.core.identity import InvalidIdentity, credit_code
from onewindow.core.workdays import CalendarNotLoaded, WorkCalendar
from onewindow.errors import Forbidden, Invalid
from onewindow.org.models import Division
from onewindow.org.permissions import Actor, actor_of, bodies_in_scope
from onewindow.org.roles import AREA_WIDE_ROLES, Role
from onewindow.personal import id_digest
from onewindow.timelimits import reading

from .models import KeyProject, PlanStep

NOTE_MAX = 500
STEPS_MAX = 30


# A project's plan with each step's case, fetched for a whole list at once.
PLAN = Prefetch("steps", queryset=PlanStep.objects.select_related("case", "after").order_by("position"))


def _plan_of(project: KeyProject):
    """Its steps in order, with their cases: prefetched for a list (`visible_projects`), else read now."""
    if "steps" in getattr(project, "_prefetched_objects_cache", {}):
        return project.steps.all()
    return project.steps.select_related("case", "after").order_by("position")


def visible_projects(actor: Actor) -> QuerySet[KeyProject]:
    """Administrators all; supervisors and leaders their area's; the chief and the team their own;
    window clerks and chief representatives their body's."""
    rows = KeyProject.objects.select_related("chief__staff", "body", "site").prefetch_related(PLAN)
    if not actor.is_authenticated or (actor.staff is None and not actor.is_admin):
        return rows.none()
    if actor.is_admin or actor.has_role(*AREA_WIDE_ROLES):
        return rows.filter(body__in=bodies_in_scope(actor))
    mine = Q(chief=actor.user) | Q(team=actor.user)
    if actor.has_role(Role.WINDOW_CLERK, Role.CHIEF_REP):
        mine |= Q(body_id=actor.staff.body_id)
    return rows.filter(mine).distinct()


def carries(actor: Actor, project: KeyProject) -> bool:
    """Who keeps the project's plan: its chief and team, and the supervisors of its area."""
    if actor.user.pk == project.chief_id or project.team.filter(pk=actor.user.pk).exists():
        return True
    return actor.has_role(Role.SUPERVISOR) and bodies_in_scope(actor).filter(pk=project.body_id).exists()


# --- progress, live from the cases --------------------------------------------------------------------


@dataclass(frozen=True)
class StepProgress:
    step: PlanStep
    planned_on: date  # the plan's target day
    begins_on: date  # the day it may start: its predecessor's finish, or the project's start
    finishes_on: date  # decided on, else projected (the running case's deadline), else planned
    done: bool
    offset: int  # working days from the project's start to `begins_on`
    span: int  # working days from `begins_on` to `finishes_on`


@dataclass(frozen=True)
class Progress:
    limit_on: date | None  # the project's start plus its limit
    finishes_on: date | None  # the projected finish: the last step's
    used_days: int  # working days from the start to the projected finish
    ahead_days: int | None  # working days before the limit (negative: behind)
    steps: list[StepProgress] = field(default_factory=list)
    waiting: str = ""  # the calendar a figure needs is not loaded yet: what the page shows instead
    plan: list[PlanStep] = field(default_factory=list)  # the steps, when their figures wait

    @property
    def behind_days(self) -> int:
        return max(0, -(self.ahead_days or 0))

    @property
    def scale(self) -> int:
        """The Gantt chart's width in working days: the limit or the projected finish, the later."""
        return max(self.used_days, self.steps[0].step.project.limit_days if self.steps else 0, 1)


def _finish(step: PlanStep, planned: date, case: Case | None) -> tuple[date, bool]:
    if case is not None and case.finished_on is not None:
        return case.finished_on, True
    if case is not None and case.deadline is not None:
        return case.deadline, False
    return planned, False


def progress(project: KeyProject, calendar: WorkCalendar) -> Progress:
    """The project's progress; while a year it reaches has no calendar loaded yet, none is given (never
    a wrong one): `waiting` says so."""
    try:
        return _progress(project, calendar)
    except CalendarNotLoaded:
        steps = list(_plan_of(project))
        return Progress(None, None, 0, None, [], waiting=reading.waiting_short(), plan=steps)


def _progress(project: KeyProject, calendar: WorkCalendar) -> Progress:
    start = project.start_on
    steps = list(_plan_of(project))
    finishes: dict[int, date] = {}
    rows = []
    for step in steps:
        planned = calendar.add_workdays(start, step.target_days)
        finishes_on, done = _finish(step, planned, step.case)
        begins_on = finishes.get(step.after_id, start) if step.after_id else start
        finishes[step.pk] = finishes_on
        rows.append(
            StepProgress(
                step=step,
                planned_on=planned,
                begins_on=begins_on,
                finishes_on=finishes_on,
                done=done,
                offset=calendar.workdays_between(start, begins_on) if begins_on > start else 0,
                span=calendar.workdays_between(begins_on, finishes_on) if finishes_on > begins_on else 0,
            )
        )
    limit_on = calendar.add_workdays(start, project.limit_days)
    finishes_on = max((r.finishes_on for r in rows), default=start)
    used = calendar.workdays_between(start, finishes_on) if finishes_on > start else 0
    if finishes_on <= limit_on:
        ahead = calendar.workdays_between(finishes_on, limit_on) if finishes_on < limit_on else 0
    else:
        ahead = -calendar.workdays_between(limit_on, finishes_on)
    return Progress(limit_on=limit_on, finishes_on=finishes_on, used_days=used, ahead_days=ahead, steps=rows)


# --- changes --------------------------------------------------------------------------------------


@dataclass
class NewStep:
    name: str
    target_days: int
    item_code: str = ""
    after: int | None = None  # the position of the step it waits for


@dataclass
class NewProject:
    name: str
    company: str
    company_code: str
    site_code: str
    investment: Decimal
    start_on: date
    limit_days: int
    chief: object  # a user with the agent role
    team: list = field(default_factory=list)
    steps: list[NewStep] = field(default_factory=list)


def _refuse(field_name: str, message: str, code: str):
    raise Invalid(message, code=code, details={"fields": {field_name: message}})


def _checked(new: NewProject):
    name, company = (new.name or "").strip(), (new.company or "").strip()
    if not name or len(name) > 100:
        _refuse("name", _("请填写项目名称（100 字以内）。"), "name_required")
    if not company or len(company) > 100:
        _refuse("company", _("请填写建设单位（100 字以内）。"), "company_required")
    try:
        code = credit_code(new.company_code)
    except InvalidIdentity:
        _refuse("company_code", _("统一社会信用代码校验位不正确，请核对。"), "bad_credit_code")
    site = Division.objects.filter(code=(new.site_code or "").strip()).first()
    if site is None:
        _refuse("site_code", _("没有区划代码 %(code)s。") % {"code": new.site_code}, "unknown_division")
    if not 1 <= new.limit_days <= 1000:
        _refuse("limit_days", _("审批时限须为 1 至 1000 个工作日。"), "bad_limit")
    if not new.steps or len(new.steps) > STEPS_MAX:
        _refuse("steps", _("审批计划须有 1 至 %(n)s 个环节。") % {"n": STEPS_MAX}, "bad_steps")
    for index, step in enumerate(new.steps, start=1):
        if not (step.name or "").strip() or not 0 <= step.target_days <= 1000:
            _refuse("steps", _("第 %(n)s 个环节的名称或目标工作日无效。") % {"n": index}, "bad_step")
        if step.after is not None and not 1 <= step.after < index:
            _refuse("steps", _("第 %(n)s 个环节只能排在它之前的环节之后。") % {"n": index}, "bad_order")
        if step.item_code and live_item_by_code(step.item_code) is None:
            _refuse("steps", _("没有现行事项 %(code)s。") % {"code": step.item_code}, "unknown_item")
    return name, company, code, site


def register_project(*, actor, new: NewProject) -> KeyProject:
    """A supervisor of the area, or an agent who becomes its chief, registers a key project and its plan."""
    who = actor_of(actor)
    if who.staff is None or not who.has_role(Role.SUPERVISOR, Role.AGENT):
        raise Forbidden(_("只有督办人员和代办员可以登记重点项目。"))
    name, company, code, site = _checked(new)
    chief = actor_of(new.chief)
    if chief.staff is None or not chief.has_role(Role.AGENT):
        _refuse("chief", _("首席服务官须是代办员。"), "chief_not_agent")
    with transaction.atomic():
        project = KeyProject.objects.create(
            name=name,
            company=company,
            company_code=code,
            site=site,
            investment=new.investment,
            body=who.staff.body,
            chief=new.chief,
            start_on=new.start_on,
            limit_days=new.limit_days,
        )
        project.team.set(new.team)
        made: list[PlanStep] = []
        for position, step in enumerate(new.steps, start=1):
            version = live_item_by_code(step.item_code) if step.item_code else None
            made.append(
                PlanStep.objects.create(
                    project=project,
                    position=position,
                    name=step.name.strip()[:50],
                    item_id=version.item_id if version else None,
                    after=made[step.after - 1] if step.after else None,
                    target_days=step.target_days,
                )
            )
        audit.record(
            actor=actor,
            action="proxy.project.register",
            obj=project,
            after={"name": name, "company_code": code, "limit_days": new.limit_days, "steps": len(made)},
        )
    return project


def link_case(*, actor, step: PlanStep, case_number: str) -> PlanStep:
    """The case that carries a step: one of the company's own (by its credit code)."""
    project = step.project
    if not carries(actor_of(actor), project):
        raise Forbidden()
    area = project.body.division.code[:6]
    case = Case.objects.filter(
        number=(case_number or "").strip(), body__division__code__startswith=area
    ).first()
    if case is None or case.applicant_id_digest != id_digest(project.company_code):
        _refuse("case_number", _("没有建设单位的这件办件。"), "case_not_the_company")
    with transaction.atomic():
        step.case = case
        step.save(update_fields=["case"])
        audit.record(
            actor=actor,
            action="proxy.project.link_case",
            obj=project,
            after={"step": step.pk, "case": case.number},
        )
    return step


def record_pre_review(*, actor, project: KeyProject, on: date, note: str) -> KeyProject:
    """The joint pre-review meeting (联合预审): when, and who attended with what they said."""
    if not carries(actor_of(actor), project):
        raise Forbidden()
    note = (note or "").strip()
    if not note or len(note) > NOTE_MAX:
        _refuse("note", _("请填写联合预审意见（%(n)s 字以内）。") % {"n": NOTE_MAX}, "note_required")
    with transaction.atomic():
        project.pre_review_on, project.pre_review_note = on, note
        project.save(update_fields=["pre_review_on", "pre_review_note"])
        audit.record(
            actor=actor, action="proxy.project.pre_review", obj=project, after={"on": str(on), "note": note}
        )
    return project
