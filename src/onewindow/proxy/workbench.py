"""What an agent's home shows of their proxy work, on a phone as at a desk: the requests they carry that
are not finished, the materials waiting for their confirmation or on their way from them, their coming
door-to-door visits, and the entrustments that run out within a month."""

from datetime import date, timedelta

from django.db.models import Q

from .choices import ProxyStatus
from .custody import with_lateness
from .models import Appointment, Entrustment, Handover, ProxyRequest

SOON = timedelta(days=30)
SHOWN = 20


def agent_work(actor, today: date) -> dict:
    user = actor.user
    carrying = (
        ProxyRequest.objects.filter(
            Q(reassigned_at__isnull=True, route_agent=user)
            | Q(reassigned_at__isnull=False, reassigned_agent=user)
        )
        .exclude(status=ProxyStatus.FOLLOWED_UP)
        .order_by("-priority", "received_at")
    )
    received = Q(to_user=user)
    if actor.staff.department_id:
        received |= Q(to_department_id=actor.staff.department_id)
    to_confirm = Handover.objects.filter(received, confirmed_at__isnull=True)
    return {
        "carrying": carrying[:SHOWN],
        "carrying_count": carrying.count(),
        "to_confirm": with_lateness(
            to_confirm.select_related("request", "from_user__staff").order_by("handed_on")[:SHOWN], today
        ),
        "in_transit": with_lateness(
            Handover.objects.filter(from_user=user, confirmed_at__isnull=True)
            .select_related("request", "to_user__staff", "to_department")
            .order_by("handed_on")[:SHOWN],
            today,
        ),
        "visits": Appointment.objects.filter(agent=user, day__gte=today)
        .select_related("request", "vehicle")
        .order_by("day", "slot")[:SHOWN],
        "expiring": Entrustment.objects.filter(
            agent=user, revoked_at__isnull=True, valid_until__gte=today, valid_until__lte=today + SOON
        ).order_by("valid_until")[:SHOWN],
    }
