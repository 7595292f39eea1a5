"""The proxy figures page and its Excel sheet, for a period (this month unless chosen)."""

from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from onewindow.errors import Forbidden
from onewindow.org.permissions import staff_on_page
from onewindow.sheets import attachment
from onewindow.styled import styled
from onewindow.timelimits import reading

from . import figures

LONGEST = timedelta(days=366)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("起始日期"), widget=forms.DateInput({"type": "date"}, "%Y-%m-%d")
    )
    end = forms.DateField(
        label=gettext_lazy("截止日期"), widget=forms.DateInput({"type": "date"}, "%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self, small=True)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and (end < start or end - start > LONGEST):
            raise forms.ValidationError(_("统计期间须在一年以内，且截止日期不早于起始日期。"))
        return data


def _period(request):
    actor = staff_on_page(request)
    if not figures.may_read(actor):
        raise Forbidden()
    today = reading.today()
    wanted = request.GET.copy()
    wanted.setdefault("start", today.replace(day=1).isoformat())
    wanted.setdefault("end", today.isoformat())
    form = PeriodForm(wanted)
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
