"""What each role's home page shows, read with a bounded number of queries."""

from django.db.models import Count, Q

from onewindow.audit.models import AuditEvent, AuditPending
from onewindow.org.models import Department, Division, ServiceBody, Staff, StaffRole, Window
from onewindow.org.permissions import Actor, bodies_in_scope
from onewindow.org.roles import Role


def hall_of(actor: Actor) -> dict:
    """The actor's own hall: its windows and stationed departments."""
    body = actor.staff.body
    return {
        "body": body,
        "windows": Window.objects.filter(body=body, is_active=True).select_related("department"),
        "departments": Department.objects.filter(body=body, is_active=True).select_related(
            "chief_representative"
        ),
    }


def colleagues_in_department(actor: Actor):
    staff = actor.staff
    if not staff.department_id:
        return Staff.objects.none()
    return (
        Staff.objects.filter(department_id=staff.department_id)
        .select_related("window")
        .prefetch_related("role_assignments")
        .order_by("full_name")
    )


def bodies_overview(actor: Actor):
    """Every body in the actor's area with the size of its hall, for leaders and supervisors."""
    return (
        bodies_in_scope(actor)
        .select_related("division")
        .annotate(
            department_count=Count("departments", filter=Q(departments__is_active=True), distinct=True),
            window_count=Count("windows", filter=Q(windows__is_active=True), distinct=True),
            staff_count=Count("staff", distinct=True),
        )
        .order_by("division__code", "id")
    )


def related_bodies(actor: Actor):
    """The body above an agent's and the stations below it."""
    body = actor.staff.body
    return {
        "parent": body.parent,
        "children": ServiceBody.objects.filter(parent=body)
        .select_related("division")
        .order_by("division__code"),
    }


def system_counts() -> dict:
    return {
        "divisions": Division.objects.count(),
        "bodies": ServiceBody.objects.count(),
        "departments": Department.objects.count(),
        "windows": Window.objects.count(),
        "staff": Staff.objects.count(),
        "audit_events": AuditEvent.objects.count(),
        "audit_pending": AuditPending.objects.count(),
        "roles": _role_counts(),
    }


def _role_counts() -> list[tuple[str, int]]:
    held = dict(StaffRole.objects.values_list("role").annotate(n=Count("id")))
    return [(role.label, held.get(role.value, 0)) for role in Role]


def public_bodies():
    return (
        ServiceBody.objects.filter(is_active=True).select_related("division").order_by("division__code", "id")
    )
