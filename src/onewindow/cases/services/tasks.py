"""Joint tasks: one per joint department (or per department of a bundle), opened at acceptance."""

from __future__ import annotations

from onewindow.catalog import selectors as catalog
from onewindow.catalog.choices import CaseKind

from ..models import Case, CaseTask


def _open_tasks(case: Case) -> None:
    """One task per joint department (or per department of a bundle), each with its own limit."""
    if case.bundle_id:
        versions = catalog.bundle_items(case.bundle)
        by_department: dict[int, CaseTask] = {}
        for version in versions:
            task = by_department.get(version.department_id)
            if task is None:
                by_department[version.department_id] = CaseTask(
                    case=case,
                    department_id=version.department_id,
                    title=version.name,
                    item_version=version,
                    is_lead=not by_department,
                    limit_days=version.promised_limit_days,
                )
            else:
                task.title = f"{task.title}、{version.name}"[:200]
                task.limit_days = max(task.limit_days, version.promised_limit_days)
        CaseTask.objects.bulk_create(by_department.values())
    elif case.kind == CaseKind.JOINT:
        CaseTask.objects.bulk_create(
            CaseTask(
                case=case,
                department_id=joint.department_id,
                title=case.title,
                item_version=case.item_version,
                is_lead=joint.is_lead,
                limit_days=joint.limit_days or case.limit_days,
            )
            for joint in case.item_version.joint_departments.all()
        )
