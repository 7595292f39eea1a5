"""Office-day figures for a period, per leader (and in all): sessions held, issues raised at them, decided,
resolved (every decision's matter closed), the average working days from raising an issue to its
resolution, and decisions late (their matter closed late, or open past its deadline). Read by the office
and leaders of their area, as a page, an Excel sheet and through the API."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.workdays import CalendarNotLoaded
from onewindow.errors import Forbidden
from onewindow.org.permissions import Actor
from onewindow.sheets import Column, Sheet, to_bytes, workbook
from onewindow.supervision.choices import MatterStatus
from onewindow.workcalendar.services import current_calendar

from .choices import SessionStatus
from .feedback import is_late
from .models import Decision, Topic
from .selectors import area_wide, visible_sessions

HELD = (SessionStatus.HELD, SessionStatus.CLOSED)


@dataclass(frozen=True)
class Line:
    leader: str
    sessions: int
    raised: int
    decided: int
    resolved: int
    average_days: float | None  # working days from raising to resolution, over the resolved issues
    decisions: int
    late: int


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    lines: list[Line]
    total: Line


def may_read(actor: Actor) -> bool:
    return area_wide(actor)


def _closed_day(matter) -> date:
    """The service day the matter was closed on (its clock's finishing day; the closing time otherwise)."""
    return matter.finished_on or timezone.localdate(matter.closed_at)


def figures(actor: Actor, start: date, end: date, *, on: date) -> Figures:
    if not may_read(actor):
        raise Forbidden()
    sessions = list(visible_sessions(actor).filter(day__range=(start, end), status__in=HELD).order_by("day"))
    ids = [s.pk for s in sessions]
    topics = list(Topic.objects.filter(session_id__in=ids).only("pk", "session_id", "raised_on"))
    decisions = list(Decision.objects.filter(session_id__in=ids).select_related("matter"))
    of_topic: dict[int, list[Decision]] = defaultdict(list)
    for decision in decisions:
        of_topic[decision.topic_id].append(decision)
    calendar = current_calendar()
    leader_of = {s.pk: s.leader for s in sessions}
    groups: dict[object, dict] = {}
    for session in sessions:
        groups.setdefault(session.leader, {"sessions": 0, "topics": [], "decisions": []})["sessions"] += 1
    for topic in topics:
        groups[leader_of[topic.session_id]]["topics"].append(topic)
    for decision in decisions:
        groups[leader_of[decision.session_id]]["decisions"].append(decision)

    def line(label: str, sessions_held: int, its_topics, its_decisions) -> Line:
        decided = [t for t in its_topics if of_topic.get(t.pk)]
        days = []
        for topic in decided:
            mine = of_topic[topic.pk]
            if all(d.matter is not None and d.matter.status == MatterStatus.CLOSED for d in mine):
                resolved_on = max(_closed_day(d.matter) for d in mine)
                try:
                    days.append(calendar.workdays_between(topic.raised_on, resolved_on))
                except CalendarNotLoaded:
                    days.append((resolved_on - topic.raised_on).days)
        return Line(
            leader=label,
            sessions=sessions_held,
            raised=len(its_topics),
            decided=len(decided),
            resolved=len(days),
            average_days=sum(days) / len(days) if days else None,
            decisions=len(its_decisions),
            late=sum(1 for d in its_decisions if d.matter is not None and is_late(d.matter, on)),
        )

    lines = [
        line(str(leader), group["sessions"], group["topics"], group["decisions"])
        for leader, group in sorted(groups.items(), key=lambda pair: (pair[0].sort_order, pair[0].pk))
    ]
    total = line(_("合计"), len(sessions), topics, decisions)
    return Figures(start=start, end=end, lines=lines, total=total)


def sheet_bytes(found: Figures) -> bytes:
    columns = [
        Column(_("领导"), width=24),
        Column(_("现场办公场次")),
        Column(_("提出问题")),
        Column(_("已作决定")),
        Column(_("已解决")),
        Column(_("平均解决用时（工作日）"), number_format="0.0"),
        Column(_("决定事项")),
        Column(_("逾期决定")),
    ]
    rows = [
        [x.leader, x.sessions, x.raised, x.decided, x.resolved, x.average_days, x.decisions, x.late]
        for x in [*found.lines, found.total]
    ]
    return to_bytes(workbook([Sheet(_("现场办公统计"), columns, rows)]))
