"""The issues raised for office days (议题) and their first step, 前期工作对接: submitted from the portal
(anyone, throttled per client, answered with a number and a query code), by staff or through the API;
vetted by the office (accepted, merged into a duplicate, referred to the normal channel, or rejected with
a reason); put on a session's agenda in order, the departments concerned invited and told once."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from onewindow.accounts.services import allow_rate
from onewindow.audit import services as audit
from onewindow.cases.models import Case
from onewindow.cases.numbering import new_query_code
from onewindow.core.masking import mask_phone
from onewindow.errors import Conflict, Forbidden, Invalid, Throttled
from onewindow.notices.services import notify_users_in
from onewindow.numbering.series import Series, allocate_number, register
from onewindow.org.models import Department, Division, ServiceBody, Staff
from onewindow.org.permissions import actor_of
from onewindow.proxy.models import KeyProject
from onewindow.timelimits import reading

from .choices import Channel, MinutesStatus, SessionStatus, SubmitterKind, TopicStatus, Vetting
from .models import Leader, Minutes, OfficeDay, Topic
from .selectors import in_office

TOPIC = register(Series("onsite_topic", "YT", 4, 6, "%Y%m%d", gettext_lazy("现场办公议题编号")))
TITLE_MAX, TEXT_MAX, NOTE_MAX, NAME_MAX = 100, 4000, 300, 100
OPEN_FOR_AGENDA = (SessionStatus.SCHEDULED, SessionStatus.HELD)


def _refuse(field_name: str, message: str, code: str):
    raise Invalid(message, code=code, details={"fields": {field_name: message}})


@dataclass
class NewTopic:
    """What raising an issue asks (the case, project and town are optional)."""

    submitter_kind: str
    submitter_name: str
    submitter_phone: str
    title: str
    content: str
    town_id: int | None = None
    case_number: str = ""
    project_id: int | None = None


def _phone_ok(phone: str) -> bool:
    return 7 <= len(phone) <= 20 and all(c.isdigit() or c == "-" for c in phone)


def _cleaned(body: ServiceBody, new: NewTopic) -> dict:
    fields = {
        "submitter_name": (new.submitter_name or "").strip(),
        "submitter_phone": (new.submitter_phone or "").strip(),
        "title": (new.title or "").strip(),
        "content": (new.content or "").strip(),
    }
    errors = {}
    if new.submitter_kind not in SubmitterKind.values:
        errors["submitter_kind"] = _("请选择提交方类型。")
    if not fields["submitter_name"]:
        errors["submitter_name"] = _("请填写企业、单位或个人名称。")
    elif len(fields["submitter_name"]) > NAME_MAX:
        errors["submitter_name"] = _("名称不能超过 %(n)s 个字。") % {"n": NAME_MAX}
    if not _phone_ok(fields["submitter_phone"]):
        errors["submitter_phone"] = _("请填写正确的联系电话（数字，可含区号和“-”）。")
    if not fields["title"]:
        errors["title"] = _("请用一句话写明问题。")
    elif len(fields["title"]) > TITLE_MAX:
        errors["title"] = _("标题不能超过 %(n)s 个字。") % {"n": TITLE_MAX}
    if not fields["content"]:
        errors["content"] = _("请写明问题的经过和诉求。")
    elif len(fields["content"]) > TEXT_MAX:
        errors["content"] = _("问题描述不能超过 %(n)s 个字。") % {"n": TEXT_MAX}
    area = body.division.prefix
    if new.town_id is not None:
        fields["town"] = Division.objects.filter(pk=new.town_id, code__startswith=area).first()
        if fields["town"] is None:
            errors["town"] = _("请选择本地区的镇街。")
    if (new.case_number or "").strip():
        fields["case"] = Case.objects.filter(
            number=new.case_number.strip(), body__division__code__startswith=area
        ).first()
        if fields["case"] is None:
            errors["case_number"] = _("没有找到本地区的这个办件编号。")
    if new.project_id is not None:
        fields["project"] = KeyProject.objects.filter(
            pk=new.project_id, body__division__code__startswith=area
        ).first()
        if fields["project"] is None:
            errors["project"] = _("请选择本地区的重点项目。")
    if errors:
        raise Invalid(next(iter(errors.values())), code="invalid_topic", details={"fields": errors})
    return fields


def submit(
    *,
    actor,
    body: ServiceBody,
    new: NewTopic,
    channel: str,
    citizen=None,
    client: str = "",
    on: date | None = None,
    walked_in: bool = False,
    counted: bool = False,
) -> Topic:
    """Raise an issue for the office days of `body`. From the portal anyone may (a few per client address
    a minute); staff and API users must belong to the centre's area. A walk-in (`walked_in`) is
    registered by whoever runs the session, which `sessions.walk_in` has checked; `counted`: the portal's
    rate was counted already (`count_portal_submission`)."""
    on = on or reading.today()
    if channel not in Channel.values or (channel == Channel.WALK_IN) != walked_in:
        _refuse("channel", _("请选择提交渠道。"), "invalid_channel")
    if walked_in:
        pass
    elif channel == Channel.PORTAL:
        if not counted:
            count_portal_submission(client)
    elif not in_office(actor_of(actor), body.pk) and not _staff_of_area(actor, body):
        raise Forbidden()
    fields = _cleaned(body, new)
    with transaction.atomic():
        topic = Topic(
            body=body,
            channel=channel,
            submitter_kind=new.submitter_kind,
            citizen=citizen,
            submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
            raised_on=on,
            query_code=new_query_code(),
            **fields,
        )
        topic.number = allocate_number(TOPIC, body.division.code[:6], on)
        topic.save()
        audit.record(actor=actor, action="onsite.topic.submit", obj=topic, after=_audited(topic))
    return topic


def count_portal_submission(client: str) -> None:
    """A few issues a minute per client address from the portal. Counted outside any transaction the
    submission runs in (`counted=True` then), so that a refused submission still counts."""
    if not allow_rate(f"onsite-topic:{client}", settings.PUBLIC_COMPLAINTS_PER_MINUTE):
        raise Throttled()


def _staff_of_area(actor, body: ServiceBody) -> bool:
    """Staff of the centre's area (a department or a town raising an issue) may register one."""
    staff = actor_of(actor).staff
    return staff is not None and staff.body.division.code.startswith(body.division.prefix)


def _audited(topic: Topic) -> dict:
    return {
        "number": topic.number,
        "status": topic.status,
        "submitter_phone": mask_phone(topic.submitter_phone),
        "session": topic.session_id,
    }


def _locked(topic: Topic) -> Topic:
    return Topic.objects.select_for_update().get(pk=topic.pk)


def vet(
    *, actor, topic: Topic, decision: str, note: str = "", merge_into: str = "", on: date | None = None
) -> Topic:
    """The office's vetting (审核) of a submitted issue."""
    if not in_office(actor_of(actor), topic.body_id):
        raise Forbidden()
    on = on or reading.today()
    note = (note or "").strip()
    if decision not in Vetting.values:
        _refuse("decision", _("请选择审核结果。"), "vetting_required")
    if len(note) > NOTE_MAX:
        _refuse("note", _("审核意见不能超过 %(n)s 个字。") % {"n": NOTE_MAX}, "too_long")
    if decision in (Vetting.REFER, Vetting.REJECT) and not note:
        _refuse("note", _("转办或不予受理须说明理由。"), "reason_required")
    with transaction.atomic():
        locked = _locked(topic)
        if locked.status != TopicStatus.SUBMITTED:
            raise Conflict(_("该议题已审核。"), code="topic_vetted")
        if decision == Vetting.MERGE:
            target = (
                Topic.objects.filter(number=(merge_into or "").strip(), body_id=locked.body_id)
                .exclude(pk=locked.pk)
                .exclude(status__in=(TopicStatus.MERGED, TopicStatus.REFERRED, TopicStatus.REJECTED))
                .first()
            )
            if target is None:
                _refuse("merge_into", _("请填写本中心另一个有效议题的编号。"), "merge_target")
            locked.merged_into = target
        locked.status = {
            Vetting.ACCEPT: TopicStatus.ACCEPTED,
            Vetting.MERGE: TopicStatus.MERGED,
            Vetting.REFER: TopicStatus.REFERRED,
            Vetting.REJECT: TopicStatus.REJECTED,
        }[decision]
        locked.vet_note, locked.vetted_on = note, on
        locked.save(update_fields=["status", "vet_note", "vetted_on", "merged_into"])
        audit.record(actor=actor, action=f"onsite.topic.{decision}", obj=locked, after=_audited(locked))
    return locked


def leader_for(topic: Topic) -> Leader | None:
    """The leader whose portfolio (包保) the issue falls in: its key project's, else its town's."""
    leaders = Leader.objects.filter(is_active=True)
    if topic.project_id is not None:
        found = leaders.filter(projects=topic.project_id).order_by("sort_order", "pk").first()
        if found is not None:
            return found
    if topic.town_id is not None:
        return leaders.filter(towns=topic.town_id).order_by("sort_order", "pk").first()
    return None


def first_session(topic: Topic, on: date) -> OfficeDay | None:
    """Where the issue goes first: its portfolio leader's next session, else the centre's next one."""
    upcoming = OfficeDay.objects.filter(
        body_id=topic.body_id, status=SessionStatus.SCHEDULED, day__gte=on
    ).order_by("day")
    leader = leader_for(topic)
    if leader is not None:
        own = upcoming.filter(leader=leader).first()
        if own is not None:
            return own
    return upcoming.first()


def put_on_agenda(*, actor, topic: Topic, session: OfficeDay | None = None, on: date | None = None) -> Topic:
    """Put an accepted issue on a session's agenda, last in order; without a session, on the one
    `first_session` names. Taking it off one session's agenda for another is the same step."""
    on = on or reading.today()
    if not in_office(actor_of(actor), topic.body_id):
        raise Forbidden()
    session = session or first_session(topic, on)
    if session is None:
        _refuse("session", _("没有可安排的现场办公，请先排定轮值。"), "no_session")
    if session.body_id != topic.body_id or session.status not in OPEN_FOR_AGENDA:
        _refuse("session", _("请选择本中心尚未办结的现场办公。"), "session_closed")
    with transaction.atomic():
        session = OfficeDay.objects.select_for_update().get(
            pk=session.pk
        )  # against a cancellation or minutes
        if session.status not in OPEN_FOR_AGENDA or minutes_settled(session):
            _refuse("session", _("请选择本中心尚未办结的现场办公。"), "session_closed")
        locked = _locked(topic)
        if locked.status not in (TopicStatus.ACCEPTED, TopicStatus.SCHEDULED):
            raise Conflict(_("只有已受理、尚未决定的议题可以列入议程。"), code="topic_not_accepted")
        last = Topic.objects.filter(session=session).aggregate(n=Max("position"))["n"] or 0
        locked.session, locked.position, locked.status = session, last + 1, TopicStatus.SCHEDULED
        locked.save(update_fields=["session", "position", "status"])
        audit.record(actor=actor, action="onsite.topic.schedule", obj=locked, after=_audited(locked))
    return locked


def minutes_settled(session: OfficeDay) -> bool:
    """Its minutes approved or issued: its agenda and decisions are settled."""
    return Minutes.objects.filter(session=session).exclude(status=MinutesStatus.DRAFT).exists()


def order_agenda(*, actor, session: OfficeDay, numbers: list[str]) -> list[Topic]:
    """Set the agenda's order (确定会议议项): the numbers of every item on it, in the new order."""
    if not in_office(actor_of(actor), session.body_id):
        raise Forbidden()
    with transaction.atomic():
        session = OfficeDay.objects.select_for_update().get(pk=session.pk)
        if minutes_settled(session):
            raise Conflict(_("纪要已审定，议程不能再改。"), code="minutes_approved")
        items = {t.number: t for t in Topic.objects.select_for_update().filter(session=session)}
        if sorted(numbers) != sorted(items):
            _refuse("numbers", _("请列出议程上的每一个议题，各一次。"), "agenda_mismatch")
        for position, number in enumerate(numbers, start=1):
            items[number].position = position
        Topic.objects.bulk_update(items.values(), ["position"])
        audit.record(actor=actor, action="onsite.agenda.order", obj=session, after={"numbers": numbers})
    return [items[n] for n in numbers]


def invite(*, actor, session: OfficeDay, department_ids: list[int], on: date | None = None) -> OfficeDay:
    """Invite the departments concerned; each newly invited department's staff are told once, with the
    items on the agenda (the materials are on the session's page, which invitation opens to them)."""
    on = on or reading.today()
    if not in_office(actor_of(actor), session.body_id):
        raise Forbidden()
    if session.status not in OPEN_FOR_AGENDA:
        raise Conflict(_("该场现场办公已办结或已取消。"), code="session_closed")
    units = list(
        Department.objects.filter(
            pk__in=department_ids,
            is_active=True,
            body__division__code__startswith=session.body.division.prefix,
        )
    )
    if not department_ids or len(units) != len(set(department_ids)):
        _refuse("departments", _("请选择本地区的部门。"), "department_out_of_scope")
    with transaction.atomic():
        locked = OfficeDay.objects.select_for_update().get(pk=session.pk)
        already = set(locked.invited.values_list("pk", flat=True))
        new = [u for u in units if u.pk not in already]
        locked.invited.add(*new)
        locked.invited_on = on
        locked.save(update_fields=["invited_on"])
        if new:
            items = "；".join(t.title for t in Topic.objects.filter(session=locked).order_by("position"))
            with override("zh-hans"):  # the notice is stored in the hall's language
                text = _("请参加 %(day)s %(leader)s 现场办公，议题：%(items)s") % {
                    "day": locked.day.isoformat(),
                    "leader": locked.leader.staff.full_name,
                    "items": items or _("（待定）"),
                }
            staff = (
                Staff.objects.filter(department__in=new, user__is_active=True)
                .order_by()
                .values_list("user_id", flat=True)
                .distinct()
            )
            notify_users_in(staff.distinct().query.sql_with_params(), text, f"/onsite/sessions/{locked.pk}/")
        audit.record(
            actor=actor, action="onsite.session.invite", obj=locked, after={"invited": [u.pk for u in new]}
        )
    return locked
