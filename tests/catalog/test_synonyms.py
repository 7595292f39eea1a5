"""Search people can use (F8 item 10): the guide, the intake and the API find items by the words people
say (营业执照, 办身份证, 开饭店, 房产证 -> 不动产权证书) through a synonym list the administrators edit on
the admin site, besides names and pinyin initials; an item's own name still comes first."""

import re

import pytest
from django.test import Client

from onewindow.catalog import selectors
from onewindow.catalog.models import SearchSynonym
from onewindow.catalog.synonyms import STARTER, add_starter
from tests.cases.conftest import catalog  # noqa: F401  (the demo catalog)


def found(q: str) -> list[str]:
    return [v.name for v in selectors.search(selectors.ItemFilters(q=q))]


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("营业执照", "企业设立登记"),
        ("办身份证", "居民身份证申领"),
        ("开饭店", "食品经营许可"),
        ("房产证", "不动产首次登记"),
        ("我要过户", "不动产转移登记"),
    ],
)
def test_everyday_words_find_the_item(catalog, said, meant):  # noqa: F811
    assert meant in found(said)


def test_the_items_own_name_comes_before_what_a_synonym_finds(catalog):  # noqa: F811
    names = found("身份证")
    assert names[0] == "居民身份证申领"
    assert found("bdcdj")[:1] and all("不动产" in n for n in found("bdcdj"))  # pinyin initials still


def test_a_word_the_admin_adds_is_searched_at_once_everywhere(catalog, login):  # noqa: F811
    assert "食品小作坊登记" not in found("开作坊")
    admin = login("admin")
    added = admin.post("/admin/catalog/searchsynonym/add/", {"phrase": "开作坊", "means": "食品小作坊登记"})
    assert added.status_code == 302, added.content.decode()[:2000]
    assert SearchSynonym.objects.get(phrase="开作坊").means == "食品小作坊登记"
    assert "食品小作坊登记" in found("开作坊")
    guide = Client().get("/guide/", {"q": "开作坊"}).content.decode()
    assert "食品小作坊登记" in guide
    api = Client().get("/api/v1/catalog/items", {"q": "开作坊"}).json()
    assert "食品小作坊登记" in [i["name"] for i in api["items"]]
    intake = login("clerk").get("/cases/intake/", {"q": "开作坊"}).content.decode()
    assert "食品小作坊登记" in intake


def test_the_admin_form_tidies_the_words_and_refuses_an_empty_meaning(catalog, login):  # noqa: F811
    admin = login("admin")
    admin.post(
        "/admin/catalog/searchsynonym/add/",
        {"phrase": " 开 超市 ", "means": "食品经营许可，个体工商户设立登记"},
    )
    assert SearchSynonym.objects.get(phrase="开 超市").means == "食品经营许可 个体工商户设立登记"
    refused = admin.post("/admin/catalog/searchsynonym/add/", {"phrase": "空的", "means": " ， "})
    assert refused.status_code == 200 and re.search("请填写它对应的事项用语", refused.content.decode())


def test_the_starter_words_are_added_once_and_an_admins_change_stays(catalog):  # noqa: F811
    assert SearchSynonym.objects.count() >= len(STARTER)
    SearchSynonym.objects.filter(phrase="房本").update(means="不动产转移登记")
    assert add_starter(SearchSynonym) == 0
    assert SearchSynonym.objects.get(phrase="房本").means == "不动产转移登记"
