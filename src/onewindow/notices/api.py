"""A person's in-app notices over HTTP."""

from datetime import datetime

from ninja import Field, Query, Router, Schema

from onewindow.api_types import Id

from . import services
from .models import Notice

router = Router(tags=["notices"])


class NoticeOut(Schema):
    id: int
    text: str
    link: str
    created_at: datetime
    read_at: datetime | None


class ReadIn(Schema):
    ids: list[Id] | None = Field(None, description="要标为已读的提醒；空为全部")


class ReadOut(Schema):
    marked: int


@router.get("", response=list[NoticeOut], summary="我的站内提醒（最新在前）")
def my_notices(request, unread: bool = Query(False), limit: int = Query(50, ge=1, le=100)):
    notices = Notice.objects.filter(recipient=request.user)
    if unread:
        notices = notices.filter(read_at__isnull=True)
    return list(notices[:limit])


@router.post("/read", response=ReadOut, summary="标为已读")
def mark_read(request, payload: ReadIn):
    return {"marked": services.mark_read(user=request.user, notice_ids=payload.ids)}
