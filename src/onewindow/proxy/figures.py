"""Proxy figures for a period (the seeds' own measures): the cases agents filed, by the tier of the body
they filed through (city, town, village; the town level being towns and villages together, Xintai's
85%), per agent, per item and per town; how many of those decided were decided on time; and the
principals' ratings of the proxy service. Read within the reader's scope (supervisors and leaders of
their area, administrators everywhere), as a page and as an Excel sheet."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.cases.choices import Channel
from onewindow.cases.models import Case
from onewindow.cases.selectors import visible_cases
from onewindow.errors import Forbidden
from onewindow.org.models import Division, Tier
from onewindow.org.permissions import Actor
from onewindow.org.roles import AREA_WIDE_ROLES
from onewindow.sheets import Column, Sheet, to_bytes, workbook

from .choices import Satisfaction
from .models import ProxyRequest
from .selectors import visible_requests

TOWN_LEVEL = (Tier.TOWN, Tier.VILLAGE)


@dataclass(frozen=True)
class Line:
    """One row of a table: what it counts, the cases filed, their share of all, decided and on time."""

    label: str
    cases: int
    share: float  # of all proxy cases in the period
    decided: int
    on_time: int

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.decided if self.decided else None


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    total: int
    town_level: int  # cases filed at the town level: towns and villages
    town_level_share: float
    tiers: list[Line]
    agents: list[Line]
    items: list[Line]
    towns: list[Line]
    ratings: list[tuple[str, int]]  # (rating, requests the principal rated so)


def may_read(actor: Actor) -> bool:
    return actor.is_admin or (actor.staff is not None and actor.has_role(*AREA_WIDE_ROLES))


def proxy_cases(actor: Actor, start: date, end: date) -> QuerySet[Case]:
    """The cases agents filed from `start` to `end` (service days, Asia/Shanghai), in the actor's scope."""
    if not may_read(actor):
        raise Forbidden()
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end, time.max, tzinfo=zone)
    return visible_cases(actor).filter(
        channel=Channel.AGENT, submitted_at__gte=since, submitted_at__lte=until
    )


_COUNTS = {
    "cases": Count("pk"),
    "decided": Count("pk", filter=Q(finished_on__isnull=False)),
    "on_time": Count("pk", filter=Q(finished_on__isnull=False, finished_late=False)),
}


def _lines(rows, total: int, label) -> list[Line]:
    lines = [
        Line(label(row), row["cases"], row["cases"] / total if total else 0.0, row["decided"], row["on_time"])
        for row in rows
    ]
    return sorted(lines, key=lambda line: (-line.cases, line.label))


def figures(actor: Actor, start: date, end: date) -> Figures:
    cases = proxy_cases(actor, start, end).order_by()
    total = cases.count()
    tiers = {row["body__tier"]: row for row in cases.values("body__tier").annotate(**_COUNTS)}
    tier_lines = [
        Line(
            str(Tier(tier).label),
            row["cases"],
            row["cases"] / total if total else 0.0,
            row["decided"],
            row["on_time"],
        )
        for tier in Tier.values
        if (row := tiers.get(tier))
    ]
    town_level = sum(tiers[t]["cases"] for t in TOWN_LEVEL if t in tiers)
    agents = cases.values("agent__username", "agent__staff__full_name").annotate(**_COUNTS)
    items = cases.values("item_version__name").annotate(**_COUNTS)
    towns = cases.filter(body__tier__in=TOWN_LEVEL).annotate(town=Substr("body__division__code", 1, 9))
    towns = towns.values("town").annotate(**_COUNTS)
    names = dict(
        Division.objects.filter(code__in=[row["town"] + "000" for row in towns]).values_list("code", "name")
    )
    return Figures(
        start=start,
        end=end,
        total=total,
        town_level=town_level,
        town_level_share=town_level / total if total else 0.0,
        tiers=tier_lines,
        agents=_lines(agents, total, lambda r: r["agent__staff__full_name"] or r["agent__username"]),
        items=_lines(items, total, lambda r: r["item_version__name"]),
        towns=_lines(towns, total, lambda r: names.get(r["town"] + "000", r["town"])),
        ratings=ratings(actor, start, end),
    )


def ratings(actor: Actor, start: date, end: date) -> list[tuple[str, int]]:
    """How the principals rated the proxy requests received in the period (their own rating, else the
    one recorded at the follow-up call)."""
    rows: QuerySet[ProxyRequest] = visible_requests(actor).filter(
        received_at__date__gte=start, received_at__date__lte=end
    )
    counts = {value: 0 for value in Satisfaction.values}
    for own, called in rows.values_list("principal_rating", "satisfaction"):
        if own or called:
            counts[own or called] += 1
    return [(str(Satisfaction(value).label), count) for value, count in counts.items()]


def sheet_bytes(found: Figures) -> bytes:
    columns = [
        Column(_("分组")),
        Column(_("名称"), width=30),
        Column(_("代办件数")),
        Column(_("占比"), number_format="0.0%"),
        Column(_("已办结")),
        Column(_("按时办结")),
        Column(_("按时办结率"), number_format="0.0%"),
    ]
    groups = [
        (_("层级"), found.tiers),
        (_("代办员"), found.agents),
        (_("事项"), found.items),
        (_("乡镇"), found.towns),
    ]
    rows = [
        [group, line.label, line.cases, line.share, line.decided, line.on_time, line.on_time_rate]
        for group, lines in groups
        for line in lines
    ]
    rows.append([_("层级"), _("镇村两级合计"), found.town_level, found.town_level_share, None, None, None])
    rows += [[_("委托人评价"), label, count, None, None, None, None] for label, count in found.ratings]
    return to_bytes(workbook([Sheet(_("代办统计"), columns, rows)]))
