"""The enumerations of electronic supervision (电子监察), with their Chinese labels and national codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleKind(models.TextChoices):
    TIMELINESS = "timeliness", _("时效监察")
    PROCESS = "process", _("流程监察")
    FEE = "fee", _("收费监察")


class CardLevel(models.TextChoices):
    """A card's level; the values are the clock's warning levels it follows."""

    YELLOW = "yellow", _("黄牌（预警）")
    RED = "red", _("红牌（超时）")


# 监察预警类型代码 of the national data set (GB/T 39046): 1 预警, 2 超时.
NATIONAL_LEVEL_CODES = {CardLevel.YELLOW: "1", CardLevel.RED: "2"}


class Subject(models.TextChoices):
    """What a rule watches: a case, or one department's step of a joint case."""

    CASE = "case", _("办件")
    TASK = "task", _("联办环节")


class Scope(models.TextChoices):
    ALL = "all", _("全部")
    DEPARTMENT = "department", _("指定部门")
    ITEM = "item", _("指定事项")


class YellowPoint(models.TextChoices):
    """When a yellow rule hits a running clock."""

    ITEM = "item", _("按事项的预警设置")
    DAYS = "days", _("期限前若干个工作日")
    SHARE = "share", _("已用时限达到一定比例")


class Watch(models.TextChoices):
    """What a process or fee rule (流程监察, 收费监察) looks for in what was done on a case."""

    DECIDED_UNREVIEWED = "decided_unreviewed", _("未经审查即作出决定")
    NOTICE_TWICE = "notice_twice", _("一次性告知后再次要求补正")
    RETURN_NO_REASON = "return_no_reason", _("退回未说明理由")
    FEE_UNLISTED = "fee_unlisted", _("收取事项未列明的费用")
    FEE_ABOVE = "fee_above", _("收费高于事项规定的金额")


# The checks of each kind of rule that watches what was done.
WATCHES_OF_KIND = {
    RuleKind.PROCESS: (Watch.DECIDED_UNREVIEWED, Watch.NOTICE_TWICE, Watch.RETURN_NO_REASON),
    RuleKind.FEE: (Watch.FEE_UNLISTED, Watch.FEE_ABOVE),
}


class Source(models.TextChoices):
    """Where a supervision matter (督办事项) comes from (DOMAIN.md)."""

    INSTRUCTION = "instruction", _("上级批示件")
    INVESTIGATION = "investigation", _("查办件")
    COMPLAINT = "complaint", _("群众和企业投诉")
    ENQUIRY = "enquiry", _("群众和企业咨询")
    MEDIA = "media", _("媒体曝光")
    HOTLINE = "hotline", _("12345 热线")
    ONSITE = "onsite", _("领导现场办公决定")
    RATING = "rating", _("差评")
    CARD = "card", _("监察卡")


# Sources whose matter has a requester who must hear back before it closes.
PUBLIC_SOURCES = frozenset({Source.COMPLAINT, Source.ENQUIRY, Source.HOTLINE})


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")
    VERY_URGENT = "very_urgent", _("特急")


class MatterStatus(models.TextChoices):
    REGISTERED = "registered", _("已立项")
    ASSIGNED = "assigned", _("已交办")
    HANDLING = "handling", _("承办中")
    FED_BACK = "fed_back", _("已反馈")
    CLOSED = "closed", _("已办结")


# A matter on a unit's desk: its feedback may be late and the ladder may climb.
AWAITING_FEEDBACK = (MatterStatus.ASSIGNED, MatterStatus.HANDLING)
OPEN_MATTER_STATUSES = (
    MatterStatus.REGISTERED,
    MatterStatus.ASSIGNED,
    MatterStatus.HANDLING,
    MatterStatus.FED_BACK,
)


class UrgingMethod(models.TextChoices):
    """The rungs of the urging ladder (Lantian), in the order they usually climb."""

    NOTICE = "notice", _("催办单")
    PHONE = "phone", _("电话催办")
    VERBAL = "verbal", _("当面催办")
    ONSITE = "onsite", _("现场督办")
    MEETING = "meeting", _("专题会议督办")
    JOINT = "joint", _("联合督办")


class FollowUp(models.TextChoices):
    """The follow-up call's result (回访结果)."""

    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")
