"""The staff case page: the case with its clock, applicant, materials, tasks, fees and timeline; the
actions the transitions table allows this person, each a small form; material downloads; and the
buttons of the notices it prints (registered in `documents.py`, printed by the shared print page).
Scope comes from the selectors: what a person may not see answers 404, exactly like a case that does
not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onewindow.documents import registry
from onewindow.errors import Forbidden, Invalid, NotFound, ServiceError
from onewindow.files import MissingFile, download, download_name, missing_file_page
from onewindow.org.permissions import actor_of
from onewindow.personal import applicant_shown

from . import selectors, services, workflow
from .choices import Action
from .documents import CaseAtHand
from .forms import ActionForm

A = Action


def staff_actor(request):
    """The signed-in member of staff (or administrator); anyone else finds nothing here."""
    actor = actor_of(request.user)
    if actor.staff is None and not actor.is_admin:
        raise Http404
    return actor


def case_or_404(actor, number: str):
    try:
        return selectors.case_for(actor, number)
    except NotFound:
        raise Http404 from None


def _context(actor, case, *, failed: ActionForm | None = None, error: ServiceError | None = None):
    detail = selectors.case_detail(case)
    tasks = detail["tasks"]
    failed_slot = failed.slot if failed is not None else None

    def form_for(action, task=None):
        form = ActionForm(action, case, detail, task=task)
        return failed if failed is not None and form.slot == failed_slot else form

    forms = [
        form_for(a)
        for a in workflow.available_actions(actor, case, tasks=detail["tasks"], fees=detail["fees"])
    ]
    task_rows = [
        (task, [form_for(a, task) for a in workflow.available_task_actions(actor, case, task)])
        for task in tasks
    ]
    shown = applicant_shown(actor, case, tasks)
    return {
        "case": case,
        "detail": detail,
        "materials": detail["materials"],
        "fees": detail["fees"],
        "events": detail["events"],
        "task_rows": task_rows,
        "task_actions": any(task_forms for _task, task_forms in task_rows),
        "action_forms": forms,
        "failed_slot": failed_slot,
        "error": error,
        "personal": shown["whole"],
        "applicant_id": shown["id_number"],
        "applicant_phone": shown["phone"],
        "certificate": detail["certificate"],
        "prints": registry.offered("case", actor, CaseAtHand(case, detail)),
    }


@login_required
@require_GET
def detail(request, number: str):
    actor = staff_actor(request)
    case = case_or_404(actor, number)
    return render(request, "cases/detail.html", _context(actor, case))


@login_required
@require_POST
def act(request, number: str, action: str):
    """Take one action: the form's fields become an ActionInput for `services.act`."""
    actor = staff_actor(request)
    case = case_or_404(actor, number)
    if action not in Action.values or action == A.SUBMIT:
        raise Http404
    task = None
    if action in workflow.PART_ACTIONS:
        task = case.tasks.filter(pk=_int(request.POST.get("task_id"))).first()
        if task is None:
            raise Http404
    if not workflow.may_act(actor, case, action, task):
        raise Forbidden()  # before the form is read: who may not act is refused, not shown field errors
    detail_rows = selectors.case_detail(case)
    form = ActionForm(action, case, detail_rows, task=task, data=request.POST, files=request.FILES)
    if not form.is_valid():
        return _refused(request, actor, case, form, Invalid(_("提交的数据有误，请检查标红的项目。")))
    try:
        services.act(request.user, case, action, form.to_input())
    except ServiceError as error:
        form.absorb(error)
        return _refused(request, actor, case, form, error)
    label = Action(action).label
    messages.success(request, _("已完成“%(action)s”。") % {"action": label})
    return redirect("cases:detail", number=case.number)


def _refused(request, actor, case, form, error):
    """The case page again, as it now stands, with the refusal shown and the failed form open (a stale
    version gets fresh forms: the old values were typed against an older case)."""
    keep = form if error.code != "conflict" else None
    context = _context(actor, case, failed=keep, error=error)
    return render(request, "cases/detail.html", context, status=error.status)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def material_file(request, number: str, material_id: int):
    """An uploaded material, only for those who may see the case, always as an attachment."""
    actor = staff_actor(request)
    case = case_or_404(actor, number)
    material = case.materials.filter(pk=material_id).exclude(file="").first()
    if material is None:
        raise Http404
    try:
        return download(material.file, download_name(case.number, material.name, material.pk))
    except MissingFile as missing:
        return missing_file_page(request, missing)
