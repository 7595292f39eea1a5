"""Office days' periodic work for `onewindow worker`: a closed session whose decision's matter was reopened
(supervision reopens a matter whose submitter was not satisfied) is open again, until that decision closes."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef

from onewindow.audit import services as audit
from onewindow.supervision.choices import MatterStatus
from onewindow.worker.registry import register_sweep

from .choices import SessionStatus
from .models import Decision, OfficeDay


def reopen_sessions() -> str:
    reopened = Decision.objects.filter(session=OuterRef("pk")).exclude(matter__status=MatterStatus.CLOSED)
    count = 0
    with transaction.atomic():
        for session in (
            OfficeDay.objects.select_for_update(skip_locked=True)
            .filter(status=SessionStatus.CLOSED)
            .filter(Exists(reopened))
        ):
            session.status, session.closed_on = SessionStatus.HELD, None
            session.save(update_fields=["status", "closed_on"])
            audit.record(
                actor=None, action="onsite.session.reopen", obj=session, after={"status": session.status}
            )
            count += 1
    return f"{count} office days open again (a decision's matter was reopened)"


register_sweep("onsite_reopen", timedelta(hours=1), reopen_sessions)
