"""The circulated report (通报): per unit of an area and period, from the raw rows, ranked.

For each unit (every department of the centres in the area): matters assigned to it in the period,
feedback given and how much of it on time, urgings by rung (the urging notices apart) and all, yellow
and red cards raised (withdrawn ones counted apart, not against it), matters closed with the average
working days from assignment to closing, and requesters followed up and satisfied (satisfied or mostly).
Ranked best first: fewest standing red cards, then fewest urgings, then the highest share of feedback
on time, then fewest standing yellow cards. A draft is computed afresh on each view; publishing stores
the figures (`Circulation.rows`), which never change afterwards.
"""

from collections import Counter, defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.errors import Invalid
from onewindow.org.models import ServiceBody
from onewindow.org.permissions import actor_of, bodies_in_scope, require_role
from onewindow.org.roles import Role
from onewindow.sheets import Column, Sheet, to_bytes, workbook
from onewindow.workcalendar.services import current_calendar

from .choices import CardLevel, FollowUp, UrgingMethod
from .models import Card, Circulation, MatterEvent, Urging
from .selectors import WATCHERS, top_centre, units_of

SATISFIED = (FollowUp.SATISFIED, FollowUp.BASICALLY)
MAX_DAYS = 366


def area_of(actor) -> ServiceBody:
    """The centre whose area one counts for: one's own; an administrator without a staff record counts
    for the top centre."""
    if actor.staff is not None:
        return actor.staff.body
    top = top_centre() if actor.is_admin else None
    if top is None:
        raise Invalid(_("请以所在中心的工作人员身份统计。"), code="body_required")
    return top


def check_period(start: date | None, end: date | None) -> None:
    if start is None or end is None:
        raise Invalid(_("请填写通报的起止日期。"), code="period_required")
    if end < start:
        raise Invalid(_("结束日期不能早于开始日期。"), code="invalid_period")
    if (end - start).days >= MAX_DAYS:
        raise Invalid(_("通报期间不能超过一年。"), code="period_too_long")


def figures(body: ServiceBody, start: date, end: date) -> list[dict]:
    """The ranked rows of the report for the area of `body` and the period [start, end]."""
    check_period(start, end)
    units = list(units_of(body).order_by("sort_order", "pk").values_list("pk", "name"))
    ids = [pk for pk, _name in units]
    in_period = {"day__gte": start, "day__lte": end}
    events = MatterEvent.objects.filter(department_id__in=ids, **in_period)
    assigned = Counter(
        dict(events.filter(action="assign").values_list("department_id").annotate(n=Count("pk")))
    )
    fed = (
        events.filter(action="feed_back")
        .values("department_id")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(late_days=0)))
    )
    fed = {row["department_id"]: row for row in fed}
    urged = defaultdict(Counter)
    for unit, method, n in (
        Urging.objects.filter(unit_id__in=ids, **in_period)
        .values_list("unit_id", "method")
        .annotate(n=Count("pk"))
    ):
        urged[unit][method] = n
    cards = {
        row["department_id"]: row
        for row in Card.objects.filter(department_id__in=ids, raised_on__gte=start, raised_on__lte=end)
        .values("department_id")
        .annotate(
            yellow=Count("pk", filter=Q(level=CardLevel.YELLOW, withdrawn_at__isnull=True)),
            red=Count("pk", filter=Q(level=CardLevel.RED, withdrawn_at__isnull=True)),
            withdrawn=Count("pk", filter=Q(withdrawn_at__isnull=False)),
        )
    }
    closed = _closed(ids, start, end)
    followed = _followed(ids, start, end)
    rows = []
    for pk, name in units:
        f, c, u = fed.get(pk, {}), cards.get(pk, {}), urged.get(pk, Counter())
        days = closed.get(pk, [])
        rows.append(
            {
                "unit_id": pk,
                "unit": name,
                "received": assigned.get(pk, 0),
                "fed_back": f.get("n", 0),
                "fed_back_on_time": f.get("on_time", 0),
                "urging_notices": u.get(UrgingMethod.NOTICE, 0),
                "urgings": sum(u.values()),
                "by_method": {method: u.get(method, 0) for method in UrgingMethod.values},
                "yellow_cards": c.get("yellow", 0),
                "red_cards": c.get("red", 0),
                "withdrawn_cards": c.get("withdrawn", 0),
                "closed": len(days),
                "average_days_to_close": round(sum(days) / len(days), 1) if days else None,
                "followed_up": followed.get(pk, (0, 0))[0],
                "satisfied": followed.get(pk, (0, 0))[1],
            }
        )
    rows.sort(key=_rank_key)
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def _rank_key(row: dict):
    share = row["fed_back_on_time"] / row["fed_back"] if row["fed_back"] else 1.0
    return (row["red_cards"], row["urgings"], -share, row["yellow_cards"], row["unit_id"])


def _closed(ids: list[int], start: date, end: date) -> dict[int, list[int]]:
    """Per unit, the working days from assignment to closing of each matter it led that closed in the
    period (its latest round: from the assignment or reopening before the closing)."""
    closings = MatterEvent.objects.filter(
        action="close", day__gte=start, day__lte=end, matter__lead_unit_id__in=ids
    ).values_list("matter_id", "matter__lead_unit_id", "day", "pk")
    starts = defaultdict(list)
    for matter_id, day, pk in MatterEvent.objects.filter(
        matter_id__in={c[0] for c in closings}, clock="start"
    ).values_list("matter_id", "day", "pk"):
        starts[matter_id].append((pk, day))
    calendar = current_calendar()
    days = defaultdict(list)
    for matter_id, unit, day, pk in closings:
        began = max((s for s in starts[matter_id] if s[0] < pk), default=None)
        if began is None:
            continue
        try:
            days[unit].append(calendar.workdays_between(began[1], day))
        except CalendarNotLoaded:
            days[unit].append((day - began[1]).days)
    return days


def _followed(ids: list[int], start: date, end: date) -> dict[int, tuple[int, int]]:
    """Per unit, the follow-up calls made in the period to requesters of matters it led, and how many
    found them satisfied (satisfied or mostly); a reopened matter's second call counts too."""
    rows = (
        MatterEvent.objects.filter(action="follow_up", day__gte=start, day__lte=end, department_id__in=ids)
        .values("department_id")
        .annotate(n=Count("pk"), satisfied=Count("pk", filter=Q(result__in=SATISFIED)))
    )
    return {row["department_id"]: (row["n"], row["satisfied"]) for row in rows}


def publish(*, actor, body: ServiceBody, start: date, end: date, title: str = "") -> Circulation:
    """Freeze the figures of a period as a circulated report; audited."""
    require_role(actor_of(actor), Role.SUPERVISOR)
    title = (title or "").strip()[:100] or _("督查督办情况通报（%(start)s 至 %(end)s）") % {
        "start": start.isoformat(),
        "end": end.isoformat(),
    }
    rows = figures(body, start, end)
    with transaction.atomic():
        report = Circulation.objects.create(
            body=body, period_start=start, period_end=end, title=title, rows=rows, published_by=actor
        )
        audit.record(
            actor=actor,
            action="supervision.circulation.publish",
            obj=report,
            after={"title": title, "start": start.isoformat(), "end": end.isoformat(), "units": len(rows)},
        )
    return report


def visible_reports(actor):
    """The reports of the centres in one's area (supervisors and leaders; administrators all)."""
    require_role(actor, *WATCHERS)
    reports = Circulation.objects.select_related("body", "published_by__staff")
    if actor.is_admin:
        return reports
    return reports.filter(body__in=bodies_in_scope(actor))


def columns():
    """The report's columns, in the order of the page, the print and the sheet."""
    methods = [(f"by_method.{value}", label) for value, label in UrgingMethod.choices]
    return [
        ("rank", _("排名")),
        ("unit", _("单位")),
        ("received", _("交办事项")),
        ("fed_back", _("反馈")),
        ("fed_back_on_time", _("按期反馈")),
        ("urgings", _("催办次数")),
        *methods,
        ("yellow_cards", _("黄牌")),
        ("red_cards", _("红牌")),
        ("withdrawn_cards", _("已摘牌")),
        ("closed", _("办结")),
        ("average_days_to_close", _("平均办结工作日")),
        ("followed_up", _("回访")),
        ("satisfied", _("满意")),
    ]


def cell(row: dict, key: str):
    if key.startswith("by_method."):
        return row["by_method"].get(key.split(".", 1)[1], 0)
    return row[key]


def table(rows: list[dict]) -> list[list]:
    """The rows as cells in the order of `columns()`."""
    keys = [key for key, _label in columns()]
    return [[cell(row, key) for key in keys] for row in rows]


def sheet_bytes(rows: list[dict]) -> bytes:
    cols = columns()
    sheet = Sheet(
        name=str(_("通报")),
        columns=[
            Column(str(label), number_format="0.0" if key == "average_days_to_close" else None)
            for key, label in cols
        ],
        rows=table(rows),
    )
    return to_bytes(workbook([sheet]))
