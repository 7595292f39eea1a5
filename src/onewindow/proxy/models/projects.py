"""Key projects carried through their whole chain of approvals (重点项目全程代办) and their plans."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KeyProject(models.Model):
    """A key project carried through its whole chain of approvals by a dedicated team (重点项目全程代办,
    一企一案): the company, the site, the investment, a chief service officer and a team, the approval
    plan (`PlanStep`) and the limit it is measured against, in working days from its start (for example
    the day its land procedures were completed)."""

    name = models.CharField(_("项目名称"), max_length=100, help_text=_("如“某钢铁公司技改项目”。"))
    company = models.CharField(_("建设单位"), max_length=100, help_text=_("项目的建设单位名称。"))
    company_code = models.CharField(
        _("统一社会信用代码"), max_length=18, help_text=_("建设单位的统一社会信用代码，经校验位核验。")
    )
    site = models.ForeignKey(
        "org.Division",
        verbose_name=_("项目所在地"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("项目所在的区划。"),
    )
    investment = models.DecimalField(
        _("总投资（万元）"), max_digits=12, decimal_places=2, help_text=_("项目总投资，单位万元。")
    )
    body = models.ForeignKey(
        "org.ServiceBody",
        verbose_name=_("服务机构"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("负责全程代办的中心。"),
    )
    chief = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("首席服务官"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("对项目全程负责的代办员。"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代办团队"),
        blank=True,
        related_name="+",
        help_text=_("参与代办的人员。"),
    )
    start_on = models.DateField(_("计时起点"), help_text=_("审批计时的起点（如土地手续办结之日）。"))
    limit_days = models.PositiveIntegerField(
        _("审批时限（工作日）"), help_text=_("衡量项目进度的时限，如省定 45 个工作日。")
    )
    pre_review_on = models.DateField(
        _("联合预审日期"), null=True, blank=True, help_text=_("召开联合预审会的日期。")
    )
    pre_review_note = models.CharField(
        _("联合预审意见"), max_length=500, blank=True, help_text=_("联合预审会的参加部门和意见。")
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True, help_text=_("登记项目的时间。"))

    class Meta:
        verbose_name = _("重点项目")
        verbose_name_plural = _("重点项目")
        ordering = ["-start_on", "pk"]

    def __str__(self):
        return self.name


class PlanStep(models.Model):
    """One approval of a key project's plan: its item, the step it waits for, its target in working days
    from the project's start, and the case that carries it once filed (its progress is the case's)."""

    project = models.ForeignKey(
        KeyProject,
        verbose_name=_("重点项目"),
        on_delete=models.CASCADE,
        related_name="steps",
        help_text=_("所属项目。"),
    )
    position = models.PositiveIntegerField(_("顺序"), help_text=_("在审批计划中的顺序。"))
    name = models.CharField(_("环节"), max_length=50, help_text=_("如“土地手续”“施工许可”。"))
    item = models.ForeignKey(
        "catalog.Item",
        verbose_name=_("事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("办理的事项。"),
    )
    after = models.ForeignKey(
        "self",
        verbose_name=_("前置环节"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("须先完成的环节。"),
    )
    target_days = models.PositiveIntegerField(
        _("目标（工作日）"), help_text=_("从项目计时起点起，计划几个工作日内完成。")
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("承载该环节的办件。"),
    )

    class Meta:
        verbose_name = _("审批计划环节")
        verbose_name_plural = _("审批计划环节")
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="proxy_planstep_position")
        ]

    def __str__(self):
        return f"{self.project} · {self.name}"
