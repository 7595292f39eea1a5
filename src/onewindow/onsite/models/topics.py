"""The issues raised for office days (议题) and the decisions taken on them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import Channel, Solved, SubmitterKind, TopicStatus


class Topic(models.Model):
    """An issue raised by an enterprise, a department, a town or a citizen for a leader's office day,
    vetted by the centre beforehand (前期工作对接), then put on a session's agenda and decided."""

    number = models.CharField(_("议题编号"), max_length=32, unique=True, help_text=_("提交时编号。"))
    query_code = models.CharField(
        _("查询码"), max_length=8, help_text=_("提交人凭编号和查询码查询办理情况。")
    )
    body = models.ForeignKey(
        "org.ServiceBody",
        verbose_name=_("服务中心"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("受理议题的中心。"),
    )
    channel = models.CharField(
        _("提交渠道"), max_length=12, choices=Channel.choices, help_text=_("网上、工作人员、接口或现场。")
    )
    submitter_kind = models.CharField(
        _("提交方类型"), max_length=12, choices=SubmitterKind.choices, help_text=_("企业、部门、镇街或群众。")
    )
    submitter_name = models.CharField(_("提交方"), max_length=100, help_text=_("企业、单位或个人的名称。"))
    submitter_phone = models.CharField(_("联系电话"), max_length=20, help_text=_("用于告知办理情况。"))
    citizen = models.ForeignKey(
        "accounts.Citizen",
        verbose_name=_("提交人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("在网上提交的群众或企业账号。"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("登记议题的账号。"),
    )
    title = models.CharField(_("标题"), max_length=100, help_text=_("一句话说明问题。"))
    content = models.TextField(_("问题描述"), max_length=4000, help_text=_("问题的经过和诉求。"))
    town = models.ForeignKey(
        "org.Division",
        verbose_name=_("所在镇街"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("问题所在的镇街。"),
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("关联办件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("卡住的办件。"),
    )
    project = models.ForeignKey(
        "proxy.KeyProject",
        verbose_name=_("关联重点项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("涉及的重点项目。"),
    )
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=TopicStatus.choices,
        default=TopicStatus.SUBMITTED,
        help_text=_("审核、列入议程、决定等。"),
    )
    vet_note = models.CharField(
        _("审核意见"), max_length=300, blank=True, help_text=_("转办或不予受理的理由。")
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并到"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
        help_text=_("重复议题合并到的议题。"),
    )
    session = models.ForeignKey(
        "onsite.OfficeDay",
        verbose_name=_("现场办公日"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="topics",
        help_text=_("列入议程的现场办公。"),
    )
    position = models.PositiveSmallIntegerField(_("议程顺序"), default=0, help_text=_("在议程中的顺序。"))
    raised_on = models.DateField(_("提交日期"), help_text=_("提交议题的服务日。"))
    vetted_on = models.DateField(_("审核日期"), null=True, blank=True, help_text=_("审核议题的日期。"))
    solved = models.CharField(
        _("提交方评价"),
        max_length=4,
        choices=Solved.choices,
        blank=True,
        help_text=_("提交方认为问题是否已解决。"),
    )
    solved_note = models.CharField(_("评价说明"), max_length=300, blank=True, help_text=_("提交方的说明。"))
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, help_text=_("提交的时间。"))

    class Meta:
        verbose_name = _("现场办公议题")
        verbose_name_plural = _("现场办公议题")
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["body", "status"], name="onsite_topic_status"),
            models.Index(fields=["session", "position"], name="onsite_topic_agenda"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


class Decision(models.Model):
    """A decision taken on an agenda item: the unit and person responsible, a deadline in working days
    from the session, and what is to be done. Once the minutes are issued it is a supervision matter
    (source: on-site decision), whose feedback is the unit's report of how it was carried out."""

    session = models.ForeignKey(
        "onsite.OfficeDay",
        verbose_name=_("现场办公日"),
        on_delete=models.CASCADE,
        related_name="decisions",
        help_text=_("作出决定的现场办公。"),
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("议题"),
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text=_("所议问题。"),
    )
    text = models.TextField(_("决定内容"), max_length=2000, help_text=_("领导作出的决定。"))
    unit = models.ForeignKey(
        "org.Department",
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("负责落实的单位。"),
    )
    person = models.CharField(_("责任人"), max_length=50, blank=True, help_text=_("负责落实的人员。"))
    days = models.PositiveSmallIntegerField(
        _("办理时限（工作日）"), null=True, blank=True, help_text=_("自现场办公之日起的工作日数。")
    )
    due_on = models.DateField(_("完成期限"), null=True, blank=True, help_text=_("须在此日前落实。"))
    expedite_case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("督促加快的办件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("决定加快办理的办件。"),
    )
    matter = models.OneToOneField(
        "supervision.Matter",
        verbose_name=_("督办事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="onsite_decision",
        help_text=_("纪要印发后立项督办的事项。"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("记录决定的人员。"),
    )
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now, help_text=_("记录决定的时间。"))

    class Meta:
        verbose_name = _("现场办公决定")
        verbose_name_plural = _("现场办公决定")
        ordering = ["session", "pk"]

    def __str__(self):
        return self.text[:30]


class TopicMaterial(models.Model):
    """A paper behind an issue (材料): what the submitter sent with it or the office gathered while vetting
    it; the departments invited read it before the session. Stored and served by `onewindow.files`, only
    to those who see the issue, never to the public."""

    topic = models.ForeignKey(
        Topic,
        verbose_name=_("议题"),
        on_delete=models.CASCADE,
        related_name="materials",
        help_text=_("所属议题。"),
    )
    title = models.CharField(_("材料名称"), max_length=100, help_text=_("如“厂区位置图”“情况说明”。"))
    file = models.FileField(
        _("文件"), upload_to="onsite/%Y/%m/", help_text=_("以随机名存储，只经议题的权限下载。")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("上传的工作人员；提交方随议题提交时为空。"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now, help_text=_("上传的时间。"))

    class Meta:
        verbose_name = _("议题材料")
        verbose_name_plural = _("议题材料")
        ordering = ["topic", "pk"]

    def __str__(self):
        return self.title
