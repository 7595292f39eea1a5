"""Which cases a person may see (DESIGN rule 7), and the lists built on that: inbox, case list, the
public tracking lookup. Every list runs a fixed number of queries whatever its length.
"""

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from onewindow.accounts.permissions import Actor, bodies_in_scope
from onewindow.errors import NotFound
from onewindow.org.roles import AREA_WIDE_ROLES, Role
from onewindow.personal import id_digest

from .choices import OPEN_STATUSES
from .models import OPEN_CASE, OPEN_RED_CASE, OPEN_TASK, WINDOW_WORK_CASE, Case, CaseTask, Certificate

LIST_RELATED = ("department", "body")
PAGE_MAX = 100


def visible_cases(actor: Actor) -> QuerySet[Case]:
    """Clerks see their center's intake; reviewers and chief representatives their department's cases
    and tasks; agents the cases they carry; leaders, supervisors and administrators their area; a
    signed-in applicant their own."""
    cases = Case.objects.all()
    if not actor.is_authenticated:
        return cases.none()
    user = actor.user
    if actor.is_admin:
        return cases
    scope = Q(citizen=user)
    staff = actor.staff
    if staff is not None:
        scope |= Q(received_by=user)  # what one took in oneself stays in view, whoever decides it
        if actor.has_role(*AREA_WIDE_ROLES):
            scope |= Q(body__in=bodies_in_scope(actor))
        if actor.has_role(Role.WINDOW_CLERK):
            scope |= Q(body_id=staff.body_id)
        if actor.has_role(Role.REVIEWER, Role.CHIEF_REP) and staff.department_id:
            task_of_mine = CaseTask.objects.filter(case=OuterRef("pk"), department_id=staff.department_id)
            scope |= Q(department_id=staff.department_id) | Q(Exists(task_of_mine))
        if actor.has_role(Role.AGENT):
            scope |= Q(agent=user) | Q(received_by=user)
    return cases.filter(scope)


def case_for(actor: Actor, number: str) -> Case:
    """One case by number within the actor's scope; out of scope answers exactly like unknown."""
    found = list(
        visible_cases(actor)
        .select_related("item_version", "department", "body", "window", "bundle", "received_by", "agent")
        .filter(number=number)
        .order_by()[:1]  # no ORDER BY pk: the planner must take the number's unique index, not walk ids
    )
    if not found:
        raise NotFound()
    return found[0]


def case_detail(case: Case) -> dict:
    """Everything the case page shows, in a fixed number of queries."""
    return {
        "materials": list(case.materials.select_related("certificate").order_by("sort_order", "pk")),
        "tasks": list(case.tasks.select_related("department").order_by("-is_lead", "pk")),
        "fees": list(case.fees.order_by("pk")),
        "events": list(case.events.select_related("task__department").order_by("at", "pk")),
        "certificate": Certificate.objects.filter(case=case).first(),  # issued on approval, if any
    }


def department_inbox(actor: Actor) -> QuerySet[Case]:
    """A reviewer's desk: their department's open cases, fewest working days left first: by `due_on`, the
    deadline, or for a paused case the day its frozen days left would run out from today (one waiting
    for next year's calendar sorts last). Served in order by a partial index on open cases."""
    staff = actor.staff
    if staff is None or not staff.department_id:
        return Case.objects.none()
    return (
        Case.objects.filter(OPEN_CASE, department_id=staff.department_id)
        .select_related(*LIST_RELATED)
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


def task_inbox(actor: Actor) -> QuerySet[CaseTask]:
    """The open joint-case tasks of a reviewer's department, fewest working days left first."""
    staff = actor.staff
    if staff is None or not staff.department_id:
        return CaseTask.objects.none()
    return (
        CaseTask.objects.filter(OPEN_TASK, department_id=staff.department_id, case__status__in=OPEN_STATUSES)
        .select_related("case", "department")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


def window_inbox(actor: Actor) -> QuerySet[Case]:
    """A window clerk's desk at their own body (`WINDOW_WORK_CASE`: online applications to pre-review,
    supplements awaited, results to hand over, cases to close, fees to collect), oldest first."""
    staff = actor.staff
    if staff is None:
        return Case.objects.none()
    mine = Q(body_id=staff.body_id)
    if actor.has_role(Role.AGENT):
        mine |= Q(agent=actor.user)
    return (
        Case.objects.filter(mine)
        .filter(WINDOW_WORK_CASE)
        .select_related(*LIST_RELATED)
        .order_by("submitted_at", "pk")
    )


def overdue(actor: Actor) -> QuerySet[Case]:
    return (
        visible_cases(actor)
        .filter(OPEN_RED_CASE)  # in deadline order from its partial index
        .select_related(*LIST_RELATED)
        .order_by("deadline", "pk")
    )


def matching(cases: QuerySet[Case], q: str) -> QuerySet[Case]:
    """Narrow by what a person typed: an 18-character ID number or credit code (exact, through its
    keyed digest), or a case number (whole or its beginning)."""
    q = "".join((q or "").split())
    if not q:
        return cases
    if len(q) == 18:
        return cases.filter(applicant_id_digest=id_digest(q))
    return cases.filter(number__startswith=q) if q.isdigit() else cases.none()


def page(queryset, *, offset: int = 0, limit: int = 50):
    """A bounded page: at most PAGE_MAX rows, never an unbounded list."""
    limit = max(1, min(int(limit), PAGE_MAX))
    offset = max(0, int(offset))
    return list(queryset[offset : offset + limit])


def public_case(number: str, code: str) -> Case | None:
    """A case by number and query code; the wrong code finds nothing, exactly like an unknown number."""
    if not (number.isdigit() and len(number) == 20 and code.isdigit() and len(code) == 6):
        return None
    found = Case.objects.select_related("department", "body").filter(number=number, query_code=code)
    return next(iter(found.order_by()[:1]), None)


def sees_personal_data(actor: Actor, case: Case, tasks=None) -> bool:
    """Whether this person needs the whole ID number and phone of this case's applicant (rule 8):
    the applicant, the clerks of the body that took it in, and the reviewers who decide it. Lists and
    everyone else get masked values."""
    if not actor.is_authenticated:
        return False
    if case.citizen_id is not None and case.citizen_id == actor.user.pk:
        return True
    staff = actor.staff
    if staff is None or actor.is_admin:
        return False
    if actor.has_role(Role.WINDOW_CLERK, Role.CHIEF_REP) and staff.body_id == case.body_id:
        return True
    if actor.has_role(Role.REVIEWER, Role.CHIEF_REP) and staff.department_id:
        if staff.department_id == case.department_id:
            return True
        tasks = list(case.tasks.all()) if tasks is None else tasks
        return any(t.department_id == staff.department_id for t in tasks)
    return False
