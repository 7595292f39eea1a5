"""Catalog editing in the browser (F8 item 8): a draft is edited on a page (fields, materials, fees),
saved as a draft through the same service as the workbook and the API; publishing shows the difference
from the version in force and asks for a confirmation; retiring says what it means and asks too."""

import re

from onewindow.catalog.choices import VersionStatus
from onewindow.catalog.models import ItemVersion
from tests.cases.conftest import catalog  # noqa: F401  (the demo catalog)

ITEM = "企业注销登记"


def _form_data(page: str) -> dict:
    """Every field of the draft form as the browser would send it unchanged."""
    data: dict = {}
    for tag in re.findall(r"<(?:input|textarea|select)[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        name = name.group(1)
        kind = (re.search(r'type="([^"]+)"', tag) or [None, "text"])[1]
        if kind == "checkbox":
            if " checked" in tag:
                data.setdefault(name, []).append(
                    re.search(r'value="([^"]*)"', tag).group(1) if "value=" in tag else "on"
                )
            continue
        if tag.startswith("<textarea"):
            body = re.search(re.escape(tag) + r"(.*?)</textarea>", page, re.S)
            data[name] = body.group(1).strip() if body else ""
        elif tag.startswith("<select"):
            block = page[page.index(tag) : page.index("</select>", page.index(tag))]
            chosen = re.search(r'<option value="([^"]*)"[^>]*selected', block)
            data[name] = chosen.group(1) if chosen else ""
        else:
            value = re.search(r'value="([^"]*)"', tag)
            data[name] = value.group(1) if value else ""
    return data


def test_an_admin_edits_a_draft_in_the_browser_and_publishes_it_after_reading_the_difference(catalog, login):  # noqa: F811
    published = ItemVersion.objects.get(name=ITEM, status=VersionStatus.PUBLISHED)
    admin = login("admin")
    listing = admin.get("/catalog/items/", {"q": ITEM}).content.decode()
    assert f'data-testid="edit-{published.item_id}"' in listing

    url = f"/catalog/items/{published.item_id}/draft/"
    page = admin.get(url).content.decode()
    data = _form_data(page)
    assert data["name"] == ITEM and data["materials-TOTAL_FORMS"]
    days = 2 if published.promised_limit_days != 2 else 3  # within the legal limit, not today's
    data["promised_limit_days"] = str(days)
    data["location"] = "市政务服务中心一楼 A08 窗口"
    data["materials-0-name"] = data["materials-0-name"] + "（加盖公章）"
    total = int(data["materials-TOTAL_FORMS"])
    data[f"materials-{total - 1}-name"] = "债权债务清偿说明"
    data[f"materials-{total - 1}-requirement"] = "required"
    data[f"materials-{total - 1}-form"] = data["materials-0-form"]
    data[f"materials-{total - 1}-source"] = data["materials-0-source"]
    data[f"materials-{total - 1}-copies"] = "1"
    saved = admin.post(url, data)
    assert saved.status_code == 302, re.findall(r"text-danger small[^>]*>([^<]+)<", saved.content.decode())
    draft = ItemVersion.objects.get(item_id=published.item_id, status=VersionStatus.DRAFT)
    assert draft.promised_limit_days == days and draft.location == "市政务服务中心一楼 A08 窗口"
    assert "债权债务清偿说明" in draft.materials.values_list("name", flat=True)
    published.refresh_from_db()
    assert published.status == VersionStatus.PUBLISHED and published.promised_limit_days != days  # untouched

    confirm = admin.get(f"/catalog/versions/{draft.pk}/publish/").content.decode()
    assert 'data-confirm="确认发布' in confirm
    rows = re.findall(
        r'data-testid="diff-field"><th[^>]*>([^<]+)</th><td[^>]*>([^<]+)</td><td[^>]*>([^<]+)<', confirm
    )
    assert ("承诺办结时限", str(published.promised_limit_days), str(days)) in rows
    assert re.search(r'data-testid="diff-added">.*?债权债务清偿说明', confirm)
    assert re.search(
        r'data-testid="diff-removed">.*?</span> ' + re.escape(published.materials.first().name), confirm
    )
    api = admin.get(f"/api/v1/catalog/versions/{draft.pk}/diff").json()
    change = {"label": "承诺办结时限", "before": str(published.promised_limit_days), "after": str(days)}
    assert change in api["fields"]
    assert "债权债务清偿说明" in api["materials"]["added"]

    done = admin.post(f"/catalog/versions/{draft.pk}/publish/")
    assert done.status_code == 302
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED and published.status == VersionStatus.RETIRED


def test_a_draft_with_a_mistake_is_not_saved_and_says_where(catalog, login):  # noqa: F811
    published = ItemVersion.objects.get(name=ITEM, status=VersionStatus.PUBLISHED)
    admin = login("admin")
    url = f"/catalog/items/{published.item_id}/draft/"
    data = _form_data(admin.get(url).content.decode())
    data["promised_limit_days"] = str(published.legal_limit_days + 5)  # longer than the law allows
    answer = admin.post(url, data)
    assert answer.status_code == 200
    assert not ItemVersion.objects.filter(item_id=published.item_id, status=VersionStatus.DRAFT).exists()
    assert (
        'data-testid="error-promised_limit_days"' in answer.content.decode()
        or "draft-errors" in answer.content.decode()
    )


def test_retiring_says_what_it_means_and_asks(catalog, login):  # noqa: F811
    published = ItemVersion.objects.get(name=ITEM, status=VersionStatus.PUBLISHED)
    admin = login("admin")
    page = admin.get(f"/catalog/versions/{published.pk}/retire/").content.decode()
    assert 'data-testid="retire-warning"' in page and 'data-confirm="确认废止' in page
    assert published.status == VersionStatus.PUBLISHED
    admin.post(f"/catalog/versions/{published.pk}/retire/")
    published.refresh_from_db()
    assert published.status == VersionStatus.RETIRED
    again = admin.get(f"/catalog/versions/{published.pk}/retire/").content.decode()
    assert 'data-testid="not-published"' in again


def test_only_administrators_edit_the_catalog(catalog, login, client):  # noqa: F811
    published = ItemVersion.objects.get(name=ITEM, status=VersionStatus.PUBLISHED)
    for path in (
        "/catalog/items/",
        f"/catalog/items/{published.item_id}/draft/",
        f"/catalog/versions/{published.pk}/retire/",
    ):
        assert login("clerk").get(path).status_code == 403
        assert client.get(path).status_code == 302  # to sign in
    assert login("clerk").post(f"/catalog/versions/{published.pk}/retire/").status_code == 403
    published.refresh_from_db()
    assert published.status == VersionStatus.PUBLISHED
