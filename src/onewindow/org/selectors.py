"""Queries over the organisation, already scoped to what the actor may see."""

from onewindow.org.permissions import Actor, bodies_in_scope

from .models import Department, Division, Window


def divisions(*, parent_code: str | None = None, level: str | None = None):
    """Administrative divisions are public reference data: any signed-in person may list them."""
    qs = Division.objects.select_related("parent")
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("code")


def bodies(actor: Actor, *, tier: str | None = None):
    qs = bodies_in_scope(actor).select_related("division", "parent")
    if tier:
        qs = qs.filter(tier=tier)
    return qs.order_by("division__code", "id")


def departments(actor: Actor, *, body_id: int | None = None):
    """Departments stationed at the bodies the actor can see (the roster of the hall is not secret
    to its own staff, so reviewers see the whole hall here, not only their department)."""
    qs = Department.objects.filter(body__in=bodies_in_scope(actor)).select_related(
        "chief_representative", "body"
    )
    if body_id:
        qs = qs.filter(body_id=body_id)
    return qs.order_by("body_id", "sort_order", "id")


def windows(actor: Actor, *, body_id: int | None = None, kind: str | None = None):
    qs = Window.objects.filter(body__in=bodies_in_scope(actor)).select_related("department")
    if body_id:
        qs = qs.filter(body_id=body_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("body_id", "number")
