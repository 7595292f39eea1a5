"""What the API (and the public API) answers about sessions, issues and decisions: one shaping for all,
the submitter's phone masked for whoever does not keep the office days."""

from datetime import date

from django.utils.translation import gettext_lazy

from onewindow.core.masking import mask_phone
from onewindow.timelimits import reading

from . import feedback, sessions
from .models import Decision, OfficeDay, Topic
from .selectors import decisions_for, office_bodies, own_part, reads_minutes


def decision_out(decision: Decision, on: date, *, public: bool = False, own: bool = True) -> dict:
    """A decision and how it was carried out; for the public without the official's name or the case
    hurried (another applicant's, perhaps)."""
    found = feedback.outcome(decision, on)
    return {
        "id": decision.pk,
        "topic_number": decision.topic.number,
        "text": decision.text,
        "unit_id": decision.unit_id,
        "unit": decision.unit.name if decision.unit_id else None,
        "person": "" if public else decision.person,
        "days": decision.days,
        "due_on": decision.due_on,
        "expedite_case_number": decision.expedite_case.number
        if decision.expedite_case_id and not public
        else None,
        "matter_number": decision.matter.number if decision.matter_id else None,
        "state": found.state,
        "closed": found.closed,
        "feedback": found.feedback,
        "reply": found.reply
        if own
        else "",  # the office's answer to the submitter of another issue: not theirs
        "late": found.late,
    }


PENDING, PENDING_LABEL = "pending", gettext_lazy("待起草")  # the minutes are due, not yet drafted


def office_ids(actor) -> set[int]:
    """The centres whose office days this actor keeps (they read a submitter's phone whole)."""
    return set(office_bodies(actor).values_list("pk", flat=True)) if actor is not None else set()


def topic_out(
    topic: Topic, *, whole: bool = False, actor=None, public: bool = False, kept: set[int] | None = None
) -> dict:
    """An issue; `whole` with its decisions (for the public, those of the issue it was merged into). A list
    passes `kept` (`office_ids`), read once for all its rows."""
    kept = office_ids(actor) if kept is None and not public else (kept or set())
    phone_whole = not public and topic.body_id in kept
    decisions = feedback.topic_decisions(feedback.answered_by(topic) if public else topic) if whole else []
    if whole and not public and actor is not None:
        decisions = own_part(actor, decisions)
    on = reading.today()
    return {
        "number": topic.number,
        "status": topic.status,
        "status_label": str(topic.get_status_display()),
        "channel": topic.channel,
        "submitter_kind": topic.submitter_kind,
        "submitter_name": topic.submitter_name,
        "submitter_phone": topic.submitter_phone if phone_whole else mask_phone(topic.submitter_phone),
        "title": topic.title,
        "content": topic.content,
        "raised_on": topic.raised_on,
        "town": topic.town.name if topic.town_id else None,
        "case_number": topic.case.number if topic.case_id else None,
        "project": topic.project.name if topic.project_id else None,
        "vet_note": topic.vet_note,
        "merged_into": topic.merged_into.number if topic.merged_into_id else None,
        "session_id": topic.session_id,
        "session_day": topic.session.day if topic.session_id else None,
        "position": topic.position,
        "decisions": [decision_out(d, on, public=public, own=d.topic_id == topic.pk) for d in decisions],
        "resolved": feedback.is_resolved(decisions),
        "solved": topic.solved or None,
        "solved_note": topic.solved_note,
    }


def session_out(session: OfficeDay, *, whole: bool = False, actor=None) -> dict:
    row = {
        "id": session.pk,
        "day": session.day,
        "planned_on": session.planned_on,
        "leader_id": session.leader_id,
        "leader": session.leader.staff.full_name,
        "leader_title": session.leader.title,
        "status": session.status,
        "status_label": str(session.get_status_display()),
        "place": session.place,
        "cancel_reason": session.cancel_reason,
    }
    if not whole:
        return row
    on = reading.today()
    kept = office_ids(actor)
    minutes = getattr(session, "minutes", None)
    agenda = session.topics.select_related("town", "case", "project", "merged_into", "session").order_by(
        "position"
    )
    return {
        **row,
        "invited": list(session.invited.order_by("sort_order", "pk").values_list("name", flat=True)),
        "present": list(session.present.order_by("sort_order", "pk").values_list("name", flat=True)),
        "attendees": session.attendees,
        "agenda": [topic_out(t, actor=actor, kept=kept) for t in agenda],
        "decisions": [decision_out(d, on) for d in decisions_for(actor, session)],
        "minutes": None
        if minutes is None
        else {
            "number": minutes.number,
            "status": minutes.status if minutes.text else PENDING,
            "status_label": str(minutes.get_status_display()) if minutes.text else str(PENDING_LABEL),
            "text": minutes.text if reads_minutes(actor, session) else "",
            "draft_due": minutes.draft_due,
            "drafted_on": minutes.drafted_on,
            "deadline": minutes.deadline,
            "warning": minutes.warning,
            "issued_on": minutes.issued_on,
        },
        "open_decisions": sessions.open_decisions(session),
    }
