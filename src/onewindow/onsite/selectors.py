"""Who sees which office days and issues (DESIGN rule 7: scope in selectors).

The **office** (supervisors of the area, who run the office days for the centre, and administrators)
sees and keeps everything of its area; **leaders** see every session and issue of their area and take
the steps of their own sessions; a **unit** (a department's staff) sees the sessions that invited it or
gave it a decision, and the decisions it must carry out; a **submitter** sees their own issues (by
portal account, or by number and query code). Everyone else sees the public schedule only."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from onewindow.org.models import Division
from onewindow.org.permissions import Actor, bodies_in_scope
from onewindow.org.roles import Role

from .models import Decision, Leader, OfficeDay, Topic

OFFICE_ROLES = (Role.SUPERVISOR,)


def in_office(actor: Actor, body_id: int) -> bool:
    """May keep the office days of this centre: a supervisor of its area, or an administrator (the area read
    once per request: `Actor.body_ids_in_scope`)."""
    if actor.is_admin:
        return True
    return actor.has_role(*OFFICE_ROLES) and body_id in actor.body_ids_in_scope


def office_bodies(actor: Actor):
    if actor.is_admin or (actor.staff is not None and actor.has_role(*OFFICE_ROLES)):
        return bodies_in_scope(actor)
    return bodies_in_scope(actor).none()


def is_leader_of(actor: Actor, session: OfficeDay) -> bool:
    return actor.staff is not None and session.leader.staff_id == actor.staff.pk


def area_wide(actor: Actor) -> bool:
    return actor.is_admin or (actor.staff is not None and actor.has_role(Role.SUPERVISOR, Role.LEADER))


def _reach(actor: Actor):
    """(the centres the actor reads everything of, the department whose concerns a unit's staff read);
    both None: nothing."""
    if not actor.is_authenticated or (actor.staff is None and not actor.is_admin):
        return None, None
    if area_wide(actor):
        return bodies_in_scope(actor), None
    return None, actor.staff.department_id


def visible_sessions(actor: Actor) -> QuerySet[OfficeDay]:
    rows = OfficeDay.objects.select_related("leader__staff", "body")
    reach, department = _reach(actor)
    if reach is not None:
        return rows.filter(body__in=reach)
    if department is None:
        return rows.none()
    return rows.filter(
        Q(invited=department) | Q(Exists(Decision.objects.filter(session=OuterRef("pk"), unit_id=department)))
    ).distinct()


def session_of(actor: Actor, pk: int) -> OfficeDay | None:
    return visible_sessions(actor).filter(pk=pk).first()


def visible_topics(actor: Actor) -> QuerySet[Topic]:
    """Issues for staff: the area's for the office and leaders; a unit's, those it got a decision on or
    whose session invited it (it reads their materials beforehand).
    (Submitters read theirs through `own_topics` and the query code.)"""
    rows = Topic.objects.select_related(
        "session__leader__staff", "body", "town", "case", "project", "merged_into"
    )
    reach, department = _reach(actor)
    if reach is not None:
        return rows.filter(body__in=reach)
    if department is None:
        return rows.none()
    return rows.filter(
        Q(Exists(Decision.objects.filter(topic=OuterRef("pk"), unit_id=department)))
        | Q(
            Exists(
                OfficeDay.invited.through.objects.filter(
                    officeday_id=OuterRef("session_id"), department_id=department
                )
            )
        )
    )


def topic_of(actor: Actor, number: str) -> Topic | None:
    return visible_topics(actor).filter(number=number).first()


def own_topics(user) -> QuerySet[Topic]:
    citizen = getattr(user, "citizen", None)
    if citizen is None:
        return Topic.objects.none()
    return Topic.objects.filter(citizen=citizen).select_related("session__leader__staff")


def topic_by_code(number: str, query_code: str) -> Topic | None:
    number, query_code = (number or "").strip(), (query_code or "").strip()
    if not number or not query_code:
        return None
    return Topic.objects.filter(number=number, query_code=query_code).select_related("session").first()


def leaders_of(actor: Actor) -> QuerySet[Leader]:
    rows = Leader.objects.select_related("staff__body").filter(is_active=True)
    if actor.is_admin:
        return rows
    return rows.filter(staff__body__in=bodies_in_scope(actor))


def decisions_of(session: OfficeDay) -> list[Decision]:
    return list(session.decisions.select_related("topic", "unit", "matter", "expedite_case").order_by("pk"))


def public_schedule(body_ids, first, last) -> QuerySet[OfficeDay]:
    """Who sits when (the public schedule): the scheduled and held days of these centres."""
    return (
        OfficeDay.objects.filter(body_id__in=body_ids, day__range=(first, last))
        .exclude(status="cancelled")
        .select_related("leader__staff")
        .order_by("day")
    )


def towns_of(body) -> QuerySet[Division]:
    """The towns of a centre's area, for an issue's place."""
    return Division.objects.filter(code__startswith=body.division.prefix, level="town").order_by("code")


def unit_reading(actor: Actor, session: OfficeDay) -> int | None:
    """The department whose decisions alone a unit's staff read on a session (None: they read all: the
    office, leaders, administrators)."""
    if area_wide(actor) or is_leader_of(actor, session):
        return None
    department = actor.staff.department_id if actor.staff is not None else None
    return department if department is not None else -1  # no department: none


def decisions_for(actor: Actor, session: OfficeDay) -> list[Decision]:
    """The session's decisions as this reader may see them: a unit its own only."""
    unit = unit_reading(actor, session)
    return [d for d in decisions_of(session) if unit is None or d.unit_id == unit]


def reads_minutes(actor: Actor, session: OfficeDay) -> bool:
    """The minutes' text: the office and leaders at every stage, a unit once they are issued."""
    found = getattr(session, "minutes", None)
    if found is None or not found.text:
        return False
    return unit_reading(actor, session) is None or found.status == "issued"


def own_part(actor: Actor, decisions) -> list[Decision]:
    """Of an issue's decisions, those this reader may see: all for the office and leaders (and the leader
    who sat), a unit's own for a unit."""
    return [d for d in decisions if unit_reading(actor, d.session) in (None, d.unit_id)]
