"""A certificate of the library: type, number, holder, validity, issuing department, the case it came from.

The table kept its name from when the library lived in the cases app (`cases_certificate`)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    """The electronic certificate library (电子证照库): results issued to a holder, reused at intake."""

    certificate_type = models.CharField(_("证照类型"), max_length=100, help_text=_("如“营业执照”。"))
    number = models.CharField(_("证照编号"), max_length=60, help_text=_("证照上的编号。"))
    holder_name = models.CharField(_("持证人"), max_length=100, help_text=_("姓名或单位名称。"))
    holder_id_number = models.CharField(
        _("持证人证件号码"), max_length=18, help_text=_("身份证号码或统一社会信用代码。")
    )
    holder_id_digest = models.CharField(
        _("证件号摘要"), max_length=64, db_index=True, help_text=_("用于按证件号查找。")
    )
    valid_from = models.DateField(_("有效期起"), help_text=_("发证日期。"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True, help_text=_("空为长期有效。"))
    issuer = models.ForeignKey(
        "org.Department",
        verbose_name=_("发证部门"),
        on_delete=models.PROTECT,
        related_name="certificates",
        help_text=_("核发证照的部门。"),
    )
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("办件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
        help_text=_("产生该证照的办件。"),
    )
    issued_at = models.DateTimeField(_("入库时间"), default=timezone.now, help_text=_("存入证照库的时间。"))

    class Meta:
        db_table = "cases_certificate"
        verbose_name = _("电子证照")
        verbose_name_plural = _("电子证照")
        constraints = [
            models.UniqueConstraint(fields=["certificate_type", "number"], name="certificate_type_number")
        ]
        indexes = [
            models.Index(fields=["holder_id_digest", "certificate_type"], name="certificate_holder_type")
        ]

    def __str__(self):
        return f"{self.certificate_type} {self.number}"

    def valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
