"""Attachments of a matter (附件): the office's papers when it registers or assigns, the unit's evidence
when it handles and feeds back. Accepted, stored and served by `onewindow.files` like a case's
materials; each upload is a step on the matter's timeline and in the audit log, in one transaction.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.files import check_upload, stored_name
from onewindow.org.permissions import actor_of

from . import matter_clock
from .choices import MatterStatus
from .matter_flow import in_office, in_unit
from .matter_services import record_event
from .models import Matter, MatterAttachment

TITLE_MAX = 100
PER_MATTER_MAX = 30


def may_attach(actor, matter: Matter) -> bool:
    """The office (a supervisor of the area) and the lead unit, while the matter is not closed."""
    who = actor_of(actor)
    if matter.status == MatterStatus.CLOSED:
        return False
    return in_unit(who, matter) or in_office(who, matter)  # in_office: a supervisor of the area, or an admin


def attach(*, actor, matter: Matter, upload, title: str) -> MatterAttachment:
    """Attach a file with a title to the matter; refused with a reason the person can act on."""
    who = actor_of(actor)
    if not may_attach(actor, matter):
        if matter.status == MatterStatus.CLOSED:
            raise Conflict(_("督办事项已审结，不能再上传附件。"), code="matter_closed")
        raise Forbidden(_("只有督办机构和承办单位可以上传附件。"), code="not_attacher")
    title = (title or "").strip()
    if not title:
        raise Invalid(
            _("请填写附件名称。"), code="title_required", details={"fields": {"title": _("请填写附件名称。")}}
        )
    if len(title) > TITLE_MAX:
        message = _("附件名称不能超过 %(n)s 个字。") % {"n": TITLE_MAX}
        raise Invalid(message, code="title_too_long", details={"fields": {"title": message}})
    refused = check_upload(upload)
    if refused:
        raise Invalid(refused, code="file_refused", details={"fields": {"file": refused}})
    unit = matter.lead_unit if in_unit(who, matter) else None
    with transaction.atomic():
        locked = Matter.objects.select_for_update(of=("self",)).get(pk=matter.pk)
        if locked.attachments.count() >= PER_MATTER_MAX:
            raise Conflict(
                _("每件督办事项最多 %(n)s 个附件。") % {"n": PER_MATTER_MAX}, code="too_many_attachments"
            )
        attachment = MatterAttachment(matter=locked, title=title, department=unit, uploaded_by=actor)
        attachment.file.save(stored_name(upload), upload, save=False)
        attachment.save()
        record_event(locked, "attach", actor, matter_clock.today(), department=unit, text=title)
        audit.record(
            actor=actor,
            action="supervision.matter.attach",
            obj=locked,
            after={"attachment": attachment.pk, "title": title, "size": upload.size},
        )
    return attachment
