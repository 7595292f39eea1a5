"""The circulated report's pages: a period's figures as a draft (computed on each view), publishing them
(frozen), the published reports, and each one's Excel sheet (its print is a registered document)."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.errors import Invalid
from onewindow.org.permissions import staff_on_page
from onewindow.sheets import attachment

from . import circulation, matter_clock


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=gettext_lazy("标题（选填）"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-sm"

    def clean(self):
        data = super().clean()
        try:
            circulation.check_period(data.get("start"), data.get("end"))
        except Invalid as exc:
            if data.get("start") and data.get("end"):
                raise forms.ValidationError(exc.message) from None
        return data


def _last_month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    end = first.fromordinal(first.toordinal() - 1)
    return end.replace(day=1), end


@login_required
@require_http_methods(["GET"])
def reports(request):
    actor = staff_on_page(request)
    published = circulation.visible_reports(actor)
    start, end = _last_month(matter_clock.today())
    wanted = request.GET if "start" in request.GET else {"start": start, "end": end}
    form = PeriodForm(wanted)
    rows = None
    if form.is_valid():
        rows = circulation.figures(
            circulation.area_of(actor), form.cleaned_data["start"], form.cleaned_data["end"]
        )
    context = {
        "form": form,
        "table": None if rows is None else circulation.table(rows),
        "columns": circulation.columns(),
        "published": published[:50],
        "may_publish": actor.has_role("supervisor"),
    }
    return render(request, "supervision/reports.html", context)


@login_required
@require_POST
def publish(request):
    actor = staff_on_page(request)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("supervision:reports")
    data = form.cleaned_data
    report = circulation.publish(
        actor=request.user,
        body=circulation.area_of(actor),
        start=data["start"],
        end=data["end"],
        title=data["title"],
    )
    messages.success(request, _("已发布：%(title)s。") % {"title": report.title})
    return redirect("supervision:report", pk=report.pk)


@login_required
@require_http_methods(["GET"])
def report(request, pk: int):
    actor = staff_on_page(request)
    found = circulation.visible_reports(actor).filter(pk=pk).first()
    if found is None:
        raise Http404
    context = {"report": found, "table": circulation.table(found.rows), "columns": circulation.columns()}
    return render(request, "supervision/report.html", context)


@login_required
@require_http_methods(["GET"])
def report_sheet(request, pk: int):
    actor = staff_on_page(request)
    found = circulation.visible_reports(actor).filter(pk=pk).first()
    if found is None:
        raise Http404
    data = circulation.sheet_bytes(found.rows)
    return attachment(data, f"circulation-{found.period_start:%Y%m%d}-{found.period_end:%Y%m%d}.xlsx")
