"""The minutes (会议纪要) as a printable document of the documents registry: printed by whoever may see
the session (the office, leaders of the area, the units it concerns); no personal data on it (the
submitters are named by their organisation only). Template: onsite/print/minutes.html."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from onewindow.documents.registry import Document, Subject, register, register_subject
from onewindow.org.permissions import actor_of

from .selectors import decisions_of, reads_minutes, session_of


def session_in_scope(request, pk):
    actor = actor_of(request.user)
    session = session_of(actor, int(pk))
    if session is None or not getattr(getattr(session, "minutes", None), "text", ""):
        raise Http404
    return actor, session


def _context(request, actor, session) -> dict:
    return {"session": session, "minutes": session.minutes, "decisions": decisions_of(session)}


register_subject(Subject("onsite_session", key="pk", load=session_in_scope))
register(
    Document(
        "onsite_session",
        "minutes",
        _("现场办公会议纪要"),
        "onsite/print/minutes.html",
        may_print=reads_minutes,  # the office and leaders at every stage; a unit once issued
        applies=lambda session: bool(getattr(getattr(session, "minutes", None), "text", "")),
        context=_context,
    )
)
