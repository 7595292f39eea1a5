import re

from playwright.sync_api import expect

from onewindow.catalog import services
from onewindow.catalog.models import Topic
from tests.catalog.conftest import mortgage_data


def test_a_citizen_finds_an_item_by_pinyin_initials_and_prints_the_notice(page, demo_live):
    Topic.objects.create(code="housing", name="住房", audience="person")
    services.publish(actor=None, version=services.save_draft(actor=None, data=mortgage_data()))

    page.goto(page.base_url + "/")
    page.get_by_role("link", name="办事指南").first.click()
    page.fill("#id_q", "bdcdj")
    page.get_by_role("button", name="搜索").click()
    result = page.get_by_test_id("result").filter(has_text="不动产抵押登记")
    expect(result).to_be_visible()
    result.click()
    expect(page.get_by_test_id("item-name")).to_have_text("不动产抵押登记")
    expect(page.get_by_test_id("materials")).to_contain_text("抵押合同")

    with page.expect_popup() as popup:
        page.get_by_role("link", name="打印一次性告知书").click()
    notice = popup.value
    expect(notice).to_have_url(re.compile(r"/guide/item/TEST-BDC-DYDJ/notice/$"))
    expect(notice.get_by_test_id("notice-title")).to_have_text("一次性告知书")
    for material in ("不动产登记申请书", "居民身份证", "抵押合同"):
        expect(notice.get_by_test_id("notice-materials")).to_contain_text(material)
