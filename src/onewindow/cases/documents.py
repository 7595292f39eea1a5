"""The notices the case pages print, as registrations with the documents registry: 受理通知书 (receipt),
一次性告知书 (supplement), 退回通知书 (return) and 不予许可决定书 (denial).

Each is printed only by staff who see the case (anyone else finds nothing, as on every staff case
page) and only while it applies to the case as it stands; the case page's print buttons are
`registry.offered("case", ...)`. Templates: cases/templates/cases/print/.
"""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from onewindow.documents.registry import Document, Subject, register, register_subject
from onewindow.errors import NotFound
from onewindow.org.permissions import actor_of
from onewindow.personal import applicant_shown, mask_id_number

from . import selectors
from .choices import Action, Status
from .models import Case


@dataclass(frozen=True)
class CaseAtHand:
    """A case with its materials, tasks, fees and events (`selectors.case_detail`), read once for all of
    its documents."""

    case: Case
    detail: dict


def case_in_scope(request, number: str):
    """The person and the case, if the case is in their scope; else 404, like an unknown number."""
    actor = actor_of(request.user)
    try:
        case = selectors.case_for(actor, number)
    except NotFound:
        raise Http404 from None
    return actor, CaseAtHand(case, selectors.case_detail(case))


def staff_may_print(actor, _at_hand) -> bool:
    return actor.staff is not None or actor.is_admin


def notice_context(request, actor, at_hand: CaseAtHand) -> dict:
    """What every case notice prints. The applicant's ID number is masked: a notice identifies the case
    by its number, and goes home with the applicant (a decision, which the law addresses to the person,
    names them whole: `decision_context`)."""
    case, detail = at_hand.case, at_hand.detail
    materials, events = detail["materials"], detail["events"]
    decisions = (Action.DENY, Action.RETURN)
    return {
        "case": case,
        "materials": materials,
        "received": [m for m in materials if m.provision != "missing"],
        "listed": [m for m in materials if m.in_notice],
        "deferred": [m for m in materials if m.provision == "missing" and m.requirement == "deferrable"]
        if case.deferred
        else [],
        "applicant_id": mask_id_number(case.applicant_id_number),
        "track_url": request.build_absolute_uri("/track/"),
        "decided_on": next((e.day for e in reversed(events) if e.action in decisions), None),
        "notice_day": next((e.day for e in events if e.action == Action.REQUEST_SUPPLEMENT), None),
    }


def decision_context(request, actor, at_hand: CaseAtHand) -> dict:
    """A decision names its addressee whole, to those who may read the number whole."""
    context = notice_context(request, actor, at_hand)
    context["applicant_id"] = applicant_shown(actor, at_hand.case, at_hand.detail["tasks"])["id_number"]
    return context


register_subject(Subject("case", key="number", load=case_in_scope))


def _notice(code: str, name, applies, context=notice_context) -> Document:
    return register(
        Document(
            "case",
            code,
            name,
            f"cases/print/{code}.html",
            may_print=staff_may_print,
            applies=applies,
            context=context,
        )
    )


_notice("receipt", _("受理通知书"), lambda at: at.case.accepted_on is not None)
_notice("supplement", _("一次性告知书"), lambda at: any(m.in_notice for m in at.detail["materials"]))
_notice("return", _("退回通知书"), lambda at: at.case.status == Status.RETURNED)
_notice(
    "denial",
    _("不予许可决定书"),
    lambda at: any(e.action == Action.DENY for e in at.detail["events"]),
    context=decision_context,
)
