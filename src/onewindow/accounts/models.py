from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login: staff have an `org.Staff` record beside it; the public will log in here too."""

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")


class LoginAttempt(models.Model):
    """One password check (or refusal), kept to throttle guessing and to show who tried."""

    username = models.CharField(_("用户名"), max_length=150, help_text=_("尝试登录的用户名（小写）。"))
    at = models.DateTimeField(_("时间"), default=timezone.now, help_text=_("尝试登录的时间。"))
    ip = models.CharField(_("来源地址"), max_length=45, blank=True, help_text=_("客户端 IP 地址。"))
    succeeded = models.BooleanField(_("成功"), help_text=_("密码是否正确。"))

    class Meta:
        verbose_name = _("登录记录")
        verbose_name_plural = _("登录记录")
        indexes = [models.Index(fields=["username", "at"], name="accounts_login_user_at_idx")]

    def __str__(self):
        return f"{self.username} {self.at:%Y-%m-%d %H:%M} {'✓' if self.succeeded else '✗'}"


class LoginThrottle(models.Model):
    """One row per username tried, locked while its password is checked so guesses cannot race the limit."""

    username = models.CharField(
        _("用户名"), max_length=150, primary_key=True, help_text=_("用户名（小写）。")
    )

    class Meta:
        verbose_name = _("登录限流")
        verbose_name_plural = _("登录限流")

    def __str__(self):
        return self.username


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("令牌代表的用户。"),
    )
    name = models.CharField(_("用途"), max_length=100, help_text=_("便于识别的说明，如“自助终端”。"))
    prefix = models.CharField(_("前缀"), max_length=12, help_text=_("令牌开头几位，用于辨认，不足以使用。"))
    digest = models.CharField(_("摘要"), max_length=64, unique=True, help_text=_("令牌的 SHA-256 摘要。"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, help_text=_("令牌创建的时间。"))
    last_used_at = models.DateTimeField(
        _("最近使用"), null=True, blank=True, help_text=_("最近一次用于 API 的时间。")
    )
    revoked_at = models.DateTimeField(
        _("吊销时间"), null=True, blank=True, help_text=_("吊销后令牌立即失效。")
    )

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
