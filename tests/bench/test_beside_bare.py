"""The pure parts of the HTTP benchmark beside the bare app: reading wrk's output, summing up statement
counts, and the table of ratios (no timing is checked here: figures belong to `make bench`)."""

import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8765
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    24.10ms   30.22ms 350.00ms   91.00%
  6420 requests in 10.00s, 20.10MB read
{"requests": 6420, "duration_us": 10000000, "status_errors": 1, "socket_errors": 2, "p50": 19900, \
"p95": 91500, "p99": 350000}
"""


@pytest.fixture
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    return importlib.import_module("http_load"), importlib.import_module("beside_bare")


def test_wrk_figures_are_read_from_the_line_our_script_prints(bench):
    figures = bench[0].parse_wrk(WRK_OUTPUT)
    assert figures["rps"] == 642
    assert figures["errors"] == 3
    assert (figures["p50"], figures["p95"], figures["p99"]) == (19900, 91500, 350000)


def test_statement_counts_read_as_one_figure_or_median_and_range(bench):
    summary = importlib.import_module("statements").summary
    assert summary([4] * 20) == "4"
    assert summary([4, 5, 4, 4]) == "4 (4-5)"


def _figures(rps, p50=10_000):
    return {"rps": rps, "p50": p50, "p95": 2 * p50, "p99": 3 * p50, "errors": 0}


def test_the_table_gives_each_scenario_its_ratio_to_the_bare_endpoint(bench):
    _, beside_bare = bench
    pairs = [
        ("http.case_detail", _figures(300), "bare.case_by_number", _figures(1500, 2_000)),
        ("http.intake", _figures(20), "bare.insert", _figures(1000)),
    ]
    lines = beside_bare.table(pairs, {"http.case_detail": [4, 4, 5], "bare.case_by_number": [1]}).splitlines()
    assert len(lines) == 4
    assert lines[2] == (
        "| http.case_detail | bare.case_by_number | 300 | 1,500 | 0.20x | 10.0 / 20.0 / 30.0 "
        "| 2.0 / 4.0 / 6.0 | 0 / 0 | 4 (4-5) / 1 |"
    )
    assert "| 0.02x |" in lines[3] and lines[3].endswith("| - / - |")


def test_a_failing_bare_endpoint_flags_its_ratio(bench):
    _, beside_bare = bench
    failing = {**_figures(900), "errors": 12}
    rows = beside_bare.summary_rows([("http.overdue_list", _figures(90), "bare.case_page", failing)], {})
    assert rows[0] == ("http.overdue_list / bare.case_page", "0.10x (90 / 900 req/s)", False)


def test_statements_are_counted_for_the_requests_wrk_sends(bench):
    _, beside_bare = bench
    numbers = [f"N{i}" for i in range(30)]
    scenarios = [("http.case_detail", [f"/api/v1/cases/{n}" for n in numbers], "tok")]
    real, bare = beside_bare.statement_specs(scenarios, {"x": 1}, "clerk", beside_bare.bare_paths(numbers))
    assert real[0]["paths"] == [f"/api/v1/cases/N{i}" for i in range(beside_bare.COUNTED)]
    assert real[0]["headers"] == {"Authorization": "Bearer tok"}
    assert real[1] == {
        "label": "http.intake",
        "method": "POST",
        "paths": ["/api/v1/cases"],
        "headers": {"Authorization": "Bearer clerk"},
        "body": {"x": 1},
        "unique_key": True,
    }
    assert [spec["label"] for spec in bare] == ["bare.case_by_number", "bare.case_page", "bare.insert"]
    assert set(beside_bare.BARE.values()) == {spec["label"] for spec in bare}
