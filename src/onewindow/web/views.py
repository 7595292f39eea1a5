from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from onewindow.cases.views_lists import home_counts
from onewindow.onsite.workbench import leader_work
from onewindow.org.permissions import actor_of
from onewindow.org.roles import Role
from onewindow.proxy.workbench import agent_work
from onewindow.timelimits import reading
from onewindow.workcalendar.ahead import ahead

from . import selectors


@require_GET
def landing(request):
    """The public front page; a signed-in person goes straight to their own home page."""
    if request.user.is_authenticated:
        return redirect("web:home")
    return render(request, "web/landing.html", {"bodies": selectors.public_bodies()})


@login_required
@require_GET
def home(request):
    actor = actor_of(request.user)
    if actor.home_role is None:
        if hasattr(request.user, "citizen"):
            return redirect("portal:my")  # a member of the public: their own cases
        return render(request, "web/no_role.html", status=403)
    return redirect("web:role_home", role=actor.home_role)


def _context_for(role: str, actor) -> dict:
    if role == Role.ADMIN:
        return {"counts": selectors.system_counts(), "ahead": ahead(reading.today())}
    if role == Role.LEADER:
        return {"bodies": selectors.bodies_overview(actor), "onsite": leader_work(actor, reading.today())}
    if role == Role.SUPERVISOR:
        return {"bodies": selectors.bodies_overview(actor)}
    context = {"hall": selectors.hall_of(actor), "inbox": home_counts(actor, role)}
    if role in (Role.REVIEWER, Role.CHIEF_REP):
        context["colleagues"] = selectors.colleagues_in_department(actor)
    if role == Role.AGENT:
        context["related"] = selectors.related_bodies(actor)
        context["proxy"] = agent_work(actor, reading.today())
    return context


@login_required
@require_GET
def role_home(request, role: str):
    """One home page per role; a person with several roles can switch between theirs."""
    actor = actor_of(request.user)
    if role not in Role.values or role not in actor.roles:
        raise PermissionDenied
    if role != Role.ADMIN and actor.staff is None:
        raise PermissionDenied
    context = {"role": role, "role_label": Role(role).label, **_context_for(role, actor)}
    return render(request, f"web/home/{role}.html", context)
