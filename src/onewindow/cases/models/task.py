"""The departments' parts of a joint case."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.timelimits.models import TimeLimited

from ..choices import (
    TaskStatus,
)
from .case import Case
from .conditions import OPEN_TASK


class CaseTask(TimeLimited):
    """One department's part of a joint case (联办件), with its own limit and clock."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("办件"),
        on_delete=models.CASCADE,
        db_index=False,
        related_name="tasks",
        help_text=_("所属办件。"),
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="case_tasks",
        help_text=_("办理部门。"),
    )
    title = models.CharField(_("办理内容"), max_length=200, help_text=_("该部门办理的事项。"))
    item_version = models.ForeignKey(
        "catalog.ItemVersion",
        verbose_name=_("事项版本"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("“一件事”中该部门办理的事项版本。"),
    )
    is_lead = models.BooleanField(
        _("牵头部门"), default=False, help_text=_("牵头部门在各部门办完后作出决定。")
    )
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=TaskStatus.choices,
        default=TaskStatus.OPEN,
        help_text=_("办理中、同意或不同意。"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("作出部门意见的人员。"),
    )
    opinion = models.TextField(_("部门意见"), blank=True, help_text=_("同意或不同意的意见。"))

    class Meta:
        verbose_name = _("联办任务")
        verbose_name_plural = _("联办任务")
        ordering = ["case", "-is_lead", "pk"]
        indexes = [
            models.Index(fields=["department", "status", "deadline"], name="task_dept_status_deadline"),
            models.Index(fields=["warning", "yellow_on"], name="task_warning_yellow_on"),
            models.Index(fields=["warning", "deadline"], name="task_warning_deadline"),
            models.Index(
                fields=["department", "due_on", "id"], condition=OPEN_TASK, name="task_open_department_due"
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["case", "department"], name="task_one_per_department")]

    def __str__(self):
        return f"{self.case_id} {self.department_id} {self.status}"
