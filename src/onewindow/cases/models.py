"""Cases (办件). So far: the sequence table that numbers them; the case model arrives with F4."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseNumberSequence(models.Model):
    """The last case number given out per area and day (DESIGN rule 9: no global lock, no gaps per day)."""

    area_code = models.CharField(_("区划代码"), max_length=6, help_text=_("办件所属县级区划的 6 位代码。"))
    day = models.DateField(_("日期"), help_text=_("受理日期（北京时间）。"))
    last = models.PositiveIntegerField(_("已用序号"), help_text=_("当天已发出的最大序号。"))

    class Meta:
        verbose_name = _("办件编号序列")
        verbose_name_plural = _("办件编号序列")
        constraints = [models.UniqueConstraint(fields=["area_code", "day"], name="cases_sequence_area_day")]

    def __str__(self):
        return f"{self.area_code} {self.day} {self.last}"
