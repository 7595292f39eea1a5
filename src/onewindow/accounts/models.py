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


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")


class Citizen(models.Model):
    """A member of the public or an organisation with an account: applies online, sees their own cases."""

    user = models.OneToOneField(
        User,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="citizen",
        help_text=_("登录账号。"),
    )
    kind = models.CharField(
        _("类型"), max_length=16, choices=ApplicantKind.choices, help_text=_("自然人或法人。")
    )
    name = models.CharField(_("姓名或单位名称"), max_length=100, help_text=_("与证件一致。"))
    id_number = models.CharField(
        _("证件号码"), max_length=18, help_text=_("居民身份证号码或统一社会信用代码，已校验。")
    )
    id_digest = models.CharField(
        _("证件号摘要"), max_length=64, unique=True, help_text=_("一个证件只能注册一个账号。")
    )
    phone = models.CharField(_("手机号"), max_length=20, help_text=_("接收办件通知。"))
    legal_representative = models.CharField(
        _("法定代表人"), max_length=50, blank=True, help_text=_("法人账号填写。")
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True, help_text=_("法人账号的经办人。"))
    created_at = models.DateTimeField(_("注册时间"), default=timezone.now, help_text=_("注册的时间。"))

    class Meta:
        verbose_name = _("申请人账号")
        verbose_name_plural = _("申请人账号")

    def __str__(self):
        return self.name


class RateBucket(models.Model):
    """A count of requests per key per minute, shared by every server process (lookups, registrations)."""

    key = models.CharField(_("键"), max_length=200, help_text=_("限流对象，如“track:IP”。"))
    window_start = models.DateTimeField(_("时间窗"), help_text=_("所在分钟。"))
    count = models.PositiveIntegerField(_("次数"), default=0, help_text=_("本分钟内的请求数。"))

    class Meta:
        verbose_name = _("限流计数")
        verbose_name_plural = _("限流计数")
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="rate_bucket_key_window")]

    def __str__(self):
        return f"{self.key} {self.window_start:%H:%M} {self.count}"


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


class PasswordResetCode(models.Model):
    """A code sent by SMS to a public account's registered phone to set a new password: stored only as
    a keyed digest, valid for a few minutes, for a few tries, once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="reset_codes",
        help_text=_("找回密码的账号。"),
    )
    digest = models.CharField(
        _("验证码摘要"), max_length=64, help_text=_("验证码的带密钥摘要，不保存验证码本身。")
    )
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now, help_text=_("验证码生成的时间。"))
    expires_at = models.DateTimeField(_("失效时间"), help_text=_("超过此时间验证码作废。"))
    tries = models.PositiveSmallIntegerField(
        _("已试次数"), default=0, help_text=_("输错次数，达到上限即作废。")
    )
    used_at = models.DateTimeField(
        _("使用时间"), null=True, blank=True, help_text=_("用它设置新密码的时间。")
    )

    class Meta:
        verbose_name = _("找回密码验证码")
        verbose_name_plural = _("找回密码验证码")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="reset_code_user_latest")]

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
