"""The catalog over HTTP: public search and detail; drafts and publishing for administrators."""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from onewindow.api_errors import may_answer
from onewindow.api_types import Id, LimitOffset
from onewindow.errors import NotFound, one_or_not_found
from onewindow.files import ACCEPTED_TYPES
from onewindow.org.permissions import actor_of, require_role
from onewindow.org.roles import Role

from . import diffs, selectors, services
from .choices import (
    CaseKind,
    ExercisingTier,
    FeeCondition,
    ItemType,
    MaterialForm,
    MaterialRequirement,
    MaterialSource,
    ProxyTier,
    SupplementRule,
    VersionStatus,
)
from .models import Item, ItemVersion

router = Router(tags=["catalog"])


class ItemQuery(Schema):
    q: str = Field("", max_length=100, description="名称、拼音首字母（如 bdcdj）、全拼或编码")
    department: Id | None = Field(None, description="实施部门编号")
    kind: CaseKind | None = None
    tier: ExercisingTier | None = None
    proxyable: ProxyTier | None = Field(None, description="可由该层级代办")
    delegated: bool | None = Field(None, description="是否下放乡镇")
    topic: str | None = Field(None, max_length=40, description="主题代码")


class ItemSummary(Schema):
    id: int = Field(description="事项版本编号")
    item_id: int
    version: int
    implementation_code: str
    name: str
    department_id: int
    department_name: str = Field(alias="department.name")
    case_kind: CaseKind
    tier: ExercisingTier
    legal_limit_days: int
    promised_limit_days: int
    visits_required: int
    delegated_to_town: bool
    proxyable_tiers: list[str]


class MaterialOut(Schema):
    id: int = Field(description="材料编号：受理办件（POST /cases）时 materials[].material_id 填它")
    name: str
    requirement: MaterialRequirement
    deferrable: bool = Field(description="可容缺受理（申请人签署承诺书后可后补）")
    form: MaterialForm
    copies: int
    source: MaterialSource
    certificate_type: str
    source_department_id: int | None
    acceptance_standard: str
    file_types: list[str] = Field(description="上传时接受的文件类型（按文件内容判断）")

    @staticmethod
    def resolve_deferrable(obj) -> bool:
        return obj.requirement == MaterialRequirement.DEFERRABLE

    @staticmethod
    def resolve_file_types(obj) -> list[str]:
        return ACCEPTED_TYPES


class FeeOut(Schema):
    id: int
    name: str
    amount: Decimal
    basis: str
    waivable: bool
    condition: FeeCondition = Field(
        description="always 必收；one_of 同一询问下多选一；on_fact 所述情形符合时收取"
    )
    question: str = Field(description="受理时询问的问题（办件受理的 fee_answers 以它为键）；必收时为空")
    answer: str = Field(description="回答为此值时收取本项")


class StepOut(Schema):
    name: str
    share_percent: int


class JointOut(Schema):
    department_id: int
    is_lead: bool
    limit_days: int


class VersionRef(Schema):
    id: int
    version: int
    status: VersionStatus
    published_at: datetime | None
    retired_at: datetime | None


class ItemDetail(ItemSummary):
    basic_code: str
    status: VersionStatus
    item_type: ItemType
    power_source: str
    online_depth: int
    conditions: str
    special_procedures: list[str]
    supplement_rule: SupplementRule
    extension_allowed: bool
    extension_max_days: int
    yellow_threshold_days: int | None
    report_up_authority: str
    report_up_limit_days: int | None
    implementing_body: str
    location: str
    hours: str
    phone: str
    topics: list[str]
    materials: list[MaterialOut]
    fees: list[FeeOut]
    steps: list[StepOut]
    joint_departments: list[JointOut]
    versions: list[VersionRef]

    @staticmethod
    def resolve_topics(obj):
        return [t.code for t in obj.topics.all()]

    @staticmethod
    def resolve_versions(obj, context):
        versions = selectors.versions_of(obj)
        request = context["request"]
        if not _is_admin(request):
            versions = versions.exclude(status=VersionStatus.DRAFT)  # drafts are the administrators' business
        return list(versions)


class BundleOut(Schema):
    code: str
    name: str
    description: str
    items: list[ItemSummary]
    materials: list[dict]


@router.get("/items", response=list[ItemSummary], auth=None, summary="搜索事项（公开）")
@paginate(LimitOffset)
def list_items(request, query: Query[ItemQuery]):
    return selectors.search(selectors.ItemFilters(**query.dict()))


@router.get(
    "/items/{code}", response=ItemDetail, auth=None, summary="事项详情：材料、收费、环节、版本（公开）"
)
def get_item(request, code: str):
    version = selectors.live_item_by_code(code)
    if version is None:
        raise NotFound()
    return version


@router.get("/versions/{version_id}", response=ItemDetail, summary="任一版本的详情（含草稿和已废止版本）")
def get_version(request, version_id: Id):
    version = selectors.guide(ItemVersion.objects.filter(pk=version_id)).first()
    if version is None or (version.status == VersionStatus.DRAFT and not _is_admin(request)):
        raise NotFound()
    return version


class ChangeOut(Schema):
    label: str
    before: str
    after: str


class LineChangeOut(Schema):
    name: str
    fields: list[ChangeOut]


class LinesOut(Schema):
    added: list[str]
    removed: list[str]
    changed: list[LineChangeOut]


class DiffOut(Schema):
    first: bool = Field(description="该事项从未发布过")
    fields: list[ChangeOut]
    materials: LinesOut
    fees: LinesOut


@router.get(
    "/versions/{version_id}/diff",
    response=DiffOut,
    summary="与现行版本的差异（发布草稿前查看，管理员）",
)
def version_diff(request, version_id: Id):
    require_role(actor_of(request.user), Role.ADMIN)
    version = one_or_not_found(ItemVersion.objects, pk=version_id)
    published = ItemVersion.objects.filter(item_id=version.item_id, status=VersionStatus.PUBLISHED).first()
    before = services.content_of(published) if published and published.pk != version.pk else None
    return diffs.diff(before, services.content_of(version)).as_dict()


def _is_admin(request) -> bool:
    return actor_of(request.user).is_admin


@router.get("/bundles", response=list[BundleOut], auth=None, summary="一件事及其合并材料清单（公开）")
def list_bundles(request):
    result = []
    for bundle, versions in selectors.bundles_with_items(list(selectors.bundles())):
        merged = [m.__dict__ for m in selectors.merged_materials(versions)]
        result.append(
            {
                "code": bundle.code,
                "name": bundle.name,
                "description": bundle.description,
                "items": versions,
                "materials": merged,
            }
        )
    return result


class MaterialIn(Schema):
    name: str = Field(max_length=200)
    requirement: MaterialRequirement = MaterialRequirement.REQUIRED
    form: MaterialForm = MaterialForm.PAPER
    copies: int = Field(1, ge=1, le=99)
    source: MaterialSource = MaterialSource.APPLICANT
    certificate_type: str = Field("", max_length=100)
    source_department: Id | None = None
    acceptance_standard: str = ""


class FeeIn(Schema):
    name: str = Field(max_length=100)
    amount: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    basis: str = Field("", max_length=300)
    waivable: bool = False
    condition: FeeCondition = FeeCondition.ALWAYS
    question: str = Field("", max_length=60)
    answer: str = Field("", max_length=60)


class StepIn(Schema):
    name: str = Field(max_length=50)
    share_percent: int = Field(ge=0, le=100)


class JointIn(Schema):
    department: Id
    is_lead: bool = False
    limit_days: int = Field(ge=0, le=3650)


class ItemIn(Schema):
    basic_code: str = Field(max_length=40)
    implementation_code: str = Field(max_length=60)
    name: str = Field(max_length=200)
    item_type: ItemType
    power_source: str = ""
    tier: ExercisingTier
    department: Id
    legal_limit_days: int = Field(ge=0, le=3650)
    promised_limit_days: int = Field(ge=0, le=3650)
    case_kind: CaseKind
    visits_required: int = Field(1, ge=0, le=20)
    online_depth: int = Field(1, ge=0, le=4)
    conditions: str = ""
    special_procedures: list[str] = []
    supplement_rule: SupplementRule = SupplementRule.PAUSE
    extension_allowed: bool = False
    extension_max_days: int = Field(0, ge=0, le=3650)
    yellow_threshold_days: int | None = Field(None, ge=0, le=3650)
    report_up_authority: str = Field("", max_length=100)
    implementing_body: str = Field("", max_length=100)
    report_up_limit_days: int | None = Field(None, ge=0, le=3650)
    proxyable_tiers: list[ProxyTier] = []
    delegated_to_town: bool = False
    location: str = Field("", max_length=200)
    hours: str = Field("", max_length=100)
    phone: str = Field("", max_length=30)
    topics: list[str] = []
    materials: list[MaterialIn] = []
    fees: list[FeeIn] = []
    steps: list[StepIn] = []
    joint_departments: list[JointIn] = []


def _data(payload: ItemIn) -> dict:
    data = payload.dict()
    data["proxyable_tiers"] = [str(t) for t in data["proxyable_tiers"]]
    return data


def _detail(version_id: Id) -> ItemVersion:
    return selectors.guide(ItemVersion.objects.filter(pk=version_id)).get()


@router.post("/items", response={201: ItemDetail}, summary="新建事项（草稿，管理员）")
def create_item(request, payload: ItemIn):
    draft = services.save_draft(actor=request.user, data=_data(payload))
    return Status(201, _detail(draft.pk))


@router.put("/items/by-id/{item_id}/draft", response=ItemDetail, summary="编辑事项：写入草稿（管理员）")
def save_item_draft(request, item_id: Id, payload: ItemIn):
    draft = services.save_draft(
        actor=request.user, data=_data(payload), item=one_or_not_found(Item.objects, pk=item_id)
    )
    return _detail(draft.pk)


@router.post(
    "/versions/{version_id}/publish",
    response=ItemDetail,
    summary="发布草稿（管理员）",
    openapi_extra=may_answer(409),
)
def publish_version(request, version_id: Id):
    services.publish(actor=request.user, version=one_or_not_found(ItemVersion.objects, pk=version_id))
    return _detail(version_id)


@router.post(
    "/versions/{version_id}/retire",
    response=ItemDetail,
    summary="废止已发布事项（管理员）",
    openapi_extra=may_answer(409),
)
def retire_version(request, version_id: Id):
    services.retire(actor=request.user, version=one_or_not_found(ItemVersion.objects, pk=version_id))
    return _detail(version_id)
