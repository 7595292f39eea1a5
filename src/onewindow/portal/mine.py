"""The applicant's own cases (我的办件): the list, one case with its progress and materials, the upload of
the materials a one-time notice asked for (or the deferred ones), and withdrawal while it is allowed.

Only cases whose `citizen` is the signed-in applicant are found; anyone else's case answers 404, like a
case that does not exist. What the applicant may do comes from `workflow.available_actions`.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from onewindow.cases import selectors, services, workflow
from onewindow.cases.choices import Action, Provision
from onewindow.cases.public import public_timeline
from onewindow.catalog.choices import MaterialRequirement
from onewindow.errors import Invalid, ServiceError
from onewindow.files import MissingFile, check_upload, download, download_name, missing_file_page
from onewindow.org.permissions import actor_of

from .apply import ACCEPT
from .public_cases import citizen_required, clock_summary

PAGE_SIZE = 20
UPLOAD_ACTIONS = (Action.SUPPLEMENT, Action.SUPPLY_DEFERRED)


def _own_cases(request):
    return selectors.visible_cases(actor_of(request.user)).filter(citizen=request.user)


def _own_case(request, number: str):
    case = (
        _own_cases(request)
        .select_related("item_version", "department", "body", "bundle")
        .filter(number=number)
        .first()
    )
    if case is None:
        raise Http404
    return case


@never_cache
@require_GET
def my_cases(request):
    if refusal := citizen_required(request):
        return refusal
    cases = _own_cases(request).select_related("department").order_by("-submitted_at", "-pk")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/my_cases.html", {"page": page})


def _uploadable(action: str, materials) -> list:
    """The lines the applicant may upload now: those the one-time notice listed, or the deferred ones."""
    if action == Action.SUPPLEMENT:
        return [m for m in materials if m.in_notice and m.provision == Provision.MISSING]
    return [
        m
        for m in materials
        if m.provision == Provision.MISSING and m.requirement == MaterialRequirement.DEFERRABLE
    ]


def _page(request, case, *, status=200, upload_errors=None):
    actor = actor_of(request.user)
    detail = selectors.case_detail(case)
    actions = workflow.available_actions(actor, case, tasks=detail["tasks"], fees=detail["fees"])
    upload_action = next((a for a in UPLOAD_ACTIONS if a in actions), "")
    materials = detail["materials"]
    labels = dict(MaterialRequirement.choices)
    for m in materials:
        m.requirement_label = labels.get(m.requirement, m.requirement)
    missing = [
        m
        for m in materials
        if m.provision == Provision.MISSING and m.requirement != MaterialRequirement.OPTIONAL
    ]
    upload_lines = _uploadable(upload_action, materials) if upload_action else []
    for line in upload_lines:
        line.upload_error = (upload_errors or {}).get(line.pk, "")
    context = {
        "case": case,
        "clock": clock_summary(case),
        "timeline": public_timeline(detail["events"]),
        "materials": materials,
        "missing": missing,
        "fees": detail["fees"],
        "upload_action": upload_action,
        "upload_lines": upload_lines,
        "may_withdraw": Action.WITHDRAW in actions,
        "accept": ACCEPT,
    }
    return render(request, "portal/my_case.html", context, status=status)


@never_cache
@require_GET
def my_case(request, number: str):
    if refusal := citizen_required(request):
        return refusal
    return _page(request, _own_case(request, number))


def _version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0  # never a case's version: answers "updated by someone else, reload"


@require_POST
def upload(request, number: str):
    """Upload the materials a one-time notice listed (补正), or the deferred ones (容缺材料)."""
    if refusal := citizen_required(request):
        return refusal
    case = _own_case(request, number)
    action = request.POST.get("action", "")
    if action not in UPLOAD_ACTIONS:
        return HttpResponseBadRequest()
    detail_materials = list(case.materials.order_by("sort_order", "pk"))
    errors = {}
    entries = []
    for line in _uploadable(action, detail_materials):
        upload = request.FILES.get(f"file-{line.pk}")
        if upload is None:
            continue
        if problem := check_upload(upload):
            errors[line.pk] = problem
            continue
        entries.append(services.MaterialInput(line.pk, Provision.UPLOAD, upload))
    if not entries and not errors:
        messages.error(request, _("请选择要上传的文件。"))
        return redirect("portal:my_case", number=case.number)
    if not errors:
        try:
            services.act(
                request.user,
                case.number,
                action,
                services.ActionInput(version=_version(request), materials=entries),
            )
        except Invalid as exc:
            details = exc.details if isinstance(exc.details, dict) else {}
            errors = {
                int(key.split(".", 1)[1]): str(message)
                for key, message in details.items()
                if key.startswith("materials.") and key.split(".", 1)[1].isdigit()
            }
            if not errors:
                messages.error(request, str(exc.message))
                return redirect("portal:my_case", number=case.number)
        except ServiceError as exc:
            messages.error(request, str(exc.message))
            return redirect("portal:my_case", number=case.number)
        else:
            messages.success(request, _("材料已提交。"))
            return redirect("portal:my_case", number=case.number)
    case.refresh_from_db()
    return _page(request, case, status=422, upload_errors=errors)


@require_POST
def withdraw(request, number: str):
    if refusal := citizen_required(request):
        return refusal
    case = _own_case(request, number)
    reason = (request.POST.get("reason") or "").strip()[:500]
    try:
        services.act(
            request.user,
            case.number,
            Action.WITHDRAW,
            services.ActionInput(version=_version(request), reason=reason),
        )
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("申请已撤回。"))
    return redirect("portal:my_case", number=case.number)


@require_GET
def material_file(request, number: str, material_id: int):
    """A file the applicant uploaded for their own case."""
    if refusal := citizen_required(request):
        return refusal
    case = _own_case(request, number)
    line = case.materials.filter(pk=material_id).first()
    if line is None or not line.file:
        raise Http404
    try:
        return download(line.file, download_name(case.number, line.name, line.pk))
    except MissingFile as missing:
        return missing_file_page(request, missing)
