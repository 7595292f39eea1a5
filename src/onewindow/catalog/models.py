"""The service-item catalog: items in versions, their materials, fees, steps and joint departments,
topics, and "one thing" bundles.

An `Item` is the lasting identity of a service; what it says lives in `ItemVersion` rows. A published
version is never edited: editing makes a new draft, and publishing the draft retires the old version.
Cases point at the version they were accepted under.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.core.clock import PauseKind

from .choices import (
    CaseKind,
    ExercisingTier,
    FeeCondition,
    ItemType,
    MaterialForm,
    MaterialRequirement,
    MaterialSource,
    OnlineDepth,
    SupplementRule,
    TopicAudience,
    VersionStatus,
)

SPECIAL_PROCEDURES = [k.value for k in PauseKind if k != PauseKind.SUPPLEMENT]
MAX_DAYS = 3650  # no time limit in the catalog is longer than ten years of working days
code_validator = RegexValidator(
    r"^[A-Za-z0-9._-]+$", _("编码只能包含字母、数字、点、下划线和连字符。"), code="invalid_code"
)
days = [MaxValueValidator(MAX_DAYS)]


class Topic(models.Model):
    """A topic or life event (主题/生命周期事件) by which the public browses the catalog."""

    code = models.SlugField(
        _("代码"), max_length=40, unique=True, help_text=_("英文短代码，如 birth、startup。")
    )
    name = models.CharField(_("名称"), max_length=50, help_text=_("如“出生”“开办企业”。"))
    audience = models.CharField(
        _("服务对象"), max_length=12, choices=TopicAudience.choices, help_text=_("面向个人还是法人。")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0, help_text=_("列表中的先后顺序。"))

    class Meta:
        verbose_name = _("主题")
        verbose_name_plural = _("主题")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class Item(models.Model):
    """The lasting identity of a service item across its versions."""

    created_at = models.DateTimeField(
        _("创建时间"), default=timezone.now, help_text=_("事项首次录入的时间。")
    )

    class Meta:
        verbose_name = _("事项")
        verbose_name_plural = _("事项")

    def __str__(self):
        return f"#{self.pk}"


class ItemVersion(models.Model):
    """One version of a service item with every element of the national implementation list."""

    item = models.ForeignKey(
        Item,
        verbose_name=_("事项"),
        on_delete=models.PROTECT,
        related_name="versions",
        help_text=_("所属事项。"),
    )
    version = models.PositiveIntegerField(_("版本号"), help_text=_("同一事项的版本号，从 1 起。"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
        db_index=True,
        help_text=_("草稿可编辑；已发布的版本不再修改；已废止的版本仅供已受理的办件引用。"),
    )
    published_at = models.DateTimeField(
        _("发布时间"), null=True, blank=True, help_text=_("本版本发布的时间。")
    )
    retired_at = models.DateTimeField(
        _("废止时间"), null=True, blank=True, help_text=_("本版本被新版本取代的时间。")
    )

    basic_code = models.CharField(
        _("基本编码"),
        max_length=40,
        validators=[code_validator],
        help_text=_("国家政务服务事项基本目录编码。"),
    )
    implementation_code = models.CharField(
        _("实施编码"),
        max_length=60,
        db_index=True,
        validators=[code_validator],
        help_text=_("本地实施清单编码；在现行版本中唯一。"),
    )
    name = models.CharField(_("事项名称"), max_length=200, help_text=_("如“不动产抵押登记”。"))
    name_initials = models.CharField(
        _("拼音首字母"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("由名称自动生成，如 bdcdydj。"),
    )
    name_pinyin = models.CharField(_("全拼"), max_length=800, blank=True, help_text=_("由名称自动生成。"))
    item_type = models.CharField(
        _("事项类型"), max_length=2, choices=ItemType.choices, help_text=_("01-10 行政权力，20 公共服务。")
    )
    power_source = models.TextField(_("设定依据"), blank=True, help_text=_("法律、法规、规章依据。"))
    tier = models.CharField(
        _("行使层级"), max_length=10, choices=ExercisingTier.choices, help_text=_("由哪一级行使。")
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("实施部门"),
        on_delete=models.PROTECT,
        related_name="item_versions",
        help_text=_("实施本事项的部门；联办件为牵头部门。"),
    )
    implementing_body = models.CharField(
        _("实施主体"),
        max_length=100,
        blank=True,
        help_text=_("以其名义作出决定的机关，如“新泰市自然资源和规划局”；空为实施部门。"),
    )
    legal_limit_days = models.PositiveIntegerField(
        _("法定办结时限"), validators=days, help_text=_("工作日。")
    )
    promised_limit_days = models.PositiveIntegerField(
        _("承诺办结时限"), validators=days, help_text=_("工作日；即办件为 0。")
    )
    case_kind = models.CharField(
        _("办件类型"),
        max_length=12,
        choices=CaseKind.choices,
        help_text=_("即办件、承诺件、联办件或上报件。"),
    )
    visits_required = models.PositiveSmallIntegerField(
        _("到现场次数"),
        default=1,
        validators=[MaxValueValidator(20)],
        help_text=_("办结须到大厅的次数，目标不超过 1。"),
    )
    online_depth = models.PositiveSmallIntegerField(
        _("网办深度"),
        choices=OnlineDepth.choices,
        default=OnlineDepth.INFORMATION,
        help_text=_("一级至四级。"),
    )
    conditions = models.TextField(_("受理条件"), blank=True, help_text=_("申请人须满足的条件。"))
    special_procedures = models.JSONField(
        _("特别程序"), default=list, blank=True, help_text=_("可暂停计时的特别程序，如听证、检验、专家评审。")
    )
    supplement_rule = models.CharField(
        _("补正计时规则"),
        max_length=10,
        choices=SupplementRule.choices,
        default=SupplementRule.PAUSE,
        help_text=_("补正期间暂停计时，或收到补正材料后重新计时。"),
    )
    extension_allowed = models.BooleanField(_("可延期"), default=False, help_text=_("经批准可延长办理时限。"))
    extension_max_days = models.PositiveIntegerField(
        _("最长延期"), default=0, validators=days, help_text=_("可延长的最多工作日。")
    )
    yellow_threshold_days = models.PositiveSmallIntegerField(
        _("黄牌预警阈值"),
        null=True,
        blank=True,
        help_text=_("剩余工作日不超过此数时黄牌预警；为空按时限的 20%（至少 1 天）。"),
    )
    issues_certificate = models.CharField(
        _("核发证照"),
        max_length=100,
        blank=True,
        help_text=_("准予后核发的证照类型，如“营业执照”；结果存入电子证照库。空为不发证照。"),
    )
    report_up_authority = models.CharField(
        _("上报机关"), max_length=100, blank=True, help_text=_("上报件须报请审批的上级机关。")
    )
    report_up_limit_days = models.PositiveIntegerField(
        _("上级办理时限"), null=True, blank=True, help_text=_("上级机关的办理时限（工作日）。")
    )
    proxyable_tiers = models.JSONField(
        _("可代办层级"),
        default=list,
        blank=True,
        help_text=_("可由哪些层级的代办员代办：city、town、village。"),
    )
    delegated_to_town = models.BooleanField(
        _("下放乡镇"), default=False, help_text=_("是否下放到乡镇（街道）办理。")
    )
    topics = models.ManyToManyField(
        Topic,
        verbose_name=_("主题"),
        blank=True,
        related_name="item_versions",
        help_text=_("所属主题或生命周期事件。"),
    )
    location = models.CharField(
        _("办理地点"), max_length=200, blank=True, help_text=_("如“市政务服务中心二楼 B04 窗口”。")
    )
    hours = models.CharField(
        _("办理时间"), max_length=100, blank=True, help_text=_("如“工作日 9:00-17:30”。")
    )
    phone = models.CharField(_("咨询电话"), max_length=30, blank=True, help_text=_("对外咨询电话。"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编辑人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("创建本版本的管理员。"),
    )

    class Meta:
        verbose_name = _("事项版本")
        verbose_name_plural = _("事项版本")
        ordering = ["implementation_code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="catalog_version_unique"),
            models.UniqueConstraint(
                fields=["item"], condition=Q(status="published"), name="catalog_one_published_per_item"
            ),
            models.UniqueConstraint(
                fields=["item"], condition=Q(status="draft"), name="catalog_one_draft_per_item"
            ),
            models.UniqueConstraint(
                fields=["implementation_code"],
                condition=Q(status="published"),
                name="catalog_published_code_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "department"], name="catalog_status_dept_idx"),
            models.Index(fields=["status", "case_kind"], name="catalog_status_kind_idx"),
            models.Index(fields=["status", "tier"], name="catalog_status_tier_idx"),
            models.Index(fields=["status", "delegated_to_town"], name="catalog_status_delegated_idx"),
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"

    @property
    def is_live(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    def clean(self):
        errors = {}
        if self.promised_limit_days is not None and self.legal_limit_days is not None:
            if self.promised_limit_days > self.legal_limit_days:
                errors["promised_limit_days"] = _("承诺时限不能超过法定时限。")
        if self.case_kind == CaseKind.IMMEDIATE and self.promised_limit_days:
            errors["promised_limit_days"] = _("即办件的承诺时限应为 0。")
        if self.case_kind == CaseKind.REPORT_UP and not self.report_up_authority:
            errors["report_up_authority"] = _("上报件须写明上报机关。")
        unknown = set(self.special_procedures or []) - set(SPECIAL_PROCEDURES)
        if unknown:
            errors["special_procedures"] = _("未知的特别程序：%(names)s。") % {
                "names": "、".join(sorted(unknown))
            }
        bad_tiers = set(self.proxyable_tiers or []) - {"city", "town", "village"}
        if bad_tiers:
            errors["proxyable_tiers"] = _("未知的代办层级：%(names)s。") % {
                "names": "、".join(sorted(bad_tiers))
            }
        if not self.extension_allowed and self.extension_max_days:
            errors["extension_max_days"] = _("不可延期的事项，最长延期应为 0。")
        if errors:
            raise ValidationError(errors)


class ItemFee(models.Model):
    version = models.ForeignKey(
        ItemVersion,
        verbose_name=_("事项版本"),
        on_delete=models.CASCADE,
        related_name="fees",
        help_text=_("所属事项版本。"),
    )
    name = models.CharField(_("收费项目"), max_length=100, help_text=_("如“不动产登记费”。"))
    amount = models.DecimalField(
        _("金额（元）"), max_digits=12, decimal_places=2, help_text=_("收费标准金额。")
    )
    basis = models.CharField(_("收费依据"), max_length=300, blank=True, help_text=_("文件名称和文号。"))
    waivable = models.BooleanField(_("可减免"), default=False, help_text=_("符合条件时可减免。"))
    condition = models.CharField(
        _("收取条件"),
        max_length=10,
        choices=FeeCondition.choices,
        default=FeeCondition.ALWAYS,
        db_default=FeeCondition.ALWAYS,
        help_text=_("必收；多选一（同一问题下只收所选的一项）；按情形（申请人所述情形符合时收取）。"),
    )
    question = models.CharField(
        _("询问"),
        max_length=60,
        blank=True,
        default="",
        db_default="",
        help_text=_("受理时向申请人询问的问题，如“房屋用途”；必收时留空。"),
    )
    answer = models.CharField(
        _("对应回答"),
        max_length=60,
        blank=True,
        default="",
        db_default="",
        help_text=_("回答为此值时收取本项，如“住宅”。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("先后顺序。"))

    class Meta:
        verbose_name = _("收费")
        verbose_name_plural = _("收费")
        ordering = ["version_id", "sort_order", "id"]

    def __str__(self):
        return f"{self.name} {self.amount}"

    @property
    def condition_text(self) -> str:
        """When the line is owed, in words for the guide and the intake screen; empty when always."""
        if self.condition == FeeCondition.ALWAYS:
            return ""
        return _("%(question)s为“%(answer)s”时收取") % {"question": self.question, "answer": self.answer}

    def clean(self):
        """A conditional line names the question and its answer; a line always owed names neither."""
        if self.condition == FeeCondition.ALWAYS:
            if self.question or self.answer:
                raise ValidationError({"question": _("必收的收费不需要询问和回答。")})
            return
        missing = {name: _("按条件收取的收费须填写询问和对应回答。") for name in ("question", "answer")}
        if not self.question.strip() or not self.answer.strip():
            raise ValidationError({k: v for k, v in missing.items() if not getattr(self, k).strip()})


class ItemStep(models.Model):
    version = models.ForeignKey(
        ItemVersion,
        verbose_name=_("事项版本"),
        on_delete=models.CASCADE,
        related_name="steps",
        help_text=_("所属事项版本。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("顺序"), help_text=_("第几个环节。"))
    name = models.CharField(_("环节名称"), max_length=50, help_text=_("如“受理”“审查”“决定”“送达”。"))
    share_percent = models.PositiveSmallIntegerField(
        _("时限占比（%）"), help_text=_("本环节占办结时限的百分比；各环节合计 100。")
    )

    class Meta:
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")
        ordering = ["version_id", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "sort_order"], name="catalog_step_order_unique")
        ]

    def __str__(self):
        return f"{self.sort_order}. {self.name}"


class ItemJointDepartment(models.Model):
    """A department that handles a joint item in parallel; exactly one leads."""

    version = models.ForeignKey(
        ItemVersion,
        verbose_name=_("事项版本"),
        on_delete=models.CASCADE,
        related_name="joint_departments",
        help_text=_("所属事项版本。"),
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("参与并联审批的部门。"),
    )
    is_lead = models.BooleanField(_("牵头部门"), default=False, help_text=_("联办件有且只有一个牵头部门。"))
    limit_days = models.PositiveIntegerField(
        _("部门时限"), validators=days, help_text=_("本部门办理时限（工作日）。")
    )

    class Meta:
        verbose_name = _("联办部门")
        verbose_name_plural = _("联办部门")
        ordering = ["version_id", "-is_lead", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "department"], name="catalog_joint_unique")]

    def __str__(self):
        return str(self.department)


class ItemMaterial(models.Model):
    version = models.ForeignKey(
        ItemVersion,
        verbose_name=_("事项版本"),
        on_delete=models.CASCADE,
        related_name="materials",
        help_text=_("所属事项版本。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("序号"), help_text=_("材料清单中的序号。"))
    name = models.CharField(_("材料名称"), max_length=200, help_text=_("如“居民身份证”。"))
    requirement = models.CharField(
        _("必要性"),
        max_length=12,
        choices=MaterialRequirement.choices,
        default=MaterialRequirement.REQUIRED,
        help_text=_("必要、非必要或容缺（可后补）。"),
    )
    form = models.CharField(
        _("材料形式"),
        max_length=12,
        choices=MaterialForm.choices,
        default=MaterialForm.PAPER,
        help_text=_("纸质、电子或均可。"),
    )
    copies = models.PositiveSmallIntegerField(
        _("份数"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("须提交的份数。"),
    )
    source = models.CharField(
        _("来源"),
        max_length=12,
        choices=MaterialSource.choices,
        default=MaterialSource.APPLICANT,
        help_text=_("申请人自备、电子证照库调取或部门共享。"),
    )
    certificate_type = models.CharField(
        _("证照类型"), max_length=100, blank=True, help_text=_("从电子证照库调取时的证照类型，如“营业执照”。")
    )
    source_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("提供部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("由其他部门共享时的提供部门。"),
    )
    blank_form = models.FileField(
        _("空白表格"), upload_to="catalog/forms/", blank=True, help_text=_("可下载的空白表格。")
    )
    sample = models.FileField(
        _("示范文本"), upload_to="catalog/samples/", blank=True, help_text=_("填写示范样例。")
    )
    acceptance_standard = models.TextField(_("受理标准"), blank=True, help_text=_("窗口审核该材料的标准。"))

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["version_id", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "sort_order"], name="catalog_material_order_unique")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.source == MaterialSource.CERTIFICATE_LIBRARY and not self.certificate_type:
            raise ValidationError({"certificate_type": _("从电子证照库调取的材料须写明证照类型。")})
        if self.source == MaterialSource.DEPARTMENT and not self.source_department_id:
            raise ValidationError({"source_department": _("部门共享的材料须写明提供部门。")})


class Bundle(models.Model):
    """A "one thing" (一件事): items applied for together with one form and one merged material list."""

    code = models.CharField(_("编码"), max_length=40, unique=True, help_text=_("一件事编码。"))
    name = models.CharField(_("名称"), max_length=100, help_text=_("如“我要开餐馆”。"))
    description = models.TextField(_("说明"), blank=True, help_text=_("面向群众的简要说明。"))
    items = models.ManyToManyField(
        Item,
        verbose_name=_("包含事项"),
        through="BundleItem",
        related_name="bundles",
        help_text=_("一件事包含的事项。"),
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("主题"), blank=True, related_name="bundles", help_text=_("所属主题。")
    )
    is_active = models.BooleanField(_("启用"), default=True, help_text=_("停用后不再对外展示。"))

    class Meta:
        verbose_name = _("一件事")
        verbose_name_plural = _("一件事")
        ordering = ["code"]

    def __str__(self):
        return self.name


class BundleItem(models.Model):
    bundle = models.ForeignKey(
        Bundle,
        verbose_name=_("一件事"),
        on_delete=models.CASCADE,
        related_name="bundle_items",
        help_text=_("所属一件事。"),
    )
    item = models.ForeignKey(
        Item,
        verbose_name=_("事项"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("包含的事项；使用其现行版本。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("顺序"), default=0, help_text=_("办理顺序。"))

    class Meta:
        verbose_name = _("一件事事项")
        verbose_name_plural = _("一件事事项")
        ordering = ["bundle_id", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["bundle", "item"], name="catalog_bundle_item_unique")]

    def __str__(self):
        return f"{self.bundle} · {self.item}"


class ImportJob(models.Model):
    """One Excel import of the catalog, run in the background, with its progress and every error."""

    class State(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("有错误，未导入")

    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, help_text=_("上传文件的时间。"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("上传文件的管理员。"),
    )
    file_name = models.CharField(_("文件名"), max_length=200, help_text=_("上传的文件名。"))
    workbook = models.FileField(_("工作簿"), upload_to="catalog/imports/", help_text=_("上传的 Excel 文件。"))
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.PENDING, help_text=_("导入进度状态。")
    )
    total = models.PositiveIntegerField(_("总行数"), default=0, help_text=_("待处理的事项行数。"))
    done = models.PositiveIntegerField(_("已处理"), default=0, help_text=_("已处理的事项行数。"))
    errors = models.JSONField(
        _("错误"), default=list, blank=True, help_text=_("每个错误的工作表、行、列和说明。")
    )
    summary = models.JSONField(_("结果"), default=dict, blank=True, help_text=_("新增、更新、未变的事项数。"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True, help_text=_("导入结束的时间。"))

    class Meta:
        verbose_name = _("清单导入")
        verbose_name_plural = _("清单导入")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        return (
            100
            if self.state in (self.State.DONE, self.State.FAILED)
            else int(100 * self.done / self.total)
            if self.total
            else 0
        )


class SearchSynonym(models.Model):
    """An everyday word people search by and the catalog words it stands for: 房产证 -> 不动产权证书,
    开饭店 -> 食品经营许可 个体工商户设立登记. The administrators keep the list (the admin site); the guide's,
    the intake's and the API's search read it (`selectors.search`)."""

    phrase = models.CharField(
        _("常用说法"),
        max_length=40,
        unique=True,
        help_text=_("群众搜索时常说的词，如“房产证”“开饭店”；搜索词中含有它即按下列词查找。"),
    )
    means = models.CharField(
        _("对应事项用语"),
        max_length=200,
        help_text=_(
            "它所指的事项名称或证照名称中的词，多个用空格分隔，如“食品经营许可 个体工商户设立登记”。"
        ),
    )

    class Meta:
        verbose_name = _("搜索同义词")
        verbose_name_plural = _("搜索同义词")
        ordering = ["phrase"]

    def __str__(self):
        return f"{self.phrase} → {self.means}"

    def clean(self):
        self.phrase = " ".join((self.phrase or "").split())
        self.means = " ".join((self.means or "").replace("，", " ").replace(",", " ").split())
        if not self.means:
            raise ValidationError({"means": _("请填写它对应的事项用语。")})

    @property
    def words(self) -> list[str]:
        return self.means.split()
