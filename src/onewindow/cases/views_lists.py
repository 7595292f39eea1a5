"""The staff lists: the inbox (a section per role), the case list with its filters, the overdue list,
Every list is a bounded page and runs a fixed number of queries.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from onewindow.org.permissions import staff_on_page
from onewindow.org.roles import Role
from onewindow.paging import Page, page_number, paged
from onewindow.timelimits import reading
from onewindow.timelimits.choices import Warning, showing

from . import selectors
from .choices import FINAL_STATUSES, OPEN_STATUSES, Status
from .forms import CaseFilterForm

# What a window clerk has to do with a case on their desk, by status.
WINDOW_TODO = {
    Status.PREREVIEW: gettext_lazy("网上申请待预审"),
    Status.AWAITING_SUPPLEMENT: gettext_lazy("等待补正"),
    Status.APPROVED: gettext_lazy("结果待送达"),
    Status.DENIED: gettext_lazy("结果待送达"),
    Status.DELIVERED: gettext_lazy("待办结"),
}
FEES_TODO = gettext_lazy("费用待缴")


# --- inbox ---------------------------------------------------------------------------------------


@dataclass
class Section:
    key: str
    title: str
    total: int
    page: Page
    tasks: bool = False
    empty: str = ""

    @property
    def show_todo(self) -> bool:
        return self.key == "window"


def agent_cases(actor):
    """The cases an agent took in or carries that have not ended, newest first."""
    user = actor.user
    return (
        selectors.visible_cases(actor)
        .filter(Q(agent=user) | Q(received_by=user))
        .exclude(status__in=FINAL_STATUSES)
        .select_related(*selectors.LIST_RELATED)
        .order_by("-submitted_at", "-pk")
    )


def _sections_of(actor) -> list[str]:
    keys = []
    if actor.staff is None:
        return keys
    if actor.has_role(Role.REVIEWER, Role.CHIEF_REP) and actor.staff.department_id:
        keys += ["department", "tasks"]
    if actor.has_role(Role.WINDOW_CLERK):
        keys.append("window")
    if actor.has_role(Role.AGENT):
        keys.append("agent")
    if actor.has_role(Role.LEADER, Role.SUPERVISOR):
        keys.append("area")
    return keys


def _section(request, actor, key: str) -> Section:
    chosen = request.GET.get("section") == key
    number = page_number(request.GET.get("page")) if chosen else 1
    if key == "department":
        queryset = selectors.department_inbox(actor)
        title, empty = _("本部门待办办件"), _("本部门没有在办的办件。")
    elif key == "tasks":
        queryset = selectors.task_inbox(actor)
        title, empty = _("联办任务"), _("没有待本部门出具意见的联办任务。")
    elif key == "window":
        queryset = selectors.window_inbox(actor)
        title, empty = _("窗口待办"), _("窗口没有待处理的办件。")
    elif key == "agent":
        queryset = agent_cases(actor)
        title, empty = _("我代办的办件"), _("您没有在办的代办件。")
    else:
        queryset = selectors.overdue(actor)
        title, empty = _("辖区红牌超时办件"), _("辖区内没有超时办件。")
    page = paged(request, queryset, number=number, section=key)
    section = Section(key, title, queryset.count(), page, tasks=key == "tasks", empty=empty)
    if key == "window":
        for case in page.rows:
            case.todo = _window_tags(case)  # what the window has to do with it
    return section


def _window_tags(case) -> list[str]:
    tags = [str(WINDOW_TODO[case.status])] if case.status in WINDOW_TODO else []
    if not case.fees_settled and case.status not in FINAL_STATUSES:
        tags.append(str(FEES_TODO))
    return tags


@login_required
@require_GET
def inbox(request):
    """What waits for this person, a section per role they hold, fewest working days left first."""
    actor = staff_on_page(request)
    sections = [_section(request, actor, key) for key in _sections_of(actor)]
    return render(request, "cases/inbox.html", {"sections": sections})


def home_counts(actor, role: str) -> dict:
    """The figures a role's home page shows, one aggregate query per desk."""
    if actor.staff is None:
        return {}
    today = reading.today()
    red, yellow = showing(Warning.RED, today), showing(Warning.YELLOW, today)
    if role in (Role.REVIEWER, Role.CHIEF_REP):
        if not actor.staff.department_id:
            return {}
        cases = selectors.department_inbox(actor).aggregate(
            total=Count("pk"), red=Count("pk", filter=red), yellow=Count("pk", filter=yellow)
        )
        tasks = selectors.task_inbox(actor).aggregate(total=Count("pk"))
        return {"department": cases, "tasks": tasks["total"]}
    if role == Role.WINDOW_CLERK:
        return {
            "window": selectors.window_inbox(actor).aggregate(
                total=Count("pk"),
                prereview=Count("pk", filter=Q(status=Status.PREREVIEW)),
                supplement=Count("pk", filter=Q(status=Status.AWAITING_SUPPLEMENT)),
                deliver=Count("pk", filter=Q(status__in=[Status.APPROVED, Status.DENIED])),
                close=Count("pk", filter=Q(status=Status.DELIVERED)),
                fees=Count("pk", filter=Q(fees_settled=False, status__in=OPEN_STATUSES)),
            )
        }
    if role == Role.AGENT:
        return {
            "agent": agent_cases(actor).aggregate(
                total=Count("pk"), red=Count("pk", filter=red), yellow=Count("pk", filter=yellow)
            )
        }
    return {}


# --- the case list and the overdue list ----------------------------------------------------------


@login_required
@require_GET
def case_list(request):
    """Every case this person may see, newest first, narrowed by the filters."""
    actor = staff_on_page(request)
    form = CaseFilterForm(request.GET or None)
    cases = selectors.visible_cases(actor).select_related(*selectors.LIST_RELATED)
    if form.is_bound and not form.is_valid():
        cases = cases.none()
    elif form.is_bound:
        cases = form.apply(cases)
    page = paged(request, cases.order_by("-submitted_at", "-pk"))
    return render(request, "cases/list.html", {"form": form, "page": page})


@login_required
@require_GET
def overdue(request):
    """Open cases past their deadline (red card) within this person's scope, oldest deadline first."""
    actor = staff_on_page(request)
    page = paged(request, selectors.overdue(actor))
    return render(request, "cases/overdue.html", {"page": page})
