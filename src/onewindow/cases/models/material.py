"""A case's material checklist and its fees."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import (
    FeeState,
    PaymentMethod,
    Provision,
)
from .case import Case


class CaseMaterial(models.Model):
    """One line of the case's material checklist, from the item version, and how it was provided."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("办件"),
        on_delete=models.CASCADE,
        related_name="materials",
        help_text=_("所属办件。"),
    )
    item_material = models.ForeignKey(
        "catalog.ItemMaterial",
        verbose_name=_("清单材料"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("事项版本中的材料。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("序号"), default=0, help_text=_("清单中的序号。"))
    name = models.CharField(_("材料名称"), max_length=200, help_text=_("材料名称。"))
    requirement = models.CharField(_("要求"), max_length=12, help_text=_("必要、非必要或容缺。"))
    provision = models.CharField(
        _("提供方式"), max_length=12, choices=Provision.choices, help_text=_("纸质、上传、证照库调取或缺少。")
    )
    file = models.FileField(
        _("电子文件"),
        upload_to="cases/%Y/%m/",
        blank=True,
        help_text=_("上传的材料文件，仅可经办件权限下载。"),
    )
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name=_("证照"),
        on_delete=models.SET_NULL,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("从证照库调取的证照。"),
    )
    in_notice = models.BooleanField(
        _("列入一次性告知"), default=False, help_text=_("缺少并写入一次性告知书。")
    )
    supplement_reason = models.CharField(
        _("补正原因"),
        max_length=200,
        blank=True,
        help_text=_(
            "列入补正材料通知书的原因，如“未提交”“复印件不清晰”，申请人在通知书和网上看到同样的原因。"
        ),
    )
    supplied_at = models.DateTimeField(
        _("补齐时间"), null=True, blank=True, help_text=_("缺少的材料补齐的时间。")
    )

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        ordering = ["case", "sort_order", "pk"]
        # Few materials come from the certificate library.
        indexes = [
            models.Index(
                fields=["certificate"],
                condition=models.Q(certificate__isnull=False),
                name="case_material_certificate",
            )
        ]

    def __str__(self):
        return self.name


class CaseFee(models.Model):
    """A fee charged at acceptance, paid at the one fee window or waived with a reason."""

    case = models.ForeignKey(
        Case, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="fees", help_text=_("所属办件。")
    )
    name = models.CharField(_("收费项目"), max_length=100, help_text=_("取自事项版本。"))
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, help_text=_("应收金额。"))
    basis = models.CharField(_("收费依据"), max_length=300, blank=True, help_text=_("文件名称和文号。"))
    waivable = models.BooleanField(_("可减免"), default=False, help_text=_("符合条件时可减免。"))
    state = models.CharField(
        _("状态"),
        max_length=8,
        choices=FeeState.choices,
        default=FeeState.UNPAID,
        help_text=_("未缴、已缴或已减免。"),
    )
    method = models.CharField(
        _("缴费方式"),
        max_length=10,
        choices=PaymentMethod.choices,
        blank=True,
        help_text=_("现金、银行卡、移动支付或转账。"),
    )
    receipt_number = models.CharField(_("票据号"), max_length=40, blank=True, help_text=_("财政票据号码。"))
    waiver_reason = models.CharField(_("减免理由"), max_length=300, blank=True, help_text=_("减免的理由。"))
    waiver_basis = models.CharField(
        _("减免依据"),
        max_length=300,
        blank=True,
        default="",
        db_default="",
        help_text=_("减免所依据的文件名称、文号和条款。"),
    )
    reduced_from = models.DecimalField(
        _("减免前金额（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("部分减免时原应收的金额；应收金额为减免后的金额。"),
    )
    handled_at = models.DateTimeField(_("办理时间"), null=True, blank=True, help_text=_("缴费或减免的时间。"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("收费窗口人员。"),
    )

    class Meta:
        verbose_name = _("办件收费")
        verbose_name_plural = _("办件收费")
        ordering = ["case", "pk"]

    def __str__(self):
        return f"{self.name} {self.amount}"
