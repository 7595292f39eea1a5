"""The comprehensive window's intake screen (综合受理): choose the item or "one thing" bundle, enter the
applicant, tick how each material was handed in, and take the application in. The outcome follows the
rules of the services: accepted (the clock starts), accepted on a signed commitment with deferrable
materials missing (容缺受理), one written notice of everything missing (一次性告知), refused at the window
with reason and legal basis (不予受理), or, for an immediate item, decided and handed over on the spot.
The receipt page links each outcome's notice, which the case pages print.

Who may use it: the people `take_in` lets take applications in: window clerks and chief representatives
(channel "window") and proxy agents (channel "agent", for the principals they carry). Everyone else is
refused; a case outside a person's scope answers exactly like an unknown number.
"""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onewindow.accounts.applicants import check_applicant
from onewindow.catalog import fee_conditions
from onewindow.catalog import selectors as catalog
from onewindow.catalog.choices import MaterialRequirement
from onewindow.certificates.selectors import certificates_of
from onewindow.core.identity import InvalidIdentity, credit_code, resident_id
from onewindow.documents import registry
from onewindow.errors import Invalid, ServiceError
from onewindow.org.permissions import Actor, actor_of
from onewindow.org.roles import Role
from onewindow.personal import applicant_shown, mask_id_number

from .choices import Action, ApplicantKind, FeeState, Provision, Status
from .documents import CaseAtHand
from .intake_forms import IntakeForm, application_for, new_key, read_materials
from .models import Case, IdempotencyKey
from .selectors import case_detail, case_for
from .services import IntakeInput, take_in

RESULTS_MAX = 20  # items listed for one search: type more to narrow it down
TODAY_PAGE = 20


RECEIVERS = (Role.WINDOW_CLERK, Role.CHIEF_REP, Role.AGENT)


def _receiver(request) -> Actor:
    """The person taking applications in: a window clerk, chief representative or agent with a post."""
    actor = actor_of(request.user)
    if actor.staff is None or actor.is_admin or not actor.has_role(*RECEIVERS):
        raise PermissionDenied
    return actor


# --- selectors of this screen ----------------------------------------------------------------------


def todays_intake(actor: Actor) -> QuerySet[Case]:
    """What this person took in today at their body, newest first (the body/submitted index)."""
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    return (
        Case.objects.filter(body_id=actor.staff.body_id, received_by=actor.user, submitted_at__gte=start)
        .select_related("department")
        .order_by("-submitted_at", "-pk")
    )


# --- choosing what is applied for ------------------------------------------------------------------


@login_required
@require_GET
def start(request):
    """Search the catalog (names, pinyin initials, codes) or pick a bundle; today's intake below."""
    actor = _receiver(request)
    q = " ".join(request.GET.get("q", "").split())[:100]
    items = list(catalog.search(catalog.ItemFilters(q=q))[:RESULTS_MAX]) if q else []
    bundles = catalog.bundles().order_by("code")
    if q:
        bundles = bundles.filter(name__icontains=q)
    context = {"q": q, "items": items, "bundles": list(bundles), "results_max": RESULTS_MAX}
    if request.headers.get("HX-Request"):
        return render(request, "intake/_choices.html", context)
    page = Paginator(todays_intake(actor), TODAY_PAGE).get_page(request.GET.get("page"))
    rows = [
        {"case": case, "id_number": mask_id_number(case.applicant_id_number)} for case in page.object_list
    ]
    return render(request, "intake/start.html", {**context, "page": page, "rows": rows})


# --- the form ---------------------------------------------------------------------------------------


def _application(request):
    application = application_for(
        item_code=request.GET.get("item", "").strip(), bundle_code=request.GET.get("bundle", "").strip()
    )
    if application is None:
        raise Http404
    return application


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    """The intake form for one item or bundle; a valid post takes the application in."""
    actor = _receiver(request)
    if not (request.GET.get("item") or request.GET.get("bundle")):
        return redirect("intake:intake")
    application = _application(request)
    status = 200
    files_dropped = False
    if request.method == "POST":
        post = request.POST.copy()
        form = IntakeForm(post)
        given = read_materials(application, post, request.FILES)
        files_dropped = any(m.file is not None for m in given)  # a page shown again cannot keep them
        if form.is_valid():
            post["key"] = form.cleaned_data["key"]
            try:
                case, replayed = _take_in(request, application, form, given)
            except ServiceError as error:
                form.add_service_error(error)
                for line in application.lines:
                    line.error = form.material_errors.get(line.material_id, "")
                if error.code == "idempotency_key_reused":
                    post["key"] = new_key()  # this form made a case already; a changed one makes another
                status = 422 if isinstance(error, Invalid) else error.status
            else:
                if replayed:
                    messages.info(request, _("该表单已提交过，下面是当时收件的办件，没有重复收件。"))
                return redirect("intake:result", number=case.number)
        else:
            status = 422
    else:
        form = IntakeForm(initial={"key": new_key(), "applicant_kind": ApplicantKind.PERSON})
    context = {
        "application": application,
        "form": form,
        "fee_fields": fee_conditions.answer_fields(
            application.applied.fee_questions, request.POST, form.fee_errors
        ),
        "may_finish_now": application.may_finish_now(actor),
        "files_dropped": files_dropped,
        "query": urlencode(
            {"bundle": application.code} if application.bundle else {"item": application.code}
        ),
    }
    return render(request, "intake/new.html", context, status=status)


def _take_in(request, application, form, given) -> tuple[Case, bool]:
    """Check the applicant, then take the application in; whether the form had been sent before."""
    data = form.cleaned_data
    organisation = data["applicant_kind"] == ApplicantKind.ORGANISATION
    refusing = request.POST.get("outcome") == "return"
    if refusing:
        errors = {}
        if not data["return_reason"].strip():
            errors["reason"] = _("请填写理由。")
        if not data["return_basis"].strip():
            errors["basis"] = _("请填写法律依据。")
        if errors:
            raise Invalid(_("理由和依据不能为空。"), code="reason_required", details=errors)
    applicant = check_applicant(
        kind=data["applicant_kind"],
        name=data["applicant_name"],
        id_number=data["applicant_id_number"],
        phone=data["applicant_phone"],
        legal_representative=data["legal_representative"] if organisation else "",
        contact_name=data["contact_name"] if organisation else "",
    )
    finish_now = bool(data["finish_now"]) and not refusing
    intake = IntakeInput(
        applicant=applicant,
        **application.applied.codes,
        materials=given,
        fee_answers=fee_conditions.posted_answers(application.applied.fee_questions, request.POST),
        commitment_signed=bool(data["commitment_signed"]) and not refusing,
        finish_now=finish_now,
        payment_method=data["payment_method"] if finish_now else "",
        receipt_number=data["receipt_number"].strip() if finish_now else "",
        return_reason=data["return_reason"].strip() if refusing else "",
        return_basis=data["return_basis"].strip() if refusing else "",
        note=data["note"].strip(),
    )
    key = data["key"]
    replayed = IdempotencyKey.objects.filter(user=request.user, key=key, case__isnull=False).exists()
    return take_in(request.user, intake, applied=application.applied, idempotency_key=key), replayed


@login_required
@require_POST
def library(request):
    """Which of the checklist's certificates the electronic library holds for this ID (htmx). Posted,
    so that ID numbers stay out of addresses and access logs."""
    _receiver(request)
    application = application_for(
        item_code=request.POST.get("item", "").strip(), bundle_code=request.POST.get("bundle", "").strip()
    )
    if application is None:
        raise Http404
    lines = application.certificate_lines
    kind = request.POST.get("applicant_kind", ApplicantKind.PERSON)
    raw = request.POST.get("applicant_id_number", "").strip()
    number, invalid, held = "", False, {}
    if raw:
        try:
            number = credit_code(raw) if kind == ApplicantKind.ORGANISATION else resident_id(raw)
        except InvalidIdentity:
            invalid = True
    if number and lines:
        held = certificates_of(number)
    rows = [{"line": line, "certificate": held.get(line.certificate_type)} for line in lines]
    return render(
        request,
        "intake/_library.html",
        {"rows": rows, "checked": bool(number), "invalid": invalid, "empty": not raw},
    )


# --- the outcome and its notices ---------------------------------------------------------------------


def _outcome(case: Case) -> str:
    if case.status == Status.RETURNED:
        return "refused"
    if case.status == Status.AWAITING_SUPPLEMENT:
        return "notice"
    if case.finished_on_site:
        return "finished"
    if case.accepted_on and case.deferred:
        return "deferred"
    if case.accepted_on:
        return "accepted"
    return "submitted"


def _refusal(case: Case, events) -> dict:
    """The reason and legal basis of a refusal: on the case, or (refused at intake) on its event."""
    event = next((e for e in reversed(events) if e.action == Action.RETURN), None)
    reason = case.reason or (event.note if event else "")
    basis = case.legal_basis or ((event.details or {}).get("basis", "") if event else "")
    return {"reason": reason, "basis": basis}


def _case_context(actor: Actor, case: Case) -> dict:
    detail = case_detail(case)
    for material in detail["materials"]:
        material.requirement_label = MaterialRequirement(material.requirement).label
    shown = applicant_shown(actor, case, detail["tasks"])
    whole = shown["whole"]
    notice = [m for m in detail["materials"] if m.in_notice]
    deferred = [
        m
        for m in detail["materials"]
        if m.provision == Provision.MISSING and m.requirement == MaterialRequirement.DEFERRABLE
    ]
    return {
        "case": case,
        **detail,
        "outcome": _outcome(case),
        "whole": whole,
        # the query code goes on the receipt: for the applicant, and for the agent who carries the case
        "show_code": whole or case.agent_id == actor.user.pk,
        "id_number": shown["id_number"],
        "phone": shown["phone"],
        "notice_materials": notice,
        "deferred_materials": deferred,
        "refusal": _refusal(case, detail["events"]),
        "notices": _notices_of(actor, case, detail),
        "unpaid": [f for f in detail["fees"] if f.state == FeeState.UNPAID],
    }


# The notices handed over at the window when an application comes in (a denial comes later, on the case
# page), in the order the receipt lists them.
INTAKE_NOTICES = ("receipt", "supplement", "return")


def _notices_of(actor: Actor, case: Case, detail: dict) -> list[dict]:
    """The intake's notices that apply (受理通知书, 补正材料通知书, 不予受理决定书), as the case documents
    registry answers for the case page; the shared print page prints them (`cases:print`)."""
    offered = {d.code for d in registry.offered("case", actor, CaseAtHand(case, detail))}
    return [
        {"kind": kind, "url": reverse("cases:print", args=[case.number, kind])}
        for kind in INTAKE_NOTICES
        if kind in offered
    ]


@login_required
@require_GET
def result(request, number: str):
    """The receipt of one intake: its number and query code, the outcome, and its notices to print."""
    actor = _receiver(request)
    case = case_for(actor, number)
    context = _case_context(actor, case)
    context["detail_url"] = _detail_url(case)
    return render(request, "intake/result.html", context)


def _detail_url(case: Case) -> str:
    """The staff case page, once the case pages provide it."""
    try:
        return reverse("cases:detail", args=[case.number])
    except NoReverseMatch:
        return ""
