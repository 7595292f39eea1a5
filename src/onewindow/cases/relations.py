"""Where a person stands to a case, worked out in one place (`place_of`), and what is read from it, as
data: who sees a case (`SEES`, DESIGN rule 7), who reads its applicant's ID number and phone whole
(`READS_WHOLE`, rule 8) and who may take each action (the `who` of the specs in `cases/workflow.py`).
Each is a tuple of `Standing(relation, roles)`: the person stands in that relation to the case and holds
one of those roles (none named: any). Nothing else works out a relation, so the three cannot drift apart.

Each relation is also read as a query over every case, beside its reading on one fetched case, so that
`selectors.visible_cases` and `selectors.may_see` keep agreeing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from onewindow.org.models import ServiceBody
from onewindow.org.permissions import Actor
from onewindow.org.roles import AREA_WIDE_ROLES, Role
from onewindow.personal import read_whole_by
from onewindow.workflow import Standing

from .models import Case, CaseTask

APPLICANT = "applicant"  # the applicant's own account
AGENT = "agent"  # the agent (代办员) who carries the case
RECEIVED_BY = "received_by"  # the member of staff who took it in
WINDOW = "window"  # staff of the service body that took it in
DEPARTMENT = "department"  # staff of the case's (lead) department
TASK = "task"  # staff of the department of one of its joint tasks (acting on a task: of that task)
AREA = "area"  # staff whose division holds the case's body (their county and all below it)

WINDOW_ROLES = frozenset({Role.WINDOW_CLERK, Role.CHIEF_REP})
DEPARTMENT_ROLES = frozenset({Role.REVIEWER, Role.CHIEF_REP})

# Administrators see every case; they keep the system and stand in no relation but as applicants.
SEES_EVERY_CASE = frozenset({Role.ADMIN})

# Who sees a case (404 for anyone else). Chief representatives see by department, not by body. The tasks
# come last: they are the only relation that may cost a query.
SEES = (
    Standing(APPLICANT),
    Standing(RECEIVED_BY),
    Standing(AGENT, frozenset({Role.AGENT})),
    Standing(WINDOW, frozenset({Role.WINDOW_CLERK})),
    Standing(DEPARTMENT, DEPARTMENT_ROLES),
    Standing(AREA, AREA_WIDE_ROLES),
    Standing(TASK, DEPARTMENT_ROLES),
)

# Who reads the applicant's ID number and phone whole: the applicant; the window of the body that took
# the case in, which checks the person and prints the receipt; the departments that decide it. Agents,
# leaders, supervisors and administrators read them masked.
READS_WHOLE = (
    Standing(APPLICANT),
    Standing(WINDOW, WINDOW_ROLES),
    Standing(DEPARTMENT, DEPARTMENT_ROLES),
    Standing(TASK, DEPARTMENT_ROLES),
)


def _as_staff(mark: Callable) -> Callable[[Actor], object]:
    """A staff relation: none for anyone without a staff record, nor for administrators."""

    def of(actor: Actor):
        staff = actor.staff
        if staff is None or actor.is_admin or not actor.is_authenticated:
            return None
        return mark(actor, staff)

    return of


@dataclass(frozen=True)
class Relation:
    """One relation: `mark` is the actor's side of it (their user, body, department or division prefix;
    None: they cannot stand in it), `on_case` whether one fetched case meets the mark, `query` the cases
    that do."""

    mark: Callable[[Actor], object]
    on_case: Callable[["Place", object], bool]
    query: Callable[[object], Q]


RELATIONS = {
    APPLICANT: Relation(
        lambda actor: actor.user.pk if actor.is_authenticated else None,
        lambda place, user: place.case.citizen_id == user,
        lambda user: Q(citizen_id=user),
    ),
    AGENT: Relation(
        _as_staff(lambda actor, staff: actor.user.pk if Role.AGENT in actor.roles else None),
        lambda place, user: place.case.agent_id == user,
        lambda user: Q(agent_id=user),
    ),
    RECEIVED_BY: Relation(
        _as_staff(lambda actor, staff: actor.user.pk),
        lambda place, user: place.case.received_by_id == user,
        lambda user: Q(received_by_id=user),
    ),
    WINDOW: Relation(
        _as_staff(lambda actor, staff: staff.body_id),
        lambda place, body: place.case.body_id == body,
        lambda body: Q(body_id=body),
    ),
    DEPARTMENT: Relation(
        _as_staff(lambda actor, staff: staff.department_id),
        lambda place, department: place.case.department_id == department,
        lambda department: Q(department_id=department),
    ),
    TASK: Relation(
        _as_staff(lambda actor, staff: staff.department_id),
        lambda place, department: any(t.department_id == department for t in place.tasks),
        lambda department: Q(Exists(CaseTask.objects.filter(case=OuterRef("pk"), department_id=department))),
    ),
    AREA: Relation(
        _as_staff(lambda actor, staff: staff.body.division.prefix),
        lambda place, prefix: place.case.body.division.code.startswith(prefix),
        lambda prefix: Q(body__in=ServiceBody.objects.filter(division__code__startswith=prefix)),
    ),
}


class Place:
    """Where one actor stands to one case. Each relation is worked out when first asked and kept, and
    the roles are checked before it, so the case's tasks are read only if a rule reaches them."""

    def __init__(self, actor: Actor, case: Case, tasks: list | Callable[[], list] | None = None):
        self.actor, self.case = actor, case
        self.tasks_read = tasks if isinstance(tasks, list) else None  # None: not read (yet)
        self._read_tasks = tasks if callable(tasks) else lambda: list(case.tasks.all())
        self._held: dict[str, bool] = {}

    @property
    def tasks(self) -> list:
        if self.tasks_read is None:
            self.tasks_read = self._read_tasks()
        return self.tasks_read

    def __contains__(self, relation: str) -> bool:
        if relation not in self._held:
            rule = RELATIONS[relation]
            mark = rule.mark(self.actor)
            self._held[relation] = mark is not None and rule.on_case(self, mark)
        return self._held[relation]

    def stands(self, standing: Standing) -> bool:
        return _has_roles(self.actor, standing) and standing.where in self

    def any(self, standings: Iterable[Standing]) -> bool:
        return any(self.stands(standing) for standing in standings)


def place_of(actor: Actor, case: Case, tasks: list | Callable[[], list] | None = None) -> Place:
    """Where `actor` stands to `case`: the one reading of relations behind what one sees, reads whole
    and may do. `tasks` are the tasks one may stand at: the case's (given, or a function reading them,
    or None: read through `case.tasks`), or for an action on one task, that task alone."""
    return Place(actor, case, tasks)


def _has_roles(actor: Actor, standing: Standing) -> bool:
    return not standing.roles or bool(actor.roles & standing.roles)


def sees(place: Place) -> bool:
    return bool(place.actor.roles & SEES_EVERY_CASE) or place.any(SEES)


def scope_of(actor: Actor) -> list[tuple[str, object]] | None:
    """The relations by which the actor sees cases, each with the actor's mark (their user, body,
    department or area): None for every case, [] for none."""
    if actor.roles & SEES_EVERY_CASE:
        return None
    scope = []
    for standing in SEES:
        if _has_roles(actor, standing):
            mark = RELATIONS[standing.where].mark(actor)
            if mark is not None:
                scope.append((standing.where, mark))
    return scope


def scope_query(scope: list[tuple[str, object]]) -> Q:
    """The cases any one of the (relation, mark) pairs of `scope_of` holds for."""
    where = Q()
    for relation, mark in scope:
        where |= RELATIONS[relation].query(mark)
    return where


def reads_whole(actor: Actor, case: Case, tasks: list | None = None) -> bool:
    return place_of(actor, case, tasks).any(READS_WHOLE)


read_whole_by(Case, reads_whole)  # what `personal.shows_whole` answers for a case
