"""Messages to applicants (sent through a pluggable backend, logged masked) and in-app notices to staff."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """An in-app notice: work has landed in this person's inbox."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notices",
        help_text=_("收到提醒的工作人员。"),
    )
    text = models.CharField(_("内容"), max_length=300, help_text=_("提醒内容。"))
    link = models.CharField(_("链接"), max_length=200, blank=True, help_text=_("点击后打开的页面。"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now, help_text=_("提醒产生的时间。"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True, help_text=_("空为未读。"))

    class Meta:
        verbose_name = _("站内提醒")
        verbose_name_plural = _("站内提醒")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "created_at"], name="notice_recipient_unread")
        ]

    def __str__(self):
        return self.text


class MessageState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class ApplicantMessage(models.Model):
    """A message to an applicant, written with the case's change and sent after it commits (an outbox: a
    crash between the two leaves it pending for the `notices_send` sweep, never lost); the recipient is
    stored masked (the case, or for an account's message the citizen's account, holds the number)."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("办件"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        help_text=_("所涉办件；账号消息（如找回密码验证码）为空。"),
    )
    citizen = models.ForeignKey(
        "accounts.Citizen",
        verbose_name=_("申请人账号"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        db_index=False,
        related_name="messages",
        help_text=_("账号消息的接收人（号码取自账号）；办件消息为空。"),
    )
    kind = models.CharField(_("类型"), max_length=30, help_text=_("受理、补正、暂停、结果、送达等。"))
    recipient = models.CharField(_("接收号码"), max_length=40, help_text=_("脱敏后的手机号或邮箱。"))
    text = models.TextField(_("内容"), help_text=_("发送的文字。"))
    backend = models.CharField(_("通道"), max_length=60, help_text=_("发送所用的通道。"))
    state = models.CharField(
        _("结果"),
        max_length=8,
        choices=MessageState.choices,
        help_text=_("待发送、发送中、已发送或发送失败。"),
    )
    error = models.CharField(_("错误"), max_length=300, blank=True, help_text=_("发送失败的原因。"))
    created_at = models.DateTimeField(
        _("时间"), default=timezone.now, help_text=_("写入时间；补发时为最近一次补发的时间。")
    )

    class Meta:
        verbose_name = _("申请人消息")
        verbose_name_plural = _("申请人消息")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(citizen__isnull=False),
                name="message_has_recipient",
            )
        ]
        indexes = [  # the sweep's look-up of what is still unsent: a few rows, however long the log
            models.Index(
                fields=["created_at"],
                name="message_unsent",
                condition=models.Q(state__in=["pending", "sending"]),
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.recipient}"
