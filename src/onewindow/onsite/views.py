"""The office-day pages for staff: the schedule, the rota, and one session with every step taken on it
(agenda, invitations, attendance, walk-ins, decisions, minutes, closing). The session page is the
leader's too, sized for a phone at the session itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.documents import registry
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.org.models import Department
from onewindow.org.permissions import staff_on_page
from onewindow.proxy.models import KeyProject
from onewindow.supervision.selectors import top_centre
from onewindow.timelimits import reading

from . import feedback, materials, minutes, schedule, sessions, topics
from .choices import MinutesStatus, SessionStatus, TopicStatus
from .forms import DecisionForm, DepartmentsForm, RotaForm, TopicForm
from .models import Decision, OfficeDay, Topic
from .selectors import (
    area_wide,
    decisions_for,
    in_office,
    is_leader_of,
    leaders_of,
    office_bodies,
    reads_minutes,
    session_of,
    towns_of,
    visible_sessions,
    visible_topics,
)


def units_of_area(body):
    return Department.objects.filter(
        is_active=True, body__division__code__startswith=body.division.prefix
    ).order_by("body__tier", "sort_order", "pk")


@login_required
@require_http_methods(["GET"])
def home(request):
    actor = staff_on_page(request)
    today = reading.today()
    rows = visible_sessions(actor)
    upcoming = list(rows.filter(day__gte=today, status=SessionStatus.SCHEDULED).order_by("day")[:12])
    recent = list(rows.filter(day__lte=today).exclude(status=SessionStatus.SCHEDULED).order_by("-day")[:12])
    office = office_bodies(actor).exists()
    waiting = visible_topics(actor).filter(status=TopicStatus.SUBMITTED).count() if office else 0
    unscheduled = visible_topics(actor).filter(status=TopicStatus.ACCEPTED).count() if office else 0
    return render(
        request,
        "onsite/home.html",
        {
            "upcoming": upcoming,
            "recent": recent,
            "office": office,
            "area_wide": area_wide(actor),
            "waiting": waiting,
            "unscheduled": unscheduled,
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rota(request):
    """Generate a rota: the first submit previews the sessions (moved days marked), the second writes."""
    actor = staff_on_page(request)
    body = actor.staff.body if actor.staff is not None else top_centre()
    if body is None or not in_office(actor, body.pk):
        raise Forbidden()
    leaders = leaders_of(actor)
    form = RotaForm(request.POST or None, leaders=leaders)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("confirm") == "1":
                made = schedule.generate(actor=request.user, body=body, plan=form.plan())
                messages.success(request, _("已生成 %(n)s 场现场办公。") % {"n": len(made)})
                return redirect("onsite:home")
            preview = schedule.planned(body, form.plan())
        except (Invalid, Conflict) as exc:
            form.add_error(None, exc.message)
    return render(
        request, "onsite/rota.html", {"form": form, "preview": preview}, status=422 if form.errors else 200
    )


def _found(actor, pk: int) -> OfficeDay:
    session = session_of(actor, pk)
    if session is None:
        raise Http404
    return session


@login_required
@require_http_methods(["GET"])
def detail(request, pk: int):
    actor = staff_on_page(request)
    session = _found(actor, pk)
    return render(request, "onsite/session.html", _context(actor, session))


def _context(actor, session: OfficeDay) -> dict:
    today = reading.today()
    office = in_office(actor, session.body_id)
    runs = office or is_leader_of(actor, session)
    agenda = list(
        session.topics.select_related("case", "project", "town")
        .prefetch_related("materials")
        .order_by("position")
    )
    decisions = decisions_for(actor, session)
    found_minutes = getattr(session, "minutes", None)
    units = units_of_area(session.body)
    status = session.status
    issued = found_minutes is not None and found_minutes.status == MinutesStatus.ISSUED
    context = {
        "session": session,
        "office": office,
        "runs": runs,
        "is_leader": is_leader_of(actor, session),
        "agenda": agenda,
        "outcomes": feedback.outcomes(decisions, today),
        "minutes": found_minutes,
        "incomplete": {d.pk for d in minutes.incomplete(decisions)},
        "open_decisions": sessions.open_decisions(session),
        "invited": list(session.invited.all()),
        "present": list(session.present.all()),
        "prints": registry.offered("onsite_session", actor, session),
        "reads_minutes": reads_minutes(actor, session),
        "today": today,
        "issued": issued,
    }
    if office and status == SessionStatus.SCHEDULED:
        context["others"] = (
            OfficeDay.objects.filter(body=session.body, status=SessionStatus.SCHEDULED)
            .exclude(pk=session.pk)
            .select_related("leader__staff")
            .order_by("day")[:60]
        )
        context["accepted"] = Topic.objects.filter(body=session.body, status=TopicStatus.ACCEPTED).order_by(
            "raised_on"
        )[:50]
    if office and status in (SessionStatus.SCHEDULED, SessionStatus.HELD):
        context["invite_form"] = DepartmentsForm(units=units, initial={"departments": context["invited"]})
    if runs and status == SessionStatus.SCHEDULED and today >= session.day:
        context["hold_form"] = DepartmentsForm(units=units, initial={"departments": context["invited"]})
    if (
        runs
        and status == SessionStatus.HELD
        and (found_minutes is None or found_minutes.status == MinutesStatus.DRAFT)
    ):
        context["decision_form"] = DecisionForm(agenda=agenda, units=units)
        context["walk_in_form"] = TopicForm(
            towns=towns_of(session.body), projects=KeyProject.objects.filter(body=session.body)
        )
        context["units"] = units
    return context


def _step(request, pk: int, call, done: str):
    """Take one step on a session from its page: the message says what happened or why not."""
    actor = staff_on_page(request)
    session = _found(actor, pk)
    try:
        call(actor, session)
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("onsite:session", pk=session.pk)


def _ids(request, name: str) -> list[int]:
    return [int(v) for v in request.POST.getlist(name) if v.isdigit()]


@login_required
@require_POST
def swap(request, pk: int):
    def call(actor, session):
        other = session_of(actor, int(request.POST.get("other") or 0))
        if other is None:
            raise Invalid(_("请选择本中心的另一场现场办公。"), code="swap_other")
        schedule.swap(actor=request.user, session=session, other=other)

    return _step(request, pk, call, _("已调换领导。"))


@login_required
@require_POST
def cancel(request, pk: int):
    return _step(
        request,
        pk,
        lambda actor, s: schedule.cancel(
            actor=request.user, session=s, reason=request.POST.get("reason", "")
        ),
        _("已取消本场现场办公。"),
    )


@login_required
@require_POST
def schedule_topic(request, pk: int):
    def call(actor, session):
        topic = visible_topics(actor).filter(number=request.POST.get("number", "")).first()
        if topic is None:
            raise Invalid(_("请选择已受理的议题。"), code="topic_not_found")
        topics.put_on_agenda(actor=request.user, topic=topic, session=session)

    return _step(request, pk, call, _("已列入议程。"))


@login_required
@require_POST
def move(request, pk: int):
    """Move an agenda item one place up or down."""

    def call(actor, session):
        numbers = list(session.topics.order_by("position").values_list("number", flat=True))
        number, way = request.POST.get("number", ""), request.POST.get("way")
        if number in numbers:
            at = numbers.index(number)
            to = at - 1 if way == "up" else at + 1
            if 0 <= to < len(numbers):
                numbers[at], numbers[to] = numbers[to], numbers[at]
        topics.order_agenda(actor=request.user, session=session, numbers=numbers)

    return _step(request, pk, call, _("已调整议程顺序。"))


@login_required
@require_POST
def invite(request, pk: int):
    return _step(
        request,
        pk,
        lambda actor, s: topics.invite(
            actor=request.user, session=s, department_ids=_ids(request, "departments")
        ),
        _("已通知部门。"),
    )


@login_required
@require_POST
def hold(request, pk: int):
    return _step(
        request,
        pk,
        lambda actor, s: sessions.hold(
            actor=request.user,
            session=s,
            present_ids=_ids(request, "departments"),
            attendees=request.POST.get("attendees", ""),
        ),
        _("现场办公已开始。"),
    )


@login_required
@require_POST
def walk_in(request, pk: int):
    def call(actor, session):
        form = TopicForm(
            request.POST,
            request.FILES,
            towns=towns_of(session.body),
            projects=KeyProject.objects.filter(body=session.body),
        )
        if not form.is_valid():
            raise Invalid(next(iter(form.errors.values()))[0], code="invalid_topic")
        with transaction.atomic():  # the issue and its paper, or neither
            topic = sessions.walk_in(actor=request.user, session=session, new=form.new_topic())
            materials.with_paper(request.user, topic, form.cleaned_data.get("material"))

    return _step(request, pk, call, _("已登记现场来访的问题，并列入议程。"))


@login_required
@require_POST
def decide(request, pk: int):
    def call(actor, session):
        agenda = list(session.topics.order_by("position"))
        form = DecisionForm(request.POST, agenda=agenda, units=units_of_area(session.body))
        if not form.is_valid():
            raise Invalid(next(iter(form.errors.values()))[0], code="invalid_decision")
        sessions.decide(actor=request.user, session=session, data=form.decision())

    return _step(request, pk, call, _("已记录决定。"))


@login_required
@require_POST
def amend(request, pk: int, decision: int):
    def call(actor, session):
        found = Decision.objects.filter(session=session, pk=decision).select_related("topic").first()
        if found is None:
            raise Http404
        agenda = list(session.topics.order_by("position"))
        data = request.POST.copy()
        data.setdefault("topic_number", found.topic.number)
        data.setdefault("text", found.text)
        form = DecisionForm(data, agenda=agenda, units=units_of_area(session.body))
        if not form.is_valid():
            raise Invalid(next(iter(form.errors.values()))[0], code="invalid_decision")
        sessions.amend(actor=request.user, decision=found, data=form.decision())

    return _step(request, pk, call, _("已补全决定。"))


def _minutes_step(call):
    def taking(actor, session):
        found = getattr(session, "minutes", None)
        if found is None:
            raise Conflict(_("请先起草纪要。"), code="no_minutes")
        call(found)

    return taking


@login_required
@require_POST
def draft(request, pk: int):
    return _step(
        request,
        pk,
        lambda actor, s: minutes.draft(actor=request.user, session=s),
        _("已由决定生成纪要草稿。"),
    )


@login_required
@require_POST
def edit_minutes(request, pk: int):
    return _step(
        request,
        pk,
        _minutes_step(
            lambda m: minutes.edit(actor=request.user, minutes=m, text=request.POST.get("text", ""))
        ),
        _("已保存纪要草稿。"),
    )


@login_required
@require_POST
def approve(request, pk: int):
    return _step(
        request,
        pk,
        _minutes_step(lambda m: minutes.approve(actor=request.user, minutes=m)),
        _("纪要已审定。"),
    )


@login_required
@require_POST
def issue(request, pk: int):
    return _step(
        request,
        pk,
        _minutes_step(lambda m: minutes.issue(actor=request.user, minutes=m)),
        _("纪要已印发，各项决定已立项督办。"),
    )


@login_required
@require_POST
def close(request, pk: int):
    return _step(
        request, pk, lambda actor, s: sessions.close(actor=request.user, session=s), _("本场现场办公已办结。")
    )
