"""The organisation: divisions, the three tiers of service bodies, departments, windows and staff."""

import re
from itertools import pairwise

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Role

_TWELVE_DIGITS = re.compile(r"^\d{12}$")


class DivisionLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWN = "town", _("乡镇/街道")
    VILLAGE = "village", _("村/社区")


# How many leading digits of the 12-digit statistical code name a division at each level.
SIGNIFICANT_DIGITS = {
    DivisionLevel.PROVINCE: 2,
    DivisionLevel.CITY: 4,
    DivisionLevel.COUNTY: 6,
    DivisionLevel.TOWN: 9,
    DivisionLevel.VILLAGE: 12,
}
LEVEL_ORDER = list(SIGNIFICANT_DIGITS)


class Division(models.Model):
    """An administrative division with its official 12-digit statistical code."""

    code = models.CharField(
        _("区划代码"),
        max_length=12,
        unique=True,
        help_text=_("12 位统计用区划代码：前 6 位为县级及以上代码，7-9 位为乡镇，10-12 位为村。"),
    )
    name = models.CharField(_("名称"), max_length=100, help_text=_("区划的正式名称，如“新泰市”。"))
    level = models.CharField(
        _("层级"), max_length=10, choices=DivisionLevel.choices, db_index=True, help_text=_("区划层级。")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("直接上级区划；省级为空。"),
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def prefix(self) -> str:
        """The leading digits every division inside this one shares."""
        return self.code[: SIGNIFICANT_DIGITS[self.level]]

    def clean(self):
        if not _TWELVE_DIGITS.match(self.code or ""):
            raise ValidationError({"code": _("区划代码须为 12 位数字。")})
        if self.level not in SIGNIFICANT_DIGITS:
            return
        width = SIGNIFICANT_DIGITS[self.level]
        if set(self.code[width:]) - {"0"}:
            raise ValidationError({"code": _("该层级的区划代码第 %(n)s 位之后应全为 0。") % {"n": width}})
        segments = [self.code[a:b] for a, b in pairwise([0, *SIGNIFICANT_DIGITS.values()])]
        if any(not set(segment) - {"0"} for segment in segments[: LEVEL_ORDER.index(self.level) + 1]):
            raise ValidationError({"code": _("区划代码中本层级的数字不能全为 0。")})
        if self.level == DivisionLevel.PROVINCE:
            if self.parent_id:
                raise ValidationError({"parent": _("省级区划没有上级。")})
            return
        if not self.parent_id:
            raise ValidationError({"parent": _("请选择上级区划。")})
        if LEVEL_ORDER.index(self.parent.level) >= LEVEL_ORDER.index(self.level):
            raise ValidationError({"parent": _("上级区划的层级必须高于本区划。")})
        if not self.code.startswith(self.parent.prefix):
            raise ValidationError(
                {"code": _("区划代码须以上级区划代码 %(p)s 开头。") % {"p": self.parent.prefix}}
            )


class Tier(models.TextChoices):
    """The three tiers of service bodies (三级)."""

    CITY = "city", _("市/县级政务服务中心")
    TOWN = "town", _("乡镇/街道便民服务中心")
    VILLAGE = "village", _("村/社区便民服务站")


TIER_LEVELS = {
    Tier.CITY: {DivisionLevel.PROVINCE, DivisionLevel.CITY, DivisionLevel.COUNTY},
    Tier.TOWN: {DivisionLevel.TOWN},
    Tier.VILLAGE: {DivisionLevel.VILLAGE},
}
TIER_ORDER = [Tier.CITY, Tier.TOWN, Tier.VILLAGE]


class ServiceBody(models.Model):
    """A service center, town service center or village service station."""

    name = models.CharField(_("名称"), max_length=100, help_text=_("如“新泰市政务服务中心”。"))
    tier = models.CharField(
        _("层级"), max_length=10, choices=Tier.choices, db_index=True, help_text=_("三级服务体系中的层级。")
    )
    division = models.ForeignKey(
        Division,
        verbose_name=_("所属区划"),
        on_delete=models.PROTECT,
        related_name="bodies",
        help_text=_("本机构服务的行政区划。"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("上一级服务机构；市/县级中心为空。"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True, help_text=_("办事大厅地址。"))
    phone = models.CharField(_("咨询电话"), max_length=30, blank=True, help_text=_("对外公布的咨询电话。"))
    opening_hours = models.CharField(
        _("办公时间"), max_length=100, blank=True, help_text=_("如“工作日 9:00-12:00, 13:30-17:00”。")
    )
    is_active = models.BooleanField(_("启用"), default=True, help_text=_("停用后不再受理新业务。"))

    class Meta:
        verbose_name = _("服务机构")
        verbose_name_plural = _("服务机构")
        ordering = ["division__code", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.division_id
            and self.tier in TIER_LEVELS
            and self.division.level not in TIER_LEVELS[self.tier]
        ):
            raise ValidationError({"division": _("所属区划的层级与机构层级不符。")})
        if self.tier == Tier.CITY:
            if self.parent_id:
                raise ValidationError({"parent": _("市/县级政务服务中心没有上级机构。")})
            return
        if not self.parent_id:
            raise ValidationError({"parent": _("乡镇和村级机构须有上级机构。")})
        if TIER_ORDER.index(self.parent.tier) >= TIER_ORDER.index(self.tier):
            raise ValidationError({"parent": _("上级机构的层级必须高于本机构。")})
        if self.division_id and not self.division.code.startswith(self.parent.division.prefix):
            raise ValidationError({"parent": _("上级机构须服务于包含本机构区划的上级区划。")})


class Department(models.Model):
    """A department stationed at a service center (进驻单位) with its approval section."""

    body = models.ForeignKey(
        ServiceBody,
        verbose_name=_("进驻机构"),
        on_delete=models.PROTECT,
        related_name="departments",
        help_text=_("部门进驻的服务中心。"),
    )
    name = models.CharField(_("部门名称"), max_length=100, help_text=_("如“市场监督管理局”。"))
    short_name = models.CharField(
        _("简称"), max_length=30, blank=True, help_text=_("列表和报表中使用的简称。")
    )
    approval_section = models.CharField(
        _("行政审批科"), max_length=100, blank=True, help_text=_("部门集中审批职能的科室名称。")
    )
    authority_name = models.CharField(
        _("机关全称"),
        max_length=100,
        blank=True,
        help_text=_("决定书抬头和落款使用的全称，如“新泰市市场监督管理局”；空为所属区划名称加部门名称。"),
    )
    review_body = models.CharField(
        _("行政复议机关"),
        max_length=100,
        blank=True,
        help_text=_("对本部门决定申请行政复议的机关；空为本级人民政府。垂直管理的部门填上一级主管部门。"),
    )
    court = models.CharField(
        _("管辖法院"),
        max_length=100,
        blank=True,
        help_text=_("对本部门决定提起行政诉讼的人民法院；空为本级人民法院。"),
    )
    chief_representative = models.ForeignKey(
        "Staff",
        verbose_name=_("首席代表"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("部门派驻中心、可现场签批即办件的首席代表。"),
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0, help_text=_("在列表中的先后顺序。"))
    is_active = models.BooleanField(_("启用"), default=True, help_text=_("撤出中心后停用。"))

    class Meta:
        verbose_name = _("进驻部门")
        verbose_name_plural = _("进驻部门")
        ordering = ["body_id", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="org_department_unique_name")]

    def __str__(self):
        return self.short_name or self.name

    def clean(self):
        rep = self.chief_representative
        if rep is None:
            return
        if rep.department_id != self.pk:
            raise ValidationError({"chief_representative": _("首席代表须为本部门人员。")})
        if not rep.has_role(Role.CHIEF_REP):
            raise ValidationError({"chief_representative": _("该人员未被授予首席代表角色。")})


class WindowKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", _("综合受理窗口")
    DEPARTMENT = "department", _("部门窗口")


class Window(models.Model):
    """A service window in a hall: comprehensive intake (any item) or one department's."""

    body = models.ForeignKey(
        ServiceBody,
        verbose_name=_("服务机构"),
        on_delete=models.PROTECT,
        related_name="windows",
        help_text=_("窗口所在的大厅。"),
    )
    number = models.CharField(_("窗口号"), max_length=10, help_text=_("大厅内的窗口编号，如 A01。"))
    name = models.CharField(_("窗口名称"), max_length=100, help_text=_("如“综合受理一号窗口”。"))
    kind = models.CharField(
        _("窗口类型"), max_length=16, choices=WindowKind.choices, help_text=_("综合受理或部门窗口。")
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("所属部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="windows",
        help_text=_("部门窗口所属的部门；综合受理窗口为空。"),
    )
    is_active = models.BooleanField(_("启用"), default=True, help_text=_("停用的窗口不再排队叫号。"))

    class Meta:
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")
        ordering = ["body_id", "number"]
        constraints = [models.UniqueConstraint(fields=["body", "number"], name="org_window_unique_number")]

    def __str__(self):
        return f"{self.number} {self.name}"

    def clean(self):
        if self.kind == WindowKind.DEPARTMENT and not self.department_id:
            raise ValidationError({"department": _("部门窗口须指定所属部门。")})
        if self.kind == WindowKind.COMPREHENSIVE and self.department_id:
            raise ValidationError({"department": _("综合受理窗口不属于单个部门。")})
        if self.department_id and self.body_id and self.department.body_id != self.body_id:
            raise ValidationError({"department": _("部门须进驻在同一服务机构。")})


class Staff(models.Model):
    """A member of staff: a user account tied to a body, optionally a department and a window."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("登录用的账号。"),
    )
    full_name = models.CharField(_("姓名"), max_length=50, help_text=_("工作人员姓名。"))
    phone = models.CharField(
        _("手机号"), max_length=20, blank=True, help_text=_("工作联系电话，列表中脱敏显示。")
    )
    body = models.ForeignKey(
        ServiceBody,
        verbose_name=_("所在机构"),
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("工作人员所在的服务机构。"),
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("所属部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("部门人员所属的进驻部门；中心人员为空。"),
    )
    window = models.ForeignKey(
        Window,
        verbose_name=_("所在窗口"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
        help_text=_("当前坐班的窗口。"),
    )
    may_finish_immediate = models.BooleanField(
        _("可当场办结即办件"),
        default=False,
        help_text=_("经授权的综合窗口人员可当场办结即办件（首席代表始终可以）。"),
    )

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = ["body_id", "full_name"]

    def __str__(self):
        return self.full_name

    @property
    def roles(self) -> frozenset[str]:
        """The roles held, read once per instance (prefetch `role_assignments` for lists)."""
        if not hasattr(self, "_roles"):
            self._roles = frozenset(a.role for a in self.role_assignments.all())
        return self._roles

    def has_role(self, *roles) -> bool:
        return bool(self.roles & set(roles))

    def clean(self):
        if self.department_id and self.body_id and self.department.body_id != self.body_id:
            raise ValidationError({"department": _("所属部门须进驻在本机构。")})
        if self.window_id and self.body_id and self.window.body_id != self.body_id:
            raise ValidationError({"window": _("窗口须在本机构大厅内。")})
        if self.window_id and self.window.department_id and self.window.department_id != self.department_id:
            raise ValidationError({"window": _("部门窗口只能由本部门人员坐班。")})


class StaffRole(models.Model):
    """One role held by one member of staff."""

    staff = models.ForeignKey(
        Staff,
        verbose_name=_("工作人员"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
        help_text=_("持有该角色的工作人员。"),
    )
    role = models.CharField(
        _("角色"), max_length=20, choices=Role.choices, db_index=True, help_text=_("授予的角色。")
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [models.UniqueConstraint(fields=["staff", "role"], name="org_staffrole_unique")]

    def __str__(self):
        return f"{self.staff} · {self.get_role_display()}"
