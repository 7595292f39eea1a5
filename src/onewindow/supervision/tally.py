"""The card board's tally (`CardTally`): counts per day, centre, department, rule and level, recounted
from the cards whenever a day's cards change, and summed over a period for the board.

A recount replaces the counts of the days (and departments) it is given with what the cards say, by
an upsert on the tally's unique key, so a recount run twice, or by two workers at once, leaves the same
counts; cards are never deleted, so no count ever has to disappear.
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from .choices import CardLevel
from .models import Card, CardTally

KEY = ["body", "department", "rule", "level", "day"]


def recount(days: Iterable[date], departments: Iterable[int] | None = None) -> int:
    """Count the cards of these days (of these departments only, when given) into the tally."""
    cards = Card.objects.filter(raised_on__in=set(days))
    if departments is not None:
        cards = cards.filter(department_id__in=set(departments))
    rows = (
        cards.order_by()
        .values("case__body_id", "department_id", "rule_id", "level", "raised_on")
        .annotate(raised=Count("pk"), withdrawn=Count("pk", filter=Q(withdrawn_at__isnull=False)))
    )
    counts = [
        CardTally(
            body_id=row["case__body_id"],
            department_id=row["department_id"],
            rule_id=row["rule_id"],
            level=row["level"],
            day=row["raised_on"],
            raised=row["raised"],
            withdrawn=row["withdrawn"],
        )
        for row in rows
    ]
    CardTally.objects.bulk_create(
        counts,
        update_conflicts=True,
        unique_fields=KEY,
        update_fields=["raised", "withdrawn"],
        batch_size=1000,
    )
    return len(counts)


def counts(bodies: QuerySet | None, wanted: dict) -> QuerySet[CardTally]:
    """The tally rows of the centres `bodies` (None: all) and of the board's filters."""
    rows = CardTally.objects.all() if bodies is None else CardTally.objects.filter(body__in=bodies)
    for name, field in (("department", "department"), ("level", "level"), ("rule", "rule")):
        if value := wanted.get(name):
            rows = rows.filter(**{field: value})
    if first := wanted.get("raised_from"):
        rows = rows.filter(day__gte=first)
    if last := wanted.get("raised_to"):
        rows = rows.filter(day__lte=last)
    return rows


def per_department(rows: QuerySet[CardTally], state: str = "") -> list[dict]:
    """Per department: yellow and red cards standing, and withdrawn (as the state filter keeps them);
    most red first."""
    standing = {"open": True, "withdrawn": False}.get(state, True)
    withdrawn = state != "open"
    summed = (
        rows.order_by()
        .values("department_id", "department__name", "level")
        .annotate(raised=Sum("raised"), withdrawn=Sum("withdrawn"))
    )
    table: dict[int, dict] = {}
    for row in summed:
        entry = table.setdefault(
            row["department_id"],
            {"department_id": row["department_id"], "department__name": row["department__name"], "yellow": 0,
             "red": 0, "withdrawn": 0},
        )  # fmt: skip
        if standing and row["level"] in (CardLevel.YELLOW, CardLevel.RED):
            entry[row["level"]] += row["raised"] - row["withdrawn"]
        if withdrawn:
            entry["withdrawn"] += row["withdrawn"]
    kept = [e for e in table.values() if e["yellow"] or e["red"] or e["withdrawn"]]
    return sorted(kept, key=lambda r: (-r["red"], -r["yellow"], r["department__name"]))
