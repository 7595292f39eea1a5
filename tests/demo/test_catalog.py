"""The demo catalog: enough realistic items, every item the seeds mention, bundles, proxy lists."""

import pytest
from django.core.management import call_command

from onewindow.catalog import selectors, services
from onewindow.catalog.models import Bundle, BundleItem, ItemVersion, Topic
from onewindow.demo import catalog as demo_catalog
from onewindow.org.models import Department


@pytest.fixture
def catalog(demo_county):
    return demo_catalog.load_demo_catalog()


def live(**filters):
    return ItemVersion.objects.filter(status="published", **filters)


def named(name: str) -> ItemVersion:
    return live().get(name=name)


def test_loader_publishes_many_items_over_many_departments(catalog):
    assert live().count() >= 60
    assert live().values("department").distinct().count() >= 12
    assert Topic.objects.count() >= 10
    assert catalog["items"] == live().count()
    assert catalog["items_created"] == catalog["items"]


def test_every_version_passes_validation(catalog):
    for version in live():
        assert services.validate_content(version, services.content_of(version)) == {}, version.name
        materials = version.materials.count()
        assert 2 <= materials <= 8, version.name
        steps = list(version.steps.values_list("share_percent", flat=True))
        assert 3 <= len(steps) <= 4 and sum(steps) == 100, version.name
        assert version.promised_limit_days <= version.legal_limit_days
        if version.case_kind == "immediate":
            assert version.promised_limit_days == 0, version.name


def test_seeds_items_are_present_with_their_limits(catalog):
    licence = named("企业设立登记")
    assert licence.department.name == "市场监督管理局"
    assert licence.promised_limit_days == 1

    mortgage = named("不动产抵押登记")
    assert mortgage.department.name == "不动产登记中心"
    assert mortgage.promised_limit_days == 2
    assert mortgage.fees.filter(name__contains="不动产登记费", amount=80).exists()

    assert named("建筑工程施工许可证核发").department.name == "住房和城乡建设局"

    allowance = named("最低生活保障审批")
    assert allowance.department.name == "民政局"
    assert allowance.delegated_to_town
    assert {"town", "village"} <= set(allowance.proxyable_tiers)
    assert allowance.legal_limit_days <= 30  # cut from 3 months to 1 month

    passenger_line = named("道路旅客运输班线经营许可")
    assert passenger_line.department.name == "交通运输局"
    assert 15 <= passenger_line.promised_limit_days <= 20

    qualification = named("道路运输从业人员从业资格证核发")
    assert qualification.case_kind == "immediate" and qualification.promised_limit_days == 0
    building = live(name__contains="建筑业企业资质").get()
    assert building.case_kind == "immediate" and building.promised_limit_days == 0

    assert live(department__name="人力资源和社会保障局", topics__code="social_security").count() >= 3
    assert live(department__name="税务局").count() >= 3


def test_joint_and_report_up_items(catalog):
    joint = live(case_kind="joint")
    assert joint.count() >= 3
    for version in joint:
        departments = list(version.joint_departments.all())
        assert len(departments) >= 2
        leads = [j for j in departments if j.is_lead]
        assert len(leads) == 1 and leads[0].department_id == version.department_id
        assert all(j.limit_days <= version.legal_limit_days for j in departments)
    report_up = live(case_kind="report_up")
    assert report_up.count() >= 2
    for version in report_up:
        assert version.report_up_authority.startswith("泰安市")
        assert version.report_up_limit_days


def test_materials_come_from_every_source(catalog):
    from onewindow.catalog.models import ItemMaterial

    materials = ItemMaterial.objects.filter(version__status="published")
    assert {"required", "optional", "deferrable"} <= set(materials.values_list("requirement", flat=True))
    assert {"applicant", "certificate", "department"} <= set(materials.values_list("source", flat=True))
    assert materials.filter(source="certificate", certificate_type="营业执照").exists()
    assert materials.filter(source="department", source_department__isnull=False).exists()


def test_bundles_merge_shared_materials(catalog):
    assert Bundle.objects.count() >= 3
    restaurant = Bundle.objects.get(name="我要开餐馆")
    versions = selectors.bundle_items(restaurant)
    assert len(versions) >= 3
    merged = selectors.merged_materials(versions)
    assert sum(v.materials.count() for v in versions) > len(merged)
    names = [m.name for m in merged]
    assert names.count("营业执照") == 1 and names.count("居民身份证") == 1
    newborn = Bundle.objects.get(name="新生儿出生一件事")
    assert "出生登记" in [v.name for v in selectors.bundle_items(newborn)]


def test_pinyin_initials_find_property_registration(catalog):
    found = list(selectors.search(selectors.ItemFilters(q="bdcdj")).values_list("name", flat=True))
    assert {"不动产首次登记", "不动产转移登记", "不动产抵押登记"} <= set(found)


def test_proxy_lists_per_tier(catalog):
    city, town, village = (demo_catalog.proxy_list(tier).count() for tier in ("city", "town", "village"))
    assert city >= 40 and town >= 30 and village >= 20
    assert catalog["proxy_city"] == city
    assert live(delegated_to_town=True).exists()


def test_loading_twice_changes_nothing(catalog):
    models = (ItemVersion, Topic, Bundle, BundleItem)
    sizes = [m.objects.count() for m in models]
    again = demo_catalog.load_demo_catalog()
    assert [m.objects.count() for m in models] == sizes
    assert again["items_created"] == 0
    assert {k: v for k, v in again.items() if k != "items_created"} == {
        k: v for k, v in catalog.items() if k != "items_created"
    }


def test_an_administrators_edit_survives_a_reload(catalog):
    mortgage = named("不动产抵押登记")
    draft = services.save_draft(actor=None, data={"promised_limit_days": 1}, item=mortgage.item)
    services.publish(actor=None, version=draft)
    demo_catalog.load_demo_catalog()
    assert named("不动产抵押登记").promised_limit_days == 1
    assert live(name="不动产抵押登记").count() == 1


def test_loader_needs_the_demo_county(db):
    assert not Department.objects.exists()
    with pytest.raises(RuntimeError):
        demo_catalog.load_demo_catalog()


def test_demo_command_loads_the_catalog(db, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "demo catalog loaded" in out
    assert live().count() >= 60
