"""The catalog workbook: export, all-or-nothing import, and the administrators' import pages."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from onewindow.audit.models import AuditEvent
from onewindow.catalog import excel, import_views, services
from onewindow.catalog.choices import VersionStatus
from onewindow.catalog.models import Bundle, BundleItem, ImportJob, ItemVersion, Topic
from onewindow.errors import Invalid
from onewindow.org.models import Department

from .conftest import mortgage_data


def _publish(data: dict) -> ItemVersion:
    return services.publish(actor=None, version=services.save_draft(actor=None, data=data))


@pytest.fixture
def catalog(demo_county, topics):
    """A small catalog: a promised item with fees and steps, a joint item, an immediate item with a
    special procedure and a shared material, a report-up item, and a bundle of two of them."""
    dept = {d.name: d.pk for d in Department.objects.all()}
    mortgage = _publish(mortgage_data())
    construction = _publish(
        mortgage_data(
            implementation_code="TEST-ZJ-SGXK",
            basic_code="000109001000",
            name="建筑工程施工许可证核发",
            item_type="01",
            department=dept["住房和城乡建设局"],
            case_kind="joint",
            legal_limit_days=45,
            promised_limit_days=20,
            topics=["startup", "housing"],
            special_procedures=["expert_review", "hearing"],
            extension_allowed=True,
            extension_max_days=15,
            yellow_threshold_days=3,
            joint_departments=[
                {"department": dept["住房和城乡建设局"], "is_lead": True, "limit_days": 20},
                {"department": dept["自然资源和规划局"], "is_lead": False, "limit_days": 15},
            ],
            materials=[
                {
                    "name": "施工许可申请表",
                    "requirement": "required",
                    "form": "both",
                    "copies": 2,
                    "acceptance_standard": "填写完整，加盖公章。\n法定代表人签字。",
                },
                {
                    "name": "建设工程规划许可证",
                    "requirement": "deferrable",
                    "form": "electronic",
                    "source": "department",
                    "source_department": dept["自然资源和规划局"],
                },
            ],
            fees=[],
            steps=[{"name": "受理", "share_percent": 10}, {"name": "并联审查", "share_percent": 90}],
        )
    )
    licence = _publish(
        mortgage_data(
            implementation_code="TEST-SC-YYZZ",
            basic_code="000110001000",
            name="营业执照核发",
            item_type="01",
            department=dept["市场监督管理局"],
            case_kind="immediate",
            legal_limit_days=15,
            promised_limit_days=0,
            online_depth=4,
            proxyable_tiers=["village", "city"],
            delegated_to_town=True,
            supplement_rule="restart",
            topics=["startup"],
            materials=[{"name": "居民身份证", "source": "certificate", "certificate_type": "居民身份证"}],
            fees=[
                {"name": "工本费", "amount": Decimal("0.50"), "basis": "", "waivable": False},
                {"name": "加急费", "amount": Decimal("12"), "basis": "=不是公式", "waivable": True},
            ],
            steps=[],
            phone="",
            conditions="=SUM(A1:A2) 应作为文字保存",
        )
    )
    report_up = _publish(
        mortgage_data(
            implementation_code="TEST-JT-KYXL",
            basic_code="000136001000",
            name="道路客运班线经营许可",
            department=dept["交通运输局"],
            case_kind="report_up",
            report_up_authority="市交通运输局",
            report_up_limit_days=10,
            legal_limit_days=20,
            promised_limit_days=20,
            topics=[],
            fees=[],
        )
    )
    bundle = Bundle.objects.create(code="YJS-KCG", name="我要开餐馆", description="餐馆开业一次办。")
    bundle.topics.set(Topic.objects.filter(code="startup"))
    BundleItem.objects.create(bundle=bundle, item=licence.item, sort_order=1)
    BundleItem.objects.create(bundle=bundle, item=construction.item, sort_order=2)
    Bundle.objects.create(code="YJS-OLD", name="已停用的一件事", is_active=False)
    return {"mortgage": mortgage, "construction": construction, "licence": licence, "report_up": report_up}


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.get(username="admin")


def cells(wb) -> dict[str, list[tuple]]:
    """Every cell of every sheet, after a save and load as a person's Excel would see them."""
    buffer = io.BytesIO()
    wb.save(buffer)
    loaded = load_workbook(io.BytesIO(buffer.getvalue()))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in loaded.worksheets}


def to_file(wb) -> io.BytesIO:
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def row_of(ws, column: str, value) -> int:
    """The Excel row number of the first row whose `column` holds `value`."""
    index = [c.value for c in ws[1]].index(column)
    return next(r[0].row for r in ws.iter_rows(min_row=2) if r[index].value == value)


def set_cell(ws, row: int, column: str, value) -> None:
    ws.cell(row=row, column=[c.value for c in ws[1]].index(column) + 1, value=value)


def state_of_catalog() -> tuple:
    return (
        list(ItemVersion.objects.order_by("pk").values_list("pk", "status", "version")),
        list(Topic.objects.order_by("pk").values_list("code", "name", "audience", "sort_order")),
        list(Bundle.objects.order_by("pk").values_list("code", "name", "is_active")),
        list(BundleItem.objects.order_by("pk").values_list("bundle_id", "item_id", "sort_order")),
        AuditEvent.objects.count(),
    )


def test_the_export_has_one_sheet_per_table_with_codes_in_its_cells(catalog):
    sheets = cells(excel.export_catalog())
    assert list(sheets) == list(excel.SHEETS)
    for name, rows in sheets.items():
        assert list(rows[0]) == [c.name for c in excel.SHEETS[name]]
    items = {r[0]: dict(zip(sheets["items"][0], r, strict=True)) for r in sheets["items"][1:]}
    assert list(items) == sorted(items)  # sorted by implementation code
    joint = items["TEST-ZJ-SGXK"]
    assert joint["item_type"] == "01" and joint["case_kind"] == "joint"
    assert joint["department"] == "住房和城乡建设局"
    assert joint["topics"] == "housing,startup"
    assert joint["special_procedures"] == "expert_review,hearing"
    assert joint["extension_allowed"] == "是" and joint["delegated_to_town"] == "否"
    assert items["TEST-SC-YYZZ"]["conditions"] == "=SUM(A1:A2) 应作为文字保存"  # text, never a formula
    assert ("TEST-ZJ-SGXK", "自然资源和规划局", "否", 15) in sheets["joint_departments"]
    assert ("YJS-KCG", "TEST-SC-YYZZ", 1) in sheets["bundle_items"]
    materials = [r for r in sheets["materials"] if r[0] == "TEST-ZJ-SGXK"]
    assert [m[1] for m in materials] == ["施工许可申请表", "建设工程规划许可证"]
    assert materials[1][7] == "自然资源和规划局"


def test_export_import_export_gives_identical_workbooks(catalog, admin):
    first = cells(excel.export_catalog())
    before = list(ItemVersion.objects.order_by("pk").values_list("pk", "status"))
    summary = excel.import_catalog(to_file(excel.export_catalog()), actor=admin)
    assert summary == {"created": 0, "updated": 0, "unchanged": 4, "bundles": 2}
    assert list(ItemVersion.objects.order_by("pk").values_list("pk", "status")) == before
    assert cells(excel.export_catalog()) == first


def test_an_edited_workbook_is_exactly_what_the_next_export_shows(catalog, admin):
    """New topic, item with children and bundle; changed cells; all land as written."""
    wb = load_workbook(to_file(excel.export_catalog()))
    set_cell(wb["items"], row_of(wb["items"], "implementation_code", "TEST-JT-KYXL"), "hours", "周一至周五")
    wb["topics"].append(["travel", "出行", "person", 9])
    wb["items"].append(
        [
            "ZZ-NEW-1",
            "000199",
            "新增事项",
            "20",
            "town",
            "民政局",
            10,
            3,
            "promised",
            0,
            2,
            None,
            None,
            "inspection",
            "pause",
            "否",
            0,
            1,
            None,  # issues_certificate
            None,
            None,
            "town",
            "是",
            "housing,travel",
            None,
            None,
            "0538-1",
        ]
    )
    wb["materials"].append(["ZZ-NEW-1", "户口簿", "optional", "paper", 1, "applicant", None, None, None])
    wb["fees"].append(["ZZ-NEW-1", "证书费", Decimal("5.00"), None, "否", "always", None, None])
    wb["bundles"].append(["YJS-ZNEW", "新一件事", None, "travel", "是"])
    wb["bundle_items"].append(["YJS-ZNEW", "ZZ-NEW-1", 1])
    wb["bundle_items"].append(["YJS-ZNEW", "TEST-BDC-DYDJ", 2])
    expected = cells(wb)
    summary = excel.import_catalog(to_file(wb), actor=admin)
    assert summary == {"created": 1, "updated": 1, "unchanged": 3, "bundles": 3}
    assert cells(excel.export_catalog()) == expected
    new = ItemVersion.objects.get(implementation_code="ZZ-NEW-1")
    assert new.status == VersionStatus.PUBLISHED and new.name_initials == "xzsx"
    assert new.created_by == admin and new.delegated_to_town is True
    assert AuditEvent.objects.filter(action="catalog.import").count() == 1


def test_a_changed_cell_publishes_a_new_version_and_retires_the_old(catalog, admin):
    mortgage = catalog["mortgage"]
    mortgage.materials.filter(name="抵押合同").update(blank_form="catalog/forms/contract.docx")
    seen_by_case = services.content_of(mortgage)
    wb = load_workbook(to_file(excel.export_catalog()))
    set_cell(
        wb["items"], row_of(wb["items"], "implementation_code", "TEST-BDC-DYDJ"), "promised_limit_days", 1
    )
    summary = excel.import_catalog(to_file(wb), actor=admin)
    assert summary == {"created": 0, "updated": 1, "unchanged": 3, "bundles": 2}
    mortgage.refresh_from_db()
    assert mortgage.status == VersionStatus.RETIRED and mortgage.retired_at is not None
    assert services.content_of(mortgage) == seen_by_case
    live = ItemVersion.objects.get(item=mortgage.item, status=VersionStatus.PUBLISHED)
    assert live.version == 2 and live.promised_limit_days == 1
    assert services.content_of(live) == {**seen_by_case, "promised_limit_days": 1}
    assert live.materials.get(name="抵押合同").blank_form.name == "catalog/forms/contract.docx"
    others = [catalog[k] for k in ("construction", "licence", "report_up")]
    assert all(ItemVersion.objects.get(pk=v.pk).status == VersionStatus.PUBLISHED for v in others)


def test_an_item_with_a_pending_draft_gets_that_draft_replaced_and_published(catalog, admin):
    licence = catalog["licence"]
    draft = services.save_draft(actor=None, data={"hours": "草稿中的时间"}, item=licence.item)
    wb = load_workbook(to_file(excel.export_catalog()))
    set_cell(wb["items"], row_of(wb["items"], "implementation_code", "TEST-SC-YYZZ"), "hours", "全天")
    assert excel.import_catalog(to_file(wb), actor=admin)["updated"] == 1
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED and draft.hours == "全天"
    assert not ItemVersion.objects.filter(item=licence.item, status=VersionStatus.DRAFT).exists()


@pytest.mark.parametrize(
    ("sheet", "code", "column", "value"),
    [
        ("items", "TEST-BDC-DYDJ", "department", "不存在的局"),
        ("items", "TEST-BDC-DYDJ", "promised_limit_days", 99),
        ("items", "TEST-BDC-DYDJ", "case_kind", "urgent"),
        ("items", "TEST-BDC-DYDJ", "legal_limit_days", "三十"),
        ("items", "TEST-BDC-DYDJ", "extension_allowed", "也许"),
        ("items", "TEST-BDC-DYDJ", "topics", "housing,nonexistent"),
        ("items", "TEST-SC-YYZZ", "promised_limit_days", 2),  # an immediate item
        ("materials", "TEST-ZJ-SGXK", "source_department", "不存在的局"),
        ("materials", "TEST-ZJ-SGXK", "requirement", "maybe"),
        ("fees", "TEST-SC-YYZZ", "amount", "1.234"),
        ("steps", "TEST-BDC-DYDJ", "share_percent", 30),
        ("joint_departments", "TEST-ZJ-SGXK", "is_lead", "否"),
        ("joint_departments", "TEST-ZJ-SGXK", "limit_days", 50),
        ("bundle_items", "YJS-KCG", "implementation_code", "NO-SUCH-ITEM"),
    ],
)
def test_one_bad_cell_rejects_the_whole_import_naming_sheet_row_and_column(
    catalog, admin, sheet, code, column, value
):
    wb = load_workbook(to_file(excel.export_catalog()))
    set_cell(wb["items"], row_of(wb["items"], "implementation_code", "TEST-JT-KYXL"), "hours", "会被改动")
    ws = wb[sheet]
    row = row_of(ws, "bundle" if sheet == "bundle_items" else "implementation_code", code)
    set_cell(ws, row, column, value)
    before = state_of_catalog()
    with pytest.raises(Invalid) as caught:
        excel.import_catalog(to_file(wb), actor=admin)
    assert caught.value.code == "workbook_invalid"
    located = {(e["sheet"], e["row"], e["column"]) for e in caught.value.details}
    assert (sheet, row, column) in located, caught.value.details
    assert all(e["message"] for e in caught.value.details)
    assert state_of_catalog() == before


def test_every_error_is_reported_at_once(catalog, admin):
    wb = load_workbook(to_file(excel.export_catalog()))
    items, materials = wb["items"], wb["materials"]
    first = row_of(items, "implementation_code", "TEST-BDC-DYDJ")
    second = row_of(items, "implementation_code", "TEST-SC-YYZZ")
    third = row_of(items, "implementation_code", "TEST-JT-KYXL")
    set_cell(items, first, "department", "不存在的局")
    set_cell(items, second, "case_kind", "urgent")
    set_cell(items, second, "online_depth", 9)
    set_cell(items, third, "promised_limit_days", 99)  # a content rule, found beside a bad cell of the item
    material = row_of(materials, "implementation_code", "TEST-JT-KYXL")
    set_cell(materials, material, "copies", -1)
    materials.append(["NO-SUCH-ITEM", "身份证", "required", "paper", 1, "applicant", None, None, None])
    with pytest.raises(Invalid) as caught:
        excel.import_catalog(to_file(wb), actor=admin)
    located = [(e["sheet"], e["row"], e["column"]) for e in caught.value.details]
    in_items = sorted(
        [
            ("items", first, "department"),
            ("items", second, "case_kind"),
            ("items", second, "online_depth"),
            ("items", third, "promised_limit_days"),
        ]
    )
    in_materials = [
        ("materials", material, "copies"),
        ("materials", materials.max_row, "implementation_code"),
    ]
    assert located == [*in_items, *in_materials]


def test_a_workbook_missing_a_sheet_or_a_column_is_refused(catalog, admin):
    wb = load_workbook(to_file(excel.export_catalog()))
    del wb["fees"]
    wb["steps"].delete_cols(3)
    with pytest.raises(Invalid) as caught:
        excel.import_catalog(to_file(wb), actor=admin)
    located = {(e["sheet"], e["row"], e["column"]) for e in caught.value.details}
    assert ("fees", None, None) in located and ("steps", 1, "share_percent") in located
    with pytest.raises(Invalid) as caught:
        excel.import_catalog(io.BytesIO(b"not a workbook"), actor=admin)
    assert caught.value.details[0]["sheet"] is None


def test_a_hand_made_workbook_takes_spreadsheet_spellings(demo_county, admin):
    wb = Workbook()
    wb.remove(wb.active)
    for name, columns in excel.SHEETS.items():
        wb.create_sheet(name).append([c.name for c in columns])
    row = dict.fromkeys(c.name for c in excel.SHEETS["items"])
    row.update(
        implementation_code=" HM-1 ",
        basic_code=12345,
        name="手工事项",
        item_type=1,
        tier="county",
        department="公安局",
        legal_limit_days=10.0,
        promised_limit_days="5",
        case_kind="promised",
        proxyable_tiers="city，town",
        extension_allowed=True,
        delegated_to_town="FALSE",
    )
    wb["items"].append(list(row.values()))
    summary = excel.import_catalog(to_file(wb), actor=admin)
    assert summary == {"created": 1, "updated": 0, "unchanged": 0, "bundles": 0}
    version = ItemVersion.objects.get(implementation_code="HM-1")
    assert (version.basic_code, version.item_type, version.legal_limit_days) == ("12345", "01", 10)
    assert version.proxyable_tiers == ["city", "town"] and version.extension_allowed is True
    assert version.visits_required == 1 and version.online_depth == 1  # the model's defaults


def test_progress_is_reported_up_to_the_total(catalog, admin):
    calls = []
    excel.import_catalog(
        to_file(excel.export_catalog()), actor=admin, progress=lambda d, t: calls.append((d, t))
    )
    assert calls[0] == (0, 4) and calls[-1] == (4, 4)


def test_only_administrators_import(catalog, django_user_model):
    from onewindow.errors import Forbidden

    clerk = django_user_model.objects.get(username="clerk")
    with pytest.raises(Forbidden):
        excel.import_catalog(to_file(excel.export_catalog()), actor=clerk)


# --- Pages ----------------------------------------------------------------------------------------


@pytest.fixture
def synchronous(monkeypatch, settings, tmp_path):
    monkeypatch.setattr(import_views, "RUN_IN_THREAD", False)
    settings.MEDIA_ROOT = tmp_path


def upload(client, wb, name="catalog.xlsx"):
    data = to_file(wb)
    data.name = name
    return client.post("/catalog/import/", {"file": data})


def test_upload_then_job_page_shows_the_summary(catalog, login, synchronous):
    client = login("admin")
    page = client.get("/catalog/import/")
    assert page.status_code == 200 and "/catalog/export/" in page.content.decode()
    wb = load_workbook(to_file(excel.export_catalog()))
    set_cell(wb["items"], row_of(wb["items"], "implementation_code", "TEST-BDC-DYDJ"), "hours", "全天")
    response = upload(client, wb)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/catalog/import/{job.pk}/"
    assert job.state == ImportJob.State.DONE and job.finished_at is not None
    assert job.summary == {"created": 0, "updated": 1, "unchanged": 3, "bundles": 2}
    assert (job.done, job.total, job.percent) == (4, 4, 100)
    page = client.get(response.url).content.decode()
    assert 'data-testid="import-summary"' in page and "hx-trigger" not in page
    assert "catalog.xlsx" in client.get("/catalog/import/").content.decode()


def test_a_failed_import_lists_every_error_on_the_job_page(catalog, login, synchronous):
    client = login("admin")
    wb = load_workbook(to_file(excel.export_catalog()))
    row = row_of(wb["items"], "implementation_code", "TEST-BDC-DYDJ")
    set_cell(wb["items"], row, "case_kind", "urgent")
    response = upload(client, wb)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED
    assert [(e["sheet"], e["row"], e["column"]) for e in job.errors] == [("items", row, "case_kind")]
    fragment = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="import-errors"' in fragment and "urgent" in fragment
    assert "<html" not in fragment and "hx-trigger" not in fragment


def test_a_running_job_polls_itself(catalog, login, admin):
    job = ImportJob.objects.create(
        created_by=admin,
        file_name="big.xlsx",
        workbook="catalog/imports/big.xlsx",
        state=ImportJob.State.RUNNING,
        done=250,
        total=1000,
    )
    page = login("admin").get(f"/catalog/import/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and f'hx-get="/catalog/import/{job.pk}/"' in page
    assert 'aria-valuenow="25"' in page


def test_the_upload_form_refuses_other_files(catalog, login, synchronous):
    client = login("admin")
    data = io.BytesIO(b"a,b\n")
    data.name = "catalog.csv"
    response = client.post("/catalog/import/", {"file": data})
    assert response.status_code == 200 and not ImportJob.objects.exists()


def test_export_downloads_the_workbook(catalog, login):
    response = login("admin").get("/catalog/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == excel.CONTENT_TYPE
    assert 'filename="onewindow-catalog.xlsx"' in response["Content-Disposition"]
    assert cells(load_workbook(io.BytesIO(response.content))) == cells(excel.export_catalog())


@pytest.mark.parametrize("url", ["/catalog/import/", "/catalog/export/", "/catalog/import/1/"])
def test_other_staff_are_refused(catalog, login, url):
    assert login("clerk").get(url).status_code == 403


def test_a_catalog_changed_during_the_checks_is_not_overwritten(catalog, admin, monkeypatch):
    from onewindow.errors import Conflict

    workbook = excel.export_catalog()
    set_cell(workbook["items"], 2, "promised_limit_days", 0)
    before = state_of_catalog()
    stamps = iter([("before",), ("after",)])
    monkeypatch.setattr(services, "catalog_stamp", lambda: next(stamps))
    with pytest.raises(Conflict):
        excel.import_catalog(to_file(workbook), actor=admin)
    assert state_of_catalog() == before
