"""The public's side of supervision over HTTP: submitting a complaint or enquiry, and following it by
number and query code (no personal data in the answer, a wrong code answered like an unknown number)."""

from datetime import date
from typing import Literal

from django.conf import settings
from ninja import Field, Path, Query, Router, Schema, Status

from onewindow.accounts.services import allow_rate
from onewindow.api_errors import may_answer
from onewindow.api_types import Id
from onewindow.client_address import client_ip
from onewindow.errors import NotFound, Throttled

from . import public
from .choices import MatterStatus, Source

public_router = Router(tags=["public"])


class ComplaintIn(Schema):
    kind: Literal["complaint", "enquiry"] = Field(description="complaint 投诉；enquiry 咨询")
    title: str = Field(min_length=1, max_length=100)
    content: str = Field(min_length=1, max_length=4000)
    name: str = Field("", max_length=50, description="姓名（可不填）")
    phone: str = Field(min_length=1, max_length=20, description="联系电话，承办单位据此答复")
    respondent_unit_id: Id | None = Field(None, description="被投诉单位（可不填）")
    respondent_person: str = Field("", max_length=50, description="被投诉人（可不填）")


class ComplaintOut(Schema):
    number: str = Field(description="督办事项编号")
    query_code: str = Field(description="查询码：凭编号和查询码查询办理情况")


class PublicStepOut(Schema):
    label: str
    day: date
    unit: str = Field(description="承办单位（如有）")


class PublicMatterOut(Schema):
    number: str
    title: str
    source: Source
    status: MatterStatus
    status_label: str
    registered_on: date
    lead_unit: str | None = Field(description="承办单位")
    deadline: date | None = Field(description="办结期限")
    reply: str = Field(description="对诉求人的答复")
    steps: list[PublicStepOut]


@public_router.post(
    "/complaints",
    response={201: ComplaintOut},
    auth=None,
    summary="提交投诉或咨询（公众）",
    openapi_extra=may_answer(422, 429),
)
def complain(request, payload: ComplaintIn):
    matter = public.submit(
        source=payload.kind,
        title=payload.title,
        content=payload.content,
        name=payload.name,
        phone=payload.phone,
        client=client_ip(request),
        respondent_unit_id=payload.respondent_unit_id,
        respondent_person=payload.respondent_person,
    )
    return Status(201, {"number": matter.number, "query_code": matter.query_code})


@public_router.get(
    "/matters/{number}",
    response=PublicMatterOut,
    auth=None,
    summary="查询投诉、咨询的办理情况（编号 + 查询码，无个人信息）",
    openapi_extra=may_answer(429),
)
def followed(
    request,
    number: str = Path(..., max_length=32),
    code: str = Query(..., max_length=10, description="6 位查询码"),
):
    if not allow_rate(f"track:{client_ip(request)}", settings.TRACK_LOOKUPS_PER_MINUTE):
        raise Throttled()
    matter = public.tracked(number, code)
    if matter is None:
        raise NotFound()
    return {
        "number": matter.number,
        "title": matter.title,
        "source": matter.source,
        "status": matter.status,
        "status_label": str(matter.get_status_display()),
        "registered_on": matter.registered_on,
        "lead_unit": matter.lead_unit.name if matter.lead_unit_id else None,
        "deadline": matter.deadline,
        "reply": matter.reply,
        "steps": [{"label": s.label, "day": s.day, "unit": s.unit} for s in public.public_steps(matter)],
    }
