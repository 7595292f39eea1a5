"""The code lists of proxy service."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .routing import Rule


class Priority(models.TextChoices):
    """Who gets priority and door-to-door service (DOMAIN.md: the elderly, sick, disabled and pregnant)."""

    ELDERLY = "elderly", _("老年人")
    SICK = "sick", _("患病")
    DISABLED = "disabled", _("残疾人")
    PREGNANT = "pregnant", _("孕产妇")


class Mode(models.TextChoices):
    STAGED = "staged", _("分段代办")
    WHOLE = "whole", _("全程代办")


class SignedBy(models.TextChoices):
    TOUCH = "touch", _("触摸屏签名")
    SCAN = "scan", _("签字扫描件")


class RoutingRule(models.TextChoices):
    DEPARTMENT_IN_CHARGE = Rule.DEPARTMENT_IN_CHARGE.value, _("谁主管谁代办")
    TERRITORY = Rule.TERRITORY.value, _("谁的地盘谁代办")
    LEAD_DEPARTMENT = Rule.LEAD_DEPARTMENT.value, _("牵头部门代办")
    FIRST_RECEIVER_TO_THE_END = Rule.FIRST_RECEIVER_TO_THE_END.value, _("首接负责制")
    FIRST_RECEIVER_LEADS = Rule.FIRST_RECEIVER_LEADS.value, _("首接牵头")


class ProxyStatus(models.TextChoices):
    """The steps of a proxy case (DOMAIN.md): entrust, submit, carry through, deliver the result,
    archive, report, follow-up call."""

    RECEIVED = "received", _("已接收")
    ENTRUSTED = "entrusted", _("已签委托")
    SUBMITTED = "submitted", _("已递交办理")
    DELIVERED = "delivered", _("结果已送达")
    ARCHIVED = "archived", _("已归档")
    REPORTED = "reported", _("已报结")
    FOLLOWED_UP = "followed_up", _("已回访")


class ProxyAction(models.TextChoices):
    ENTRUST = "entrust", _("签订委托")
    SUBMIT = "submit", _("递交办件")
    DELIVER = "deliver", _("送达结果")
    ARCHIVE = "archive", _("归档")
    REPORT = "report", _("报结")
    FOLLOW_UP = "follow_up", _("回访")
    RATE = "rate", _("委托人评价")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Slot(models.TextChoices):
    MORNING = "morning", _("上午")
    AFTERNOON = "afternoon", _("下午")
