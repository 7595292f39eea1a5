"""What the supervision pages show: the cards of the cases in one's scope, filtered, and their tally; the
matters one sees (`matter_flow.visible_matters`), filtered and ordered for an inbox."""

from collections.abc import Callable
from datetime import date

from django.db.models import Q, QuerySet

from onewindow.org.models import Department, ServiceBody
from onewindow.org.permissions import Actor, bodies_in_scope, require_role
from onewindow.org.roles import Role

from . import tally
from .choices import AWAITING_FEEDBACK, OPEN_MATTER_STATUSES
from .matter_flow import OFFICE_ROLES, visible_matters
from .models import Card, Matter, MemberUnit

WATCHERS = (Role.SUPERVISOR, Role.LEADER)  # who reads the cards (administrators too)
CARD_RELATED = ("rule", "department", "person__staff", "case", "withdrawn_by__staff")


def visible_cards(actor: Actor) -> QuerySet[Card]:
    """The cards of the cases of the actor's area (their body's division and below; administrators all):
    supervisors, leaders and administrators read cards, by area, not by who applied or received."""
    require_role(actor, *WATCHERS)
    if actor.is_admin:
        return Card.objects.all()
    return Card.objects.filter(case__body__in=bodies_in_scope(actor))


def departments_in_scope(actor: Actor) -> QuerySet[Department]:
    departments = Department.objects.order_by("name")
    return departments if actor.is_admin else departments.filter(body__in=bodies_in_scope(actor))


def narrowed(cards: QuerySet[Card], wanted: dict) -> QuerySet[Card]:
    """The cards of a department, level, rule, period (raised from/to) and state (open, withdrawn)."""
    if department := wanted.get("department"):
        cards = cards.filter(department=department)
    if level := wanted.get("level"):
        cards = cards.filter(level=level)
    if rule := wanted.get("rule"):
        cards = cards.filter(rule=rule)
    if first := wanted.get("raised_from"):
        cards = cards.filter(raised_on__gte=first)
    if last := wanted.get("raised_to"):
        cards = cards.filter(raised_on__lte=last)
    state = wanted.get("state")
    if state == "open":
        cards = cards.filter(withdrawn_at__isnull=True)
    elif state == "withdrawn":
        cards = cards.filter(withdrawn_at__isnull=False)
    return cards


def board_tally(actor: Actor, wanted: dict) -> list[dict]:
    """The board's tally per department for the filters (`tally`'s counts, in the actor's area)."""
    require_role(actor, *WATCHERS)
    rows = tally.counts(None if actor.is_admin else bodies_in_scope(actor), wanted)
    return tally.per_department(rows, wanted.get("state") or "")


def card_by_number(actor: Actor, number: str) -> Card | None:
    return visible_cards(actor).select_related(*CARD_RELATED).filter(number=number).first()


def period_default(today: date) -> tuple[date, date]:
    """The board opens on this month."""
    return today.replace(day=1), today


# Matters.

MATTER_RELATED = ("lead_unit", "body")
MATTER_ORDER = ("due_on", "feedback_due", "pk")  # the inbox: the nearest deadline first


def narrowed_matters(matters: QuerySet[Matter], wanted: dict, on: date) -> QuerySet[Matter]:
    """The matters of a status ("open": any but closed), source, urgency, lead unit, or whose feedback
    is late on `on`; a word searches number and title."""
    status = wanted.get("status")
    if status == "open":
        matters = matters.filter(status__in=OPEN_MATTER_STATUSES)
    elif status:
        matters = matters.filter(status=status)
    for name in ("source", "urgency"):
        if value := wanted.get(name):
            matters = matters.filter(**{name: value})
    if unit := wanted.get("unit"):
        matters = matters.filter(lead_unit=unit)
    if wanted.get("late"):
        matters = matters.filter(status__in=AWAITING_FEEDBACK, feedback_due__lt=on)
    if word := (wanted.get("q") or "").strip():
        matters = matters.filter(Q(number=word) | Q(title__contains=word))
    return matters


def matter_by_number(actor: Actor, number: str) -> Matter | None:
    return visible_matters(actor).select_related(*MATTER_RELATED).filter(number=number).first()


def reads_requester_whole(actor: Actor, matter: Matter) -> bool:
    """The office and the lead unit call the requester back; everyone else reads the phone masked."""
    return requester_reader(actor)(matter)


def requester_reader(actor: Actor) -> Callable[[Matter], bool]:
    """`reads_requester_whole` for a page of matters: the actor's area and units are read once, not
    per row (`in_office` and `in_unit`, answered from sets)."""
    if actor.is_admin:
        return lambda matter: True
    office = (
        set(bodies_in_scope(actor).values_list("pk", flat=True)) if actor.has_role(*OFFICE_ROLES) else set()
    )
    units = set(MemberUnit.objects.filter(contact_id=actor.user.pk).values_list("department_id", flat=True))
    if actor.staff is not None and actor.staff.department_id is not None:
        units.add(actor.staff.department_id)
    return lambda matter: matter.body_id in office or matter.lead_unit_id in units


def top_centre() -> ServiceBody | None:
    """The county's own centre (the one without a parent): where public complaints are registered and
    what an administrator without a staff record counts for."""
    return (
        ServiceBody.objects.filter(parent__isnull=True, is_active=True)
        .select_related("division")
        .order_by("pk")
        .first()
    )


def units_of(body: ServiceBody) -> QuerySet[Department]:
    """The member units of a centre's area: every department of the centres in its division and below."""
    return Department.objects.filter(body__division__code__startswith=body.division.prefix)


def units_to_assign(actor: Actor) -> QuerySet[Department]:
    return departments_in_scope(actor).filter(is_active=True)
