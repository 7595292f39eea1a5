"""The matter pages: the inbox (the office's by area, a unit's own), registering (立项), one matter with its
timeline and only the actions this person may take now, taking one, and its attachments."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.core.masking import mask_phone
from onewindow.documents import registry
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.files import MissingFile, download, download_name, missing_file_page
from onewindow.org.models import Department
from onewindow.org.permissions import staff_on_page
from onewindow.paging import paged

from . import attachments, matter_clock, origins, selectors
from .choices import AWAITING_FEEDBACK, FollowUp
from .matter_flow import MATTER, visible_matters
from .matter_forms import MatterFilterForm, MatterForm
from .matter_services import NewMatter, allowed, label, may_register, register_matter, take


@login_required
@require_http_methods(["GET"])
def inbox(request):
    """The matters one sees, open ones first by default, the nearest deadline first."""
    actor = staff_on_page(request)
    wanted = request.GET.copy()
    wanted.setdefault("status", "open")
    form = MatterFilterForm(wanted, units=selectors.units_to_assign(actor))
    matters = visible_matters(actor)
    if form.is_valid():
        matters = selectors.narrowed_matters(matters, form.cleaned_data, matter_clock.today())
    else:
        matters = matters.none()
    rows = matters.select_related(*selectors.MATTER_RELATED).order_by(*selectors.MATTER_ORDER)
    page, today = paged(request, rows), matter_clock.today()
    reads_whole = selectors.requester_reader(actor)
    for matter in page.rows:
        matter.feedback_late = bool(
            matter.status in AWAITING_FEEDBACK and matter.feedback_due and matter.feedback_due < today
        )
        matter.phone_shown = (
            matter.requester_phone if reads_whole(matter) else mask_phone(matter.requester_phone)
        )
    context = {"form": form, "page": page, "may_register": may_register(request.user)}
    return render(request, "supervision/matters.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    actor = staff_on_page(request)
    if not may_register(request.user):
        raise Forbidden()
    form = MatterForm(request.POST or None, units=selectors.units_to_assign(actor))
    if request.method == "POST" and form.is_valid():
        try:
            if actor.staff is None:
                raise Invalid(_("没有所在的政务服务中心，不能立项。"), code="body_required")
            matter = register_matter(
                actor=request.user, body=actor.staff.body, new=NewMatter(**form.cleaned_data)
            )
        except Invalid as exc:
            for name, message in ((exc.details or {}).get("fields") or {"__all__": exc.message}).items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("已立项：%(number)s。") % {"number": matter.number})
            return redirect("supervision:matter", number=matter.number)
    return render(request, "supervision/matter_new.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET"])
def detail(request, number: str):
    actor = staff_on_page(request)
    matter = selectors.matter_by_number(actor, number)
    if matter is None:
        raise Http404
    actions = allowed(request.user, matter)
    context = {
        "matter": matter,
        "phone": matter.requester_phone
        if selectors.reads_requester_whole(actor, matter)
        else mask_phone(matter.requester_phone),
        "events": [
            (event, label(event.action))
            for event in matter.events.select_related("actor__staff", "department")
        ],
        "urgings": matter.urgings.select_related("by__staff").order_by("step"),
        "actions": [(code, label(code), MATTER.spec(code)) for code in actions],
        "units": selectors.units_to_assign(actor) if "assign" in actions else Department.objects.none(),
        "follow_ups": FollowUp.choices,
        "overdue_days": matter_clock.overdue_days(matter),
        "documents": registry.offered("matter", actor, matter),
        "origin": origins.origin_of(matter),
        "co_units": matter.co_units.order_by("name"),
        "attachments": matter.attachments.select_related("department", "uploaded_by__staff"),
        "may_attach": attachments.may_attach(request.user, matter),
        "max_mb": settings.CASE_UPLOAD_MAX_BYTES // (1024 * 1024),
    }
    return render(request, "supervision/matter.html", context)


@login_required
@require_POST
def attach(request, number: str):
    actor = staff_on_page(request)
    matter = selectors.matter_by_number(actor, number)
    if matter is None:
        raise Http404
    try:
        attachments.attach(
            actor=request.user,
            matter=matter,
            upload=request.FILES.get("file"),
            title=request.POST.get("title"),
        )
    except (Invalid, Conflict) as exc:  # Forbidden: 403, as for a step one may not take
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已上传附件。"))
    return redirect("supervision:matter", number=number)


@login_required
@require_http_methods(["GET"])
def attachment_file(request, number: str, pk: int):
    actor = staff_on_page(request)
    matter = selectors.matter_by_number(actor, number)
    found = matter.attachments.filter(pk=pk).first() if matter else None
    if found is None:
        raise Http404
    try:
        return download(found.file, download_name(matter.number, found.title, found.pk))
    except MissingFile as missing:
        return missing_file_page(request, missing)


@login_required
@require_POST
def act(request, number: str, action: str):
    actor = staff_on_page(request)
    matter = selectors.matter_by_number(actor, number)
    if matter is None or MATTER.spec(action) is None:
        raise Http404
    try:
        take(actor=request.user, matter=matter, action=action, data=request.POST.dict())
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已%(action)s。") % {"action": label(action)})
    return redirect("supervision:matter", number=number)
