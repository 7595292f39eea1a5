"""The entrustment pages: the list of one's scope, the form an agent fills in with the principal (on a
phone, signing on its screen or attaching a signed scan), one entrustment with the cases filed on it,
its print and signature, and the revocation on the principal's word (confirmed first)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.catalog.selectors import ItemFilters, search
from onewindow.documents.registry import offered
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.files import MissingFile, NotBase64, base64_upload, download, download_name, missing_file_page
from onewindow.org.permissions import staff_on_page
from onewindow.org.roles import Role
from onewindow.paging import paged
from onewindow.timelimits import reading

from . import entrustments, selectors
from .choices import SignedBy
from .documents import item_names, shown_principal
from .forms import EntrustmentForm, RevokeForm, checked_principal, show_on_form


@login_required
@require_http_methods(["GET"])
def listed(request):
    actor = staff_on_page(request)
    rows = selectors.visible_entrustments(actor)
    state = request.GET.get("state", "")
    if state in ("valid", "revoked"):
        rows = rows.filter(revoked_at__isnull=state == "valid")
    page = paged(request, rows)
    for entrustment in page.rows:
        entrustment.shown = shown_principal(actor, entrustment)
    context = {"page": page, "state": state, "may_entrust": actor.has_role(Role.AGENT) and actor.staff}
    return render(request, "proxy/entrustments.html", context)


def _proxy_list(actor):
    return search(ItemFilters(proxyable=entrustments.tier_of(actor))).order_by("name")


def _signature(form: EntrustmentForm):
    """The signature the person gave: the pad's drawing (a PNG as Base64) or the scan, by the way chosen."""
    if form.cleaned_data["signed_by"] == SignedBy.TOUCH:
        drawn = form.cleaned_data["signature_drawn"].removeprefix("data:image/png;base64,")
        if not drawn:
            return None
        try:
            return base64_upload(drawn, "signature.png", "signature.png")
        except NotBase64:
            return None
    return form.cleaned_data["signature_scan"]


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    actor = staff_on_page(request)
    if not actor.has_role(Role.AGENT) or actor.staff is None:  # as `entrustments.entrust` asks
        raise Forbidden(_("只有代办员可以与委托人签订委托书。"))
    today = reading.today()
    form = EntrustmentForm(
        request.POST or None,
        request.FILES or None,
        items=_proxy_list(actor),
        initial={"valid_from": today, "valid_until": today + timedelta(days=364)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            principal = checked_principal(data)
            made = entrustments.entrust(
                actor=request.user,
                new=entrustments.NewEntrustment(
                    principal=principal,
                    valid_from=data["valid_from"],
                    valid_until=data["valid_until"],
                    signed_by=data["signed_by"],
                    signature=_signature(form),
                    all_in_scope=data["all_in_scope"],
                    item_codes=data["items"],
                    mode=data["mode"],
                    priority=data["priority"],
                    door_to_door=data["door_to_door"],
                ),
                today=today,
            )
        except Invalid as exc:
            show_on_form(
                form, exc, signature_field="signature_scan" if data["signed_by"] == SignedBy.SCAN else None
            )
        else:
            messages.success(request, _("已登记委托书：%(number)s。") % {"number": made.number})
            return redirect("proxy:entrustment", number=made.number)
    return render(request, "proxy/entrustment_new.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET"])
def detail(request, number: str):
    actor = staff_on_page(request)
    entrustment = selectors.entrustment_by_number(actor, number)
    if entrustment is None:
        raise Http404
    context = {
        "entrustment": entrustment,
        "principal": shown_principal(actor, entrustment),
        "whole": selectors.reads_whole(actor, entrustment),
        "names": item_names(entrustment),
        "cases": entrustment.cases.select_related("case").order_by("-case__submitted_at")[:50],
        "may_revoke": selectors.may_revoke(actor, entrustment),
        "revoke_form": RevokeForm(),
        "documents": offered("entrustment", actor, entrustment),
    }
    return render(request, "proxy/entrustment.html", context)


@login_required
@require_POST
def revoke(request, number: str):
    actor = staff_on_page(request)
    entrustment = selectors.entrustment_by_number(actor, number)
    if entrustment is None:
        raise Http404
    try:
        entrustments.revoke(
            actor=request.user, entrustment=entrustment, reason=request.POST.get("reason", "")
        )
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已撤销委托：%(number)s。") % {"number": entrustment.number})
    return redirect("proxy:entrustment", number=entrustment.number)


@login_required
@require_http_methods(["GET"])
def signature(request, number: str):
    """The signed scan holds the principal's whole ID number and phone: for the agent who signed it."""
    actor = staff_on_page(request)
    entrustment = selectors.entrustment_by_number(actor, number)
    if entrustment is None:
        raise Http404
    if not selectors.reads_whole(actor, entrustment):
        raise Forbidden(_("签名文件含委托人完整的证件号码，只有受托代办员可以下载。"))
    try:
        return download(entrustment.signature, download_name(entrustment.number, _("签名"), "signature"))
    except MissingFile as missing:
        return missing_file_page(request, missing)
