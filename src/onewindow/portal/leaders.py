"""The public's side of leaders' on-site office days (领导现场办公), for anyone, on a phone: who sits when
(the schedule), raising an issue for a leader's office day (answered with its number and query code;
throttled per client address), and following it by number and query code: its agenda day, the
decisions, the responsible units' feedback, and the submitter's own word on whether it is solved. A wrong
code answers exactly like an unknown number; nothing personal is shown."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from onewindow.accounts.services import allow_rate
from onewindow.client_address import client_ip
from onewindow.errors import Conflict, Invalid, Throttled
from onewindow.onsite import feedback, materials, topics
from onewindow.onsite.forms import SolvedForm, TopicForm
from onewindow.onsite.selectors import public_schedule, topic_by_code, towns_of
from onewindow.proxy.models import KeyProject
from onewindow.supervision.selectors import top_centre
from onewindow.timelimits import reading

from .complaints import FollowForm

AHEAD = timedelta(weeks=8)


@require_http_methods(["GET"])
def schedule(request):
    """Who sits when: the coming eight weeks and the last four."""
    today = reading.today()
    centre = top_centre()
    rows = public_schedule([centre.pk] if centre else [], today - timedelta(weeks=4), today + AHEAD)
    return render(request, "portal/leaders_schedule.html", {"rows": rows, "today": today, "centre": centre})


def _form(centre, data=None, files=None) -> TopicForm:
    return TopicForm(data, files, towns=towns_of(centre), projects=KeyProject.objects.filter(body=centre))


@never_cache
@require_http_methods(["GET", "POST"])
def raise_topic(request):
    centre = top_centre()
    if centre is None:
        return render(request, "portal/leaders_raise.html", {"closed": True}, status=503)
    form = _form(centre, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        citizen = getattr(request.user, "citizen", None) if request.user.is_authenticated else None
        upload = form.cleaned_data.get("material")
        try:
            topics.count_portal_submission(client_ip(request))  # counted even if refused below
            with transaction.atomic():  # the issue and its paper, or neither
                topic = topics.submit(
                    actor=None,
                    body=centre,
                    new=form.new_topic(),
                    channel="portal",
                    citizen=citizen,
                    counted=True,
                )
                materials.with_paper(None, topic, upload)
        except Throttled:
            return render(request, "portal/leaders_raise.html", {"form": form, "throttled": True}, status=429)
        except Invalid as exc:
            for name, message in ((exc.details or {}).get("fields") or {"__all__": exc.message}).items():
                form.add_error(name if name in form.fields else None, message)
        else:
            return render(request, "portal/leaders_raise.html", {"submitted": topic}, status=201)
    return render(request, "portal/leaders_raise.html", {"form": form}, status=422 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request):
    source = request.POST if request.method == "POST" else request.GET
    asked = bool(source.get("number") or source.get("code"))
    form = FollowForm(source if asked else None)
    context, status = {"form": form, "asked": asked}, 200
    if not asked:
        return render(request, "portal/leaders_follow.html", context)
    if not allow_rate(f"track:{client_ip(request)}", settings.TRACK_LOOKUPS_PER_MINUTE):
        context["throttled"] = True
        return render(request, "portal/leaders_follow.html", context, status=429)
    topic = topic_by_code(form.cleaned_data["number"], form.cleaned_data["code"]) if form.is_valid() else None
    if form.is_valid() and topic is None:
        context.update(not_found=True, form=FollowForm())
        return render(request, "portal/leaders_follow.html", context, status=404)
    if topic is None:
        return render(request, "portal/leaders_follow.html", context, status=422)
    solved_form = SolvedForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            if not solved_form.is_valid():
                raise Invalid(_("请选择问题是否已解决。"), code="solved_required")
            topic = feedback.say_solved(topic=topic, **solved_form.cleaned_data)
        except (Invalid, Conflict) as exc:
            context["error"] = exc.message
            status = 409 if isinstance(exc, Conflict) else 422
        else:
            context["thanked"] = True
    decisions = feedback.topic_decisions(feedback.answered_by(topic))
    context.update(
        topic=topic,
        outcomes=feedback.outcomes(decisions, reading.today()),
        resolved=feedback.is_resolved(decisions),
        solved_form=solved_form,
        number=form.cleaned_data["number"],
        code=form.cleaned_data["code"],
    )
    return render(request, "portal/leaders_follow.html", context, status=status)
