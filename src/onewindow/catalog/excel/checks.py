"""Checking the parsed rows against each other and the stored catalog, all before anything is written.

Every item's content goes through `services.validate_content`; a `validate_content` error is placed on
the sheet, row and column it comes from. The checks run outside the write transaction (progress is
written as they go); `importer` proves with the catalog stamp that nothing changed before writing.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext as _

from onewindow.org.models import Department

from .. import services
from ..choices import VersionStatus
from ..models import ItemVersion, Topic
from .columns import SHEETS
from .export import item_codes
from .reader import Report, Row


@dataclass
class ItemPlan:
    row: Row
    code: str
    content: dict = field(default_factory=dict)
    materials: list[Row] = field(default_factory=list)
    fees: list[Row] = field(default_factory=list)
    steps: list[Row] = field(default_factory=list)
    joints: list[Row] = field(default_factory=list)
    relations: dict = field(default_factory=dict)  # materials, fees, steps, joint_departments
    department_id: int | None = None
    ok: bool = True
    item_id: int | None = None
    published_pk: int | None = None
    draft_pk: int | None = None
    before: dict | None = None  # the published content it replaces
    files: dict = field(default_factory=dict)  # material name -> (blank form, sample) of that version

    @property
    def rows(self) -> list[Row]:
        return [self.row, *self.materials, *self.fees, *self.steps, *self.joints]


class Checker(Report):
    """The checks of one import, and what they learn of the stored catalog on the way."""

    def __init__(self, progress: Callable[[int, int], None] | None = None):
        super().__init__()
        self.progress = progress or (lambda done, total: None)

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

    def department(self, row: Row, column: str) -> int | None:
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

    def check_topic_codes(self, row: Row, column: str) -> None:
        unknown = [c for c in row.values.get(column, []) if c not in self.topic_codes]
        if unknown:
            self.bad(row, column, _("未知的主题：%(codes)s。") % {"codes": ", ".join(unknown)})

    def check_topics(self, rows: list[Row]) -> None:
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

    def check_items(self, sheets: dict[str, list[Row]]) -> dict[str, ItemPlan]:
        plans: dict[str, ItemPlan] = {}
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
            plan = plans[code] = ItemPlan(row=row, code=code)
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

    def _assemble(self, plan: ItemPlan) -> None:
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
            "fees": [{k: r.values.get(k) for k in services.FEE_FIELDS if k in r.values} for r in plan.fees],
            "steps": [{k: r.values.get(k) for k in ("name", "share_percent")} for r in plan.steps],
            "joint_departments": joints,
        }
        plan.ok = all(r.ok for r in plan.rows)
        if plan.ok:
            plan.content = {f: plan.row.values[f] for f in services.SCALAR_FIELDS}
            plan.content["department"] = plan.department_id
            plan.content.update(plan.relations)
            plan.content["topics"] = sorted(plan.row.values["topics"])

    def check_bundles(self, sheets: dict[str, list[Row]], plans: dict[str, ItemPlan]) -> None:
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
        for item_id, code in item_codes().items():
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

    def classify(self, plans: dict[str, ItemPlan]) -> tuple[list[ItemPlan], int]:
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

    def _validate(self, plan: ItemPlan) -> None:
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

    def _place(self, plan: ItemPlan, key: str) -> tuple:
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
