"""The staff lists: the inbox (a section per role), the case list with its filters, the overdue list,
Every list is a bounded page and runs a fixed number of queries.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from onewindow import sheets
from onewindow.org.permissions import staff_on_page
from onewindow.org.roles import Role
from onewindow.paging import Page, page_number, paged
from onewindow.timelimits import reading
from onewindow.timelimits.choices import Warning, showing

from . import listing, selectors
from .choices import FINAL_STATUSES, OPEN_STATUSES, Status
from .forms import CaseFilterForm
from .listing import Wanted

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
    """The cases an agent took in or carries that have not ended, by the nearest deadline (shown urgent
    first)."""
    user = actor.user
    return (
        selectors.visible_cases(actor)
        .filter(Q(agent=user) | Q(received_by=user))
        .exclude(status__in=FINAL_STATUSES)
        .select_related(*selectors.LIST_RELATED)
        .order_by(F("due_on").asc(nulls_last=True), "-submitted_at", "-pk")
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


def _section(request, actor, key: str, wanted: Wanted) -> Section:
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
    queryset = listing.narrowed(queryset, wanted, prefix="case__" if key == "tasks" else "")
    page = paged(request, listing.urgent_first(queryset), number=number, section=key)
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
    """What waits for this person, a section per role they hold, the most urgent first (red, yellow, the
    nearest deadline), narrowed by the list filters."""
    actor = staff_on_page(request)
    form = CaseFilterForm(request.GET or None, actor=actor, default_sort="urgency")
    wanted = form.wanted if not form.is_bound or form.is_valid() else Wanted()  # errors shown on the form
    sections = [_section(request, actor, key, wanted) for key in _sections_of(actor)]
    return render(request, "cases/inbox.html", {"sections": sections, "form": form})


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
        open_here = {"department": actor.staff.department_id, "status": "open"}
        links = _links(
            total=open_here,
            yellow={**open_here, "warning": Warning.YELLOW},
            red={**open_here, "warning": Warning.RED},
        )
        return {"department": cases, "tasks": tasks["total"], "links": links}
    if role == Role.WINDOW_CLERK:
        here = {"body": actor.staff.body_id}
        return {
            "links": _links(
                prereview={**here, "status": Status.PREREVIEW},
                supplement={**here, "status": Status.AWAITING_SUPPLEMENT},
                deliver={**here, "status": "to_deliver"},
                close={**here, "status": Status.DELIVERED},
                fees={**here, "status": "open", "fees": "unsettled"},
            ),
            "window": selectors.window_inbox(actor).aggregate(
                total=Count("pk"),
                prereview=Count("pk", filter=Q(status=Status.PREREVIEW)),
                supplement=Count("pk", filter=Q(status=Status.AWAITING_SUPPLEMENT)),
                deliver=Count("pk", filter=Q(status__in=[Status.APPROVED, Status.DENIED])),
                close=Count("pk", filter=Q(status=Status.DELIVERED)),
                fees=Count("pk", filter=Q(fees_settled=False, status__in=OPEN_STATUSES)),
            ),
        }
    if role == Role.AGENT:
        inbox = reverse("cases:inbox")
        return {
            "links": {
                "yellow": f"{inbox}?warning={Warning.YELLOW}#agent",
                "red": f"{inbox}?warning={Warning.RED}#agent",
            },
            "agent": agent_cases(actor).aggregate(
                total=Count("pk"), red=Count("pk", filter=red), yellow=Count("pk", filter=yellow)
            ),
        }
    return {}


def _links(**filters) -> dict[str, str]:
    """Each home counter's list: the case list narrowed to what the counter counts."""
    return {name: f"{reverse('cases:list')}?{urlencode(wanted)}" for name, wanted in filters.items()}


# --- the case list and the overdue list ----------------------------------------------------------


@login_required
@require_GET
def case_list(request):
    """Every case this person may see, narrowed by the filters, in the order chosen (newest first)."""
    actor = staff_on_page(request)
    cases = selectors.visible_cases(actor).select_related(*selectors.LIST_RELATED)
    return _listed(request, actor, cases, "cases/list.html", default_sort="newest")


@login_required
@require_GET
def overdue(request):
    """Open cases past their deadline (red card) within this person's scope, oldest deadline first."""
    actor = staff_on_page(request)
    return _listed(request, actor, selectors.overdue(actor), "cases/overdue.html", default_sort="deadline")


def _listed(request, actor, cases, template: str, *, default_sort: str):
    """A list page: the filters and the order applied, its total, one bounded page, or (`?export=xlsx`)
    the whole list as a sheet through the shared writer, personal data masked."""
    form = CaseFilterForm(request.GET or None, actor=actor, default_sort=default_sort)
    if form.is_bound and not form.is_valid():
        cases = cases.none()
    else:
        cases = listing.ordered(listing.narrowed(cases, form.wanted), form.sort_order)
    if request.GET.get("export") == "xlsx":
        name = f"cases-{reading.today():%Y%m%d}.xlsx"
        return sheets.attachment(listing.export(cases), name)
    total, more = listing.bounded_count(cases)
    params = request.GET.copy()
    params.pop("page", None)
    params["export"] = "xlsx"
    context = {
        "form": form,
        "page": paged(request, cases),
        "total": total,
        "more": more,
        "export_url": "?" + params.urlencode(),
        "export_max": listing.EXPORT_MAX,
    }
    return render(request, template, context)
