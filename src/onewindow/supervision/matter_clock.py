"""A matter's time limits on the shared mechanism, and whom its steps and warnings reach.

The completion clock (`TimeLimited`) starts on the day the matter is assigned (or reopened: a new
round) and runs its limit in working days; a granted extension is an `extend` event, closing a
`finish`. The feedback deadline is the working day `feedback_days` after the round's start (an
extension moves it too). Registered as the time-limited kind "matters": the one sweep raises their
yellow and red warnings once, the calendar import replays them.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from onewindow.core.clock import ClockEvent, EventKind, read_clock
from onewindow.core.workdays import CalendarNotLoaded, WorkCalendar
from onewindow.notices.announcements import Announcement, Digest, announce
from onewindow.org.models import Staff
from onewindow.org.permissions import Actor, bodies_in_scope
from onewindow.org.roles import Role
from onewindow.timelimits import reading
from onewindow.timelimits.choices import Warning
from onewindow.timelimits.registry import TimeLimitKind, register
from onewindow.workcalendar.services import current_calendar

from .choices import MatterStatus
from .matter_flow import ACTION_LABELS
from .models import Matter, MatterEvent, MemberUnit

OPEN_CLOCK = Q(status__in=[MatterStatus.ASSIGNED, MatterStatus.HANDLING, MatterStatus.FED_BACK])


def today() -> date:
    return reading.today()


def bodies_of(actor: Actor):
    return bodies_in_scope(actor)


def overdue_days(matter: Matter, on: date | None = None) -> int:
    """Working days past the completion deadline today (a finished matter: as it finished)."""
    try:
        left = reading.days_left(matter, current_calendar(), on or today())
    except CalendarNotLoaded:
        left = matter.remaining_days
    return max(0, -(left or 0))


def working_days_late(due: date | None, on: date) -> int:
    """Working days `on` is past `due` (0 on or before it, or without a due day)."""
    if due is None or on <= due:
        return 0
    try:
        return current_calendar().workdays_between(due, on)
    except CalendarNotLoaded:
        return (on - due).days


def feedback_due_from(start: date, days: int) -> date | None:
    """The working day `days` after `start` (a start on the day before a holiday: after the holiday)."""
    try:
        return current_calendar().add_workdays(start, days)
    except CalendarNotLoaded:
        return None


def start_round(matter: Matter, on: date) -> None:
    """Assigned or reopened: the clock starts again from `on`, and the feedback is due from it."""
    matter.assigned_on = on
    matter.feedback_due = feedback_due_from(on, matter.feedback_days)
    matter.warned = Warning.NORMAL


def move_feedback_due(matter: Matter, days: int) -> None:
    """An extension moves an outstanding feedback deadline by its working days."""
    if matter.feedback_due is None or matter.status not in (MatterStatus.ASSIGNED, MatterStatus.HANDLING):
        return
    try:
        matter.feedback_due = current_calendar().add_workdays(matter.feedback_due, days)
    except CalendarNotLoaded:
        matter.feedback_due = None


def _reading(matter: Matter, events, calendar: WorkCalendar, on: date):
    round_events = []
    for event in events:  # only the events of the latest round count (a reopening starts one)
        if event.clock == "start":
            round_events = []
        elif event.clock == "extend":
            round_events.append(ClockEvent(EventKind.EXTEND, event.day, days=event.days))
        elif event.clock == "finish":
            round_events.append(ClockEvent(EventKind.FINISH, event.day))
    return read_clock(
        calendar, limit_days=matter.limit_days, accepted_on=matter.assigned_on, events=round_events, today=on
    )


def refresh(matter: Matter, on: date) -> None:
    """Re-read and store the matter's clock after a clock event."""
    if matter.assigned_on is None:
        return
    events = list(MatterEvent.objects.filter(matter=matter).exclude(clock="").order_by("pk"))
    calendar = current_calendar()
    reading.refresh_row(matter, lambda: _reading(matter, events, calendar, on), calendar, on)


def recompute_after_import(calendar: WorkCalendar, on: date) -> int:
    """After a calendar import: replay every open matter; a feedback deadline that waited is set."""
    count = 0
    for matter in Matter.objects.filter(OPEN_CLOCK).iterator(chunk_size=500):
        if matter.feedback_due is None and matter.assigned_on is not None:
            matter.feedback_due = feedback_due_from(matter.assigned_on, matter.feedback_days)
            Matter.objects.filter(pk=matter.pk).update(feedback_due=matter.feedback_due)
        refresh(matter, on)
        count += 1
    return count


# Whom a matter concerns.


def unit_people(department_ids: set[int]) -> dict[int, set[int]]:
    """Each unit's office contact, or, where it has none, its chief representative and reviewers."""
    people: dict[int, set[int]] = defaultdict(set)
    for department_id, contact_id in MemberUnit.objects.filter(
        department_id__in=department_ids, contact__isnull=False, contact__is_active=True
    ).values_list("department_id", "contact_id"):
        people[department_id].add(contact_id)
    without = set(department_ids) - set(people)
    for department_id, user_id in Staff.objects.filter(
        department_id__in=without,
        role_assignments__role__in=[Role.CHIEF_REP, Role.REVIEWER],
        user__is_active=True,
    ).values_list("department_id", "user_id"):
        people[department_id].add(user_id)
    return people


def office_people(body_ids: set[int]) -> dict[int, set[int]]:
    """The supervisors of each centre."""
    people: dict[int, set[int]] = defaultdict(set)
    for body_id, user_id in Staff.objects.filter(
        body_id__in=body_ids, role_assignments__role=Role.SUPERVISOR, user__is_active=True
    ).values_list("body_id", "user_id"):
        people[body_id].add(user_id)
    return people


# The steps that concern the unit (it must act) and those that concern the office.
TO_UNIT = frozenset({"assign", "send_back", "reopen", "grant_extension", "refuse_extension", "urge"})
TO_OFFICE = frozenset({"feed_back", "ask_extension", "urge"})


def tell_of_step(matter: Matter, action: str, text: str) -> None:
    recipients: set[int] = set()
    if action in TO_UNIT and matter.lead_unit_id:
        recipients |= unit_people({matter.lead_unit_id}).get(matter.lead_unit_id, set())
    if action in TO_OFFICE:
        recipients |= office_people({matter.body_id}).get(matter.body_id, set())
    if not recipients:
        return
    announce(
        [
            Announcement(
                level=action,
                text=lambda: (
                    _("督办事项%(action)s：%(number)s %(title)s")
                    % {"action": ACTION_LABELS[action], "number": matter.number, "title": matter.title}
                ),
                link=f"/supervision/matters/{matter.number}/",
                recipients=recipients,
            )
        ],
        _DIGEST,
    )


def _digest_text(level: str, count: int) -> str:
    if level == Warning.RED:
        return _("%(count)s 件督办事项已超过办结期限，请在督办事项中查看。") % {"count": count}
    if level == Warning.YELLOW:
        return _("%(count)s 件督办事项即将到期，请在督办事项中查看。") % {"count": count}
    return _("%(count)s 件督办事项有新进展，请在督办事项中查看。") % {"count": count}


_DIGEST = Digest(text=_digest_text, link=lambda level: "/supervision/matters/")


def announce_matter_warnings(matters: list[Matter], day: date) -> None:
    """A matter turning yellow or red: its unit and its office are told once."""
    units = unit_people({m.lead_unit_id for m in matters if m.lead_unit_id})
    offices = office_people({m.body_id for m in matters})

    def text(matter):
        values = {"number": matter.number, "title": matter.title}
        if matter.warning == Warning.RED:
            return _("督办事项已超过办结期限：%(number)s %(title)s") % values
        return _("督办事项即将到期：%(number)s %(title)s") % values

    announce(
        [
            Announcement(
                level=matter.warning,
                text=lambda matter=matter: text(matter),
                link=f"/supervision/matters/{matter.number}/",
                recipients=units.get(matter.lead_unit_id, set()) | offices.get(matter.body_id, set()),
            )
            for matter in matters
        ],
        _DIGEST,
    )


register(
    TimeLimitKind(
        name="matters",
        model=Matter,
        open=OPEN_CLOCK,
        recompute=recompute_after_import,
        announce=announce_matter_warnings,
        announce_fields=("pk", "number", "title", "warning", "lead_unit_id", "body_id"),
    )
)
