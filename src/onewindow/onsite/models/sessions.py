"""Leaders with their portfolios (包保), their office days on the rota, and each day's minutes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onewindow.timelimits.models import TimeLimited

from ..choices import MinutesStatus, SessionStatus


class Leader(models.Model):
    """A city-level leader who sits at the centre on office days, with what they answer for (包保): key
    projects, headquarters of key work and the towns they liaise with. An issue about one of these goes
    to that leader's next session first."""

    staff = models.OneToOneField(
        "org.Staff",
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        related_name="onsite_leader",
        help_text=_("领导的人员账号（须有“领导”角色）。"),
    )
    title = models.CharField(_("职务"), max_length=50, help_text=_("如“副市长”。"))
    towns = models.ManyToManyField(
        "org.Division",
        verbose_name=_("联系镇街"),
        blank=True,
        related_name="+",
        help_text=_("领导联系的镇街。"),
    )
    projects = models.ManyToManyField(
        "proxy.KeyProject",
        verbose_name=_("包保重点项目"),
        blank=True,
        related_name="+",
        help_text=_("领导包保的重点项目。"),
    )
    headquarters = models.CharField(
        _("分管重点工作指挥部"),
        max_length=300,
        blank=True,
        help_text=_("领导牵头的重点工作指挥部，多个用顿号分隔。"),
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0, help_text=_("在轮值表中的先后顺序。"))
    is_active = models.BooleanField(_("在任"), default=True, help_text=_("离任后不再排入轮值。"))

    class Meta:
        verbose_name = _("现场办公领导")
        verbose_name_plural = _("现场办公领导")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return gettext("%(name)s（%(title)s）") % {"name": self.staff.full_name, "title": self.title}


class OfficeDay(models.Model):
    """One leader's on-site office day at the centre (领导现场办公日): on the rota, then held, then closed
    once every decision it made is closed."""

    body = models.ForeignKey(
        "org.ServiceBody",
        verbose_name=_("服务中心"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("现场办公所在的中心。"),
    )
    leader = models.ForeignKey(
        Leader,
        verbose_name=_("领导"),
        on_delete=models.PROTECT,
        related_name="days",
        help_text=_("坐班领导。"),
    )
    day = models.DateField(_("日期"), help_text=_("现场办公的日期（工作日）。"))
    planned_on = models.DateField(
        _("原定日期"), help_text=_("轮值表排定的日期；遇休息日顺延时与办公日期不同。")
    )
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=SessionStatus.choices,
        default=SessionStatus.SCHEDULED,
        help_text=_("已排期、已召开、已办结或已取消。"),
    )
    place = models.CharField(_("地点"), max_length=100, blank=True, help_text=_("如“中心三楼现场办公室”。"))
    cancel_reason = models.CharField(
        _("取消原因"), max_length=300, blank=True, help_text=_("取消现场办公的原因。")
    )
    invited = models.ManyToManyField(
        "org.Department",
        verbose_name=_("邀请部门"),
        blank=True,
        related_name="+",
        help_text=_("议题涉及、须到场的部门。"),
    )
    invited_on = models.DateField(_("通知日期"), null=True, blank=True, help_text=_("通知部门的日期。"))
    present = models.ManyToManyField(
        "org.Department",
        verbose_name=_("到会部门"),
        blank=True,
        related_name="+",
        help_text=_("实际到会的部门。"),
    )
    attendees = models.CharField(_("参会人员"), max_length=500, blank=True, help_text=_("到会人员名单。"))
    held_at = models.DateTimeField(_("召开时间"), null=True, blank=True, help_text=_("开始现场办公的时间。"))
    closed_on = models.DateField(_("办结日期"), null=True, blank=True, help_text=_("全部决定办结的日期。"))

    class Meta:
        verbose_name = _("现场办公日")
        verbose_name_plural = _("现场办公日")
        ordering = ["day", "pk"]
        constraints = [models.UniqueConstraint(fields=["body", "day"], name="onsite_day_per_body")]
        indexes = [models.Index(fields=["leader", "day"], name="onsite_leader_day")]

    def __str__(self):
        return f"{self.day} {self.leader}"


class Minutes(TimeLimited):
    """The minutes of an office day (会议纪要): due from the moment the session is held (the row is made
    then, its text empty until drafted from the decisions), approved by the leader, numbered and issued to
    the units; the limit to issue them runs on the shared time limits."""

    session = models.OneToOneField(
        OfficeDay,
        verbose_name=_("现场办公日"),
        on_delete=models.CASCADE,
        related_name="minutes",
        help_text=_("纪要所记的现场办公。"),
    )
    number = models.CharField(
        _("纪要编号"), max_length=32, unique=True, null=True, blank=True, help_text=_("印发时编号。")
    )
    text = models.TextField(
        _("纪要正文"), max_length=20000, blank=True, help_text=_("由会议决定生成，可修改；起草前为空。")
    )
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=MinutesStatus.choices,
        default=MinutesStatus.DRAFT,
        help_text=_("草稿、领导已审定或已印发。"),
    )
    draft_due = models.DateField(_("起草期限"), help_text=_("须在此日前起草完成。"))
    drafted_on = models.DateField(_("起草日期"), null=True, blank=True, help_text=_("起草纪要的日期。"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("起草纪要的人员。"),
    )
    approved_at = models.DateTimeField(_("审定时间"), null=True, blank=True, help_text=_("领导审定的时间。"))
    issued_on = models.DateField(_("印发日期"), null=True, blank=True, help_text=_("印发纪要的日期。"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("印发人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("印发纪要的人员。"),
    )

    class Meta:
        verbose_name = _("会议纪要")
        verbose_name_plural = _("会议纪要")

    def __str__(self):
        return self.number or f"{self.session}"
