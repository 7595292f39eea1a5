"""The papers behind an issue (议题材料): sent by the submitter with the issue, or added by the office while
vetting it and fixing the agenda. Accepted, stored and served by `onewindow.files`; each upload is audited,
in one transaction with its row."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from onewindow.audit import services as audit
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.files import check_upload, stored_name
from onewindow.org.permissions import actor_of

from .choices import VETTED_AWAY, SessionStatus
from .models import Topic, TopicMaterial
from .selectors import in_office

TITLE_MAX = 100
PER_TOPIC_MAX = 10


def checked(upload, title: str) -> str:
    """The title, once the file and the title pass; refused with a reason the person can act on."""
    title = (title or "").strip()
    if not title:
        raise Invalid(
            _("请填写材料名称。"), code="title_required", details={"fields": {"title": _("请填写材料名称。")}}
        )
    if len(title) > TITLE_MAX:
        message = _("材料名称不能超过 %(n)s 个字。") % {"n": TITLE_MAX}
        raise Invalid(message, code="title_too_long", details={"fields": {"title": message}})
    refused = check_upload(upload)
    if refused:
        raise Invalid(refused, code="file_refused", details={"fields": {"file": refused}})
    return title


def may_attach(actor, topic: Topic) -> bool:
    """The office, while the issue is live (not vetted away, its session not closed)."""
    closed = topic.session_id is not None and topic.session.status in (
        SessionStatus.CLOSED,
        SessionStatus.CANCELLED,
    )
    return in_office(actor_of(actor), topic.body_id) and topic.status not in VETTED_AWAY and not closed


def attach(*, actor, topic: Topic, upload, title: str, by_submitter: bool = False) -> TopicMaterial:
    """Attach a paper to the issue: by the office, or by the submitter as part of raising it (the caller
    raised it in the same transaction)."""
    if not by_submitter and not may_attach(actor, topic):
        raise Forbidden(_("只有中心办公室可以为议题补充材料。"), code="not_attacher")
    title = checked(upload, title)
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if locked.materials.count() >= PER_TOPIC_MAX:
            raise Conflict(_("每个议题最多 %(n)s 份材料。") % {"n": PER_TOPIC_MAX}, code="too_many_materials")
        material = TopicMaterial(
            topic=locked,
            title=title,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        material.file.save(stored_name(upload), upload, save=False)
        material.save()
        audit.record(
            actor=actor,
            action="onsite.topic.material",
            obj=locked,
            after={"material": material.pk, "title": title},
        )
    return material


SUBMITTED_TITLE = _lazy("提交方材料")


def with_paper(actor, topic: Topic, upload) -> Topic:
    """The paper sent with an issue as it is raised (the portal's, the registering staff's, a walk-in's):
    attached in the caller's transaction, so the issue and its paper are written together or not at all."""
    if upload:
        attach(actor=actor, topic=topic, upload=upload, title=str(SUBMITTED_TITLE), by_submitter=True)
    return topic
