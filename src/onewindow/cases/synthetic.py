"""Synthetic workloads for benchmarks: `onewindow generate --cases N [--seed S]`.

A county's year of cases written straight into the case tables, far faster than the services could
(COPY on PostgreSQL, executemany on SQLite), but shaped like their output: every status reached along
the lifecycle table (`workflow.ALLOWED`), the events the services would write (with their clock
events), joint departments' tasks, checklist lines, valid resident IDs with their keyed digests, case
numbers from the area's daily sequence (and the sequence moved past them), and stored clock figures
equal to the replay (`clocks.reading_for`, cached: cases with the same limit and event days share one
reading).

Simplifications, said plainly: single-item cases only (no bundles), no fees, paper materials, no
applicant messages or notices, and the rows bypass the audit chain (one audit event records the run).
Reproducible: the same seed, count, span and day on an equally empty database give the same rows.
"""

import json
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Max

from onewindow.audit import services as audit
from onewindow.catalog.choices import CaseKind
from onewindow.catalog.models import ItemVersion
from onewindow.catalog.selectors import live_items
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.org.models import ServiceBody, Staff, Tier, Window
from onewindow.org.roles import Role
from onewindow.personal import id_digest
from onewindow.workcalendar.services import current_calendar

from . import clocks, workflow
from .choices import OPEN_STATUSES, Action, Channel, ClockState, Status, TaskStatus
from .models import Case, CaseEvent, CaseMaterial, CaseNumberSequence, CaseTask

A, S = Action, Status
BATCH = 20_000
CASES_PER_DAY = 4_000
SHANGHAI_OFFSET = timedelta(hours=8)

# Paths through the lifecycle table: (weight, steps); a step is (action, working days after acceptance).
STEPS: list[tuple[int, list[tuple[str, int]]]] = [
    (62, [(A.ACCEPT, 0), (A.START_REVIEW, 1), (A.APPROVE, -1), (A.DELIVER, -1), (A.CLOSE, -1)]),
    (3, [(A.ACCEPT, 0), (A.START_REVIEW, 1), (A.DENY, -1), (A.DELIVER, -1)]),
    (1, [(A.ACCEPT, 0), (A.START_REVIEW, 1), (A.DENY, -1)]),
    (1, []),  # submitted online, waiting for the window's pre-review
    (9, [(A.ACCEPT, 0), (A.START_REVIEW, 1)]),
    (4, [(A.ACCEPT, 0)]),
    (2, [(A.ACCEPT, 0), (A.START_REVIEW, 1), (A.PAUSE, 2)]),
    (2, [(A.ACCEPT, 0), (A.START_REVIEW, 1), (A.PAUSE, 1), (A.RESUME, 3)]),
    (1, [(A.ACCEPT, 0), (A.START_REVIEW, 1), (A.EXTEND, 2)]),
    (4, [(A.ACCEPT, 0), (A.START_REVIEW, 1), (A.APPROVE, -1)]),
    (3, [(A.ACCEPT, 0), (A.START_REVIEW, 1), (A.APPROVE, -1), (A.DELIVER, -1)]),
    (2, [(A.ACCEPT, 0), (A.WITHDRAW, 1)]),
    (3, [(A.RETURN, 0)]),
    (2, [(A.REQUEST_SUPPLEMENT, 0)]),
    (1, [(A.REQUEST_SUPPLEMENT, 0), (A.SUPPLEMENT, 0), (A.START_REVIEW, 1)]),
]
ON_THE_SPOT = [(A.ACCEPT, 0), (A.APPROVE, 0), (A.DELIVER, 0), (A.CLOSE, 0)]  # an immediate case


def _ends_open(steps: list[tuple[str, int]]) -> bool:
    status = S.PREREVIEW
    for action, _offset in steps:
        status = workflow.ALLOWED[status][action]
    return status in OPEN_STATUSES


PATHS = [(weight, steps, _ends_open(steps)) for weight, steps in STEPS]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志文斌海波"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(area: str, born: date, sequence: int) -> str:
    """A resident ID number with a correct ISO 7064 MOD 11-2 check character."""
    body = f"{area}{born:%Y%m%d}{sequence:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


@dataclass(frozen=True)
class Offer:
    """What one item version brings to a case: its numbers, its place, its checklist, its tasks."""

    version: ItemVersion
    body_id: int
    area: str
    window_ids: list[int]
    clerk_ids: list[int]
    materials: list[tuple[int, str, str]]  # (item material id, name, requirement), first two lines
    joint: list[tuple[int, bool, int]]  # (department id, is lead, limit days)


def offers() -> list[Offer]:
    """Every live item version the county's service center handles, with its window staff."""
    center = ServiceBody.objects.filter(tier=Tier.CITY).order_by("pk").first()
    if center is None:
        raise RuntimeError("no service body: load the county first (onewindow demo)")
    windows = list(Window.objects.filter(body=center).order_by("pk").values_list("pk", flat=True))
    clerks = list(
        Staff.objects.filter(body=center, role_assignments__role=Role.WINDOW_CLERK)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .distinct()
    )
    area = center.division.code[:6]
    result = []
    versions = (
        live_items()
        .filter(department__isnull=False)
        .prefetch_related("materials", "joint_departments")
        .order_by("pk")
    )
    for version in versions:
        materials = [(m.pk, m.name, m.requirement) for m in version.materials.all()][:2]
        joint = [
            (j.department_id, j.is_lead, j.limit_days or version.promised_limit_days)
            for j in version.joint_departments.all()
        ]
        result.append(Offer(version, center.pk, area, windows, clerks, materials, joint))
    if not result:
        raise RuntimeError("no published items: load the catalog first (onewindow demo)")
    return result


class Columns:
    """One table's columns and the defaults the model gives them."""

    def __init__(self, model):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.names = [f.column for f in self.fields]
        self.defaults = {
            f.column: (f.get_default() if f.has_default() else None if f.null else "") for f in self.fields
        }

    def row(self, values: dict) -> list:
        return [values[name] if name in values else self.defaults[name] for name in self.names]


_SPECIAL = re.compile(r"[\\\t\n\r]")


def _escape(text: str) -> str:
    if not _SPECIAL.search(text):  # nearly always: skip the four replacements
        return text
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    kind = type(value)
    if kind is str:
        return _escape(value)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return str(value)
    if kind is dict:
        return _escape(json.dumps(value, ensure_ascii=False))
    if kind is datetime or kind is date:
        return value.isoformat()
    return _escape(str(value))  # choices members, decimals


class Writer:
    """Rows into one table: COPY on PostgreSQL (the text is built here while the previous batch is
    still being sent from a second thread), executemany on SQLite."""

    def __init__(self, columns: Columns, sender: "Sender | None"):
        self.columns, self.sender = columns, sender
        self.rows: list[dict] = []
        self.default_text = {name: _copy_text(value) for name, value in columns.defaults.items()}

    def add(self, values: dict) -> None:
        self.rows.append(values)

    def flush(self) -> None:
        if not self.rows:
            return
        table = connection.ops.quote_name(self.columns.model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(n) for n in self.columns.names)
        if self.sender is not None:
            defaults, columns = self.default_text, self.columns.names
            lines = [
                "\t".join(_copy_text(row[c]) if c in row else defaults[c] for c in columns)
                for row in self.rows
            ]
            self.sender.send(f"COPY {table} ({names}) FROM STDIN", "\n".join(lines) + "\n")
        else:
            fields = self.columns.fields
            prepared = [
                [
                    f.get_db_prep_save(v, connection)
                    for f, v in zip(fields, self.columns.row(row), strict=True)
                ]
                for row in self.rows
            ]
            marks = ", ".join(["%s"] * len(self.columns.names))
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", prepared)  # noqa: S608
        self.rows = []


class Sender:
    """Sends COPY data on the request's own connection from one background thread, one batch at a
    time, so building the next batch (Python) overlaps with PostgreSQL storing this one."""

    def __init__(self):
        connection.ensure_connection()
        self.raw = connection.connection
        self.pending: list[threading.Thread] = []
        self.error: BaseException | None = None

    def send(self, statement: str, text: str) -> None:
        self.wait()
        thread = threading.Thread(target=self._copy, args=(statement, text), daemon=True)
        thread.start()
        self.pending.append(thread)

    def _copy(self, statement: str, text: str) -> None:
        try:
            with self.raw.cursor() as cursor, cursor.copy(statement) as copy:
                copy.write(text)
        except BaseException as exc:  # surfaced in the main thread by wait()
            self.error = exc

    def wait(self) -> None:
        for thread in self.pending:
            thread.join()
        self.pending = []
        if self.error is not None:
            raise self.error


def _next_id(model) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def _set_sequences() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Case, CaseEvent, CaseMaterial, CaseTask):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"  # noqa: S608
            )


def _at(day: date, minute: int) -> datetime:
    """A moment in office hours (Asia/Shanghai) of `day`, as UTC."""
    local = datetime.combine(day, clock_time(8, 30)) + timedelta(minutes=minute)
    return (local - SHANGHAI_OFFSET).replace(tzinfo=UTC)


def generate(
    count: int, *, seed: int = 1, days: int | None = None, progress: Callable[[int, int], None] | None = None
) -> dict:
    """Write `count` cases over the last `days` working days up to today; returns a summary."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311  (reproducible synthetic data, not secrets)
    calendar = current_calendar()
    today = clocks.today()
    days = days or max(20, -(-count // CASES_PER_DAY))
    first = calendar.add_workdays(today, -(days - 1)) if days > 1 else today
    workdays = [
        d for d in (first + timedelta(n) for n in range((today - first).days + 1)) if calendar.is_workday(d)
    ]
    choices = offers()
    people = _people(rng, max(1000, count // 5))
    weights = [weight for weight, _steps, _open in PATHS]
    sender = Sender() if connection.vendor == "postgresql" else None
    writers = {m: Writer(Columns(m), sender) for m in (Case, CaseEvent, CaseMaterial, CaseTask)}
    ids = {m: _next_id(m) for m in writers}
    readings: dict = {}
    per_day_counter: dict[tuple[str, date], int] = {}
    existing = {(s.area_code, s.day): s.last for s in CaseNumberSequence.objects.filter(day__gte=first)}
    statuses: dict[str, int] = {}
    warnings: dict[str, int] = {}
    rows = dict.fromkeys(("cases", "events", "materials", "tasks"), 0)
    relaxed = _relax_foreign_keys()
    try:
        with transaction.atomic():
            for done in range(count):
                offer = choices[rng.randrange(len(choices))]
                path, still_open = rng.choices(PATHS, weights)[0][1:]
                if still_open:  # an open case is a recent one: a few past its limit at most
                    day = workdays[
                        -1 - rng.randrange(min(len(workdays), offer.version.promised_limit_days + 4))
                    ]
                else:
                    day = workdays[min(len(workdays) - 1, int(len(workdays) * (done / count)))]
                person = people[rng.randrange(len(people))]
                key = (offer.area, day)
                per_day_counter[key] = per_day_counter.get(key, existing.get(key, 0)) + 1
                number = f"{offer.area}{day:%Y%m%d}{per_day_counter[key]:06d}"
                case = _case(rng, offer, day, path, person, number, ids, writers, readings, calendar, today)
                statuses[case["status"]] = statuses.get(case["status"], 0) + 1
                if case["status"] in OPEN_STATUSES:
                    warnings[case["warning"]] = warnings.get(case["warning"], 0) + 1
                if (done + 1) % BATCH == 0 or done + 1 == count:
                    for model, writer in writers.items():
                        rows[_label(model)] += len(writer.rows)
                        writer.flush()
                    if progress:
                        progress(done + 1, count)
            if sender is not None:
                sender.wait()
            for (area, day), last in per_day_counter.items():
                CaseNumberSequence.objects.update_or_create(area_code=area, day=day, defaults={"last": last})
            _set_sequences()
            audit.record(
                actor=None,
                action="cases.generate",
                object_type="cases",
                after={"cases": count, "seed": seed, "days": days, "first": first, "last": today},
            )
    finally:
        _restore_foreign_keys(relaxed)
    seconds = time.perf_counter() - started
    return {
        **rows,
        "seconds": round(seconds, 2),
        "rate": count / seconds if seconds else 0.0,
        "status": dict(sorted(statuses.items())),
        "open_warning": dict(sorted(warnings.items())),
        "days": days,
    }


def _label(model) -> str:
    return {Case: "cases", CaseEvent: "events", CaseMaterial: "materials", CaseTask: "tasks"}[model]


def _relax_foreign_keys() -> bool:
    """On PostgreSQL, as a superuser, skip the per-row foreign-key triggers for the load: every id the
    generator writes comes from rows it read or wrote itself (the tests check there are no orphans)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SET session_replication_role = replica")
    return True


def _restore_foreign_keys(relaxed: bool) -> None:
    if relaxed:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


def _people(rng: random.Random, count: int) -> list[tuple[str, str, str, str]]:
    """Applicants: (name, resident ID, its digest, phone)."""
    people = []
    for n in range(count):
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
        number = resident_id("370982", born, n % 1000)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        people.append((name, number, id_digest(number), f"138{rng.randrange(10**8):08d}"))
    return people


def _case(
    rng, offer: Offer, day: date, path, person, number, ids, writers, readings, calendar, today
) -> dict:
    version = offer.version
    case_id = ids[Case]
    ids[Case] += 1
    immediate = version.case_kind == CaseKind.IMMEDIATE
    limit = 0 if immediate else version.promised_limit_days
    channel = (
        rng.choices((Channel.WINDOW, Channel.ONLINE, Channel.AGENT), (70, 15, 15))[0]
        if path
        else Channel.ONLINE
    )
    clerk = offer.clerk_ids[rng.randrange(len(offer.clerk_ids))] if offer.clerk_ids else None
    minute = rng.randrange(400)  # events follow a minute apart, inside office hours
    events: list[dict] = []
    status, accepted_on = "", None
    last_day = day

    def step(action: str, on: date, **extra) -> None:
        nonlocal status
        new = S.PREREVIEW if action == A.SUBMIT else workflow.ALLOWED[status][action]
        clock = workflow.CLOCK_OF.get(action, "")
        if action == A.WITHDRAW and status in (S.PREREVIEW, S.AWAITING_SUPPLEMENT):
            clock = ""
        events.append(
            {
                "id": ids[CaseEvent],
                "case_id": case_id,
                "at": _at(on, minute + len(events)),
                "day": on,
                "action": action,
                "from_status": status,
                "to_status": new,
                "actor_id": clerk,
                "clock": clock,
                **extra,
            }
        )
        ids[CaseEvent] += 1
        status = new

    step(A.SUBMIT, day, details={"channel": channel})
    kind = CaseKind.JOINT if offer.joint else version.case_kind
    finish_offset = rng.randrange(1, max(2, limit + 2)) if limit else 0
    for action, offset in path if not immediate else ON_THE_SPOT:
        if action in (A.ACCEPT, A.SUPPLEMENT):
            accepted_on = accepted_on or day
        on = _later(calendar, day, finish_offset if offset < 0 else offset, today)
        extra = {}
        if action == A.PAUSE:
            extra = {"pause_kind": "supplement", "note": "请补充材料"}
        elif action == A.EXTEND:
            extra = {"days": max(1, limit // 2), "note": "情况复杂，需延长办理期限"}
        elif action == A.RETURN:
            extra = {"note": "不属于本机关受理范围", "details": {"basis": "《行政许可法》第三十二条"}}
        elif action == A.DENY:
            extra = {"note": "不符合法定条件", "details": {"basis": "《行政许可法》第三十八条"}}
        elif action == A.REQUEST_SUPPLEMENT:
            extra = {"details": {"missing": [offer.materials[0][1]] if offer.materials else []}}
        if status == S.PREREVIEW and action in (A.REQUEST_SUPPLEMENT,):
            accepted_on = None
        if status == S.AWAITING_SUPPLEMENT and action == A.SUPPLEMENT:
            accepted_on = on
        step(action, on, **extra)
        last_day = on
    extended = sum(e.get("days", 0) for e in events if e["action"] == A.EXTEND)
    case = {
        "id": case_id,
        "number": number,
        "query_code": f"{rng.randrange(10**6):06d}",
        "version": len(events),
        "status": status,
        "kind": kind,
        "channel": channel,
        "title": version.name,
        "applicant_kind": "person",
        "applicant_name": person[0],
        "applicant_id_number": person[1],
        "applicant_id_digest": person[2],
        "applicant_phone": person[3],
        "item_id": version.item_id,
        "item_version_id": version.pk,
        "body_id": offer.body_id,
        "department_id": version.department_id,
        "window_id": offer.window_ids[rng.randrange(len(offer.window_ids))]
        if offer.window_ids and channel == Channel.WINDOW
        else None,
        "received_by_id": clerk if channel != Channel.ONLINE else None,
        "submitted_at": events[0]["at"],
        "accepted_on": accepted_on,
        "limit_days": limit,
        "extended_days": extended,
        "supplement_restarts": version.supplement_rule == "restart",
        "yellow_threshold": version.yellow_threshold_days,
        "visits": 1 if channel == Channel.WINDOW else 0,
        "finished_on_site": immediate,
        "fees_total": 0,
        "fees_settled": True,
        "updated_at": events[-1]["at"],
        "clock_read_on": today,
    }
    if status == S.RETURNED:
        case["reason"], case["legal_basis"] = events[-1]["note"], events[-1]["details"]["basis"]
    if status == S.DENIED:
        case["reason"], case["legal_basis"] = events[-1]["note"], events[-1]["details"]["basis"]
    if status in (S.DELIVERED, S.CLOSED):
        case["delivery"], case["delivered_at"] = "window", _at(last_day, minute + 200)
    if status == S.CLOSED:
        case["closed_at"] = _at(last_day, minute + 201)
    if status == S.PAUSED:
        case["paused_kind"] = "supplement"
    tasks = _tasks(offer, case, events, ids, status)
    _clock(case, events, tasks, readings, calendar, today)
    writers[Case].add(case)
    for event in events:
        writers[CaseEvent].add(event)
    for task in tasks:
        writers[CaseTask].add(task)
    for order, (material_id, name, requirement) in enumerate(offer.materials):
        writers[CaseMaterial].add(
            {
                "id": ids[CaseMaterial],
                "case_id": case_id,
                "item_material_id": material_id,
                "sort_order": order,
                "name": name,
                "requirement": requirement,
                "provision": "paper",
                "supplied_at": case["submitted_at"],
            }
        )
        ids[CaseMaterial] += 1
    return case


def _later(calendar, day: date, workdays: int, today: date) -> date:
    """`workdays` working days after `day`, but never after today (nothing happens in the future)."""
    if workdays == 0:
        return day
    try:
        return min(calendar.add_workdays(day, workdays), today)
    except CalendarNotLoaded:  # past the loaded years, so certainly past today
        return today


def _tasks(offer: Offer, case: dict, events: list[dict], ids, status: str) -> list[dict]:
    """A joint case's departments: all agreed before a decision, still open while it is in review."""
    if not offer.joint or case["accepted_on"] is None or status in (S.RETURNED, S.WITHDRAWN):
        return []
    decided = next((e for e in events if e["action"] in (A.APPROVE, A.DENY)), None)
    tasks = []
    for department_id, is_lead, limit in offer.joint:
        task = {
            "id": ids[CaseTask],
            "case_id": case["id"],
            "department_id": department_id,
            "title": case["title"],
            "item_version_id": case["item_version_id"],
            "is_lead": is_lead,
            "limit_days": limit,
            "status": TaskStatus.OPEN,
        }
        ids[CaseTask] += 1
        if decided is not None:
            task["status"], task["finished_on"], task["opinion"] = TaskStatus.APPROVED, decided["day"], "同意"
            events.insert(
                events.index(decided),
                {
                    "id": ids[CaseEvent],
                    "case_id": case["id"],
                    "task_id": task["id"],
                    "at": decided["at"] - timedelta(minutes=1),
                    "day": decided["day"],
                    "action": A.TASK_APPROVE,
                    "from_status": decided["from_status"],
                    "to_status": decided["from_status"],
                    "actor_id": None,
                    "clock": "",
                    "note": "同意",
                },
            )
            ids[CaseEvent] += 1
        tasks.append(task)
    return tasks


def _clock(case: dict, events: list[dict], tasks: list[dict], readings: dict, calendar, today: date) -> None:
    """The stored clock figures, as `clocks.refresh` would compute them from these events."""
    if case["accepted_on"] is None:
        case["clock_state"] = ClockState.NONE
        case["clock_read_on"] = None
        return
    timeline = tuple(
        (e["clock"], e["day"], e.get("pause_kind", ""), e.get("days", 0))
        for e in events
        if e["clock"] and e.get("task_id") is None
    )
    shape = SimpleNamespace(
        limit_days=case["limit_days"],
        accepted_on=case["accepted_on"],
        supplement_restarts=case["supplement_restarts"],
        yellow_threshold=case["yellow_threshold"],
    )
    key = (
        case["limit_days"],
        case["accepted_on"],
        case["supplement_restarts"],
        case["yellow_threshold"],
        timeline,
    )
    if key not in readings:
        stand_ins = [
            SimpleNamespace(clock=c, day=d, pause_kind=p, days=n, task_id=None) for c, d, p, n in timeline
        ]
        readings[key] = clocks._or_unknown(lambda: clocks.reading_for(shape, stand_ins, calendar, today))
    target = SimpleNamespace()
    clocks._apply(target, readings[key], today)
    case.update(
        deadline=target.deadline,
        remaining_days=target.remaining_days,
        warning=target.warning,
        finished_late=target.finished_late,
    )
    reading = readings[key]
    case["clock_state"] = reading.state.value if reading else ClockState.NO_CALENDAR
    case["finished_on"] = reading.finished_on if reading else None
    task_warnings = []
    for task in tasks:
        task_key = ("task", task["limit_days"], task.get("finished_on"), key)
        if task_key not in readings:
            stand_in_task = SimpleNamespace(
                limit_days=task["limit_days"], finished_on=task.get("finished_on")
            )
            stand_ins = [
                SimpleNamespace(clock=c, day=d, pause_kind=p, days=n, task_id=None) for c, d, p, n in timeline
            ]
            readings[task_key] = clocks._or_unknown(
                lambda t=stand_in_task, s=stand_ins: clocks.task_reading(shape, t, s, calendar, today)
            )
        figures = SimpleNamespace()
        clocks._apply(figures, readings[task_key], today)
        task.update(
            deadline=figures.deadline,
            remaining_days=figures.remaining_days,
            warning=figures.warning,
            finished_late=figures.finished_late,
        )
        if task["status"] == TaskStatus.OPEN:
            task_warnings.append(figures.warning)
    if case["status"] in OPEN_STATUSES:
        case["warning"] = clocks.worst(case["warning"], *task_warnings)
