"""Telling people: applicant messages after the case's change commits, in-app notices with it."""

import logging
from datetime import timedelta
from functools import cache

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import override

from onewindow import background, inserts
from onewindow.core.masking import mask_text
from onewindow.prepared import server_statement

from .backends import Message, configured_backend
from .models import ApplicantMessage, MessageState, Notice

logger = logging.getLogger(__name__)


def notify_users_in(user_ids: tuple[str, list], text: str, link: str = "") -> None:
    """In-app notices to the users a query names, written in the caller's transaction (they appear with
    the work or not at all) by the database in one statement (`INSERT ... SELECT`): nothing is read first.
    `user_ids` is the SQL and parameters of a query of one column of distinct user ids
    (`Prepared.sql_with_params`, or `queryset.query.sql_with_params()` of a `values_list` queryset)."""
    meta, quote = Notice._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in ("recipient", "text", "link", "created_at", "read_at")]
    query, params = user_ids
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
        f"SELECT chosen.*, %s, %s, %s, NULL FROM ({query}) chosen"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    inserts.write(sql, [text[:300], link, now, *params])


def mark_read(*, user, notice_ids=None) -> int:
    unread = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=notice_ids)
    return unread.update(read_at=timezone.now())


# An after-commit send that has not marked its message within this long never ran (the process died
# between the commit and the send); a claimed message still `sending` this long died mid-send.
RESEND_AFTER = timedelta(minutes=1)
STUCK_AFTER = timedelta(minutes=10)


def message_applicant(case, kind: str, text_of) -> None:
    """Write the message in the caller's transaction and send it after commit.

    `text_of()` builds the text in Chinese (the applicant's language on paper). The row commits with the
    change or not at all, so a crash after the commit leaves it pending, and `send_unsent` sends it.
    """
    _write(ApplicantMessage(case=case, kind=kind), text_of)


def message_citizen(citizen, kind: str, text_of) -> None:
    """The same for a message about a public account itself (a password reset code), to the phone the
    account was registered with."""
    _write(ApplicantMessage(citizen=citizen, kind=kind), text_of)


def _write(row: ApplicantMessage, text_of) -> None:
    with override("zh-hans"):
        text = str(text_of())
    message = _message_for(row, text)
    backend = configured_backend()
    row.recipient, row.text, row.backend = backend.recipient_label(message), text, backend.name
    row.state = MessageState.PENDING
    inserts.insert_row(row)  # may wait for the end of the caller's `inserts.together()`
    # Nothing else sends a pending message this young (RESEND_AFTER), so no claim is needed here.
    background.after_commit(lambda: _send(backend, row.pk, message, MessageState.PENDING))


def _message_for(row: ApplicantMessage, text: str) -> Message:
    """Where the message goes: the case's applicant, or the account it is about."""
    if row.case_id is not None:
        case = row.case
        phone, email = case.applicant_phone, getattr(case, "applicant_email", "") or ""
    else:
        phone, email = row.citizen.phone, row.citizen.user.email
    return Message(phone=phone, email=email, text=text, kind=row.kind)


def _send(backend, pk: int, message: Message, claimed_state: str) -> None:
    state, error = MessageState.SENT, ""
    try:
        backend.send(message)
    except Exception as exc:  # a gateway failure must not lose the record of the attempt
        logger.warning("message %s (%s) failed: %s", pk, message.kind, exc)
        state, error = MessageState.FAILED, mask_text(str(exc))[:300]  # a gateway may echo the number
    with server_statement(connection) as cursor:  # after every message: compiled and planned once
        cursor.execute(_mark_sql(), [state, error, backend.name, pk, claimed_state])


@cache
def _mark_sql() -> str:
    meta, quote = ApplicantMessage._meta, connection.ops.quote_name
    column = {name: quote(meta.get_field(name).column) for name in ("state", "error", "backend")}
    return (
        f"UPDATE {quote(meta.db_table)} SET {column['state']} = %s, {column['error']} = %s, "  # noqa: S608
        f"{column['backend']} = %s WHERE {quote(meta.pk.column)} = %s AND {column['state']} = %s"
    )


def send_unsent(*, now=None, limit: int = 500) -> int:
    """Send the messages a crash left unsent; returns how many were sent (or failed). Each is claimed by
    a conditional UPDATE first, so several workers never send one twice."""
    now = now or timezone.now()
    due = ApplicantMessage.objects.filter(
        Q(state=MessageState.PENDING, created_at__lt=now - RESEND_AFTER)
        | Q(state=MessageState.SENDING, created_at__lt=now - STUCK_AFTER)
    ).select_related("case", "citizen__user")
    backend = configured_backend()
    sent = 0
    for row in due.order_by("pk")[:limit]:
        claimed = ApplicantMessage.objects.filter(pk=row.pk, state=row.state, created_at=row.created_at)
        if claimed.update(state=MessageState.SENDING, created_at=timezone.now()):
            _send(backend, row.pk, _message_for(row, row.text), MessageState.SENDING)
            sent += 1
    return sent
