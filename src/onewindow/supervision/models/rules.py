"""Monitoring rules (监察规则) as data, and the cards (监察编号) they give.

A rule names what it watches (cases or joint-case steps), where (everywhere, a department, an item),
its level and, for a yellow rule, when a running clock hits it; a process or fee rule names what it
looks for in what was done (`watch`) and remembers the last case event it examined
(`checked_through`). Each hit gives one card, exactly once per
subject, rule and level however many workers sweep (a unique constraint, inserted with ON CONFLICT DO
NOTHING). A card is never deleted: a supervisor withdraws it (摘牌) with a reason, audited and shown.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import WATCHES_OF_KIND, CardLevel, RuleKind, Scope, Subject, Watch, YellowPoint


class MonitoringRule(models.Model):
    code = models.CharField(
        _("监察规则编号"), max_length=20, unique=True, help_text=_("规则的编号，写入每张监察卡，如 SX-01。")
    )
    name = models.CharField(_("规则名称"), max_length=100, help_text=_("如“办件超时红牌”。"))
    kind = models.CharField(
        _("规则类型"), max_length=12, choices=RuleKind.choices, help_text=_("时效、流程或收费。")
    )
    level = models.CharField(
        _("等级"), max_length=8, choices=CardLevel.choices, help_text=_("命中时发黄牌还是红牌。")
    )
    subject = models.CharField(
        _("监察对象"),
        max_length=8,
        choices=Subject.choices,
        default=Subject.CASE,
        help_text=_("办件或联办环节。"),
    )
    scope = models.CharField(
        _("适用范围"),
        max_length=12,
        choices=Scope.choices,
        default=Scope.ALL,
        help_text=_("全部、某部门或某事项。"),
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("适用范围为指定部门时的部门。"),
    )
    item = models.ForeignKey(
        "catalog.Item",
        verbose_name=_("事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("适用范围为指定事项时的事项。"),
    )
    yellow_point = models.CharField(
        _("预警点"),
        max_length=8,
        choices=YellowPoint.choices,
        default=YellowPoint.ITEM,
        help_text=_("黄牌规则何时命中：按事项的预警设置、期限前若干个工作日，或已用时限达到一定比例。"),
    )
    yellow_days = models.PositiveSmallIntegerField(
        _("期限前工作日数"), null=True, blank=True, help_text=_("预警点为“期限前若干个工作日”时的天数。")
    )
    yellow_share = models.DecimalField(
        _("已用时限比例"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.01), MaxValueValidator(0.99)],
        help_text=_("预警点为“已用时限达到一定比例”时的比例，如 0.80。"),
    )
    watch = models.CharField(
        _("监察内容"),
        max_length=20,
        choices=Watch.choices,
        blank=True,
        help_text=_("流程或收费监察规则查什么；时效监察规则留空。"),
    )
    checked_through = models.BigIntegerField(
        _("已检查到"),
        default=0,
        editable=False,
        help_text=_("流程和收费监察已检查到的办件操作记录（编号）；之后的操作在下次检查。"),
    )
    points = models.DecimalField(
        _("扣分"),
        max_digits=4,
        decimal_places=1,
        default=1,
        help_text=_("每张卡在考核中扣的分，如黄牌 1、红牌 1.5。"),
    )
    active = models.BooleanField(_("启用"), default=True, help_text=_("停用的规则不再发卡，已发的卡不变。"))
    version = models.PositiveIntegerField(
        _("版本"), default=1, help_text=_("每次修改加一；每张卡记下发卡时的版本。")
    )
    updated_at = models.DateTimeField(
        _("修改时间"), default=timezone.now, help_text=_("最近一次修改的时间。")
    )

    class Meta:
        verbose_name = _("监察规则")
        verbose_name_plural = _("监察规则")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        errors = {}
        if self.scope == Scope.DEPARTMENT and self.department_id is None:
            errors["department"] = _("适用范围为指定部门时，请选择部门。")
        if self.scope == Scope.ITEM and self.item_id is None:
            errors["item"] = _("适用范围为指定事项时，请选择事项。")
        if (
            self.level == CardLevel.YELLOW
            and self.yellow_point == YellowPoint.DAYS
            and self.yellow_days is None
        ):
            errors["yellow_days"] = _("请填写期限前的工作日数。")
        if (
            self.level == CardLevel.YELLOW
            and self.yellow_point == YellowPoint.SHARE
            and self.yellow_share is None
        ):
            errors["yellow_share"] = _("请填写已用时限的比例。")
        if self.kind == RuleKind.TIMELINESS and self.watch:
            errors["watch"] = _("时效监察规则不填监察内容。")
        elif self.kind != RuleKind.TIMELINESS:
            if self.watch not in WATCHES_OF_KIND[self.kind]:
                errors["watch"] = _("请选择这类规则的监察内容：%(checks)s。") % {
                    "checks": "、".join(str(Watch(c).label) for c in WATCHES_OF_KIND[self.kind])
                }
            if self.subject != Subject.CASE:
                errors["subject"] = _("流程和收费监察规则的对象是办件。")
        if errors:
            raise ValidationError(errors)


class Card(models.Model):
    number = models.CharField(
        _("监察编号"),
        max_length=32,
        unique=True,
        null=True,
        blank=True,
        help_text=_("在监察系统内唯一的编号。"),
    )
    # Four of the foreign keys take no index of their own: each card is written by a sweep tens of
    # thousands at a time, and every index is kept up on every insert. The rule, the case and the department
    # lead the indexes below; a card's withdrawer is looked up only when a user is deleted.
    rule = models.ForeignKey(
        MonitoringRule,
        verbose_name=_("监察规则"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="cards",
        help_text=_("命中的规则。"),
    )
    rule_version = models.PositiveIntegerField(_("规则版本"), help_text=_("发卡时规则的版本。"))
    subject = models.CharField(
        _("监察对象"), max_length=8, choices=Subject.choices, help_text=_("办件或联办环节。")
    )
    subject_id = models.BigIntegerField(_("对象编号"), help_text=_("办件或联办环节的主键。"))
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("办件"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
        help_text=_("所涉办件。"),
    )
    task = models.ForeignKey(
        "cases.CaseTask",
        verbose_name=_("联办环节"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("监察对象为联办环节时的环节。"),
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("责任部门"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
        help_text=_("对此负责的部门。"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("最近经办的工作人员；尚无人经办时为空。"),
    )
    level = models.CharField(_("等级"), max_length=8, choices=CardLevel.choices, help_text=_("黄牌或红牌。"))
    raised_on = models.DateField(_("发卡日期"), help_text=_("命中规则的服务日（北京时间）。"))
    raised_at = models.DateTimeField(_("状态产生时间"), default=timezone.now, help_text=_("发卡的时间。"))
    deadline = models.DateField(_("承诺时限"), null=True, blank=True, help_text=_("发卡时的办结期限。"))
    overdue_days = models.PositiveIntegerField(
        _("超期天数"), default=0, help_text=_("发卡时已超期的工作日数。")
    )
    description = models.CharField(_("监察结果描述"), max_length=300, help_text=_("命中了什么。"))
    points = models.DecimalField(
        _("扣分"), max_digits=4, decimal_places=1, help_text=_("发卡时规则规定的扣分。")
    )
    withdrawn_at = models.DateTimeField(
        _("摘牌时间"), null=True, blank=True, help_text=_("摘牌的时间；未摘牌为空。")
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("摘牌人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
        help_text=_("摘牌的督办人员。"),
    )
    withdraw_reason = models.CharField(_("摘牌理由"), max_length=300, blank=True, help_text=_("为何摘牌。"))

    class Meta:
        verbose_name = _("监察卡")
        verbose_name_plural = _("监察卡")
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "subject", "subject_id", "level"], name="card_once_per_subject_rule_level"
            )
        ]
        indexes = [
            models.Index(fields=["department", "raised_on"], name="card_department_day"),
            models.Index(fields=["raised_on", "level"], name="card_day_level"),
            models.Index(fields=["-raised_on", "-id"], name="card_board_order"),  # the board's page
            models.Index(fields=["case"], name="card_case"),
        ]

    def __str__(self):
        return self.number or f"#{self.pk}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class CardTally(models.Model):
    """How many cards a day raised, per centre, department, rule and level, and how many of them are
    withdrawn: what the card board's tally sums over a period, instead of counting the cards (half a
    million in a month at a million cases). Recounted from the cards for a day by `supervision.tally`
    whenever that day's cards change (raised, withdrawn), so it never drifts from them."""

    body = models.ForeignKey(
        "org.ServiceBody", verbose_name=_("服务机构"), on_delete=models.PROTECT, related_name="+",
        help_text=_("卡所在办件的中心。"),
    )  # fmt: skip
    department = models.ForeignKey(
        "org.Department", verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="+",
        help_text=_("卡记给的部门。"),
    )  # fmt: skip
    rule = models.ForeignKey(
        MonitoringRule, verbose_name=_("监察规则"), on_delete=models.PROTECT, related_name="+",
        help_text=_("发卡的规则。"),
    )  # fmt: skip
    level = models.CharField(_("等级"), max_length=8, choices=CardLevel.choices, help_text=_("黄牌或红牌。"))
    day = models.DateField(_("发卡日期"), help_text=_("发卡的服务日。"))
    raised = models.PositiveIntegerField(_("发卡数"), default=0, help_text=_("这一天发的卡。"))
    withdrawn = models.PositiveIntegerField(_("已摘牌"), default=0, help_text=_("其中已摘牌的。"))

    class Meta:
        verbose_name = _("监察卡统计")
        verbose_name_plural = _("监察卡统计")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "department", "rule", "level", "day"], name="card_tally_once"
            )
        ]
        indexes = [models.Index(fields=["day"], name="card_tally_day")]

    def __str__(self):
        return f"{self.day} {self.department_id} {self.rule_id} {self.level}: {self.raised}"
