"""The intake screen's form: what the clerk types about the applicant, how each checklist line was
handed in, and the outcome chosen (accept, ask once for what is missing, or refuse at the window).

The rules themselves live in the services (`take_in`) and in `accounts.applicants.check_applicant`;
this module only turns the posted form into their inputs and their refusals back into field errors.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from types import SimpleNamespace

from django import forms
from django.core.files import File
from django.utils.translation import gettext_lazy as _

from onewindow.catalog import fee_conditions
from onewindow.catalog.choices import CaseKind, MaterialRequirement, MaterialSource

from .applied import AppliedFor, ChecklistLine, applied_for
from .choices import ApplicantKind, PaymentMethod, Provision
from .services import MaterialInput, may_finish_immediate

KEY_PATTERN = re.compile(r"^intake-[0-9a-f]{32}$")

# What a clerk may record for a line, by where the material comes from. A line other departments supply
# (部门共享) takes no input: the service records it as shared.
APPLICANT_CHOICES = (Provision.PAPER, Provision.UPLOAD, Provision.MISSING)
CERTIFICATE_CHOICES = (Provision.CERTIFICATE, Provision.PAPER, Provision.UPLOAD, Provision.MISSING)

# Service error codes that belong to one field of the form.
CODE_FIELDS = {"receipt_required": "receipt_number", "payment_method_required": "payment_method"}
# Service detail keys that the form names differently.
DETAIL_FIELDS = {"reason": "return_reason", "basis": "return_basis"}


def new_key() -> str:
    """A key for one filled-in form: a form sent twice (a double click, a reload) makes one case."""
    return f"intake-{secrets.token_hex(16)}"


class IntakeForm(forms.Form):
    """The fields of the intake form apart from the material lines (which depend on the item)."""

    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    applicant_kind = forms.ChoiceField(
        label=_("申请人类型"), choices=ApplicantKind.choices, initial=ApplicantKind.PERSON
    )
    applicant_name = forms.CharField(label=_("申请人"), max_length=100, required=False)
    applicant_id_number = forms.CharField(label=_("证件号码"), max_length=30, required=False)
    applicant_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50, required=False)
    contact_name = forms.CharField(label=_("经办人"), max_length=50, required=False)
    commitment_signed = forms.BooleanField(label=_("申请人已签署容缺受理承诺书"), required=False)
    finish_now = forms.BooleanField(label=_("当场办结（即办件）"), required=False)
    payment_method = forms.ChoiceField(
        label=_("缴费方式"), choices=[("", _("暂不缴费")), *PaymentMethod.choices], required=False
    )
    receipt_number = forms.CharField(label=_("票据号"), max_length=40, required=False)
    return_reason = forms.CharField(label=_("不予受理理由"), widget=forms.Textarea, required=False)
    return_basis = forms.CharField(label=_("法律依据"), max_length=300, required=False)
    note = forms.CharField(label=_("收件备注"), widget=forms.Textarea, required=False, max_length=1000)

    def clean_key(self):
        key = self.cleaned_data.get("key") or ""
        return key if KEY_PATTERN.match(key) else new_key()

    def add_service_error(self, error) -> None:
        """Show a service's refusal above the form, and on each field it names."""
        self.add_error(None, str(error.message))
        details = error.details if isinstance(error.details, dict) else {}
        for name, message in details.items():
            target = DETAIL_FIELDS.get(name, name)
            if target in self.fields and target not in self.errors:
                self.add_error(target, str(message))
        target = CODE_FIELDS.get(error.code)
        if target and target not in self.errors:
            self.add_error(target, str(error.message))
        self._fee_errors = fee_conditions.answer_errors(details)
        self._material_errors = {
            int(name.split(".", 1)[1]): str(message)
            for name, message in details.items()
            if name.startswith("materials.") and name.split(".", 1)[1].isdigit()
        }

    @property
    def material_errors(self) -> dict[int, str]:
        return getattr(self, "_material_errors", {})

    @property
    def fee_errors(self) -> dict[str, str]:
        return getattr(self, "_fee_errors", {})


@dataclass
class Line:
    """One line of the checklist as the clerk sees it at the window."""

    material_id: int
    name: str
    requirement: str
    requirement_label: str
    form_label: str
    copies: int
    source: str
    source_label: str
    certificate_type: str = ""
    source_department: str = ""
    acceptance_standard: str = ""
    items: list[str] = field(default_factory=list)  # a bundle's items that need it
    choice: str = ""  # the provision chosen (or posted)
    error: str = ""

    @property
    def choices(self) -> list[tuple[str, str]]:
        if self.source == MaterialSource.DEPARTMENT:
            return []
        values = (
            CERTIFICATE_CHOICES if self.source == MaterialSource.CERTIFICATE_LIBRARY else APPLICANT_CHOICES
        )
        return [(v, Provision(v).label) for v in values]

    @property
    def shared(self) -> bool:
        return self.source == MaterialSource.DEPARTMENT

    @property
    def default_choice(self) -> str:
        if self.source == MaterialSource.CERTIFICATE_LIBRARY:
            return Provision.CERTIFICATE
        return Provision.MISSING


@dataclass
class Application:
    """What is applied for (`applied.AppliedFor`) with its checklist as the clerk sees it."""

    applied: AppliedFor
    lines: list[Line]

    versions = property(lambda self: self.applied.versions)
    bundle = property(lambda self: self.applied.bundle)
    lead = property(lambda self: self.applied.lead)
    code = property(lambda self: self.applied.code)
    name = property(lambda self: self.applied.name)
    limit_days = property(lambda self: self.applied.limit_days)
    fees = property(lambda self: self.applied.fees)
    has_deferrable = property(lambda self: self.applied.has_deferrable)

    @property
    def kind_label(self) -> str:
        return CaseKind(self.applied.kind).label

    @property
    def certificate_lines(self) -> list[Line]:
        return [line for line in self.lines if line.source == MaterialSource.CERTIFICATE_LIBRARY]

    def may_finish_now(self, actor) -> bool:
        """An immediate item that this person may decide at the window (chief representative of its
        department, or a clerk of this body authorised for immediate items)."""
        lead = self.applied.lead
        if self.applied.bundle or lead.case_kind != CaseKind.IMMEDIATE or actor.staff is None:
            return False
        where = SimpleNamespace(department_id=lead.department_id, body_id=actor.staff.body_id)
        return may_finish_immediate(actor, where)


def application_for(*, item_code: str = "", bundle_code: str = "") -> Application | None:
    """The live item or active bundle named by code, with its checklist, in a fixed number of queries."""
    applied = applied_for(item_code=item_code, bundle_code=bundle_code)
    if applied is None:
        return None
    return Application(applied, [_line(line) for line in applied.lines])


def _line(checklist_line: ChecklistLine) -> Line:
    material, items = checklist_line.material, checklist_line.items
    department = material.source_department
    line = Line(
        material_id=material.pk,
        name=material.name,
        requirement=checklist_line.requirement,
        requirement_label=str(MaterialRequirement(checklist_line.requirement).label),
        form_label=str(material.get_form_display()),
        copies=checklist_line.copies,
        source=material.source,
        source_label=str(material.get_source_display()),
        certificate_type=material.certificate_type,
        source_department=department.name if department else "",
        acceptance_standard=material.acceptance_standard,
        items=list(items) if len(items) > 1 else [],
    )
    line.choice = line.default_choice
    return line


class _Upload(File):
    """An uploaded file as the service takes it. `IntakeInput.fingerprint()` runs `dataclasses.asdict`,
    which deep-copies every field: a large upload (a temporary file on disk) cannot be copied, and a
    small one would be copied whole for nothing. This wrapper is its own deep copy."""

    def __deepcopy__(self, memo):
        return self

    @property
    def size(self):
        return self.file.size


def read_materials(application: Application, post, files) -> list[MaterialInput]:
    """Each line's provision from the posted form; a file attached to a line counts as uploaded."""
    given = []
    for line in application.lines:
        if line.shared:
            continue
        allowed = {value for value, _label in line.choices}
        choice = post.get(f"m-{line.material_id}", "")
        upload = files.get(f"f-{line.material_id}")
        if upload is not None and choice in ("", Provision.MISSING):
            choice = Provision.UPLOAD
        if choice not in allowed:
            choice = line.default_choice
        line.choice = choice  # "missing" is said, not left out: a library miss is the clerk's to decide
        wrapped = _Upload(upload, name=upload.name) if choice == Provision.UPLOAD and upload else None
        given.append(MaterialInput(line.material_id, choice, wrapped))
    return given
