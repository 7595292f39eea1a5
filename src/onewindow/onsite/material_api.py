"""An issue's papers over HTTP: listing them, adding one (Base64 in JSON, as every upload) and downloading
one, all through the issue's own visibility."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from onewindow.api_errors import may_answer
from onewindow.api_types import Id
from onewindow.errors import Invalid, NotFound
from onewindow.files import DOWNLOAD_OPENAPI, NotBase64, base64_upload, download, download_name
from onewindow.org.permissions import actor_of

from . import materials
from .selectors import topic_of

router = Router(tags=["onsite"])


class TopicMaterialOut(Schema):
    id: int
    title: str = Field(description="材料名称")
    uploaded_at: datetime


class TopicMaterialIn(Schema):
    title: str = Field(min_length=1, max_length=materials.TITLE_MAX, description="材料名称，如“厂区位置图”")
    file_name: str = Field("", max_length=100, description="上传时的文件名（不保存，文件以随机名存储）")
    content_base64: str = Field(
        description="文件内容（Base64）：PDF、JPG、PNG 或 OFD，按内容判断，每份不超过 20 MB"
    )


def _topic(request, number: str):
    topic = topic_of(actor_of(request.user), number)
    if topic is None:
        raise NotFound()
    return topic


def _out(material) -> dict:
    return {"id": material.pk, "title": material.title, "uploaded_at": material.uploaded_at}


@router.get("/topics/{number}/materials", response=list[TopicMaterialOut], summary="议题的材料")
def listed(request, number: str = Path(..., max_length=32)):
    return [_out(m) for m in _topic(request, number).materials.all()]


@router.post(
    "/topics/{number}/materials",
    response={201: TopicMaterialOut},
    summary="为议题补充材料（中心办公室）",
    openapi_extra=may_answer(409),
)
def attach(request, payload: TopicMaterialIn, number: str = Path(..., max_length=32)):
    topic = _topic(request, number)
    try:
        upload = base64_upload(payload.content_base64, payload.file_name, "material")
    except NotBase64:
        message = _("文件内容不是有效的 Base64。")
        raise Invalid(message, code="not_base64", details={"fields": {"content_base64": message}}) from None
    material = materials.attach(actor=request.user, topic=topic, upload=upload, title=payload.title)
    return Status(201, _out(material))


@router.get(
    "/topics/{number}/materials/{material_id}/file",
    summary="下载议题的一份材料",
    openapi_extra=DOWNLOAD_OPENAPI,
)
def material_file(request, material_id: Id, number: str = Path(..., max_length=32)):
    found = _topic(request, number).materials.filter(pk=material_id).first()
    if found is None:
        raise NotFound()
    return download(found.file, download_name(number, found.title, found.pk))
