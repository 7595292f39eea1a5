"""The catalog import from rows given as dicts (a data file): the same checks and writing as a workbook's."""

import io

import pytest

from onewindow.catalog import excel
from onewindow.catalog.models import Bundle, ItemVersion
from onewindow.errors import Invalid

from .test_excel import cells

ITEM = {
    "implementation_code": "TEST-ROWS-1",
    "basic_code": "TEST-BASIC-1",
    "name": "测试事项",
    "tier": "county",
    "case_kind": "promised",
    "item_type": "01",
    "department": "市场监督管理局",
    "legal_limit_days": 5,
    "promised_limit_days": 2,
    "topics": ["startup"],
    "proxyable_tiers": ["city", "town"],
}
ROWS = {
    "topics": [{"code": "startup", "name": "开办企业", "audience": "enterprise"}],
    "items": [ITEM],
    "materials": [
        {"implementation_code": "TEST-ROWS-1", "name": "申请书", "requirement": "required", "form": "paper"},
        {
            "implementation_code": "TEST-ROWS-1",
            "name": "营业执照",
            "requirement": "required",
            "form": "paper",
        },
    ],
    "steps": [
        {"implementation_code": "TEST-ROWS-1", "name": "受理", "share_percent": 40},
        {"implementation_code": "TEST-ROWS-1", "name": "决定", "share_percent": 60},
    ],
    "bundles": [{"code": "YJS-TEST", "name": "测试一件事", "topics": ["startup"]}],
    "bundle_items": [{"bundle": "YJS-TEST", "implementation_code": "TEST-ROWS-1"}],
}


def test_rows_are_imported_as_the_same_cells_would_be(demo_county):
    summary = excel.import_rows(ROWS, actor=None)
    assert summary == {"created": 1, "updated": 0, "unchanged": 0, "bundles": 1}
    version = ItemVersion.objects.get(implementation_code="TEST-ROWS-1", status="published")
    assert version.proxyable_tiers == ["city", "town"]
    assert [m.name for m in version.materials.order_by("sort_order")] == ["申请书", "营业执照"]
    assert list(Bundle.objects.get(code="YJS-TEST").topics.values_list("code", flat=True)) == ["startup"]
    # the rows' catalog exported and imported back changes nothing
    again = excel.import_catalog(io.BytesIO(excel.export_bytes()), actor=None)
    assert again["unchanged"] == 1 and again["created"] == again["updated"] == 0
    assert cells(excel.export_catalog())["items"][1][0] == "TEST-ROWS-1"


def test_a_bad_value_or_an_unknown_field_rejects_the_rows_and_writes_nothing(demo_county):
    rows = {
        **ROWS,
        "items": [{**ITEM, "legal_limit_days": "five", "colour": "red"}],
        "fees ": [],
    }
    with pytest.raises(Invalid) as caught:
        excel.import_rows(rows, actor=None)
    places = {(e["sheet"], e["row"], e["column"]) for e in caught.value.details}
    assert ("items", 2, "legal_limit_days") in places
    assert ("items", 2, "colour") in places
    assert ("fees ", None, None) in places
    assert not ItemVersion.objects.exists()
