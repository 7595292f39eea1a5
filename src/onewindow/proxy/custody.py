"""Custody of a request's paper materials (材料交接): who holds the file now, each hand-over recorded and
confirmed by the receiver, one not confirmed within a working day flagged red by the shared warning
sweep (registered here as the time-limited kind "handovers"), the giver and the receiver told once.

The holder is the receiver of the last confirmed hand-over (a department's: its staff), else the request's
first receiver. While a hand-over waits for its confirmation the file is in transit: nothing else can be
handed over until the receiver confirms."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.core.clock import ClockEvent, EventKind, read_clock
from onewindow.core.workdays import WorkCalendar
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.notices.announcements import Announcement, Digest, announce
from onewindow.org.models import Department, Staff
from onewindow.org.permissions import actor_of
from onewindow.org.roles import Role
from onewindow.timelimits import reading
from onewindow.timelimits.choices import Warning
from onewindow.timelimits.registry import TimeLimitKind, register
from onewindow.workcalendar.services import current_calendar

from .models import Handover, ProxyRequest

RECEIVING_ROLES = (Role.AGENT, Role.WINDOW_CLERK, Role.CHIEF_REP, Role.REVIEWER)  # who may be handed a file
CONFIRM_WITHIN = 1  # working days (DOMAIN.md / F11: a hand-over not confirmed within a working day)
MATERIALS_MAX = 300
WAITING = Q(confirmed_at__isnull=True)


@dataclass(frozen=True)
class Holder:
    user: object | None  # a person, or
    department: Department | None  # a department (any of its staff)
    since: object  # when they got it (datetime)
    in_transit: Handover | None  # a hand-over waiting for its confirmation

    @property
    def name(self) -> str:
        if self.department is not None:
            return self.department.name
        staff = getattr(self.user, "staff", None)
        return getattr(staff, "full_name", "") or self.user.username


def holder(request: ProxyRequest) -> Holder:
    """Who holds the request's file now (and any hand-over on its way)."""
    handovers = list(request.handovers.select_related("to_user__staff", "to_department").order_by("pk"))
    confirmed = [h for h in handovers if h.confirmed_at is not None]
    waiting = next((h for h in handovers if h.confirmed_at is None), None)
    if confirmed:
        last = confirmed[-1]
        return Holder(last.to_user, last.to_department, last.confirmed_at, waiting)
    return Holder(request.received_by, None, request.received_at, waiting)


def holds(actor, found: Holder) -> bool:
    if found.department is not None:
        return actor.staff is not None and actor.staff.department_id == found.department.pk
    return found.user is not None and actor.user.pk == found.user.pk


def receives(actor, handover: Handover) -> bool:
    """The receiver: the person it was handed to, or a member of the department's staff."""
    if actor.staff is None:
        return False
    if handover.to_department_id is not None:
        return actor.staff.department_id == handover.to_department_id
    return actor.user.pk == handover.to_user_id


def is_late(handover: Handover, on) -> bool:
    """Not confirmed within its working day as of `on` (read from the stored deadline, whether or not
    the sweep has run), or confirmed late."""
    if handover.confirmed_at is not None:
        return handover.finished_late
    return handover.deadline is not None and on > handover.deadline


def with_lateness(handovers, on) -> list[Handover]:
    """The hand-overs, each with `late` (`is_late` on `on`) for the pages to show."""
    rows = list(handovers)
    for handover in rows:
        handover.late = is_late(handover, on)
    return rows


def may_confirm(actor, handover: Handover) -> bool:
    return handover.confirmed_at is None and receives(actor, handover)


def _refuse(field_name: str, message: str, code: str):
    raise Invalid(message, code=code, details={"fields": {field_name: message}})


def hand_over(*, actor, request: ProxyRequest, materials: str, to_user=None, to_department=None, today: date):
    """The holder hands the file to a person or a department (of staff); the clock of its confirmation
    starts today."""
    who = actor_of(actor)
    materials = (materials or "").strip()
    if not materials:
        _refuse("materials", _("请写明交接的材料。"), "materials_required")
    if len(materials) > MATERIALS_MAX:
        _refuse("materials", _("交接材料不能超过 %(n)s 个字。") % {"n": MATERIALS_MAX}, "too_long")
    if (to_user is None) == (to_department is None):
        _refuse("to", _("请选择接收人或接收部门（二选一）。"), "handover_to_one")
    receiver_staff = None
    area = request.body.division.code[:6]  # the county: materials stay within it
    if to_user is not None:
        receiver_staff = (
            Staff.objects.select_related("body")
            .filter(
                user=to_user,
                user__is_active=True,
                role_assignments__role__in=RECEIVING_ROLES,
                body__division__code__startswith=area,
            )
            .first()
        )
        if receiver_staff is None:
            _refuse("to", _("接收人须是本地区收件、代办或审批的工作人员。"), "receiver_not_staff")
        if to_user.pk == actor.pk:
            _refuse("to", _("不能交给自己。"), "handover_to_self")
    if to_department is not None and not to_department.body.division.code.startswith(area):
        _refuse("to", _("接收部门须在本地区。"), "department_out_of_area")
    with transaction.atomic():
        locked = ProxyRequest.objects.select_for_update().get(pk=request.pk)
        found = holder(locked)
        if not holds(who, found):
            raise Forbidden(_("材料现由 %(holder)s 保管，只有保管人可以交出。") % {"holder": found.name})
        if found.in_transit is not None:
            raise Conflict(
                _("材料正在交接途中，待 %(to)s 签收后才能再交出。")
                % {"to": _receiver_name(found.in_transit)},
                code="in_transit",
            )
        handover = Handover(
            request=locked,
            materials=materials,
            from_user=actor,
            to_user=to_user,
            to_department=to_department,
            to_body=receiver_staff.body if receiver_staff else to_department.body,
            handed_on=today,
            limit_days=CONFIRM_WITHIN,
        )
        handover.save()
        refresh(handover, today)
        audit.record(
            actor=actor,
            action="proxy.handover.give",
            obj=locked,
            after={
                "handover": handover.pk,
                "materials": materials,
                "to_user": to_user and to_user.pk,
                "to_department": to_department and to_department.pk,
            },
        )
    return handover


def confirm(*, actor, handover: Handover, today: date) -> Handover:
    """The receiver confirms the materials arrived: the clock stops, the file is theirs."""
    who = actor_of(actor)
    with transaction.atomic():
        locked = Handover.objects.select_for_update().select_related("request").get(pk=handover.pk)
        if not receives(who, locked):
            raise Forbidden(_("只有接收人（或接收部门的人员）可以签收。"))
        if locked.confirmed_at is not None:
            raise Conflict(_("这次交接已签收。"), code="already_confirmed")
        locked.confirmed_at, locked.confirmed_on, locked.confirmed_by = timezone.now(), today, actor
        locked.save(update_fields=["confirmed_at", "confirmed_on", "confirmed_by"])
        refresh(locked, today)
        audit.record(
            actor=actor,
            action="proxy.handover.confirm",
            obj=locked.request,
            after={"handover": locked.pk, "late": locked.finished_late},
        )
    return locked


def _receiver_name(handover: Handover) -> str:
    if handover.to_department_id:
        return handover.to_department.name
    staff = getattr(handover.to_user, "staff", None)
    return getattr(staff, "full_name", "") or handover.to_user.username


# The confirmation's clock, on the shared time limits.


def _reading(handover: Handover, calendar: WorkCalendar, on: date):
    events = []
    if handover.confirmed_on is not None:
        events.append(ClockEvent(EventKind.FINISH, handover.confirmed_on))
    return read_clock(
        calendar, limit_days=handover.limit_days, accepted_on=handover.handed_on, events=events, today=on
    )


def refresh(handover: Handover, on: date) -> None:
    calendar = current_calendar()
    reading.refresh_row(handover, lambda: _reading(handover, calendar, on), calendar, on)


def recompute_after_import(calendar: WorkCalendar, on: date) -> int:
    count = 0
    for handover in Handover.objects.filter(WAITING).iterator(chunk_size=500):
        refresh(handover, on)
        count += 1
    return count


def _digest_text(level: str, count: int) -> str:
    return _("%(count)s 次材料交接超过一个工作日未签收，请在代办申请中查看。") % {"count": count}


_DIGEST = Digest(text=_digest_text, link=lambda level: "/proxy/requests/")


def announce_late(handovers: list[Handover], day: date) -> None:
    """A hand-over not confirmed in time (red): the giver and the receiver (a department's staff) are
    told once."""
    rows = Handover.objects.filter(pk__in=[h.pk for h in handovers]).select_related("request")
    departments = {h.to_department_id for h in rows if h.to_department_id}
    staff_of: dict[int, set[int]] = {}
    for department_id, user_id in Staff.objects.filter(
        department_id__in=departments, user__is_active=True
    ).values_list("department_id", "user_id"):
        staff_of.setdefault(department_id, set()).add(user_id)
    announcements = []
    for handover in rows:
        if handover.warning != Warning.RED:
            continue
        receivers = (
            {handover.to_user_id} if handover.to_user_id else staff_of.get(handover.to_department_id, set())
        )
        number = handover.request.number
        announcements.append(
            Announcement(
                level=Warning.RED,
                text=lambda number=number, what=handover.materials: (
                    _("材料交接超过一个工作日未签收：%(number)s %(what)s") % {"number": number, "what": what}
                ),
                link=f"/proxy/requests/{number}/",
                recipients={handover.from_user_id} | receivers,
            )
        )
    announce(announcements, _DIGEST)


register(
    TimeLimitKind(
        name="handovers",
        model=Handover,
        open=WAITING,
        recompute=recompute_after_import,
        announce=announce_late,
        announce_fields=("pk", "warning"),
    )
)
