"""The published catalog as a workbook in the import template: one sheet per table, a header row of
field names, then one row per record, written by the project's one Excel writer (`onewindow.sheets`).
Export writes every published version; exporting, importing and exporting again gives the same cells."""

from onewindow import sheets

from .. import services
from ..choices import VersionStatus
from ..models import Bundle, ItemVersion, Topic
from .columns import NO, SHEETS, TEXT_FORMAT_KINDS, YES, Column

FILE_NAME = "onewindow-catalog.xlsx"


def _item_row(version: ItemVersion) -> list:
    values = {f: getattr(version, f) for f in services.SCALAR_FIELDS}
    values["department"] = version.department.name
    values["topics"] = sorted(t.code for t in version.topics.all())
    return [values[c.name] for c in SHEETS["items"]]


def export_rows() -> dict[str, list[list]]:
    """Every sheet's data rows (without the header), as Python values in sheet order."""
    versions = list(
        ItemVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("department")
        .prefetch_related(
            "materials__source_department", "fees", "steps", "joint_departments__department", "topics"
        )
        .order_by("implementation_code")
    )
    rows: dict[str, list[list]] = {name: [] for name in SHEETS}
    for v in versions:
        code = v.implementation_code
        rows["items"].append(_item_row(v))
        for m in v.materials.all():
            source_department = m.source_department.name if m.source_department else ""
            rows["materials"].append(
                [
                    code,
                    m.name,
                    m.requirement,
                    m.form,
                    m.copies,
                    m.source,
                    m.certificate_type,
                    source_department,
                    m.acceptance_standard,
                ]
            )
        for f in v.fees.all():
            rows["fees"].append([code, *(getattr(f, name) for name in services.FEE_FIELDS)])
        for s in v.steps.all():
            rows["steps"].append([code, s.name, s.share_percent])
        for j in v.joint_departments.all():
            rows["joint_departments"].append([code, j.department.name, j.is_lead, j.limit_days])
    for t in Topic.objects.order_by("sort_order", "code"):
        rows["topics"].append([t.code, t.name, t.audience, t.sort_order])
    codes = item_codes()
    for b in Bundle.objects.prefetch_related("topics", "bundle_items").order_by("code"):
        rows["bundles"].append(
            [b.code, b.name, b.description, sorted(t.code for t in b.topics.all()), b.is_active]
        )
        members = sorted(b.bundle_items.all(), key=lambda bi: (bi.sort_order, codes.get(bi.item_id, "")))
        rows["bundle_items"] += [[b.code, codes.get(bi.item_id, ""), bi.sort_order] for bi in members]
    return rows


def item_codes() -> dict[int, str]:
    """Each item's implementation code: its published version's, else its draft's, else its latest."""
    rank = {VersionStatus.PUBLISHED: 2, VersionStatus.DRAFT: 1, VersionStatus.RETIRED: 0}
    best: dict[int, tuple] = {}
    for item_id, code, status, version in ItemVersion.objects.values_list(
        "item_id", "implementation_code", "status", "version"
    ):
        key = (rank[status], version)
        if item_id not in best or key > best[item_id][0]:
            best[item_id] = (key, code)
    return {item_id: code for item_id, (_key, code) in best.items()}


def _shown(value):
    """A value in the workbook's words: 是/否 for booleans, lists comma-joined."""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, list | tuple):
        return ",".join(value)
    return value


def _sheet_column(column: Column) -> sheets.Column:
    return sheets.Column(
        column.name,
        text=column.kind in TEXT_FORMAT_KINDS,
        number_format="0.00" if column.kind == "decimal" else None,
        choices=column.choices,
    )


def export_catalog():
    """The published catalog as an openpyxl workbook in the import template."""
    return sheets.workbook(
        sheets.Sheet(
            name, [_sheet_column(c) for c in SHEETS[name]], [[_shown(v) for v in row] for row in rows]
        )
        for name, rows in export_rows().items()
    )


def export_bytes() -> bytes:
    return sheets.to_bytes(export_catalog())
