"""The public's side of office days over HTTP: who sits when, raising an issue (number and query code
back), following it by both (decisions and the units' feedback, the submitter's phone never shown),
and saying whether it is solved."""

from datetime import date, timedelta

from django.conf import settings
from ninja import Field, Path, Query, Router, Schema, Status

from onewindow.accounts.services import allow_rate
from onewindow.api_errors import may_answer
from onewindow.client_address import client_ip
from onewindow.errors import Invalid, NotFound, Throttled
from onewindow.periods import LONGEST
from onewindow.supervision.selectors import top_centre
from onewindow.timelimits import reading

from . import feedback, topics
from .choices import Solved
from .outward import session_out, topic_out
from .schemas import SessionRowOut, TopicIn, TopicOut
from .selectors import public_schedule, topic_by_code

public_router = Router(tags=["public"])


class RaisedOut(Schema):
    number: str = Field(description="议题编号")
    query_code: str = Field(description="查询码：凭编号和查询码查询办理情况")


class SolvedIn(Schema):
    solved: Solved
    note: str = Field("", max_length=feedback.NOTE_MAX)


@public_router.get(
    "/onsite/schedule", response=list[SessionRowOut], auth=None, summary="领导现场办公安排（公众）"
)
def schedule(request, first: date | None = None, last: date | None = None):
    today = reading.today()
    first, last = first or today - timedelta(weeks=4), last or today + timedelta(weeks=8)
    if last < first or last - first > LONGEST:
        raise Invalid("查询期间须在一年以内。", code="invalid_period")
    centre = top_centre()
    return [session_out(s) for s in public_schedule([centre.pk] if centre else [], first, last)]


@public_router.post(
    "/onsite/topics",
    response={201: RaisedOut},
    auth=None,
    summary="向领导现场办公反映问题（公众）",
    openapi_extra=may_answer(422, 429),
)
def raise_topic(request, payload: TopicIn):
    centre = top_centre()
    if centre is None:
        raise Invalid("系统尚未设置政务服务中心。", code="no_centre")
    citizen = getattr(request.user, "citizen", None) if request.user.is_authenticated else None
    topic = topics.submit(
        actor=None,
        body=centre,
        new=payload.new_topic(),
        channel="portal",
        citizen=citizen,
        client=client_ip(request),
    )
    return Status(201, {"number": topic.number, "query_code": topic.query_code})


def _tracked(request, number: str, code: str):
    if not allow_rate(f"track:{client_ip(request)}", settings.TRACK_LOOKUPS_PER_MINUTE):
        raise Throttled()
    topic = topic_by_code(number, code)
    if topic is None:
        raise NotFound()
    return topic


@public_router.get(
    "/onsite/topics/{number}",
    response=TopicOut,
    auth=None,
    summary="查询反映问题的办理情况（编号 + 查询码）",
    openapi_extra=may_answer(429),
)
def followed(
    request,
    number: str = Path(..., max_length=32),
    code: str = Query(..., max_length=10, description="6 位查询码"),
):
    return topic_out(_tracked(request, number, code), whole=True, public=True)


@public_router.post(
    "/onsite/topics/{number}/solved",
    response=TopicOut,
    auth=None,
    summary="提交方评价问题是否已解决",
    openapi_extra=may_answer(409, 429),
)
def solved(
    request,
    payload: SolvedIn,
    number: str = Path(..., max_length=32),
    code: str = Query(..., max_length=10, description="6 位查询码"),
):
    topic = feedback.say_solved(
        topic=_tracked(request, number, code), solved=payload.solved, note=payload.note
    )
    return topic_out(topic, whole=True, public=True)
