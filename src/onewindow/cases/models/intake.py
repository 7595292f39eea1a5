"""The table behind API intake: idempotency keys."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .case import Case


class IdempotencyKey(models.Model):
    """An API client's `Idempotency-Key`: a retried intake returns the case the first attempt made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("调用接口的账号。"),
    )
    key = models.CharField(_("幂等键"), max_length=100, help_text=_("客户端生成的唯一键。"))
    fingerprint = models.CharField(
        _("请求摘要"), max_length=64, help_text=_("请求内容的 SHA-256，同键不同内容会被拒绝。")
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("办件"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("首次请求建立的办件。"),
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now, help_text=_("首次请求的时间。"))

    class Meta:
        verbose_name = _("幂等键")
        verbose_name_plural = _("幂等键")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key")]

    def __str__(self):
        return self.key
