"""Steps 4 and 5: the minutes (下发会议纪要) and the centre's supervision of every decision (中心督办).

The office drafts the minutes from the decisions (drafted within `ONSITE_MINUTES_DRAFT_DAYS` working days
of the session, issued within `ONSITE_MINUTES_ISSUE_DAYS`: the issue limit runs on the shared time
limits, kind "minutes", so late minutes turn red in the one warning sweep and the office is told once);
the leader approves them; the office issues them, numbered (JY…): minutes whose decision lacks a unit or
a deadline cannot go out. Issuing makes every decision a supervision matter (source: on-site decision)
assigned to its unit, whose deadline is the decision's: the matter's ladder, feedback and closing are
supervision's own, and the decision reads its state from its matter."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from onewindow.audit import services as audit
from onewindow.core.clock import ClockEvent, EventKind, read_clock
from onewindow.core.workdays import CalendarNotLoaded, WorkCalendar
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.notices.announcements import Announcement, Digest, announce
from onewindow.numbering.series import Series, allocate_number, register
from onewindow.org.permissions import actor_of
from onewindow.supervision.choices import Source
from onewindow.supervision.matter_clock import office_people
from onewindow.supervision.matter_services import NewMatter, register_matter
from onewindow.timelimits import reading
from onewindow.timelimits.choices import Warning
from onewindow.timelimits.registry import TimeLimitKind
from onewindow.timelimits.registry import register as register_kind
from onewindow.workcalendar.services import current_calendar

from .choices import MinutesStatus, SessionStatus
from .models import Decision, Minutes, OfficeDay
from .selectors import decisions_of, in_office, is_leader_of

MINUTES = register(Series("minutes", "JY", 3, 6, "%Y%m%d", gettext_lazy("会议纪要编号")))
TEXT_MAX = 20000
# Minutes due and not out: of a held session that decided something (one that decided nothing has none
# to issue).
NOT_ISSUED = (
    ~Q(status=MinutesStatus.ISSUED)
    & Q(session__status=SessionStatus.HELD)
    & Q(Exists(Decision.objects.filter(session_id=OuterRef("session_id"))))
)


def _refuse(field_name: str, message: str, code: str):
    raise Invalid(message, code=code, details={"fields": {field_name: message}})


def incomplete(decisions: list[Decision]) -> list[Decision]:
    """The decisions the minutes cannot go out with: without a responsible unit or a deadline."""
    return [d for d in decisions if d.unit_id is None or d.days is None or d.due_on is None]


def generated_text(session: OfficeDay, decisions: list[Decision]) -> str:
    """The minutes' text from the decisions, in the hall's language (an official document)."""
    with override("zh-hans"):
        lines = [
            _("%(day)s，%(title)s%(leader)s在%(body)s现场办公，研究解决企业和群众反映的问题。现纪要如下：")
            % {
                "day": f"{session.day.year}年{session.day.month}月{session.day.day}日",
                "title": session.leader.title,
                "leader": session.leader.staff.full_name,
                "body": session.body.name,
            }
        ]
        present = "、".join(session.present.order_by("sort_order", "pk").values_list("name", flat=True))
        if present:
            lines.append(_("参加单位：%(units)s。") % {"units": present})
        numerals = "一二三四五六七八九十"
        for n, decision in enumerate(decisions):
            mark = numerals[n] if n < len(numerals) else str(n + 1)
            lines.append(f"{mark}、{decision.topic.title}（{decision.topic.submitter_name}）")
            lines.append(
                _(
                    "会议决定：%(text)s 责任单位：%(unit)s；责任人：%(person)s；"
                    "完成时限：%(days)s 个工作日内（%(due)s 前）。"
                )
                % {
                    "text": decision.text,
                    "unit": decision.unit.name if decision.unit_id else _("（未定）"),
                    "person": decision.person or _("（未定）"),
                    "days": decision.days if decision.days is not None else _("（未定）"),
                    "due": decision.due_on.isoformat() if decision.due_on else _("（未定）"),
                }
            )
        lines.append(_("以上事项由中心督查督办，各责任单位按时限反馈落实情况。"))
    return "\n".join(lines)


def start(session: OfficeDay, on: date) -> Minutes:
    """The minutes fall due as the session is held: their row is made then (empty until drafted), so the
    issue limit runs, and turns red, whether or not anyone drafts them. Called in the hold's transaction."""
    try:
        draft_due = current_calendar().add_workdays(session.day, settings.ONSITE_MINUTES_DRAFT_DAYS)
    except CalendarNotLoaded:
        draft_due = session.day
    minutes = Minutes.objects.create(
        session=session, limit_days=settings.ONSITE_MINUTES_ISSUE_DAYS, draft_due=draft_due, text=""
    )
    refresh(minutes, on)
    return minutes


def _locked(session: OfficeDay) -> tuple[OfficeDay, Minutes]:
    """Every step on the minutes, and every change of a decision, locks the office day first and then
    reads its minutes: they never race each other."""
    locked = OfficeDay.objects.select_for_update().get(pk=session.pk)
    minutes = Minutes.objects.select_for_update().filter(session=locked).first()
    if locked.status != SessionStatus.HELD or minutes is None:
        raise Conflict(_("现场办公召开后才能起草纪要。"), code="session_not_held")
    return locked, minutes


def _redraft(locked: OfficeDay, minutes: Minutes, actor, on: date) -> None:
    decisions = decisions_of(locked)
    if not decisions:
        raise Conflict(_("本场还没有作出决定，无法起草纪要。"), code="no_decisions")
    minutes.text, minutes.drafted_on, minutes.drafted_by = generated_text(locked, decisions), on, _user(actor)
    minutes.save(update_fields=["text", "drafted_on", "drafted_by"])


def draft(*, actor, session: OfficeDay, on: date | None = None) -> Minutes:
    """Draft (or draft again, while not approved) the minutes from the session's decisions."""
    on = on or reading.today()
    if not in_office(actor_of(actor), session.body_id):
        raise Forbidden()
    with transaction.atomic():
        locked, minutes = _locked(session)
        if minutes.status != MinutesStatus.DRAFT:
            raise Conflict(_("纪要已审定，不能重新起草。"), code="minutes_approved")
        _redraft(locked, minutes, actor, on)
        audit.record(actor=actor, action="onsite.minutes.draft", obj=minutes, after={"session": locked.pk})
    return minutes


def decisions_changed(locked: OfficeDay, actor, on: date) -> None:
    """A decision was made or changed (the caller holds the office day's lock): refused once the minutes
    are approved; a draft already written is written again from the decisions, so it never says other
    than they do."""
    minutes = Minutes.objects.select_for_update().filter(session=locked).first()
    if minutes is not None and minutes.status != MinutesStatus.DRAFT:
        raise Conflict(_("纪要已审定，决定不能再改。"), code="minutes_approved")
    if minutes is not None and minutes.text:
        _redraft(locked, minutes, actor, on)


def edit(*, actor, minutes: Minutes, text: str) -> Minutes:
    """The office corrects the draft's wording (the decisions themselves are changed on the session)."""
    if not in_office(actor_of(actor), minutes.session.body_id):
        raise Forbidden()
    text = (text or "").strip()
    if not text:
        _refuse("text", _("纪要正文不能为空。"), "text_required")
    if len(text) > TEXT_MAX:
        _refuse("text", _("纪要正文不能超过 %(n)s 个字。") % {"n": TEXT_MAX}, "too_long")
    with transaction.atomic():
        _session, locked = _locked(minutes.session)
        if locked.status != MinutesStatus.DRAFT:
            raise Conflict(_("纪要已审定，不能再改。"), code="minutes_approved")
        if not locked.text:
            raise Conflict(_("请先由决定生成纪要草稿。"), code="not_drafted")
        locked.text = text
        locked.save(update_fields=["text"])
        audit.record(actor=actor, action="onsite.minutes.edit", obj=locked, after={"length": len(text)})
    return locked


def _check_complete(session: OfficeDay) -> list[Decision]:
    decisions = decisions_of(session)
    missing = incomplete(decisions)
    if missing:
        raise Conflict(
            _("有 %(n)s 项决定未写明责任单位或完成时限（%(topics)s），请先补全。")
            % {"n": len(missing), "topics": "、".join(d.topic.number for d in missing)},
            code="decision_incomplete",
            details={"decisions": [d.pk for d in missing]},
        )
    return decisions


def approve(*, actor, minutes: Minutes) -> Minutes:
    """The leader who sat approves the draft (审定)."""
    session = minutes.session
    who = actor_of(actor)
    if not (is_leader_of(who, session) or who.is_admin):
        raise Forbidden()
    with transaction.atomic():
        locked_session, locked = _locked(session)
        if locked.status != MinutesStatus.DRAFT:
            raise Conflict(_("纪要已审定。"), code="minutes_approved")
        if not locked.text:
            raise Conflict(_("请先由决定生成纪要草稿。"), code="not_drafted")
        _check_complete(locked_session)
        locked.status, locked.approved_at = MinutesStatus.APPROVED, timezone.now()
        locked.save(update_fields=["status", "approved_at"])
        audit.record(
            actor=actor, action="onsite.minutes.approve", obj=locked, after={"status": locked.status}
        )
    return locked


def issue(*, actor, minutes: Minutes, on: date | None = None) -> Minutes:
    """Issue approved minutes: numbered, and every decision registered as a supervision matter assigned
    to its unit (told once by supervision's assignment notice)."""
    on = on or reading.today()
    session = minutes.session
    if not in_office(actor_of(actor), session.body_id):
        raise Forbidden()
    with transaction.atomic():
        locked_session, locked = _locked(session)
        if locked.status != MinutesStatus.APPROVED:
            raise Conflict(_("纪要须经领导审定后才能印发。"), code="minutes_not_approved")
        decisions = _check_complete(locked_session)
        for decision in decisions:
            decision.matter = register_matter(
                actor=actor, body=locked_session.body, new=_matter_of(decision), on=on
            )
        Decision.objects.bulk_update(decisions, ["matter"])
        locked.status, locked.issued_on, locked.issued_by = MinutesStatus.ISSUED, on, _user(actor)
        locked.number = allocate_number(MINUTES, locked_session.body.division.code[:6], on)
        locked.save(update_fields=["status", "issued_on", "issued_by", "number"])
        refresh(locked, on)
        audit.record(
            actor=actor,
            action="onsite.minutes.issue",
            obj=locked,
            after={"number": locked.number, "matters": [d.matter.number for d in decisions]},
        )
    return locked


def _matter_of(decision: Decision) -> NewMatter:
    """The supervision matter of a decision: its unit, its person, and its limit counted from the session,
    as the decision's is, so that the matter falls due exactly on the decision's deadline however late the
    minutes go out; registered and assigned (the unit told, its feedback due) on the issue day."""
    topic = decision.topic
    title = _("现场办公决定：%(title)s") % {"title": topic.title}
    return NewMatter(
        source=Source.ONSITE,
        title=title[:100],
        content=_("%(text)s（议题 %(number)s，%(day)s 现场办公，完成期限 %(due)s）")
        % {
            "text": decision.text,
            "number": topic.number,
            "day": decision.session.day,
            "due": decision.due_on,
        },
        requester_name=topic.submitter_name[:50],
        requester_phone=topic.submitter_phone,
        respondent_unit=decision.unit,
        respondent_person=decision.person,
        feedback_days=1,
        completion_days=decision.days,
        case=decision.expedite_case or topic.case,
        external_id=f"onsite:{decision.pk}",
        assign_to_respondent=True,
        clock_from=decision.session.day,
    )


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# The issue limit, on the shared time limits.


def _reading(minutes: Minutes, calendar: WorkCalendar, on: date):
    events = [ClockEvent(EventKind.FINISH, minutes.issued_on)] if minutes.issued_on else []
    return read_clock(
        calendar, limit_days=minutes.limit_days, accepted_on=minutes.session.day, events=events, today=on
    )


def refresh(minutes: Minutes, on: date) -> None:
    calendar = current_calendar()
    reading.refresh_row(minutes, lambda: _reading(minutes, calendar, on), calendar, on)


def recompute_after_import(calendar: WorkCalendar, on: date) -> int:
    count = 0
    for minutes in Minutes.objects.filter(NOT_ISSUED).select_related("session").iterator(chunk_size=500):
        refresh(minutes, on)
        count += 1
    return count


def _digest_text(level: str, count: int) -> str:
    return _("%(count)s 份现场办公纪要超过时限未印发。") % {"count": count}


_DIGEST = Digest(text=_digest_text, link=lambda level: "/onsite/")


def announce_late(rows: list[Minutes], day: date) -> None:
    """Minutes not issued in time (red): the office of the centre is told once."""
    found = list(Minutes.objects.filter(pk__in=[m.pk for m in rows]).select_related("session__leader__staff"))
    people = office_people({m.session.body_id for m in found})
    batch = [
        Announcement(
            level=Warning.RED,
            text=lambda m=m: (
                _("现场办公纪要超过时限未印发：%(day)s %(leader)s")
                % {"day": m.session.day.isoformat(), "leader": m.session.leader.staff.full_name}
            ),
            link=f"/onsite/sessions/{m.session_id}/",
            recipients=people.get(m.session.body_id, set()),
        )
        for m in found
        if m.warning == Warning.RED
    ]
    announce(batch, _DIGEST)


register_kind(
    TimeLimitKind(
        name="minutes",
        model=Minutes,
        open=NOT_ISSUED,
        recompute=recompute_after_import,
        announce=announce_late,
        announce_fields=("pk", "warning"),
    )
)
