"""The key project pages: the list, the registration with its approval plan (six steps a page), and
one project with its Gantt chart read live from the cases, the days ahead or behind its limit, the
cases linked to its steps and its joint pre-review."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.errors import Forbidden, Invalid
from onewindow.org.models import Division, Staff
from onewindow.org.permissions import staff_on_page
from onewindow.org.roles import Role
from onewindow.styled import styled
from onewindow.timelimits import reading
from onewindow.workcalendar.services import current_calendar

from . import projects, selectors
from .forms import show_on_form

PLAN_ROWS = 6


class ProjectForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("项目名称"), max_length=100)
    company = forms.CharField(label=gettext_lazy("建设单位"), max_length=100)
    company_code = forms.CharField(label=gettext_lazy("统一社会信用代码"), max_length=18)
    site_code = forms.ChoiceField(label=gettext_lazy("项目所在地"), choices=())
    investment = forms.DecimalField(
        label=gettext_lazy("总投资（万元）"), min_value=Decimal(0), max_digits=12, decimal_places=2
    )
    start_on = forms.DateField(
        label=gettext_lazy("计时起点"), widget=forms.DateInput({"type": "date"}, "%Y-%m-%d")
    )
    limit_days = forms.IntegerField(
        label=gettext_lazy("审批时限（工作日）"), min_value=1, max_value=1000, initial=45
    )
    chief = forms.ChoiceField(label=gettext_lazy("首席服务官"), choices=())

    def __init__(self, *args, sites=(), agents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site_code"].choices = [(d.code, d.name) for d in sites]
        self.fields["chief"].choices = [(s.user.username, f"{s.full_name} · {s.body.name}") for s in agents]
        for n in range(1, PLAN_ROWS + 1):
            self.fields[f"step_{n}_name"] = forms.CharField(
                label=_("第 %(n)s 环节") % {"n": n}, max_length=50, required=False
            )
            self.fields[f"step_{n}_days"] = forms.IntegerField(
                label=_("目标工作日"), min_value=0, max_value=1000, required=False
            )
            self.fields[f"step_{n}_after"] = forms.IntegerField(
                label=_("排在第几环节之后"), min_value=1, max_value=PLAN_ROWS, required=False
            )
        styled(self)

    def plan_rows(self):
        return [
            (self[f"step_{n}_name"], self[f"step_{n}_days"], self[f"step_{n}_after"])
            for n in range(1, PLAN_ROWS + 1)
        ]

    def steps(self) -> list[projects.NewStep]:
        data = self.cleaned_data
        return [
            projects.NewStep(
                data[f"step_{n}_name"], data[f"step_{n}_days"] or 0, after=data[f"step_{n}_after"]
            )
            for n in range(1, PLAN_ROWS + 1)
            if data.get(f"step_{n}_name")
        ]


def _form(actor, data=None):
    prefix = actor.staff.body.division.code[:6]
    sites = Division.objects.filter(code__startswith=prefix).order_by("code")
    return ProjectForm(data, sites=sites, agents=selectors.agents_of_area(prefix))


@login_required
@require_http_methods(["GET"])
def listed(request):
    actor = staff_on_page(request)
    rows = list(projects.visible_projects(actor)[:100])
    calendar = current_calendar()
    for project in rows:
        project.progress = projects.progress(project, calendar)
    may_register = actor.staff is not None and actor.has_role(Role.SUPERVISOR, Role.AGENT)
    return render(request, "proxy/projects.html", {"rows": rows, "may_register": may_register})


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    actor = staff_on_page(request)
    if actor.staff is None or not actor.has_role(Role.SUPERVISOR, Role.AGENT):  # as `register_project` asks
        raise Forbidden(_("只有督办人员和代办员可以登记重点项目。"))
    form = _form(actor, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = projects.register_project(
                actor=request.user,
                new=projects.NewProject(
                    name=data["name"],
                    company=data["company"],
                    company_code=data["company_code"],
                    site_code=data["site_code"],
                    investment=data["investment"],
                    start_on=data["start_on"],
                    limit_days=data["limit_days"],
                    chief=Staff.objects.get(user__username=data["chief"]).user,
                    steps=form.steps(),
                ),
            )
        except Invalid as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("已登记重点项目：%(name)s。") % {"name": made.name})
            return redirect("proxy:project", pk=made.pk)
    return render(request, "proxy/project_new.html", {"form": form}, status=422 if form.errors else 200)


def _project(request, pk: int):
    actor = staff_on_page(request)
    project = projects.visible_projects(actor).filter(pk=pk).first()
    if project is None:
        raise Http404
    return actor, project


@login_required
@require_http_methods(["GET"])
def detail(request, pk: int):
    actor, project = _project(request, pk)
    found = projects.progress(project, current_calendar())
    scale = found.scale
    rows = [
        {"row": row, "offset": 100 * row.offset / scale, "width": max(1.0, 100 * row.span / scale)}
        for row in found.steps
    ]
    context = {
        "project": project,
        "found": found,
        "rows": rows,
        "limit_at": 100 * project.limit_days / scale,
        "may_keep": projects.carries(actor, project),
        "today": reading.today(),
    }
    return render(request, "proxy/project.html", context)


@login_required
@require_POST
def link_case(request, pk: int, step: int):
    _actor, project = _project(request, pk)
    found = project.steps.filter(pk=step).first()
    if found is None:
        raise Http404
    try:
        projects.link_case(actor=request.user, step=found, case_number=request.POST.get("case_number", ""))
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已关联办件。"))
    return redirect("proxy:project", pk=project.pk)


@login_required
@require_POST
def pre_review(request, pk: int):
    _actor, project = _project(request, pk)
    try:
        on = forms.DateField().clean(request.POST.get("on", ""))
        projects.record_pre_review(
            actor=request.user, project=project, on=on, note=request.POST.get("note", "")
        )
    except forms.ValidationError:
        messages.error(request, _("请填写联合预审日期。"))
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已记录联合预审。"))
    return redirect("proxy:project", pk=project.pk)
