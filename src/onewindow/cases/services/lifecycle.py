"""Every action of the lifecycle: `act` checks who acts and what the table allows, claims the case's
version (a stale version answers 409 and writes nothing) and runs the action's handler in one transaction."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from onewindow.audit import services as audit
from onewindow.catalog.choices import MaterialRequirement
from onewindow.errors import Conflict, Invalid, NotFound
from onewindow.org.permissions import actor_of
from onewindow.timelimits.choices import PauseKind

from .. import clocks, workflow
from ..choices import Action, Provision, TaskStatus
from ..models import Case, CaseMaterial, CaseTask
from .fees import _chosen_fees, _pay, _waive
from .inputs import ActionInput
from .materials import _missing, _supply
from .steps import (
    _claim_version,
    _count_visit,
    _event,
    _notify_staff,
    _require_reason,
    _reviewers_of,
    _stale,
    _tell_applicant,
)
from .transitions import _accept, _announce_return, _decide, _deliver, _one_time_notice, _transition

A = Action


def act(user, case: Case | str, action: str, data: ActionInput) -> Case:
    """Take one action on a case, as the transitions table and the actor's place allow."""
    from ..selectors import case_for

    actor = actor_of(user)
    if isinstance(case, str):
        case = case_for(actor, case)
    if case.version != data.version:
        raise _stale(data)
    task = _task_of(case, action, data)
    workflow.CASE.check(actor, case, action, workflow.context_of(case, task=task))
    require_what_the_spec_asks(action, data)
    today = clocks.today()
    with transaction.atomic():
        _claim_version(case, data)
        case = Case.objects.select_related("item_version", "department", "body", "bundle").get(pk=case.pk)
        if task is not None:
            task = CaseTask.objects.get(pk=task.pk)
        before = {"status": case.status, "version": data.version}
        HANDLERS[action](case, actor, today, data, task)
        case.refresh_from_db()
        audit.record(
            actor=user,
            action=f"cases.case.{action}",
            obj=case,
            before=before,
            after={"status": case.status, "version": case.version, "task": getattr(task, "pk", None)},
        )
    return case


def require_what_the_spec_asks(action: str, data: ActionInput) -> None:
    """The reason (and legal basis) an action's spec asks for, before anything is written."""
    spec = workflow.CASE.spec(action)
    if spec.needs_reason:
        _require_reason(data.reason, data.basis, need_basis=spec.needs_basis)


def _task_of(case: Case, action: str, data: ActionInput) -> CaseTask | None:
    if action not in (A.TASK_APPROVE, A.TASK_DENY):
        return None
    task = case.tasks.filter(pk=data.task_id).first() if data.task_id else None
    if task is None:
        raise NotFound(_("未找到该联办任务。"))
    workflow.JOINT_TASK.check_status(task, action)
    return task


def _do_accept(case, actor, today, data, task):
    missing = _missing(case)
    if missing and not all(m.requirement == MaterialRequirement.DEFERRABLE for m in missing):
        raise Conflict(
            _("材料不全，不能受理；请出具一次性告知书。"),
            code="materials_missing",
            details={"missing": [m.name for m in missing]},
        )
    _accept(case, actor, today, deferred=bool(missing), fee_answers=data.fee_answers)


def _do_request_supplement(case, actor, today, data, task):
    missing = _missing(case)
    if data.missing_ids:
        chosen = list(case.materials.filter(pk__in=data.missing_ids))
        if len(chosen) != len(set(data.missing_ids)):
            raise Invalid(_("所选材料不在本件清单中。"), code="materials_invalid")
        CaseMaterial.objects.filter(pk__in=[m.pk for m in chosen]).update(provision=Provision.MISSING)
        missing = {m.pk: m for m in [*missing, *chosen]}.values()
    if not missing:
        raise Invalid(_("请选择需要补正的材料。"), code="materials_required")
    reasons = {int(k): str(v) for k, v in (data.missing_reasons or {}).items()}
    if set(reasons) - {m.pk for m in missing}:
        raise Invalid(_("补正原因所指的材料不在告知之列。"), code="materials_invalid")
    _one_time_notice(case, actor, list(missing), today, reasons)


def _do_supplement(case, actor, today, data, task):
    listed = [m for m in case.materials.all() if m.in_notice and m.provision == Provision.MISSING]
    _supply(case, actor, data, only=listed)
    still = [
        m
        for m in listed
        if m.provision == Provision.MISSING and m.requirement != MaterialRequirement.OPTIONAL
    ]
    if still and not all(m.requirement == MaterialRequirement.DEFERRABLE for m in still):
        raise Invalid(
            _("一次性告知书所列材料尚未补齐：%(names)s。") % {"names": "、".join(m.name for m in still)},
            code="materials_missing",
        )
    _count_visit(case, actor)
    supplied = [m.name for m in listed if m not in still]
    _accept(
        case,
        actor,
        today,
        deferred=bool(still),
        via=A.SUPPLEMENT,
        details={"materials": supplied},
        fee_answers=data.fee_answers,
    )


def _do_supply_deferred(case, actor, today, data, task):
    deferred = [
        m
        for m in case.materials.all()
        if m.provision == Provision.MISSING and m.requirement == MaterialRequirement.DEFERRABLE
    ]
    supplied = _supply(case, actor, data, only=deferred)
    if not supplied:
        raise Invalid(_("请选择补交的容缺材料。"), code="materials_required")
    if all(m.provision != Provision.MISSING for m in deferred):
        case.deferred = False
        Case.objects.filter(pk=case.pk).update(deferred=False)
    _count_visit(case, actor)
    _transition(case, actor, A.SUPPLY_DEFERRED, today, details={"materials": [m.name for m in supplied]})


def _do_start_review(case, actor, today, data, task):
    _transition(case, actor, A.START_REVIEW, today)


def _do_pause(case, actor, today, data, task):
    allowed = {PauseKind.SUPPLEMENT, *case.item_version.special_procedures}
    if data.pause_kind not in allowed:
        raise Invalid(
            _("该事项没有这种特别程序。"), code="pause_kind_invalid", details={"pause_kind": sorted(allowed)}
        )
    Case.objects.filter(pk=case.pk).update(paused_kind=data.pause_kind)
    _transition(case, actor, A.PAUSE, today, note=data.reason, pause_kind=data.pause_kind)
    clocks.refresh(case, on=today)
    _tell_applicant(
        case,
        "paused",
        gettext_noop("您申请的%(title)s（编号 %(number)s）暂停计时：%(reason)s。"),
        reason=data.reason,
    )


def _do_resume(case, actor, today, data, task):
    Case.objects.filter(pk=case.pk).update(paused_kind="")
    _transition(case, actor, A.RESUME, today)
    clocks.refresh(case, on=today)


def _do_extend(case, actor, today, data, task):
    limit = case.item_version.extension_max_days or 0
    if data.days <= 0 or case.extended_days + data.days > limit:
        raise Invalid(
            _("延期天数须在 1 到 %(left)s 个工作日之间。") % {"left": max(0, limit - case.extended_days)},
            code="extension_invalid",
            details={"days": data.days, "max": limit - case.extended_days},
        )
    Case.objects.filter(pk=case.pk).update(extended_days=F("extended_days") + data.days)
    _transition(case, actor, A.EXTEND, today, note=data.reason, days=data.days)
    clocks.refresh(case, on=today)


def _do_report_up(case, actor, today, data, task):
    authority = (data.authority or case.item_version.report_up_authority).strip()
    Case.objects.filter(pk=case.pk).update(report_authority=authority[:100], report_sent_on=today)
    _transition(case, actor, A.REPORT_UP, today, note=data.reason, details={"authority": authority})
    clocks.refresh(case, on=today)


def _do_approve(case, actor, today, data, task):
    _decide(case, actor, A.APPROVE, today, data)


def _do_deny(case, actor, today, data, task):
    _decide(case, actor, A.DENY, today, data)


def _do_return(case, actor, today, data, task):
    Case.objects.filter(pk=case.pk).update(reason=data.reason, legal_basis=data.basis[:300])
    _transition(case, actor, A.RETURN, today, note=data.reason, basis=data.basis)
    _announce_return(case, data.reason, data.basis)


def _do_withdraw(case, actor, today, data, task):
    _transition(case, actor, A.WITHDRAW, today, note=data.reason)
    clocks.refresh(case, on=today)


def _do_deliver(case, actor, today, data, task):
    _deliver(case, actor, today, data)


def _do_close(case, actor, today, data, task):
    _transition(case, actor, A.CLOSE, today)


def _decide_task(action):
    def handler(case, actor, today, data, task):
        task.status = workflow.JOINT_TASK.next_status(task.status, action)
        task.finished_on = today
        task.decided_by = actor.user
        task.opinion = data.reason
        task.save(update_fields=["status", "finished_on", "decided_by", "opinion"])
        _event(
            case,
            actor,
            action,
            case.status,
            case.status,
            today,
            task=task,
            note=data.reason,
            details={"department": task.department.name},
        )
        clocks.refresh(case, on=today)
        open_left = case.tasks.filter(status=TaskStatus.OPEN).exists()
        if not open_left or action == A.TASK_DENY:
            _notify_staff(
                _reviewers_of([case.department_id]),
                case,
                _("联办件各部门意见已齐，待牵头部门决定：%(number)s")
                if not open_left
                else _("联办件有部门不同意，待牵头部门决定：%(number)s"),
            )

    return handler


def _do_pay_fee(case, actor, today, data, task):
    _pay(case, actor, _chosen_fees(case, data), data.payment_method, data.receipt_number, today)


def _do_waive_fee(case, actor, today, data, task):
    _waive(case, actor, _chosen_fees(case, data), data, today)


def _do_record_visit(case, actor, today, data, task):
    Case.objects.filter(pk=case.pk).update(visits=F("visits") + 1)
    _event(case, actor, A.RECORD_VISIT, case.status, case.status, today, note=data.reason)


HANDLERS = {
    A.ACCEPT: _do_accept,
    A.REQUEST_SUPPLEMENT: _do_request_supplement,
    A.SUPPLEMENT: _do_supplement,
    A.SUPPLY_DEFERRED: _do_supply_deferred,
    A.START_REVIEW: _do_start_review,
    A.PAUSE: _do_pause,
    A.RESUME: _do_resume,
    A.EXTEND: _do_extend,
    A.REPORT_UP: _do_report_up,
    A.APPROVE: _do_approve,
    A.DENY: _do_deny,
    A.RETURN: _do_return,
    A.WITHDRAW: _do_withdraw,
    A.DELIVER: _do_deliver,
    A.CLOSE: _do_close,
    A.TASK_APPROVE: _decide_task(A.TASK_APPROVE),
    A.TASK_DENY: _decide_task(A.TASK_DENY),
    A.PAY_FEE: _do_pay_fee,
    A.WAIVE_FEE: _do_waive_fee,
    A.RECORD_VISIT: _do_record_visit,
}
