"""When each periodic sweep last ran and is next due: one row per sweep, claimed by one worker at a time."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SweepSchedule(models.Model):
    name = models.CharField(_("任务"), max_length=60, primary_key=True, help_text=_("周期任务的名称。"))
    next_run_at = models.DateTimeField(_("下次运行"), help_text=_("到点后由任一后台进程领取。"))
    last_started_at = models.DateTimeField(
        _("上次开始"), null=True, blank=True, help_text=_("上次领取的时间。")
    )
    last_finished_at = models.DateTimeField(
        _("上次结束"), null=True, blank=True, help_text=_("上次完成的时间。")
    )
    last_result = models.CharField(_("上次结果"), max_length=300, blank=True, help_text=_("完成情况或错误。"))
    last_ok = models.BooleanField(_("上次成功"), default=True, help_text=_("上次运行是否无错。"))

    class Meta:
        verbose_name = _("周期任务")
        verbose_name_plural = _("周期任务")

    def __str__(self):
        return self.name
