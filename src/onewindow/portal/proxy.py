"""The principal's proxy requests (我的代办): who carries each, its steps, the cases filed for it (each
followed on its own page) and, once the result is delivered, the principal's own rating of the service
(代办不包办: entrusting an agent takes none of the principal's rights away)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from onewindow.errors import Conflict, Invalid
from onewindow.org.permissions import actor_of
from onewindow.proxy import selectors, steps
from onewindow.proxy.choices import ProxyAction, Satisfaction
from onewindow.timelimits import reading

from .public_cases import citizen_required

PAGE_SIZE = 20


@never_cache
@require_GET
def my_proxy(request):
    if refusal := citizen_required(request):
        return refusal
    rows = selectors.visible_requests(actor_of(request.user)).prefetch_related("cases")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page:
        row.may_rate = ProxyAction.RATE in steps.allowed(request.user, row)
    return render(request, "portal/my_proxy.html", {"page": page, "satisfactions": Satisfaction.choices})


@require_POST
def rate(request, number: str):
    if refusal := citizen_required(request):
        return refusal
    found = selectors.request_by_number(actor_of(request.user), number)
    if found is None:
        raise Http404
    data = steps.StepInput(satisfaction=request.POST.get("satisfaction", ""))
    try:
        steps.act(actor=request.user, request=found, action=ProxyAction.RATE, data=data, on=reading.today())
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("谢谢您的评价。"))
    return redirect("portal:my_proxy")
