"""The case row: applicant, item version, stored clock figures, fees, deferral, reasons, delivery."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.catalog.choices import CaseKind
from onewindow.timelimits.choices import PauseKind
from onewindow.timelimits.models import TimeLimited

from ..choices import OPEN_STATUSES, ApplicantKind, Channel, Delivery, Status
from .conditions import (
    NOT_OPEN_CASE,
    OPEN_CASE,
    OPEN_RED_CASE,
    OPEN_RUNNING_CASE,
    PAUSED_CASE,
    UNANNOUNCED_CASE,
    WINDOW_WORK_CASE,
)


class Case(TimeLimited):
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
    extended_days = models.PositiveIntegerField(
        _("已延期（工作日）"), default=0, help_text=_("经批准延长的工作日数。")
    )
    supplement_restarts = models.BooleanField(
        _("补正后重新计时"), default=False, help_text=_("取自事项版本：补正后重新计算时限。")
    )
    yellow_threshold = models.PositiveSmallIntegerField(
        _("预警阈值"), null=True, blank=True, help_text=_("剩余工作日不超过此数时黄牌预警；空为默认。")
    )
    paused_kind = models.CharField(
        _("暂停原因"), max_length=16, choices=PauseKind.choices, blank=True, help_text=_("补正或特别程序。")
    )

    # The one-visit measures
    visits = models.PositiveSmallIntegerField(_("跑动次数"), default=0, help_text=_("申请人到现场的次数。"))
    finished_on_site = models.BooleanField(_("现场办结"), default=False, help_text=_("在窗口当场办结。"))

    # The one-time notice (补正材料通知书)
    supplement_due = models.DateField(
        _("补正期限"),
        null=True,
        blank=True,
        help_text=_("申请人须在此日前补正通知书所列材料；空为未出具通知书或期限所在年份的日历尚未载入。"),
    )

    # Deferred acceptance (容缺受理)
    deferred = models.BooleanField(
        _("容缺受理"), default=False, help_text=_("缺少可容缺材料、已签承诺书受理；补齐前不发放结果。")
    )
    commitment_signed_at = models.DateTimeField(
        _("承诺书签署时间"), null=True, blank=True, help_text=_("申请人签署容缺承诺书的时间。")
    )

    # Fees
    fee_answers = models.JSONField(
        _("收费情形"),
        default=dict,
        blank=True,
        db_default={},
        help_text=_("申请时对收费问题的回答（如 房屋用途：住宅），受理时据此只收应收的项目。"),
    )
    fees_total = models.DecimalField(
        _("应收费用"), max_digits=12, decimal_places=2, default=0, help_text=_("元。")
    )
    fees_settled = models.BooleanField(
        _("费用已结清"), default=True, help_text=_("所有收费已缴清或减免；未结清不能办结。")
    )

    late_explanation = models.TextField(
        _("超时说明"),
        blank=True,
        default="",
        db_default="",
        help_text=_("超过办结期限作出决定时，经办人说明超时的原因。"),
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
            models.Index(
                fields=["department", "status", "submitted_at"],
                condition=NOT_OPEN_CASE,
                name="case_not_open_department",
            ),
            models.Index(fields=["body", "submitted_at"], name="case_body_submitted"),
            models.Index(fields=["status", "deadline"], name="case_status_deadline"),
            models.Index(fields=["warning", "deadline"], name="case_warning_deadline"),
            models.Index(fields=["warning", "yellow_on"], name="case_warning_yellow_on"),
            models.Index(
                fields=["department", "due_on", "id"], condition=OPEN_CASE, name="case_open_department_due"
            ),
            models.Index(fields=["remaining_days"], condition=PAUSED_CASE, name="case_paused_remaining"),
            models.Index(fields=["deadline", "id"], condition=OPEN_RED_CASE, name="case_open_red_deadline"),
            models.Index(
                fields=["deadline", "id"], condition=OPEN_RUNNING_CASE, name="case_open_running_deadline"
            ),
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
