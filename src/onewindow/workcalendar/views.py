from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from onewindow.core.workdays import CalendarNotLoaded
from onewindow.errors import Conflict, Invalid
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
    context = {
        "years": selectors.years_overview(),
        "changes": selectors.recent_changes(),
        "ahead": ahead(timezone.localdate()),
    }
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


@login_required
@require_http_methods(["GET", "POST"])
def import_csv(request):
    _admin_only(request)
    form = CsvImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "error": None, "content": ""}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.import_days(
                actor=request.user,
                parsed=parsing.parse_csv(data["content"]),
                source=YearSource.CSV,
                accept_warnings=data["accept"],
            )
        except Invalid as exc:
            # What was uploaded stays in the box, so confirming a shrinking import needs no second upload.
            context.update(error=exc, content=data["content"])
        else:
            messages.success(
                request,
                _("已载入 %(years)s 年，共 %(n)s 个节假日和调休日；已重新计算相关期限。")
                % {"years": pgettext("list separator", "、").join(map(str, result.years)), "n": result.days},
            )
            return redirect("workcalendar:year", year=result.years[0])
    return render(request, "workcalendar/import.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_notice(request):
    """Paste (or type) a notice, see what it would change, then confirm: nothing is stored unseen."""
    _admin_only(request)
    form = NoticeForm(request.POST or None)
    context = {"form": form, "plan": None, "years": [], "error": None}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = services.plan_notice(
            text=data["text"],
            year=data["year"],
            mode=data["mode"],
            holidays=data["holidays"],
            makeup=data["makeup"],
        )
        context.update(plan=plan, years=selectors.preview(plan))
        if request.POST.get("action") == "confirm":
            try:
                result = services.apply_import(
                    actor=request.user, plan=plan, basis=data["basis"], accept_warnings=data["accept"]
                )
            except (Invalid, Conflict) as exc:  # shown above the fresh preview, the text kept
                context["error"] = exc
            else:
                messages.success(
                    request,
                    _("已保存 %(years)s 年的放假安排，共 %(n)s 个节假日和调休日；已重新计算相关期限。")
                    % {
                        "years": pgettext("list separator", "、").join(map(str, result.years)),
                        "n": result.days,
                    },
                )
                return redirect("workcalendar:year", year=plan.main_year or result.years[0])
    return render(request, "workcalendar/notice.html", context)
