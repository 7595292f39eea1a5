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
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from onewindow.accounts.selectors import citizen_of
from onewindow.cases import services
from onewindow.cases.choices import Provision
from onewindow.catalog import selectors
from onewindow.catalog.choices import MaterialForm, MaterialRequirement, MaterialSource, OnlineDepth
from onewindow.catalog.models import ItemMaterial
from onewindow.certificates.selectors import certificates_of
from onewindow.errors import Invalid, ServiceError
from onewindow.files import check_upload
from onewindow.personal import mask_id_number, mask_phone

from .public_cases import citizen_required

ONLINE_FROM = OnlineDepth.PRE_REVIEW  # 网上预审 or better may be applied for online

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


def _lines_for_item(version, library) -> list[ApplyLine]:
    return [
        _line(m, m.requirement, m.copies, [], library)
        for m in sorted(version.materials.all(), key=lambda m: (m.sort_order, m.pk))
    ]


def _lines_for_bundle(versions, library) -> list[ApplyLine]:
    merged = selectors.merged_materials(versions)
    materials = ItemMaterial.objects.select_related("source_department").in_bulk(
        [m.material_id for m in merged]
    )
    return [
        _line(materials[m.material_id], m.requirement, m.copies, m.items, library)
        for m in merged
        if m.material_id in materials
    ]


def _line(material, requirement, copies, items, library) -> ApplyLine:
    line = ApplyLine(material=material, requirement=requirement, copies=copies, items=list(items))
    line.from_library = (
        material.source == MaterialSource.CERTIFICATE_LIBRARY and material.certificate_type in library
    )
    line.choice = line.default_choice()
    return line


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


def _apply(request, *, title, lines, intake_kwargs, back_url, context):
    citizen = citizen_of(request.user)
    errors = []
    if request.method == "POST":
        materials = read_materials(request, lines)
        if materials is None:
            errors.append(_("请按提示修改标出的材料；已选择的文件需要重新选择。"))
        else:
            data = services.IntakeInput(
                applicant=services.applicant_of(citizen), materials=materials, **intake_kwargs
            )
            try:
                case = services.take_in(request.user, data)
            except Invalid as exc:
                errors = _service_errors(exc, lines)
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
            "title": title,
            "lines": lines,
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
    version = selectors.live_item_by_code(code)
    if version is None:
        raise Http404
    if not online_possible([version]):
        return render(request, "portal/apply_unavailable.html", {"title": version.name}, status=404)
    if refusal := citizen_required(request):
        return refusal
    library = certificates_of(citizen_of(request.user).id_number)
    return _apply(
        request,
        title=version.name,
        lines=_lines_for_item(version, library),
        intake_kwargs={"item_code": version.implementation_code},
        back_url=reverse("portal:item", args=[version.implementation_code]),
        context={"item": version},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def apply_bundle(request, code: str):
    found = get_object_or_404(selectors.bundles(), code=code)
    versions = selectors.bundle_items(found)
    if not online_possible(versions):
        return render(request, "portal/apply_unavailable.html", {"title": found.name}, status=404)
    if refusal := citizen_required(request):
        return refusal
    library = certificates_of(citizen_of(request.user).id_number)
    return _apply(
        request,
        title=found.name,
        lines=_lines_for_bundle(versions, library),
        intake_kwargs={"bundle_code": found.code},
        back_url=reverse("portal:bundle", args=[found.code]),
        context={"bundle": found, "items": versions},
    )


def online_possible(versions) -> bool:
    """Whether an item (one version) or a bundle (its versions) may be applied for online."""
    return bool(versions) and all(v.online_depth >= ONLINE_FROM for v in versions)
