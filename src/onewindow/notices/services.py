"""Telling people: applicant messages after the case's change commits, in-app notices with it."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from onewindow.core.masking import mask_text

from .backends import Message, configured_backend
from .models import ApplicantMessage, MessageState, Notice

logger = logging.getLogger(__name__)


def notify_staff(users, text: str, link: str = "") -> None:
    """In-app notices, written in the caller's transaction (they appear with the work or not at all)."""
    Notice.objects.bulk_create(
        [Notice(recipient=u, text=text[:300], link=link) for u in {u.pk: u for u in users}.values()]
    )


def mark_read(*, user, notice_ids=None) -> int:
    unread = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=notice_ids)
    return unread.update(read_at=timezone.now())


def message_applicant(case, kind: str, text_of) -> None:
    """Send after commit: `text_of()` builds the text in Chinese (the applicant's language on paper)."""

    def send():
        with override("zh-hans"):
            text = str(text_of())
        message = Message(
            phone=case.applicant_phone, email=getattr(case, "applicant_email", "") or "", text=text, kind=kind
        )
        backend = configured_backend()
        state, error = MessageState.SENT, ""
        try:
            backend.send(message)
        except Exception as exc:  # a gateway failure must not lose the record of the attempt
            logger.warning("message %s for case %s failed: %s", kind, case.number, exc)
            state, error = MessageState.FAILED, mask_text(str(exc))[:300]  # a gateway may echo the number
        ApplicantMessage.objects.create(
            case=case,
            kind=kind,
            recipient=backend.recipient_label(message),
            text=text,
            backend=backend.name,
            state=state,
            error=error,
        )

    transaction.on_commit(send)
