from datetime import UTC

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change to the system, written in the same transaction as the change itself.

    Events are never updated or deleted (the admin refuses, and on PostgreSQL a trigger does). They
    are chained by `AuditSeal`, written in a separate step so that writes do not queue on one lock.
    """

    created_at = models.DateTimeField(
        _("时间"), default=timezone.now, db_index=True, help_text=_("事件发生的时间。")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("做出此变更的用户；系统任务为空。"),
    )
    actor_label = models.CharField(
        _("操作人名称"), max_length=150, help_text=_("事件发生时操作人的用户名，用户改名后仍可追溯。")
    )
    action = models.CharField(
        _("动作"), max_length=64, db_index=True, help_text=_("动作代码，如 org.department.update。")
    )
    object_type = models.CharField(_("对象类型"), max_length=64, help_text=_("被变更对象的类型。"))
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True, help_text=_("被变更对象的主键。"))
    before = models.JSONField(_("变更前"), null=True, blank=True, help_text=_("变更前的字段值。"))
    after = models.JSONField(_("变更后"), null=True, blank=True, help_text=_("变更后的字段值。"))
    request_id = models.CharField(
        _("请求编号"), max_length=64, blank=True, help_text=_("产生此事件的请求，用于关联日志。")
    )
    ip = models.CharField(_("来源地址"), max_length=45, blank=True, help_text=_("客户端 IP 地址。"))

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def chain_record(self) -> dict:
        """The fields the hash chain covers: every stored field of the event."""
        return chain_record_of({name: getattr(self, name) for name in CHAIN_FIELDS})


# Every stored field of an event, as the chain covers them; `chain_record_of` reads them from a row of
# `.values(*CHAIN_FIELDS)` as well as from an event, so sealing thousands needs no model instances.
CHAIN_FIELDS = (
    "id",
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
    "request_id",
    "ip",
)


def chain_record_of(row) -> dict:
    """The chained record of an event given as a mapping of `CHAIN_FIELDS`."""
    return {**row, "created_at": row["created_at"].astimezone(UTC).isoformat(timespec="microseconds")}


class AuditSeal(models.Model):
    """An event's place in the hash chain: its sequence number, the previous hash and its own."""

    event = models.OneToOneField(
        AuditEvent,
        verbose_name=_("审计事件"),
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="seal",
        help_text=_("被封存的事件。"),
    )
    seq = models.PositiveBigIntegerField(
        _("链序号"), unique=True, help_text=_("事件在哈希链中的位置，从 1 起连续。")
    )
    prev_hash = models.CharField(_("前一哈希"), max_length=64, help_text=_("链中前一事件的 SHA-256 哈希。"))
    hash = models.CharField(_("哈希"), max_length=64, help_text=_("本事件内容与前一哈希的 SHA-256 哈希。"))
    sealed_at = models.DateTimeField(_("封存时间"), default=timezone.now, help_text=_("写入哈希链的时间。"))

    class Meta:
        verbose_name = _("哈希链封存")
        verbose_name_plural = _("哈希链封存")
        ordering = ["seq"]

    def __str__(self):
        return f"{self.seq}: {self.hash[:12]}"


class AuditPending(models.Model):
    """The queue of events written but not yet sealed: the sealer reads it instead of scanning the log."""

    event = models.OneToOneField(
        AuditEvent,
        verbose_name=_("审计事件"),
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("等待写入哈希链的事件。"),
    )

    class Meta:
        verbose_name = _("待封存事件")
        verbose_name_plural = _("待封存事件")

    def __str__(self):
        return str(self.event_id)
