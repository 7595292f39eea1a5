"""Online application (网上申请) for items with online pre-review or better, and for bundles (一件事).

The applicant signs in with their own account; the checklist shows each material with an upload, "bring
it on paper", or (for materials that are not required) "not now". Materials the certificate library
holds for them are taken from there, and materials another department shares need nothing. The
case is taken in by `cases.services.take_in` (channel online) and lands in pre-review at the center
of the item's department.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from onewindow.accounts.selectors import citizen_of
from onewindow.cases import services
from onewindow.cases.applied import applied_for
from onewindow.cases.choices import Provision
from onewindow.catalog import fee_conditions
from onewindow.catalog.choices import MaterialForm, MaterialRequirement, MaterialSource
from onewindow.catalog.models import ItemMaterial
from onewindow.certificates.selectors import certificates_of
from onewindow.errors import Invalid, ServiceError
from onewindow.files import check_upload
from onewindow.personal import mask_id_number, mask_phone

from .public_cases import citizen_required

CHOICE_LABELS = {
    Provision.UPLOAD: gettext_lazy("上传电子文件"),
    Provision.PAPER: gettext_lazy("到窗口提交纸质材料"),
    Provision.MISSING: gettext_lazy("暂不提供"),
}
ACCEPT = ".pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png"


@dataclass
class ApplyLine:
    """One line of the checklist on the application form."""

    material: ItemMaterial
    requirement: str
    copies: int
    items: list[str] = field(default_factory=list)  # for a bundle: the items that need it
    from_library: bool = False  # a valid certificate in the library will be used
    choice: str = ""
    error: str = ""

    @property
    def pk(self) -> int:
        return self.material.pk

    @property
    def shared(self) -> bool:
        return self.material.source == MaterialSource.DEPARTMENT

    @property
    def needs_input(self) -> bool:
        return not (self.from_library or self.shared)

    @property
    def requirement_label(self) -> str:
        return str(MaterialRequirement(self.requirement).label)

    @property
    def choices(self) -> list[tuple[str, str]]:
        values = [Provision.UPLOAD, Provision.PAPER]
        if self.requirement != MaterialRequirement.REQUIRED:
            values.append(Provision.MISSING)
        return [(str(v), str(CHOICE_LABELS[v])) for v in values]

    def default_choice(self) -> str:
        return Provision.PAPER if self.material.form == MaterialForm.PAPER else Provision.UPLOAD


def _lines(applied, library) -> list[ApplyLine]:
    """The checklist of what is applied for, each line saying whether the library will supply it."""
    lines = []
    for checklist_line in applied.lines:
        material = checklist_line.material
        line = ApplyLine(
            material, checklist_line.requirement, checklist_line.copies, list(checklist_line.items)
        )
        line.from_library = (
            material.source == MaterialSource.CERTIFICATE_LIBRARY and material.certificate_type in library
        )
        line.choice = line.default_choice()
        lines.append(line)
    return lines


def read_materials(request, lines: list[ApplyLine]) -> list[services.MaterialInput] | None:
    """The checklist as the person filled it in, or None (with a message on each wrong line)."""
    entries = []
    for line in lines:
        if not line.needs_input:
            continue  # the service takes it from the library or the sharing department
        choice = request.POST.get(f"provision-{line.pk}", "")
        if choice not in {value for value, _label in line.choices}:
            line.error = _("请选择提供方式。")
            continue
        line.choice = choice
        if choice == Provision.UPLOAD:
            upload = request.FILES.get(f"file-{line.pk}")
            if problem := check_upload(upload):
                line.error = problem
                continue
            entries.append(services.MaterialInput(line.pk, Provision.UPLOAD, upload))
        else:
            entries.append(services.MaterialInput(line.pk, choice))
    return None if any(line.error for line in lines) else entries


def _service_errors(exc: ServiceError, lines: list[ApplyLine]) -> list[str]:
    """Put the service's per-material messages on their lines; return the rest."""
    by_pk = {f"materials.{line.pk}": line for line in lines}
    general = []
    details = exc.details if isinstance(exc.details, dict) else {}
    for key, message in details.items():
        if key in by_pk:
            by_pk[key].error = str(message)
        else:
            general.append(str(message))
    if not details or general:
        general.insert(0, str(exc.message))
    return general


def _apply(request, applied, *, back_url, context):
    """The application form for what is applied for (an item or a bundle); a valid post takes it in."""
    if not applied.online_possible:
        return render(request, "portal/apply_unavailable.html", {"title": applied.name}, status=404)
    if refusal := citizen_required(request):
        return refusal
    citizen = citizen_of(request.user)
    lines = _lines(applied, certificates_of(citizen.id_number) if applied.needs_library else {})
    errors, fee_errors = [], {}
    if request.method == "POST":
        materials = read_materials(request, lines)
        if materials is None:
            errors.append(_("请按提示修改标出的材料；已选择的文件需要重新选择。"))
        else:
            data = services.IntakeInput(
                applicant=services.applicant_of(citizen),
                materials=materials,
                fee_answers=fee_conditions.posted_answers(applied.fee_questions, request.POST),
                **applied.codes,
            )
            try:
                case = services.take_in(request.user, data, applied=applied)
            except Invalid as exc:
                errors = _service_errors(exc, lines)
                fee_errors = fee_conditions.answer_errors(exc.details)
                errors.append(_("已选择的文件需要重新选择。"))
            except ServiceError as exc:
                errors = [str(exc.message)]
            else:
                messages.success(
                    request,
                    _("申请已提交，办件编号 %(number)s，查询码 %(code)s。请妥善保存。")
                    % {"number": case.number, "code": case.query_code},
                )
                return redirect("portal:my_case", number=case.number)
    return render(
        request,
        "portal/apply.html",
        {
            "title": applied.name,
            "lines": lines,
            "fees": applied.fees,
            "fee_fields": fee_conditions.answer_fields(applied.fee_questions, request.POST, fee_errors),
            "errors": errors,
            "back_url": back_url,
            "accept": ACCEPT,
            "applicant": {
                "name": citizen.name,
                "kind": citizen.get_kind_display(),
                "id_number": mask_id_number(citizen.id_number),
                "phone": mask_phone(citizen.phone),
            },
            **context,
        },
        status=422 if errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def apply_item(request, code: str):
    applied = applied_for(item_code=code)
    if applied is None:
        raise Http404
    back_url = reverse("portal:item", args=[applied.code])
    return _apply(request, applied, back_url=back_url, context={"item": applied.lead})


@never_cache
@require_http_methods(["GET", "POST"])
def apply_bundle(request, code: str):
    applied = applied_for(bundle_code=code)
    if applied is None:
        raise Http404
    back_url = reverse("portal:bundle", args=[applied.code])
    return _apply(
        request, applied, back_url=back_url, context={"bundle": applied.bundle, "items": applied.versions}
    )
