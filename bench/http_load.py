"""HTTP load on the real server over a million generated cases on PostgreSQL.

1. A template database `onewindow_bench_<N>` is made once by `onewindow migrate` + `onewindow generate
   --cases N --seed 1` and kept (its comment records the schema and the generate figure); each run
   clones it (`CREATE DATABASE ... TEMPLATE`, a file copy), so runs start from the same million cases.
2. The production server of `make run` (granian, WSGI, same workers and threads) serves the clone.
3. wrk (Debian package, a separate C process) drives each scenario with 16 connections; a Lua script
   rotates over sampled case numbers and prints requests, latency percentiles and errors as JSON.
4. The server processes' resident memory is sampled throughout; every intake is counted afterwards.
5. The day's first clock sweep is timed over a million open cases (every case of the clone reopened as
   a running clock with deadlines spread over six weeks), the warnings it raises announced with it.

Run by `bench/run.py` (make bench); alone: `.venv/bin/python bench/http_load.py`. Environment:
BENCH_PG (server URL without database, default postgres://postgres@127.0.0.1:5432), BENCH_CASES
(1000000), BENCH_SECONDS (per scenario, 10), WORKERS/THREADS (as make run: 2 and 8).
"""

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
CASES = int(os.environ.get("BENCH_CASES", "1000000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WORKERS = os.environ.get("WORKERS", "2")
THREADS = os.environ.get("THREADS", "8")
CONNECTIONS = 16
PORT = int(os.environ.get("BENCH_PORT", "8765"))
TEMPLATE = f"onewindow_bench_{CASES}"
RUN_DB = "onewindow_bench_run"
SAMPLE = 20_000

TARGETS = {  # (minimum requests/s, maximum p95 ms) on the 2-core reference machine
    "http.case_detail": (800, 25),
    "http.public_tracking": (800, 25),
    "http.reviewer_inbox": (None, 50),
    "http.overdue_list": (None, 50),
    "http.intake": (300, None),
}
GENERATE_TARGET = 50_000  # cases/s
RSS_TARGET_MB = 200
SWEEP_TARGET_S = 5.0


def _admin(sql: str, *params, database: str = "postgres"):
    import psycopg

    with psycopg.connect(f"{PG}/{database}", autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def _env(database: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "DJANGO_SETTINGS_MODULE": "onewindow.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TRACK_LOOKUPS_PER_MINUTE": "100000000",  # one load generator is one address
        "ONEWINDOW_MESSAGE_BACKEND": "onewindow.notices.backends.ConsoleBackend",
        "LOG_LEVEL": "WARNING",
    }


def _onewindow(database: str, *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "onewindow"), *args], env=_env(database), capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise RuntimeError(f"onewindow {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _schema_stamp() -> str:
    files = sorted(p.relative_to(ROOT) for p in (ROOT / "src/onewindow").glob("*/migrations/0*.py"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path).encode() + (ROOT / path).read_bytes())
    digest.update(b"".join(f.read_bytes() for f in sorted(ROOT.glob("src/onewindow/simulate/*.py"))))
    return f"cases={CASES} seed=1 schema={digest.hexdigest()[:16]}"


def ensure_template() -> tuple[float, bool]:
    """The generated database, made now or kept from an earlier run; returns (cases/s, made now)."""
    stamp = _schema_stamp()
    found = _admin(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", TEMPLATE
    )
    if found and found[0][0] and found[0][0].startswith(stamp):
        return float(found[0][0].rsplit("rate=", 1)[1]), False
    print(f"  generating {CASES:,} cases into {TEMPLATE} (kept for later runs)...", flush=True)
    _admin(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{TEMPLATE}"')
    _onewindow(TEMPLATE, "migrate", "--noinput")
    started = time.perf_counter()
    output = _onewindow(TEMPLATE, "generate", "--cases", str(CASES), "--seed", "1")
    seconds = time.perf_counter() - started
    match = re.search(r"([\d,.]+) cases/s", output)
    rate = float(match.group(1).replace(",", "")) if match else CASES / seconds
    _admin("VACUUM ANALYZE", database=TEMPLATE)
    _admin(f"COMMENT ON DATABASE \"{TEMPLATE}\" IS '{stamp} rate={rate:.0f}'")
    return rate, True


def clone() -> None:
    _admin(f'DROP DATABASE IF EXISTS "{RUN_DB}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{RUN_DB}" TEMPLATE "{TEMPLATE}"')


PREPARE = """
import json, random
from onewindow.timelimits import sweep
from onewindow.accounts.services import create_token
from onewindow.cases.models import Case
from onewindow.catalog import selectors
from django.contrib.auth import get_user_model
User = get_user_model()
def token(name):
    return create_token(actor=None, user=User.objects.get(username=name), name="bench")[1]
random.seed(1)
top = Case.objects.order_by("-pk").values_list("pk", flat=True).first()
ids = random.sample(range(1, top + 1), min(top, 60000))
rows = list(Case.objects.filter(pk__in=ids).values_list("number", "query_code")[:%(sample)d])
version = selectors.live_items().get(name="不动产抵押登记")
body = {
    "applicant": {"kind": "person", "name": "张三", "id_number": "370982199001011237",
                  "phone": "13805381234"},
    "item_code": version.implementation_code,
    "materials": [{"material_id": m.pk, "provision": "paper"} for m in version.materials.all()],
}
print(json.dumps({
    "numbers": rows, "body": body, "top": top,
    "tokens": {n: token(n) for n in ("leader", "reviewer2", "clerk", "supervisor")},
}))
"""


def prepare() -> dict:
    out = _onewindow(RUN_DB, "shell", "-c", PREPARE % {"sample": SAMPLE})
    return json.loads(out.strip().splitlines()[-1])


LUA = r"""
local paths, headers, i, n, method, body = {}, {}, 0, 0, "GET", nil
%(setup)s
function setup(thread) n = n + 1; thread:set("id", n) end
function init(args)
  for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
  i = (id * 7919) %% #paths
end
function request()
  i = i %% #paths + 1
  return wrk.format(method, paths[i], headers, body)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %%d, "duration_us": %%d, "status_errors": %%d, ' ..
    '"socket_errors": %%d, "p50": %%d, "p95": %%d, "p99": %%d}\n',
    summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(95),
    latency:percentile(99)))
end
"""
INTAKE_LUA = r"""
local headers, counter, n = {}, 0, 0
headers["Content-Type"] = "application/json"
headers["Authorization"] = "Bearer %(token)s"
local body = [==[%(body)s]==]
function setup(thread) n = n + 1; thread:set("id", n) end
function request()
  counter = counter + 1
  headers["Idempotency-Key"] = "bench-%(run)s-" .. id .. "-" .. counter
  return wrk.format("POST", "/api/v1/cases", headers, body)
end
"""


def _lua(workdir: Path, name: str, paths: list[str], token: str | None) -> Path:
    paths_file = workdir / f"{name}.paths"
    paths_file.write_text("\n".join(paths) + "\n")
    setup = f'headers["Authorization"] = "Bearer {token}"' if token else ""
    script = workdir / f"{name}.lua"
    script.write_text(LUA % {"setup": setup, "paths": paths_file})
    return script


def _done_of(lua_text: str) -> str:
    return lua_text[lua_text.index("function done") :].replace("%%", "%")


def wrk(script: Path, seconds: int) -> dict:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s", "-s", str(script),
         f"http://127.0.0.1:{PORT}"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = [x for x in result.stdout.splitlines() if x.startswith('{"requests"')][-1]
    figures = json.loads(line)
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["errors"] = figures["status_errors"] + figures["socket_errors"]
    return figures


class MemoryWatch:
    """The largest resident set of each server process, sampled every 0.2 s."""

    def __init__(self, root_pid: int):
        self.root, self.peak, self._stop = root_pid, {}, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        tree, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += children.get(pid, [])
        return tree

    def _run(self):
        while not self._stop.is_set():
            for pid in self._tree():
                try:
                    text = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                match = re.search(r"VmRSS:\s+(\d+) kB", text)
                if match:
                    self.peak[pid] = max(self.peak.get(pid, 0), int(match.group(1)) / 1024)
            self._stop.wait(0.2)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.peak.values(), default=0.0)


def serve() -> subprocess.Popen:
    _onewindow(RUN_DB, "collectstatic", "--noinput", "--verbosity", "0")  # as make run does
    log = open(Path(tempfile.gettempdir()) / "onewindow-bench-server.log", "w")
    server = subprocess.Popen(
        [str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(PORT),
         "--workers", WORKERS, "--blocking-threads", THREADS, "--log-level", "warning",
         "onewindow.wsgi:application"],
        env=_env(RUN_DB), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/accounts/login/", timeout=2) as page:
                if page.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"the server did not start; see {log.name}")


def stop(server: subprocess.Popen) -> None:
    """The server and its worker processes (their own session, so one signal reaches them all)."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


SWEEP = """
import time
from datetime import timedelta
from django.db import connection
from onewindow.cases import clocks
from onewindow.workcalendar.services import current_calendar
day = clocks.today()
yesterday = day - timedelta(days=1)
# Every generated case with a deadline reopened as a running clock read yesterday, its deadline spread
# over 42 days from two days ago (limits of up to 30 working days), yellow 6 days before it, its
# warning as of yesterday, and every warning announced but 1 in 100 (a clock event's, not yet told):
# a county's open workload the morning the day's first sweep runs.
with connection.cursor() as c:
    c.execute(
        "UPDATE cases_case SET status = 'in_review', clock_state = 'running', clock_read_on = %(y)s, "
        "deadline = %(d)s + (mod(id, 42) - 2)::int, yellow_on = %(d)s + (mod(id, 42) - 8)::int, "
        "due_on = %(d)s + (mod(id, 42) - 2)::int, "
        "warning = CASE WHEN mod(id, 42) - 2 < -1 THEN 'red' WHEN mod(id, 42) - 8 <= -1 THEN 'yellow' "
        "ELSE 'normal' END WHERE deadline IS NOT NULL AND accepted_on IS NOT NULL",
        {"d": day, "y": yesterday},
    )
    c.execute(
        "UPDATE cases_case SET warned = CASE WHEN mod(id, 100) = 0 THEN 'normal' ELSE warning END "
        "WHERE status = 'in_review'"
    )
    c.execute("VACUUM ANALYZE cases_case")  # as autovacuum would have after yesterday's work
    c.execute("SELECT count(*) FROM cases_case WHERE status = 'in_review'")
    opened = c.fetchone()[0]
current_calendar().is_workday(day)
started = time.perf_counter()
changed = sweep.refresh_due(on=day)
refresh = time.perf_counter() - started
started = time.perf_counter()
announced = sweep.announce_raised(on=day)
print(f"SWEEP {opened} {changed} {refresh:.3f} {announced} {time.perf_counter() - started:.3f}")
"""


def sweep() -> dict:
    out = _onewindow(RUN_DB, "shell", "-c", SWEEP)
    _, opened, changed, refresh, announced, announce = out.strip().splitlines()[-1].split()
    return {
        "opened": int(opened),
        "changed": int(changed),
        "refresh_s": float(refresh),
        "announced": int(announced),
        "announce_s": float(announce),
    }


def run() -> list[tuple[str, str, bool | None]]:
    """Rows of (label, figure, target met) for the summary table."""
    rows = []
    if subprocess.run(["which", "wrk"], capture_output=True).returncode:
        raise RuntimeError("wrk is not installed (make bench installs it: apt-get install wrk)")
    rate, made = ensure_template()
    note = "" if made else " (template kept from an earlier run)"
    rows.append((f"generate {CASES:,} cases", f"{rate:,.0f} cases/s{note}", rate >= GENERATE_TARGET))
    clone()
    data = prepare()
    numbers = data["numbers"]
    workdir = Path(tempfile.mkdtemp(prefix="onewindow-bench-"))
    scenarios = [
        ("http.case_detail", [f"/api/v1/cases/{n}" for n, _ in numbers], data["tokens"]["leader"]),
        ("http.public_tracking", [f"/api/v1/public/cases/{n}?code={c}" for n, c in numbers], None),
        ("http.reviewer_inbox", ["/api/v1/cases/inbox?limit=50"], data["tokens"]["reviewer2"]),
        ("http.overdue_list", [f"/api/v1/cases/overdue?offset={k * 50}&limit=50" for k in range(20)],
         data["tokens"]["supervisor"]),
    ]  # fmt: skip
    server = serve()
    memory = MemoryWatch(server.pid)
    try:
        for label, paths, token in scenarios:
            script = _lua(workdir, label, paths, token)
            wrk(script, 2)  # warm up: connections, caches
            figures = wrk(script, SECONDS)
            rows.append(_row(label, figures))
            print(f"  {rows[-1][0]}: {rows[-1][1]}", flush=True)
        intake = workdir / "intake.lua"
        intake.write_text(
            INTAKE_LUA
            % {"token": data["tokens"]["clerk"], "body": json.dumps(data["body"]), "run": time.time_ns()}
            + _done_of(LUA)
        )
        figures = wrk(intake, SECONDS)
        created = int(
            _admin("SELECT count(*) FROM cases_case WHERE id > %s", data["top"], database=RUN_DB)[0][0]
        )
        accepted = figures["requests"] - figures["errors"]
        row = _row("http.intake", figures)
        rows.append(
            (
                row[0],
                f"{row[1]}; {created} cases stored for {accepted} answered",
                # wrk stops with up to one request per connection in flight: stored, not counted
                row[2] and accepted <= created <= accepted + CONNECTIONS,
            )
        )
    finally:
        peak = memory.stop()
        stop(server)
    rows.append(
        (
            f"server RSS ({WORKERS} workers x {THREADS} threads)",
            f"max {peak:.0f} MB/process",
            peak <= RSS_TARGET_MB,
        )
    )
    result = sweep()
    rows.append(
        (
            f"daily sweep over {result['opened']:,} open cases",
            f"{result['refresh_s'] + result['announce_s']:.2f}s: {result['changed']:,} rows changed "
            f"(new warnings announced with them) in {result['refresh_s']:.2f}s, then "
            f"{result['announced']:,} earlier warnings announced in {result['announce_s']:.2f}s",
            result["refresh_s"] + result["announce_s"] <= SWEEP_TARGET_S,
        )
    )
    return rows


def _row(label: str, f: dict) -> tuple[str, str, bool | None]:
    min_rps, max_p95 = TARGETS[label]
    ok = f["errors"] == 0 if label == "http.intake" else True
    ok = ok and (min_rps is None or f["rps"] >= min_rps) and (max_p95 is None or f["p95"] / 1000 <= max_p95)
    text = (
        f"{f['rps']:,.0f} req/s  p50 {f['p50'] / 1000:.1f}  p95 {f['p95'] / 1000:.1f}  "
        f"p99 {f['p99'] / 1000:.1f} ms  errors {f['errors']}"
    )
    return label, text, ok


if __name__ == "__main__":
    for label, figure, ok in run():
        print(f"{label:<36} {figure}  {'' if ok is None else 'ok' if ok else 'MISSED'}")
