"""What the generated cases are made of: the county's live items and bundles, and the people who handle
them, read once into plain Python before any row is built.

The demo county and catalog are loaded when the database has no organisation yet. As the demo cases do,
the generator then gives every department of the center a chief representative (who also reviews), and
each town center of the demo county a window clerk, so that every item has someone to take it in and
someone to decide it.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from onewindow.accounts.models import Citizen
from onewindow.catalog import selectors as catalog
from onewindow.catalog.choices import CaseKind, MaterialRequirement, MaterialSource, OnlineDepth
from onewindow.catalog.models import Bundle
from onewindow.demo import cases as demo_cases
from onewindow.demo import catalog as demo_catalog
from onewindow.demo import county as org_demo
from onewindow.demo.cases.people import DEFAULT_INDUSTRY, INDUSTRIES
from onewindow.demo.cases.texts import (
    AGE_RANGES,
    DENIAL_HOUSEHOLD,
    DENIAL_PREMISES,
    DENIALS,
    LICENCE_RETURNS,
    LICENSING_ACT,
    RETURN_ANY,
    RETURN_PREMISES,
)
from onewindow.org import services as org_services
from onewindow.org.models import Division, ServiceBody, Staff, Tier
from onewindow.org.roles import Role

MAX_LINES = 3  # checklist lines written per case
COOPERATIVE_LINES = frozenset({"种业", "畜牧养殖", "农资"})
# A window clerk for each town center of the demo county: (username, name, phone).
TOWN_CLERKS = {
    "青云街道便民服务中心": ("clerk_qingyun", "陶静", "13805380031"),
    "东都镇便民服务中心": ("clerk_dongdu", "孔祥瑞", "13805380032"),
}


class NothingToGenerate(RuntimeError):
    """The catalog has no live item that someone in the county can take in and decide."""


@dataclass(frozen=True)
class Line:
    """One checklist line a generated case carries."""

    material_id: int
    name: str
    requirement: str
    source: str
    sort_order: int


@dataclass(frozen=True)
class TaskSpec:
    """One department's part of a joint case, as an acceptance opens it (`cases.applied.AppliedFor.tasks`)."""

    department_id: int
    department: str
    title: str
    version_id: int
    is_lead: bool
    limit: int


@dataclass(frozen=True)
class Offer:
    """A live item or a bundle, with what the cases of it need to know."""

    code: str
    title: str
    kind: str  # CaseKind; "joint" for a bundle
    group: str  # immediate, promised, joint, bundle, report_up
    bundle_id: int | None
    item_id: int
    version_id: int
    department_id: int
    department: str
    body_id: int  # where an online application lands
    limit: int
    extension: int  # most days an extension may add (0: none)
    special: tuple[str, ...]
    report_authority: str
    online: bool
    tiers: frozenset[str]
    at_towns: bool  # delegated to towns or proxied there: a town center takes it in
    restarts: bool
    yellow: int | None
    for_firms: bool
    industry: str
    ages: tuple[int, int]
    lines: tuple[Line, ...]
    notice_line: int  # index into lines of the material a one-time notice asks for, or -1
    deferrable_line: int  # index into lines of a deferrable material, or -1
    tasks: tuple[TaskSpec, ...]
    returns: tuple[tuple[str, str], ...]  # (reason, basis) a window may give for not accepting
    denials: tuple[tuple[str, str], ...]  # (reason, basis) of a refusal


@dataclass
class People:
    """Users who act, by index: their ids and the labels the timeline shows."""

    user_ids: list[int | None] = field(default_factory=lambda: [None])  # index 0: nobody
    labels: list[str] = field(default_factory=lambda: [""])
    _index: dict = field(default_factory=dict)

    def add(self, user_id: int, label: str) -> int:
        if user_id not in self._index:
            self._index[user_id] = len(self.user_ids)
            self.user_ids.append(user_id)
            self.labels.append(label[:100])
        return self._index[user_id]


@dataclass
class World:
    offers: list[Offer]
    people: People
    center_id: int
    area_of_body: dict[int, str]
    clerks: dict[int, list[int]]  # body id -> person indices of its window clerks
    window_of: dict[int, int | None]  # person index -> window id
    body_of: dict[int, int]  # person index -> body id
    handlers: dict[int, list[int]]  # department id -> reviewers and chief representatives
    chiefs: dict[int, int]  # department id -> chief representative
    agents: dict[str, list[int]]  # tier -> agents
    citizens: dict[str, list[tuple[int, dict]]]  # applicant kind -> (person index, applicant fields)

    @property
    def town_centers(self) -> list[int]:
        return sorted(body for body in self.clerks if body != self.center_id)


def prepare() -> None:
    """Load the demo county and catalog into a database without organisation data, and staff every
    department and demo town center (idempotent; call inside the load's transaction)."""
    if not Division.objects.exists():
        org_demo.load_demo()
        demo_catalog.load_demo_catalog()
    center = ServiceBody.objects.filter(tier=Tier.CITY, is_active=True).order_by("pk").first()
    if center is None:
        raise NothingToGenerate("no county service center")
    demo_cases._chief_representatives(center)
    _town_clerks()


def _town_clerks() -> None:
    password = None
    for body in ServiceBody.objects.filter(name__in=TOWN_CLERKS, tier=Tier.TOWN).order_by("pk"):
        if Staff.objects.filter(body=body, role_assignments__role=Role.WINDOW_CLERK).exists():
            continue
        username, full_name, phone = TOWN_CLERKS[body.name]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            password = password or make_password(org_demo.DEMO_PASSWORD)
            user = get_user_model().objects.create(username=username, password=password)
        staff, _made = Staff.objects.update_or_create(
            user=user, defaults={"full_name": full_name, "phone": phone, "body": body}
        )
        org_services.set_roles(actor=None, staff=staff, roles=(Role.WINDOW_CLERK,))


def load() -> World:
    """The county as the generator sees it (a fixed order, so a seed gives the same cases)."""
    people = People()
    staff = list(
        Staff.objects.select_related("user", "body__division", "department")
        .prefetch_related("role_assignments")
        .filter(user__is_active=True, body__is_active=True)
        .order_by("user__username")
    )
    center = ServiceBody.objects.filter(tier=Tier.CITY, is_active=True).order_by("pk").first()
    clerks, handlers, agents = defaultdict(list), defaultdict(list), defaultdict(list)
    window_of, body_of, chiefs, area_of_body = {}, {}, {}, {}
    for member in staff:
        roles = member.roles
        index = people.add(member.user_id, member.full_name)
        window_of[index], body_of[index] = member.window_id, member.body_id
        area_of_body[member.body_id] = member.body.division.code[:6]
        if Role.WINDOW_CLERK in roles and member.body.tier in (Tier.CITY, Tier.TOWN):
            clerks[member.body_id].append(index)
        if member.department_id and roles & {Role.REVIEWER, Role.CHIEF_REP}:
            handlers[member.department_id].append(index)
        if (
            Role.CHIEF_REP in roles
            and member.department
            and member.department.chief_representative_id == member.pk
        ):
            chiefs[member.department_id] = index
        if Role.AGENT in roles:
            agents[member.body.tier].append(index)
    if center is None or not clerks.get(center.pk):
        raise NothingToGenerate("the county service center has no window clerk")
    area_of_body.setdefault(center.pk, center.division.code[:6])
    offers = _offers(handlers, chiefs, towns=any(body != center.pk for body in clerks))
    if not offers:
        raise NothingToGenerate("no live item has a department with reviewers")
    return World(
        offers=offers,
        people=people,
        center_id=center.pk,
        area_of_body=area_of_body,
        clerks=dict(clerks),
        window_of=window_of,
        body_of=body_of,
        handlers=dict(handlers),
        chiefs=chiefs,
        agents=dict(agents),
        citizens=_citizens(people),
    )


def _citizens(people: People) -> dict:
    """Public accounts (not staff) that apply online, by applicant kind."""
    found = {"person": [], "organisation": []}
    for citizen in (
        Citizen.objects.select_related("user")
        .filter(user__is_active=True, user__staff__isnull=True)
        .order_by("user__username")
    ):
        index = people.add(citizen.user_id, citizen.user.get_username())
        found[citizen.kind].append(
            (
                index,
                {
                    "kind": citizen.kind,
                    "name": citizen.name,
                    "id_number": citizen.id_number,
                    "phone": citizen.phone,
                    "legal_representative": citizen.legal_representative,
                    "contact_name": citizen.contact_name,
                },
            )
        )
    return found


def _offers(handlers: dict, chiefs: dict, *, towns: bool) -> list[Offer]:
    versions = list(
        catalog.guide(catalog.live_items().select_related("department__body")).order_by("implementation_code")
    )
    offers = [_item(v) for v in versions]
    for bundle, items in catalog.bundles_with_items(
        list(Bundle.objects.filter(is_active=True).order_by("code"))
    ):
        if len(items) > 1:
            offers.append(_bundle(bundle, items))

    def handled(offer: Offer) -> bool:
        departments = {offer.department_id, *(task.department_id for task in offer.tasks)}
        return all(handlers.get(d) for d in departments)

    kept = []
    for offer in filter(handled, offers):
        if offer.extension and offer.department_id not in chiefs:
            offer = replace(offer, extension=0)  # an extension needs the chief representative
        if not towns:
            offer = replace(offer, at_towns=False)
        kept.append(offer)
    return kept


def _for_firms(version, materials) -> bool:
    """Whether firms apply for it (as the demo decides): a licence holder's item, or an enterprise topic."""
    audiences = {t.audience for t in version.topics.all()}
    return not version.name.startswith(("企业设立", "企业开办", "个体工商户", "创业担保")) and (
        any(m.certificate_type == "营业执照" for m in materials) or audiences == {"enterprise"}
    )


def _chosen_lines(checklist: list[tuple]) -> tuple[tuple[Line, ...], int, int]:
    """Up to MAX_LINES lines of a checklist [(material, requirement)]: a deferrable one and the last
    required one the applicant brings (what a one-time notice asks for) first, then the list's head."""
    numbered = [(order, material, requirement) for order, (material, requirement) in enumerate(checklist, 1)]
    deferrable = [
        row
        for row in numbered
        if row[2] == MaterialRequirement.DEFERRABLE and row[1].source != MaterialSource.DEPARTMENT
    ]
    required = [
        row
        for row in numbered
        if row[2] == MaterialRequirement.REQUIRED and row[1].source == MaterialSource.APPLICANT
    ]
    chosen = {}
    for row in (deferrable[:1] + required[-1:] + numbered)[: MAX_LINES + 2]:
        if len(chosen) < MAX_LINES:
            chosen.setdefault(row[0], row)
    rows = [chosen[order] for order in sorted(chosen)]
    lines = tuple(Line(m.pk, m.name, requirement, m.source, order) for order, m, requirement in rows)
    notice = next((i for i, row in enumerate(rows) if required and row[0] == required[-1][0]), -1)
    deferred = next((i for i, row in enumerate(rows) if deferrable and row[0] == deferrable[0][0]), -1)
    return lines, notice, deferred


def _industry(name: str) -> str:
    return next((what for word, what in INDUSTRIES if word in name), DEFAULT_INDUSTRY)


def _texts(version, department: str, for_firms: bool) -> tuple[tuple, tuple]:
    """The reasons a window returns and a department refuses this item (as demo.texts chooses them)."""
    licence = version.item_type == "01"
    power = version.power_source
    returns = [(RETURN_ANY, power)]
    if licence:
        returns += [(reason, LICENSING_ACT + article) for reason, article in LICENCE_RETURNS]
    if for_firms:
        returns.append((RETURN_PREMISES, power))
    denials = list(DENIALS)
    if for_firms and set(version.special_procedures or ()) & {"inspection", "testing"}:
        denials.append(DENIAL_PREMISES)
    if department == "民政局":
        denials = [DENIAL_HOUSEHOLD]
    basis = power + (f"；{LICENSING_ACT}第三十八条第二款" if licence else "")
    return tuple(returns), tuple((reason, basis) for reason in denials)


def _item(v) -> Offer:
    materials = sorted(v.materials.all(), key=lambda m: (m.sort_order, m.pk))
    lines, notice, deferred = _chosen_lines([(m, m.requirement) for m in materials])
    tasks = ()
    if v.case_kind == CaseKind.JOINT:
        tasks = tuple(
            TaskSpec(
                j.department_id,
                j.department.name,
                v.name,
                v.pk,
                j.is_lead,
                j.limit_days or v.promised_limit_days,
            )
            for j in v.joint_departments.all()
        )
    for_firms = _for_firms(v, materials)
    returns, denials = _texts(v, v.department.name, for_firms)
    tiers = frozenset(v.proxyable_tiers or ())
    return Offer(
        code=v.implementation_code,
        title=v.name,
        kind=v.case_kind,
        group=v.case_kind,
        bundle_id=None,
        item_id=v.item_id,
        version_id=v.pk,
        department_id=v.department_id,
        department=v.department.name,
        body_id=v.department.body_id,
        limit=0 if v.case_kind == CaseKind.IMMEDIATE else v.promised_limit_days,
        extension=(v.extension_max_days or 0) if v.extension_allowed else 0,
        special=tuple(v.special_procedures or ()),
        report_authority=v.report_up_authority if v.case_kind == CaseKind.REPORT_UP else "",
        online=v.online_depth >= OnlineDepth.ACCEPTANCE,
        tiers=tiers,
        at_towns=v.delegated_to_town or "town" in tiers,
        restarts=v.supplement_rule == "restart",
        yellow=v.yellow_threshold_days,
        for_firms=for_firms,
        industry=_industry(v.name),
        ages=AGE_RANGES.get(v.name, (20, 65)),
        lines=lines,
        notice_line=notice,
        deferrable_line=deferred,
        tasks=tasks,
        returns=returns,
        denials=denials,
    )


def _bundle(bundle: Bundle, items) -> Offer:
    """A bundle as `services.take_in` handles it: the lead item's settings, the longest limit, the merged
    checklist, one task per department (its longest limit, its items' names)."""
    lead = items[0]
    merged = catalog.merged_materials(items)
    materials = {m.pk: m for v in items for m in v.materials.all()}
    lines, notice, deferred = _chosen_lines([(materials[m.material_id], m.requirement) for m in merged])
    by_department: dict[int, dict] = {}
    for version in items:
        task = by_department.get(version.department_id)
        if task is None:
            by_department[version.department_id] = {
                "department_id": version.department_id,
                "department": version.department.name,
                "title": version.name,
                "version_id": version.pk,
                "is_lead": not by_department,
                "limit": version.promised_limit_days,
            }
        else:
            task["title"] = f"{task['title']}、{version.name}"[:200]
            task["limit"] = max(task["limit"], version.promised_limit_days)
    returns, denials = _texts(lead, lead.department.name, False)
    tiers = frozenset.intersection(*(frozenset(v.proxyable_tiers or ()) for v in items))
    return Offer(
        code=bundle.code,
        title=bundle.name,
        kind=CaseKind.JOINT,
        group="bundle",
        bundle_id=bundle.pk,
        item_id=lead.item_id,
        version_id=lead.pk,
        department_id=lead.department_id,
        department=lead.department.name,
        body_id=lead.department.body_id,
        limit=max(v.promised_limit_days for v in items),
        extension=(lead.extension_max_days or 0) if lead.extension_allowed else 0,
        special=tuple(lead.special_procedures or ()),
        report_authority="",
        online=all(v.online_depth >= OnlineDepth.ACCEPTANCE for v in items),
        tiers=tiers,
        at_towns=all(v.delegated_to_town or "town" in (v.proxyable_tiers or ()) for v in items),
        restarts=lead.supplement_rule == "restart",
        yellow=lead.yellow_threshold_days,
        for_firms=False,
        industry=DEFAULT_INDUSTRY,
        ages=AGE_RANGES.get(bundle.name, (20, 65)),
        lines=lines,
        notice_line=notice,
        deferrable_line=deferred,
        tasks=tuple(TaskSpec(**task) for task in by_department.values()),
        returns=returns,
        denials=denials,
    )
