"""Public tracking (办件查询): a case's progress by its number and query code, for anyone.

The answer holds no personal data. A wrong query code answers exactly like an unknown number, and
lookups are throttled per client address, so codes cannot be guessed one after another.
"""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from onewindow.accounts.services import allow_rate
from onewindow.cases.public import events_of, public_timeline
from onewindow.cases.selectors import public_case
from onewindow.client_address import client_ip

from .forms import TrackForm
from .public_cases import clock_summary


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """GET with `?number=…&code=…` (so links work) or the POSTed form; an empty GET shows the form."""
    data = request.POST if request.method == "POST" else request.GET
    asked = bool(data.get("number") or data.get("code"))
    form = TrackForm(data if asked else None)
    context = {"form": form, "asked": asked}
    status = 200
    if asked:
        if not allow_rate(f"track:{client_ip(request)}", settings.TRACK_LOOKUPS_PER_MINUTE):
            context["throttled"] = True
            return render(request, "portal/track.html", context, status=429)
        if form.is_valid():
            case = public_case(form.cleaned_data["number"], form.cleaned_data["code"])
            if case is None:
                # The same answer for an unknown number and a wrong code, and the form comes back
                # empty, so the two answers cannot be told apart.
                context.update(not_found=True, form=TrackForm())
                status = 404
            else:
                context.update(
                    case=case,
                    clock=clock_summary(case),
                    timeline=public_timeline(events_of(case)),
                )
    return render(request, "portal/track.html", context, status=status)
