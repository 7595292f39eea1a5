"""The proxy figures page and its Excel sheet, for a period (this month unless chosen)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from onewindow.errors import Forbidden
from onewindow.org.permissions import staff_on_page
from onewindow.periods import period_form
from onewindow.sheets import attachment
from onewindow.timelimits import reading

from . import figures


def _period(request):
    actor = staff_on_page(request)
    if not figures.may_read(actor):
        raise Forbidden()
    form = period_form(request.GET, reading.today())
    found = (
        figures.figures(actor, form.cleaned_data["start"], form.cleaned_data["end"])
        if form.is_valid()
        else None
    )
    return form, found


@login_required
@require_GET
def page(request):
    form, found = _period(request)
    return render(request, "proxy/figures.html", {"form": form, "found": found}, status=200 if found else 422)


@login_required
@require_GET
def sheet(request):
    form, found = _period(request)
    if found is None:
        return render(request, "proxy/figures.html", {"form": form, "found": None}, status=422)
    return attachment(figures.sheet_bytes(found), f"proxy-{found.start:%Y%m%d}-{found.end:%Y%m%d}.xlsx")
