"""Which cases a person may see (DESIGN rule 7), and the lists built on that: inbox, case list, the
public tracking lookup. Every list runs a fixed number of queries whatever its length.
"""

from datetime import date

from django.db.models import F, Q, QuerySet

from onewindow.catalog.choices import CaseKind
from onewindow.errors import NotFound
from onewindow.org.permissions import Actor
from onewindow.org.roles import Role
from onewindow.prepared import Prepared
from onewindow.timelimits import reading
from onewindow.timelimits.choices import Warning, showing

from . import listing, relations
from .choices import OPEN_STATUSES
from .models import (
    OPEN_CASE,
    OPEN_TASK,
    WINDOW_WORK_CASE,
    Case,
    CaseEvent,
    CaseFee,
    CaseMaterial,
    CaseTask,
)

LIST_RELATED = ("department", "body")
PAGE_MAX = 100


def scope_of(actor: Actor) -> list[tuple[str, object]] | None:
    """Who sees which cases (DESIGN rule 7), as data: the (relation, mark) pairs of which any one puts a
    case in the actor's view (`relations.SEES`); None for every case (administrators), [] for none."""
    return relations.scope_of(actor)


def visible_cases(actor: Actor) -> QuerySet[Case]:
    """The cases of `scope_of(actor)`, as one queryset."""
    cases = Case.objects.all()
    scope = scope_of(actor)
    if scope is None:
        return cases
    if not scope:
        return cases.none()
    return cases.filter(relations.scope_query(scope))


def may_see(actor: Actor, case: Case, tasks=None) -> bool:
    """Whether `case` is among `visible_cases(actor)`, read on the fetched case from the same relations
    (its tasks are read only when the rule needs them; pass them when they are at hand)."""
    return relations.sees(relations.place_of(actor, case, tasks))


# What a case page needs beside the case itself: with `body__division` for the area check of `may_see`,
# and the certificate issued on approval (a one-to-one: a join instead of a query).
CASE_RELATED = ("item_version", "department", "body__division", "window", "bundle", "certificate")

# The lookups of a case page, compiled once (onewindow.prepared). By number without ORDER BY pk: the
# planner must take the number's unique index, not walk ids.
_CASE_BY_NUMBER = Prepared(
    lambda number: Case.objects.select_related(*CASE_RELATED).filter(number=number).order_by()[:1], str
)
_MATERIALS = Prepared(
    lambda case_id: (
        CaseMaterial.objects.select_related("certificate")
        .filter(case_id=case_id)
        .order_by("sort_order", "pk")
    ),
    int,
)
_TASKS = Prepared(
    lambda case_id: (
        CaseTask.objects.select_related("department").filter(case_id=case_id).order_by("-is_lead", "pk")
    ),
    int,
)
_FEES = Prepared(lambda case_id: CaseFee.objects.filter(case_id=case_id).order_by("pk"), int)
_EVENTS = Prepared(
    lambda case_id: (
        CaseEvent.objects.select_related("task__department").filter(case_id=case_id).order_by("at", "pk")
    ),
    int,
)


def case_for(actor: Actor, number: str) -> Case:
    """One case by number within the actor's scope; out of scope answers exactly like unknown.

    The case is fetched by its number (unique index) and its scope checked in Python (`may_see`)."""
    return _in_scope(actor, number)[0]


def _in_scope(actor: Actor, number: str) -> tuple[Case, list | None]:
    """The case, and its tasks when the scope check had to read them (else None)."""
    case = _CASE_BY_NUMBER.first(number) if actor.is_authenticated else None
    if case is None:
        raise NotFound()
    place = relations.place_of(actor, case, lambda: _tasks_of(case))  # a joint task may put it in view
    if not relations.sees(place):
        raise NotFound()
    return case, place.tasks_read


def _children(prepared: Prepared, case: Case, model) -> list:
    """The rows of a prepared per-case query, each pointing at `case` as a related manager's would."""
    rows = prepared.all(case.pk)
    field = model._meta.get_field("case")
    for row in rows:
        field.set_cached_value(row, case)
    return rows


def _tasks_of(case: Case) -> list[CaseTask]:
    """Only joint cases (bundles too) have tasks: an acceptance opens them (`AppliedFor.tasks`) for no
    other kind."""
    return _children(_TASKS, case, CaseTask) if case.kind == CaseKind.JOINT else []


def _fees_of(case: Case) -> list[CaseFee]:
    """Only a case charged something has fees: an acceptance (`services.fees._charge`) writes the lines
    (each above zero) and their sum, `fees_total`, together."""
    return _children(_FEES, case, CaseFee) if case.fees_total else []


def case_page(actor: Actor, number: str) -> tuple[Case, dict]:
    """A case within the actor's scope and everything `case_detail` gives, for the API: three to five
    queries, since the tasks and fees are read only where there can be some."""
    case, tasks = _in_scope(actor, number)
    return case, _detail(case, _tasks_of(case) if tasks is None else tasks, _fees_of(case))


def taken_in_page(actor: Actor, case: Case) -> tuple[Case, dict]:
    """`case_page` of a case this request has just taken in, from the rows the intake wrote (nothing read
    back); as `case_page` when it holds none (a replayed key, an immediate case finished on the spot)."""
    rows = getattr(case, "intake_rows", None)
    if rows is None or not may_see(actor, case, rows["tasks"]):
        return case_page(actor, case.number)
    return case, {**rows, "certificate": None}


def case_detail(case: Case, *, tasks: list | None = None) -> dict:
    """Everything the case page shows, in a fixed number of queries: four (three with `tasks` at hand),
    the certificate coming with a case from `case_for`, else one more."""
    tasks = _children(_TASKS, case, CaseTask) if tasks is None else tasks
    return _detail(case, tasks, _children(_FEES, case, CaseFee))


def _detail(case: Case, tasks: list, fees: list) -> dict:
    if Case.certificate.related.is_cached(case):
        issued = Case.certificate.related.get_cached_value(case)  # None: none issued
    else:
        issued = getattr(case, "certificate", None)  # issued on approval, if any
    return {
        "materials": _children(_MATERIALS, case, CaseMaterial),
        "tasks": tasks,
        "fees": fees,
        "events": _children(_EVENTS, case, CaseEvent),
        "certificate": issued,
    }


def _decides(actor: Actor) -> bool:
    """Whether the person works a department's desk: a reviewer or chief representative of one."""
    staff = actor.staff
    return staff is not None and bool(staff.department_id) and actor.has_role(Role.REVIEWER, Role.CHIEF_REP)


def _department_desk(department: int) -> QuerySet[Case]:
    return (
        Case.objects.filter(OPEN_CASE, department_id=department)
        .select_related(*LIST_RELATED)
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


def _task_desk(department: int) -> QuerySet[CaseTask]:
    return (
        CaseTask.objects.filter(OPEN_TASK, department_id=department, case__status__in=OPEN_STATUSES)
        .select_related("case", "department")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


_DEPARTMENT_DESK = listing.PreparedDesk(_department_desk, int)
_TASK_DESK = listing.PreparedDesk(_task_desk, int)


def department_inbox(actor: Actor) -> QuerySet[Case]:
    """A reviewer's desk: their department's open cases by `due_on` (the deadline, or for a paused case
    the day its frozen days left would run out from today; one waiting for next year's calendar last),
    the order of a partial index on open cases. The desk shows them urgent first
    (`listing.urgent_first`: red, yellow, then the rest, each part in this order)."""
    if not _decides(actor):
        return Case.objects.none()
    return _department_desk(actor.staff.department_id)


def task_inbox(actor: Actor) -> QuerySet[CaseTask]:
    """The open joint-case tasks of a reviewer's department, by `due_on` (shown urgent first)."""
    if not _decides(actor):
        return CaseTask.objects.none()
    return _task_desk(actor.staff.department_id)


def desk_pages(actor: Actor, limit: int, on: date) -> tuple[list[Case], list[CaseTask]]:
    """The first page of a reviewer's two desks, urgent first on `on`, as `listing.urgent_first` would
    give it from `department_inbox` and `task_inbox`, compiled once (`listing.PreparedDesk`): the API's
    inbox, asked for all day long."""
    if not _decides(actor):
        return [], []
    department, limit = actor.staff.department_id, max(1, min(int(limit), PAGE_MAX))
    return (
        _DEPARTMENT_DESK.first_page(department, limit=limit, on=on),
        _TASK_DESK.first_page(department, limit=limit, on=on),
    )


def window_inbox(actor: Actor) -> QuerySet[Case]:
    """A window clerk's desk at their own body (`WINDOW_WORK_CASE`: online applications to pre-review,
    supplements awaited, results to hand over, cases to close, fees to collect), oldest first (shown
    urgent first)."""
    staff = actor.staff
    if staff is None or not actor.has_role(Role.WINDOW_CLERK):
        return Case.objects.none()  # a desk of the window's work is a window clerk's, as the inbox page says
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
        .filter(OPEN_CASE & showing(Warning.RED, reading.today()))
        .select_related(*LIST_RELATED)
        .order_by("deadline", "pk")
    )


def page(queryset, *, offset: int = 0, limit: int = 50):
    """A bounded page: at most PAGE_MAX rows, never an unbounded list."""
    limit = max(1, min(int(limit), PAGE_MAX))
    offset = max(0, int(offset))
    return list(queryset[offset : offset + limit])


_PUBLIC_CASE = Prepared(
    lambda number, code: (
        Case.objects.select_related("department", "body")
        .filter(number=number, query_code=code)
        .order_by()[:1]
    ),
    str,
    str,
)


def public_case(number: str, code: str) -> Case | None:
    """A case by number and query code; the wrong code finds nothing, exactly like an unknown number."""
    if not (number.isdigit() and len(number) == 20 and code.isdigit() and len(code) == 6):
        return None
    return _PUBLIC_CASE.first(number, code)
