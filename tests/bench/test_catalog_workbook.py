"""The catalog benchmark's workbook stays a valid import: a column added to the template must not break
`make bench` unnoticed (it once did, shifting every later cell of the items sheet)."""

import importlib.util
import io
from pathlib import Path

import pytest

from onewindow.catalog import excel
from onewindow.demo import county as demo
from onewindow.org.models import Department

BENCH = Path(__file__).resolve().parents[2] / "bench" / "catalog_import.py"


@pytest.mark.django_db
def test_the_benchmark_workbook_imports_every_item():
    spec = importlib.util.spec_from_file_location("catalog_import_bench", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    demo.load_demo()
    departments = sorted(Department.objects.values_list("name", flat=True))
    items = len(bench.CASE_KINDS)  # one of every case kind
    summary = excel.import_catalog(io.BytesIO(bench.workbook(departments, items)), actor=None)
    assert summary["created"] == items
