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
