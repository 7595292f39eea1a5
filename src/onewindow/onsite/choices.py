"""The code lists of leaders' on-site office days (领导现场办公)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("已排期")
    HELD = "held", _("已召开")
    CLOSED = "closed", _("已办结")
    CANCELLED = "cancelled", _("已取消")


class OnDayOff(models.TextChoices):
    """What the rota does with a session whose weekday falls on a day off."""

    MOVE = "move", _("顺延至下一个工作日")
    DROP = "drop", _("当周不安排")


class SubmitterKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    DEPARTMENT = "department", _("部门")
    TOWN = "town", _("镇街")
    CITIZEN = "citizen", _("群众")


class Channel(models.TextChoices):
    PORTAL = "portal", _("网上提交")
    STAFF = "staff", _("工作人员登记")
    API = "api", _("接口推送")
    WALK_IN = "walk_in", _("现场登记")


class TopicStatus(models.TextChoices):
    """An issue raised for a session (议题): vetted beforehand (前期工作对接), put on an agenda, decided."""

    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已受理")
    SCHEDULED = "scheduled", _("已列入议程")
    DECIDED = "decided", _("已作出决定")
    MERGED = "merged", _("已合并")
    REFERRED = "referred", _("转常规渠道办理")
    REJECTED = "rejected", _("不予受理")


VETTED_AWAY = (TopicStatus.MERGED, TopicStatus.REFERRED, TopicStatus.REJECTED)


class Vetting(models.TextChoices):
    ACCEPT = "accept", _("受理")
    MERGE = "merge", _("合并到其他议题")
    REFER = "refer", _("转常规渠道")
    REJECT = "reject", _("不予受理")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPROVED = "approved", _("领导已审定")
    ISSUED = "issued", _("已印发")


class Solved(models.TextChoices):
    YES = "yes", _("已解决")
    NO = "no", _("未解决")
