from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class YearSource(models.TextChoices):
    SHIPPED = "shipped", _("随产品发布")
    CSV = "csv", _("CSV 导入")
    NOTICE = "notice", _("国务院办公厅放假通知")


class CalendarYear(models.Model):
    """A year whose holiday schedule is loaded whole; dates in any other year are refused."""

    year = models.PositiveSmallIntegerField(
        _("年份"), primary_key=True, help_text=_("已完整载入放假安排的年份。")
    )
    source = models.CharField(
        _("来源"), max_length=10, choices=YearSource.choices, help_text=_("该年放假安排从何而来。")
    )
    loaded_at = models.DateTimeField(_("载入时间"), default=timezone.now, help_text=_("最近一次载入的时间。"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("载入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("载入的管理员；随产品发布的年份为空。"),
    )

    class Meta:
        verbose_name = _("日历年份")
        verbose_name_plural = _("日历年份")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class DayKind(models.TextChoices):
    OFF = "off", _("休")
    WORK = "work", _("班")


class CalendarDay(models.Model):
    """A day that differs from Monday-to-Friday: a statutory day off, or a make-up working day (调休)."""

    day = models.DateField(_("日期"), primary_key=True, help_text=_("公历日期。"))
    kind = models.CharField(
        _("类型"), max_length=4, choices=DayKind.choices, help_text=_("休：法定节假日放假；班：调休上班。")
    )
    name = models.CharField(_("节日名称"), max_length=100, blank=True, help_text=_("如“国庆节”。"))

    class Meta:
        verbose_name = _("节假日与调休日")
        verbose_name_plural = _("节假日与调休日")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day} {self.get_kind_display()} {self.name}"

    @property
    def is_workday(self) -> bool:
        return self.kind == DayKind.WORK
