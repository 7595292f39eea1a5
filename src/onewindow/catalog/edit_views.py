"""Editing the catalog in the browser (administrators): the list of items, a draft's editor, and the
confirmations before publishing (with the difference from the version in force) and before retiring.
Every change goes through `services` (save_draft, publish, retire), as the API's and the workbook's do."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onewindow.errors import ServiceError
from onewindow.org.permissions import actor_of, require_role
from onewindow.org.roles import Role

from . import services
from .choices import VersionStatus
from .diffs import diff
from .edit_forms import FeeFormSet, MaterialFormSet, VersionForm, lines_of
from .models import Item, ItemVersion
from .services import FEE_FIELDS, MATERIAL_FIELDS

PAGE_SIZE = 50


def _admin_only(request) -> None:
    require_role(actor_of(request.user), Role.ADMIN)


@login_required
@require_GET
def items(request):
    """Every item with its version in force and its draft, searchable by name or code."""
    _admin_only(request)
    q = " ".join(request.GET.get("q", "").split())[:60]
    versions = ItemVersion.objects.filter(status__in=[VersionStatus.PUBLISHED, VersionStatus.DRAFT])
    if q:
        versions = versions.filter(Q(name__icontains=q) | Q(implementation_code__icontains=q))
    item_ids = versions.values("item_id").distinct()
    listed = Item.objects.filter(pk__in=item_ids).order_by("pk")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = ItemVersion.objects.filter(
        item_id__in=[i.pk for i in page], status__in=[VersionStatus.PUBLISHED, VersionStatus.DRAFT]
    ).select_related("department")
    by_item: dict[int, dict] = {}
    for version in rows:
        by_item.setdefault(version.item_id, {})[version.status] = version
    lines = [{"item": i, "published": None, "draft": None, **by_item.get(i.pk, {})} for i in page]
    counts = ItemVersion.objects.aggregate(drafts=Count("pk", filter=Q(status=VersionStatus.DRAFT)))
    context = {"lines": lines, "page": page, "q": q, "drafts": counts["drafts"]}
    return render(request, "catalog/items.html", context)


def _base_of(item: Item) -> tuple[ItemVersion | None, ItemVersion | None]:
    versions = {
        v.status: v for v in item.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.PUBLISHED])
    }
    return versions.get(VersionStatus.DRAFT), versions.get(VersionStatus.PUBLISHED)


@login_required
@require_http_methods(["GET", "POST"])
def draft(request, item_id: int):
    """The item's draft in an editor (a new draft starts from the version in force). Saving keeps it a
    draft; publishing is a separate, confirmed step."""
    _admin_only(request)
    item = get_object_or_404(Item, pk=item_id)
    current, published = _base_of(item)
    base = current or published or item.versions.order_by("-version").first()
    if base is None:
        raise Http404
    content = services.content_of(base)
    if request.method == "POST":
        form = VersionForm(request.POST, instance=ItemVersion(item=item))
        materials = MaterialFormSet(request.POST, prefix="materials")
        fees = FeeFormSet(request.POST, prefix="fees")
        if form.is_valid() and materials.is_valid() and fees.is_valid():
            data = {
                **content,
                **form.content(),
                "materials": lines_of(
                    materials, content["materials"], [*MATERIAL_FIELDS, "source_department"]
                ),
                "fees": lines_of(fees, [], FEE_FIELDS),
            }
            try:
                saved = services.save_draft(actor=request.user, data=data, item=item)
            except ServiceError as exc:
                form.add_error(None, exc.message)
                for key, problems in (getattr(exc, "details", None) or {}).items():
                    field = key if key in form.fields else None
                    for problem in problems if isinstance(problems, list) else [problems]:
                        form.add_error(field, f"{key}: {problem}" if field is None else problem)
            else:
                messages.success(
                    request, _("草稿已保存（第 %(n)s 版）。发布前不影响群众和窗口。") % {"n": saved.version}
                )
                return redirect("catalog:draft", item_id=item.pk)
    else:
        form = VersionForm(
            instance=base,
            initial={
                "department": base.department_id,
                "topics": content["topics"],
                "special_procedures": content["special_procedures"],
                "proxyable_tiers": content["proxyable_tiers"],
            },
        )
        materials = MaterialFormSet(
            prefix="materials",
            initial=[{**m, "kept": i} for i, m in enumerate(content["materials"])],
        )
        fees = FeeFormSet(prefix="fees", initial=content["fees"])
    context = {
        "item": item,
        "base": base,
        "current": current,
        "published": published,
        "form": form,
        "materials": materials,
        "fees": fees,
    }
    return render(request, "catalog/draft.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request, pk: int):
    """Publishing a draft, after the administrator has read what it changes."""
    _admin_only(request)
    version = get_object_or_404(ItemVersion.objects.select_related("department"), pk=pk)
    published = ItemVersion.objects.filter(item_id=version.item_id, status=VersionStatus.PUBLISHED).first()
    if request.method == "POST" and _carried_out(
        request, services.publish, version, _("第 %(n)s 版已发布。") % {"n": version.version}
    ):
        return redirect("catalog:items")
    changes = diff(services.content_of(published) if published else None, services.content_of(version))
    lists = [(_("申请材料"), changes.materials), (_("收费"), changes.fees)]
    context = {"version": version, "published": published, "changes": changes, "lists": lists}
    return render(request, "catalog/publish.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def retire(request, pk: int):
    """Retiring the version in force, after the administrator has read what that means."""
    _admin_only(request)
    version = get_object_or_404(ItemVersion.objects.select_related("department"), pk=pk)
    if request.method == "POST" and _carried_out(
        request, services.retire, version, _("“%(name)s”已废止。") % {"name": version.name}
    ):
        return redirect("catalog:items")
    return render(request, "catalog/retire.html", {"version": version, "cases": version.cases.count()})


def _carried_out(request, change, version: ItemVersion, done: str) -> bool:
    """Publish or retire as confirmed; a refusal (no longer a draft, not in force) is said on the page."""
    try:
        change(actor=request.user, version=version)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, done)
    return True


urlpatterns = [
    path("items/", items, name="items"),
    path("items/<int:item_id>/draft/", draft, name="draft"),
    path("versions/<int:pk>/publish/", publish, name="publish"),
    path("versions/<int:pk>/retire/", retire, name="retire"),
]
