"""Proxy service (代办): agents and their territories, and the entrustments (委托书) a case filed by an agent
rests on. An agent is a staff member with the agent role; their tier is their service body's (a village
station's agent is a village agent) and so is their proxy list (the catalog's proxy tiers)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import ApplicantKind
from onewindow.personal import id_digest
from onewindow.timelimits.models import TimeLimited

from .choices import Mode, Priority, ProxyAction, ProxyStatus, RoutingRule, Satisfaction, SignedBy


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
