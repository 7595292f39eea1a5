"""What is applied for: one item or one "one thing" bundle with its checklist, fees, limit and joint tasks,
worked out once by `applied_for` and shared by the window's intake screen, the portal's online
application, the API and the intake service (which is handed it and looks nothing up again).

An item costs two queries (its live version with the department's body and division, its checklist);
its fee lines and joint departments are read only when something asks for them (an acceptance, a
screen that lists the fees). A bundle costs the bundle, its items and their guides.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _

from onewindow.catalog import fee_conditions
from onewindow.catalog import selectors as catalog
from onewindow.catalog.choices import CaseKind, MaterialRequirement, MaterialSource, OnlineDepth
from onewindow.catalog.fee_conditions import FeeQuestion
from onewindow.catalog.models import Bundle, ItemFee, ItemMaterial, ItemVersion
from onewindow.errors import Invalid
from onewindow.org.models import Department

from . import queries

ONLINE_FROM = OnlineDepth.PRE_REVIEW  # 网上预审 or better may be applied for online


def online_possible(versions) -> bool:
    """Whether an item (one version) or a bundle (its versions) may be applied for online."""
    return bool(versions) and all(v.online_depth >= ONLINE_FROM for v in versions)


@dataclass(frozen=True)
class ChecklistLine:
    """One line of the checklist: a bundle's lines are merged, de-duplicated, strictest requirement."""

    material: ItemMaterial
    requirement: str
    copies: int
    items: tuple[str, ...] = ()  # a bundle's items that need it


@dataclass(frozen=True)
class PlannedTask:
    """A joint task the case opens on acceptance: one per joint department (or bundle department)."""

    department: Department
    title: str
    item_version: ItemVersion
    is_lead: bool
    limit_days: int


@dataclass
class AppliedFor:
    versions: list[ItemVersion]  # the lead item first
    bundle: Bundle | None
    lines: list[ChecklistLine]

    @property
    def lead(self) -> ItemVersion:
        return self.versions[0]

    @property
    def code(self) -> str:
        return self.bundle.code if self.bundle else self.lead.implementation_code

    @property
    def name(self) -> str:
        return self.bundle.name if self.bundle else self.lead.name

    @property
    def codes(self) -> dict[str, str]:
        """The `item_code` and `bundle_code` of an intake of this (`IntakeInput`, the API's body)."""
        return {
            "item_code": "" if self.bundle else self.code,
            "bundle_code": self.code if self.bundle else "",
        }

    @property
    def kind(self) -> str:
        return CaseKind.JOINT if self.bundle else self.lead.case_kind

    @property
    def limit_days(self) -> int:
        """A bundle runs on its longest item; an immediate item has no limit to count."""
        if self.bundle:
            return max(v.promised_limit_days for v in self.versions)
        return 0 if self.lead.case_kind == CaseKind.IMMEDIATE else self.lead.promised_limit_days

    @property
    def online_possible(self) -> bool:
        return online_possible(self.versions)

    @property
    def has_deferrable(self) -> bool:
        return any(line.requirement == MaterialRequirement.DEFERRABLE for line in self.lines)

    @property
    def needs_library(self) -> bool:
        """Whether any line may be taken from the electronic certificate library."""
        return any(line.material.source == MaterialSource.CERTIFICATE_LIBRARY for line in self.lines)

    @cached_property
    def fees(self) -> list[ItemFee]:
        """The fee lines, in the items' order; which of them are owed follows from the answers to
        `fee_questions` (`owed_fees`). A free line stays (it may be the answer of a question, 住宅 0 /
        非住宅 550); charging leaves it out."""
        if self.bundle:  # prefetched with the guides; in the catalog's order of items, as always charged
            ordered = sorted(self.versions, key=lambda v: (v.implementation_code, -v.version))
            lines = [f for v in ordered for f in v.fees.all()]
        else:
            lines = queries.item_fees(self.lead.pk)
        return list(lines)

    @property
    def fee_questions(self) -> list[FeeQuestion]:
        """What the intake asks so that only the owed lines are charged (asked once for a bundle)."""
        return fee_conditions.questions_of(self.fees)

    def fee_answer_problems(self, answers: dict[str, str]) -> dict[str, str]:
        return fee_conditions.answer_problems(self.fees, answers)

    def checked_fee_answers(self, given: dict) -> dict[str, str]:
        """The answers as stored on the case (one per question), or 422 naming each question left open
        or answered with what no line knows."""
        answers = {str(q).strip(): str(a).strip() for q, a in (given or {}).items()}
        if problems := self.fee_answer_problems(answers):
            raise Invalid(
                _("请回答收费问题。"),
                code="fee_answers_invalid",
                details={f"fee_answers.{question}": message for question, message in problems.items()},
            )
        return {q.text: answers.get(q.text, "") for q in self.fee_questions}

    def owed_fees(self, answers: dict[str, str]) -> list[ItemFee]:
        return fee_conditions.owed(self.fees, answers)

    @cached_property
    def tasks(self) -> list[PlannedTask]:
        """The joint tasks: a bundle's, one per department (titles joined, longest limit); a joint
        item's, one per joint department; none for anything else."""
        if self.bundle:
            planned: dict[int, dict] = {}
            for version in self.versions:
                task = planned.get(version.department_id)
                if task is None:
                    planned[version.department_id] = {
                        "department": version.department,
                        "title": version.name,
                        "item_version": version,
                        "is_lead": not planned,
                        "limit_days": version.promised_limit_days,
                    }
                else:
                    task["title"] = f"{task['title']}、{version.name}"[:200]
                    task["limit_days"] = max(task["limit_days"], version.promised_limit_days)
            return [PlannedTask(**task) for task in planned.values()]
        if self.lead.case_kind != CaseKind.JOINT:
            return []
        return [
            PlannedTask(
                joint.department,
                self.lead.name,
                self.lead,
                joint.is_lead,
                joint.limit_days or self.limit_days,
            )
            for joint in self.lead.joint_departments.select_related("department")
        ]


def applied_for(*, item_code: str = "", bundle_code: str = "") -> AppliedFor | None:
    """The live item or active bundle named by code, or None when there is none."""
    if item_code:
        version = queries.live_item(item_code)
        if version is None:
            return None
        lines = [ChecklistLine(m, m.requirement, m.copies) for m in queries.item_materials(version.pk)]
        return AppliedFor([version], None, lines)
    if bundle_code:
        bundle = catalog.bundles().filter(code=bundle_code).first()
        versions = catalog.bundle_items(bundle) if bundle else []
        if not versions:
            return None
        by_id = {m.pk: m for v in versions for m in v.materials.all()}
        lines = [
            ChecklistLine(by_id[m.material_id], m.requirement, m.copies, tuple(m.items))
            for m in catalog.merged_materials(versions)
        ]
        return AppliedFor(versions, bundle, lines)
    return None


def applied_to(case) -> AppliedFor:
    """What a case taken in earlier applied for, as its acceptance charges and opens it: its item version,
    or its bundle's live items (its checklist is the case's own by then)."""
    if case.bundle_id:
        return AppliedFor(catalog.bundle_items(case.bundle), case.bundle, [])
    return AppliedFor([case.item_version], None, [])
