"""The moves along the transitions table that intake and the action handlers share: the transition itself
(status and timeline event), acceptance, the one-time notice, the decision and the delivery."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from onewindow.errors import Conflict, Invalid
from onewindow.org.permissions import Actor
from onewindow.timelimits import reading as timelimits_reading

from .. import clocks, workflow
from ..applied import AppliedFor, applied_to
from ..choices import (
    Action,
    Delivery,
    Status,
)
from ..models import Case, CaseFee, CaseMaterial, CaseTask
from .certificates import _issue_certificate
from .fees import _charge
from .materials import list_in_notice
from .steps import (
    _count_visit,
    _event,
    _notify_departments,
    _tell_applicant,
)
from .tasks import _task_rows

A = Action


def _one_time_notice(
    case: Case, actor: Actor, missing: list[CaseMaterial], today: date, reasons: dict[int, str]
) -> None:
    list_in_notice(case, [(m, reasons.get(m.pk, "")) for m in missing], today)
    CaseMaterial.objects.bulk_update(missing, ["in_notice", "supplement_reason"])
    names = [m.name for m in missing]
    _transition(
        case,
        actor,
        A.REQUEST_SUPPLEMENT,
        today,
        changes={"supplement_due": case.supplement_due},
        details={"missing": names},
    )
    _announce_notice(case, names)


def _announce_notice(case: Case, names: list[str]) -> None:
    """Tell the applicant, once, everything the one-time notice lists."""
    _tell_applicant(
        case,
        "supplement",
        gettext_noop(
            "您申请的%(title)s（编号 %(number)s）需补正以下材料：%(names)s。请于 %(due)s 前一次补齐。"
        ),
        names="、".join(names),
        due=case.supplement_due or _supplement_within(),
    )


def _supplement_within() -> str:
    return _("自收到通知之日起 %(n)s 个工作日") % {"n": settings.SUPPLEMENT_WORKING_DAYS}


def _announce_return(case: Case, reason: str, basis: str) -> None:
    """Tell the applicant why the application was not accepted, and on what legal basis."""
    _tell_applicant(
        case,
        "returned",
        gettext_noop("您申请的%(title)s（编号 %(number)s）未予受理，理由：%(reason)s；依据：%(basis)s。"),
        reason=reason,
        basis=basis,
    )


def _accepted(case: Case, today: date, applied: AppliedFor, *, deferred: bool) -> tuple[list, list]:
    """Acceptance on the case in memory: the clock's first day, the deferral, the fees charged and the
    joint tasks opened, returned as rows not yet written."""
    case.accepted_on = today
    case.deferred = deferred
    if deferred:
        case.commitment_signed_at = timezone.now()
    return _charge(case, applied.owed_fees(case.fee_answers)), _task_rows(case, applied)


def _accept(
    case: Case,
    actor: Actor,
    today: date,
    *,
    deferred: bool = False,
    via: str = A.ACCEPT,
    details=None,
    fee_answers: dict | None = None,
) -> None:
    """Acceptance: the clock starts, fees are charged, joint tasks open, the applicant gets a receipt.

    `via` is the transition that accepts: accept itself, or the supplement that completes the materials.
    `fee_answers`: the fee questions answered again at the window (see `_answers_at_acceptance`).
    """
    applied = applied_to(case)
    case.fee_answers = _answers_at_acceptance(case, applied, fee_answers)
    fees, tasks = _accepted(case, today, applied, deferred=deferred)
    CaseFee.objects.bulk_create(fees)
    CaseTask.objects.bulk_create(tasks)
    accepted = {
        "fee_answers": case.fee_answers,
        "accepted_on": case.accepted_on,
        "deferred": case.deferred,
        "commitment_signed_at": case.commitment_signed_at,
        "fees_total": case.fees_total,
        "fees_settled": case.fees_settled,
    }
    _transition(case, actor, via, today, changes=accepted, details={"deferred": deferred, **(details or {})})
    clocks.refresh(case, on=today)  # sets the clock figures it stores on `case` too
    _announce_acceptance(case, tasks)


def _answers_at_acceptance(case: Case, applied: AppliedFor, given: dict | None) -> dict[str, str]:
    """The fee answers acceptance charges by. A bundle is charged by its items in force at acceptance,
    which may ask other questions than when the applicant applied online: then the stored answers no
    longer fit, and acceptance waits (409 fee_answers_stale) for the window to answer them again, rather
    than charge what the old answers happen to match."""
    if given is None:
        if problems := applied.fee_answer_problems(case.fee_answers):
            raise Conflict(
                _("收费问题已随事项调整，请按现行事项重新回答后受理。"),
                code="fee_answers_stale",
                details={f"fee_answers.{question}": message for question, message in problems.items()},
            )
        return case.fee_answers
    return applied.checked_fee_answers(given)


def _announce_acceptance(case: Case, tasks: list[CaseTask]) -> None:
    """The departments that now have work hear of it; the applicant gets the receipt with the deadline."""
    _notify_departments(case, _("新办件待办理：%(title)s（%(number)s）"), tasks)
    _tell_applicant(
        case,
        "accepted",
        gettext_noop(
            "您申请的%(title)s已受理，编号 %(number)s，查询码 %(code)s，承诺办结期限 %(deadline)s。"
        ),
        code=case.query_code,
        deadline=case.deadline or timelimits_reading.waiting_note(case) or "—",
    )


def _move(case: Case, action: str) -> tuple[str, str, str]:
    """Move the case along the table in memory: (the status it leaves, the one it enters, the clock event
    the action implies); 409 when the table does not allow it."""
    new = workflow.next_status(case.status, action)
    if new is None:
        raise Conflict(_("办件当前状态不能进行此操作。"), code="action_not_allowed")
    old = case.status
    case.status = new
    if new == Status.CLOSED:
        case.closed_at = timezone.now()
    return old, new, workflow.CASE.spec(action).clock_leaving(old)


def _transition(
    case: Case, actor: Actor, action: str, today: date, *, changes: dict | None = None, **event
) -> None:
    """Move the case along the table and write the timeline event (with its clock event, if any);
    `changes`: other fields of the case, already set on it, written in the same UPDATE."""
    old, new, clock = _move(case, action)
    fields = {**(changes or {}), "status": new}
    if new == Status.CLOSED:
        fields["closed_at"] = case.closed_at
    Case.objects.filter(pk=case.pk).update(**fields)
    if clock == "finish" and old == Status.PAUSED:
        _event(case, actor, A.RESUME, old, old, today, clock="resume")  # a stopped clock resumes to finish
    _event(case, actor, action, old, new, today, clock=clock, **event)


def _decide(case, actor, action, today, data):
    """Approve or deny: the clock finishes; an approval that issues a licence stores it in the library.
    A decision after the deadline says why (超时说明), kept on the case and shown with it."""
    late_by = clocks.late_by(case, today)
    if late_by:
        explanation = (data.late_explanation or "").strip()
        if not explanation:
            raise Invalid(
                _("本件已超过办结期限 %(n)s 个工作日，请填写超时说明。") % {"n": late_by},
                code="late_explanation_required",
                details={"late_explanation": _("请填写超时说明。")},
            )
        Case.objects.filter(pk=case.pk).update(late_explanation=explanation[:2000])
    if action == A.DENY:
        Case.objects.filter(pk=case.pk).update(reason=data.reason, legal_basis=data.basis[:300])
    if case.status == Status.REPORTED_UP:
        Case.objects.filter(pk=case.pk).update(report_answered_on=today)
    _transition(case, actor, action, today, note=data.reason, basis=data.basis)
    clocks.refresh(case, on=today)
    if action == A.APPROVE and case.item_version.issues_certificate:
        _issue_certificate(case, data, today)
    if action == A.APPROVE:
        _tell_applicant(
            case,
            "result",
            gettext_noop("您申请的%(title)s（编号 %(number)s）已准予办理，请按约定方式领取结果。"),
        )
    else:
        _tell_applicant(
            case,
            "result",
            gettext_noop("您申请的%(title)s（编号 %(number)s）不予许可，理由：%(reason)s；依据：%(basis)s。"),
            reason=data.reason,
            basis=data.basis,
        )


def _deliver(case, actor, today, data, *, count_visit=True):
    if data.delivery not in Delivery.values:
        raise Invalid(
            _("请选择送达方式。"), code="delivery_required", details={"delivery": list(Delivery.values)}
        )
    if data.delivery == Delivery.POST and not data.postal_number.strip():
        raise Invalid(_("邮寄送达须填写邮件单号。"), code="postal_number_required")
    Case.objects.filter(pk=case.pk).update(
        delivery=data.delivery,
        postal_number=data.postal_number.strip()[:40],
        delivered_at=timezone.now(),
        # 现场办结: the result handed over at the window on the day the application was accepted
        finished_on_site=case.finished_on_site
        or (data.delivery == Delivery.WINDOW and case.accepted_on == today),
    )
    if data.delivery == Delivery.WINDOW and count_visit:
        _count_visit(case, actor)
    _transition(case, actor, A.DELIVER, today, details={"delivery": data.delivery})
    _tell_applicant(
        case,
        "delivered",
        gettext_noop("您申请的%(title)s（编号 %(number)s）结果已送达（%(how)s）。"),
        how=str(Delivery(data.delivery).label),
    )
