"""Leaders' on-site office days over HTTP, for the office, leaders and units: the rota, the issues and
their vetting, the agenda, the session and its decisions, the minutes, the figures. Every answer is read
within the caller's scope; ids, numbers and states are in the answers, so a program never reads a page."""

from datetime import date
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from onewindow.api_errors import may_answer
from onewindow.api_types import Id
from onewindow.errors import Forbidden, Invalid, NotFound
from onewindow.org.models import ServiceBody
from onewindow.org.permissions import actor_of
from onewindow.periods import LONGEST
from onewindow.supervision.selectors import top_centre
from onewindow.timelimits import reading

from . import figures, minutes, schedule, sessions, topics
from .choices import Channel, OnDayOff, TopicStatus, Vetting
from .models import Decision
from .outward import decision_out, office_ids, session_out, topic_out
from .schemas import DecisionOut, LeaderOut, SessionOut, SessionRowOut, TopicIn, TopicOut
from .selectors import leaders_of, office_bodies, session_of, topic_of, visible_sessions, visible_topics

router = Router(tags=["onsite"])


class RotaIn(Schema):
    first: date
    last: date
    weekday: int = Field(ge=0, le=6, description="星期几：0 为星期一")
    leader_ids: list[Id] = Field(min_length=1, max_length=60, description="轮值领导，按轮值顺序")
    on_day_off: OnDayOff = Field(OnDayOff.MOVE, description="遇休息日：move 顺延；drop 当周不安排")
    place: str = Field("", max_length=schedule.PLACE_MAX)


class SwapIn(Schema):
    other_id: Id = Field(description="与之调换领导的另一场现场办公")


class CancelIn(Schema):
    reason: str = Field(min_length=1, max_length=schedule.REASON_MAX)


class AgendaIn(Schema):
    numbers: list[str] = Field(max_length=100, description="议程上全部议题的编号，按新顺序")


class InviteIn(Schema):
    department_ids: list[Id] = Field(min_length=1, max_length=50)


class HoldIn(Schema):
    present_ids: list[Id] = Field([], max_length=50, description="到会部门")
    attendees: str = Field("", max_length=sessions.ATTENDEES_MAX)


class DecisionIn(Schema):
    topic_number: str = Field(min_length=1, max_length=32)
    text: str = Field(min_length=1, max_length=sessions.DECISION_MAX)
    unit_id: Id | None = Field(None, description="责任单位（可在印发纪要前补全）")
    person: str = Field("", max_length=sessions.PERSON_MAX)
    days: int | None = Field(None, ge=1, le=sessions.DAYS_MAX, description="自现场办公之日起的工作日数")
    expedite_case_number: str = Field("", max_length=32, description="督促加快办理的办件编号")


class MinutesTextIn(Schema):
    text: str = Field(min_length=1, max_length=minutes.TEXT_MAX)


class VetIn(Schema):
    decision: Vetting
    note: str = Field("", max_length=topics.NOTE_MAX)
    merge_into: str = Field("", max_length=32, description="合并到的议题编号")


class ScheduleIn(Schema):
    session_id: Id | None = Field(None, description="不填：领导包保的下一场，否则中心的下一场")


class OnsiteFigureLineOut(Schema):
    leader: str
    sessions: int
    raised: int
    decided: int
    resolved: int
    average_days: float | None = Field(description="从提出到解决的平均工作日")
    decisions: int
    late: int


class OnsiteFiguresOut(Schema):
    start: date
    end: date
    lines: list[OnsiteFigureLineOut]
    total: OnsiteFigureLineOut


def _actor(request):
    return actor_of(request.user)


def _session(request, session_id: int):
    found = session_of(_actor(request), session_id)
    if found is None:
        raise NotFound()
    return found


def _took(request, session_id: int, step) -> dict:
    """Take one step on a session the caller can see; answer with the session as it now stands."""
    step(_session(request, session_id))
    return session_out(_session(request, session_id), whole=True, actor=_actor(request))


def _topic(request, number: str):
    found = topic_of(_actor(request), number)
    if found is None:
        raise NotFound()
    return found


def _office_body(request) -> ServiceBody:
    """The centre the caller keeps office days for: their own (an administrator: the county's)."""
    actor = _actor(request)
    body = actor.staff.body if actor.staff is not None else top_centre()
    if body is None or not office_bodies(actor).filter(pk=body.pk).exists():
        raise Forbidden()
    return body


@router.get("/leaders", response=list[LeaderOut], summary="现场办公领导及其包保范围")
def leaders(request):
    rows = leaders_of(_actor(request)).prefetch_related("towns", "projects")[:200]
    return [
        {
            "id": x.pk,
            "name": x.staff.full_name,
            "title": x.title,
            "towns": [t.name for t in x.towns.all()],
            "projects": [p.name for p in x.projects.all()],
            "headquarters": x.headquarters,
        }
        for x in rows
    ]


@router.post(
    "/rota", response={201: list[SessionRowOut]}, summary="按星期生成轮值表", openapi_extra=may_answer(409)
)
def rota(request, payload: RotaIn):
    plan = schedule.RotaPlan(
        payload.first,
        payload.last,
        payload.weekday,
        list(payload.leader_ids),
        payload.on_day_off,
        payload.place,
    )
    made = schedule.generate(actor=request.user, body=_office_body(request), plan=plan)
    return Status(201, [session_out(s) for s in made])


@router.get("/sessions", response=list[SessionRowOut], summary="现场办公安排（在本人权限范围内）")
def listed(request, first: date | None = None, last: date | None = None):
    rows = visible_sessions(_actor(request))
    if first:
        rows = rows.filter(day__gte=first)
    if last:
        rows = rows.filter(day__lte=last)
    return [session_out(s) for s in rows.order_by("day")[:400]]


@router.get("/sessions/{session_id}", response=SessionOut, summary="一场现场办公：议程、决定、纪要和落实情况")
def one(request, session_id: Id):
    return session_out(_session(request, session_id), whole=True, actor=_actor(request))


@router.post(
    "/sessions/{session_id}/swap",
    response=SessionOut,
    summary="与另一场调换领导",
    openapi_extra=may_answer(409),
)
def swap(request, session_id: Id, payload: SwapIn):
    other = _session(request, payload.other_id)
    return _took(request, session_id, lambda s: schedule.swap(actor=request.user, session=s, other=other))


@router.post(
    "/sessions/{session_id}/cancel",
    response=SessionOut,
    summary="取消（须说明原因）",
    openapi_extra=may_answer(409),
)
def cancel(request, session_id: Id, payload: CancelIn):
    return _took(
        request, session_id, lambda s: schedule.cancel(actor=request.user, session=s, reason=payload.reason)
    )


@router.post("/sessions/{session_id}/agenda", response=SessionOut, summary="确定议程顺序")
def agenda(request, session_id: Id, payload: AgendaIn):
    return _took(
        request,
        session_id,
        lambda s: topics.order_agenda(actor=request.user, session=s, numbers=payload.numbers),
    )


@router.post(
    "/sessions/{session_id}/invite",
    response=SessionOut,
    summary="通知议题涉及的部门到会",
    openapi_extra=may_answer(409),
)
def invite(request, session_id: Id, payload: InviteIn):
    ids = list(payload.department_ids)
    return _took(
        request, session_id, lambda s: topics.invite(actor=request.user, session=s, department_ids=ids)
    )


@router.post(
    "/sessions/{session_id}/hold",
    response=SessionOut,
    summary="召开：登记到会情况",
    openapi_extra=may_answer(409),
)
def hold(request, session_id: Id, payload: HoldIn):
    present, attendees = list(payload.present_ids), payload.attendees
    return _took(
        request,
        session_id,
        lambda s: sessions.hold(actor=request.user, session=s, present_ids=present, attendees=attendees),
    )


@router.post(
    "/sessions/{session_id}/walk-ins",
    response={201: TopicOut},
    summary="登记现场来访的问题",
    openapi_extra=may_answer(409),
)
def walk_in(request, session_id: Id, payload: TopicIn):
    topic = sessions.walk_in(
        actor=request.user, session=_session(request, session_id), new=payload.new_topic()
    )
    return Status(201, topic_out(topic, actor=_actor(request)))


@router.post(
    "/sessions/{session_id}/decisions",
    response={201: DecisionOut},
    summary="记录对议题的决定",
    openapi_extra=may_answer(409),
)
def decide(request, session_id: Id, payload: DecisionIn):
    data = sessions.DecisionInput(**payload.dict())
    decision = sessions.decide(actor=request.user, session=_session(request, session_id), data=data)
    return Status(201, decision_out(decision, reading.today()))


@router.put(
    "/decisions/{decision_id}",
    response=DecisionOut,
    summary="补全或更正决定（纪要印发前）",
    openapi_extra=may_answer(409),
)
def amend(request, decision_id: Id, payload: DecisionIn):
    decision = Decision.objects.filter(pk=decision_id, session__in=visible_sessions(_actor(request))).first()
    if decision is None:
        raise NotFound()
    data = sessions.DecisionInput(**payload.dict())
    return decision_out(sessions.amend(actor=request.user, decision=decision, data=data), reading.today())


def _minutes_of(session):
    found = getattr(session, "minutes", None)
    if found is None:
        raise NotFound()
    return found


@router.post(
    "/sessions/{session_id}/minutes",
    response=SessionOut,
    summary="由决定起草纪要",
    openapi_extra=may_answer(409),
)
def draft(request, session_id: Id):
    return _took(request, session_id, lambda s: minutes.draft(actor=request.user, session=s))


@router.put(
    "/sessions/{session_id}/minutes/text",
    response=SessionOut,
    summary="修改纪要草稿",
    openapi_extra=may_answer(409),
)
def edit_minutes(request, session_id: Id, payload: MinutesTextIn):
    return _took(
        request,
        session_id,
        lambda s: minutes.edit(actor=request.user, minutes=_minutes_of(s), text=payload.text),
    )


@router.post(
    "/sessions/{session_id}/minutes/approve",
    response=SessionOut,
    summary="领导审定纪要",
    openapi_extra=may_answer(409),
)
def approve(request, session_id: Id):
    return _took(request, session_id, lambda s: minutes.approve(actor=request.user, minutes=_minutes_of(s)))


@router.post(
    "/sessions/{session_id}/minutes/issue",
    response=SessionOut,
    summary="印发纪要（每项决定立项督办）",
    openapi_extra=may_answer(409),
)
def issue(request, session_id: Id):
    return _took(request, session_id, lambda s: minutes.issue(actor=request.user, minutes=_minutes_of(s)))


@router.post(
    "/sessions/{session_id}/close",
    response=SessionOut,
    summary="办结（全部决定办结后）",
    openapi_extra=may_answer(409),
)
def close(request, session_id: Id):
    return _took(request, session_id, lambda s: sessions.close(actor=request.user, session=s))


@router.get("/topics", response=list[TopicOut], summary="议题（在本人权限范围内）")
def topic_list(request, status: TopicStatus | None = None):
    rows = visible_topics(_actor(request))
    if status:
        rows = rows.filter(status=status)
    kept = office_ids(_actor(request))
    return [topic_out(t, kept=kept) for t in rows[:200]]


@router.post(
    "/topics", response={201: TopicOut}, summary="登记议题（工作人员或接口）", openapi_extra=may_answer(409)
)
def submit(request, payload: TopicIn, via: Literal["staff", "api"] = "api"):
    actor = _actor(request)
    body = actor.staff.body if actor.staff is not None else top_centre()
    if body is None:
        raise Invalid(_("系统尚未设置政务服务中心。"), code="no_centre")
    channel = Channel.STAFF if via == "staff" else Channel.API
    topic = topics.submit(actor=request.user, body=_centre_of(body), new=payload.new_topic(), channel=channel)
    return Status(201, topic_out(topic, actor=_actor(request)))


def _centre_of(body: ServiceBody) -> ServiceBody:
    """Issues from a town or a village go to the county's centre, where the leaders sit."""
    return top_centre() or body


@router.get("/topics/{number}", response=TopicOut, summary="一个议题及其决定和落实情况")
def topic_one(request, number: str):
    return topic_out(_topic(request, number), whole=True, actor=_actor(request))


@router.post("/topics/{number}/vet", response=TopicOut, summary="审核议题", openapi_extra=may_answer(409))
def vet(request, number: str, payload: VetIn):
    topic = topics.vet(
        actor=request.user,
        topic=_topic(request, number),
        decision=payload.decision,
        note=payload.note,
        merge_into=payload.merge_into,
    )
    return topic_out(topic, whole=True, actor=_actor(request))


@router.post(
    "/topics/{number}/schedule",
    response=TopicOut,
    summary="列入一场现场办公的议程",
    openapi_extra=may_answer(409),
)
def put_on_agenda(request, number: str, payload: ScheduleIn):
    session = _session(request, payload.session_id) if payload.session_id else None
    topic = topics.put_on_agenda(actor=request.user, topic=_topic(request, number), session=session)
    return topic_out(topic, whole=True, actor=_actor(request))


@router.get("/figures", response=OnsiteFiguresOut, summary="现场办公统计（按领导）")
def figure_list(request, start: date, end: date):
    if end < start or end - start > LONGEST:
        raise Invalid(_("统计期间须在一年以内，且截止日期不早于起始日期。"), code="invalid_period")
    found = figures.figures(_actor(request), start, end, on=reading.today())
    return {
        "start": found.start,
        "end": found.end,
        "lines": [vars(x) for x in found.lines],
        "total": vars(found.total),
    }
