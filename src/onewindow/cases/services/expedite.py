"""A leader's on-site decision to hurry a stuck case (督促加快办理), written on the case's timeline as an
event of its own (public: the applicant sees that the case was taken up), the case's status and clock
unchanged. The rooms above (onsite) call it inside their own transaction."""

from datetime import date

from onewindow.cases.choices import Action
from onewindow.cases.models import Case, CaseEvent
from onewindow.org.permissions import actor_of

from .steps import _event

NOTE_MAX = 500


def mark_expedited(case: Case, *, user, day: date, note: str) -> CaseEvent:
    return _event(case, actor_of(user), Action.EXPEDITE, case.status, case.status, day, note=note[:NOTE_MAX])
