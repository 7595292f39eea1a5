"""The primitives every service step shares: the timeline event, the reason check, the version claim, the
visit count, and who hears of new work (in-app notices, applicant messages)."""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _

from onewindow.errors import Conflict, Invalid
from onewindow.notices import services as notices
from onewindow.org.permissions import Actor
from onewindow.org.roles import Role

from .. import queries
from ..models import Case, CaseEvent
from .inputs import ActionInput


def _stale(data: ActionInput) -> Conflict:
    return Conflict(_("办件已被他人更新，请刷新后重试。"), code="conflict", details={"version": data.version})


def _claim_version(case: Case, data: ActionInput) -> None:
    """Claim the version the actor saw: one UPDATE that bumps it, or 409 when someone got there first."""
    claimed = Case.objects.filter(pk=case.pk, version=data.version).update(version=F("version") + 1)
    if not claimed:
        raise _stale(data)


def _event(case, actor: Actor, action, from_status, to_status, day, **event) -> CaseEvent:
    """Write one timeline event (see `_event_row`)."""
    row = _event_row(case, actor, action, from_status, to_status, day, **event)
    row.save(force_insert=True)
    return row


def _event_row(
    case,
    actor: Actor,
    action,
    from_status,
    to_status,
    day,
    *,
    clock="",
    task=None,
    note="",
    basis="",
    pause_kind="",
    days=0,
    details=None,
) -> CaseEvent:
    """One timeline event, not yet written: an intake writes its events together with the new case."""
    user = actor.user if actor.is_authenticated else None
    label = (
        actor.staff.full_name
        if actor.staff
        else (getattr(user, "get_username", lambda: "")() if user else "")
    )
    return CaseEvent(
        case=case,
        task=task,
        day=day,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=user,
        actor_label=label[:100],
        clock=clock,
        pause_kind=pause_kind,
        days=days,
        note=note,
        details={**(details or {}), **({"basis": basis} if basis else {})},
    )


def _require_reason(reason: str, basis: str = "", *, need_basis: bool = False) -> None:
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("请填写理由。")
    if need_basis and not (basis or "").strip():
        errors["basis"] = _("请填写法律依据。")
    if errors:
        raise Invalid(_("理由和依据不能为空。"), code="reason_required", details=errors)


def _reviewers_of(departments) -> tuple[str, list]:
    """The users who hear of new work in these departments: their reviewers and chief representatives."""
    return queries.staff_users([Role.REVIEWER, Role.CHIEF_REP], department_ids=departments)


def _notify_departments(case: Case, template: str, tasks) -> None:
    """An in-app notice to the reviewers and chief representatives who now have work on this case (its
    department and those of its joint `tasks`); `template` takes %(title)s and %(number)s."""
    departments = {case.department_id, *(task.department_id for task in tasks)}
    _notify_staff(_reviewers_of(departments), case, template)


def _notify_body_clerks(case: Case, template: str) -> None:
    _notify_staff(queries.staff_users([Role.WINDOW_CLERK], body_id=case.body_id), case, template)


def _notify_staff(users: tuple[str, list], case: Case, template: str) -> None:
    text = template % {"title": case.title, "number": case.number}
    notices.notify_users_in(users, text, link=f"/cases/{case.number}/")


def _tell_applicant(case: Case, kind: str, template: str, **values) -> None:
    """Send a message whose `template` is marked with gettext_noop (so the catalog has it). The message is
    written in this transaction (so a crash cannot lose it)."""
    notices.message_applicant(
        case, kind, lambda: _(template) % {"title": case.title, "number": case.number, **values}
    )


def _count_visit(case: Case, actor: Actor) -> None:
    """One more in-person visit, when the person at the window is the applicant (not an agent)."""
    if (
        actor.staff is not None
        and actor.has_role(Role.WINDOW_CLERK, Role.CHIEF_REP)
        and case.agent_id is None
    ):
        Case.objects.filter(pk=case.pk).update(visits=F("visits") + 1)
