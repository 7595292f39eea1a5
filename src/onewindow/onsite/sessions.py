"""Step 3, the session itself (领导现场办公): attendance, issues registered on the spot from people in the
hall, and a decision per item naming the responsible unit and person, a deadline in working days from
the session and what is to be done; a decision may hurry a stuck case, which its timeline then shows.
A session closes once every decision is closed (step 6)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.cases.choices import BEFORE_ACCEPTANCE, OPEN_STATUSES
from onewindow.cases.models import Case
from onewindow.cases.services.expedite import mark_expedited
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.org.models import Department
from onewindow.org.permissions import actor_of
from onewindow.supervision.choices import MatterStatus
from onewindow.supervision.matter_services import DAYS_MAX  # a decision becomes a matter of its days
from onewindow.timelimits import reading
from onewindow.workcalendar.services import current_calendar

from . import minutes, topics
from .choices import Channel, MinutesStatus, SessionStatus, TopicStatus
from .models import Decision, OfficeDay, Topic
from .selectors import in_office, is_leader_of

ATTENDEES_MAX, DECISION_MAX, PERSON_MAX = 500, 2000, 50
STUCK = OPEN_STATUSES | BEFORE_ACCEPTANCE  # a case a decision can still hurry


def _refuse(field_name: str, message: str, code: str):
    raise Invalid(message, code=code, details={"fields": {field_name: message}})


def runs(actor, session: OfficeDay) -> bool:
    """May take the session's steps: the office, or the leader who sits."""
    who = actor_of(actor)
    return in_office(who, session.body_id) or is_leader_of(who, session)


def _require(actor, session: OfficeDay) -> None:
    if not runs(actor, session):
        raise Forbidden()


def _locked(session: OfficeDay) -> OfficeDay:
    return OfficeDay.objects.select_for_update().get(pk=session.pk)


def hold(
    *, actor, session: OfficeDay, present_ids: list[int], attendees: str, on: date | None = None
) -> OfficeDay:
    """Open the session and record who came (the departments, and the names)."""
    _require(actor, session)
    on = on or reading.today()
    attendees = (attendees or "").strip()
    if len(attendees) > ATTENDEES_MAX:
        _refuse("attendees", _("参会人员不能超过 %(n)s 个字。") % {"n": ATTENDEES_MAX}, "too_long")
    units = list(
        Department.objects.filter(
            pk__in=present_ids, body__division__code__startswith=session.body.division.prefix
        )
    )
    if len(units) != len(set(present_ids)):
        _refuse("present", _("请选择本地区的部门。"), "department_out_of_scope")
    with transaction.atomic():
        locked = _locked(session)
        if locked.status != SessionStatus.SCHEDULED:
            raise Conflict(_("该场现场办公已召开或已取消。"), code="session_not_scheduled")
        if on < locked.day:
            raise Conflict(_("现场办公日期未到。"), code="session_not_due")
        locked.status, locked.attendees, locked.held_at = SessionStatus.HELD, attendees, timezone.now()
        locked.save(update_fields=["status", "attendees", "held_at"])
        locked.present.set(units)
        minutes.start(locked, on)
        audit.record(
            actor=actor, action="onsite.session.hold", obj=locked, after={"present": [u.pk for u in units]}
        )
    return locked


def walk_in(*, actor, session: OfficeDay, new: topics.NewTopic, on: date | None = None) -> Topic:
    """An issue raised on the spot by someone in the hall (现场接访): registered, accepted and put on the
    agenda at once."""
    _require(actor, session)
    on = on or reading.today()
    with transaction.atomic():
        locked = _locked(session)
        if locked.status != SessionStatus.HELD:
            raise Conflict(_("现场办公召开后才能登记现场来访。"), code="session_not_held")
        if topics.minutes_settled(locked):
            raise Conflict(_("纪要已审定，议程不能再加。"), code="minutes_approved")
        topic = topics.submit(
            actor=actor, body=locked.body, new=new, channel=Channel.WALK_IN, on=on, walked_in=True
        )
        topic.status, topic.vetted_on, topic.session = TopicStatus.SCHEDULED, on, locked
        topic.position = (locked.topics.aggregate(n=Max("position"))["n"] or 0) + 1
        topic.save(update_fields=["status", "vetted_on", "session", "position"])
        audit.record(actor=actor, action="onsite.topic.walk_in", obj=topic, after={"session": locked.pk})
    return topic


@dataclass
class DecisionInput:
    """A decision on an agenda item. The unit and the days may wait until the minutes (which refuse to
    go out without them); the text may not."""

    topic_number: str
    text: str
    unit_id: int | None = None
    person: str = ""
    days: int | None = None
    expedite_case_number: str = ""


def _decision_fields(session: OfficeDay, data: DecisionInput) -> dict:
    text, person = (data.text or "").strip(), (data.person or "").strip()
    if not text:
        _refuse("text", _("请写明决定的内容。"), "text_required")
    if len(text) > DECISION_MAX:
        _refuse("text", _("决定内容不能超过 %(n)s 个字。") % {"n": DECISION_MAX}, "too_long")
    if len(person) > PERSON_MAX:
        _refuse("person", _("责任人不能超过 %(n)s 个字。") % {"n": PERSON_MAX}, "too_long")
    fields = {"text": text, "person": person, "unit": None, "days": data.days, "due_on": None}
    area = session.body.division.prefix
    if data.unit_id is not None:
        fields["unit"] = Department.objects.filter(
            pk=data.unit_id, is_active=True, body__division__code__startswith=area
        ).first()
        if fields["unit"] is None:
            _refuse("unit", _("请选择本地区的责任单位。"), "unit_out_of_scope")
    if data.days is not None:
        if not 1 <= data.days <= DAYS_MAX:
            _refuse("days", _("办理时限须在 1 到 %(n)s 个工作日之间。") % {"n": DAYS_MAX}, "days_range")
        try:
            fields["due_on"] = current_calendar().add_workdays(session.day, data.days)
        except CalendarNotLoaded as missing:
            _refuse(
                "days", _("%(year)s 年的工作日历尚未导入。") % {"year": missing.year}, "calendar_not_loaded"
            )
    number = (data.expedite_case_number or "").strip()
    fields["expedite_case"] = None
    if number:
        fields["expedite_case"] = Case.objects.filter(
            number=number, body__division__code__startswith=area
        ).first()
        if fields["expedite_case"] is None:
            _refuse("expedite_case_number", _("没有找到本地区的这个办件编号。"), "case_not_found")
        if fields["expedite_case"].status not in STUCK:
            _refuse("expedite_case_number", _("该办件已办结，无需督促。"), "case_finished")
    return fields


def _editable(session: OfficeDay) -> None:
    if session.status != SessionStatus.HELD:
        raise Conflict(_("现场办公召开后才能记录决定。"), code="session_not_held")


def decide(*, actor, session: OfficeDay, data: DecisionInput, on: date | None = None) -> Decision:
    """Record a decision on an item of this session's agenda."""
    _require(actor, session)
    on = on or reading.today()
    with transaction.atomic():
        locked = _locked(session)
        _editable(locked)
        topic = (
            Topic.objects.select_for_update()
            .filter(session=locked, number=(data.topic_number or "").strip())
            .first()
        )
        if topic is None:
            _refuse("topic_number", _("请选择本场议程上的议题。"), "topic_not_on_agenda")
        fields = _decision_fields(locked, data)
        decision = Decision.objects.create(session=locked, topic=topic, decided_by=_user(actor), **fields)
        if topic.status != TopicStatus.DECIDED:
            topic.status = TopicStatus.DECIDED
            topic.save(update_fields=["status"])
        minutes.decisions_changed(locked, actor, on)  # refused (all undone) once the minutes are approved
        if decision.expedite_case is not None:
            mark_expedited(
                decision.expedite_case,
                user=_user(actor),
                day=on,
                note=_("%(leader)s 现场办公决定：%(text)s")
                % {"leader": locked.leader.staff.full_name, "text": decision.text},
            )
        audit.record(actor=actor, action="onsite.decision.create", obj=decision, after=_audited(decision))
    return decision


def amend(*, actor, decision: Decision, data: DecisionInput) -> Decision:
    """Complete or correct a decision before the minutes are approved (the unit, person, days or text)."""
    session = decision.session
    _require(actor, session)
    with transaction.atomic():
        locked_session = _locked(session)
        _editable(locked_session)
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        data.expedite_case_number = ""  # a case once hurried stays hurried: its event is written
        fields = _decision_fields(locked_session, data)
        fields.pop("expedite_case")
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(fields))
        minutes.decisions_changed(locked_session, actor, reading.today())
        audit.record(actor=actor, action="onsite.decision.amend", obj=locked, after=_audited(locked))
    return locked


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _audited(decision: Decision) -> dict:
    return {
        "topic": decision.topic_id,
        "unit": decision.unit_id,
        "days": decision.days,
        "due_on": decision.due_on.isoformat() if decision.due_on else None,
        "expedite_case": decision.expedite_case_id,
    }


def open_decisions(session: OfficeDay) -> int:
    """Decisions not yet closed: without a matter (minutes not issued), or whose matter is open."""
    return session.decisions.exclude(matter__status=MatterStatus.CLOSED).count()


def close(*, actor, session: OfficeDay, on: date | None = None) -> OfficeDay:
    """Close a session whose every decision is closed (and whose minutes are issued); a session that
    decided nothing (its issues were answered on the spot) closes once held."""
    on = on or reading.today()
    if not in_office(actor_of(actor), session.body_id):
        raise Forbidden()
    with transaction.atomic():
        locked = _locked(session)
        if locked.status != SessionStatus.HELD:
            raise Conflict(_("只能办结已召开的现场办公。"), code="session_not_held")
        issued = getattr(locked, "minutes", None)
        decided = locked.decisions.exists()  # a session that decided nothing has no minutes to issue
        if decided and (issued is None or issued.status != MinutesStatus.ISSUED):
            raise Conflict(_("纪要印发后才能办结。"), code="minutes_not_issued")
        undecided = locked.topics.exclude(status=TopicStatus.DECIDED).count()
        if undecided:
            raise Conflict(
                _("议程上还有 %(n)s 个议题未作决定：请作出决定，或列入其他场次。") % {"n": undecided},
                code="agenda_undecided",
            )
        left = open_decisions(locked)
        if left:
            raise Conflict(
                _("还有 %(n)s 项决定未办结，不能办结本场现场办公。") % {"n": left}, code="decisions_open"
            )
        locked.status, locked.closed_on = SessionStatus.CLOSED, on
        locked.save(update_fields=["status", "closed_on"])
        audit.record(
            actor=actor, action="onsite.session.close", obj=locked, after={"closed_on": on.isoformat()}
        )
    return locked
