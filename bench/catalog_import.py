"""Importing a generated 1,000-item catalog workbook (5 materials each) into the demo county, all new;
then exporting it, and importing that export again (every item unchanged).

Needs a database: bench/run.py calls `run()` inside its throwaway test database.
"""

import io
import time

from openpyxl import Workbook

ITEMS = 1_000
MATERIALS = 5
TARGET_IMPORT_SECONDS = 10
CASE_KINDS = ["promised", "promised", "promised", "immediate", "joint", "report_up"]
ITEM_TYPES = ["01", "05", "07", "20"]


def _item(i: int, departments: list[str]) -> tuple[dict, list[list], list[list], list[list], list[list]]:
    code = f"BENCH-{i:05d}"
    kind = CASE_KINDS[i % len(CASE_KINDS)]
    department = departments[i % len(departments)]
    legal, promised = 20, (0 if kind == "immediate" else 5)
    item = {  # by column name, so a column added to the template cannot shift the others
        "implementation_code": code,
        "basic_code": f"0001{i:08d}",
        "name": f"基准测试事项第{i}号不动产登记",
        "item_type": ITEM_TYPES[i % len(ITEM_TYPES)],
        "tier": "county",
        "department": department,
        "legal_limit_days": legal,
        "promised_limit_days": promised,
        "case_kind": kind,
        "visits_required": 1,
        "online_depth": 3,
        "conditions": "申请人符合法定条件。",
        "power_source": "《基准测试条例》第三条",
        "special_procedures": "hearing" if i % 7 == 0 else None,
        "supplement_rule": "pause",
        "extension_allowed": "是" if i % 3 == 0 else "否",
        "extension_max_days": 10 if i % 3 == 0 else 0,
        "report_up_authority": "市人民政府" if kind == "report_up" else None,
        "report_up_limit_days": 15 if kind == "report_up" else None,
        "proxyable_tiers": "city,town",
        "delegated_to_town": "否",
        "topics": "bench",
        "location": "市政务服务中心二楼",
        "hours": "工作日 9:00-17:30",
        "phone": "0538-1234567",
    }
    materials = [
        [code, f"申请材料{j}", "required", "paper", 1, "applicant", None, None, "原件核验"]
        for j in range(1, MATERIALS)
    ]
    materials.append([code, "营业执照", "required", "electronic", 1, "certificate", "营业执照", None, None])
    fees = [[code, "登记费", 80, "发改价格规〔2016〕2559号", "是"]] if i % 4 == 0 else []
    steps = [[code, "受理", 20], [code, "审查", 60], [code, "决定", 20]]
    joints = []
    if kind == "joint":
        other = departments[(i + 1) % len(departments)]
        joints = [[code, department, "是", promised], [code, other, "否", promised]]
    return item, materials, fees, steps, joints


def workbook(departments: list[str], items: int = ITEMS) -> bytes:
    """A workbook in the import template with `items` items, built the way a spreadsheet user would."""
    from onewindow.catalog.excel import SHEETS

    wb = Workbook()
    wb.remove(wb.active)
    sheets = {name: wb.create_sheet(name) for name in SHEETS}
    for name, ws in sheets.items():
        ws.append([c.name for c in SHEETS[name]])
    for i in range(items):
        item, materials, fees, steps, joints = _item(i, departments)
        unknown = set(item) - {c.name for c in SHEETS["items"]}
        assert not unknown, unknown
        sheets["items"].append([item.get(c.name) for c in SHEETS["items"]])
        for name, rows in [("materials", materials), ("fees", fees), ("steps", steps)]:
            for row in rows:
                sheets[name].append(row)
        for row in joints:
            sheets["joint_departments"].append(row)
    sheets["topics"].append(["bench", "基准测试", "person", 1])
    sheets["bundles"].append(["BENCH-B1", "基准一件事", "", "bench", "是"])
    for n in range(5):
        sheets["bundle_items"].append(["BENCH-B1", f"BENCH-{n:05d}", n + 1])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def run(items: int = ITEMS) -> list[tuple[str, float, float | None]]:
    from onewindow.catalog import excel
    from onewindow.demo import county as demo
    from onewindow.org.models import Department

    demo.load_demo()
    departments = sorted(Department.objects.values_list("name", flat=True))
    data = workbook(departments, items)

    started = time.perf_counter()
    summary = excel.import_catalog(io.BytesIO(data), actor=None)
    imported = time.perf_counter() - started
    assert summary["created"] == items, summary

    started = time.perf_counter()
    exported = excel.export_bytes()
    export_seconds = time.perf_counter() - started

    started = time.perf_counter()
    again = excel.import_catalog(io.BytesIO(exported), actor=None)
    unchanged = time.perf_counter() - started
    assert again["unchanged"] == items and not again["created"] and not again["updated"], again

    rows = items * (1 + MATERIALS)
    verdict = "  ok" if imported <= TARGET_IMPORT_SECONDS else f"  ABOVE TARGET {TARGET_IMPORT_SECONDS}s"
    per_second = rows / imported
    print(f"catalog.import         {items:>8} items  {imported:7.3f}s  {per_second:>10,.0f} rows/s{verdict}")
    print(f"catalog.export         {items:>8} items  {export_seconds:7.3f}s")
    print(f"catalog.reimport       {items:>8} items  {unchanged:7.3f}s  (all unchanged)")
    return [
        ("catalog.import", imported, TARGET_IMPORT_SECONDS),
        ("catalog.export", export_seconds, None),
        ("catalog.reimport", unchanged, None),
    ]
