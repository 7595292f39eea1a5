"""Joint tasks: one per joint department (or per department of a bundle), opened at acceptance."""

from __future__ import annotations

from ..applied import AppliedFor
from ..models import Case, CaseTask


def _task_rows(case: Case, applied: AppliedFor) -> list[CaseTask]:
    """The joint tasks an acceptance opens (not yet written): one per joint department, or per department
    of a bundle, each with its own limit (`AppliedFor.tasks`)."""
    return [
        CaseTask(
            case=case,
            department=task.department,
            title=task.title,
            item_version=task.item_version,
            is_lead=task.is_lead,
            limit_days=task.limit_days,
        )
        for task in applied.tasks
    ]
