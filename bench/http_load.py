"""HTTP load on the real server over a million generated cases on PostgreSQL.

1. A template database `onewindow_bench_<N>` is made once by `onewindow migrate` + `onewindow generate
   --cases N --seed 1` and kept (its comment records the schema and the generate figure); each run
   clones it (`CREATE DATABASE ... TEMPLATE`, a file copy), so runs start from the same million cases.
2. The production server of `make run` (granian, WSGI, same workers and threads) serves the clone.
3. wrk (Debian package, a separate C process) drives each scenario with 16 connections; a Lua script
   rotates over sampled case numbers and prints requests, latency percentiles and errors as JSON.
4. Beside it, on the next port, the bare django-ninja app of `bench/bare/` (no middleware, no auth, one
   ORM statement per request) runs with the same granian settings on the same database; right after each
   real scenario wrk drives the bare endpoint of its shape (one case by number, a page of 50 cases, a
   one-row insert into a table of its own) with the same connections and duration, and the ratio
   real/bare is printed: absolute figures drift 2-3x between runs on a shared machine, the ratio less.
5. The server processes' resident memory is sampled throughout; every intake is counted afterwards.
6. SQL statements per request are counted in-process (`bench/statements.py`) for every scenario, real
   and bare, against the same clone.
7. The day's first clock sweep is timed over a million open cases (every case of the clone reopened as
   a running clock with deadlines spread over six weeks), the warnings it raises announced with it, and
   then the day's card sweep (supervision), yesterday's cards already there.

Run by `bench/run.py` (make bench); alone: `.venv/bin/python bench/http_load.py`. Environment:
BENCH_PG (server URL without database, default postgres://postgres@127.0.0.1:5432), BENCH_CASES
(1000000), BENCH_TEMPLATE (the kept database, onewindow_bench_<N>: another name keeps two trees' side by
side), BENCH_SECONDS (per scenario, 10), WORKERS/THREADS (as make run: 2 and 8), BENCH_PORT (8765; the
bare app takes the next one).
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

import beside_bare
from bare import ROW_DDL

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
BIN = Path(sys.executable).parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
CASES = int(os.environ.get("BENCH_CASES", "1000000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WORKERS = os.environ.get("WORKERS", "2")
THREADS = os.environ.get("THREADS", "8")
CONNECTIONS = 16
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BARE_PORT = PORT + 1
TEMPLATE = os.environ.get("BENCH_TEMPLATE", f"onewindow_bench_{CASES}")
RUN_DB = "onewindow_bench_run"
SAMPLE = 20_000

TARGETS = {  # (minimum requests/s, maximum p95 ms) on the 2-core reference machine
    "http.case_detail": (800, 25),
    "http.public_tracking": (800, 25),
    "http.reviewer_inbox": (None, 50),
    "http.overdue_list": (None, 50),
    "http.intake": (300, None),
    "http.matter_inbox": (None, 50),
    "http.matter_api": (None, 50),
    "http.card_board": (None, 50),
}
GENERATE_TARGET = 50_000  # cases/s
RSS_TARGET_MB = 200
SWEEP_TARGET_S = 5.0
CARD_SWEEP_TARGET_S = 5.0  # the day's card sweep with the matters its red cards open (F9)


def _admin(sql: str, *params, database: str = "postgres"):
    import psycopg

    with psycopg.connect(f"{PG}/{database}", autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def _env(database: str, settings: str = "onewindow.settings") -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "DJANGO_SETTINGS_MODULE": settings,
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
    """The run's database, a copy of the template, with the bare app's insert table added."""
    _admin(f'DROP DATABASE IF EXISTS "{RUN_DB}" WITH (FORCE)')
    # FILE_COPY: the files copied and synced at once, not written a second time through the WAL (the default
    # in PostgreSQL 15), whose checkpoint would then flush gigabytes while the first figures are taken.
    _admin(f'CREATE DATABASE "{RUN_DB}" TEMPLATE "{TEMPLATE}" STRATEGY FILE_COPY')
    _admin(ROW_DDL, database=RUN_DB)


PREPARE = """
import json, random
from onewindow.accounts.services import create_token
from onewindow.cases.models import Case
from onewindow.catalog import selectors
from django.contrib.auth import get_user_model
User = get_user_model()
def token(name):
    return create_token(actor=None, user=User.objects.get(username=name), name="bench")[1]
def session(name):  # a signed-in browser's cookie, for the pages
    from importlib import import_module
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    user = User.objects.get(username=name)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY], store[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
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
    "fee_answers": {"房屋用途": "住宅"},
}
print(json.dumps({
    "numbers": rows, "body": body, "top": top,
    "tokens": {n: token(n) for n in ("leader", "reviewer2", "clerk", "supervisor")},
    "cookies": {"supervisor": session("supervisor")},
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
POST_LUA = r"""
local headers, counter, n = {}, 0, 0
headers["Content-Type"] = "application/json"
%(setup)s
local body = [==[%(body)s]==]
function setup(thread) n = n + 1; thread:set("id", n) end
function request()
  counter = counter + 1
  headers["Idempotency-Key"] = "bench-%(run)s-" .. id .. "-" .. counter
  return wrk.format("POST", "%(path)s", headers, body)
end
"""


def _lua(workdir: Path, name: str, paths: list[str], token: str | None) -> Path:
    paths_file = workdir / f"{name}.paths"
    paths_file.write_text("\n".join(paths) + "\n")
    setup = "\n".join(
        f'headers["{key}"] = "{value}"' for key, value in beside_bare.auth_headers(token).items()
    )
    script = workdir / f"{name}.lua"
    script.write_text(LUA % {"setup": setup, "paths": paths_file})
    return script


def _done_of(lua_text: str) -> str:
    return lua_text[lua_text.index("function done") :].replace("%%", "%")


def _post_lua(workdir: Path, name: str, path: str, body: dict, token: str | None) -> Path:
    """A script POSTing the same body with a new Idempotency-Key each time (ignored where unused)."""
    setup = "\n".join(
        f'headers["{key}"] = "{value}"' for key, value in beside_bare.auth_headers(token).items()
    )
    script = workdir / f"{name}.lua"
    values = {"setup": setup, "path": path, "body": json.dumps(body), "run": time.time_ns()}
    script.write_text(POST_LUA % values + _done_of(LUA))
    return script


def parse_wrk(stdout: str) -> dict:
    """The figures our Lua `done` prints (the last such line of wrk's output), with req/s and errors."""
    line = [x for x in stdout.splitlines() if x.startswith('{"requests"')][-1]
    figures = json.loads(line)
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["errors"] = figures["status_errors"] + figures["socket_errors"]
    return figures


def wrk(script: Path, seconds: int, port: int = PORT) -> dict:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s", "-s", str(script),
         f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return parse_wrk(result.stdout)


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


def _bare_env() -> dict:
    env = _env(RUN_DB, settings="bare.settings")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BENCH_DIR), env.get("PYTHONPATH")]))
    return env


def serve(bare: bool = False) -> subprocess.Popen:
    """The server of `make run` (granian, same interface, workers and threads) for the real app, or the
    same command for the bare app on the next port."""
    if bare:
        name, port, env, target, ready = (
            "bare",
            BARE_PORT,
            _bare_env(),
            "bare.wsgi:application",
            "/bare/cases",
        )
    else:
        _onewindow(RUN_DB, "collectstatic", "--noinput", "--verbosity", "0")  # as make run does
        name, port, env, target, ready = (
            "server",
            PORT,
            _env(RUN_DB),
            "onewindow.wsgi:application",
            "/accounts/login/",
        )
    log = open(Path(tempfile.gettempdir()) / f"onewindow-bench-{name}.log", "w")
    server = subprocess.Popen(
        [str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
         "--workers", WORKERS, "--blocking-threads", THREADS, "--log-level", "warning", target],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{ready}", timeout=2) as page:
                if page.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"the {name} server did not start; see {log.name}")


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
from onewindow.supervision import cards as card_sweep
from onewindow.supervision.models import Matter
from onewindow.timelimits import sweep
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
    # The cards of yesterday and before: every case yellow or red as of yesterday has its card of each
    # default case rule already (numbered, described), so today's card sweep finds only today's new hits.
    c.execute(
        "INSERT INTO supervision_card (number, rule_id, rule_version, subject, subject_id, case_id, "
        "department_id, level, raised_on, raised_at, deadline, overdue_days, description, points, "
        "withdraw_reason) SELECT 'JCPRE' || r.level || c.id, r.id, r.version, 'case', c.id, c.id, "
        "c.department_id, r.level, %(y)s, now(), c.deadline, 0, left('《' || c.title || '》' || "
        "CASE r.level WHEN 'red' THEN '已超过办结期限 ' ELSE '临近办结期限 ' END || c.deadline::text, 300), "
        "r.points, '' FROM cases_case c "
        "JOIN supervision_monitoringrule r ON r.subject = 'case' AND r.active "
        "WHERE c.status = 'in_review' AND ((r.level = 'yellow' AND c.warning IN ('yellow', 'red')) "
        "OR (r.level = 'red' AND c.warning = 'red')) "
        "ON CONFLICT DO NOTHING",  # the cards `generate` raised on its own day stay as they are
        {"y": yesterday},
    )
    # ... and each red one its matter, registered yesterday by yesterday's sweep (status registered, the
    # office's to assign), so today's sweep opens the matters of today's red cards only. The columns
    # from the model, so the statement follows the schema: what the sweep sets, else the field's default.
    given = {
        "number": "'DBPRE' || k.id", "query_code": "lpad(mod(k.id * 7919, 1000000)::text, 6, '0')",
        "body_id": "c.body_id", "source": "'card'", "title": "left('红牌督办：' || c.title, 100)",
        "content": "k.description", "registered_on": "%(y)s", "case_id": "c.id", "card_id": "k.id",
        "external_id": "k.number", "created_at": "now()", "feedback_days": "1", "limit_days": "10",
    }
    columns, values, params = [], [], {"y": yesterday}
    for field in Matter._meta.concrete_fields:
        if field.primary_key or (field.null and field.column not in given):
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in given:
            values.append(given[field.column])
        else:
            params[field.column] = field.get_db_prep_save(field.get_default(), connection)
            values.append(f"%({field.column})s")
    c.execute(
        f"INSERT INTO supervision_matter ({', '.join(columns)}) SELECT {', '.join(values)} "
        "FROM supervision_card k JOIN cases_case c ON c.id = k.case_id "
        "WHERE k.level = 'red' AND k.withdrawn_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM supervision_matter m WHERE m.card_id = k.id)",
        params,
    )
    # The process and fee rules read the case events since they last looked: yesterday's sweep read
    # every event written so far (the bench writes none today, so they find nothing new to read).
    c.execute(
        "UPDATE supervision_monitoringrule SET checked_through = "
        "(SELECT coalesce(max(id), 0) FROM cases_caseevent) WHERE kind <> 'timeliness'"
    )
    c.execute("VACUUM ANALYZE cases_case")  # as autovacuum would have after yesterday's work
    c.execute("VACUUM ANALYZE supervision_card")
    c.execute("VACUUM ANALYZE supervision_matter")
    c.execute("CHECKPOINT")  # as the night would have: yesterday's writes on disk before the morning's sweep
    c.execute("SELECT count(*) FROM cases_case WHERE status = 'in_review'")
    opened = c.fetchone()[0]
    c.execute("SELECT count(*) FROM supervision_matter")
    earlier = c.fetchone()[0]
from onewindow.supervision import tally
tally.recount([yesterday])  # yesterday's sweep counted its cards for the board
current_calendar().is_workday(day)
started = time.perf_counter()
changed = sweep.refresh_due(on=day)
refresh = time.perf_counter() - started
started = time.perf_counter()
announced = sweep.announce_raised(on=day)
announce = time.perf_counter() - started
opening = card_sweep.open_matters
timed = {}
def open_matters(on):  # timed apart inside the first raise_cards
    started = time.perf_counter()
    opened = opening(on)
    timed.setdefault("matters", opened)
    timed.setdefault("matters_s", time.perf_counter() - started)
    return opened
card_sweep.open_matters = open_matters
started = time.perf_counter()
cards = card_sweep.raise_cards(on=day)
cards_s = time.perf_counter() - started
started = time.perf_counter()
again = card_sweep.raise_cards(on=day)  # the next run the same day: nothing new
again_s = time.perf_counter() - started
print(f"SWEEP {opened} {changed} {refresh:.3f} {announced} {announce:.3f} {cards} {cards_s:.3f} "
      f"{timed['matters']} {timed['matters_s']:.3f} {earlier} {again} {again_s:.3f}")
"""


def sweep() -> dict:
    """The day's first sweep over the clone (see SWEEP): figures of the clock sweep and of the card sweep
    with the matters its red cards open (timed apart), and of the card sweep run again."""
    out = _onewindow(RUN_DB, "shell", "-c", SWEEP)
    names = (
        "opened changed refresh_s announced announce_s cards cards_s matters matters_s earlier_matters "
        "again again_s"
    ).split()
    figures = out.strip().splitlines()[-1].split()[1:]
    return {name: float(v) if name.endswith("_s") else int(v) for name, v in zip(names, figures, strict=True)}


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
    bare_paths = beside_bare.bare_paths([n for n, _ in numbers])
    pairs = []  # (real label, real figures, bare label, bare figures), each pair measured back to back
    server = serve()
    memory = MemoryWatch(server.pid)
    bare = None
    try:
        bare = serve(bare=True)
        for label, paths, token in scenarios:
            script = _lua(workdir, label, paths, token)
            wrk(script, 2)  # warm up: connections, caches
            figures = wrk(script, SECONDS)
            rows.append(_row(label, figures))
            print(f"  {rows[-1][0]}: {rows[-1][1]}", flush=True)
            bare_label = beside_bare.BARE[label]
            pairs.append(_beside(label, figures, _lua(workdir, bare_label, bare_paths[bare_label], None)))
        intake = _post_lua(workdir, "http.intake", "/api/v1/cases", data["body"], data["tokens"]["clerk"])
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
        print(f"  {rows[-1][0]}: {rows[-1][1]}", flush=True)
        bare_insert = _post_lua(workdir, "bare.insert", "/bare/rows", beside_bare.BARE_ROW, None)
        pairs.append(_beside("http.intake", figures, bare_insert, warm=False))  # as the intake: no warm-up
    finally:
        peak = memory.stop()
        stop(server)
        if bare is not None:
            stop(bare)
    rows.append(
        (
            f"server RSS ({WORKERS} workers x {THREADS} threads)",
            f"max {peak:.0f} MB/process",
            peak <= RSS_TARGET_MB,
        )
    )
    specs = beside_bare.statement_specs(scenarios, data["body"], data["tokens"]["clerk"], bare_paths)
    statements = count_statements(*specs)
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
    rows += _card_sweep_rows(result)
    # The supervision office's pages and API over the matters and cards the sweep left.
    cookie = f"cookie:{data['cookies']['supervisor']}"
    supervision = [
        ("http.matter_inbox", [f"/supervision/matters/?page={k}" for k in range(1, 21)], cookie),
        ("http.matter_api", [f"/api/v1/supervision/matters?offset={k * 50}&limit=50" for k in range(20)],
         data["tokens"]["supervisor"]),
        ("http.card_board", [f"/supervision/cards/?page={k}" for k in range(1, 21)], cookie),
    ]  # fmt: skip
    server = serve()
    bare = None
    try:
        bare = serve(bare=True)
        for label, paths, token in supervision:
            script = _lua(workdir, label, paths, token)
            wrk(script, 2)
            figures = wrk(script, SECONDS)
            rows.append(_row(label, figures))
            print(f"  {rows[-1][0]}: {rows[-1][1]}", flush=True)
            bare_label = beside_bare.BARE[label]
            pairs.append(_beside(label, figures, _lua(workdir, bare_label, bare_paths[bare_label], None)))
    finally:
        stop(server)
        if bare is not None:
            stop(bare)
    statements.update(count_statements([beside_bare.spec(*scenario) for scenario in supervision], []))
    rows += beside_bare.summary_rows(pairs, statements)
    print(
        f"\nBeside a bare endpoint ({WORKERS} workers x {THREADS} threads each, {CONNECTIONS} connections):"
    )
    print(beside_bare.table(pairs, statements), flush=True)
    return rows


def _card_sweep_rows(result: dict) -> list[tuple[str, str, bool | None]]:
    """The day's card sweep (F9): the cards and the matters the red ones open, against its 5 s; the
    run again the same day; and the whole morning's sweep, clocks included."""
    cards_s, matters_s = result["cards_s"], result["matters_s"]
    whole = result["refresh_s"] + result["announce_s"] + cards_s
    return [
        (
            "the day's card sweep with matters (F9)",
            f"{cards_s:.2f}s: {result['cards']:,} cards raised and numbered in {cards_s - matters_s:.2f}s, "
            f"then {result['matters']:,} matters opened by the red ones in {matters_s:.2f}s "
            f"({result['earlier_matters']:,} matters of earlier days)",
            cards_s <= CARD_SWEEP_TARGET_S,
        ),
        (
            "the card sweep run again the same day",
            f"{result['again_s']:.2f}s ({result['again']} cards)",
            None,
        ),
        (
            "the day's first sweep: clocks, cards and matters",
            f"{whole:.2f}s (the clock sweep's {result['refresh_s'] + result['announce_s']:.2f}s included)",
            whole <= SWEEP_TARGET_S,
        ),
    ]


def _beside(label: str, real: dict, bare_script: Path, warm: bool = True) -> tuple[str, dict, str, dict]:
    """The bare endpoint of the scenario's shape, driven right after it with the same wrk settings."""
    if warm:
        wrk(bare_script, 2, BARE_PORT)
    bare = wrk(bare_script, SECONDS, BARE_PORT)
    print(
        f"    beside {beside_bare.BARE[label]}: {bare['rps']:,.0f} req/s, errors {bare['errors']}", flush=True
    )
    return label, real, beside_bare.BARE[label], bare


def count_statements(real: list[dict], bare: list[dict]) -> dict[str, list[int]]:
    """SQL statements of each request, real and bare, counted in-process against the run's database."""
    counts = {}
    for specs, env in ((real, _env(RUN_DB)), (bare, _bare_env())):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as spec_file:
            json.dump(specs, spec_file)
        result = subprocess.run(
            [sys.executable, str(BENCH_DIR / "statements.py"), spec_file.name],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        os.unlink(spec_file.name)
        if result.returncode:
            raise RuntimeError(f"counting statements failed:\n{result.stdout}\n{result.stderr}")
        counts.update(json.loads(result.stdout.strip().splitlines()[-1]))
    return counts


def _row(label: str, f: dict) -> tuple[str, str, bool | None]:
    min_rps, max_p95 = TARGETS[label]
    ok = f["errors"] == 0 if label == "http.intake" else True
    ok = ok and f["rps"] > 0  # nothing answered within the run: no latency to meet a target with
    ok = ok and (min_rps is None or f["rps"] >= min_rps) and (max_p95 is None or f["p95"] / 1000 <= max_p95)
    text = (
        f"{f['rps']:,.0f} req/s  p50 {f['p50'] / 1000:.1f}  p95 {f['p95'] / 1000:.1f}  "
        f"p99 {f['p99'] / 1000:.1f} ms  errors {f['errors']}"
    )
    return label, text, ok


if __name__ == "__main__":
    table = run()
    width = max(len(label) for label, _, _ in table)
    for label, figure, ok in table:
        print(f"{label:<{width}} {figure}  {'' if ok is None else 'ok' if ok else 'MISSED'}")
