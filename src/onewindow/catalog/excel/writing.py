"""Writing a checked import: topics, items and bundles, in bulk (a few queries for the whole workbook
rather than some forty per item), doing what `services.save_draft` followed by `services.publish` does.
Run inside the import's transaction, after the checks found no error."""

from django.db.models import Max
from django.utils import timezone

from .. import pinyin, services
from ..choices import VersionStatus
from ..models import (
    Bundle,
    BundleItem,
    Item,
    ItemFee,
    ItemJointDepartment,
    ItemMaterial,
    ItemStep,
    ItemVersion,
    Topic,
)
from .checks import ItemPlan
from .reader import Row


def write_topics(rows: list[Row], stored: dict[str, Topic]) -> dict[str, int]:
    """New topics created, changed ones updated; every topic's pk by code."""
    new, changed = [], []
    for row in rows:
        values = row.values
        topic = stored.get(values["code"])
        if topic is None:
            new.append(Topic(**values))
            continue
        if (topic.name, topic.audience, topic.sort_order) != (
            values["name"],
            values["audience"],
            values["sort_order"],
        ):
            topic.name, topic.audience, topic.sort_order = (
                values["name"],
                values["audience"],
                values["sort_order"],
            )
            changed.append(topic)
    Topic.objects.bulk_create(new)
    Topic.objects.bulk_update(changed, ["name", "audience", "sort_order"])
    return dict(Topic.objects.values_list("code", "pk"))


def write_items(plans: list[ItemPlan], topic_ids: dict[str, int], actor) -> list[dict]:
    """A new published version of each item, retiring the one it replaces; the versions written, for
    the audit log. An item with a pending draft goes through `services.save_draft` and `publish`, which
    replace the draft as an administrator editing it would; the others are written in bulk."""
    written = []
    slow = [p for p in plans if p.draft_pk]
    fast = [p for p in plans if not p.draft_pk]
    items = Item.objects.in_bulk([p.item_id for p in slow])
    for plan in slow:  # replace the pending draft, as an administrator editing it would
        draft = services.save_draft(actor=actor, data=plan.content, item=items[plan.item_id])
        services.publish(actor=actor, version=draft)
        written.append(
            {
                "code": plan.code,
                "version_id": draft.pk,
                "version": draft.version,
                "retired_id": plan.published_pk,
            }
        )
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    new = [p for p in fast if p.item_id is None]
    for plan, item in zip(
        new, Item.objects.bulk_create([Item(created_at=now) for _plan in new]), strict=True
    ):
        plan.item_id = item.pk
    last = dict(
        ItemVersion.objects.filter(item_id__in=[p.item_id for p in fast if p.published_pk])
        .values("item_id")
        .annotate(last=Max("version"))
        .values_list("item_id", "last")
    )
    retired = [p.published_pk for p in fast if p.published_pk]
    ItemVersion.objects.filter(pk__in=retired).update(status=VersionStatus.RETIRED, retired_at=now)
    versions = []
    for plan in fast:
        content = plan.content
        versions.append(
            ItemVersion(
                item_id=plan.item_id,
                version=last.get(plan.item_id, 0) + 1,
                status=VersionStatus.PUBLISHED,
                published_at=now,
                created_by=user,
                department_id=content["department"],
                name_initials=pinyin.initials(content["name"]),
                name_pinyin=pinyin.full_pinyin(content["name"]),
                **{f: content[f] for f in services.SCALAR_FIELDS},
            )
        )
    ItemVersion.objects.bulk_create(versions, batch_size=500)
    materials, fees, steps, joints, topics = [], [], [], [], []
    through = ItemVersion.topics.through
    for plan, version in zip(fast, versions, strict=True):
        content = plan.content
        for i, m in enumerate(content["materials"], start=1):
            blank_form, sample = plan.files.get(m["name"], ("", ""))  # the workbook holds no files
            materials.append(
                ItemMaterial(
                    version=version,
                    sort_order=i,
                    source_department_id=m["source_department"],
                    blank_form=blank_form,
                    sample=sample,
                    **{f: m[f] for f in services.MATERIAL_FIELDS},
                )
            )
        fees += [ItemFee(version=version, sort_order=i, **f) for i, f in enumerate(content["fees"], start=1)]
        steps += [
            ItemStep(version=version, sort_order=i, **s) for i, s in enumerate(content["steps"], start=1)
        ]
        joints += [
            ItemJointDepartment(
                version=version,
                department_id=j["department"],
                is_lead=j["is_lead"],
                limit_days=j["limit_days"],
            )
            for j in content["joint_departments"]
        ]
        topics += [through(itemversion_id=version.pk, topic_id=topic_ids[c]) for c in content["topics"]]
    for model, objects in [
        (ItemMaterial, materials),
        (ItemFee, fees),
        (ItemStep, steps),
        (ItemJointDepartment, joints),
        (through, topics),
    ]:
        model.objects.bulk_create(objects, batch_size=1000)
    written += [
        {"code": p.code, "version_id": v.pk, "version": v.version, "retired_id": p.published_pk}
        for p, v in zip(fast, versions, strict=True)
    ]
    return written


def write_bundles(
    sheets, plans: dict[str, ItemPlan], topic_ids: dict[str, int], item_of_code: dict[str, int]
) -> int:
    """The bundles upserted with their topics and members (replaced by the rows'); how many."""
    rows = sheets["bundles"]
    existing = {b.code: b for b in Bundle.objects.filter(code__in=[r.values["code"] for r in rows])}
    new, changed = [], []
    for row in rows:
        values = row.values
        bundle = existing.get(values["code"])
        if bundle is None:
            bundle = existing[values["code"]] = Bundle(code=values["code"])
            new.append(bundle)
        elif (bundle.name, bundle.description, bundle.is_active) != (
            values["name"],
            values["description"],
            values["is_active"],
        ):
            changed.append(bundle)
        bundle.name, bundle.description, bundle.is_active = (
            values["name"],
            values["description"],
            values["is_active"],
        )
    Bundle.objects.bulk_create(new)
    Bundle.objects.bulk_update(changed, ["name", "description", "is_active"])
    ids = [b.pk for b in existing.values()]
    through = Bundle.topics.through
    through.objects.filter(bundle_id__in=ids).delete()
    through.objects.bulk_create(
        through(bundle_id=existing[r.values["code"]].pk, topic_id=topic_ids[c])
        for r in rows
        for c in r.values["topics"]
    )
    item_of_code = {**item_of_code, **{code: p.item_id for code, p in plans.items()}}
    BundleItem.objects.filter(bundle_id__in=ids).delete()
    BundleItem.objects.bulk_create(
        BundleItem(
            bundle_id=existing[r.values["bundle"]].pk,
            item_id=item_of_code[r.values["implementation_code"]],
            sort_order=r.values["sort_order"],
        )
        for r in sheets["bundle_items"]
    )
    return len(rows)
