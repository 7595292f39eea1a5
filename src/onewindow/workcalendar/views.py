from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from onewindow.core.workdays import CalendarNotLoaded
from onewindow.errors import Invalid
from onewindow.org.permissions import actor_of, require_role
from onewindow.org.roles import Role

from . import parsing, selectors, services
from .ahead import ahead
from .forms import CsvImportForm, NoticeForm
from .models import YearSource


def _admin_only(request):
    require_role(actor_of(request.user), Role.ADMIN)


@login_required
def years(request):
    _admin_only(request)
    context = {"years": selectors.years_overview(), "ahead": ahead(timezone.localdate())}
    return render(request, "workcalendar/years.html", context)


@login_required
def year(request, year: int):
    _admin_only(request)
    try:
        grid = selectors.year_grid(services.current_calendar(), year)
    except CalendarNotLoaded:
        messages.error(request, _("%(year)s 年的工作日历尚未载入。") % {"year": year})
        return redirect("workcalendar:years")
    return render(request, "workcalendar/year.html", {"year": year, "months": grid})


def _import(request, parsed, *, source, only_year=None):
    """Run an import; on success redirect to the year, on errors return them for the form."""
    try:
        result = services.import_days(actor=request.user, parsed=parsed, source=source, only_year=only_year)
    except Invalid as exc:
        return None, exc
    messages.success(
        request,
        _("已载入 %(years)s 年，共 %(n)s 个节假日和调休日；已重新计算相关期限。")
        % {"years": pgettext("list separator", "、").join(map(str, result.years)), "n": result.days},
    )
    return redirect("workcalendar:year", year=result.years[0]), None


@login_required
@require_http_methods(["GET", "POST"])
def import_csv(request):
    _admin_only(request)
    form = CsvImportForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        response, error = _import(
            request, parsing.parse_csv(form.cleaned_data["content"]), source=YearSource.CSV
        )
        if response:
            return response
    return render(request, "workcalendar/import.html", {"form": form, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def import_notice(request):
    _admin_only(request)
    form = NoticeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parsed = parsing.parse_notice(data["year"], data["holidays"], data["makeup"])
        response, error = _import(request, parsed, source=YearSource.NOTICE, only_year=data["year"])
        if response:
            return response
    return render(request, "workcalendar/notice.html", {"form": form, "error": error})
