"""A matter's attachments over HTTP: listing them, attaching one (Base64 in JSON, as a case's materials),
and downloading one, all through the matter's own visibility."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from onewindow.api_errors import may_answer
from onewindow.api_types import Id
from onewindow.errors import Invalid, NotFound
from onewindow.files import DOWNLOAD_OPENAPI, NotBase64, base64_upload, download, download_name
from onewindow.org.permissions import actor_of

from . import attachments, selectors

router = Router(tags=["supervision"])


class MatterAttachmentOut(Schema):
    id: int
    title: str = Field(description="附件名称")
    unit: str | None = Field(description="上传的单位；督办机构上传时为 null")
    uploaded_by: str
    uploaded_at: datetime


class MatterAttachmentIn(Schema):
    title: str = Field(min_length=1, max_length=100, description="附件名称，如“整改前后照片”")
    file_name: str = Field("", max_length=100, description="上传时的文件名（不保存，文件以随机名存储）")
    content_base64: str = Field(
        description="文件内容（Base64）：PDF、JPG、PNG 或 OFD，按内容判断，每份不超过 20 MB"
    )


def attachment_out(attachment) -> dict:
    by = attachment.uploaded_by
    return {
        "id": attachment.pk,
        "title": attachment.title,
        "unit": attachment.department.name if attachment.department_id else None,
        "uploaded_by": getattr(getattr(by, "staff", None), "full_name", "") or by.username,
        "uploaded_at": attachment.uploaded_at,
    }


def _matter(request, number: str):
    matter = selectors.matter_by_number(actor_of(request.user), number)
    if matter is None:
        raise NotFound()
    return matter


@router.get("/matters/{number}/attachments", response=list[MatterAttachmentOut], summary="督办事项的附件")
def listed(request, number: str = Path(..., max_length=32)):
    rows = _matter(request, number).attachments.select_related("department", "uploaded_by__staff")
    return [attachment_out(a) for a in rows]


@router.post(
    "/matters/{number}/attachments",
    response={201: MatterAttachmentOut},
    summary="上传附件（督办机构或承办单位，审结前）",
    openapi_extra=may_answer(409, 422),
)
def attach(request, payload: MatterAttachmentIn, number: str = Path(..., max_length=32)):
    matter = _matter(request, number)
    try:
        upload = base64_upload(payload.content_base64, payload.file_name, "attachment")
    except NotBase64 as exc:
        raise Invalid(_("文件内容不是有效的 Base64。"), code="file_invalid") from exc
    made = attachments.attach(actor=request.user, matter=matter, upload=upload, title=payload.title)
    return Status(201, attachment_out(made))


@router.get(
    "/matters/{number}/attachments/{attachment_id}/file",
    summary="下载附件（仅能看到该督办事项的人员）",
    openapi_extra=DOWNLOAD_OPENAPI,
)
def attachment_file(request, attachment_id: Id, number: str = Path(..., max_length=32)):
    matter = _matter(request, number)
    found = matter.attachments.filter(pk=attachment_id).first()
    if found is None:
        raise NotFound()
    return download(found.file, download_name(matter.number, found.title, found.pk))  # MissingFile: 404
