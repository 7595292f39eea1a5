"""The enumerations of the national implementation list (事项实施清单), with their official codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemType(models.TextChoices):
    LICENSING = "01", _("行政许可")
    PENALTY = "02", _("行政处罚")
    ENFORCEMENT = "03", _("行政强制")
    LEVY = "04", _("行政征收")
    BENEFIT = "05", _("行政给付")
    INSPECTION = "06", _("行政检查")
    CONFIRMATION = "07", _("行政确认")
    REWARD = "08", _("行政奖励")
    ADJUDICATION = "09", _("行政裁决")
    OTHER = "10", _("其他行政权力")
    PUBLIC_SERVICE = "20", _("公共服务")


class CaseKind(models.TextChoices):
    IMMEDIATE = "immediate", _("即办件")
    PROMISED = "promised", _("承诺件")
    JOINT = "joint", _("联办件")
    REPORT_UP = "report_up", _("上报件")


class ExercisingTier(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWN = "town", _("乡镇（街道）级")
    VILLAGE = "village", _("村（社区）级")


class OnlineDepth(models.IntegerChoices):
    NONE = 0, _("不能网上办理")
    INFORMATION = 1, _("一级：网上公开办事指南")
    PRE_REVIEW = 2, _("二级：网上预审")
    ACCEPTANCE = 3, _("三级：网上受理")
    FULL = 4, _("四级：全程网办")


class SupplementRule(models.TextChoices):
    PAUSE = "pause", _("补正期间暂停计时")
    RESTART = "restart", _("补正后重新计时")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已废止")


class MaterialRequirement(models.TextChoices):
    REQUIRED = "required", _("必要")
    OPTIONAL = "optional", _("非必要")
    DEFERRABLE = "deferrable", _("容缺")


class MaterialForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    BOTH = "both", _("纸质或电子")


class MaterialSource(models.TextChoices):
    APPLICANT = "applicant", _("申请人自备")
    CERTIFICATE_LIBRARY = "certificate", _("电子证照库调取")
    DEPARTMENT = "department", _("部门间共享")


class FeeCondition(models.TextChoices):
    """When a fee line is owed. The intake asks each question of the lines applied for once (a bundle's
    items share a question of the same wording) and charges only the lines its answers make owed."""

    ALWAYS = "always", _("必收")
    ONE_OF = "one_of", _("多选一")  # one line of the question's group is owed: the one whose answer is chosen
    ON_FACT = "on_fact", _("按情形")  # owed when the stated fact has this answer; other answers owe nothing


class ProxyTier(models.TextChoices):
    """The tiers of proxy agents that may carry an item (three-tier proxy lists)."""

    CITY = "city", _("市级代办")
    TOWN = "town", _("镇级代办")
    VILLAGE = "village", _("村级代办")


class TopicAudience(models.TextChoices):
    PERSON = "person", _("个人")
    ENTERPRISE = "enterprise", _("法人")
