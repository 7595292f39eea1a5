"""Changing the catalog: drafts, publishing, retiring, and the checks that keep it consistent.

Item content is passed as a plain dict (the shape the API, the Excel import and the demo loader all
produce): scalar fields of ItemVersion, plus lists `materials`, `fees`, `steps`, `joint_departments`
(dicts with `department`, `is_lead`, `limit_days`) and `topics` (topic codes).
"""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.audit import services as audit
from onewindow.errors import Conflict, Invalid
from onewindow.org.models import Department
from onewindow.org.permissions import actor_of, require_role
from onewindow.org.roles import Role

from . import pinyin
from .choices import CaseKind, FeeCondition, VersionStatus
from .models import Item, ItemFee, ItemJointDepartment, ItemMaterial, ItemStep, ItemVersion, Topic

SCALAR_FIELDS = [
    "basic_code",
    "implementation_code",
    "name",
    "item_type",
    "power_source",
    "tier",
    "implementing_body",
    "legal_limit_days",
    "promised_limit_days",
    "case_kind",
    "visits_required",
    "online_depth",
    "conditions",
    "special_procedures",
    "supplement_rule",
    "extension_allowed",
    "extension_max_days",
    "yellow_threshold_days",
    "issues_certificate",
    "report_up_authority",
    "report_up_limit_days",
    "proxyable_tiers",
    "delegated_to_town",
    "location",
    "hours",
    "phone",
]
FEE_FIELDS = ["name", "amount", "basis", "waivable", "condition", "question", "answer"]
MATERIAL_FIELDS = [
    "name",
    "requirement",
    "form",
    "copies",
    "source",
    "certificate_type",
    "acceptance_standard",
]
# Stored file names of a material's blank form and sample: carried from version to version unchanged.
MATERIAL_FILES = ["blank_form", "sample"]
CHILD_RELATIONS = ["materials", "fees", "steps", "joint_departments"]


_CATALOG_LOCK_KEY = 0x0CA7A106


def lock_catalog() -> None:
    """Serialise catalog writers (drafts, publishing, imports) until the transaction ends, so that what a
    writer checked is still true when it writes. SQLite's IMMEDIATE transactions already do this."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CATALOG_LOCK_KEY])


def catalog_stamp() -> tuple:
    """Changes whenever any version is added, published or retired."""
    return tuple(
        ItemVersion.objects.aggregate(
            n=Count("id"), last=Max("id"), published=Max("published_at"), retired=Max("retired_at")
        ).values()
    )


def _require_admin(actor) -> None:
    if actor is not None:  # None: the system (demo loader, migrations)
        require_role(actor_of(actor), Role.ADMIN)


def _errors_of(exc: ValidationError, prefix: str = "") -> dict:
    return {f"{prefix}{field}": [str(m) for m in messages] for field, messages in exc.message_dict.items()}


def validate_content(version: ItemVersion, data: dict) -> dict:
    """Every problem with a version's content, as {field: [messages]}; empty when it is sound."""
    errors: dict = {}
    try:
        version.full_clean(exclude=["item", "version", "status", "name_initials", "name_pinyin"])
    except ValidationError as exc:
        errors.update(_errors_of(exc))
    for index, material in enumerate(data.get("materials", []), start=1):
        candidate = ItemMaterial(version=version, sort_order=index, **_material_kwargs(material))
        try:
            candidate.full_clean(exclude=["version", "blank_form", "sample"])
        except ValidationError as exc:
            errors.update(_errors_of(exc, prefix=f"materials[{index}]."))
    fees = []
    for index, fee in enumerate(data.get("fees", []), start=1):
        candidate = ItemFee(version=version, sort_order=index, **_fee_kwargs(fee))
        try:
            candidate.full_clean(exclude=["version"])
        except ValidationError as exc:
            errors.update(_errors_of(exc, prefix=f"fees[{index}]."))
        fees.append(candidate)
    for question, problem in _fee_question_problems(fees).items():
        errors[f"fees.{question}"] = [problem]
    steps = data.get("steps", [])
    if steps and sum(int(s.get("share_percent", 0)) for s in steps) != 100:
        errors["steps"] = [_("各环节的时限占比合计须为 100%。")]
    joints = data.get("joint_departments", [])
    if version.case_kind == CaseKind.JOINT:
        leads = [j for j in joints if j.get("is_lead")]
        if len(joints) < 2 or len(leads) != 1:
            errors["joint_departments"] = [_("联办件须有两个以上联办部门，且有且只有一个牵头部门。")]
        elif _department_id(leads[0]["department"]) != version.department_id:
            errors["joint_departments"] = [_("牵头部门须为事项的实施部门。")]
    elif joints:
        errors["joint_departments"] = [_("只有联办件才有联办部门。")]
    joint_ids = [_department_id(j.get("department")) for j in joints]
    if len(set(joint_ids)) != len(joint_ids):
        errors["joint_departments"] = [_("同一部门在联办部门中只能出现一次。")]
    elif set(joint_ids) - set(Department.objects.filter(pk__in=joint_ids).values_list("pk", flat=True)):
        errors["joint_departments"] = [_("联办部门不存在。")]
    for joint in joints:
        if int(joint.get("limit_days", 0)) > version.legal_limit_days:
            errors["joint_departments"] = [_("部门时限不能超过法定时限。")]
    clash = (
        ItemVersion.objects.filter(
            implementation_code=version.implementation_code,
            status__in=[VersionStatus.PUBLISHED, VersionStatus.DRAFT],
        )
        .exclude(item_id=version.item_id)
        .exists()
    )
    if clash:
        errors["implementation_code"] = [
            _("实施编码 %(code)s 已被另一事项使用。") % {"code": version.implementation_code}
        ]
    unknown_topics = set(data.get("topics", [])) - set(Topic.objects.values_list("code", flat=True))
    if unknown_topics:
        errors["topics"] = [_("未知的主题：%(codes)s。") % {"codes": "、".join(sorted(unknown_topics))}]
    return errors


def _fee_question_problems(fees: list[ItemFee]) -> dict[str, str]:
    """A "one of" question needs at least two lines to choose between, each with its own answer."""
    problems = {}
    for question in {f.question for f in fees if f.condition == FeeCondition.ONE_OF}:
        answers = [f.answer for f in fees if f.question == question]
        if len(answers) < 2 or len(set(answers)) != len(answers):
            problems[question] = _("多选一的收费“%(question)s”须有两项以上，且对应回答各不相同。") % {
                "question": question
            }
    return problems


def _department_id(value) -> int | None:
    return value.pk if isinstance(value, Department) else value


def _fee_kwargs(data: dict) -> dict:
    kwargs = {k: data[k] for k in FEE_FIELDS if k in data}
    kwargs["waivable"] = bool(kwargs.get("waivable"))
    for name in ("basis", "question", "answer"):
        kwargs[name] = (kwargs.get(name) or "").strip()
    return kwargs


def _material_kwargs(data: dict) -> dict:
    kwargs = {k: data[k] for k in MATERIAL_FIELDS + MATERIAL_FILES if k in data}
    if data.get("source_department") is not None:
        kwargs["source_department_id"] = _department_id(data["source_department"])
    return kwargs


def _fill(version: ItemVersion, data: dict) -> None:
    for field in SCALAR_FIELDS:
        if field in data:
            value = data[field]
            setattr(version, field, value.strip() if isinstance(value, str) else value)
    if "department" in data:
        version.department_id = _department_id(data["department"])
    version.name_initials = pinyin.initials(version.name)
    version.name_pinyin = pinyin.full_pinyin(version.name)


def _write_children(version: ItemVersion, data: dict) -> None:
    for relation in CHILD_RELATIONS:
        getattr(version, relation).all().delete()
    ItemMaterial.objects.bulk_create(
        ItemMaterial(version=version, sort_order=i, **_material_kwargs(m))
        for i, m in enumerate(data.get("materials", []), start=1)
    )
    ItemFee.objects.bulk_create(
        ItemFee(version=version, sort_order=i, **_fee_kwargs(f))
        for i, f in enumerate(data.get("fees", []), start=1)
    )
    ItemStep.objects.bulk_create(
        ItemStep(version=version, sort_order=i, name=s["name"], share_percent=s["share_percent"])
        for i, s in enumerate(data.get("steps", []), start=1)
    )
    ItemJointDepartment.objects.bulk_create(
        ItemJointDepartment(
            version=version,
            department_id=_department_id(j["department"]),
            is_lead=bool(j.get("is_lead")),
            limit_days=j["limit_days"],
        )
        for j in data.get("joint_departments", [])
    )
    version.topics.set(Topic.objects.filter(code__in=data.get("topics", [])))


def save_draft(*, actor, data: dict, item: Item | None = None) -> ItemVersion:
    """Create an item's draft (a new item when `item` is None) or replace its existing draft's content."""
    _require_admin(actor)
    with transaction.atomic():
        lock_catalog()
        if item is None:
            item = Item.objects.create()
        draft = ItemVersion.objects.select_for_update().filter(item=item, status=VersionStatus.DRAFT).first()
        before = snapshot_version(draft) if draft else None
        if draft is None:
            last = item.versions.order_by("-version").first()
            draft = ItemVersion(
                item=item, version=(last.version + 1) if last else 1, status=VersionStatus.DRAFT
            )
            if last is not None:
                data = {**content_of(last), **data}
        _fill(draft, data)
        if errors := validate_content(draft, data):
            raise Invalid(_("事项内容有误，未保存。"), code="item_invalid", details=errors)
        draft.created_by = actor if getattr(actor, "is_authenticated", False) else None
        draft.save()
        _write_children(draft, data)
        audit.record(
            actor=actor, action="catalog.item.draft", obj=draft, before=before, after=snapshot_version(draft)
        )
    return draft


def publish(*, actor, version: ItemVersion) -> ItemVersion:
    """Publish a draft; the version it replaces is retired (cases keep pointing at it)."""
    _require_admin(actor)
    with transaction.atomic():
        lock_catalog()
        version = ItemVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.DRAFT:
            raise Conflict(_("只有草稿可以发布。"), code="not_a_draft")
        errors = validate_content(version, content_of(version))
        if errors:
            raise Invalid(_("事项内容有误，不能发布。"), code="item_invalid", details=errors)
        now = timezone.now()
        previous = ItemVersion.objects.select_for_update().filter(
            item_id=version.item_id, status=VersionStatus.PUBLISHED
        )
        retired = list(previous.values_list("pk", flat=True))
        previous.update(status=VersionStatus.RETIRED, retired_at=now)
        version.status, version.published_at = VersionStatus.PUBLISHED, now
        version.save(update_fields=["status", "published_at"])
        audit.record(
            actor=actor,
            action="catalog.item.publish",
            obj=version,
            after={"version": version.version, "retired": retired},
        )
    return version


def retire(*, actor, version: ItemVersion) -> ItemVersion:
    """Withdraw a published item from the catalog without a successor."""
    _require_admin(actor)
    with transaction.atomic():
        lock_catalog()
        version = ItemVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.PUBLISHED:
            raise Conflict(_("只有已发布的事项可以废止。"), code="not_published")
        version.status, version.retired_at = VersionStatus.RETIRED, timezone.now()
        version.save(update_fields=["status", "retired_at"])
        audit.record(actor=actor, action="catalog.item.retire", obj=version)
    return version


def content_of(version: ItemVersion) -> dict:
    """A version's content in the dict shape `save_draft` takes."""
    data = {field: getattr(version, field) for field in SCALAR_FIELDS}
    data["department"] = version.department_id
    data["materials"] = [
        {
            **{f: getattr(m, f) for f in MATERIAL_FIELDS},
            **{f: getattr(m, f).name for f in MATERIAL_FILES},
            "source_department": m.source_department_id,
        }
        for m in version.materials.all()
    ]
    data["fees"] = [{name: getattr(f, name) for name in FEE_FIELDS} for f in version.fees.all()]
    data["steps"] = [{"name": s.name, "share_percent": s.share_percent} for s in version.steps.all()]
    data["joint_departments"] = [
        {"department": j.department_id, "is_lead": j.is_lead, "limit_days": j.limit_days}
        for j in version.joint_departments.all()
    ]
    data["topics"] = sorted(t.code for t in version.topics.all())  # uses a prefetch when there is one
    return data


def without_files(content: dict) -> dict:
    """Content as a workbook holds it: materials without their attached file names."""
    materials = [
        {k: v for k, v in m.items() if k not in MATERIAL_FILES} for m in content.get("materials", [])
    ]
    return {**content, "materials": materials}


def snapshot_version(version: ItemVersion) -> dict:
    data = content_of(version)
    data["fees"] = [{**f, "amount": str(f["amount"])} for f in data["fees"]]
    return {"version": version.version, "status": version.status, **data}
