"""Cases (办件): the case row with its stored clock figures, its materials, tasks, fees and timeline,
the certificate library, and the tables that number cases and make API intake idempotent.

The current state and the derived clock figures (deadline, remaining working days, warning level) live
on the row and are indexed, so lists filter and sort without computing anything per row (DESIGN rule
3); the history is the append-only `CaseEvent` table, from which the figures are recomputed. A running
clock's figures are stored as of `clock_read_on` and do not need rewriting as days pass: its days left
follow from the deadline (`clocks.days_left`), it turns yellow on `yellow_on` and red after `deadline`,
and lists sort by `due_on`; only the rows whose warning changes are written by the daily sweep.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.catalog.choices import CaseKind

from .choices import (
    OPEN_STATUSES,
    ApplicantKind,
    Channel,
    ClockState,
    Delivery,
    FeeState,
    PauseKind,
    PaymentMethod,
    Provision,
    Status,
    TaskStatus,
    Warning,
)

# Conditions of the partial indexes; queries that repeat them can use the index. Sorted, so the
# migration is stable.
OPEN_CASE = models.Q(status__in=sorted(OPEN_STATUSES))
PAUSED_CASE = models.Q(clock_state=ClockState.PAUSED)
OPEN_RED_CASE = OPEN_CASE & models.Q(warning=Warning.RED)
# A warning nobody has been told of yet (`Case.warned` is the highest level announced).
UNANNOUNCED_CASE = models.Q(warning=Warning.RED, warned__in=[Warning.NORMAL, Warning.YELLOW]) | models.Q(
    warning=Warning.YELLOW, warned=Warning.NORMAL
)
# A window's desk: online applications to pre-review, supplements awaited, results to hand over,
# cases to close, and fees to collect.
WINDOW_STATUSES = sorted(
    {Status.PREREVIEW, Status.AWAITING_SUPPLEMENT, Status.APPROVED, Status.DENIED, Status.DELIVERED}
)
WINDOW_WORK_CASE = models.Q(status__in=WINDOW_STATUSES) | (OPEN_CASE & models.Q(fees_settled=False))
OPEN_TASK = models.Q(status=TaskStatus.OPEN)


class CaseNumberSequence(models.Model):
    """The last case number given out per area and day (DESIGN rule 9: no global lock, no gaps per day)."""

    area_code = models.CharField(_("区划代码"), max_length=6, help_text=_("办件所属县级区划的 6 位代码。"))
    day = models.DateField(_("日期"), help_text=_("受理日期（北京时间）。"))
    last = models.PositiveIntegerField(_("已用序号"), help_text=_("当天已发出的最大序号。"))

    class Meta:
        verbose_name = _("办件编号序列")
        verbose_name_plural = _("办件编号序列")
        constraints = [models.UniqueConstraint(fields=["area_code", "day"], name="cases_sequence_area_day")]

    def __str__(self):
        return f"{self.area_code} {self.day} {self.last}"


class Case(models.Model):
    """One application from one applicant for one item or one bundle (一件事)."""

    number = models.CharField(
        _("办件编号"), max_length=20, unique=True, help_text=_("6 位区划代码 + 8 位日期 + 6 位当日序号。")
    )
    query_code = models.CharField(
        _("查询码"), max_length=6, help_text=_("申请人凭编号和查询码在网上查询进度。")
    )
    version = models.PositiveIntegerField(
        _("数据版本"), default=1, help_text=_("每次办理操作加一；操作须带上当前版本，防止并发覆盖。")
    )
    status = models.CharField(
        _("状态"),
        max_length=24,
        choices=Status.choices,
        default=Status.PREREVIEW,
        help_text=_("办件当前状态。"),
    )
    kind = models.CharField(
        _("办件类型"),
        max_length=16,
        choices=CaseKind.choices,
        help_text=_("即办件、承诺件、联办件或上报件。"),
    )
    channel = models.CharField(
        _("申请渠道"), max_length=16, choices=Channel.choices, help_text=_("综合窗口、网上、代办或接口。")
    )
    title = models.CharField(_("办件名称"), max_length=200, help_text=_("事项或一件事的名称。"))

    # The applicant
    applicant_kind = models.CharField(
        _("申请人类型"), max_length=16, choices=ApplicantKind.choices, help_text=_("自然人或法人。")
    )
    applicant_name = models.CharField(_("申请人"), max_length=100, help_text=_("姓名或单位名称。"))
    applicant_id_number = models.CharField(
        _("证件号码"), max_length=18, help_text=_("居民身份证号码或统一社会信用代码，已校验。")
    )
    applicant_id_digest = models.CharField(
        _("证件号摘要"), max_length=64, help_text=_("证件号码的带密钥摘要，用于精确查找。")
    )
    applicant_phone = models.CharField(
        _("联系电话"), max_length=20, help_text=_("接收办理进度短信的手机号。")
    )
    legal_representative = models.CharField(
        _("法定代表人"), max_length=50, blank=True, help_text=_("法人申请时填写。")
    )
    contact_name = models.CharField(
        _("联系人"), max_length=50, blank=True, help_text=_("法人申请时的经办人。")
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人账号"),
        on_delete=models.SET_NULL,
        db_index=False,
        null=True,
        blank=True,
        related_name="own_cases",
        help_text=_("网上申请或已注册的申请人账号，可查看自己的全部办件。"),
    )

    # What is applied for, under which catalog version
    item = models.ForeignKey(
        "catalog.Item",
        verbose_name=_("事项"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="cases",
        help_text=_("主事项。"),
    )
    item_version = models.ForeignKey(
        "catalog.ItemVersion",
        verbose_name=_("事项版本"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="cases",
        help_text=_("受理时的事项版本；之后清单修改不影响本件。"),
    )
    bundle = models.ForeignKey(
        "catalog.Bundle",
        verbose_name=_("一件事"),
        on_delete=models.PROTECT,
        db_index=False,
        null=True,
        blank=True,
        related_name="cases",
        help_text=_("按“一件事”申请时的主题。"),
    )

    # Who took it in, where, and who decides it
    body = models.ForeignKey(
        "org.ServiceBody",
        verbose_name=_("受理机构"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="cases",
        help_text=_("受理本件的政务服务中心、便民服务中心或服务站。"),
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("承办部门"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="cases",
        help_text=_("办理本件的部门；联办件为牵头部门。"),
    )
    window = models.ForeignKey(
        "org.Window",
        verbose_name=_("受理窗口"),
        on_delete=models.SET_NULL,
        db_index=False,
        null=True,
        blank=True,
        related_name="cases",
        help_text=_("收件的窗口。"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="received_cases",
        help_text=_("收件的窗口人员或代办员。"),
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代办员"),
        on_delete=models.SET_NULL,
        db_index=False,
        null=True,
        blank=True,
        related_name="proxy_cases",
        help_text=_("代办件的代办员。"),
    )
    submitted_at = models.DateTimeField(
        _("申请时间"), default=timezone.now, help_text=_("收件或网上提交的时间。")
    )

    # The clock (stored figures, recomputed from the events by the services)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True, help_text=_("从次日起计算工作日。"))
    limit_days = models.PositiveIntegerField(
        _("承诺时限（工作日）"), default=0, help_text=_("受理时的承诺办结时限。")
    )
    extended_days = models.PositiveIntegerField(
        _("已延期（工作日）"), default=0, help_text=_("经批准延长的工作日数。")
    )
    supplement_restarts = models.BooleanField(
        _("补正后重新计时"), default=False, help_text=_("取自事项版本：补正后重新计算时限。")
    )
    yellow_threshold = models.PositiveSmallIntegerField(
        _("预警阈值"), null=True, blank=True, help_text=_("剩余工作日不超过此数时黄牌预警；空为默认。")
    )
    deadline = models.DateField(
        _("办结期限"), null=True, blank=True, help_text=_("期限所在日的下班前须办结。")
    )
    remaining_days = models.IntegerField(
        _("剩余工作日"), null=True, blank=True, help_text=_("截至计算日的剩余工作日；超时为负数。")
    )
    yellow_on = models.DateField(
        _("黄牌日期"), null=True, blank=True, help_text=_("计时中的办件从这一天起黄牌预警。")
    )
    due_on = models.DateField(
        _("到期排序日"),
        null=True,
        blank=True,
        help_text=_("计时中为办结期限；暂停时为从计算日起按剩余工作日推算的日期。用于按紧迫程度排序。"),
    )
    warning = models.CharField(
        _("预警"),
        max_length=8,
        choices=Warning.choices,
        default=Warning.NORMAL,
        help_text=_("正常、黄牌或红牌。"),
    )
    warned = models.CharField(
        _("已发预警"),
        max_length=8,
        choices=Warning.choices,
        default=Warning.NORMAL,
        db_default=Warning.NORMAL,
        help_text=_("已向承办人员发出的最高预警；后台任务每级只发一次。"),
    )
    clock_state = models.CharField(
        _("计时状态"),
        max_length=12,
        choices=ClockState.choices,
        default=ClockState.NONE,
        help_text=_("计时状态。"),
    )
    clock_read_on = models.DateField(
        _("计算日"), null=True, blank=True, help_text=_("剩余工作日和预警按哪一天计算。")
    )
    paused_kind = models.CharField(
        _("暂停原因"), max_length=16, choices=PauseKind.choices, blank=True, help_text=_("补正或特别程序。")
    )
    finished_on = models.DateField(_("办结日期"), null=True, blank=True, help_text=_("作出决定的日期。"))
    finished_late = models.BooleanField(_("超时办结"), default=False, help_text=_("办结时已超过期限。"))

    # The one-visit measures
    visits = models.PositiveSmallIntegerField(_("跑动次数"), default=0, help_text=_("申请人到现场的次数。"))
    finished_on_site = models.BooleanField(_("现场办结"), default=False, help_text=_("在窗口当场办结。"))

    # Deferred acceptance (容缺受理)
    deferred = models.BooleanField(
        _("容缺受理"), default=False, help_text=_("缺少可容缺材料、已签承诺书受理；补齐前不发放结果。")
    )
    commitment_signed_at = models.DateTimeField(
        _("承诺书签署时间"), null=True, blank=True, help_text=_("申请人签署容缺承诺书的时间。")
    )

    # Fees
    fees_total = models.DecimalField(
        _("应收费用"), max_digits=12, decimal_places=2, default=0, help_text=_("元。")
    )
    fees_settled = models.BooleanField(
        _("费用已结清"), default=True, help_text=_("所有收费已缴清或减免；未结清不能办结。")
    )

    # Reasons, report-up and delivery
    reason = models.TextField(_("理由"), blank=True, help_text=_("退回或不予许可的理由。"))
    legal_basis = models.CharField(
        _("法律依据"), max_length=300, blank=True, help_text=_("退回或不予许可的依据。")
    )
    report_authority = models.CharField(
        _("上报机关"), max_length=100, blank=True, help_text=_("上报件的上级审批机关。")
    )
    report_sent_on = models.DateField(_("上报日期"), null=True, blank=True, help_text=_("报送上级的日期。"))
    report_answered_on = models.DateField(
        _("上级答复日期"), null=True, blank=True, help_text=_("上级作出答复的日期。")
    )
    delivery = models.CharField(
        _("送达方式"),
        max_length=12,
        choices=Delivery.choices,
        blank=True,
        help_text=_("窗口领取、邮寄或电子送达。"),
    )
    postal_number = models.CharField(
        _("邮件单号"), max_length=40, blank=True, help_text=_("邮寄送达的运单号。")
    )
    delivered_at = models.DateTimeField(
        _("送达时间"), null=True, blank=True, help_text=_("结果送达申请人的时间。")
    )
    closed_at = models.DateTimeField(
        _("办结时间"), null=True, blank=True, help_text=_("办件归档办结的时间。")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, help_text=_("最后一次办理操作的时间。"))

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        # Every index is written on every change of an indexed column (a status, a warning), so the case
        # table keeps only the indexes some query uses: the composites below lead with the foreign keys
        # that lists filter on, and the keys nobody filters cases by (item, version, bundle, window) have
        # none; deleting one of those rows (which PROTECT or SET_NULL would check) is a rare admin act.
        indexes = [
            models.Index(fields=["applicant_id_digest"], name="case_applicant_digest"),
            models.Index(fields=["department", "status", "deadline"], name="case_dept_status_deadline"),
            models.Index(fields=["body", "submitted_at"], name="case_body_submitted"),
            models.Index(fields=["status", "deadline"], name="case_status_deadline"),
            models.Index(fields=["warning", "deadline"], name="case_warning_deadline"),
            models.Index(fields=["warning", "yellow_on"], name="case_warning_yellow_on"),
            models.Index(
                fields=["department", "due_on", "id"], condition=OPEN_CASE, name="case_open_department_due"
            ),
            models.Index(fields=["remaining_days"], condition=PAUSED_CASE, name="case_paused_remaining"),
            models.Index(fields=["deadline", "id"], condition=OPEN_RED_CASE, name="case_open_red_deadline"),
            models.Index(fields=["id"], condition=OPEN_CASE & UNANNOUNCED_CASE, name="case_unannounced"),
            models.Index(
                fields=["body", "submitted_at", "id"], condition=WINDOW_WORK_CASE, name="case_window_work"
            ),
            models.Index(fields=["citizen", "submitted_at"], name="case_citizen_submitted"),
            models.Index(fields=["agent", "submitted_at"], name="case_agent_submitted"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseTask(models.Model):
    """One department's part of a joint case (联办件), with its own limit and clock."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("办件"),
        on_delete=models.CASCADE,
        db_index=False,
        related_name="tasks",
        help_text=_("所属办件。"),
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="case_tasks",
        help_text=_("办理部门。"),
    )
    title = models.CharField(_("办理内容"), max_length=200, help_text=_("该部门办理的事项。"))
    item_version = models.ForeignKey(
        "catalog.ItemVersion",
        verbose_name=_("事项版本"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("“一件事”中该部门办理的事项版本。"),
    )
    is_lead = models.BooleanField(
        _("牵头部门"), default=False, help_text=_("牵头部门在各部门办完后作出决定。")
    )
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=TaskStatus.choices,
        default=TaskStatus.OPEN,
        help_text=_("办理中、同意或不同意。"),
    )
    limit_days = models.PositiveIntegerField(_("时限（工作日）"), help_text=_("该部门的办理时限。"))
    deadline = models.DateField(_("期限"), null=True, blank=True, help_text=_("该部门须办完的日期。"))
    remaining_days = models.IntegerField(_("剩余工作日"), null=True, blank=True, help_text=_("截至计算日。"))
    yellow_on = models.DateField(
        _("黄牌日期"), null=True, blank=True, help_text=_("办理中的任务从这一天起黄牌预警。")
    )
    due_on = models.DateField(
        _("到期排序日"),
        null=True,
        blank=True,
        help_text=_("计时中为期限；暂停时为从计算日起按剩余工作日推算的日期。用于按紧迫程度排序。"),
    )
    warning = models.CharField(
        _("预警"),
        max_length=8,
        choices=Warning.choices,
        default=Warning.NORMAL,
        help_text=_("正常、黄牌或红牌。"),
    )
    finished_on = models.DateField(_("办完日期"), null=True, blank=True, help_text=_("部门作出意见的日期。"))
    finished_late = models.BooleanField(_("超时办完"), default=False, help_text=_("办完时已超过期限。"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("作出部门意见的人员。"),
    )
    opinion = models.TextField(_("部门意见"), blank=True, help_text=_("同意或不同意的意见。"))

    class Meta:
        verbose_name = _("联办任务")
        verbose_name_plural = _("联办任务")
        ordering = ["case", "-is_lead", "pk"]
        indexes = [
            models.Index(fields=["department", "status", "deadline"], name="task_dept_status_deadline"),
            models.Index(fields=["warning", "yellow_on"], name="task_warning_yellow_on"),
            models.Index(fields=["warning", "deadline"], name="task_warning_deadline"),
            models.Index(
                fields=["department", "due_on", "id"], condition=OPEN_TASK, name="task_open_department_due"
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["case", "department"], name="task_one_per_department")]

    def __str__(self):
        return f"{self.case_id} {self.department_id} {self.status}"


class CaseEvent(models.Model):
    """The append-only timeline of a case: every action, with the clock event it implies."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("办件"),
        on_delete=models.CASCADE,
        db_index=False,
        related_name="events",
        help_text=_("所属办件。"),
    )
    task = models.ForeignKey(
        CaseTask,
        verbose_name=_("联办任务"),
        on_delete=models.CASCADE,
        db_index=False,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("部门任务的操作。"),
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, help_text=_("操作时间。"))
    day = models.DateField(_("日期"), help_text=_("计时所用的日期（北京时间）。"))
    action = models.CharField(_("操作"), max_length=24, help_text=_("操作代码。"))
    from_status = models.CharField(_("原状态"), max_length=24, blank=True, help_text=_("操作前状态。"))
    to_status = models.CharField(_("新状态"), max_length=24, blank=True, help_text=_("操作后状态。"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("办理人员或申请人。"),
    )
    actor_label = models.CharField(
        _("操作人名称"), max_length=100, blank=True, help_text=_("操作时的姓名或部门。")
    )
    clock = models.CharField(
        _("计时事件"), max_length=8, blank=True, help_text=_("pause、resume、extend 或 finish。")
    )
    pause_kind = models.CharField(
        _("暂停原因"), max_length=16, choices=PauseKind.choices, blank=True, help_text=_("补正或特别程序。")
    )
    days = models.PositiveIntegerField(_("天数"), default=0, help_text=_("延期的工作日数。"))
    note = models.TextField(_("说明"), blank=True, help_text=_("理由或意见。"))
    details = models.JSONField(_("详情"), default=dict, blank=True, help_text=_("操作的其他数据。"))

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["case", "at", "pk"]
        # The case's index is its timeline's; most events belong to no task.
        indexes = [
            models.Index(fields=["case", "at"], name="case_event_case_at"),
            models.Index(fields=["task"], condition=models.Q(task__isnull=False), name="case_event_task"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


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
        "Certificate",
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
    waiver_reason = models.CharField(
        _("减免理由"), max_length=300, blank=True, help_text=_("减免的理由和依据。")
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
        Case,
        verbose_name=_("办件"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
        help_text=_("产生该证照的办件。"),
    )
    issued_at = models.DateTimeField(_("入库时间"), default=timezone.now, help_text=_("存入证照库的时间。"))

    class Meta:
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
