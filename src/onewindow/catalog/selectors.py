"""Reading the catalog: search for the public and the API, an item's full guide, bundles."""

import re
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from .choices import MaterialForm, MaterialRequirement, VersionStatus
from .models import Bundle, BundleItem, ItemMaterial, ItemVersion, SearchSynonym

_LATIN = re.compile(r"^[a-z0-9]+$")
MIN_SPREAD_INITIALS = 5  # shorter spread patterns match too much (yyzz would find 运营资质…)


@dataclass(frozen=True)
class ItemFilters:
    q: str = ""
    department: int | None = None
    kind: str | None = None
    tier: str | None = None
    proxyable: str | None = None  # city, town or village
    delegated: bool | None = None
    topic: str | None = None


def live_items() -> QuerySet[ItemVersion]:
    return ItemVersion.objects.filter(status=VersionStatus.PUBLISHED)


def search(filters: ItemFilters) -> QuerySet[ItemVersion]:
    """Published items matching the filters; for words, names that match come first, then pinyin
    initials (`bdcdj`), then full pinyin, then codes."""
    qs = live_items().select_related("department")
    if filters.department:
        qs = qs.filter(department_id=filters.department)
    if filters.kind:
        qs = qs.filter(case_kind=filters.kind)
    if filters.tier:
        qs = qs.filter(tier=filters.tier)
    if filters.delegated is not None:
        qs = qs.filter(delegated_to_town=filters.delegated)
    if filters.topic:
        qs = qs.filter(topics__code=filters.topic)
    if filters.proxyable:
        # JSON lists are stored as text on SQLite and jsonb on PostgreSQL: match the quoted value in both.
        qs = qs.filter(proxyable_tiers__icontains=f'"{filters.proxyable}"')
    terms = (filters.q or "").split()
    if not terms:
        return qs.order_by("department__sort_order", "implementation_code")
    for extra in terms[1:]:  # every further word must match too: 不动产 登记
        qs = qs.filter(_term_match(extra))
    q = terms[0]
    words = q.lower()
    match = Q(name__icontains=q) | Q(implementation_code__icontains=q) | Q(basic_code__icontains=q)
    rank = [When(name__istartswith=q, then=Value(0)), When(name__icontains=q, then=Value(1))]
    if _LATIN.match(words):
        match |= Q(name_initials__contains=words) | Q(name_pinyin__contains=words)
        rank += [
            When(name_initials__startswith=words, then=Value(2)),
            When(name_initials__contains=words, then=Value(3)),
            When(name_pinyin__contains=words, then=Value(4)),
        ]
        if len(words) >= MIN_SPREAD_INITIALS:
            # People type the initials of the concept, 不动产登记 (bdcdj), for items whose names hold more
            # characters, 不动产抵押登记 (bdcdydj): the letters in order, with gaps.
            spread = ".*".join(words)
            match |= Q(name_initials__regex=spread)
            rank.append(When(name_initials__regex=spread, then=Value(5)))
    # What the catalog calls it: the certificate an item issues (营业执照), and the words an everyday
    # phrase stands for in the administrators' synonym list (房产证 -> 不动产权证书).
    match |= Q(issues_certificate__icontains=q)
    rank.append(When(issues_certificate__icontains=q, then=Value(6)))
    for word in synonyms_in(q):
        match |= Q(name__icontains=word) | Q(issues_certificate__icontains=word)
        rank += [
            When(name__icontains=word, then=Value(7)),
            When(issues_certificate__icontains=word, then=Value(8)),
        ]
    ranked = qs.filter(match).annotate(rank=Case(*rank, default=Value(9), output_field=IntegerField()))
    return ranked.order_by("rank", "name", "implementation_code").distinct()


def synonyms_in(q: str) -> list[str]:
    """The catalog words of every synonym whose everyday phrase the query holds (one small query)."""
    if not q or len(q) > 40:
        return []
    found = []
    for phrase, means in SearchSynonym.objects.values_list("phrase", "means"):
        if phrase and phrase in q:
            found += [word for word in means.split() if word not in found]
    return found


def _term_match(term: str) -> Q:
    match = Q(name__icontains=term) | Q(implementation_code__icontains=term)
    if _LATIN.match(term.lower()):
        match |= Q(name_initials__contains=term.lower()) | Q(name_pinyin__contains=term.lower())
    return match


def guide(version_qs: QuerySet[ItemVersion]) -> QuerySet[ItemVersion]:
    """Everything an item's guide shows, in a fixed number of queries."""
    return version_qs.select_related("department__body__division").prefetch_related(
        Prefetch("materials", queryset=ItemMaterial.objects.select_related("source_department")),
        "fees",
        "steps",
        "joint_departments__department",
        "topics",
    )


def live_item_by_code(code: str) -> ItemVersion | None:
    return guide(live_items().filter(implementation_code=code)).first()


def versions_of(version: ItemVersion) -> QuerySet[ItemVersion]:
    return ItemVersion.objects.filter(item_id=version.item_id).order_by("-version")


@dataclass(frozen=True)
class MergedMaterial:
    name: str
    requirement: str
    form: str
    copies: int
    source: str
    certificate_type: str
    items: list[str]
    material_id: int  # the first item's line, which a case's checklist points at

    @property
    def requirement_label(self) -> str:
        return MaterialRequirement(self.requirement).label

    @property
    def form_label(self) -> str:
        return MaterialForm(self.form).label


def bundles() -> QuerySet[Bundle]:
    return Bundle.objects.filter(is_active=True).prefetch_related("topics")


def bundle_items(bundle: Bundle) -> list[ItemVersion]:
    """The published versions of a bundle's items, in the bundle's order."""
    return bundles_with_items([bundle])[0][1]


def bundles_with_items(found: list[Bundle]) -> list[tuple[Bundle, list[ItemVersion]]]:
    """Each bundle with the published versions of its items, in a fixed number of queries."""
    links = list(BundleItem.objects.filter(bundle__in=found).order_by("bundle_id", "sort_order"))
    versions = {
        v.item_id: v for v in guide(live_items().filter(item_id__in={link.item_id for link in links}))
    }
    return [
        (
            bundle,
            [
                versions[link.item_id]
                for link in links
                if link.bundle_id == bundle.pk and link.item_id in versions
            ],
        )
        for bundle in found
    ]


def merged_materials(versions: list[ItemVersion]) -> list[MergedMaterial]:
    """One list for several items: a material several items need appears once, with the strictest
    requirement and the most copies, and the names of the items that need it."""
    strictness = {"required": 0, "deferrable": 1, "optional": 2}
    merged: dict[tuple, dict] = {}
    for version in versions:
        for material in version.materials.all():
            entry = merged.setdefault(
                "".join(material.name.split()),  # one document, whatever item asks for it
                {"material": material, "requirement": material.requirement, "copies": 0, "items": []},
            )
            if strictness[material.requirement] < strictness[entry["requirement"]]:
                entry["requirement"] = material.requirement
            entry["copies"] = max(entry["copies"], material.copies)
            entry["items"].append(version.name)
    return [
        MergedMaterial(
            name=e["material"].name,
            requirement=e["requirement"],
            form=e["material"].form,
            copies=e["copies"],
            source=e["material"].source,
            certificate_type=e["material"].certificate_type,
            items=e["items"],
            material_id=e["material"].pk,
        )
        for e in merged.values()
    ]
