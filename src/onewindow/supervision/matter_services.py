"""Registering supervision matters and taking their steps: one place for the page, the API and the sweeps.

Every step is checked against the procedure (`matter_flow.MATTER`), written with its timeline event and
audit record in one transaction on the locked matter, and re-reads the matter's clock when it implies a
clock event. Whom a step concerns is told once through the shared announcements.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from onewindow import inserts
from onewindow.audit import services as audit
from onewindow.cases.models import Case
from onewindow.cases.numbering import new_query_code
from onewindow.core.masking import mask_phone
from onewindow.errors import Invalid
from onewindow.org.models import Department, ServiceBody
from onewindow.org.permissions import Actor, actor_of, require_role
from onewindow.org.roles import Role

from . import matter_clock
from .choices import FollowUp, Source, Urgency
from .defaults import DEFAULT_TERMS
from .ladder import climb
from .matter_flow import ACTION_LABELS, MATTER
from .models import Card, Matter, MatterEvent
from .numbering import matter_number, matter_numbers
from .selectors import units_of

TEXT_MAX = 4000
REASON_MAX = 300
DAYS_MAX = 60


@dataclass
class NewMatter:
    """What registering a matter needs (立项); the limits default by urgency (`defaults.DEFAULT_TERMS`)."""

    source: str
    title: str
    content: str
    urgency: str = Urgency.NORMAL
    requester_name: str = ""
    requester_phone: str = ""
    respondent_unit: Department | int | None = None
    respondent_person: str = ""
    feedback_days: int | None = None
    completion_days: int | None = None
    case: Case | None = None
    card: Card | None = None
    external_id: str = ""
    co_units: list = field(default_factory=list)
    # Assign it to the respondent unit at once, as part of registering (a leader's on-site decision
    # names its unit already; nothing is left for the office to choose).
    assign_to_respondent: bool = False
    # With it, the completion clock may run from an earlier day than the registration (an on-site
    # decision's runs from the session that made it, so the matter falls due on the decision's deadline);
    # the feedback is due from the registration, when the unit is told.
    clock_from: date | None = None


def _clean(new: NewMatter) -> None:
    errors = {}
    new.title, new.content = (new.title or "").strip(), (new.content or "").strip()
    new.requester_name, new.requester_phone = (
        (new.requester_name or "").strip(),
        (new.requester_phone or "").strip(),
    )
    if new.source not in Source.values:
        errors["source"] = _("请选择事项来源。")
    if new.urgency not in Urgency.values:
        errors["urgency"] = _("请选择紧急程度。")
    if not new.title:
        errors["title"] = _("请填写标题。")
    elif len(new.title) > 100:
        errors["title"] = _("标题不能超过 100 个字。")
    if not new.content:
        errors["content"] = _("请填写事项内容。")
    elif len(new.content) > TEXT_MAX:
        errors["content"] = _("内容不能超过 %(n)s 个字。") % {"n": TEXT_MAX}
    new.respondent_person = (new.respondent_person or "").strip()
    if len(new.respondent_person) > 50:
        errors["respondent_person"] = _("被投诉人不能超过 50 个字。")
    if len(new.requester_name) > 50:
        errors["requester_name"] = _("诉求人姓名不能超过 50 个字。")
    if new.requester_phone and not (
        7 <= len(new.requester_phone) <= 20 and all(c.isdigit() or c == "-" for c in new.requester_phone)
    ):
        errors["requester_phone"] = _("请填写正确的电话号码（数字，可含区号和“-”）。")
    for name in ("feedback_days", "completion_days"):
        days = getattr(new, name)
        if days is not None and not 1 <= days <= DAYS_MAX:
            errors[name] = _("天数须在 1 到 %(n)s 个工作日之间。") % {"n": DAYS_MAX}
    if errors:
        raise Invalid(next(iter(errors.values())), code="invalid_matter", details={"fields": errors})


def register_matter(*, actor, body: ServiceBody, new: NewMatter, on: date | None = None) -> Matter:
    """Register (立项) a matter in a centre. A supervisor of its area registers by hand; the sweeps
    (a red card) and the hotline pass `actor=None`/an API user. A ticket already registered (the same
    source and external id) returns the matter it made, unchanged: pushing a ticket twice is harmless."""
    if actor is not None and new.source != Source.HOTLINE:
        require_role(actor_of(actor), Role.SUPERVISOR)
    _clean(new)
    if new.respondent_unit is not None:  # a unit or its id, of the centre's area
        pk = getattr(new.respondent_unit, "pk", new.respondent_unit)
        new.respondent_unit = units_of(body).filter(pk=pk, is_active=True).first()
        if new.respondent_unit is None:
            message = _("被投诉单位须是本地区的单位。")
            raise Invalid(message, code="invalid_matter", details={"fields": {"respondent_unit": message}})
    on = on or matter_clock.today()
    if new.external_id:
        known = Matter.objects.filter(source=new.source, external_id=new.external_id).first()
        if known is not None:
            return known
    try:
        with transaction.atomic():
            matter = _built(actor=actor, body=body, new=new, on=on)
            matter.number = matter_number(body.division.code, on)
            matter.save()
            if new.co_units:
                matter.co_units.set(new.co_units)
            record_event(matter, "register", actor, on, text=new.title)
            if new.assign_to_respondent:
                _assign_at_registration(actor, matter, on, clock_from=new.clock_from)
            _audit_registered(actor, matter)
    except IntegrityError:  # the same ticket pushed twice at once: the other push registered it
        known = Matter.objects.filter(source=new.source, external_id=new.external_id).first()
        if new.external_id and known is not None:
            return known
        raise
    return matter


def _assign_at_registration(actor, matter: Matter, on: date, *, clock_from: date | None = None) -> None:
    """The assign step (交办) taken with the registration, to the respondent unit: the same event, clock
    and notice as the office's own `take(..., "assign")`; the completion clock from `clock_from` if given."""
    if matter.respondent_unit is None:
        raise Invalid(_("请选择承办单位。"), code="lead_unit_required")
    matter.lead_unit = matter.respondent_unit
    matter_clock.start_round(matter, on)
    if clock_from is not None and clock_from < on:
        matter.assigned_on = clock_from
    matter.status = MATTER.next_status(matter.status, "assign")
    record_event(matter, "assign", actor, on, clock="start", department=matter.lead_unit)
    matter.save()
    matter_clock.refresh(matter, on)
    matter_clock.tell_of_step(matter, "assign", "")


def register_matters(entries: list[tuple[ServiceBody, NewMatter]], *, on: date) -> list[Matter]:
    """Register many matters at once by the system (no actor; `generate` writes its days of tickets with
    it; a sweep's red cards have their own set-based path, `card_matters`), each as `register_matter`
    would: the same checks, terms and query code (`_built`), a number of the same series (a block per
    area, `matter_numbers`), its register event and audit record; written a table at a time. A ticket
    already registered, or twice in `entries`, is registered once. Call it in a transaction that no other
    registration of these tickets runs beside; returns the matters registered."""
    fresh: dict = {}
    for body, new in entries:
        _clean(new)
        key = (new.source, new.external_id) if new.external_id else len(fresh)
        fresh.setdefault(key, (body, new))
    tickets = [key for key in fresh if isinstance(key, tuple)]
    for ticket in Matter.objects.filter(
        source__in={source for source, _id in tickets}, external_id__in=[ticket for _s, ticket in tickets]
    ).values_list("source", "external_id"):
        fresh.pop(ticket, None)
    by_area: dict[str, list[Matter]] = {}
    news = {}
    for body, new in fresh.values():
        matter = _built(actor=None, body=body, new=new, on=on)
        by_area.setdefault(body.division.code[:6], []).append(matter)
        news[id(matter)] = new
    matters = []
    with transaction.atomic():
        for area, group in sorted(by_area.items()):
            for matter, number in zip(group, matter_numbers(area, on, len(group)), strict=True):
                matter.number = number
            matters += group
        Matter.objects.bulk_create(matters)
        for matter in matters:
            if news[id(matter)].co_units:
                matter.co_units.set(news[id(matter)].co_units)
        MatterEvent.objects.bulk_create([_event_row(m, "register", None, on, text=m.title) for m in matters])
        with inserts.together():
            for matter in matters:
                _audit_registered(None, matter)
    return matters


def _built(*, actor, body: ServiceBody, new: NewMatter, on: date) -> Matter:
    """The matter `new` registers, not yet numbered nor saved: its limits (by urgency unless given) and
    its query code. The one recipe of `register_matter` and `register_matters`."""
    feedback, completion = DEFAULT_TERMS[new.urgency]
    return Matter(
        body=body,
        source=new.source,
        urgency=new.urgency,
        title=new.title,
        content=new.content,
        requester_name=new.requester_name,
        requester_phone=new.requester_phone,
        respondent_unit=new.respondent_unit,
        respondent_person=new.respondent_person,
        feedback_days=new.feedback_days or feedback,
        limit_days=new.completion_days or completion,
        case=new.case,
        card=new.card,
        external_id=new.external_id,
        registered_on=on,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        query_code=new_query_code(),
    )


def _audit_registered(actor, matter: Matter) -> None:
    audit.record(actor=actor, action="supervision.matter.register", obj=matter, after=_audited(matter))


def _audited(matter: Matter) -> dict:
    return {
        "number": matter.number,
        "status": matter.status,
        "source": matter.source,
        "lead_unit": matter.lead_unit_id,
        "requester_phone": mask_phone(matter.requester_phone),
        "deadline": matter.deadline.isoformat() if matter.deadline else None,
        "feedback_due": matter.feedback_due.isoformat() if matter.feedback_due else None,
        "extension_days": matter.extension_days,
        "rung": matter.rung,
    }


def record_event(matter, action, actor, on, **fields) -> MatterEvent:
    event = _event_row(matter, action, actor, on, **fields)
    event.save(force_insert=True)
    return event


def _event_row(
    matter, action, actor, on, *, text="", department=None, days=0, late_days=0, result="", clock=""
) -> MatterEvent:
    return MatterEvent(
        matter=matter,
        action=action,
        day=on,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        department=department,
        text=text,
        days=days,
        late_days=late_days,
        result=result,
        clock=clock,
    )


def _text(value, *, required: str, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise Invalid(required, code="text_required")
    if len(value) > limit:
        raise Invalid(_("内容不能超过 %(n)s 个字。") % {"n": limit}, code="text_too_long")
    return value


def _days(value) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= DAYS_MAX:
        raise Invalid(_("延期天数须在 1 到 %(n)s 个工作日之间。") % {"n": DAYS_MAX}, code="invalid_days")
    return days


def take(*, actor, matter: Matter, action: str, data: dict | None = None, on: date | None = None) -> Matter:
    """Take one step of the procedure on a matter, as the spec allows this actor now; returns it fresh."""
    data = data or {}
    on = on or matter_clock.today()
    who = actor_of(actor)
    with transaction.atomic():
        locked = Matter.objects.select_for_update(of=("self",)).select_related("lead_unit").get(pk=matter.pk)
        spec = MATTER.check(who, locked, action, {"today": on})
        before = _audited(locked)
        step = _STEPS[action]
        event = step(who, locked, data, on)
        locked.status = MATTER.next_status(locked.status, action) or locked.status
        clock = spec.clock
        record_event(locked, action, actor, on, clock=clock, **event)
        locked.save()
        if clock:
            matter_clock.refresh(locked, on)
        audit.record(
            actor=actor,
            action=f"supervision.matter.{action}",
            obj=locked,
            before=before,
            after=_audited(locked),
        )
        matter_clock.tell_of_step(locked, action, event.get("text", ""))
    return Matter.objects.get(pk=matter.pk)


def _assign(who: Actor, matter: Matter, data: dict, on: date) -> dict:
    unit = data.get("lead_unit")
    if isinstance(unit, int | str):
        unit = Department.objects.filter(pk=unit, is_active=True).first()
    if not isinstance(unit, Department):
        raise Invalid(_("请选择承办单位。"), code="lead_unit_required")
    if (
        not who.is_admin
        and not ServiceBody.objects.filter(pk=unit.body_id)
        .filter(pk__in=matter_clock.bodies_of(who))
        .exists()
    ):
        raise Invalid(_("只能交办给本地区的单位。"), code="lead_unit_out_of_scope")
    matter.lead_unit = unit
    matter_clock.start_round(matter, on)
    return {"department": unit, "text": (data.get("text") or "").strip()[:TEXT_MAX]}


def _acknowledge(who, matter, data, on) -> dict:
    return {"department": matter.lead_unit}


def _feed_back(who, matter, data, on) -> dict:
    text = _text(data.get("text"), required=_("请填写反馈内容。"))
    matter.feedback, matter.fed_back_at = text, timezone.now()
    late = matter_clock.working_days_late(matter.feedback_due, on)
    return {"department": matter.lead_unit, "text": text, "late_days": late}


def _ask_extension(who, matter, data, on) -> dict:
    days = _days(data.get("days"))
    reason = _text(data.get("reason"), required=_("请填写延期理由。"), limit=REASON_MAX)
    matter.extension_asked_days, matter.extension_asked_reason = days, reason
    return {"department": matter.lead_unit, "text": reason, "days": days}


def _grant_extension(who, matter, data, on) -> dict:
    days, reason = matter.extension_asked_days, matter.extension_asked_reason
    matter.extension_days += days
    matter.extension_reason = reason
    matter.extension_asked_days, matter.extension_asked_reason = None, ""
    matter_clock.move_feedback_due(matter, days)
    return {"department": matter.lead_unit, "text": reason, "days": days}


def _refuse_extension(who, matter, data, on) -> dict:
    reason = _text(data.get("reason"), required=_("请填写不批准的理由。"), limit=REASON_MAX)
    days = matter.extension_asked_days
    matter.extension_asked_days, matter.extension_asked_reason = None, ""
    return {"department": matter.lead_unit, "text": reason, "days": days}


def _urge(who, matter, data, on) -> dict:
    urging = climb(matter, on, by=who.user, findings=(data.get("text") or "").strip()[:2000])
    if urging is None:
        raise Invalid(_("催办阶梯已到最后一级。"), code="ladder_top")
    return {"department": matter.lead_unit, "text": urging.get_method_display()}


def _reply(who, matter, data, on) -> dict:
    text = _text(data.get("text"), required=_("请填写答复诉求人的内容。"), limit=2000)
    matter.reply, matter.replied_at = text, timezone.now()
    return {"text": text}


def _follow_up(who, matter, data, on) -> dict:
    result = data.get("result")
    if result not in FollowUp.values:
        raise Invalid(_("请选择回访结果。"), code="follow_up_required")
    note = (data.get("text") or "").strip()[:REASON_MAX]
    matter.follow_up, matter.follow_up_note, matter.followed_up_at = result, note, timezone.now()
    with override("zh-hans"):  # stored, like every timeline text, in the hall's language
        label = str(FollowUp(result).label)
    return {"text": f"{label}：{note}" if note else label, "result": result, "department": matter.lead_unit}


def _send_back(who, matter, data, on) -> dict:
    reason = _text(data.get("reason"), required=_("请填写退回的理由。"), limit=REASON_MAX)
    matter.feedback_due = matter_clock.feedback_due_from(on, matter.feedback_days)
    return {"department": matter.lead_unit, "text": reason}


def _close(who, matter, data, on) -> dict:
    matter.closed_at = timezone.now()
    return {"text": (data.get("text") or "").strip()[:REASON_MAX]}


def _reopen(who, matter, data, on) -> dict:
    reason = _text(data.get("reason"), required=_("请填写重新办理的理由。"), limit=REASON_MAX)
    matter.reopened_at, matter.closed_at = timezone.now(), None
    matter.reply, matter.replied_at, matter.follow_up, matter.followed_up_at = "", None, "", None
    matter_clock.start_round(matter, on)
    return {"department": matter.lead_unit, "text": reason}


_STEPS = {
    "assign": _assign,
    "acknowledge": _acknowledge,
    "feed_back": _feed_back,
    "ask_extension": _ask_extension,
    "grant_extension": _grant_extension,
    "refuse_extension": _refuse_extension,
    "urge": _urge,
    "reply": _reply,
    "follow_up": _follow_up,
    "send_back": _send_back,
    "close": _close,
    "reopen": _reopen,
}
assert set(_STEPS) == set(MATTER.by_code), "every action of the procedure has its step"


def allowed(actor, matter: Matter, on: date | None = None) -> list[str]:
    return MATTER.allowed_actions(actor_of(actor), matter, {"today": on or matter_clock.today()})


def may_register(actor) -> bool:
    who = actor_of(actor)
    return who.is_admin or who.has_role(Role.SUPERVISOR)


def label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
