"""The sequence table behind every numbered series: one row per (series, area, day)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberSequence(models.Model):
    """The last number given out per series, area and day (DESIGN rule 9: no global lock, no gaps per day).

    The table was the cases app's `CaseNumberSequence` and keeps its name and rows (series "case")."""

    series = models.CharField(
        _("编号系列"), max_length=20, help_text=_("登记的编号系列代码，如 case（办件编号）。")
    )
    area_code = models.CharField(_("区划代码"), max_length=12, help_text=_("编号所属区划的代码。"))
    day = models.DateField(_("日期"), help_text=_("编号的日期（北京时间）。"))
    last = models.PositiveIntegerField(_("已用序号"), help_text=_("当天已发出的最大序号。"))

    class Meta:
        db_table = "cases_casenumbersequence"
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")
        constraints = [
            models.UniqueConstraint(fields=["series", "area_code", "day"], name="numbering_series_area_day")
        ]

    def __str__(self):
        return f"{self.series} {self.area_code} {self.day} {self.last}"
