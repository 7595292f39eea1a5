"""The append-only timeline of a case."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.timelimits.choices import PauseKind

from .case import Case
from .task import CaseTask


class CaseEvent(models.Model):
    """The append-only timeline of a case: every action, with the clock event it implies."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("办件"),
        on_delete=models.CASCADE,
        db_index=False,
        related_name="events",
        help_text=_("所属办件。"),
    )
    task = models.ForeignKey(
        CaseTask,
        verbose_name=_("联办任务"),
        on_delete=models.CASCADE,
        db_index=False,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("部门任务的操作。"),
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, help_text=_("操作时间。"))
    day = models.DateField(_("日期"), help_text=_("计时所用的日期（北京时间）。"))
    action = models.CharField(_("操作"), max_length=24, help_text=_("操作代码。"))
    from_status = models.CharField(_("原状态"), max_length=24, blank=True, help_text=_("操作前状态。"))
    to_status = models.CharField(_("新状态"), max_length=24, blank=True, help_text=_("操作后状态。"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("办理人员或申请人。"),
    )
    actor_label = models.CharField(
        _("操作人名称"), max_length=100, blank=True, help_text=_("操作时的姓名或部门。")
    )
    clock = models.CharField(
        _("计时事件"), max_length=8, blank=True, help_text=_("pause、resume、extend 或 finish。")
    )
    pause_kind = models.CharField(
        _("暂停原因"), max_length=16, choices=PauseKind.choices, blank=True, help_text=_("补正或特别程序。")
    )
    days = models.PositiveIntegerField(_("天数"), default=0, help_text=_("延期的工作日数。"))
    note = models.TextField(_("说明"), blank=True, help_text=_("理由或意见。"))
    details = models.JSONField(_("详情"), default=dict, blank=True, help_text=_("操作的其他数据。"))

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["case", "at", "pk"]
        # The case's index is its timeline's; most events belong to no task.
        indexes = [
            models.Index(fields=["case", "at"], name="case_event_case_at"),
            models.Index(fields=["task"], condition=models.Q(task__isnull=False), name="case_event_task"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
