"""Proxy requests (代办申请): routed, stepped through to the follow-up call, their paper materials'
hand-overs (材料交接, on the shared time limits) and their timeline."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onewindow.timelimits.models import TimeLimited

from ..choices import ProxyAction, ProxyStatus, RoutingRule, Satisfaction, Slot
from .entrustments import Entrustment, Principal


class ProxyRequest(Principal):
    """A request for proxy (代办申请) as first received, and who proxies it (`routing.route`): the rule that
    decided is stored with its answer and shown; a supervisor may reassign it with a reason, which is
    stored beside the rule's own answer, never over it."""

    number = models.CharField(
        _("代办申请编号"), max_length=30, unique=True, help_text=_("DL + 区划代码 6 位 + 日期 + 4 位顺序号。")
    )
    body = models.ForeignKey(
        "org.ServiceBody",
        verbose_name=_("首接机构"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("首接人员所在的服务机构。"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("首接人员"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("第一个接待代办申请的人（首接）。"),
    )
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True, help_text=_("接收代办申请的时间。"))
    items = models.ManyToManyField(
        "catalog.Item",
        verbose_name=_("申请事项"),
        blank=True,
        related_name="+",
        help_text=_("要代办的事项。"),
    )
    lead_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("牵头部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("涉及多个部门时指定的牵头部门。"),
    )
    home_code = models.CharField(
        _("住所地区划"),
        max_length=12,
        help_text=_("委托人住所（单位为注册地）的区划代码；未选时取证件号码中的地区码。"),
    )
    site_code = models.CharField(
        _("项目所在地区划"), max_length=12, blank=True, help_text=_("项目或事项所在地的区划代码（有时）。")
    )
    description = models.CharField(_("诉求"), max_length=500, blank=True, help_text=_("委托人要办的事。"))
    route_rule = models.CharField(
        _("分派规则"), max_length=30, choices=RoutingRule.choices, help_text=_("决定由谁代办的规则。")
    )
    route_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("代办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("按规则由部门代办时的部门。"),
    )
    route_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代办员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("按规则由代办员代办时的代办员。"),
    )
    reassigned_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("改派部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("督办人员改派的部门。"),
    )
    reassigned_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("改派代办员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("督办人员改派的代办员。"),
    )
    reassigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("改派人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("改派的督办人员。"),
    )
    reassigned_at = models.DateTimeField(_("改派时间"), null=True, blank=True, help_text=_("改派的时间。"))
    reassign_reason = models.CharField(_("改派理由"), max_length=300, blank=True, help_text=_("为何改派。"))
    status = models.CharField(
        _("代办环节"),
        max_length=12,
        choices=ProxyStatus.choices,
        default=ProxyStatus.RECEIVED,
        db_index=True,
        help_text=_("委托、递交、办理、送达、归档、报结、回访。"),
    )
    entrustment = models.ForeignKey(
        Entrustment,
        verbose_name=_("委托书"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
        help_text=_("委托人与代办员签订的委托书。"),
    )
    cases = models.ManyToManyField(
        "cases.Case", verbose_name=_("办件"), blank=True, related_name="+", help_text=_("代为递交的办件。")
    )
    principal_rating = models.CharField(
        _("委托人评价"),
        max_length=12,
        choices=Satisfaction.choices,
        blank=True,
        help_text=_("委托人本人在网上对代办服务的评价（代办不包办：委托人的评价权不变）。"),
    )
    satisfaction = models.CharField(
        _("回访评价"),
        max_length=12,
        choices=Satisfaction.choices,
        blank=True,
        help_text=_("回访时委托人的评价。"),
    )

    class Meta:
        verbose_name = _("代办申请")
        verbose_name_plural = _("代办申请")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return self.number

    @property
    def proxy_department(self):
        """Who proxies it now: the reassignment where there is one, else the rule's answer."""
        return self.reassigned_department if self.reassigned_at else self.route_department

    @property
    def proxy_agent(self):
        return self.reassigned_agent if self.reassigned_at else self.route_agent


class Handover(TimeLimited):
    """A hand-over of a request's paper materials (材料交接) between village, town, city and department:
    who gave what to whom and when, and when the receiver confirmed it, so one can always say where the
    file is. Its clock (the shared time limits) runs one working day from the hand-over to the
    confirmation: one not confirmed by then turns red, and both sides are told once."""

    request = models.ForeignKey(
        ProxyRequest,
        verbose_name=_("代办申请"),
        on_delete=models.CASCADE,
        related_name="handovers",
        help_text=_("材料所属的代办申请。"),
    )
    materials = models.CharField(_("交接材料"), max_length=300, help_text=_("交接的纸质材料及份数。"))
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交出人"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("交出材料的人。"),
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("接收材料的人（交给个人时）。"),
    )
    to_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("接收部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("接收材料的部门（交给部门时，由其人员签收）。"),
    )
    to_body = models.ForeignKey(
        "org.ServiceBody",
        verbose_name=_("接收机构"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("接收人或接收部门所在的服务机构。"),
    )
    handed_on = models.DateField(_("交接日期"), help_text=_("交出材料的服务日；确认期限从这天起算。"))
    handed_at = models.DateTimeField(_("交出时间"), auto_now_add=True, help_text=_("登记交出的时间。"))
    confirmed_at = models.DateTimeField(
        _("签收时间"), null=True, blank=True, help_text=_("接收方确认收到的时间。")
    )
    confirmed_on = models.DateField(
        _("签收日期"), null=True, blank=True, help_text=_("签收的服务日；判断是否超过一个工作日。")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("确认收到材料的人。"),
    )

    class Meta:
        verbose_name = _("材料交接")
        verbose_name_plural = _("材料交接")
        ordering = ["request", "pk"]
        indexes = [models.Index(fields=["warning", "confirmed_at"], name="proxy_handover_warning")]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_user__isnull=False) | Q(to_department__isnull=False), name="proxy_handover_to"
            ),
        ]

    def __str__(self):
        return f"{self.request} · {self.materials}"


class ProxyEvent(models.Model):
    """One step of a proxy request, on its timeline (append-only)."""

    request = models.ForeignKey(
        ProxyRequest,
        verbose_name=_("代办申请"),
        on_delete=models.CASCADE,
        related_name="events",
        help_text=_("所属代办申请。"),
    )
    action = models.CharField(
        _("环节"), max_length=12, choices=ProxyAction.choices, help_text=_("做了哪一步。")
    )
    from_status = models.CharField(
        _("原环节"), max_length=12, choices=ProxyStatus.choices, help_text=_("之前的环节。")
    )
    to_status = models.CharField(
        _("新环节"), max_length=12, choices=ProxyStatus.choices, help_text=_("之后的环节。")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("做这一步的人。"),
    )
    day = models.DateField(_("服务日"), help_text=_("做这一步的服务日。"))
    at = models.DateTimeField(_("时间"), auto_now_add=True, help_text=_("登记的时间。"))
    text = models.CharField(_("说明"), max_length=300, blank=True, help_text=_("这一步的说明。"))

    class Meta:
        verbose_name = _("代办环节记录")
        verbose_name_plural = _("代办环节记录")
        ordering = ["request", "pk"]

    def __str__(self):
        return f"{self.request} · {self.action}"


class Vehicle(models.Model):
    """A service vehicle of a centre (Xintai: 25), booked for door-to-door visits."""

    body = models.ForeignKey(
        "org.ServiceBody",
        verbose_name=_("所属机构"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("车辆所属的服务机构。"),
    )
    plate = models.CharField(_("车牌号"), max_length=10, unique=True, help_text=_("如“鲁J·A1234”。"))
    is_active = models.BooleanField(_("可用"), default=True, help_text=_("停用的车辆不再预约。"))

    class Meta:
        verbose_name = _("代办服务车辆")
        verbose_name_plural = _("代办服务车辆")
        ordering = ["body", "plate"]

    def __str__(self):
        return self.plate


class Appointment(models.Model):
    """A door-to-door visit (上门服务) booked for a request whose principal is entitled to it: a day and
    half-day slot, the agent who goes, and a vehicle where the centre has one; no agent and no vehicle is
    booked twice for the same slot."""

    request = models.ForeignKey(
        ProxyRequest,
        verbose_name=_("代办申请"),
        on_delete=models.CASCADE,
        related_name="appointments",
        help_text=_("所属代办申请。"),
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上门代办员"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("上门的代办员。"),
    )
    day = models.DateField(_("上门日期"), help_text=_("预约上门的工作日。"))
    slot = models.CharField(_("时段"), max_length=10, choices=Slot.choices, help_text=_("上午或下午。"))
    vehicle = models.ForeignKey(
        Vehicle,
        verbose_name=_("车辆"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("使用的服务车辆（有时）。"),
    )
    address = models.CharField(_("上门地址"), max_length=200, help_text=_("委托人的住址。"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("预约人"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("登记预约的人。"),
    )
    booked_at = models.DateTimeField(_("预约时间"), auto_now_add=True, help_text=_("登记预约的时间。"))

    class Meta:
        verbose_name = _("上门服务预约")
        verbose_name_plural = _("上门服务预约")
        ordering = ["day", "slot", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agent", "day", "slot"], name="proxy_appointment_agent_slot"),
            models.UniqueConstraint(
                fields=["vehicle", "day", "slot"],
                condition=Q(vehicle__isnull=False),
                name="proxy_appointment_vehicle_slot",
            ),
        ]

    def __str__(self):
        return f"{self.request} · {self.day} {self.slot}"
