"""What a leader's home shows of their office days, on a phone as at a desk: their next sessions, the
minutes waiting for their approval, and their sessions whose decisions are still being carried out."""

from datetime import date

from django.db.models import Count, Q

from onewindow.supervision.choices import MatterStatus

from .choices import MinutesStatus, SessionStatus
from .models import OfficeDay

SHOWN = 5


def leader_work(actor, today: date) -> dict | None:
    staff = actor.staff
    if staff is None or not hasattr(staff, "onsite_leader"):
        return None
    mine = OfficeDay.objects.filter(leader=staff.onsite_leader).select_related("leader__staff")
    return {
        "next": list(mine.filter(status=SessionStatus.SCHEDULED, day__gte=today).order_by("day")[:SHOWN]),
        "to_approve": list(
            mine.filter(minutes__status=MinutesStatus.DRAFT).exclude(minutes__text="").order_by("day")[:SHOWN]
        ),
        "open": list(
            mine.filter(status=SessionStatus.HELD)
            .annotate(open=Count("decisions", filter=~Q(decisions__matter__status=MatterStatus.CLOSED)))
            .filter(open__gt=0)
            .order_by("-day")[:SHOWN]
        ),
    }
