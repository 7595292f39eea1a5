"""Supervision matters (督办事项): what the office registers, assigns, urges and closes (Lantian).

A matter's completion clock is the shared one (`TimeLimited`): it starts on the day it is assigned (or
reopened), runs for its completion limit in working days, an extension granted adds days. Its feedback
deadline (`feedback_due`) is a working day count from the same start; a unit late with its feedback is
urged rung by rung (`Urging`, exactly once per matter and rung). Every step is a `MatterEvent` on the
matter's timeline, and audited.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.timelimits.models import TimeLimited

from ..choices import FollowUp, MatterStatus, Source, Urgency, UrgingMethod


class MemberUnit(models.Model):
    """A department or town on the leading group, with the office contact who receives its assignments
    and urging notices (DOMAIN.md: each member sets up its own office)."""

    department = models.OneToOneField(
        "org.Department",
        verbose_name=_("成员单位"),
        on_delete=models.PROTECT,
        related_name="member_unit",
        help_text=_("领导小组成员单位（部门或镇街）。"),
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办公室联系人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("接收交办通知和催办单的人；空时由首席代表接收。"),
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True, help_text=_("办公室的联系电话。"))
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, help_text=_("承办单位的统一社会信用代码。")
    )

    class Meta:
        verbose_name = _("成员单位")
        verbose_name_plural = _("成员单位")

    def __str__(self):
        return str(self.department)


class Matter(TimeLimited):
    number = models.CharField(_("督办事项编号"), max_length=32, unique=True, help_text=_("立项时编号。"))
    query_code = models.CharField(
        _("查询码"), max_length=6, help_text=_("诉求人凭编号和查询码查询办理情况。")
    )
    body = models.ForeignKey(
        "org.ServiceBody",
        verbose_name=_("督办机构"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("立项的政务服务中心。"),
    )
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, help_text=_("事项的来源。"))
    urgency = models.CharField(
        _("紧急程度"),
        max_length=12,
        choices=Urgency.choices,
        default=Urgency.NORMAL,
        help_text=_("一般、紧急或特急。"),
    )
    title = models.CharField(_("标题"), max_length=100, help_text=_("一句话说明要办的事。"))
    content = models.TextField(_("内容"), max_length=4000, help_text=_("事项的具体内容和要求。"))
    requester_name = models.CharField(
        _("诉求人"), max_length=50, blank=True, help_text=_("提出诉求的群众或企业；没有时留空。")
    )
    requester_phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, help_text=_("诉求人的电话，列表中隐去中间四位。")
    )
    respondent_unit = models.ForeignKey(
        "org.Department",
        verbose_name=_("被投诉单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("投诉针对的单位；咨询或不涉及单位时留空。"),
    )
    respondent_person = models.CharField(
        _("被投诉人"),
        max_length=50,
        blank=True,
        help_text=_("投诉针对的工作人员；不知道姓名时可写窗口或岗位。"),
    )
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=MatterStatus.choices,
        default=MatterStatus.REGISTERED,
        help_text=_("办理到哪一步。"),
    )
    lead_unit = models.ForeignKey(
        "org.Department",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("牵头承办的单位；交办时确定。"),
    )
    co_units = models.ManyToManyField(
        "org.Department",
        verbose_name=_("协办单位"),
        blank=True,
        related_name="+",
        help_text=_("配合办理的单位。"),
    )
    feedback_days = models.PositiveSmallIntegerField(
        _("反馈时限（工作日）"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("交办后几个工作日内反馈。"),
    )
    registered_on = models.DateField(_("立项日期"), help_text=_("立项的服务日。"))
    assigned_on = models.DateField(
        _("交办日期"), null=True, blank=True, help_text=_("交办（或重新办理）的日期，计时由此开始。")
    )
    feedback_due = models.DateField(
        _("反馈期限"), null=True, blank=True, help_text=_("承办单位须在这一天下班前反馈。")
    )
    feedback = models.TextField(
        _("反馈信息"), max_length=4000, blank=True, help_text=_("承办单位最近一次反馈的内容。")
    )
    fed_back_at = models.DateTimeField(
        _("反馈时间"), null=True, blank=True, help_text=_("最近一次反馈的时间。")
    )
    extension_days = models.PositiveSmallIntegerField(
        _("延期时限（工作日）"), default=0, help_text=_("已批准延长的工作日数合计。")
    )
    extension_reason = models.CharField(
        _("延期理由"), max_length=300, blank=True, help_text=_("最近一次批准延期的理由。")
    )
    extension_asked_days = models.PositiveSmallIntegerField(
        _("申请延期（工作日）"), null=True, blank=True, help_text=_("待审批的延期申请；没有时为空。")
    )
    extension_asked_reason = models.CharField(
        _("申请延期理由"), max_length=300, blank=True, help_text=_("待审批的延期申请的理由。")
    )
    reply = models.TextField(
        _("答复诉求人"), max_length=2000, blank=True, help_text=_("向诉求人答复的内容。")
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True, help_text=_("答复诉求人的时间。"))
    follow_up = models.CharField(
        _("回访结果"), max_length=12, choices=FollowUp.choices, blank=True, help_text=_("回访诉求人的结果。")
    )
    follow_up_note = models.CharField(
        _("回访情况"), max_length=300, blank=True, help_text=_("回访时诉求人说了什么。")
    )
    followed_up_at = models.DateTimeField(_("回访时间"), null=True, blank=True, help_text=_("回访的时间。"))
    closed_at = models.DateTimeField(
        _("办结时间"), null=True, blank=True, help_text=_("督办机构审结的时间。")
    )
    reopened_at = models.DateTimeField(
        _("重新办理时间"), null=True, blank=True, help_text=_("诉求人不满意时可重新办理一次。")
    )
    rung = models.PositiveSmallIntegerField(
        _("催办级次"), default=0, help_text=_("已到催办阶梯的第几级；0 为未催办。")
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("事项所涉的办件。"),
    )
    card = models.OneToOneField(
        "supervision.Card",
        verbose_name=_("监察卡"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matter",
        help_text=_("红牌立项时的监察卡。"),
    )
    external_id = models.CharField(
        _("外部编号"),
        max_length=64,
        blank=True,
        help_text=_("热线工单等外部系统的编号；同一编号只立项一次。"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("立项人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("立项的督办人员；由后台任务或公众提交时为空。"),
    )
    created_at = models.DateTimeField(_("立项时间"), default=timezone.now, help_text=_("立项的时间。"))

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], condition=~Q(external_id=""), name="matter_once_per_ticket"
            )
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="matter_status_due"),
            # the inbox (open ones, or all through the API) by deadline, walked in order to a page's end
            models.Index(fields=["due_on", "feedback_due", "id"], name="matter_inbox_order"),
            models.Index(fields=["lead_unit", "status"], name="matter_unit_status"),
            models.Index(fields=["status", "feedback_due"], name="matter_feedback_due"),
            models.Index(fields=["body", "registered_on"], name="matter_body_day"),
        ]

    def __str__(self):
        return self.number

    @property
    def has_requester(self) -> bool:
        return bool(self.requester_name or self.requester_phone)


class MatterEvent(models.Model):
    """One step on a matter's timeline; `clock` names the clock event it implies (start, extend, finish)."""

    matter = models.ForeignKey(
        Matter, verbose_name=_("督办事项"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=24, help_text=_("做了什么（操作代码）。"))
    at = models.DateTimeField(_("时间"), default=timezone.now, help_text=_("操作的时间。"))
    day = models.DateField(_("日期"), help_text=_("操作的服务日（北京时间）。"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("后台任务或公众的操作为空。"),
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("操作涉及的单位（交办给谁、谁反馈）。"),
    )
    text = models.TextField(_("说明"), max_length=4000, blank=True, help_text=_("意见、理由或反馈内容。"))
    days = models.PositiveSmallIntegerField(_("天数"), default=0, help_text=_("延期的工作日数。"))
    late_days = models.PositiveSmallIntegerField(
        _("逾期工作日"), default=0, help_text=_("反馈晚于反馈期限的工作日数；按期为 0。")
    )
    result = models.CharField(
        _("回访结果"),
        max_length=12,
        choices=FollowUp.choices,
        blank=True,
        help_text=_("回访时诉求人的评价。"),
    )
    clock = models.CharField(
        _("计时事件"), max_length=8, blank=True, help_text=_("start、extend 或 finish。")
    )

    class Meta:
        verbose_name = _("督办事项记录")
        verbose_name_plural = _("督办事项记录")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.matter_id} {self.action} {self.day}"


class UrgingRung(models.Model):
    """One rung of the urging ladder: for a source and urgency (blank: any), its method and how many
    working days after the previous rung (the first: after the feedback deadline) it is climbed."""

    source = models.CharField(
        _("来源"),
        max_length=16,
        choices=Source.choices,
        blank=True,
        help_text=_("只用于这一来源；空为全部。"),
    )
    urgency = models.CharField(
        _("紧急程度"),
        max_length=12,
        choices=Urgency.choices,
        blank=True,
        help_text=_("只用于这一紧急程度；空为全部。"),
    )
    step = models.PositiveSmallIntegerField(
        _("级次"), validators=[MinValueValidator(1), MaxValueValidator(9)], help_text=_("第几级，从 1 起。")
    )
    method = models.CharField(
        _("方式"), max_length=12, choices=UrgingMethod.choices, help_text=_("催办方式。")
    )
    wait_days = models.PositiveSmallIntegerField(
        _("间隔（工作日）"),
        default=1,
        validators=[MaxValueValidator(30)],
        help_text=_("上一级（第一级：反馈期限）之后几个工作日仍未反馈即升到这一级。"),
    )

    class Meta:
        verbose_name = _("催办阶梯")
        verbose_name_plural = _("催办阶梯")
        ordering = ["source", "urgency", "step"]
        constraints = [
            models.UniqueConstraint(fields=["source", "urgency", "step"], name="urging_rung_once"),
        ]

    def __str__(self):
        return f"{self.step} {self.get_method_display()}"


class Urging(models.Model):
    """One rung climbed for one matter: exactly once (unique), by the sweep or by a supervisor."""

    matter = models.ForeignKey(
        Matter, verbose_name=_("督办事项"), on_delete=models.CASCADE, related_name="urgings"
    )
    step = models.PositiveSmallIntegerField(_("级次"), help_text=_("催办阶梯的第几级。"))
    method = models.CharField(
        _("方式"), max_length=12, choices=UrgingMethod.choices, help_text=_("催办方式。")
    )
    unit = models.ForeignKey(
        "org.Department",
        verbose_name=_("被催办单位"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("被催办的承办单位。"),
    )
    day = models.DateField(_("催办日期"), help_text=_("升级的服务日。"))
    at = models.DateTimeField(_("催办时间"), default=timezone.now, help_text=_("升级的时间。"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("催办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("手动升级的督办人员；后台任务升级时为空。"),
    )
    findings = models.TextField(
        _("督办情况"), max_length=2000, blank=True, help_text=_("现场督办等的发现和要求。")
    )

    class Meta:
        verbose_name = _("催办记录")
        verbose_name_plural = _("催办记录")
        ordering = ["matter", "step"]
        constraints = [models.UniqueConstraint(fields=["matter", "step"], name="urging_once_per_rung")]
        indexes = [models.Index(fields=["unit", "day"], name="urging_unit_day")]

    def __str__(self):
        return f"{self.matter_id} {self.step} {self.method}"


class MatterAttachment(models.Model):
    """A file attached to a matter (the office's instruction papers, the unit's evidence of what it did),
    stored and served through `onewindow.files`: only to those who see the matter, never to the public."""

    matter = models.ForeignKey(
        Matter, verbose_name=_("督办事项"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("附件名称"), max_length=100, help_text=_("如“整改前后照片”“处理情况报告”。"))
    file = models.FileField(
        _("文件"), upload_to="supervision/%Y/%m/", help_text=_("以随机名存储，只经督办事项的权限下载。")
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("上传人所在的单位；督办机构上传时为空。"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("上传附件的工作人员。"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now, help_text=_("上传的时间。"))

    class Meta:
        verbose_name = _("督办事项附件")
        verbose_name_plural = _("督办事项附件")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.matter_id} {self.title}"
