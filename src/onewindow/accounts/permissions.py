"""Who may see and do what: one set of helpers that views, the API and services all use.

An `Actor` is a user with their staff record and roles, loaded once per request. Scope answers
"which service bodies' and departments' work may this person see": administrators see all; leaders
and supervisors see every body in their division and below; everyone else sees their own body, and
reviewers and chief representatives their own department.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import QuerySet

from onewindow.errors import Forbidden
from onewindow.org.models import ServiceBody, Staff
from onewindow.org.roles import AREA_WIDE_ROLES, HOME_PRIORITY, Role


@dataclass(frozen=True)
class Actor:
    user: object
    staff: Staff | None

    @cached_property
    def roles(self) -> frozenset[str]:
        roles = set(self.staff.roles) if self.staff else set()
        if getattr(self.user, "is_superuser", False):
            roles.add(Role.ADMIN)
        return frozenset(roles)

    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    def has_role(self, *roles) -> bool:
        return bool(self.roles & set(roles))

    @property
    def home_role(self) -> str | None:
        """The role whose home page this person lands on."""
        return next((r for r in HOME_PRIORITY if r in self.roles), None)

    def roles_in_order(self) -> list[str]:
        return [r for r in HOME_PRIORITY if r in self.roles]


def actor_of(user) -> Actor:
    """The actor for a user, cached on the user object for the rest of the request."""
    cached = getattr(user, "_onewindow_actor", None)
    if cached is not None:
        return cached
    staff = None
    if getattr(user, "is_authenticated", False):
        staff = (
            Staff.objects.select_related("body__division", "department", "window")
            .prefetch_related("role_assignments")
            .filter(user=user)
            .first()
        )
    actor = Actor(user=user, staff=staff)
    if getattr(user, "is_authenticated", False):
        user._onewindow_actor = actor
    return actor


def require_role(actor: Actor, *roles) -> None:
    """Raise Forbidden unless the actor holds one of the roles (administrators hold all)."""
    if not actor.is_authenticated or not (actor.is_admin or actor.has_role(*roles)):
        raise Forbidden()


def require_staff(actor: Actor) -> None:
    if not actor.is_authenticated or not (actor.is_admin or actor.staff):
        raise Forbidden()


def bodies_in_scope(actor: Actor) -> QuerySet[ServiceBody]:
    bodies = ServiceBody.objects.all()
    if actor.is_admin:
        return bodies
    if actor.staff is None:
        return bodies.none()
    if actor.has_role(*AREA_WIDE_ROLES):
        return bodies.filter(division__code__startswith=actor.staff.body.division.prefix)
    return bodies.filter(pk=actor.staff.body_id)
