"""The enumerations of a case: statuses, actions, channels, how a material was provided, fees. (The clock's
warning, state and pause kinds are the time limits' own: `onewindow.timelimits.choices`.)"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PREREVIEW = "prereview", _("网上预审")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("待补正")
    ACCEPTED = "accepted", _("已受理")
    IN_REVIEW = "in_review", _("审查中")
    PAUSED = "paused", _("暂停计时")
    EXTENDED = "extended", _("已延期")
    REPORTED_UP = "reported_up", _("已上报")
    APPROVED = "approved", _("准予许可")
    DENIED = "denied", _("不予许可")
    RETURNED = "returned", _("退回")
    WITHDRAWN = "withdrawn", _("已撤回")
    DELIVERED = "delivered", _("已送达")
    CLOSED = "closed", _("已办结")


# Statuses whose clock still runs or stands (the case is on someone's desk).
OPEN_STATUSES = frozenset(
    {Status.ACCEPTED, Status.IN_REVIEW, Status.PAUSED, Status.EXTENDED, Status.REPORTED_UP}
)
# Statuses before acceptance: no clock yet.
BEFORE_ACCEPTANCE = frozenset({Status.PREREVIEW, Status.AWAITING_SUPPLEMENT})
# Statuses after which nothing more happens.
FINAL_STATUSES = frozenset({Status.RETURNED, Status.WITHDRAWN, Status.CLOSED})


class Action(models.TextChoices):
    SUBMIT = "submit", _("提交申请")
    ACCEPT = "accept", _("受理")
    REQUEST_SUPPLEMENT = "request_supplement", _("一次性告知补正")
    SUPPLEMENT = "supplement", _("补齐材料")
    SUPPLY_DEFERRED = "supply_deferred", _("补交容缺材料")
    START_REVIEW = "start_review", _("开始审查")
    PAUSE = "pause", _("暂停计时")
    RESUME = "resume", _("恢复计时")
    EXTEND = "extend", _("延期")
    REPORT_UP = "report_up", _("上报上级")
    APPROVE = "approve", _("准予")
    DENY = "deny", _("不予许可")
    RETURN = "return", _("退回")
    WITHDRAW = "withdraw", _("撤回")
    DELIVER = "deliver", _("送达结果")
    CLOSE = "close", _("办结")
    # Joint-case tasks
    TASK_APPROVE = "task_approve", _("部门同意")
    TASK_DENY = "task_deny", _("部门不同意")
    # Fees and visits (no change of status)
    PAY_FEE = "pay_fee", _("缴费")
    WAIVE_FEE = "waive_fee", _("减免费用")
    RECORD_VISIT = "record_visit", _("登记跑动")
    # Recorded by the worker, never taken by a person
    WARN = "warn", _("时限预警")
    # Recorded by a leader's on-site decision (onsite), never a step of the case's own
    EXPEDITE = "expedite", _("领导现场办公督促加快办理")


class Channel(models.TextChoices):
    WINDOW = "window", _("综合窗口")
    ONLINE = "online", _("网上申请")
    AGENT = "agent", _("代办")
    API = "api", _("接口")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")


class Provision(models.TextChoices):
    """How a material on the checklist was provided at intake or later."""

    PAPER = "paper", _("纸质提交")
    UPLOAD = "upload", _("电子上传")
    CERTIFICATE = "certificate", _("电子证照库调取")
    SHARED = "shared", _("部门共享获取")
    MISSING = "missing", _("缺少")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    APPROVED = "approved", _("同意")
    DENIED = "denied", _("不同意")


class FeeState(models.TextChoices):
    UNPAID = "unpaid", _("未缴")
    PAID = "paid", _("已缴")
    WAIVED = "waived", _("已减免")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("现金")
    CARD = "card", _("银行卡")
    MOBILE = "mobile", _("移动支付")
    TRANSFER = "transfer", _("转账")


class Delivery(models.TextChoices):
    WINDOW = "window", _("窗口领取")
    POST = "post", _("邮寄送达")
    ELECTRONIC = "electronic", _("电子送达")
