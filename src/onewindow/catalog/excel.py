"""The whole catalog as an Excel workbook: export, and an all-or-nothing import (docs/catalog-excel.md).

One sheet per table, a header row of field names, then one row per record. Cells hold the code values
of the choices ("01", "promised", "required"), department names, topic codes, 是/否 for booleans and
comma-joined lists. Export writes every published version; exporting, importing and exporting again
gives the same cells.

Import checks every cell of every sheet, then every item's content with `services.validate_content`,
and collects every error as {"sheet", "row", "column", "message"}: `row` is the Excel row number (the
header is row 1) and `column` is the header name (the field name), or None for a whole sheet or file.
Any error raises `Invalid(code="workbook_invalid")` and nothing is written. Otherwise one transaction
upserts the topics, publishes a new version of every new or changed item (an item whose published
content equals the row is left alone) and upserts the bundles.

Writing is done in bulk (a few queries for the whole workbook rather than some forty per item), doing
what `services.save_draft` followed by `services.publish` does: a new version numbered after the
item's last, published at once, retiring the version it replaces. One audit event records the import
and every version it published (published versions are never edited, so they keep the content). An
item that has an unpublished draft goes through those services themselves, which replace the draft.
"""

import io
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from onewindow.accounts.permissions import actor_of, require_role
from onewindow.audit import services as audit
from onewindow.errors import Conflict, Invalid
from onewindow.org.models import Department
from onewindow.org.roles import Role

from . import pinyin, services
from .choices import ProxyTier, VersionStatus
from .models import (
    SPECIAL_PROCEDURES,
    Bundle,
    BundleItem,
    Item,
    ItemFee,
    ItemJointDepartment,
    ItemMaterial,
    ItemStep,
    ItemVersion,
    Topic,
)

YES, NO = "是", "否"
TRUE_WORDS = {YES, "true", "1", "y", "yes"}
FALSE_WORDS = {NO, "false", "0", "n", "no"}
LIST_SEPARATORS = re.compile(r"[,，、;；\s]+")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_NAME = "onewindow-catalog.xlsx"


class _Bad(Exception):
    """A cell's value cannot be used; the message says why."""


# --- Cell parsers: each takes a raw cell value and returns the Python value, or raises _Bad. ---------


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[object], object]
    kind: str = "text"  # text, int, decimal, bool, list, choice: how the export formats the column
    choices: tuple = ()


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(model, name: str, *, strip: bool = False, required: bool | None = None, column: str | None = None):
    model_field = model._meta.get_field(name)
    required = not model_field.blank if required is None else required
    max_length = model_field.max_length

    def parse(value):
        text = _as_text(value)
        if strip:
            text = text.strip()
        if not text.strip():
            if required:
                raise _Bad(_("此项必填。"))
            return "" if strip or value is None else text
        if max_length and len(text) > max_length:
            raise _Bad(_("不能超过 %(n)s 个字符。") % {"n": max_length})
        return text

    return Column(column or name, parse)


def _choice(model, name: str):
    model_field = model._meta.get_field(name)
    allowed = [value for value, _label in model_field.choices]
    numeric = isinstance(allowed[0], int)
    default = model_field.default if model_field.has_default() else None

    def parse(value):
        if _blank(value):
            if default is None:
                raise _Bad(_("此项必填。"))
            return default
        if numeric:
            try:
                result = _integer_value(value)
            except _Bad:
                result = None
        else:
            result = _as_text(value).strip()
            if result not in allowed and model_field.max_length and result.isdigit():
                result = result.zfill(model_field.max_length)  # 1 typed into Excel for "01"
        if result not in allowed:
            raise _Bad(
                _("“%(value)s”不是可选的值；可选：%(allowed)s。")
                % {"value": _as_text(value), "allowed": ", ".join(map(str, allowed))}
            )
        return result

    return Column(name, parse, "choice", tuple(allowed))


def _integer_value(value) -> int:
    if isinstance(value, bool):
        raise _Bad(_("应为整数。"))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    raise _Bad(_("应为整数。"))


def _integer(model, name: str, *, column: str | None = None, maximum: int | None = None):
    model_field = model._meta.get_field(name)
    default = model_field.default if model_field.has_default() else None

    def parse(value):
        if _blank(value):
            if model_field.null:
                return None
            if default is None:
                raise _Bad(_("此项必填。"))
            return default
        number = _integer_value(value)
        low, high = connection.ops.integer_field_range(model_field.get_internal_type())
        if maximum is not None:
            high = maximum if high is None else min(high, maximum)
        if (low is not None and number < low) or (high is not None and number > high):
            raise _Bad(_("应为 %(low)s 到 %(high)s 之间的整数。") % {"low": low, "high": high})
        return number

    return Column(column or name, parse, "int")


def _boolean(model, name: str):
    default = model._meta.get_field(name).default

    def parse(value):
        if _blank(value):
            return default
        if isinstance(value, bool):
            return value
        word = _as_text(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise _Bad(_("应为“是”或“否”。"))

    return Column(name, parse, "bool", (YES, NO))


def _list(name: str, allowed=None):
    def parse(value):
        if _blank(value):
            return []
        words = [w for w in LIST_SEPARATORS.split(_as_text(value).strip()) if w]
        unique = list(dict.fromkeys(words))
        if allowed is not None and (unknown := [w for w in unique if w not in allowed]):
            raise _Bad(
                _("未知的值：%(values)s；可选：%(allowed)s。")
                % {"values": ", ".join(unknown), "allowed": ", ".join(allowed)}
            )
        return unique

    return Column(name, parse, "list")


def _decimal(model, name: str):
    model_field = model._meta.get_field(name)
    places = Decimal(1).scaleb(-model_field.decimal_places)
    limit = Decimal(10) ** (model_field.max_digits - model_field.decimal_places)

    def parse(value):
        if _blank(value):
            raise _Bad(_("此项必填。"))
        if isinstance(value, bool):
            raise _Bad(_("应为金额。"))
        try:
            amount = Decimal(value.strip() if isinstance(value, str) else str(value))
        except InvalidOperation:
            raise _Bad(_("应为金额。")) from None
        if not amount.is_finite() or amount < 0 or amount >= limit:
            raise _Bad(_("应为小于 %(limit)s 的非负金额。") % {"limit": limit})
        if amount != amount.quantize(places):
            raise _Bad(_("最多 %(n)s 位小数。") % {"n": model_field.decimal_places})
        return amount.quantize(places)

    return Column(name, parse, "decimal")


def _code_ref(name: str = "implementation_code"):
    return _text(ItemVersion, "implementation_code", strip=True, required=True, column=name)


SHEETS: dict[str, list[Column]] = {
    "items": [
        _code_ref(),
        _text(ItemVersion, "basic_code", strip=True),
        _text(ItemVersion, "name"),
        _choice(ItemVersion, "item_type"),
        _choice(ItemVersion, "tier"),
        _text(Department, "name", strip=True, column="department"),
        _integer(ItemVersion, "legal_limit_days"),
        _integer(ItemVersion, "promised_limit_days"),
        _choice(ItemVersion, "case_kind"),
        _integer(ItemVersion, "visits_required"),
        _choice(ItemVersion, "online_depth"),
        _text(ItemVersion, "conditions"),
        _text(ItemVersion, "power_source"),
        _list("special_procedures", SPECIAL_PROCEDURES),
        _choice(ItemVersion, "supplement_rule"),
        _boolean(ItemVersion, "extension_allowed"),
        _integer(ItemVersion, "extension_max_days"),
        _integer(ItemVersion, "yellow_threshold_days"),
        _text(ItemVersion, "issues_certificate"),
        _text(ItemVersion, "report_up_authority"),
        _integer(ItemVersion, "report_up_limit_days"),
        _list("proxyable_tiers", list(ProxyTier.values)),
        _boolean(ItemVersion, "delegated_to_town"),
        _list("topics"),
        _text(ItemVersion, "location"),
        _text(ItemVersion, "hours"),
        _text(ItemVersion, "phone"),
    ],
    "materials": [
        _code_ref(),
        _text(ItemMaterial, "name"),
        _choice(ItemMaterial, "requirement"),
        _choice(ItemMaterial, "form"),
        _integer(ItemMaterial, "copies"),
        _choice(ItemMaterial, "source"),
        _text(ItemMaterial, "certificate_type"),
        _text(Department, "name", strip=True, required=False, column="source_department"),
        _text(ItemMaterial, "acceptance_standard"),
    ],
    "fees": [
        _code_ref(),
        _text(ItemFee, "name"),
        _decimal(ItemFee, "amount"),
        _text(ItemFee, "basis"),
        _boolean(ItemFee, "waivable"),
    ],
    "steps": [
        _code_ref(),
        _text(ItemStep, "name"),
        _integer(ItemStep, "share_percent", maximum=100),
    ],
    "joint_departments": [
        _code_ref(),
        _text(Department, "name", strip=True, column="department"),
        _boolean(ItemJointDepartment, "is_lead"),
        _integer(ItemJointDepartment, "limit_days"),
    ],
    "topics": [
        _text(Topic, "code", strip=True),
        _text(Topic, "name"),
        _choice(Topic, "audience"),
        _integer(Topic, "sort_order"),
    ],
    "bundles": [
        _text(Bundle, "code", strip=True),
        _text(Bundle, "name"),
        _text(Bundle, "description"),
        _list("topics"),
        _boolean(Bundle, "is_active"),
    ],
    "bundle_items": [
        _text(Bundle, "code", strip=True, column="bundle"),
        _code_ref(),
        _integer(BundleItem, "sort_order"),
    ],
}
TEXT_FORMAT_KINDS = {"text", "choice", "list"}


# --- Export ---------------------------------------------------------------------------------------


def _yes_no(value: bool) -> str:
    return YES if value else NO


def _joined(values) -> str:
    return ",".join(values)


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
            rows["fees"].append([code, f.name, f.amount, f.basis, f.waivable])
        for s in v.steps.all():
            rows["steps"].append([code, s.name, s.share_percent])
        for j in v.joint_departments.all():
            rows["joint_departments"].append([code, j.department.name, j.is_lead, j.limit_days])
    for t in Topic.objects.order_by("sort_order", "code"):
        rows["topics"].append([t.code, t.name, t.audience, t.sort_order])
    codes = _codes_of_items()
    for b in Bundle.objects.prefetch_related("topics", "bundle_items").order_by("code"):
        rows["bundles"].append(
            [b.code, b.name, b.description, sorted(t.code for t in b.topics.all()), b.is_active]
        )
        members = sorted(b.bundle_items.all(), key=lambda bi: (bi.sort_order, codes.get(bi.item_id, "")))
        rows["bundle_items"] += [[b.code, codes.get(bi.item_id, ""), bi.sort_order] for bi in members]
    return rows


def _codes_of_items() -> dict[int, str]:
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


def _cell_value(value):
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, list | tuple):
        return _joined(value) or None
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return value or None
    return value


def export_catalog() -> Workbook:
    """The published catalog as a workbook in the import template."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet, data in export_rows().items():
        ws = wb.create_sheet(sheet)
        columns = SHEETS[sheet]
        ws.append([c.name for c in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r, values in enumerate(data, start=2):
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row=r, column=c, value=_cell_value(value))
                if cell.data_type == "f":  # text that starts with "=" stays text, never a formula
                    cell.data_type = "s"
                elif columns[c - 1].kind == "decimal":
                    cell.number_format = "0.00"
        for c, column in enumerate(columns, start=1):
            letter = get_column_letter(c)
            ws.column_dimensions[letter].width = max(12, min(40, len(column.name) + 4))
            if column.kind in TEXT_FORMAT_KINDS:
                ws.column_dimensions[letter].number_format = "@"
            if column.choices:
                check = DataValidation(
                    type="list", formula1='"' + ",".join(map(str, column.choices)) + '"', allow_blank=True
                )
                check.add(f"{letter}2:{letter}1048576")
                ws.add_data_validation(check)
        ws.freeze_panes = "A2"
    return wb


def export_bytes() -> bytes:
    buffer = io.BytesIO()
    export_catalog().save(buffer)
    return buffer.getvalue()


# --- Import ---------------------------------------------------------------------------------------


@dataclass
class _Row:
    sheet: str
    number: int
    values: dict
    bad_columns: set = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.bad_columns


@dataclass
class _ItemPlan:
    row: _Row
    code: str
    content: dict = field(default_factory=dict)
    materials: list[_Row] = field(default_factory=list)
    fees: list[_Row] = field(default_factory=list)
    steps: list[_Row] = field(default_factory=list)
    joints: list[_Row] = field(default_factory=list)
    relations: dict = field(default_factory=dict)  # materials, fees, steps, joint_departments
    department_id: int | None = None
    ok: bool = True
    item_id: int | None = None
    published_pk: int | None = None
    draft_pk: int | None = None
    before: dict | None = None  # the published content it replaces
    files: dict = field(default_factory=dict)  # material name -> (blank form, sample) of that version

    @property
    def rows(self) -> list[_Row]:
        return [self.row, *self.materials, *self.fees, *self.steps, *self.joints]


def _open_workbook(fileobj):
    try:
        return load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # a wrong or damaged file: openpyxl raises many kinds
        raise Invalid(
            _("文件不是有效的 Excel 工作簿（.xlsx）。"),
            code="workbook_invalid",
            details=[
                {
                    "sheet": None,
                    "row": None,
                    "column": None,
                    "message": _("文件不是有效的 Excel 工作簿（.xlsx）。"),
                }
            ],
        ) from None


class _Importer:
    def __init__(self, actor, progress):
        self.actor = actor
        self.progress = progress or (lambda done, total: None)
        self.errors: list[dict] = []
        self.error_cells: set[tuple] = set()
        self.written: list[dict] = []  # the versions published, for the audit log

    def error(self, sheet, row, column, message) -> None:
        self.errors.append({"sheet": sheet, "row": row, "column": column, "message": str(message)})
        self.error_cells.add((sheet, row, column))

    def bad(self, row: _Row, column: str, message) -> None:
        row.bad_columns.add(column)
        self.error(row.sheet, row.number, column, message)

    # Reading ---------------------------------------------------------------------------------

    def read(self, wb) -> dict[str, list[_Row]]:
        rows = {}
        for sheet, columns in SHEETS.items():
            if sheet not in wb.sheetnames:
                self.error(sheet, None, None, _("缺少工作表“%(sheet)s”。") % {"sheet": sheet})
                rows[sheet] = []
                continue
            ws = wb[sheet]
            ws.reset_dimensions()  # some writers store a wrong size; read every row there is
            rows[sheet] = self._read_sheet(sheet, columns, ws.iter_rows(values_only=True))
        return rows

    def _read_sheet(self, sheet, columns, raw_rows) -> list[_Row]:
        header = next(raw_rows, ())
        names = [_as_text(h).strip() for h in header]
        wanted = {c.name for c in columns}
        positions: dict[str, int] = {}
        header_ok = True
        for index, name in enumerate(names):
            if not name:
                continue
            if name not in wanted:
                self.error(sheet, 1, name, _("未知的列“%(name)s”。") % {"name": name})
                header_ok = False
            elif name in positions:
                self.error(sheet, 1, name, _("列“%(name)s”重复。") % {"name": name})
                header_ok = False
            else:
                positions[name] = index
        for column in columns:
            if column.name not in positions:
                self.error(sheet, 1, column.name, _("缺少列“%(name)s”。") % {"name": column.name})
                header_ok = False
        if not header_ok:
            return []
        parsed = []
        for number, raw in enumerate(raw_rows, start=2):
            if all(_blank(v) for v in raw):
                continue
            row = _Row(sheet, number, {})
            for column in columns:
                index = positions[column.name]
                value = raw[index] if index < len(raw) else None
                try:
                    row.values[column.name] = column.parse(value)
                except _Bad as exc:
                    self.bad(row, column.name, exc)
            parsed.append(row)
        return parsed

    # Checking --------------------------------------------------------------------------------

    def load_lookups(self) -> None:
        self.departments: dict[str, list[int]] = defaultdict(list)
        for pk, name in Department.objects.values_list("pk", "name"):
            self.departments[name].append(pk)
        self.db_topics = {t.code: t for t in Topic.objects.all()}
        self.live: dict[str, tuple[int, str, int]] = {}  # code -> (item, status, version pk)
        for pk, item_id, code, status in ItemVersion.objects.filter(
            status__in=[VersionStatus.PUBLISHED, VersionStatus.DRAFT]
        ).values_list("pk", "item_id", "implementation_code", "status"):
            if code not in self.live or status == VersionStatus.PUBLISHED:
                self.live[code] = (item_id, status, pk)
        self.drafts = dict(
            ItemVersion.objects.filter(status=VersionStatus.DRAFT).values_list("item_id", "pk")
        )
        self.published = dict(
            ItemVersion.objects.filter(status=VersionStatus.PUBLISHED).values_list("item_id", "pk")
        )

    def department(self, row: _Row, column: str) -> int | None:
        name = row.values.get(column)
        if not name:
            return None
        found = self.departments.get(name, [])
        if len(found) == 1:
            return found[0]
        self.bad(
            row,
            column,
            _("部门“%(name)s”不存在。") % {"name": name}
            if not found
            else _("部门名称“%(name)s”不唯一。") % {"name": name},
        )
        return None

    def check_topic_codes(self, row: _Row, column: str) -> None:
        unknown = [c for c in row.values.get(column, []) if c not in self.topic_codes]
        if unknown:
            self.bad(row, column, _("未知的主题：%(codes)s。") % {"codes": ", ".join(unknown)})

    def check_topics(self, rows: list[_Row]) -> None:
        seen: dict[str, int] = {}
        for row in rows:
            code = row.values.get("code")
            if not code:
                continue
            try:
                validate_slug(code)
            except ValidationError as exc:
                self.bad(row, "code", exc.messages[0])
            if code in seen:
                self.bad(row, "code", _("与第 %(row)s 行的代码重复。") % {"row": seen[code]})
            seen.setdefault(code, row.number)
        self.topic_codes = set(self.db_topics) | set(seen)

    def check_items(self, sheets: dict[str, list[_Row]]) -> dict[str, _ItemPlan]:
        plans: dict[str, _ItemPlan] = {}
        by_item: dict[int, int] = {}
        for row in sheets["items"]:
            code = row.values.get("implementation_code")
            if not code:
                continue
            if code in plans:
                self.bad(
                    row,
                    "implementation_code",
                    _("与第 %(row)s 行的实施编码重复。") % {"row": plans[code].row.number},
                )
                continue
            plan = plans[code] = _ItemPlan(row=row, code=code)
            plan.department_id = self.department(row, "department")
            self.check_topic_codes(row, "topics")
            if code in self.live:
                plan.item_id = self.live[code][0]
                if plan.item_id in by_item:
                    self.bad(
                        row,
                        "implementation_code",
                        _("与第 %(row)s 行是同一事项（现行版本和草稿的实施编码不同）。")
                        % {"row": by_item[plan.item_id]},
                    )
                by_item[plan.item_id] = row.number
                plan.published_pk = self.published.get(plan.item_id)
                plan.draft_pk = self.drafts.get(plan.item_id)
        for sheet, attribute in [
            ("materials", "materials"),
            ("fees", "fees"),
            ("steps", "steps"),
            ("joint_departments", "joints"),
        ]:
            for row in sheets[sheet]:
                code = row.values.get("implementation_code")
                if not code:
                    continue
                plan = plans.get(code)
                if plan is None:
                    self.bad(
                        row, "implementation_code", _("事项表中没有实施编码 %(code)s。") % {"code": code}
                    )
                    continue
                getattr(plan, attribute).append(row)
        for plan in plans.values():
            self._assemble(plan)
        return plans

    def _assemble(self, plan: _ItemPlan) -> None:
        """The item's content in the dict shape of `services.content_of`, once each of its rows is sound."""
        materials = []
        for row in plan.materials:
            source_department = self.department(row, "source_department")
            materials.append(
                {
                    **{f: row.values.get(f) for f in services.MATERIAL_FIELDS},
                    "source_department": source_department,
                }
            )
        joints = []
        for row in plan.joints:
            department = self.department(row, "department")
            legal = plan.row.values.get("legal_limit_days")
            limit = row.values.get("limit_days")
            if legal is not None and limit is not None and limit > legal:
                self.bad(row, "limit_days", _("部门时限不能超过法定时限。"))
            joints.append(
                {"department": department, "is_lead": row.values.get("is_lead"), "limit_days": limit}
            )
        joints.sort(key=lambda j: not j["is_lead"])  # stored lead first, as content_of reads them back
        plan.relations = {
            "materials": materials,
            "fees": [
                {k: r.values.get(k) for k in ("name", "amount", "basis", "waivable")} for r in plan.fees
            ],
            "steps": [{k: r.values.get(k) for k in ("name", "share_percent")} for r in plan.steps],
            "joint_departments": joints,
        }
        plan.ok = all(r.ok for r in plan.rows)
        if plan.ok:
            plan.content = {f: plan.row.values[f] for f in services.SCALAR_FIELDS}
            plan.content["department"] = plan.department_id
            plan.content.update(plan.relations)
            plan.content["topics"] = sorted(plan.row.values["topics"])

    def check_bundles(self, sheets: dict[str, list[_Row]], plans: dict[str, _ItemPlan]) -> None:
        seen: dict[str, int] = {}
        for row in sheets["bundles"]:
            code = row.values.get("code")
            if not code:
                continue
            if code in seen:
                self.bad(row, "code", _("与第 %(row)s 行的编码重复。") % {"row": seen[code]})
            seen.setdefault(code, row.number)
            self.check_topic_codes(row, "topics")
        self.item_of_code = {code: item for code, (item, _status, _pk) in self.live.items()}
        for item_id, code in _codes_of_items().items():
            self.item_of_code.setdefault(code, item_id)
        pairs: dict[tuple, int] = {}
        for row in sheets["bundle_items"]:
            bundle, code = row.values.get("bundle"), row.values.get("implementation_code")
            if bundle and bundle not in seen:
                self.bad(row, "bundle", _("一件事表中没有编码 %(code)s。") % {"code": bundle})
            if code and code not in plans and code not in self.item_of_code:
                self.bad(row, "implementation_code", _("没有实施编码为 %(code)s 的事项。") % {"code": code})
            if bundle and code:
                if (bundle, code) in pairs:
                    self.bad(
                        row, "implementation_code", _("与第 %(row)s 行重复。") % {"row": pairs[bundle, code]}
                    )
                pairs.setdefault((bundle, code), row.number)

    def classify(self, plans: dict[str, _ItemPlan]) -> tuple[list[_ItemPlan], int]:
        """The items to write, after checking their content; and how many are unchanged."""
        usable = [p for p in plans.values() if p.ok]
        published = {
            v.pk: v
            for v in ItemVersion.objects.filter(
                pk__in=[p.published_pk for p in usable if p.published_pk]
            ).prefetch_related("materials", "fees", "steps", "joint_departments", "topics")
        }
        total, step = len(plans), max(1, len(plans) // 50)
        to_write, unchanged = [], 0
        for done, plan in enumerate(plans.values(), start=1):
            if not plan.ok:
                self._validate(plan)  # for its other errors, if any
            else:
                if plan.published_pk:
                    old = published[plan.published_pk]
                    plan.before = services.without_files(services.content_of(old))
                    plan.files = {
                        m.name: (m.blank_form.name, m.sample.name)
                        for m in old.materials.all()
                        if m.blank_form or m.sample
                    }
                if plan.before == plan.content:
                    unchanged += 1
                else:
                    self._validate(plan)
                    to_write.append(plan)
            if done % step == 0:
                self.progress(done, total)
        return to_write, unchanged

    def _validate(self, plan: _ItemPlan) -> None:
        """`services.validate_content` on the item. When some of its cells are bad, on what is sound:
        a relation with a bad row is left out, and while an item cell is bad only the checks that do
        not depend on the item's cells count; no second error is reported for a cell already wrong."""
        row = plan.row
        item_cells_ok = not (row.bad_columns - {"topics", "implementation_code"})
        values = {f: row.values.get(f) for f in services.SCALAR_FIELDS}
        version = ItemVersion(item_id=plan.item_id, department_id=plan.department_id, **values)
        usable = services.CHILD_RELATIONS if item_cells_ok else ["materials", "steps"]
        rows_of = {"materials": plan.materials, "fees": plan.fees, "steps": plan.steps}
        rows_of["joint_departments"] = plan.joints
        data = {
            **values,
            "department": plan.department_id,
            **{
                relation: plan.relations[relation]
                for relation in usable
                if all(r.ok for r in rows_of[relation])
            },
        }  # no topics: they are checked against the workbook's topics, not only the stored ones
        for key, messages in services.validate_content(version, data).items():
            relation = re.sub(r"\[.*", "", key)
            if relation in services.CHILD_RELATIONS and relation not in data:
                continue
            if not item_cells_ok and relation not in usable:
                continue
            place = self._place(plan, key)
            if place in self.error_cells:
                continue
            for message in messages:
                self.error(*place, message)

    def _place(self, plan: _ItemPlan, key: str) -> tuple:
        """Which sheet, row and column a `validate_content` error key points at."""
        item_columns = {c.name for c in SHEETS["items"]}
        if match := re.fullmatch(r"materials\[(\d+)\]\.(\w+)", key):
            index, name = int(match[1]) - 1, match[2]
            if index < len(plan.materials):
                columns = {c.name for c in SHEETS["materials"]}
                return "materials", plan.materials[index].number, name if name in columns else "name"
        if key == "steps" and plan.steps:
            return "steps", plan.steps[0].number, "share_percent"
        if key == "joint_departments":
            if plan.joints:
                return "joint_departments", plan.joints[0].number, "is_lead"
            return "items", plan.row.number, "case_kind"
        return "items", plan.row.number, key if key in item_columns else "implementation_code"

    # Writing ---------------------------------------------------------------------------------

    def write_topics(self, rows: list[_Row]) -> dict[str, int]:
        new, changed = [], []
        for row in rows:
            values = row.values
            topic = self.db_topics.get(values["code"])
            if topic is None:
                new.append(Topic(**values))
                continue
            if (topic.name, topic.audience, topic.sort_order) != (
                values["name"],
                values["audience"],
                values["sort_order"],
            ):
                topic.name, topic.audience, topic.sort_order = (
                    values["name"],
                    values["audience"],
                    values["sort_order"],
                )
                changed.append(topic)
        Topic.objects.bulk_create(new)
        Topic.objects.bulk_update(changed, ["name", "audience", "sort_order"])
        return dict(Topic.objects.values_list("code", "pk"))

    def write_items(self, plans: list[_ItemPlan], topic_ids: dict[str, int]) -> None:
        slow = [p for p in plans if p.draft_pk]
        fast = [p for p in plans if not p.draft_pk]
        items = Item.objects.in_bulk([p.item_id for p in slow])
        for plan in slow:  # replace the pending draft, as an administrator editing it would
            draft = services.save_draft(actor=self.actor, data=plan.content, item=items[plan.item_id])
            services.publish(actor=self.actor, version=draft)
            self.written.append(
                {
                    "code": plan.code,
                    "version_id": draft.pk,
                    "version": draft.version,
                    "retired_id": plan.published_pk,
                }
            )
        now = timezone.now()
        user = self.actor if getattr(self.actor, "is_authenticated", False) else None
        new = [p for p in fast if p.item_id is None]
        for plan, item in zip(
            new, Item.objects.bulk_create([Item(created_at=now) for _plan in new]), strict=True
        ):
            plan.item_id = item.pk
        last = dict(
            ItemVersion.objects.filter(item_id__in=[p.item_id for p in fast if p.published_pk])
            .values("item_id")
            .annotate(last=Max("version"))
            .values_list("item_id", "last")
        )
        retired = [p.published_pk for p in fast if p.published_pk]
        ItemVersion.objects.filter(pk__in=retired).update(status=VersionStatus.RETIRED, retired_at=now)
        versions = []
        for plan in fast:
            content = plan.content
            versions.append(
                ItemVersion(
                    item_id=plan.item_id,
                    version=last.get(plan.item_id, 0) + 1,
                    status=VersionStatus.PUBLISHED,
                    published_at=now,
                    created_by=user,
                    department_id=content["department"],
                    name_initials=pinyin.initials(content["name"]),
                    name_pinyin=pinyin.full_pinyin(content["name"]),
                    **{f: content[f] for f in services.SCALAR_FIELDS},
                )
            )
        ItemVersion.objects.bulk_create(versions, batch_size=500)
        materials, fees, steps, joints, topics = [], [], [], [], []
        through = ItemVersion.topics.through
        for plan, version in zip(fast, versions, strict=True):
            content = plan.content
            for i, m in enumerate(content["materials"], start=1):
                blank_form, sample = plan.files.get(m["name"], ("", ""))  # the workbook holds no files
                materials.append(
                    ItemMaterial(
                        version=version,
                        sort_order=i,
                        source_department_id=m["source_department"],
                        blank_form=blank_form,
                        sample=sample,
                        **{f: m[f] for f in services.MATERIAL_FIELDS},
                    )
                )
            fees += [
                ItemFee(version=version, sort_order=i, **f) for i, f in enumerate(content["fees"], start=1)
            ]
            steps += [
                ItemStep(version=version, sort_order=i, **s) for i, s in enumerate(content["steps"], start=1)
            ]
            joints += [
                ItemJointDepartment(
                    version=version,
                    department_id=j["department"],
                    is_lead=j["is_lead"],
                    limit_days=j["limit_days"],
                )
                for j in content["joint_departments"]
            ]
            topics += [through(itemversion_id=version.pk, topic_id=topic_ids[c]) for c in content["topics"]]
        for model, objects in [
            (ItemMaterial, materials),
            (ItemFee, fees),
            (ItemStep, steps),
            (ItemJointDepartment, joints),
            (through, topics),
        ]:
            model.objects.bulk_create(objects, batch_size=1000)
        self.written += [
            {"code": p.code, "version_id": v.pk, "version": v.version, "retired_id": p.published_pk}
            for p, v in zip(fast, versions, strict=True)
        ]

    def write_bundles(self, sheets, plans: dict[str, _ItemPlan], topic_ids: dict[str, int]) -> int:
        rows = sheets["bundles"]
        existing = {b.code: b for b in Bundle.objects.filter(code__in=[r.values["code"] for r in rows])}
        new, changed = [], []
        for row in rows:
            values = row.values
            bundle = existing.get(values["code"])
            if bundle is None:
                bundle = existing[values["code"]] = Bundle(code=values["code"])
                new.append(bundle)
            elif (bundle.name, bundle.description, bundle.is_active) != (
                values["name"],
                values["description"],
                values["is_active"],
            ):
                changed.append(bundle)
            bundle.name, bundle.description, bundle.is_active = (
                values["name"],
                values["description"],
                values["is_active"],
            )
        Bundle.objects.bulk_create(new)
        Bundle.objects.bulk_update(changed, ["name", "description", "is_active"])
        ids = [b.pk for b in existing.values()]
        through = Bundle.topics.through
        through.objects.filter(bundle_id__in=ids).delete()
        through.objects.bulk_create(
            through(bundle_id=existing[r.values["code"]].pk, topic_id=topic_ids[c])
            for r in rows
            for c in r.values["topics"]
        )
        item_of_code = {**self.item_of_code, **{code: p.item_id for code, p in plans.items()}}
        BundleItem.objects.filter(bundle_id__in=ids).delete()
        BundleItem.objects.bulk_create(
            BundleItem(
                bundle_id=existing[r.values["bundle"]].pk,
                item_id=item_of_code[r.values["implementation_code"]],
                sort_order=r.values["sort_order"],
            )
            for r in sheets["bundle_items"]
        )
        return len(rows)


def import_catalog(fileobj, *, actor, progress: Callable[[int, int], None] | None = None) -> dict:
    """Import a workbook in the export's template, all or nothing.

    Raises `Invalid(code="workbook_invalid")` with every error in `details` as
    {"sheet", "row", "column", "message"} and writes nothing; otherwise returns the counts
    {"created", "updated", "unchanged", "bundles"}. `progress(done, total)` is called with item rows
    checked (total: the item rows) as the work goes on.
    """
    if actor is not None:  # None: the system
        require_role(actor_of(actor), Role.ADMIN)
    importer = _Importer(actor, progress)
    wb = _open_workbook(fileobj)
    try:
        sheets = importer.read(wb)
    finally:
        wb.close()
    stamp = services.catalog_stamp()  # progress is written as the checks go, so they run outside the
    # write transaction; the stamp proves the catalog did not change between checking and writing
    importer.load_lookups()
    importer.check_topics(sheets["topics"])
    plans = importer.check_items(sheets)
    importer.check_bundles(sheets, plans)
    total = len(plans)
    importer.progress(0, total)
    to_write, unchanged = importer.classify(plans)
    if importer.errors:
        order = {sheet: i for i, sheet in enumerate(SHEETS)}
        columns = {sheet: {c.name: i for i, c in enumerate(cols)} for sheet, cols in SHEETS.items()}
        importer.errors.sort(
            key=lambda e: (
                order.get(e["sheet"], -1),
                e["row"] or 0,
                columns.get(e["sheet"], {}).get(e["column"], -1),
            )
        )
        raise Invalid(
            _("工作簿中有 %(n)s 处错误，未导入任何内容。") % {"n": len(importer.errors)},
            code="workbook_invalid",
            details=importer.errors,
        )
    with transaction.atomic():
        services.lock_catalog()
        if services.catalog_stamp() != stamp:
            raise Conflict(_("导入期间清单被他人修改，请重新导入。"), code="catalog_changed")
        topic_ids = importer.write_topics(sheets["topics"])
        importer.write_items(to_write, topic_ids)
        bundles = importer.write_bundles(sheets, plans, topic_ids)
        summary = {
            "created": sum(1 for p in to_write if not p.published_pk),
            "updated": sum(1 for p in to_write if p.published_pk),
            "unchanged": unchanged,
            "bundles": bundles,
        }
        # One event for the whole import: each published version is immutable and holds its content.
        audit.record(
            actor=actor,
            action="catalog.import",
            object_type="catalog",
            after={
                **summary,
                "versions": importer.written,
                "topics": [r.values["code"] for r in sheets["topics"]],
                "bundle_codes": [r.values["code"] for r in sheets["bundles"]],
            },
        )
    importer.progress(total, total)
    return summary
