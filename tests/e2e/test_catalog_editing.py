"""The catalog edited in a real browser (F8 item 8): the administrator changes a draft on its page,
reads the difference before publishing, confirms, and the new version is in force."""

from playwright.sync_api import expect

from onewindow.catalog.choices import VersionStatus
from onewindow.catalog.models import ItemVersion

from .conftest import switch_to

ITEM = "企业注销登记"


def test_an_admin_edits_a_draft_reads_the_difference_and_publishes(page, county):
    page.set_viewport_size({"width": 1366, "height": 768})
    published = ItemVersion.objects.get(name=ITEM, status=VersionStatus.PUBLISHED)
    switch_to(page, "admin")
    page.goto(f"{page.base_url}/catalog/items/?q={ITEM}")
    with page.expect_navigation():
        page.get_by_test_id(f"edit-{published.item_id}").click()
    page.locator("[data-field=location]").fill("新泰市政务服务中心一楼 A08 窗口")
    with page.expect_navigation():
        page.get_by_test_id("save-draft").click()
    expect(page.get_by_role("alert").first).to_contain_text("草稿已保存")
    with page.expect_navigation():
        page.get_by_test_id("to-publish").click()
    row = page.get_by_test_id("diff-field")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("办理地点")
    expect(row).to_contain_text("新泰市政务服务中心一楼 A08 窗口")

    page.answer_dialogs = False
    page.get_by_test_id("confirm-publish").click()
    assert page.dialogs and "确认发布" in page.dialogs[-1]
    expect(page.get_by_test_id("confirm-publish")).to_be_visible()
    page.answer_dialogs = True
    with page.expect_navigation():
        page.get_by_test_id("confirm-publish").click()
    expect(page.get_by_role("alert").first).to_contain_text("已发布")
    now = ItemVersion.objects.get(item_id=published.item_id, status=VersionStatus.PUBLISHED)
    assert now.pk != published.pk and now.location == "新泰市政务服务中心一楼 A08 窗口"
