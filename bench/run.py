"""onewindow benchmarks: `make bench`. Prints figures and ratios; targets are checked here, never in tests.

Runs on a throwaway database made the way the test suite makes one: a temporary SQLite file (WAL) by
default, or `test_<name>` on the server named by DATABASE_URL, dropped afterwards.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")
os.environ.setdefault("ONEWINDOW_PLAIN_STATIC", "1")
os.environ.setdefault("ONEWINDOW_TEST_SQLITE", str(Path(tempfile.mkdtemp()) / "bench.sqlite3"))

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

AUDIT_EVENTS = 20_000
ONE_PER_TRANSACTION = 2_000
API_REQUESTS = 500
TARGETS = {  # minimum rates on the 2-core reference machine
    "audit.record": 1_000,
    "audit.seal": 5_000,
    "audit.verify": 10_000,
    "audit.record+seal": 150,  # one commit each: bound by the disk flush of each commit
    "api.departments": 100,
}


def rate(label, count, seconds, unit="ops/s"):
    per_second = count / seconds
    target = TARGETS.get(label)
    verdict = "" if target is None else ("  ok" if per_second >= target else f"  BELOW TARGET {target}")
    print(f"{label:<22} {count:>8} in {seconds:7.3f}s  {per_second:>12,.0f} {unit}{verdict}")
    return label, f"{per_second:,.0f} {unit}", None if target is None else per_second >= target


def bench_audit():
    from django.conf import settings

    from onewindow.audit import services

    settings.AUDIT_SEAL_ON_COMMIT = False  # measure writing and sealing apart
    started = time.perf_counter()
    for start in range(0, AUDIT_EVENTS, 100):  # 100 events per transaction, as a busy request might
        with transaction.atomic():
            for i in range(start, start + 100):
                services.record(
                    actor=None,
                    action="bench.event",
                    object_type="bench",
                    object_id=i,
                    before={"n": i},
                    after={"n": i + 1, "名称": "基准"},
                )
    record = rate("audit.record", AUDIT_EVENTS, time.perf_counter() - started, "events/s")
    started = time.perf_counter()
    sealed = services.seal_pending()
    seal = rate("audit.seal", sealed, time.perf_counter() - started, "events/s")
    started = time.perf_counter()
    result = services.verify()
    verify = rate("audit.verify", result.checked, time.perf_counter() - started, "events/s")
    assert result.ok, result
    settings.AUDIT_SEAL_ON_COMMIT = True  # one event per request, sealed right after its commit
    started = time.perf_counter()
    for i in range(ONE_PER_TRANSACTION):
        with transaction.atomic():
            services.record(
                actor=None, action="bench.request", object_type="bench", object_id=i, after={"n": i}
            )
    sealed_each = rate("audit.record+seal", ONE_PER_TRANSACTION, time.perf_counter() - started, "requests/s")
    assert services.verify().pending == 0
    return [record, seal, verify, sealed_each]


def bench_concurrent_writers(threads: int = 4, each: int = 300):
    """Several writers at once, each event in its own transaction and sealed after commit: the chain
    must not make them queue behind each other (DESIGN rule 9)."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    from onewindow.audit import services

    def writer(n):
        try:
            for i in range(each):
                with transaction.atomic():
                    services.record(
                        actor=None, action="bench.concurrent", object_type="bench", object_id=f"{n}-{i}"
                    )
        finally:
            connections.close_all()

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(writer, range(threads)))
    result = rate(f"audit.{threads}writers", threads * each, time.perf_counter() - started, "requests/s")
    services.seal_pending()
    verification = services.verify()
    assert verification.ok and verification.pending == 0, verification
    return [result]


def bench_api():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from onewindow.demo import county as demo

    demo.load_demo()
    client = Client()
    client.force_login(get_user_model().objects.get(username="clerk"))
    client.get("/api/v1/org/departments")
    started = time.perf_counter()
    for _ in range(API_REQUESTS):
        assert client.get("/api/v1/org/departments?limit=100").status_code == 200
    return [rate("api.departments", API_REQUESTS, time.perf_counter() - started, "req/s (in-process)")]


def main() -> int:
    import catalog_import
    import http_load
    import workdays

    table: list[tuple[str, str, bool | None]] = []
    for label, ratio, target in workdays.run():
        table.append((label, f"{ratio:,.0f}x the naive walk (target {target:,.0f}x)", ratio >= target))
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
        table += bench_audit() + bench_concurrent_writers() + bench_api()
        for label, seconds, target in catalog_import.run():
            table.append((label, f"{seconds:.2f}s", None if target is None else seconds <= target))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"HTTP load: {http_load.CONNECTIONS} connections, {http_load.SECONDS}s per scenario, PostgreSQL")
    try:
        table += http_load.run()
    except Exception as exc:  # report it in the table: a missing server must not hide the other figures
        table.append(("http load", f"NOT RUN: {exc}", False))
    width = max(len(label) for label, _, _ in table)
    print(f"\n{'benchmark':<{width}}  {'figure':<70}  target")
    for label, figure, ok in table:
        print(f"{label:<{width}}  {figure:<70}  {'-' if ok is None else 'met' if ok else 'MISSED'}")
    missed = [label for label, _, ok in table if ok is False]
    print("all targets met" if not missed else f"{len(missed)} target(s) missed: {', '.join(missed)}")
    return 1 if missed else 0


RATE_LABELS = [
    "audit.record",
    "audit.seal",
    "audit.verify",
    "audit.record+seal",
    "audit.4writers",
    "api.departments",
]


if __name__ == "__main__":
    sys.exit(main())
