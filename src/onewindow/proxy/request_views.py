"""The proxy request pages: the list of one's scope, the form the first receiver fills in (routed on
sending: the page says who proxies and by which rule), one request with its route, and a supervisor's
reassignment with a reason."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.catalog.selectors import live_items
from onewindow.core.masking import mask_id_number, mask_phone
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.org.models import Department, Division, Staff
from onewindow.org.permissions import bodies_in_scope, staff_on_page
from onewindow.org.roles import Role
from onewindow.paging import paged
from onewindow.timelimits import reading

from . import appointments, custody, requests, selectors, steps
from .choices import ProxyAction, Satisfaction, Slot
from .forms import HandoverForm, ProxyRequestForm, ReassignForm, checked_principal, show_on_form
from .models import EntrustedCase, Vehicle


def _shown(actor, request) -> dict:
    whole = selectors.reads_request_whole(actor, request)
    return {
        "id_number": request.principal_id_number if whole else mask_id_number(request.principal_id_number),
        "phone": request.principal_phone if whole else mask_phone(request.principal_phone),
    }


@login_required
@require_http_methods(["GET"])
def listed(request):
    actor = staff_on_page(request)
    page = paged(request, selectors.visible_requests(actor))
    for row in page.rows:
        row.shown = _shown(actor, row)
    may_receive = actor.staff is not None and actor.has_role(*requests.RECEIVERS)
    return render(request, "proxy/requests.html", {"page": page, "may_receive": may_receive})


def _area(actor):
    prefix = actor.staff.body.division.code[:6]
    return Division.objects.filter(code__startswith=prefix, level__in=("town", "village")).order_by("code")


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    actor = staff_on_page(request)
    if actor.staff is None or not actor.has_role(*requests.RECEIVERS):  # as `requests.receive` asks
        raise Forbidden(_("只有综合窗口人员、首席代表和代办员可以接收代办申请。"))
    items = live_items().select_related("department").order_by("name")
    departments = Department.objects.filter(pk__in=items.values("department")).order_by("name")
    form = ProxyRequestForm(
        request.POST or None, items=items, departments=departments, divisions=_area(actor)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            principal = checked_principal(data)
            made = requests.receive(
                actor=request.user,
                new=requests.NewRequest(
                    principal=principal,
                    item_codes=data["items"],
                    lead_department_id=int(data["lead_department"]) if data["lead_department"] else None,
                    home_code=data["home_code"],
                    site_code=data["site_code"],
                    priority=data["priority"],
                    door_to_door=data["door_to_door"],
                    description=data["description"],
                ),
                today=reading.today(),
            )
        except Invalid as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("已接收代办申请：%(number)s。") % {"number": made.number})
            return redirect("proxy:request", number=made.number)
    return render(request, "proxy/request_new.html", {"form": form}, status=422 if form.errors else 200)


def _reassign_form(actor, data=None):
    scope = bodies_in_scope(actor)
    return ReassignForm(
        data,
        departments=Department.objects.filter(body__in=scope, is_active=True).order_by("name"),
        agents=Staff.objects.filter(body__in=scope, role_assignments__role=Role.AGENT)
        .select_related("user", "body")
        .order_by("body__division__code", "full_name"),
    )


@login_required
@require_http_methods(["GET"])
def detail(request, number: str):
    actor = staff_on_page(request)
    found = selectors.request_by_number(actor, number)
    if found is None:
        raise Http404
    may_reassign = actor.is_admin or actor.has_role(Role.SUPERVISOR)
    holder = custody.holder(found)
    actions = steps.allowed(request.user, found)
    bookable = (found.door_to_door or found.priority) and appointments.may_book(actor, found)
    context = {
        "appointments": found.appointments.select_related("agent__staff", "vehicle"),
        "booking": _booking_choices(found) if bookable else None,
        "slots": Slot.choices,
        "actions": actions,
        "step_choices": _step_choices(found, actions),
        "satisfactions": Satisfaction.choices,
        "action_labels": ProxyAction.choices,
        "events": found.events.select_related("actor__staff").order_by("pk"),
        "holder": holder,
        "handovers": custody.with_lateness(
            found.handovers.select_related(
                "from_user__staff", "to_user__staff", "to_department", "to_body"
            ).order_by("pk"),
            reading.today(),
        ),
        "handover_form": _handover_form(actor)
        if holder.in_transit is None and custody.holds(actor, holder)
        else None,
        "may_confirm": holder.in_transit is not None and custody.may_confirm(actor, holder.in_transit),
        "request_": found,
        "shown": _shown(actor, found),
        "versions": selectors.latest_versions(found.items.all()),
        "may_reassign": may_reassign,
        "reassign_form": _reassign_form(actor) if may_reassign else None,
    }
    return render(request, "proxy/request.html", context)


@login_required
@require_POST
def reassign(request, number: str):
    actor = staff_on_page(request)
    found = selectors.request_by_number(actor, number)
    if found is None:
        raise Http404
    form = _reassign_form(actor, request.POST)
    department = agent = None
    if form.is_valid():
        kind, _sep, key = form.cleaned_data["to"].partition(":")
        if kind == "department":
            department = Department.objects.get(pk=key)
        else:
            agent = Staff.objects.get(user__username=key).user
    try:
        requests.reassign(
            actor=request.user,
            request=found,
            department=department,
            agent=agent,
            reason=request.POST.get("reason", ""),
        )
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已改派：%(number)s。") % {"number": found.number})
    return redirect("proxy:request", number=found.number)


def _handover_form(actor, data=None):
    """Whom the holder may hand the file to: staff of the county who take applications in or carry
    cases (agents, clerks, chief representatives, reviewers), or a department of the county."""
    area = Q(body__division__code__startswith=actor.staff.body.division.code[:6]) if actor.staff else Q()
    people = (
        Staff.objects.filter(area, user__is_active=True, role_assignments__role__in=custody.RECEIVING_ROLES)
        .exclude(user=actor.user)
        .select_related("user", "body")
        .distinct()
        .order_by("body__division__code", "full_name")
    )
    departments = Department.objects.filter(area, is_active=True).select_related("body").order_by("name")
    return HandoverForm(data, departments=departments, people=people)


@login_required
@require_POST
def hand_over(request, number: str):
    actor = staff_on_page(request)
    found = selectors.request_by_number(actor, number)
    if found is None:
        raise Http404
    form = _handover_form(actor, request.POST)
    to_user = to_department = None
    if form.is_valid():
        kind, _sep, key = form.cleaned_data["to"].partition(":")
        if kind == "department":
            to_department = Department.objects.get(pk=key)
        else:
            to_user = Staff.objects.get(user__username=key).user
    try:
        custody.hand_over(
            actor=request.user,
            request=found,
            materials=request.POST.get("materials", ""),
            to_user=to_user,
            to_department=to_department,
            today=reading.today(),
        )
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已交出材料，待接收方签收。"))
    return redirect("proxy:request", number=found.number)


@login_required
@require_POST
def confirm(request, number: str, pk: int):
    actor = staff_on_page(request)
    found = selectors.request_by_number(actor, number)
    handover = found.handovers.filter(pk=pk).first() if found else None
    if handover is None:
        raise Http404
    try:
        custody.confirm(actor=request.user, handover=handover, today=reading.today())
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已签收材料。"))
    return redirect("proxy:request", number=found.number)


def _step_choices(found, actions) -> dict:
    """What the next steps' forms offer: the principal's valid entrustments, the cases filed on the
    request's entrustment and not yet submitted."""
    choices = {}
    today = reading.today()
    if ProxyAction.ENTRUST in actions:
        choices["entrustments"] = (
            steps.carriers_entrustments(found)
            .filter(
                revoked_at__isnull=True,
                valid_from__lte=today,
                valid_until__gte=today,
            )
            .order_by("-pk")
        )
    if ProxyAction.SUBMIT in actions and found.entrustment_id:
        choices["cases"] = [
            link.case
            for link in EntrustedCase.objects.filter(entrustment_id=found.entrustment_id)
            .exclude(case__in=found.cases.all())
            .select_related("case")
            .order_by("-case__pk")[:50]
        ]
    return choices


@login_required
@require_POST
def act(request, number: str, action: str):
    actor = staff_on_page(request)
    found = selectors.request_by_number(actor, number)
    if found is None or action not in ProxyAction.values:
        raise Http404
    data = steps.StepInput(
        entrustment_number=request.POST.get("entrustment_number", ""),
        case_number=request.POST.get("case_number", ""),
        satisfaction=request.POST.get("satisfaction", ""),
        note=request.POST.get("note", ""),
    )
    try:
        steps.act(actor=request.user, request=found, action=action, data=data, on=reading.today())
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已完成：%(step)s。") % {"step": ProxyAction(action).label})
    return redirect("proxy:request", number=found.number)


def _booking_choices(found) -> dict:
    area = found.body.division.code[:6]
    return {
        "agents": selectors.agents_of_area(area),
        "vehicles": Vehicle.objects.filter(is_active=True, body__division__code__startswith=area),
        "day": reading.today(),
    }


@login_required
@require_POST
def book(request, number: str):
    actor = staff_on_page(request)
    found = selectors.request_by_number(actor, number)
    if found is None:
        raise Http404
    agent = Staff.objects.filter(user__username=request.POST.get("agent", "")).select_related("user").first()
    plate = request.POST.get("vehicle", "")
    vehicle = Vehicle.objects.filter(plate=plate).first() if plate else None
    try:
        day = forms.DateField().clean(request.POST.get("day", ""))
        appointments.book(
            actor=request.user,
            request=found,
            agent=agent.user if agent else None,
            day=day,
            slot=request.POST.get("slot", ""),
            address=request.POST.get("address", ""),
            vehicle=vehicle,
            today=reading.today(),
        )
    except forms.ValidationError:
        messages.error(request, _("请选择上门日期。"))
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已预约上门服务。"))
    return redirect("proxy:request", number=found.number)
