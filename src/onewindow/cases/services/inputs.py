"""What callers hand the services: an application at intake, materials, and the fields of one action."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal

from onewindow.accounts.applicants import Applicant
from onewindow.personal import keyed_digest


@dataclass
class MaterialInput:
    """How one checklist line (an `ItemMaterial` id of the case's version) is provided."""

    material_id: int
    provision: str
    file: object | None = None  # an UploadedFile for Provision.UPLOAD
    reason: str = ""  # Provision.MISSING: why it is listed in the one-time notice (default 未提交)


@dataclass
class IntakeInput:
    applicant: Applicant
    item_code: str = ""  # implementation code of a live item, or
    bundle_code: str = ""  # a bundle (一件事)
    materials: list[MaterialInput] = field(default_factory=list)
    channel: str = ""  # empty: from who takes it in (window, agent, online)
    commitment_signed: bool = False  # 容缺承诺书 signed
    fee_answers: dict[str, str] = field(default_factory=dict)  # question -> answer (`catalog.fee_conditions`)
    finish_now: bool = False  # an immediate case finished on the spot
    payment_method: str = ""  # pay every fee at intake (with finish_now)
    receipt_number: str = ""
    return_reason: str = ""  # not acceptable: returned at intake
    return_basis: str = ""
    note: str = ""

    @property
    def returning(self) -> bool:
        """Refused at the window (不予受理): nothing is charged or looked up for it."""
        return bool(self.return_reason or self.return_basis)

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
    reduce_to: Decimal | None = None  # waive_fee: the reduced amount still owed; None waives it whole
    late_explanation: str = ""  # approve/deny past the deadline: why (超时说明)
    payment_method: str = ""
    receipt_number: str = ""
    materials: list[MaterialInput] = field(default_factory=list)
    missing_ids: list[int] | None = None  # for a one-time notice from pre-review
    missing_reasons: dict[int, str] | None = None  # the notice's reason per material id (default 未提交)
    fee_answers: dict[str, str] | None = None  # accept/supplement: fee questions answered again
    certificate_number: str = ""
    valid_until: date | None = None
