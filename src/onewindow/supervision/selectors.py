"""What the card board shows: the cards of the cases in one's scope, filtered, and their tally."""

from datetime import date

from django.db.models import Count, Q, QuerySet

from onewindow.org.models import Department
from onewindow.org.permissions import Actor, bodies_in_scope, require_role
from onewindow.org.roles import Role

from .choices import CardLevel
from .models import Card

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


def tally(cards: QuerySet[Card]) -> list[dict]:
    """Per department: yellow and red cards standing, and withdrawn; most red first."""
    standing = Q(withdrawn_at__isnull=True)
    rows = (
        cards.order_by()
        .values("department_id", "department__name")
        .annotate(
            yellow=Count("pk", filter=standing & Q(level=CardLevel.YELLOW)),
            red=Count("pk", filter=standing & Q(level=CardLevel.RED)),
            withdrawn=Count("pk", filter=~standing),
        )
    )
    return sorted(rows, key=lambda r: (-r["red"], -r["yellow"], r["department__name"]))


def card_by_number(actor: Actor, number: str) -> Card | None:
    return visible_cards(actor).select_related(*CARD_RELATED).filter(number=number).first()


def period_default(today: date) -> tuple[date, date]:
    """The board opens on this month."""
    return today.replace(day=1), today
