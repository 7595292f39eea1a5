"""Agents' territories, the principal (委托人) every proxy record names, and the entrustments (委托书) a
case filed by an agent rests on, with the link from such a case to its entrustment."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import ApplicantKind
from onewindow.personal import id_digest

from ..choices import Mode, Priority, SignedBy


class AgentTerritory(models.Model):
    """A division an agent covers (谁的地盘谁代办): a town agent may cover several villages. An agent with
    none covers the division of their own service body."""

    agent = models.ForeignKey(
        "org.Staff",
        verbose_name=_("代办员"),
        on_delete=models.CASCADE,
        related_name="territories",
        help_text=_("负责该区划代办的代办员。"),
    )
    division = models.ForeignKey(
        "org.Division",
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("代办员负责的乡镇或村（社区）。"),
    )

    class Meta:
        verbose_name = _("代办区域")
        verbose_name_plural = _("代办区域")
        constraints = [models.UniqueConstraint(fields=["agent", "division"], name="proxy_territory_unique")]

    def __str__(self):
        return f"{self.agent} · {self.division}"


class Principal(models.Model):
    """Who entrusts an agent (委托人): a person or an organisation, checked by checksum, found again by
    the keyed digest of the ID number; and the priority that entitles them to door-to-door service."""

    principal_kind = models.CharField(
        _("委托人类型"), max_length=20, choices=ApplicantKind.choices, help_text=_("自然人或法人。")
    )
    principal_name = models.CharField(_("委托人"), max_length=100, help_text=_("委托人姓名或单位名称。"))
    principal_id_number = models.CharField(
        _("证件号码"), max_length=18, help_text=_("身份证号码或统一社会信用代码，经校验位核验。")
    )
    principal_id_digest = models.CharField(
        _("证件号码摘要"),
        max_length=64,
        db_index=True,
        help_text=_("证件号码的密钥摘要，用于查找，不可还原。"),
    )
    principal_phone = models.CharField(_("联系电话"), max_length=20, help_text=_("委托人的手机号码。"))
    priority = models.CharField(
        _("优先服务"),
        max_length=10,
        choices=Priority.choices,
        blank=True,
        help_text=_("老年人、患病、残疾人、孕产妇优先，并可预约上门服务。"),
    )
    door_to_door = models.BooleanField(_("上门服务"), default=False, help_text=_("代办员上门收件、送件。"))

    class Meta:
        abstract = True

    def set_principal(self, applicant) -> None:
        """The principal's fields from a checked applicant (`accounts.applicants.check_applicant`)."""
        self.principal_kind, self.principal_name = applicant.kind, applicant.name
        self.principal_id_number, self.principal_phone = applicant.id_number, applicant.phone
        self.principal_id_digest = id_digest(applicant.id_number)


class Entrustment(Principal):
    """A principal's signed entrustment of an agent (委托书 / 委托协议): for the listed items or for all
    within the agent's proxy list, for a stage or the whole process, from one day to another. Revoked
    by the principal (or staff on their word), never deleted: the cases filed on it keep pointing to it.
    Proxy is free of charge and the principal's own rights are unchanged (代办不包办)."""

    number = models.CharField(
        _("委托书编号"), max_length=30, unique=True, help_text=_("WT + 区划代码 6 位 + 日期 + 4 位顺序号。")
    )
    body = models.ForeignKey(
        "org.ServiceBody",
        verbose_name=_("签订机构"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("代办员所在的服务机构；编号取其区划。"),
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受托代办员"),
        on_delete=models.PROTECT,
        related_name="entrustments",
        help_text=_("受委托代为办理的代办员。"),
    )
    legal_representative = models.CharField(
        _("法定代表人"), max_length=50, blank=True, help_text=_("法人委托时填写。")
    )
    all_in_scope = models.BooleanField(
        _("代办范围内全部事项"),
        default=False,
        help_text=_("是：受托代办员层级代办清单内的所有事项；否：只限所列事项。"),
    )
    items = models.ManyToManyField(
        "catalog.Item",
        verbose_name=_("委托事项"),
        blank=True,
        related_name="+",
        help_text=_("委托代办的事项（不限于全部事项时）。"),
    )
    mode = models.CharField(
        _("代办方式"),
        max_length=10,
        choices=Mode.choices,
        default=Mode.WHOLE,
        help_text=_("分段代办或全程代办。"),
    )
    valid_from = models.DateField(_("有效期自"), help_text=_("委托生效的日期。"))
    valid_until = models.DateField(_("有效期至"), help_text=_("委托有效的最后一天。"))
    signed_by = models.CharField(
        _("签署方式"), max_length=10, choices=SignedBy.choices, help_text=_("触摸屏签名或上传签字扫描件。")
    )
    signature = models.FileField(
        _("签名"),
        upload_to="proxy/%Y/%m/",
        help_text=_("签名图像或签字扫描件，以随机名存储，只经委托书的权限下载。"),
    )
    signature_name = models.CharField(
        _("原文件名"), max_length=200, blank=True, help_text=_("上传时的文件名。")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("登记委托书的工作人员。"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True, help_text=_("登记委托书的时间。"))
    revoked_at = models.DateTimeField(
        _("撤销时间"), null=True, blank=True, help_text=_("委托人撤销委托的时间。")
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("登记撤销的人（委托人本人或代其登记的工作人员）。"),
    )
    revoke_reason = models.CharField(
        _("撤销理由"), max_length=300, blank=True, help_text=_("委托人撤销的理由。")
    )

    class Meta:
        verbose_name = _("代办委托书")
        verbose_name_plural = _("代办委托书")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["agent", "principal_id_digest"], name="proxy_entrust_agent_principal")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")), name="proxy_entrust_period"
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class EntrustedCase(models.Model):
    """The entrustment a case filed by an agent rests on, written with the case at intake."""

    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("办件"),
        on_delete=models.CASCADE,
        related_name="entrusted",
        help_text=_("代办员代为申请的办件。"),
    )
    entrustment = models.ForeignKey(
        Entrustment,
        verbose_name=_("委托书"),
        on_delete=models.PROTECT,
        related_name="cases",
        help_text=_("办件所依据的委托书。"),
    )

    class Meta:
        verbose_name = _("代办办件")
        verbose_name_plural = _("代办办件")

    def __str__(self):
        return f"{self.entrustment} · {self.case_id}"
