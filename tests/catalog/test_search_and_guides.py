import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.catalog import selectors, services
from onewindow.catalog.models import Bundle, BundleItem, ItemMaterial
from onewindow.org.models import Department

from .conftest import mortgage_data


@pytest.fixture
def catalog(mortgage):
    """The mortgage registration plus a first registration, a business licence and a bundle."""
    first = services.save_draft(
        actor=None,
        data=mortgage_data(implementation_code="TEST-BDC-SCDJ", name="不动产首次登记", promised_limit_days=5),
    )
    services.publish(actor=None, version=first)
    market = Department.objects.get(name="市场监督管理局")
    licence = services.save_draft(
        actor=None,
        data=mortgage_data(
            implementation_code="TEST-SCJG-QYSL",
            name="企业设立登记",
            department=market,
            promised_limit_days=1,
            item_type="01",
            topics=["startup"],
            proxyable_tiers=["village"],
            materials=[
                {
                    "name": "居民身份证",
                    "requirement": "required",
                    "form": "electronic",
                    "source": "certificate",
                    "certificate_type": "居民身份证",
                },
                {"name": "公司章程", "requirement": "deferrable", "form": "paper", "copies": 1},
            ],
            fees=[],
        ),
    )
    services.publish(actor=None, version=licence)
    bundle = Bundle.objects.create(code="B-START", name="我要开公司", description="一次办好开公司的事")
    BundleItem.objects.create(bundle=bundle, item=licence.item, sort_order=1)
    BundleItem.objects.create(bundle=bundle, item=mortgage.item, sort_order=2)
    return {"mortgage": mortgage, "first": first, "licence": licence, "bundle": bundle}


def names(qs):
    return [v.name for v in qs]


def test_pinyin_initials_find_property_registration(catalog):
    found = names(selectors.search(selectors.ItemFilters(q="bdcdj")))
    assert set(found) == {"不动产抵押登记", "不动产首次登记"}


def test_name_matches_rank_before_pinyin_matches(catalog):
    assert names(selectors.search(selectors.ItemFilters(q="企业")))[0] == "企业设立登记"
    assert names(selectors.search(selectors.ItemFilters(q="budongchan"))) != []


def test_filters(catalog):
    market = Department.objects.get(name="市场监督管理局")
    assert names(selectors.search(selectors.ItemFilters(department=market.pk))) == ["企业设立登记"]
    assert names(selectors.search(selectors.ItemFilters(topic="startup"))) == ["企业设立登记"]
    assert names(selectors.search(selectors.ItemFilters(proxyable="village"))) == ["企业设立登记"]
    assert len(names(selectors.search(selectors.ItemFilters(proxyable="town")))) == 2


def test_merged_material_list_names_a_shared_material_once(catalog):
    merged = selectors.merged_materials(selectors.bundle_items(catalog["bundle"]))
    ids = [m for m in merged if m.name == "居民身份证"]
    assert len(ids) == 1 and ids[0].items == ["企业设立登记", "不动产抵押登记"]
    assert len(merged) == 4  # 2 + 3 materials, one shared


def test_the_search_page_finds_by_initials(catalog, client):
    page = client.get("/guide/?q=bdcdj")
    text = page.content.decode()
    assert page.status_code == 200
    assert "不动产抵押登记" in text and "企业设立登记" not in text


def test_the_api_finds_by_initials_without_login(catalog, client):
    body = client.get("/api/v1/catalog/items?q=bdcdj").json()
    assert {i["name"] for i in body["items"]} == {"不动产抵押登记", "不动产首次登记"}


def test_item_guide_and_one_time_notice_list_every_material(catalog, client):
    page = client.get("/guide/item/TEST-BDC-DYDJ/").content.decode()
    for text in (
        "不动产登记申请书",
        "居民身份证",
        "抵押合同",
        "不动产登记费",
        "审核",
        "市政务服务中心 B04 窗口",
    ):
        assert text in page
    notice = client.get("/guide/item/TEST-BDC-DYDJ/notice/").content.decode()
    assert "一次性告知书" in notice
    assert all(name in notice for name in ("不动产登记申请书", "居民身份证", "抵押合同"))
    assert client.get("/guide/item/NO-SUCH/").status_code == 404


def test_retired_versions_leave_the_public_guide(catalog, client):
    services.retire(actor=None, version=catalog["first"])
    assert client.get("/guide/item/TEST-BDC-SCDJ/").status_code == 404
    assert client.get("/api/v1/catalog/items/TEST-BDC-SCDJ").status_code == 404


def test_bundle_page_shows_the_merged_list(catalog, client):
    page = client.get("/guide/bundle/B-START/").content.decode()
    assert page.count(">居民身份证<") == 1


def test_blank_forms_download(catalog, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    material = ItemMaterial.objects.filter(version=catalog["mortgage"], name="不动产登记申请书").get()
    material.blank_form = SimpleUploadedFile("申请书.docx", b"form-bytes")
    material.save()
    response = client.get(f"/guide/material/{material.pk}/form/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"form-bytes"
    assert client.get(f"/guide/material/{material.pk}/sample/").status_code == 404


def test_api_detail_shows_materials_and_versions(catalog, client):
    body = client.get("/api/v1/catalog/items/TEST-BDC-DYDJ").json()
    assert [m["name"] for m in body["materials"]] == ["不动产登记申请书", "居民身份证", "抵押合同"]
    assert body["versions"][0]["status"] == "published"
    assert client.get("/api/v1/catalog/bundles").json()[0]["code"] == "B-START"


def test_api_writes_are_for_administrators(catalog, login):
    payload = {**mortgage_data(implementation_code="API-1", name="测试事项"), "department": 1}
    payload.pop("department")
    payload["department"] = Department.objects.get(name="不动产登记中心").pk
    assert (
        login("reviewer").post("/api/v1/catalog/items", payload, content_type="application/json").status_code
        == 403
    )
    admin = login("admin")
    created = admin.post("/api/v1/catalog/items", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    version_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert admin.get("/api/v1/catalog/items/API-1").status_code == 404  # not public until published
    published = admin.post(f"/api/v1/catalog/versions/{version_id}/publish")
    assert published.json()["status"] == "published"
    bad = admin.post(
        "/api/v1/catalog/items",
        {**payload, "implementation_code": "API-2", "promised_limit_days": 99},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "promised_limit_days" in bad.json()["details"]


def test_the_search_page_filters_by_proxy_tier(catalog, client):
    text = client.get("/guide/?proxyable=village").content.decode()
    assert "企业设立登记" in text and "不动产抵押登记" not in text


def test_several_words_must_all_match(catalog):
    assert set(names(selectors.search(selectors.ItemFilters(q="不动产 抵押")))) == {"不动产抵押登记"}
    assert names(selectors.search(selectors.ItemFilters(q="不动产 企业"))) == []


def test_drafts_stay_out_of_the_public_version_list(catalog, client):
    services.save_draft(actor=None, data={"promised_limit_days": 1}, item=catalog["mortgage"].item)
    public = client.get("/api/v1/catalog/items/TEST-BDC-DYDJ").json()["versions"]
    assert [v["status"] for v in public] == ["published"]


def test_list_pages_do_not_query_per_row(catalog, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/guide/?q=bdcdj").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/catalog/items?limit=100").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/catalog/bundles").status_code == 200
