"""Office days' periodic work for `onewindow worker`: a closed session whose decision's matter was reopened
(supervision reopens a matter whose submitter was not satisfied) is open again, until that decision closes."""

from datetime import timedelta

from django.db.models import Exists, OuterRef

from onewindow.supervision.choices import MatterStatus
from onewindow.worker.registry import register_sweep

from .choices import SessionStatus
from .models import Decision, OfficeDay


def reopen_sessions() -> str:
    reopened = Decision.objects.filter(session=OuterRef("pk")).exclude(matter__status=MatterStatus.CLOSED)
    count = (
        OfficeDay.objects.filter(status=SessionStatus.CLOSED)
        .filter(Exists(reopened))
        .update(status=SessionStatus.HELD, closed_on=None)
    )
    return f"{count} office days open again (a decision's matter was reopened)"


register_sweep("onsite_reopen", timedelta(hours=1), reopen_sessions)
