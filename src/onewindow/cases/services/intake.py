"""Intake: one application becomes a case, accepted, asked once for what is missing, or returned at the
window; an immediate case may be finished on the spot."""

from __future__ import annotations

import secrets
from contextlib import nullcontext
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow import inserts
from onewindow.accounts.applicants import Applicant
from onewindow.audit import services as audit
from onewindow.catalog.choices import CaseKind, MaterialRequirement, MaterialSource
from onewindow.certificates.selectors import certificates_of
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.files import check_upload, stored_name
from onewindow.org.models import Staff
from onewindow.org.permissions import Actor, actor_of
from onewindow.org.roles import Role
from onewindow.personal import id_digest
from onewindow.workcalendar.services import current_calendar

from .. import clocks, intake_guards, queries
from ..applied import AppliedFor, applied_for
from ..choices import (
    Action,
    Channel,
    Delivery,
    FeeState,
    Provision,
    Status,
)
from ..models import Case, CaseEvent, CaseFee, CaseMaterial, CaseTask, IdempotencyKey
from ..numbering import new_query_code
from .fees import _pay
from .inputs import ActionInput, IntakeInput
from .lifecycle import require_what_the_spec_asks
from .materials import _missing, list_in_notice
from .steps import _event_row, _notify_body_clerks
from .transitions import (
    _accepted,
    _announce_acceptance,
    _announce_notice,
    _announce_return,
    _decide,
    _deliver,
    _move,
    _transition,
)

A = Action


def take_in(
    user,
    data: IntakeInput,
    *,
    applied: AppliedFor | None = None,
    idempotency_key: str = "",
    via_api: bool = False,
) -> Case:
    """Take in one application; returns the case (the first one made, when a key is replayed).

    `applied`: what is applied for, when the caller worked it out already (`applied_for`). The outcome
    (status, fees, tasks, clock) is decided in memory, then the case row and its lines are written
    once, the number taken last."""
    actor = actor_of(user)
    channel = intake_channel(actor, via_api=via_api)
    if channel == Channel.ONLINE:
        data.applicant = applicant_of(user.citizen)  # online, people apply for themselves
    applied = applied or _applied(data)
    lead = applied.lead
    if channel == Channel.ONLINE and not applied.online_possible:
        raise Invalid(
            _("该事项不能网上申请，请到窗口办理。"),
            code="not_online",
            details={"item_code": lead.implementation_code},
        )
    if actor.staff is not None and channel != Channel.ONLINE:
        body = actor.staff.body
    else:
        body = lead.department.body
    provided = _provisions(data, applied, data.applicant)
    fee_answers = _fee_answers(data, applied)
    today = clocks.today()
    claim = _claim(user, idempotency_key, data.fingerprint()) if idempotency_key else None
    with transaction.atomic():
        # The rooms above ask in this transaction (what they read they may lock until the commit); a
        # replayed key whose request they would refuse now still answers with the case it made.
        try:
            guarded = intake_guards.ask(intake_guards.Attempt(actor, channel, data.applicant, applied, today))
        except Invalid:
            if idempotency_key and IdempotencyKey.objects.filter(user=user, key=idempotency_key).exists():
                return _earlier_case(user, idempotency_key, data.fingerprint())
            raise
        case = Case(
            number=_provisional_number(),  # the real one comes with the write
            query_code=new_query_code(),
            status=Status.PREREVIEW,
            kind=applied.kind,
            channel=channel,
            title=applied.name,
            applicant_kind=data.applicant.kind,
            applicant_name=data.applicant.name,
            applicant_id_number=data.applicant.id_number,
            applicant_id_digest=id_digest(data.applicant.id_number),
            applicant_phone=data.applicant.phone,
            legal_representative=data.applicant.legal_representative,
            contact_name=data.applicant.contact_name,
            citizen=user if actor.staff is None and _is_citizen(user) else _citizen_for(data.applicant),
            item_id=lead.item_id,
            item_version=lead,
            bundle=applied.bundle,
            body=body,
            department=lead.department,
            window=actor.staff.window if actor.staff and channel in (Channel.WINDOW, Channel.API) else None,
            received_by=user if actor.staff else None,
            agent=user if channel == Channel.AGENT else None,
            limit_days=applied.limit_days,
            fee_answers=fee_answers,
            fees_total=Decimal("0.00"),  # as the column reads back
            supplement_restarts=lead.supplement_rule == "restart",
            yellow_threshold=lead.yellow_threshold_days,
            visits=1 if channel in (Channel.WINDOW, Channel.API) else 0,  # the applicant stood at a window
        )
        intake = _Intake(case, actor, today, _checklist_rows(case, applied, provided))
        intake.event(A.SUBMIT, "", Status.PREREVIEW, note=data.note, details={"channel": channel})
        intake.decide(data, applied)
        try:
            intake.write(claim, body.division.code[:6])
        except queries.KeyClaimed:
            intake.forget_uploads()
            return _earlier_case(user, idempotency_key, data.fingerprint())
        finish = data.finish_now and case.status == Status.ACCEPTED
        # What follows holds the area's number row: its writes go in one round trip with the commit (but
        # finishing on the spot reads and writes in turn). Nothing may follow this block in the transaction.
        with nullcontext() if finish else inserts.together(commit=True):
            for then in guarded:
                then(case)
            intake.announce()
            if finish:
                del case.intake_rows  # finishing on the spot writes more
                _finish_on_site(case, actor, data, today)
            audit.record(
                actor=user,
                action="cases.case.intake",
                obj=case,
                after={
                    "number": case.number,
                    "status": case.status,
                    "channel": channel,
                    "item_version": lead.pk,
                },
            )
    return case


class _Intake:
    """One intake's new case and the rows it makes, decided in memory and written once, then announced."""

    def __init__(self, case: Case, actor: Actor, today: date, materials: list[CaseMaterial]):
        self.case, self.actor, self.today, self.materials = case, actor, today, materials
        self.events: list[CaseEvent] = []
        self.fees: list[CaseFee] = []
        self.tasks: list[CaseTask] = []
        self.announce = lambda: None

    def event(self, action: str, from_status: str, to_status: str, **event) -> None:
        self.events.append(
            _event_row(self.case, self.actor, action, from_status, to_status, self.today, **event)
        )

    def _move(self, action: str, **event) -> None:
        old, new, clock = _move(self.case, action)
        self.event(action, old, new, clock=clock, **event)

    def decide(self, data: IntakeInput, applied: AppliedFor) -> None:
        """Accept, ask once for what is missing, accept deferred, or return: the outcomes at the window."""
        case = self.case
        if data.returning:
            if case.channel == Channel.ONLINE:
                raise Forbidden()
            returned = ActionInput(case.version, reason=data.return_reason, basis=data.return_basis)
            require_what_the_spec_asks(A.RETURN, returned)
            case.reason, case.legal_basis = returned.reason, returned.basis[:300]
            self._move(A.RETURN, note=returned.reason, basis=returned.basis)
            self.announce = lambda: _announce_return(case, returned.reason, returned.basis)
            return
        if case.channel == Channel.ONLINE:  # the window pre-reviews it
            self.announce = lambda: _notify_body_clerks(case, _("新的网上申请待预审：%(title)s"))
            return
        missing = _missing(case, self.materials)
        if missing and not (
            data.commitment_signed and all(m.requirement == MaterialRequirement.DEFERRABLE for m in missing)
        ):
            reasons = {m.material_id: m.reason for m in data.materials}
            list_in_notice(case, [(m, reasons.get(m.item_material_id, "")) for m in missing], self.today)
            names = [m.name for m in missing]
            self._move(A.REQUEST_SUPPLEMENT, details={"missing": names})
            self.announce = lambda: _announce_notice(case, names)
            return
        self.fees, self.tasks = _accepted(case, self.today, applied, deferred=bool(missing))
        self._move(A.ACCEPT, details={"deferred": bool(missing)})
        clocks.read(case, self.tasks, self.events, current_calendar(), self.today)
        self.announce = lambda: _announce_acceptance(case, self.tasks)

    def write(self, claim: tuple | None, area_code: str) -> None:
        """The case row, its checklist, events, fees and tasks and its number (`queries.insert_intake`: one
        statement on PostgreSQL). The rows stay on the case (`intake_rows`), so the answer to the intake
        need not read them back. From here on the area's number row is locked until the commit: only the
        notices, the applicant's message and the audit event follow."""
        rows = {"materials": self.materials, "events": self.events, "fees": self.fees, "tasks": self.tasks}
        queries.insert_intake(self.case, rows, claim, area_code, self.today)
        self.case.intake_rows = rows

    def forget_uploads(self) -> None:
        """Remove the files this attempt stored, when it writes nothing (its key was used already)."""
        for line in self.materials:
            if line.file:
                line.file.delete(save=False)


def _provisional_number() -> str:
    """A stand-in number, unique and unlike any real one, that no one else ever sees: the intake's row
    carries it until the intake takes its real number, in the same transaction."""
    return "~" + secrets.token_hex(10)[:19]


def intake_channel(actor: Actor, *, via_api: bool = False) -> str:
    """The channel this person takes applications in through, or Forbidden if they may not take any:
    asked first, so someone who may not take in is refused before their form is judged."""
    if not actor.is_authenticated:
        raise Forbidden()
    if actor.staff is not None and not actor.is_admin:
        if actor.has_role(Role.WINDOW_CLERK, Role.CHIEF_REP):
            return Channel.API if via_api else Channel.WINDOW
        if actor.has_role(Role.AGENT):
            return Channel.AGENT
        raise Forbidden(_("只有综合窗口人员、首席代表和代办员可以收件。"))
    if _is_citizen(actor.user):
        return Channel.ONLINE
    raise Forbidden()


def applicant_of(citizen) -> Applicant:
    return Applicant(
        kind=citizen.kind,
        name=citizen.name,
        id_number=citizen.id_number,
        phone=citizen.phone,
        legal_representative=citizen.legal_representative,
        contact_name=citizen.contact_name,
    )


def _is_citizen(user) -> bool:
    return hasattr(user, "citizen") and not Staff.objects.filter(user=user).exists()


def _citizen_for(applicant: Applicant):
    """The applicant's own account, when they have one, so the case shows among their cases."""
    citizen = queries.citizen_with(id_digest(applicant.id_number))
    return citizen.user if citizen else None


def _applied(data: IntakeInput) -> AppliedFor:
    if bool(data.item_code) == bool(data.bundle_code):
        raise Invalid(_("请选择一个事项或一件事。"), code="item_required", details={"item_code": _("必填。")})
    applied = applied_for(item_code=data.item_code, bundle_code=data.bundle_code)
    if applied is not None:
        return applied
    if data.bundle_code:
        raise Invalid(
            _("该一件事不存在或已停用。"), code="bundle_unknown", details={"bundle_code": _("未找到。")}
        )
    raise Invalid(_("该事项不存在或已停用。"), code="item_unknown", details={"item_code": _("未找到。")})


def _fee_answers(data: IntakeInput, applied: AppliedFor) -> dict[str, str]:
    """The answers to the fee questions of what is applied for (only the owed lines are charged), or 422
    naming each question left open or answered with what no line knows. An application refused at the
    window is charged nothing, so it is asked nothing."""
    if data.returning:
        return {}
    return applied.checked_fee_answers(data.fee_answers)


def _provisions(data: IntakeInput, applied: AppliedFor, applicant: Applicant) -> dict[int, tuple]:
    """material id -> (provision, file, certificate): what the applicant gave, the library filling in."""
    given = {}
    errors = {}
    lines = {line.material.pk: line for line in applied.lines}
    for entry in data.materials:
        if entry.material_id not in lines:
            errors[f"materials.{entry.material_id}"] = _("该材料不在本事项的材料清单中。")
            continue
        if entry.provision not in Provision.values:
            errors[f"materials.{entry.material_id}"] = _("提供方式无效。")
            continue
        if entry.provision == Provision.UPLOAD:
            problem = check_upload(entry.file)
            if problem:
                errors[f"materials.{entry.material_id}"] = problem
                continue
        given[entry.material_id] = entry
    if errors:
        raise Invalid(_("材料信息有误。"), code="materials_invalid", details=errors)
    library = certificates_of(applicant.id_number) if applied.needs_library else {}
    not_found = {
        f"materials.{material_id}": _("电子证照库中未找到“%(type)s”，请提交纸质材料或上传。")
        % {"type": line.material.certificate_type or line.material.name}
        for material_id, line in lines.items()
        if line.material.source == MaterialSource.CERTIFICATE_LIBRARY
        and line.requirement != MaterialRequirement.OPTIONAL  # an optional line may go without
        and library.get(line.material.certificate_type) is None
        and (given.get(material_id) is None or given[material_id].provision == Provision.CERTIFICATE)
    }
    if not_found and not data.returning:  # a lookup miss is the clerk's to decide, never a silent gap
        message = _("电子证照库中未找到，请提交纸质材料。")
        raise Invalid(message, code="certificate_not_found", details=not_found)
    result = {}
    for material_id, line in lines.items():
        entry = given.get(material_id)
        certificate = None
        if line.material.source == MaterialSource.CERTIFICATE_LIBRARY:
            certificate = library.get(line.material.certificate_type)
        if line.material.source == MaterialSource.DEPARTMENT and entry is None:
            result[material_id] = (Provision.SHARED, None, None)  # another department supplies it
        elif certificate is not None and (
            entry is None or entry.provision in (Provision.MISSING, Provision.CERTIFICATE)
        ):
            result[material_id] = (
                Provision.CERTIFICATE,
                None,
                certificate,
            )  # taken from the library, not asked
        elif entry is None or entry.provision in (Provision.CERTIFICATE, Provision.SHARED):
            # nothing the library or a department holds: not received (a required library line was
            # refused above, so this is an optional one, or a line that comes from neither)
            result[material_id] = (Provision.MISSING, None, None)
        else:
            result[material_id] = (entry.provision, entry.file, None)
    return result


def _checklist_rows(case: Case, applied: AppliedFor, provided: dict) -> list[CaseMaterial]:
    """The case's checklist lines, not yet written; an upload is stored under a random name first."""
    rows = []
    for order, line in enumerate(applied.lines, start=1):
        provision, upload, certificate = provided[line.material.pk]
        row = CaseMaterial(
            case=case,
            item_material=line.material,
            sort_order=order,
            name=line.material.name,
            requirement=line.requirement,
            provision=provision,
            certificate=certificate,
        )
        if upload is not None:
            row.file.save(stored_name(upload), upload, save=False)
        rows.append(row)
    return rows


def _finish_on_site(case: Case, actor: Actor, data: IntakeInput, today: date) -> None:
    """An immediate case decided, paid for and handed over at the window in the same visit."""
    if case.kind != CaseKind.IMMEDIATE:
        raise Invalid(_("只有即办件可以当场办结。"), code="not_immediate")
    if not may_finish_immediate(actor, case):
        raise Forbidden(_("只有首席代表或经授权的窗口人员可以当场办结即办件。"))
    if data.payment_method and not case.fees_settled:
        _pay(
            case,
            actor,
            list(case.fees.filter(state=FeeState.UNPAID)),
            data.payment_method,
            data.receipt_number,
            today,
        )
    _decide(case, actor, A.APPROVE, today, ActionInput(version=case.version))
    case.finished_on_site = True
    _deliver(
        case, actor, today, ActionInput(version=case.version, delivery=Delivery.WINDOW), count_visit=False
    )
    if case.fees_settled:
        _transition(case, actor, A.CLOSE, today)


def may_finish_immediate(actor: Actor, case: Case) -> bool:
    staff = actor.staff
    if staff is None or actor.is_admin:
        return False
    if actor.has_role(Role.CHIEF_REP) and staff.department_id == case.department_id:
        return True
    return actor.has_role(Role.WINDOW_CLERK) and staff.may_finish_immediate and staff.body_id == case.body_id


def _claim(user, key: str, fingerprint: str) -> tuple:
    """What claims an idempotency key for this intake (see `queries.insert_intake`). Its unique row makes
    concurrent requests with one key wait for the first to commit; they then find its case."""
    if len(key) > 100:
        raise Invalid(_("Idempotency-Key 不能超过 100 个字符。"), code="idempotency_key_invalid")
    return user.pk, key, fingerprint, timezone.now()


def _earlier_case(user, key: str, fingerprint: str) -> Case:
    """The case an earlier request with this key made; reusing a key for a different request is refused."""
    earlier = IdempotencyKey.objects.select_related("case").get(user=user, key=key)
    if earlier.fingerprint != fingerprint:
        raise Conflict(_("该 Idempotency-Key 已用于另一项申请。"), code="idempotency_key_reused")
    if earlier.case is None:
        raise Conflict(_("相同请求正在处理，请稍后重试。"), code="idempotency_in_progress")
    return earlier.case
