"""Circulated reports (通报): per unit of an area, for a period, what supervision found; frozen when
published, so later matters and cards never change a report that has gone out."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Circulation(models.Model):
    body = models.ForeignKey(
        "org.ServiceBody",
        verbose_name=_("督办机构"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("通报覆盖这一中心所在地区的全部单位。"),
    )
    period_start = models.DateField(_("起始日期"), help_text=_("通报期间的第一天。"))
    period_end = models.DateField(_("截止日期"), help_text=_("通报期间的最后一天。"))
    title = models.CharField(_("标题"), max_length=100, help_text=_("如“督查督办情况通报（2026年3月）”。"))
    rows = models.JSONField(
        _("各单位情况"), default=list, help_text=_("发布时按单位计算并排名的数字，此后不变。")
    )
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now, help_text=_("发布的时间。"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("发布通报的督办人员。"),
    )

    class Meta:
        verbose_name = _("督查督办通报")
        verbose_name_plural = _("督查督办通报")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title
