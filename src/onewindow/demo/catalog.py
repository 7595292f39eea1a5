"""The demo catalog: the service items of 新泰市政务服务中心's departments, their topics and "one thing"
bundles, and the three-tier proxy lists that follow from the items' proxyable tiers.

The data is `data/catalog.json`: the sheets of the catalog workbook (docs/catalog-excel.md) as lists of
rows keyed by column name, a cell left out being blank. `load_demo_catalog()` hands the rows to the
catalog import (`catalog.excel.import_rows`), so the demo passes the same checks and is written the same
way as an administrator's workbook. Loading is idempotent: topics are keyed by code, bundles by code,
items by implementation code, and only what is missing is imported. An item whose implementation code
already has any version (published, draft or retired) is left alone, as are a topic or a bundle that
exists, so an administrator's later edits, drafts and withdrawals survive a reload.

The demo county (`onewindow.demo.county.load_demo`) must be loaded first: items name their departments.
"""

import json
from pathlib import Path

from django.db import transaction
from django.db.models import QuerySet

from onewindow.audit import services as audit
from onewindow.catalog import excel, selectors
from onewindow.catalog.choices import CaseKind, VersionStatus
from onewindow.catalog.models import Bundle, ItemVersion, SearchSynonym, Topic
from onewindow.catalog.synonyms import add_starter
from onewindow.org.models import Department

DATA_FILE = Path(__file__).resolve().parent / "data" / "catalog.json"
SHEETS: dict[str, list[dict]] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
TOPICS = SHEETS["topics"]
ITEMS = SHEETS["items"]
BUNDLES = SHEETS["bundles"]
TIERS = ["city", "town", "village"]
_ITEM_SHEETS = ["items", "materials", "fees", "steps", "joint_departments"]


def demo_codes() -> list[str]:
    return [row["implementation_code"] for row in ITEMS]


def _check_county() -> None:
    """Every department the rows name exists; otherwise the county has not been loaded."""
    names = {row["department"] for sheet in ("items", "joint_departments") for row in SHEETS[sheet]}
    names |= {row["source_department"] for row in SHEETS["materials"] if row.get("source_department")}
    if Department.objects.filter(name__in=names).values("name").distinct().count() < len(names):
        raise RuntimeError("先加载示范县（onewindow.demo.county.load_demo），再加载示范事项清单。")


def _missing() -> dict[str, list[dict]]:
    """The rows of what the catalog does not hold yet: topics, items and bundles by their codes."""
    topics = set(Topic.objects.filter(code__in=[r["code"] for r in TOPICS]).values_list("code", flat=True))
    items = set(
        ItemVersion.objects.filter(implementation_code__in=demo_codes()).values_list(
            "implementation_code", flat=True
        )
    )
    bundles = set(Bundle.objects.filter(code__in=[r["code"] for r in BUNDLES]).values_list("code", flat=True))
    rows = {
        sheet: [r for r in SHEETS[sheet] if r["implementation_code"] not in items] for sheet in _ITEM_SHEETS
    }
    rows["topics"] = [r for r in TOPICS if r["code"] not in topics]
    rows["bundles"] = [r for r in BUNDLES if r["code"] not in bundles]
    rows["bundle_items"] = [r for r in SHEETS["bundle_items"] if r["bundle"] not in bundles]
    return rows


@transaction.atomic
def load_demo_catalog() -> dict:
    """Import what is missing of the demo catalog; returns how much of it the catalog now holds."""
    _check_county()
    rows = _missing()
    created = 0
    if any(rows.values()):
        created = excel.import_rows(rows, actor=None)["created"]
    add_starter(SearchSynonym)  # a test database flushed after migrating has lost them
    counts = catalog_counts()
    counts["items_created"] = created
    audit.record(
        actor=None, action="demo.catalog.load", object_type="demo", object_id="catalog", after=counts
    )
    return counts


def proxy_list(tier: str) -> QuerySet[ItemVersion]:
    """The live items proxy agents of a tier (city, town, village) may carry: that tier's proxy list."""
    return selectors.search(selectors.ItemFilters(proxyable=tier))


def catalog_counts() -> dict:
    """How much of the demo catalog is live: items, departments, kinds, bundles and the proxy lists."""
    live = ItemVersion.objects.filter(status=VersionStatus.PUBLISHED, implementation_code__in=demo_codes())
    return {
        "topics": Topic.objects.filter(code__in=[r["code"] for r in TOPICS]).count(),
        "items": live.count(),
        "departments": live.values("department").distinct().count(),
        "joint": live.filter(case_kind=CaseKind.JOINT).count(),
        "report_up": live.filter(case_kind=CaseKind.REPORT_UP).count(),
        "immediate": live.filter(case_kind=CaseKind.IMMEDIATE).count(),
        "delegated_to_town": live.filter(delegated_to_town=True).count(),
        "bundles": Bundle.objects.filter(code__in=[r["code"] for r in BUNDLES]).count(),
        **{f"proxy_{tier}": proxy_list(tier).filter(pk__in=live).count() for tier in TIERS},
    }
