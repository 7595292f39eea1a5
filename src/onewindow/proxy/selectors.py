"""Who sees which entrustments (DESIGN rule 7: scope in selectors): administrators all; supervisors and
leaders those made in their area; an agent their own; window clerks and chief representatives those of
their body (they take in beside the agents); a principal with a portal account their own, by the
keyed digest of their ID number. Everyone else none."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from onewindow.catalog.models import ItemVersion
from onewindow.org.models import Staff
from onewindow.org.permissions import Actor, bodies_in_scope
from onewindow.org.roles import AREA_WIDE_ROLES, Role
from onewindow.personal import id_digest

from .models import Appointment, Entrustment, Handover, ProxyEvent, ProxyRequest

RELATED = ("agent__staff", "body")


def visible_entrustments(actor: Actor) -> QuerySet[Entrustment]:
    rows = Entrustment.objects.select_related(*RELATED)
    if not actor.is_authenticated:
        return rows.none()
    if actor.is_admin or (actor.staff is not None and actor.has_role(*AREA_WIDE_ROLES)):
        return rows.filter(body__in=bodies_in_scope(actor))
    if actor.staff is not None:
        if actor.has_role(Role.WINDOW_CLERK, Role.CHIEF_REP):
            return rows.filter(body_id=actor.staff.body_id)
        if actor.has_role(Role.AGENT):
            return rows.filter(agent=actor.user)
        return rows.none()
    citizen = getattr(actor.user, "citizen", None)
    if citizen is None or not citizen.id_number:
        return rows.none()
    return rows.filter(principal_id_digest=id_digest(citizen.id_number))


def entrustment_by_number(actor: Actor, number: str) -> Entrustment | None:
    return visible_entrustments(actor).filter(number=number).first()


def is_principal(actor: Actor, row) -> bool:
    """The person or organisation who signed (an entrustment) or asked (a request), signed in to their
    portal account."""
    citizen = getattr(actor.user, "citizen", None) if actor.staff is None and actor.is_authenticated else None
    return bool(citizen and citizen.id_number) and id_digest(citizen.id_number) == row.principal_id_digest


def reads_whole(actor: Actor, entrustment: Entrustment) -> bool:
    """The principal's ID number and phone whole: for the agent who signed it and for the principal;
    masked for everyone else who may see it (DESIGN rule 8)."""
    return actor.user.pk == entrustment.agent_id or is_principal(actor, entrustment)


def speaks_for_principal(actor: Actor, entrustment: Entrustment) -> bool:
    """Who may record the principal's word (a revocation): the principal, the agent who signed it, or
    staff of its body who take applications in."""
    if not actor.is_authenticated:
        return False
    if actor.staff is None:
        return is_principal(actor, entrustment)
    return actor.user.pk == entrustment.agent_id or (
        actor.staff.body_id == entrustment.body_id and actor.has_role(Role.WINDOW_CLERK, Role.CHIEF_REP)
    )


def may_revoke(actor: Actor, entrustment: Entrustment) -> bool:
    return not entrustment.revoked and speaks_for_principal(actor, entrustment)


def visible_requests(actor: Actor) -> QuerySet[ProxyRequest]:
    """Proxy requests: administrators all; supervisors and leaders their area's; window clerks and chief
    representatives their body's and those routed to their department; reviewers those routed to their
    department; an agent those they received or that went to them; whoever was handed the file, or
    handed it on; the principal their own."""
    rows = ProxyRequest.objects.select_related(
        "body",
        "received_by__staff",
        "route_department",
        "route_agent__staff",
        "reassigned_department",
        "reassigned_agent__staff",
    )
    if not actor.is_authenticated:
        return rows.none()
    if actor.is_admin or (actor.staff is not None and actor.has_role(*AREA_WIDE_ROLES)):
        return rows.filter(body__in=bodies_in_scope(actor))
    if actor.staff is None:
        citizen = getattr(actor.user, "citizen", None)
        if citizen is None or not citizen.id_number:
            return rows.none()
        return rows.filter(principal_id_digest=id_digest(citizen.id_number))
    mine = Q(pk__in=[])
    department = actor.staff.department_id
    if actor.has_role(Role.WINDOW_CLERK, Role.CHIEF_REP):
        mine |= Q(body_id=actor.staff.body_id)
    if department and actor.has_role(Role.WINDOW_CLERK, Role.CHIEF_REP, Role.REVIEWER):
        mine |= Q(route_department_id=department) | Q(reassigned_department_id=department)
    if actor.has_role(Role.AGENT):
        mine |= Q(received_by=actor.user) | Q(route_agent=actor.user) | Q(reassigned_agent=actor.user)
    # whoever the file was handed to, or by (a department: its staff), follows the request
    handed = Handover.objects.filter(request=OuterRef("pk"))
    touched = Q(to_user=actor.user) | Q(from_user=actor.user)
    if department:
        touched |= Q(to_department_id=department)
    visiting = Appointment.objects.filter(request=OuterRef("pk"), agent=actor.user)
    return rows.filter(mine | Exists(handed.filter(touched)) | Exists(visiting))


def request_by_number(actor: Actor, number: str) -> ProxyRequest | None:
    return visible_requests(actor).filter(number=number).first()


def reads_request_whole(actor: Actor, request: ProxyRequest) -> bool:
    """The principal's ID number and phone whole: for the first receiver, the agent who carries it (who
    must call the principal) and the principal."""
    carrier = request.proxy_agent
    return (
        actor.user.pk == request.received_by_id
        or (carrier is not None and actor.user.pk == carrier.pk)
        or is_principal(actor, request)
    )


def with_details(rows: QuerySet[ProxyRequest]) -> QuerySet[ProxyRequest]:
    """The requests with what their full answer reads (items, cases, the timeline with its actors),
    fetched a query per relation for a whole page rather than per request."""
    return rows.prefetch_related(
        "items",
        "cases",
        Prefetch("events", queryset=ProxyEvent.objects.select_related("actor__staff").order_by("pk")),
    )


def latest_codes(item_ids) -> dict[int, str]:
    """The implementation code of each item's latest version, for many items in one query."""
    codes = {}
    for item_id, code in (
        ItemVersion.objects.filter(item_id__in=item_ids)
        .order_by("item_id", "version")
        .values_list("item_id", "implementation_code")
    ):
        codes[item_id] = code
    return codes


def latest_versions(items) -> list[ItemVersion]:
    """The latest version of each item (what it is called now), in the items' order of creation."""
    latest = {}
    for version in ItemVersion.objects.filter(item__in=items).order_by("item_id", "version"):
        latest[version.item_id] = version
    return list(latest.values())


def agents_of_area(prefix: str) -> QuerySet[Staff]:
    """The active agents (代办员) of an area (a division code prefix: a county's, a town's), in the order
    the pages list them: by place, then name."""
    return (
        Staff.objects.filter(
            body__division__code__startswith=prefix, role_assignments__role=Role.AGENT, user__is_active=True
        )
        .select_related("user", "body")
        .order_by("body__division__code", "full_name")
    )
