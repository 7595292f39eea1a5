"""The notices' periodic work: send the applicant messages a crash left unsent (written with their
case's change, never sent), and tell the admins once a day that next year's calendar is not loaded."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.workcalendar.ahead import ahead
from onewindow.worker.registry import register_sweep

from . import services
from .announcements import Announcement, Digest, announce
from .models import Notice


def send() -> str:
    return f"{services.send_unsent()} unsent messages sent"


def calendar_ahead() -> str:
    """Until next year's holidays are loaded (from `CALENDAR_AHEAD_FROM`, or as soon as a deadline
    waits for them), every active admin gets one notice a day (this sweep runs daily) with the count."""
    warning = ahead(timezone.localdate())
    if warning is None:
        return "calendar loaded ahead: nobody told"
    link = reverse("workcalendar:import_notice")
    start_of_day = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    told_today = Notice.objects.filter(link=link, created_at__gte=start_of_day).values("recipient_id")
    admins = (  # once a day however often it runs: the admins told today are not told again
        get_user_model()
        .objects.filter(is_active=True, is_superuser=True)
        .exclude(pk__in=told_today)
        .values_list("pk", flat=True)
    )

    def text():
        return _("%(year)s年节假日安排尚未载入，已有 %(n)s 件办件或任务的办结期限在等待，请尽快载入。") % {
            "year": warning.year,
            "n": warning.total,
        }

    told = announce(
        [Announcement("calendar", text, link, list(admins))],
        Digest(text=lambda _level, _n: text(), link=lambda _level: link),
    )
    return f"calendar {warning.year} not loaded ({warning.total} waiting): {told} admins told"


register_sweep("notices_send", timedelta(minutes=1), send)
register_sweep("calendar_ahead", timedelta(days=1), calendar_ahead)
