"""The notices and decisions the case pages print, as registrations with the documents registry:
受理通知书 (receipt), 补正材料通知书 (supplement), 不予受理决定书 (return), 准予行政许可决定书 (approval)
and 不予行政许可决定书 (denial; 不予办理决定书, refusal, for an item that is not a licence).

A decision is headed and sealed by the deciding authority (`org.authorities`), a notice by the service
body that hands it over; every print carries its verification line (number and query code, the code
only for those who may see it) and a decision its appeal rights.

Each is printed only by staff who see the case (anyone else finds nothing, as on every staff case
page) and only while it applies to the case as it stands; the case page's print buttons are
`registry.offered("case", ...)`. Templates: cases/templates/cases/print/.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from onewindow.catalog.choices import ItemType
from onewindow.documents.registry import Document, Subject, register, register_subject
from onewindow.errors import NotFound
from onewindow.org.authorities import deciding_authority
from onewindow.org.permissions import actor_of
from onewindow.personal import applicant_shown, mask_id_number, shows_whole

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
    decisions = (Action.DENY, Action.RETURN, Action.APPROVE)
    return {
        "case": case,
        "authority": deciding_authority(case.department, case.item_version.implementing_body),
        "query_code": case.query_code if shows_whole(actor, case, detail["tasks"]) else None,
        "materials": materials,
        "received": [m for m in materials if m.provision != "missing"],
        "listed": [m for m in materials if m.in_notice],
        "deferred": [m for m in materials if m.provision == "missing" and m.requirement == "deferrable"]
        if case.deferred
        else [],
        "applicant_id": mask_id_number(case.applicant_id_number),
        "track_url": request.build_absolute_uri("/track/"),
        "decided_on": next((e.day for e in reversed(events) if e.action in decisions), None),
        **_notice_people(case, events),
    }


def _notice_people(case: Case, events) -> dict:
    """The one-time notice's day, who informed the applicant (告知人: who issued it) and the clerk who took
    the application in (经办人; the informer again for an application made online)."""
    issued = next((e for e in events if e.action == Action.REQUEST_SUPPLEMENT), None)
    informed_by = issued.actor_label if issued else ""
    clerk = getattr(getattr(case.received_by, "staff", None), "full_name", "") if case.received_by_id else ""
    return {
        "notice_day": issued.day if issued else None,
        "informed_by": informed_by,
        "handled_by": clerk or informed_by,
        "supplement_days": settings.SUPPLEMENT_WORKING_DAYS,
    }


def decision_context(request, actor, at_hand: CaseAtHand) -> dict:
    """A decision names its addressee whole, to those who may read the number whole."""
    context = notice_context(request, actor, at_hand)
    context["applicant_id"] = applicant_shown(actor, at_hand.case, at_hand.detail["tasks"])["id_number"]
    context["licensing"] = at_hand.case.item_version.item_type == ItemType.LICENSING
    return context


register_subject(Subject("case", key="number", load=case_in_scope))


def _notice(code: str, name, applies, context=notice_context, template: str = "") -> Document:
    return register(
        Document(
            "case",
            code,
            name,
            f"cases/print/{template or code}.html",
            may_print=staff_may_print,
            applies=applies,
            context=context,
        )
    )


def _decided(action, *, licensing: bool):
    """Whether the case was decided so, for a licensing item (行政许可: 准予/不予行政许可决定书) or for any
    other (不予办理决定书)."""

    def applies(at: CaseAtHand) -> bool:
        is_licensing = at.case.item_version.item_type == ItemType.LICENSING
        return is_licensing == licensing and any(e.action == action for e in at.detail["events"])

    return applies


_notice("receipt", _("受理通知书"), lambda at: at.case.accepted_on is not None)
_notice("supplement", _("补正材料通知书"), lambda at: any(m.in_notice for m in at.detail["materials"]))
_notice("return", _("不予受理决定书"), lambda at: at.case.status == Status.RETURNED, context=decision_context)
_notice(
    "approval", _("准予行政许可决定书"), _decided(Action.APPROVE, licensing=True), context=decision_context
)
_notice(
    "denial",
    _("不予行政许可决定书"),
    _decided(Action.DENY, licensing=True),
    context=decision_context,
)
_notice(
    "refusal",
    _("不予办理决定书"),
    _decided(Action.DENY, licensing=False),
    context=decision_context,
    template="denial",
)
