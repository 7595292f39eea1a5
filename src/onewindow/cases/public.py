"""What the public may see of a case's history: the tracking page, the applicant's own pages and the
public API all show this timeline.

Only the actions in `workflow.PUBLIC_ACTIONS`, with their date and label; no actor names and no free-text
notes (they may hold personal data), except the written reason and legal basis of a return or a denial,
which the applicant is owed (明确答复制).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from onewindow.prepared import Prepared
from onewindow.timelimits.choices import PauseKind

from . import workflow
from .choices import Action
from .models import CaseEvent

REASONED = frozenset({Action.RETURN, Action.DENY})


@dataclass(frozen=True)
class PublicEvent:
    day: date
    action: str
    label: str
    reason: str = ""
    basis: str = ""
    extra: list[str] = field(default_factory=list)  # material names, a pause kind, extension days


def public_timeline(events) -> list[PublicEvent]:
    """The events of a case that the applicant and the public may see, oldest first."""
    shown = []
    for event in events:
        if event.action not in workflow.PUBLIC_ACTIONS or event.task_id is not None:
            continue
        details = event.details or {}
        extra = []
        if event.action == Action.REQUEST_SUPPLEMENT:
            extra = [str(name) for name in details.get("missing", [])]
        elif event.action == Action.PAUSE and event.pause_kind in PauseKind.values:
            extra = [str(PauseKind(event.pause_kind).label)]
        elif event.action == Action.EXTEND and event.days:
            extra = [_("延长 %(days)s 个工作日") % {"days": event.days}]
        shown.append(
            PublicEvent(
                day=event.day,
                action=event.action,
                label=str(Action(event.action).label),
                reason=event.note if event.action in REASONED else "",
                basis=str(details.get("basis", "")) if event.action in REASONED else "",
                extra=extra,
            )
        )
    return shown


# Only the columns the timeline needs; compiled once (onewindow.prepared): every tracking lookup runs it.
_PUBLIC_EVENTS = Prepared(
    lambda case_id: (
        CaseEvent.objects.filter(case_id=case_id, task__isnull=True)
        .filter(action__in=sorted(workflow.PUBLIC_ACTIONS))
        .only("case_id", "day", "action", "note", "details", "pause_kind", "days", "task_id", "at")
        .order_by("at", "pk")
    ),
    int,
)


def events_of(case) -> list[CaseEvent]:
    """The case's public timeline events in one query."""
    events = _PUBLIC_EVENTS.all(case.pk)
    field = CaseEvent._meta.get_field("case")
    for event in events:
        field.set_cached_value(event, case)
    return events
