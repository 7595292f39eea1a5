"""The public service guides (办事指南): search, an item's guide, bundles (the guide's printable one-time
notice is a registered document: `documents.py`)."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from onewindow.cases.applied import online_possible
from onewindow.catalog import selectors
from onewindow.catalog.models import ItemMaterial, Topic

from .forms import GuideSearchForm

PAGE_SIZE = 20


@require_GET
def search(request):
    form = GuideSearchForm(request.GET or None)
    filters = form.filters() if form.is_valid() else selectors.ItemFilters()
    page = Paginator(selectors.search(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "topics": Topic.objects.all(),
        "bundles": selectors.bundles() if not filters.q else [],
        "query_string": _without_page(request),
    }
    template = "portal/_results.html" if request.headers.get("HX-Request") else "portal/search.html"
    return render(request, template, context)


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def item(request, code: str):
    version = selectors.live_item_by_code(code)
    if version is None:
        raise Http404
    return render(
        request,
        "portal/item.html",
        {
            "item": version,
            "bundles": version.item.bundles.filter(is_active=True),
            "can_apply": online_possible([version]),
        },
    )


@require_GET
def bundle(request, code: str):
    found = get_object_or_404(selectors.bundles(), code=code)
    versions = selectors.bundle_items(found)
    return render(
        request,
        "portal/bundle.html",
        {
            "bundle": found,
            "items": versions,
            "materials": selectors.merged_materials(versions),
            "can_apply": online_possible(versions),
        },
    )


@require_GET
def material_file(request, material_id: int, kind: str):
    """A material's blank form or sample, for items that are published."""
    material = get_object_or_404(ItemMaterial, pk=material_id, version__status="published")
    field = {"form": material.blank_form, "sample": material.sample}.get(kind)
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None  # lost from storage: a 404 like any other missing page, not a 500
    return FileResponse(handle, as_attachment=True, filename=field.name.rsplit("/", 1)[-1])
