"""Crash safety: the real server (granian, as `make run` starts it) is killed with SIGKILL several times
while clients take cases in and act on them; afterwards every acknowledged request is stored exactly
once, no case is half-written and `onewindow audit verify` passes.

How a client knows what happened to a request it got no answer to (the server died under it):
- an intake is retried with the same `Idempotency-Key` until it is answered 201; the key's row is written
  in the intake's own transaction, so a killed intake leaves nothing and its retry makes the case, while
  an intake that committed before the kill answers the retry with the case it made;
- an action carries the case's `version`, and at most one request with a given version can commit (the
  version is claimed in the action's transaction). After no answer, or a 409 `conflict`, the client
  re-reads the case: a version past the one it sent means its action was applied (each client acts only
  on its own cases and the worker is not running, so nothing else moves the version); the same version
  means it was not, and the client sends it again.

The database is the test's own, outside pytest-django's transaction, because the server is another
process: a SQLite file under tmp_path, or on PostgreSQL a throwaway database beside the test database.
"""

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from . import crash_check

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ONEWINDOW = (
    [str(BIN / "onewindow")] if (BIN / "onewindow").exists() else [sys.executable, "-m", "onewindow.cli"]
)
LOAD_SECONDS = float(os.environ.get("ONEWINDOW_CRASH_SECONDS", "35"))
KILLS = 4
CLIENTS = 4
WORKERS, THREADS = 2, 4
GIVE_UP_AFTER = 60.0  # a request still unanswered this long after the load ends fails the test

# The promised case's road after intake: (who, action, extra body).
ROAD = [
    ("reviewer2", "start_review", {}),
    ("reviewer2", "approve", {}),
    ("clerk", "pay_fee", {"payment_method": "mobile", "receipt_number": "PJ-CRASH"}),
    ("clerk", "deliver", {"delivery": "window"}),
    ("clerk", "close", {}),
]


# --- the database and the server ------------------------------------------------------------------


@pytest.fixture
def crash_database(tmp_path):
    """A DATABASE_URL of the test's own, dropped afterwards (PostgreSQL) or left in tmp_path (SQLite)."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'crash.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(configured)
    name = f"test_{parts.path.lstrip('/')}_crash"  # beside pytest-django's test_<name>
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(database_url: str, var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=database_url, ONEWINDOW_VAR_DIR=str(var_dir), ONEWINDOW_PLAIN_STATIC="1")
    return env


def _run(args: list[str], env: dict, timeout: float = 180) -> str:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _granian() -> str:
    """The venv's granian (`make test` runs the venv's pytest), else the one on PATH."""
    found = BIN / "granian" if (BIN / "granian").exists() else shutil.which("granian")
    assert found, "granian is not installed (it is a dependency: make setup)"
    return str(found)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """granian serving onewindow.wsgi as `make run` does, in its own process group so a kill takes all."""

    def __init__(self, env: dict, port: int, log: Path):
        self.env, self.port, self.log = env, port, log
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        args = [
            _granian(),
            *("--interface", "wsgi", "--host", "127.0.0.1", "--port", str(self.port)),
            *("--workers", str(WORKERS), "--blocking-threads", str(THREADS)),
            "onewindow.wsgi:application",
        ]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                args, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.starts += 1
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server exited:\n{self.log.read_text()[-3000:]}"
            try:
                if _request(self.port, "GET", "/api/v1/openapi.json", timeout=5)[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"the server did not answer within 60 s:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the whole group: the granian supervisor and its workers, mid-request or not."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)
        self.process = None


# --- the clients ----------------------------------------------------------------------------------


def _request(port, method, path, body=None, headers=None, timeout=30.0):
    conn = HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, (json.loads(data) if data else None)
    finally:
        conn.close()


@dataclass
class Tally:
    requests: int = 0
    unanswered: int = 0  # no answer: the connection failed or was cut by a kill
    server_errors: int = 0  # 5xx
    retries: int = 0
    replays: int = 0  # deliberate repeats of an acknowledged intake
    confirmed_on_reread: int = 0  # actions whose answer was lost but which the re-read showed applied
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, **counts):
        with self.lock:
            for name, n in counts.items():
                setattr(self, name, getattr(self, name) + n)


@dataclass
class OwnCase:
    number: str
    version: int
    events: list[str]
    road: list = field(default_factory=list)


class Client(threading.Thread):
    """Takes cases in and carries its own promised cases down the road, retrying what goes unanswered."""

    halt = threading.Event()  # set when the test fails early: the clients stop instead of retrying on

    def __init__(self, n, port, prepared, stop_at, tally, intakes, actions, errors):
        super().__init__(name=f"crash-client-{n}", daemon=True)
        self.n, self.port, self.prepared, self.stop_at, self.tally = n, port, prepared, stop_at, tally
        self.intakes, self.actions, self.errors = intakes, actions, errors
        self.rng = random.Random(n)
        self.own: list[OwnCase] = []
        self.tickets: dict[str, str] = {}  # hotline ticket id -> the matter number acknowledged
        self.assigned: set[str] = set()  # matters whose assignment was acknowledged

    def run(self):
        try:
            while time.monotonic() < self.stop_at:
                moving = [c for c in self.own if c.road]
                if self.rng.random() < 0.2:
                    self.push_ticket()
                elif moving and self.rng.random() < 0.6:
                    self.step(self.rng.choice(moving))
                else:
                    self.take_in()
        except Exception as exc:  # reported by the test
            self.errors.append(f"{self.name}: {exc!r}")

    def call(self, user, method, path, body=None, headers=None):
        """One request until it is answered (not 5xx); returns (status, json)."""
        give_up = self.stop_at + GIVE_UP_AFTER
        headers = {"Authorization": f"Bearer {self.prepared['tokens'][user]}", **(headers or {})}
        if body is not None:
            headers["Content-Type"] = "application/json"
        first = True
        while True:
            if not first:
                self.tally.add(retries=1)
                time.sleep(0.2)
            first = False
            assert time.monotonic() < give_up, f"{method} {path}: unanswered {GIVE_UP_AFTER}s after the load"
            assert not self.halt.is_set(), "halted"
            self.tally.add(requests=1)
            try:
                status, data = _request(self.port, method, "/api/v1" + path, body, headers)
            except (OSError, HTTPException, ValueError):  # refused, reset, timed out, a body cut short
                self.tally.add(unanswered=1)
                continue
            if status >= 500:
                self.tally.add(server_errors=1)
                continue
            return status, data

    def take_in(self):
        kind = self.rng.choice(["promised"] * 6 + ["joint", "immediate"])
        name = {"promised": crash_check.PROMISED, "joint": crash_check.JOINT}.get(kind, crash_check.IMMEDIATE)
        item = self.prepared["items"][name]
        body = {
            "applicant": _applicant(kind),
            "item_code": item["item_code"],
            "materials": [{"material_id": m, "provision": "paper"} for m in item["material_ids"]],
            "fee_answers": item["fee_answers"],
            "finish_now": kind == "immediate",
            "note": f"crash {self.n}",
        }
        user = "chief" if kind == "immediate" else "clerk"
        key = f"crash-{self.n}-{uuid.uuid4().hex}"
        while True:
            status, data = self.call(user, "POST", "/cases", body, {"Idempotency-Key": key})
            if status == 409 and data.get("code") == "idempotency_in_progress":
                continue  # the first attempt is still committing
            break
        assert status == 201, f"intake answered {status}: {data}"
        self.intakes[key] = data["number"]
        if self.rng.random() < 0.15:  # a client that lost the answer and asks again gets the same case
            self.tally.add(replays=1)
            again = self.call(user, "POST", "/cases", body, {"Idempotency-Key": key})
            assert again[0] == 201 and again[1]["number"] == data["number"], again
        road = list(ROAD) if kind == "promised" else []
        self.own.append(OwnCase(data["number"], data["version"], [e["action"] for e in data["events"]], road))

    def step(self, case: OwnCase):
        user, action, extra = case.road[0]
        path = f"/cases/{case.number}/actions/{action}"
        status, data = self.call(user, "POST", path, {"version": case.version, **extra})
        if status == 409 and data.get("code") == "conflict":
            status, data = self.call(user, "GET", f"/cases/{case.number}")
            assert status == 200, (status, data)
            if data["version"] == case.version:
                return  # not applied: the next step sends it again
            assert data["version"] == case.version + 1, (case, data["version"])
            self.tally.add(confirmed_on_reread=1)
        else:
            assert status == 200, f"{action} on {case.number} answered {status}: {data}"
        self.actions.append((case.number, action, data["version"]))
        case.version, case.road = data["version"], case.road[1:]
        case.events = [e["action"] for e in data["events"]]

    def push_ticket(self):
        """A hotline system pushes a ticket (once per ticket id, however often it retries) and the office
        assigns its matter; an assignment whose answer was lost is confirmed by reading the matter."""
        ticket = f"crash-{self.n}-{uuid.uuid4().hex[:12]}"
        body = {
            "ticket_id": ticket,
            "title": "热线工单",
            "content": "市民反映办件超期。",
            "caller_phone": "13805381234",
        }
        status, data = self.call("supervisor", "POST", "/supervision/hotline/tickets", body)
        assert status in (200, 201), f"ticket answered {status}: {data}"
        self.tickets[ticket] = number = data["number"]
        if self.rng.random() < 0.15:  # pushed again: the same matter, answered 200
            self.tally.add(replays=1)
            again = self.call("supervisor", "POST", "/supervision/hotline/tickets", body)
            assert again[0] == 200 and again[1]["number"] == number, again
        if self.rng.random() < 0.5:
            path = f"/supervision/matters/{number}/actions/assign"
            status, data = self.call("supervisor", "POST", path, {"lead_unit": self.prepared["unit"]})
            if status != 200:  # refused as done already: the lost first attempt was applied
                status, data = self.call("supervisor", "GET", f"/supervision/matters/{number}")
                self.tally.add(confirmed_on_reread=1)
            assert status == 200 and data["status"] == "assigned", (status, data)
            self.assigned.add(number)


def _applicant(kind):
    if kind == "joint":
        return {
            "kind": "organisation",
            "name": "新泰市青云餐饮有限公司",
            "id_number": "91370982MA3C0Q8X1C",
            "phone": "13905385678",
            "legal_representative": "李四",
            "contact_name": "王五",
        }
    return {"kind": "person", "name": "张三", "id_number": "370982199003150011", "phone": "13805381234"}


# --- the test -------------------------------------------------------------------------------------


def test_killed_server_loses_no_acknowledged_request_and_leaves_nothing_half_written(
    crash_database, tmp_path
):
    env = _environment(crash_database, tmp_path / "var")
    began = time.monotonic()
    _run([*ONEWINDOW, "migrate", "--noinput", "--verbosity", "0"], env)
    prepared = json.loads(_run([sys.executable, "-m", "tests.reliability.crash_check", "prepare"], env))
    server = Server(env, _free_port(), tmp_path / "server.log")
    tally, intakes, actions, errors = Tally(), {}, [], []
    kills = []
    Client.halt.clear()
    try:
        server.start()
        load_start = time.monotonic()
        stop_at = load_start + LOAD_SECONDS
        clients = [
            Client(n, server.port, prepared, stop_at, tally, intakes, actions, errors) for n in range(CLIENTS)
        ]
        for client in clients:
            client.start()
        # The kills land at random moments, spread so that load runs between them.
        rng = random.Random()
        slots = LOAD_SECONDS / KILLS
        for k in range(KILLS):
            time.sleep(max(0.0, load_start + k * slots + rng.uniform(1.0, slots - 1.0) - time.monotonic()))
            server.kill()
            kills.append(round(time.monotonic() - load_start, 1))
            server.start()
        for client in clients:
            client.join(timeout=LOAD_SECONDS + GIVE_UP_AFTER + 30)
        assert not any(c.is_alive() for c in clients), "a client never finished"
        load_seconds = time.monotonic() - load_start
        server.kill()  # the last one: nothing is shut down cleanly
    finally:
        Client.halt.set()
        server.kill()

    assert not errors, errors
    assert tally.server_errors == 0, f"{tally.server_errors} answers were 5xx: see {server.log}"
    stored = json.loads(_run([sys.executable, "-m", "tests.reliability.crash_check", "check"], env))
    assert not stored["problems"], "\n".join(stored["problems"])

    # Every acknowledged intake is stored exactly once, under its key; nothing else was made.
    assert stored["keys"] == intakes
    assert len(set(intakes.values())) == len(intakes)
    assert set(stored["cases"]) == set(intakes.values())
    # Every acknowledged action is recorded once, in order, and no unacknowledged one left a trace:
    # the stored timeline is exactly the one the client last saw.
    for client in clients:
        for case in client.own:
            assert stored["cases"][case.number]["events"] == case.events, case.number
            assert stored["cases"][case.number]["version"] == case.version, case.number
    for number, action, _version in actions:
        assert stored["cases"][number]["events"].count(action) == 1, (number, action)
    assert len(actions) == len(set(actions))
    # Every acknowledged hotline ticket made exactly one matter; each acknowledged assignment is on its
    # timeline once, and no other matter exists.
    tickets = {t: number for client in clients for t, number in client.tickets.items()}
    assert {t: m["number"] for t, m in stored["tickets"].items()} == tickets
    for number in {n for client in clients for n in client.assigned}:
        matter = next(m for m in stored["tickets"].values() if m["number"] == number)
        assert matter["events"] == ["register", "assign"], (number, matter)

    # The audit chain holds: what was sealed before the last kill, then everything once sealed.
    _run([*ONEWINDOW, "audit", "verify", "--no-seal"], env)
    _run([*ONEWINDOW, "audit", "seal"], env)
    verified = _run([*ONEWINDOW, "audit", "verify"], env)
    assert verified.startswith("OK:") and "0 awaiting seal" in verified, verified

    closed = sum(1 for c in stored["cases"].values() if c["status"] == "closed")
    summary = (
        f"crash run on {crash_database.split(':')[0]}: {load_seconds:.0f}s of load, {len(kills)} kills "
        f"at {kills}s, {tally.requests} requests ({tally.unanswered} unanswered, {tally.server_errors} 5xx, "
        f"{tally.retries} retries, {tally.replays} replays, {tally.confirmed_on_reread} actions confirmed on "
        f"re-read), {len(intakes)} cases ({closed} closed), {len(actions)} actions, "
        f"{len(tickets)} hotline tickets; "
        f"{time.monotonic() - began:.0f}s in all; {verified.strip()}"
    )
    print(summary)
    assert len(kills) == KILLS and len(intakes) > 20 and len(actions) > 20, summary
