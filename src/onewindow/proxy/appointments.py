"""Door-to-door visits (上门服务) by appointment, for principals with the door-to-door flag or a priority
(the elderly, sick, disabled and pregnant): a working day not past and a half-day slot, the agent who
goes (one of the area's agents) and a vehicle of the centre where it has one free. Booked by whoever
carries the request or works at its body; no agent or vehicle is booked twice for a slot."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.org.permissions import actor_of, bodies_in_scope
from onewindow.org.roles import Role
from onewindow.workcalendar.services import current_calendar

from .choices import Slot
from .models import Appointment, ProxyRequest, Vehicle
from .selectors import agents_of_area

ADDRESS_MAX = 200


def _refuse(field_name: str, message: str, code: str):
    raise Invalid(message, code=code, details={"fields": {field_name: message}})


def may_book(actor, request: ProxyRequest) -> bool:
    if actor.staff is None:
        return False
    carrier = request.proxy_agent
    if carrier is not None and carrier.pk == actor.user.pk:
        return True
    if actor.has_role(Role.SUPERVISOR):
        return bodies_in_scope(actor).filter(pk=request.body_id).exists()
    return (
        actor.has_role(Role.WINDOW_CLERK, Role.CHIEF_REP, Role.AGENT)
        and actor.staff.body_id == request.body_id
    )


def free_vehicles(request: ProxyRequest, day: date, slot: str):
    taken = Appointment.objects.filter(day=day, slot=slot, vehicle__isnull=False).values("vehicle")
    area = request.body.division.code[:6]
    return Vehicle.objects.filter(is_active=True, body__division__code__startswith=area).exclude(pk__in=taken)


def book(
    *, actor, request: ProxyRequest, agent, day: date, slot: str, address: str, vehicle=None, today: date
):
    who = actor_of(actor)
    if not may_book(who, request):
        raise Forbidden(_("只有代办人员或本机构人员可以预约上门服务。"))
    if not (request.door_to_door or request.priority):
        _refuse("day", _("委托人没有申请上门服务，也不属于优先服务对象。"), "not_door_to_door")
    if slot not in Slot.values:
        _refuse("slot", _("请选择上午或下午。"), "bad_slot")
    address = (address or "").strip()
    if not address or len(address) > ADDRESS_MAX:
        _refuse("address", _("请填写上门地址（%(n)s 字以内）。") % {"n": ADDRESS_MAX}, "address_required")
    if day < today:
        _refuse("day", _("上门日期不能早于今天。"), "past_day")
    try:
        if not current_calendar().is_workday(day):
            _refuse("day", _("%(day)s 不是工作日。") % {"day": day}, "not_workday")
    except CalendarNotLoaded:
        _refuse("day", _("该年的工作日历尚未载入，暂不能预约。"), "calendar_not_loaded")
    area = request.body.division.code[:6]
    if agent is None or not agents_of_area(area).filter(user=agent).exists():
        _refuse("agent", _("上门人员须是本地区的代办员。"), "not_an_agent")
    if vehicle is not None and not free_vehicles(request, day, slot).filter(pk=vehicle.pk).exists():
        _refuse("vehicle", _("这辆车在该时段不可用。"), "vehicle_taken")
    try:
        with transaction.atomic():
            made = Appointment.objects.create(
                request=request,
                agent=agent,
                day=day,
                slot=slot,
                vehicle=vehicle,
                address=address,
                booked_by=actor,
            )
            audit.record(
                actor=actor,
                action="proxy.request.appointment",
                obj=request,
                after={"day": str(day), "slot": slot, "agent": agent.pk, "vehicle": vehicle and vehicle.pk},
            )
    except IntegrityError as exc:
        raise Conflict(_("该代办员或车辆在这个时段已有预约。"), code="slot_taken") from exc
    return made
