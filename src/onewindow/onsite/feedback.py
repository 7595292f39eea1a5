"""Step 6, how the decisions were carried out (反馈落实情况): each decision's state is its supervision
matter's (the unit's feedback, the office's closing); the session, the leader and the submitter all read
it here. The submitter then says whether the issue is solved."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.errors import Conflict, Invalid
from onewindow.supervision import origins
from onewindow.supervision.choices import MatterStatus
from onewindow.supervision.origins import Origin

from .choices import Solved
from .models import Decision, Topic

NOTE_MAX = 300


@dataclass(frozen=True)
class Outcome:
    """What became of one decision, as its matter says."""

    decision: Decision
    state: str  # the matter's status label, or "待印发纪要"
    closed: bool
    feedback: str  # the unit's report of how it was carried out
    reply: str  # the office's answer to the submitter
    late: bool


def is_late(matter, on: date) -> bool:
    """A decision's matter closed late, or open past its deadline on `on`."""
    if matter.status == MatterStatus.CLOSED:
        return matter.finished_late
    return matter.deadline is not None and on > matter.deadline


def outcome(decision: Decision, on: date) -> Outcome:
    matter = decision.matter
    if matter is None:
        return Outcome(decision, _("待印发纪要"), False, "", "", False)
    late = is_late(matter, on)
    return Outcome(
        decision,
        str(matter.get_status_display()),
        matter.status == MatterStatus.CLOSED,
        matter.feedback,
        matter.reply,
        late,
    )


def outcomes(decisions, on: date) -> list[Outcome]:
    return [outcome(d, on) for d in decisions]


def topic_decisions(topic: Topic) -> list[Decision]:
    return list(topic.decisions.select_related("unit", "matter", "session").order_by("pk"))


def answered_by(topic: Topic) -> Topic:
    """The issue whose decisions answer this one: a duplicate is answered by the issue it was merged into
    (and that one, if merged in turn, by its own)."""
    seen = {topic.pk}
    while topic.merged_into_id and topic.merged_into_id not in seen:
        seen.add(topic.merged_into_id)
        topic = topic.merged_into
    return topic


def is_resolved(decisions: list[Decision]) -> bool:
    """Every decision on the issue is closed (and there is at least one)."""
    return bool(decisions) and all(
        d.matter is not None and d.matter.status == MatterStatus.CLOSED for d in decisions
    )


def say_solved(*, topic: Topic, solved: str, note: str = "", actor=None) -> Topic:
    """The submitter says whether the issue is solved, once every decision on it has been fed back."""
    note = (note or "").strip()
    if solved not in Solved.values:
        raise Invalid(
            _("请选择问题是否已解决。"),
            code="solved_required",
            details={"fields": {"solved": _("请选择问题是否已解决。")}},
        )
    if len(note) > NOTE_MAX:
        raise Invalid(_("说明不能超过 %(n)s 个字。") % {"n": NOTE_MAX}, code="too_long")
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if locked.solved:
            raise Conflict(_("您已经评价过了。"), code="already_rated")
        decisions = topic_decisions(answered_by(locked))
        fed_back = decisions and all(
            d.matter is not None and d.matter.status in (MatterStatus.FED_BACK, MatterStatus.CLOSED)
            for d in decisions
        )
        if not fed_back:
            raise Conflict(_("责任单位反馈落实情况后才能评价。"), code="not_fed_back")
        locked.solved, locked.solved_note = solved, note
        locked.save(update_fields=["solved", "solved_note"])
        audit.record(actor=actor, action="onsite.topic.solved", obj=locked, after={"solved": solved})
    return locked


def _origin(key: str) -> Origin | None:
    """The matter of an on-site decision links back to its session."""
    decision = (
        Decision.objects.filter(pk=int(key) if key.isdigit() else 0)
        .select_related("session__leader__staff")
        .first()
    )
    if decision is None:
        return None
    session = decision.session
    label = _("%(day)s %(leader)s 现场办公决定") % {
        "day": session.day.isoformat(),
        "leader": session.leader.staff.full_name,
    }
    return Origin(label, f"/onsite/sessions/{session.pk}/")


origins.register("onsite", _origin)
