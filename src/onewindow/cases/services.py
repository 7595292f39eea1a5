"""Everything that changes a case (DESIGN rule 1): intake and every action of the lifecycle.

A call is one transaction: check who acts and what the table allows, claim the case's version (a stale
version answers 409 and writes nothing), write the change and its timeline event, recompute the stored
clock, write the audit event, and tell the applicant and the staff after commit.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from onewindow.accounts.applicants import Applicant
from onewindow.accounts.models import Citizen
from onewindow.accounts.permissions import Actor, actor_of
from onewindow.audit import services as audit
from onewindow.catalog import selectors as catalog
from onewindow.catalog.choices import CaseKind, MaterialRequirement, MaterialSource, OnlineDepth
from onewindow.catalog.models import Bundle, ItemFee, ItemMaterial, ItemVersion
from onewindow.errors import Conflict, Forbidden, Invalid, NotFound
from onewindow.notices import services as notices
from onewindow.org.models import Staff
from onewindow.org.roles import Role
from onewindow.personal import id_digest, keyed_digest
from onewindow.prepared import Prepared, server_statement
from onewindow.timelimits.choices import PauseKind

from . import clocks, workflow
from .choices import Action, Channel, Delivery, FeeState, PaymentMethod, Provision, Status, TaskStatus
from .models import Case, CaseEvent, CaseFee, CaseMaterial, CaseTask, Certificate, IdempotencyKey
from .numbering import new_query_code, number_case
from .uploads import check_upload, stored_name

A = Action


# --- inputs --------------------------------------------------------------------------------------


@dataclass
class MaterialInput:
    """How one checklist line (an `ItemMaterial` id of the case's version) is provided."""

    material_id: int
    provision: str
    file: object | None = None  # an UploadedFile for Provision.UPLOAD


@dataclass
class IntakeInput:
    applicant: Applicant
    item_code: str = ""  # implementation code of a live item, or
    bundle_code: str = ""  # a bundle (一件事)
    materials: list[MaterialInput] = field(default_factory=list)
    channel: str = ""  # empty: from who takes it in (window, agent, online)
    commitment_signed: bool = False  # 容缺承诺书 signed
    finish_now: bool = False  # an immediate case finished on the spot
    payment_method: str = ""  # pay every fee at intake (with finish_now)
    receipt_number: str = ""
    return_reason: str = ""  # not acceptable: returned at intake
    return_basis: str = ""
    note: str = ""

    def fingerprint(self) -> str:
        # Built by hand: dataclasses.asdict would deep-copy the uploaded files.
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "materials"}
        data["applicant"] = asdict(self.applicant)
        data["materials"] = [
            (m.material_id, m.provision, getattr(m.file, "name", None)) for m in self.materials
        ]
        return keyed_digest(json.dumps(data, sort_keys=True, default=str).encode())  # it holds the applicant


@dataclass
class ActionInput:
    version: int
    reason: str = ""
    basis: str = ""
    pause_kind: str = ""
    days: int = 0
    authority: str = ""
    delivery: str = ""
    postal_number: str = ""
    task_id: int | None = None
    fee_ids: list[int] | None = None
    payment_method: str = ""
    receipt_number: str = ""
    materials: list[MaterialInput] = field(default_factory=list)
    missing_ids: list[int] | None = None  # for a one-time notice from pre-review
    certificate_number: str = ""
    valid_until: date | None = None


# --- intake --------------------------------------------------------------------------------------


def take_in(user, data: IntakeInput, *, idempotency_key: str = "", via_api: bool = False) -> Case:
    """Take in one application; returns the case (the first one made, when a key is replayed)."""
    actor = actor_of(user)
    channel = intake_channel(actor, via_api=via_api)
    if channel == Channel.ONLINE:
        data.applicant = applicant_of(user.citizen)  # online, people apply for themselves
    versions, bundle = _versions_of(data)
    lead = versions[0]
    if channel == Channel.ONLINE and any(v.online_depth < OnlineDepth.PRE_REVIEW for v in versions):
        raise Invalid(
            _("该事项不能网上申请，请到窗口办理。"),
            code="not_online",
            details={"item_code": lead.implementation_code},
        )
    if actor.staff is not None and channel != Channel.ONLINE:
        body = actor.staff.body
    else:
        body = lead.department.body
    checklist = _checklist(versions)
    provided = _provisions(data, checklist, data.applicant)
    today = clocks.today()
    with transaction.atomic():
        claimed = None
        if idempotency_key:
            claimed, existing = _claim_key(user, idempotency_key, data.fingerprint())
            if existing is not None:
                return existing
        case = Case.objects.create(
            number=_provisional_number(),  # the real one as late as possible: see _number_of
            query_code=new_query_code(),
            status=Status.PREREVIEW,
            kind=CaseKind.JOINT if bundle else lead.case_kind,
            channel=channel,
            title=bundle.name if bundle else lead.name,
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
            bundle=bundle,
            body=body,
            department=lead.department,
            window=actor.staff.window if actor.staff and channel in (Channel.WINDOW, Channel.API) else None,
            received_by=user if actor.staff else None,
            agent=user if channel == Channel.AGENT else None,
            limit_days=_limit_of(lead, versions, bundle),
            supplement_restarts=lead.supplement_rule == "restart",
            yellow_threshold=lead.yellow_threshold_days,
            visits=1 if channel in (Channel.WINDOW, Channel.API) else 0,  # the applicant stood at a window
        )
        case._number_pending = (body.division.code[:6], today)
        materials = _write_checklist(case, checklist, provided)
        _event(
            case, actor, A.SUBMIT, "", Status.PREREVIEW, today, note=data.note, details={"channel": channel}
        )
        if claimed is not None:
            _set_column(IdempotencyKey, claimed, "case", case.pk)
        _intake_outcome(case, actor, data, versions, today, materials)
        _number_of(case)
        audit.record(
            actor=user,
            action="cases.case.intake",
            obj=case,
            after={"number": case.number, "status": case.status, "channel": channel, "item_version": lead.pk},
        )
    return case


def _provisional_number() -> str:
    """A stand-in number, unique and unlike any real one, that no one else ever sees: the intake's row
    carries it until the intake takes its real number, in the same transaction."""
    return "~" + secrets.token_hex(10)[:19]


def _number_of(case: Case) -> str:
    """The case's number. An intake takes it from its area's daily sequence only when it first needs it,
    at the end (for its notices and audit event): the sequence row stays locked from then until the intake
    commits, and every other intake in the area waits for it, so the less that follows the better."""
    pending = case.__dict__.pop("_number_pending", None)
    if pending is not None:
        case.number = number_case(case.pk, *pending)
    return case.number


def _set_column(model, pk: int, name: str, value) -> None:
    """`model.objects.filter(pk=pk).update(name=value)` for a plain value, without compiling the UPDATE
    each time (an intake runs two of these)."""
    meta, quote = model._meta, connection.ops.quote_name
    table, column, key = quote(meta.db_table), quote(meta.get_field(name).column), quote(meta.pk.column)
    sql = f"UPDATE {table} SET {column} = %s WHERE {key} = %s"  # noqa: S608 (our names)
    with server_statement(connection) as cursor:
        cursor.execute(sql, [value, pk])


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
    citizen = _CITIZEN.first(id_digest(applicant.id_number))
    return citizen.user if citizen else None


def _versions_of(data: IntakeInput) -> tuple[list[ItemVersion], Bundle | None]:
    if bool(data.item_code) == bool(data.bundle_code):
        raise Invalid(_("请选择一个事项或一件事。"), code="item_required", details={"item_code": _("必填。")})
    if data.bundle_code:
        bundle = Bundle.objects.filter(code=data.bundle_code, is_active=True).first()
        versions = catalog.bundle_items(bundle) if bundle else []
        if not versions:
            raise Invalid(
                _("该一件事不存在或已停用。"), code="bundle_unknown", details={"bundle_code": _("未找到。")}
            )
        versions = list(
            ItemVersion.objects.select_related("department__body__division").filter(
                pk__in=[v.pk for v in versions]
            )
        )
        order = {v.pk: i for i, v in enumerate(catalog.bundle_items(bundle))}
        versions.sort(key=lambda v: order[v.pk])
        return versions, bundle
    version = _LIVE_ITEM.first(data.item_code)
    if version is None:
        raise Invalid(_("该事项不存在或已停用。"), code="item_unknown", details={"item_code": _("未找到。")})
    return [version], None


# The lookups of every intake, compiled once (onewindow.prepared).
_LIVE_ITEM = Prepared(
    lambda code: (
        catalog.live_items()
        .select_related("department__body__division")
        .filter(implementation_code=code)
        .order_by(*ItemVersion._meta.ordering, "pk")[:1]
    ),
    str,
)
_ITEM_MATERIALS = Prepared(
    lambda version_id: ItemMaterial.objects.filter(version_id=version_id).order_by("sort_order", "pk"), int
)
_ITEM_FEES = Prepared(
    lambda version_id: ItemFee.objects.filter(version_id=version_id).order_by(*ItemFee._meta.ordering), int
)
_CERTIFICATES = Prepared(
    lambda digest: Certificate.objects.filter(holder_id_digest=digest).order_by("valid_from", "pk"), str
)
_CITIZEN = Prepared(
    lambda digest: Citizen.objects.select_related("user").filter(id_digest=digest).order_by("pk")[:1], str
)


def _limit_of(lead: ItemVersion, versions: list[ItemVersion], bundle) -> int:
    if bundle:
        return max(v.promised_limit_days for v in versions)
    return 0 if lead.case_kind == CaseKind.IMMEDIATE else lead.promised_limit_days


@dataclass(frozen=True)
class ChecklistLine:
    material: ItemMaterial
    requirement: str


def _checklist(versions: list[ItemVersion]) -> list[ChecklistLine]:
    """The item's materials, or a bundle's merged, de-duplicated list (strictest requirement wins)."""
    if len(versions) == 1:
        return [ChecklistLine(m, m.requirement) for m in _ITEM_MATERIALS.all(versions[0].pk)]
    merged = catalog.merged_materials(versions)
    materials = ItemMaterial.objects.in_bulk([m.material_id for m in merged])
    return [ChecklistLine(materials[m.material_id], m.requirement) for m in merged]


def _provisions(data: IntakeInput, checklist: list[ChecklistLine], applicant: Applicant) -> dict[int, tuple]:
    """material id -> (provision, file, certificate): what the applicant gave, the library filling in."""
    given = {}
    errors = {}
    lines = {line.material.pk: line for line in checklist}
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
    library = certificates_of(applicant.id_number)
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
        elif entry is None or entry.provision == Provision.CERTIFICATE:
            result[material_id] = (Provision.MISSING, None, None)
        else:
            result[material_id] = (entry.provision, entry.file, None)
    return result


def certificates_of(id_number: str, on: date | None = None) -> dict[str, Certificate]:
    """The holder's certificates valid today, one per type (the newest)."""
    on = on or clocks.today()
    found = {}
    for cert in _CERTIFICATES.all(id_digest(id_number)):
        if cert.valid_on(on):
            found[cert.certificate_type] = cert
    return found


def _write_checklist(case: Case, checklist: list[ChecklistLine], provided: dict) -> None:
    rows = []
    for order, line in enumerate(checklist, start=1):
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
    return CaseMaterial.objects.bulk_create(rows)


def _missing(case: Case, materials: list[CaseMaterial] | None = None) -> list[CaseMaterial]:
    """The checklist lines still missing (`materials`: the case's lines, when at hand with their ids)."""
    if materials is None or any(m.pk is None for m in materials):
        materials = case.materials.all()
    return [
        m
        for m in materials
        if m.provision == Provision.MISSING and m.requirement != MaterialRequirement.OPTIONAL
    ]


def _intake_outcome(
    case: Case, actor: Actor, data: IntakeInput, versions, today: date, materials: list[CaseMaterial]
) -> None:
    """Accept, ask once for what is missing, accept deferred, or return: the outcomes at the window."""
    if data.return_reason or data.return_basis:
        if case.channel == Channel.ONLINE:
            raise Forbidden()
        _do_return(
            case,
            actor,
            today,
            ActionInput(case.version, reason=data.return_reason, basis=data.return_basis),
            None,
        )
        return
    if case.channel == Channel.ONLINE:
        _notify_body_clerks(case, _("新的网上申请待预审：%(title)s"))
        return  # the window pre-reviews it
    missing = _missing(case, materials)
    if missing and not (
        data.commitment_signed and all(m.requirement == MaterialRequirement.DEFERRABLE for m in missing)
    ):
        _one_time_notice(case, actor, missing, today)
        return
    _accept(case, actor, today, deferred=bool(missing))
    if data.finish_now:
        _finish_on_site(case, actor, data, today)


def _one_time_notice(case: Case, actor: Actor, missing: list[CaseMaterial], today: date) -> None:
    CaseMaterial.objects.filter(pk__in=[m.pk for m in missing]).update(in_notice=True)
    names = [m.name for m in missing]
    _transition(case, actor, A.REQUEST_SUPPLEMENT, today, details={"missing": names})
    _tell_applicant(
        case,
        "supplement",
        gettext_noop("您申请的%(title)s（编号 %(number)s）需补正以下材料：%(names)s。请一次补齐。"),
        names="、".join(names),
    )


def _accept(
    case: Case, actor: Actor, today: date, *, deferred: bool = False, via: str = A.ACCEPT, details=None
) -> None:
    """Acceptance: the clock starts, fees are charged, joint tasks open, the applicant gets a receipt.

    `via` is the transition that accepts: accept itself, or the supplement that completes the materials.
    """
    case.accepted_on = today
    case.deferred = deferred
    if deferred:
        case.commitment_signed_at = timezone.now()
    _charge_fees(case)
    _open_tasks(case)
    accepted = {
        "accepted_on": case.accepted_on,
        "deferred": case.deferred,
        "commitment_signed_at": case.commitment_signed_at,
        "fees_total": case.fees_total,
        "fees_settled": case.fees_settled,
    }
    _transition(case, actor, via, today, changes=accepted, details={"deferred": deferred, **(details or {})})
    clocks.refresh(case, on=today)  # sets the clock figures it stores on `case` too
    _notify_departments(case, _("新办件待办理：%(title)s（%(number)s）"))  # reads first: see _number_of
    _tell_applicant(
        case,
        "accepted",
        gettext_noop(
            "您申请的%(title)s已受理，编号 %(number)s，查询码 %(code)s，承诺办结期限 %(deadline)s。"
        ),
        code=case.query_code,
        deadline=case.deadline or "—",
    )


def _charge_fees(case: Case) -> None:
    versions = (
        [case.item_version]
        if not case.bundle_id
        else list(ItemVersion.objects.filter(pk__in=[v.pk for v in catalog.bundle_items(case.bundle)]))
    )
    fees = [
        CaseFee(case=case, name=f.name, amount=f.amount, basis=f.basis, waivable=f.waivable)
        for version in versions
        for f in _ITEM_FEES.all(version.pk)
        if f.amount > 0
    ]
    CaseFee.objects.bulk_create(fees)
    case.fees_total = sum((f.amount for f in fees), Decimal("0"))
    case.fees_settled = not fees


def _open_tasks(case: Case) -> None:
    """One task per joint department (or per department of a bundle), each with its own limit."""
    if case.bundle_id:
        versions = catalog.bundle_items(case.bundle)
        by_department: dict[int, CaseTask] = {}
        for version in versions:
            task = by_department.get(version.department_id)
            if task is None:
                by_department[version.department_id] = CaseTask(
                    case=case,
                    department_id=version.department_id,
                    title=version.name,
                    item_version=version,
                    is_lead=not by_department,
                    limit_days=version.promised_limit_days,
                )
            else:
                task.title = f"{task.title}、{version.name}"[:200]
                task.limit_days = max(task.limit_days, version.promised_limit_days)
        CaseTask.objects.bulk_create(by_department.values())
    elif case.kind == CaseKind.JOINT:
        CaseTask.objects.bulk_create(
            CaseTask(
                case=case,
                department_id=joint.department_id,
                title=case.title,
                item_version=case.item_version,
                is_lead=joint.is_lead,
                limit_days=joint.limit_days or case.limit_days,
            )
            for joint in case.item_version.joint_departments.all()
        )


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


def _claim_key(user, key: str, fingerprint: str) -> tuple[int | None, Case | None]:
    """Claim an idempotency key for this intake: (the claimed row's id, None), or (None, the case an
    earlier request made with it).

    The unique row makes concurrent requests with one key wait for the first to commit; they then find
    its case. Reusing a key for a different request is refused. One statement (`ON CONFLICT DO NOTHING`),
    no savepoint.
    """
    if len(key) > 100:
        raise Invalid(_("Idempotency-Key 不能超过 100 个字符。"), code="idempotency_key_invalid")
    meta = IdempotencyKey._meta
    column = {name: connection.ops.quote_name(meta.get_field(name).column) for name in _CLAIM_FIELDS}
    sql = (
        f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({', '.join(column.values())}) "  # noqa: S608 (our names)
        f"VALUES (%s, %s, %s, NULL, %s) ON CONFLICT ({column['user']}, {column['key']}) DO NOTHING "
        f"RETURNING {connection.ops.quote_name(meta.pk.column)}"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with server_statement(connection) as cursor:
        cursor.execute(sql, [user.pk, key, fingerprint, now])
        row = cursor.fetchone()
    if row is not None:
        return row[0], None
    earlier = IdempotencyKey.objects.select_related("case").get(user=user, key=key)
    if earlier.fingerprint != fingerprint:
        raise Conflict(_("该 Idempotency-Key 已用于另一项申请。"), code="idempotency_key_reused")
    if earlier.case is None:
        raise Conflict(_("相同请求正在处理，请稍后重试。"), code="idempotency_in_progress")
    return None, earlier.case


_CLAIM_FIELDS = ("user", "key", "fingerprint", "case", "created_at")


# --- actions -------------------------------------------------------------------------------------


def act(user, case: Case | str, action: str, data: ActionInput) -> Case:
    """Take one action on a case, as the transitions table and the actor's place allow."""
    from .selectors import case_for

    actor = actor_of(user)
    if isinstance(case, str):
        case = case_for(actor, case)
    if case.version != data.version:
        raise _stale(data)
    task = _task_of(case, action, data)
    next_status = workflow.next_status(case.status, action)
    if action not in Action.values or next_status is None:
        raise Conflict(
            _("办件当前状态为“%(status)s”，不能进行此操作。") % {"status": Status(case.status).label},
            code="action_not_allowed",
            details={"status": case.status, "action": action},
        )
    if not workflow.may_act(actor, case, action, task):
        raise Forbidden()
    if blocked := workflow.guard(case, action):
        raise Conflict(blocked, code="action_blocked", details={"action": action})
    today = clocks.today()
    with transaction.atomic():
        claimed = Case.objects.filter(pk=case.pk, version=data.version).update(version=F("version") + 1)
        if not claimed:
            raise _stale(data)
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


def _stale(data: ActionInput) -> Conflict:
    return Conflict(_("办件已被他人更新，请刷新后重试。"), code="conflict", details={"version": data.version})


def _task_of(case: Case, action: str, data: ActionInput) -> CaseTask | None:
    if action not in (A.TASK_APPROVE, A.TASK_DENY):
        return None
    task = case.tasks.filter(pk=data.task_id).first() if data.task_id else None
    if task is None:
        raise NotFound(_("未找到该联办任务。"))
    if action not in workflow.TASK_ALLOWED.get(task.status, {}):
        raise Conflict(_("该部门已出具意见。"), code="action_not_allowed")
    return task


def _transition(
    case: Case, actor: Actor, action: str, today: date, *, changes: dict | None = None, **event
) -> None:
    """Move the case along the table and write the timeline event (with its clock event, if any);
    `changes`: other fields of the case, already set on it, written in the same UPDATE."""
    new = workflow.next_status(case.status, action)
    if new is None:
        raise Conflict(_("办件当前状态不能进行此操作。"), code="action_not_allowed")
    old = case.status
    case.status = new
    fields = {**(changes or {}), "status": new}
    if new == Status.CLOSED:
        case.closed_at = fields["closed_at"] = timezone.now()
    Case.objects.filter(pk=case.pk).update(**fields)
    clock = workflow.CLOCK_OF.get(action, "")
    if action == A.WITHDRAW and old not in (
        Status.ACCEPTED,
        Status.IN_REVIEW,
        Status.EXTENDED,
        Status.PAUSED,
        Status.REPORTED_UP,
    ):
        clock = ""  # nothing was running
    if action == A.WITHDRAW and old == Status.PAUSED:
        _event(case, actor, A.RESUME, old, old, today, clock="resume")
    _event(case, actor, action, old, new, today, clock=clock, **event)


def _event(
    case,
    actor: Actor,
    action,
    from_status,
    to_status,
    day,
    *,
    clock="",
    task=None,
    note="",
    basis="",
    pause_kind="",
    days=0,
    details=None,
):
    user = actor.user if actor.is_authenticated else None
    label = (
        actor.staff.full_name
        if actor.staff
        else (getattr(user, "get_username", lambda: "")() if user else "")
    )
    CaseEvent.objects.create(
        case=case,
        task=task,
        day=day,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=user,
        actor_label=label[:100],
        clock=clock,
        pause_kind=pause_kind,
        days=days,
        note=note,
        details={**(details or {}), **({"basis": basis} if basis else {})},
    )


def _require_reason(reason: str, basis: str = "", *, need_basis: bool = False) -> None:
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("请填写理由。")
    if need_basis and not (basis or "").strip():
        errors["basis"] = _("请填写法律依据。")
    if errors:
        raise Invalid(_("理由和依据不能为空。"), code="reason_required", details=errors)


# Who hears of new work: the reviewers and chief representatives of a department, the window clerks of a
# body; compiled once (onewindow.prepared).
_DEPARTMENT_REVIEWERS = Prepared(
    lambda department_id: (
        Staff.objects.filter(
            department_id=department_id, role_assignments__role__in=[Role.REVIEWER, Role.CHIEF_REP]
        )
        .select_related("user")
        .distinct()
    ),
    int,
)
_BODY_CLERKS = Prepared(
    lambda body_id: (
        Staff.objects.filter(body_id=body_id, role_assignments__role=Role.WINDOW_CLERK)
        .select_related("user")
        .distinct()
    ),
    int,
)
_TASK_DEPARTMENTS = Prepared(
    lambda case_id: CaseTask.objects.filter(case_id=case_id).order_by().values_list("department_id"), int
)


def _reviewers_of(departments) -> list[Staff]:
    found = {s.pk: s for department in sorted(departments) for s in _DEPARTMENT_REVIEWERS.all(department)}
    return sorted(found.values(), key=lambda s: (s.body_id, s.full_name, s.pk))


def _notify_departments(case: Case, template: str) -> None:
    """An in-app notice to the reviewers and chief representatives who now have work on this case;
    `template` takes %(title)s and %(number)s."""
    departments = {case.department_id}
    if case.kind == CaseKind.JOINT:  # only joint cases have tasks (_open_tasks)
        departments.update(d for (d,) in _TASK_DEPARTMENTS.all(case.pk))
    _notify_staff(_reviewers_of(departments), case, template)


def _notify_body_clerks(case: Case, template: str) -> None:
    _notify_staff(_BODY_CLERKS.all(case.body_id), case, template)


def _notify_staff(staff: list[Staff], case: Case, template: str) -> None:
    users = [s.user for s in staff]
    number = _number_of(case)  # after the reads: an intake holds its area's number row from here on
    text = template % {"title": case.title, "number": number}
    notices.notify_staff(users, text, link=f"/cases/{number}/")


def _tell_applicant(case: Case, kind: str, template: str, **values) -> None:
    """Send a message whose `template` is marked with gettext_noop (so the catalog has it). The message is
    written in this transaction (so a crash cannot lose it), so an intake takes its number here."""
    number = _number_of(case)
    notices.message_applicant(
        case, kind, lambda: _(template) % {"title": case.title, "number": number, **values}
    )


# Each handler runs inside `act`'s transaction with the case's version already claimed.


def _do_accept(case, actor, today, data, task):
    missing = _missing(case)
    if missing and not all(m.requirement == MaterialRequirement.DEFERRABLE for m in missing):
        raise Conflict(
            _("材料不全，不能受理；请出具一次性告知书。"),
            code="materials_missing",
            details={"missing": [m.name for m in missing]},
        )
    _accept(case, actor, today, deferred=bool(missing))


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
    _one_time_notice(case, actor, list(missing), today)


def _supply(case: Case, actor: Actor, data: ActionInput, *, only) -> list[CaseMaterial]:
    """Record materials handed in later; only lines in `only` may be supplied (the notice's list).

    Paper is handed in at a window, so an applicant acting online can only upload.
    """
    allowed = {m.pk: m for m in only}
    kinds = (Provision.PAPER, Provision.UPLOAD) if actor.staff is not None else (Provision.UPLOAD,)
    supplied = []
    errors = {}
    for entry in data.materials:
        line = allowed.get(entry.material_id)
        if line is None:
            errors[f"materials.{entry.material_id}"] = _("该材料不在待补正清单中。")
        elif entry.provision not in kinds:
            errors[f"materials.{entry.material_id}"] = (
                _("请选择纸质提交或电子上传。") if len(kinds) > 1 else _("网上补正请上传电子文件。")
            )
        elif entry.provision == Provision.UPLOAD and (problem := check_upload(entry.file)):
            errors[f"materials.{entry.material_id}"] = problem
        else:
            line.provision = entry.provision
            if entry.file is not None:
                line.file.save(stored_name(entry.file), entry.file, save=False)
            line.supplied_at = timezone.now()
            line.save(update_fields=["provision", "file", "supplied_at"])
            supplied.append(line)
    if errors:
        raise Invalid(_("补正材料有误。"), code="materials_invalid", details=errors)
    return supplied


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
    _accept(case, actor, today, deferred=bool(still), via=A.SUPPLEMENT, details={"materials": supplied})


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
    _require_reason(data.reason)
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
    _require_reason(data.reason)
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


def _decide(case, actor, action, today, data):
    """Approve or deny: the clock finishes; an approval that issues a licence stores it in the library."""
    if action == A.DENY:
        _require_reason(data.reason, data.basis, need_basis=True)
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


def _issue_certificate(case: Case, data: ActionInput, today: date) -> None:
    number = (data.certificate_number or "").strip() or _number_of(case)
    if Certificate.objects.filter(
        certificate_type=case.item_version.issues_certificate, number=number
    ).exists():
        raise Conflict(
            _("该证照编号已存在。"), code="certificate_exists", details={"certificate_number": number}
        )
    certificate = Certificate.objects.create(
        certificate_type=case.item_version.issues_certificate,
        number=number[:60],
        holder_name=case.applicant_name,
        holder_id_number=case.applicant_id_number,
        holder_id_digest=case.applicant_id_digest,
        valid_from=today,
        valid_until=data.valid_until,
        issuer=case.department,
        case=case,
    )
    audit.record(
        actor=None,
        action="cases.certificate.issue",
        obj=certificate,
        after={"type": certificate.certificate_type, "case": case.number},
    )


def _do_approve(case, actor, today, data, task):
    _decide(case, actor, A.APPROVE, today, data)


def _do_deny(case, actor, today, data, task):
    _decide(case, actor, A.DENY, today, data)


def _do_return(case, actor, today, data, task):
    _require_reason(data.reason, data.basis, need_basis=True)
    Case.objects.filter(pk=case.pk).update(reason=data.reason, legal_basis=data.basis[:300])
    _transition(case, actor, A.RETURN, today, note=data.reason, basis=data.basis)
    _tell_applicant(
        case,
        "returned",
        gettext_noop("您申请的%(title)s（编号 %(number)s）未予受理，理由：%(reason)s；依据：%(basis)s。"),
        reason=data.reason,
        basis=data.basis,
    )


def _do_withdraw(case, actor, today, data, task):
    _transition(case, actor, A.WITHDRAW, today, note=data.reason)
    clocks.refresh(case, on=today)


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
        finished_on_site=case.finished_on_site,
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


def _do_deliver(case, actor, today, data, task):
    _deliver(case, actor, today, data)


def _do_close(case, actor, today, data, task):
    _transition(case, actor, A.CLOSE, today)


def _decide_task(action):
    def handler(case, actor, today, data, task):
        if action == A.TASK_DENY:
            _require_reason(data.reason)
        task.status = workflow.TASK_ALLOWED[task.status][action]
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


def _pay(case, actor, fees, method, receipt_number, today):
    if method not in PaymentMethod.values:
        raise Invalid(_("请选择缴费方式。"), code="payment_method_required")
    if not (receipt_number or "").strip():
        raise Invalid(_("请填写票据号。"), code="receipt_required")
    now = timezone.now()
    for fee in fees:
        fee.state, fee.method, fee.receipt_number = FeeState.PAID, method, receipt_number.strip()[:40]
        fee.handled_at, fee.handled_by = now, actor.user
    CaseFee.objects.bulk_update(fees, ["state", "method", "receipt_number", "handled_at", "handled_by"])
    _settle(case)
    _event(
        case,
        actor,
        A.PAY_FEE,
        case.status,
        case.status,
        today,
        details={
            "fees": [f.pk for f in fees],
            "amount": str(sum(f.amount for f in fees)),
            "receipt": receipt_number,
        },
    )


def _settle(case: Case) -> None:
    case.fees_settled = not case.fees.filter(state=FeeState.UNPAID).exists()
    Case.objects.filter(pk=case.pk).update(fees_settled=case.fees_settled)


def _chosen_fees(case, data) -> list[CaseFee]:
    unpaid = case.fees.filter(state=FeeState.UNPAID)
    if data.fee_ids:
        unpaid = unpaid.filter(pk__in=data.fee_ids)
    fees = list(unpaid)
    if not fees or (data.fee_ids and len(fees) != len(set(data.fee_ids))):
        raise Invalid(_("所选费用不存在或已结清。"), code="fees_invalid")
    return fees


def _do_pay_fee(case, actor, today, data, task):
    _pay(case, actor, _chosen_fees(case, data), data.payment_method, data.receipt_number, today)


def _do_waive_fee(case, actor, today, data, task):
    _require_reason(data.reason)
    fees = _chosen_fees(case, data)
    if any(not f.waivable for f in fees):
        raise Invalid(_("所选费用不可减免。"), code="fee_not_waivable")
    now = timezone.now()
    for fee in fees:
        fee.state, fee.waiver_reason, fee.handled_at, fee.handled_by = (
            FeeState.WAIVED,
            data.reason[:300],
            now,
            actor.user,
        )
    CaseFee.objects.bulk_update(fees, ["state", "waiver_reason", "handled_at", "handled_by"])
    _settle(case)
    _event(
        case,
        actor,
        A.WAIVE_FEE,
        case.status,
        case.status,
        today,
        note=data.reason,
        details={"fees": [f.pk for f in fees]},
    )


def _count_visit(case: Case, actor: Actor) -> None:
    """One more in-person visit, when the person at the window is the applicant (not an agent)."""
    if (
        actor.staff is not None
        and actor.has_role(Role.WINDOW_CLERK, Role.CHIEF_REP)
        and case.agent_id is None
    ):
        Case.objects.filter(pk=case.pk).update(visits=F("visits") + 1)


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
