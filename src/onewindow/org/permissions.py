"""Who may see and do what: one set of helpers that views, the API and services all use.

An `Actor` is a user with their staff record and roles, loaded once per request. Scope answers
"which service bodies' and departments' work may this person see": administrators see all; leaders
and supervisors see every body in their division and below; everyone else sees their own body, and
reviewers and chief representatives their own department.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Aggregate, CharField, OuterRef, QuerySet, Subquery

from onewindow.errors import Forbidden
from onewindow.org.models import ServiceBody, Staff, StaffRole
from onewindow.org.roles import AREA_WIDE_ROLES, HOME_PRIORITY, Role
from onewindow.prepared import Prepared


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

    @cached_property
    def body_ids_in_scope(self) -> frozenset[int]:
        """The ids of `bodies_in_scope`, read once per actor (and so once per request): a list that asks
        for each of its rows whether a row's body is in scope asks the database once."""
        return frozenset(bodies_in_scope(self).values_list("pk", flat=True))

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


class _Joined(Aggregate):
    """Text values joined with commas: string_agg on PostgreSQL, group_concat on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def roles_of(**staff) -> Subquery:
    """A subquery for the roles of one staff record (`roles_of(staff_id=OuterRef("pk"))`), as one
    comma-separated text, NULL for none: the staff record and its roles in one query."""
    held = StaffRole.objects.filter(**staff).order_by().values("staff_id").annotate(roles=_Joined("role"))
    return Subquery(held.values("roles"))


# The staff record with what scope checks and case pages read of it, and its roles, compiled once
# (onewindow.prepared): every request of a member of staff reads them.
STAFF_RELATED = ("body__division", "department", "window")
_STAFF = Prepared(
    lambda user_id: (
        Staff.objects.select_related(*STAFF_RELATED)
        .annotate(role_list=roles_of(staff_id=OuterRef("pk")))
        .filter(user_id=user_id)
        .order_by()[:1]
    ),
    int,
)


def actor_of(user) -> Actor:
    """The actor for a user, cached on the user object for the rest of the request."""
    cached = getattr(user, "_onewindow_actor", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False):
        return Actor(user=user, staff=None)
    staff = _STAFF.first(user.pk)
    return remember_actor(user, staff, staff.role_list if staff is not None else None)


def remember_actor(user, staff: Staff | None, roles: str | None) -> Actor:
    """The actor of a signed-in user, from their staff record (loaded with STAFF_RELATED, or None) and
    its roles as `roles_of` reads them; kept on the user object for the rest of the request."""
    if staff is not None:
        staff._roles = frozenset(roles.split(",")) if roles else frozenset()
    actor = Actor(user=user, staff=staff)
    user._onewindow_actor = actor
    return actor


def require_role(actor: Actor, *roles) -> None:
    """Raise Forbidden unless the actor holds one of the roles (administrators hold all)."""
    if not actor.is_authenticated or not (actor.is_admin or actor.has_role(*roles)):
        raise Forbidden()


def staff_on_page(request) -> Actor:
    """The signed-in member of staff (or administrator) on a staff page; anyone else is refused (403)."""
    actor = actor_of(request.user)
    if actor.staff is None and not actor.is_admin:
        raise PermissionDenied
    return actor


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
