"""The issues' pages for staff: the list (by status), registering one for a department, a town or a
caller, and one issue with its vetting and its place on an agenda."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.core.masking import mask_phone
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.files import MissingFile, download, download_name, missing_file_page
from onewindow.org.permissions import staff_on_page
from onewindow.paging import paged
from onewindow.proxy.models import KeyProject
from onewindow.supervision.selectors import top_centre
from onewindow.timelimits import reading

from . import feedback, materials, topics
from .choices import SessionStatus, TopicStatus
from .forms import TopicForm, VetForm
from .models import OfficeDay
from .selectors import in_office, own_part, topic_of, towns_of, visible_topics


@login_required
@require_http_methods(["GET"])
def listed(request):
    actor = staff_on_page(request)
    rows = visible_topics(actor)
    status = request.GET.get("status", "")
    if status in TopicStatus.values:
        rows = rows.filter(status=status)
    centre = top_centre()
    may_register = centre is not None and (in_office(actor, centre.pk) or actor.staff is not None)
    return render(
        request,
        "onsite/topics.html",
        {
            "page": paged(request, rows),
            "statuses": TopicStatus.choices,
            "status": status,
            "may_register": may_register,
        },
    )


def _form(centre, data=None, files=None) -> TopicForm:
    return TopicForm(
        data,
        files,
        towns=towns_of(centre),
        projects=KeyProject.objects.filter(body__division__code__startswith=centre.division.prefix),
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    """Staff register an issue (a department's or a town's, or one taken by phone)."""
    actor = staff_on_page(request)
    centre = top_centre()
    if centre is None or (actor.staff is None and not actor.is_admin):
        raise Forbidden()
    form = _form(centre, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():  # the issue and its paper, or neither
                topic = topics.submit(actor=request.user, body=centre, new=form.new_topic(), channel="staff")
                materials.with_paper(request.user, topic, form.cleaned_data.get("material"))
        except Invalid as exc:
            for name, message in (exc.details or {}).get("fields", {}).items():
                form.add_error(name if name in form.fields else None, message)
            if not form.errors:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("已登记议题 %(number)s。") % {"number": topic.number})
            return redirect("onsite:topic", number=topic.number)
    return render(request, "onsite/topic_new.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET"])
def detail(request, number: str):
    actor = staff_on_page(request)
    topic = topic_of(actor, number)
    if topic is None:
        raise Http404
    office = in_office(actor, topic.body_id)
    decisions = own_part(actor, feedback.topic_decisions(topic))
    sessions = (
        OfficeDay.objects.filter(
            body_id=topic.body_id,
            status__in=(SessionStatus.SCHEDULED, SessionStatus.HELD),
            day__gte=reading.today(),
        )
        .select_related("leader__staff")
        .order_by("day")[:30]
        if office
        else []
    )
    return render(
        request,
        "onsite/topic.html",
        {
            "topic": topic,
            "office": office,
            "outcomes": feedback.outcomes(decisions, reading.today()),
            "resolved": feedback.is_resolved(decisions),
            "vet_form": VetForm() if office and topic.status == TopicStatus.SUBMITTED else None,
            "sessions": sessions,
            "suggested": topics.first_session(topic, reading.today()) if office else None,
            "phone": topic.submitter_phone if office else mask_phone(topic.submitter_phone),
            "materials": topic.materials.all(),
            "may_attach": materials.may_attach(request.user, topic),
        },
    )


def _topic(request, number: str):
    actor = staff_on_page(request)
    topic = topic_of(actor, number)
    if topic is None:
        raise Http404
    return actor, topic


def _step(request, number: str, call, done: str):
    """Take one step on an issue from its page: the message says what happened or why not."""
    _actor, topic = _topic(request, number)
    try:
        call(topic)
    except (Invalid, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("onsite:topic", number=topic.number)


@login_required
@require_POST
def vet(request, number: str):
    def call(topic):
        form = VetForm(request.POST)
        if not form.is_valid():
            raise Invalid(next(iter(form.errors.values()))[0], code="invalid_vetting")
        topics.vet(actor=request.user, topic=topic, **form.cleaned_data)

    return _step(request, number, call, _("已审核。"))


@login_required
@require_POST
def schedule(request, number: str):
    def call(topic):
        wanted = request.POST.get("session") or ""
        session = (
            OfficeDay.objects.filter(pk=int(wanted), body_id=topic.body_id).first()
            if wanted.isdigit()
            else None
        )
        topics.put_on_agenda(actor=request.user, topic=topic, session=session)

    return _step(request, number, call, _("已列入议程。"))


@login_required
@require_POST
def attach(request, number: str):
    def call(topic):
        upload, title = request.FILES.get("file"), request.POST.get("title", "")
        materials.attach(actor=request.user, topic=topic, upload=upload, title=title)

    return _step(request, number, call, _("已上传材料。"))


@login_required
@require_http_methods(["GET"])
def material_file(request, number: str, pk: int):
    _actor, topic = _topic(request, number)
    found = topic.materials.filter(pk=pk).first()
    if found is None:
        raise Http404
    try:
        return download(found.file, download_name(topic.number, found.title, found.pk))
    except MissingFile as missing:
        return missing_file_page(request, missing)
