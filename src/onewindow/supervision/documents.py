"""What the matter pages print, as registrations with the documents registry: the assignment notice
(交办事项通知单), once the matter has a lead unit, and the urging notice (催办单), once it has been urged;
and the published circulated report (通报), for whoever reads it.
Printed by the office (the supervisors of its area) and by the unit it went to, each within their scope.
The requester's phone is masked on paper: the unit has it whole on its page. Templates: print/."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from onewindow.core.masking import mask_phone
from onewindow.documents.registry import Document, Subject, register, register_subject
from onewindow.errors import Forbidden
from onewindow.org.permissions import actor_of

from . import circulation, selectors
from .matter_flow import in_office, in_unit


def matter_in_scope(request, number: str):
    actor = actor_of(request.user)
    matter = selectors.matter_by_number(actor, number)
    if matter is None:
        raise Http404
    return actor, matter


def office_or_unit(actor, matter) -> bool:
    return in_office(actor, matter) or in_unit(actor, matter)


def _context(request, actor, matter) -> dict:
    urgings = list(matter.urgings.order_by("step"))
    return {
        "matter": matter,
        "phone": mask_phone(matter.requester_phone),
        "urging": urgings[-1] if urgings else None,
        "assign_event": matter.events.filter(action="assign").order_by("-pk").first(),
    }


register_subject(Subject("matter", key="number", load=matter_in_scope))
register(
    Document(
        "matter",
        "assignment",
        _("交办事项通知单"),
        "supervision/print/assignment.html",
        may_print=office_or_unit,
        applies=lambda matter: matter.lead_unit_id is not None,
        context=_context,
    )
)
register(
    Document(
        "matter",
        "urging",
        _("催办单"),
        "supervision/print/urging.html",
        may_print=office_or_unit,
        applies=lambda matter: matter.rung > 0,
        context=_context,
    )
)


def report_in_scope(request, pk: str):
    actor = actor_of(request.user)
    found = visible_reports_or_none(actor, pk)
    if found is None:
        raise Http404
    return actor, found


def visible_reports_or_none(actor, pk):
    try:
        return circulation.visible_reports(actor).filter(pk=pk).first()
    except Forbidden:
        return None


def _report_context(request, actor, report) -> dict:
    return {"report": report, "table": circulation.table(report.rows), "columns": circulation.columns()}


register_subject(Subject("circulation", key="pk", load=report_in_scope))
register(
    Document(
        "circulation",
        "report",
        _("督查督办通报"),
        "supervision/print/circulation.html",
        may_print=lambda actor, report: True,  # whoever sees a published report prints it
        applies=lambda report: True,
        context=_report_context,
    )
)
