"""The rota of office days kept by the office: generated for a period on a weekday over a list of leaders
(the working-day calendar decides which weekdays are days off), then changed one session at a time by a
swap of two leaders or a cancellation with its reason. Every change is audited."""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.org.models import ServiceBody
from onewindow.org.permissions import actor_of
from onewindow.workcalendar.services import current_calendar

from . import rota
from .choices import OnDayOff, SessionStatus
from .models import Leader, OfficeDay
from .selectors import in_office

REASON_MAX = 300
PLACE_MAX = 100


def _refuse(field_name: str, message: str, code: str):
    raise Invalid(message, code=code, details={"fields": {field_name: message}})


@dataclass
class RotaPlan:
    """What generating a rota asks: the period, the weekday (Monday 0), the leaders in turn order, and
    what to do with a weekday that is a day off."""

    first: date
    last: date
    weekday: int
    leader_ids: list[int]
    on_day_off: str = OnDayOff.MOVE
    place: str = ""


def require_office(actor, body: ServiceBody) -> None:
    if not in_office(actor_of(actor), body.pk):
        raise Forbidden()


def planned(body: ServiceBody, plan: RotaPlan) -> list[rota.Slot]:
    """The sessions `plan` would make (for the page's preview and for `generate`); refuses a plan the
    office could not keep."""
    if plan.on_day_off not in OnDayOff.values:
        _refuse("on_day_off", _("请选择遇休息日的处理方式。"), "on_day_off_required")
    if not 0 <= plan.weekday <= 6:
        _refuse("weekday", _("请选择星期几。"), "weekday_required")
    if plan.last < plan.first:
        _refuse("last", _("结束日期不能早于开始日期。"), "period_reversed")
    if (plan.last - plan.first).days > 366:
        _refuse("last", _("一次最多排一年的轮值。"), "period_too_long")
    if len(plan.place) > PLACE_MAX:
        _refuse("place", _("地点不能超过 %(n)s 个字。") % {"n": PLACE_MAX}, "too_long")
    leaders = _leaders(body, plan.leader_ids)
    calendar = current_calendar()
    try:
        return rota.plan(plan.first, plan.last, plan.weekday, leaders, calendar.is_workday, plan.on_day_off)
    except CalendarNotLoaded as missing:
        _refuse(
            "first",
            _("%(year)s 年的工作日历尚未导入，无法排班。") % {"year": missing.year},
            "calendar_not_loaded",
        )


def _leaders(body: ServiceBody, leader_ids: list[int]) -> list[Leader]:
    if not leader_ids:
        _refuse("leaders", _("请至少选择一位领导。"), "leaders_required")
    if len(set(leader_ids)) != len(leader_ids):
        _refuse("leaders", _("同一位领导不能重复选择。"), "leader_twice")
    found = {
        leader.pk: leader
        for leader in Leader.objects.filter(
            pk__in=leader_ids, is_active=True, staff__body__division__code__startswith=body.division.prefix
        ).select_related("staff")
    }
    if len(found) != len(leader_ids):
        _refuse("leaders", _("只能选择本地区在任的领导。"), "leader_out_of_scope")
    return [found[pk] for pk in leader_ids]


def generate(*, actor, body: ServiceBody, plan: RotaPlan) -> list[OfficeDay]:
    """Write the rota of `plan`. Refused when the period already holds sessions of this centre (change
    those one by one: swap or cancel)."""
    require_office(actor, body)
    slots = planned(body, plan)
    if not slots:
        _refuse("first", _("该期间没有可排的工作日。"), "rota_empty")
    with transaction.atomic():
        taken = OfficeDay.objects.filter(body=body, day__range=(plan.first, slots[-1].day)).exists()
        if taken:
            raise Conflict(_("该期间已有现场办公安排，请逐场调整。"), code="rota_exists")
        try:
            with transaction.atomic():
                days = OfficeDay.objects.bulk_create(
                    OfficeDay(
                        body=body, leader=s.leader, day=s.day, planned_on=s.planned_on, place=plan.place
                    )
                    for s in slots
                )
        except IntegrityError:  # another office generated the same days at the same moment
            raise Conflict(_("该期间已有现场办公安排，请逐场调整。"), code="rota_exists") from None
        audit.record(
            actor=actor,
            action="onsite.rota.generate",
            obj=body,
            after={
                "first": plan.first.isoformat(),
                "last": plan.last.isoformat(),
                "weekday": plan.weekday,
                "on_day_off": plan.on_day_off,
                "sessions": len(days),
                "moved": sum(1 for s in slots if s.day != s.planned_on),
            },
        )
    return list(OfficeDay.objects.filter(body=body, day__range=(plan.first, slots[-1].day)))


def _scheduled(session: OfficeDay) -> OfficeDay:
    locked = OfficeDay.objects.select_for_update().get(pk=session.pk)
    if locked.status != SessionStatus.SCHEDULED:
        raise Conflict(_("只能调整尚未召开的现场办公。"), code="session_not_scheduled")
    return locked


def swap(*, actor, session: OfficeDay, other: OfficeDay) -> tuple[OfficeDay, OfficeDay]:
    """Two scheduled sessions of a centre exchange their leaders (调班)."""
    require_office(actor, session.body)
    if other.body_id != session.body_id or other.pk == session.pk:
        _refuse("other", _("请选择本中心的另一场现场办公。"), "swap_other")
    with transaction.atomic():
        first, second = (_scheduled(s) for s in sorted((session, other), key=lambda s: s.pk))
        first.leader_id, second.leader_id = second.leader_id, first.leader_id
        OfficeDay.objects.bulk_update([first, second], ["leader"])
        for row in (first, second):
            audit.record(actor=actor, action="onsite.session.swap", obj=row, after={"leader": row.leader_id})
    return first, second


def cancel(*, actor, session: OfficeDay, reason: str) -> OfficeDay:
    require_office(actor, session.body)
    reason = (reason or "").strip()
    if not reason:
        _refuse("reason", _("请说明取消的原因。"), "reason_required")
    if len(reason) > REASON_MAX:
        _refuse("reason", _("原因不能超过 %(n)s 个字。") % {"n": REASON_MAX}, "too_long")
    with transaction.atomic():
        locked = _scheduled(session)
        if locked.topics.exists():
            raise Conflict(_("该场已有议程，请先将议题移到其他场次。"), code="session_has_agenda")
        locked.status, locked.cancel_reason = SessionStatus.CANCELLED, reason
        locked.save(update_fields=["status", "cancel_reason"])
        audit.record(actor=actor, action="onsite.session.cancel", obj=locked, after={"reason": reason})
    return locked
