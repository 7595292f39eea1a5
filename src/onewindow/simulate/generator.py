"""A synthetic county workload at COPY speed: `onewindow generate --cases N [--seed S] [--days D]`.

N cases over the last D working days up to today, with their timeline events, joint-case tasks and
checklist lines, in one transaction. The stories and proportions are the demo cases' (`demo.cases`); the
stored clock figures are those `clocks.refresh` computes from the events; numbers follow `numbering.py`
and the sequences continue after them. Rows are built with NumPy in batches of whole days by a builder
thread while the main thread writes the previous batch (binary COPY on PostgreSQL, `executemany` on
SQLite). The same seed, N, D and today on an equally empty database give the same rows.

Generated rows do not pass through the services, so they are not in the audit chain one by one: one
audit event records the load.
"""

import math
import queue
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.db import connection, transaction

from onewindow.audit import services as audit
from onewindow.cases import clocks
from onewindow.cases.choices import OPEN_STATUSES
from onewindow.workcalendar.services import current_calendar

from . import paths, world
from .clock import WARNINGS
from .codes import STATUSES
from .numbers import Numbers, day_list
from .plan import Catalog, Texts
from .planner import Planner
from .rows import Builder, Ids
from .supervision import generate_supervision
from .workdays import span_for

CASES_PER_DAY = 4_000
MIN_DAYS = 20
BATCH_CASES = 50_000
_OPEN = np.array([status in OPEN_STATUSES for status in STATUSES])


@dataclass
class Result:
    cases: int
    events: int
    tasks: int
    materials: int
    seconds: float
    days: int
    seed: int
    indexes_rebuilt: bool
    status: dict[str, int] = field(default_factory=dict)
    open_warning: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase
    sending: float = 0.0  # seconds of the rows phase spent handing rows to the database
    cards: int = 0  # supervision cards of the generated cases (the card sweep run on them)
    matters: int = 0  # supervision matters: the red cards' and the other sources' (`supervision.py`)

    @property
    def rate(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


def default_days(cases: int) -> int:
    return max(MIN_DAYS, math.ceil(cases / CASES_PER_DAY))


def _writer(rebuild_indexes):
    if connection.vendor == "postgresql":
        from .postgres import PostgresWriter

        return PostgresWriter(rebuild_indexes)
    from .sqlite import SqliteWriter

    return SqliteWriter(rebuild_indexes)


def _batches(counts: np.ndarray) -> list[np.ndarray]:
    """Whole days grouped into batches of about BATCH_CASES cases (the first smaller, so the database
    starts sooner): per batch, each case's day index."""
    batches, days = [], []
    total = 0
    for day, count in enumerate(counts.tolist()):
        days.append(np.full(count, day, dtype=np.int64))
        total += count
        if total >= (BATCH_CASES if batches else BATCH_CASES // 8):
            batches.append(np.concatenate(days))
            days, total = [], 0
    if total:
        batches.append(np.concatenate(days))
    return batches


def _daily_counts(cases: int, days: int, seed: int) -> np.ndarray:
    """How many cases each working day brings: busier on Mondays, quieter on Fridays, some noise."""
    rng = np.random.default_rng([seed, 1])
    weights = rng.lognormal(0.0, 0.08, days)
    return rng.multinomial(cases, weights / weights.sum())


def generate(
    cases: int, *, seed: int = 1, days: int | None = None, progress=None, rebuild_indexes: bool | None = None
) -> Result:
    """Generate `cases` cases over the last `days` working days (default: about 4,000 a day, at least
    20 days); all or nothing. `progress(phase, done, total)` is told how far the load is."""
    if cases < 1:
        raise ValueError("generate at least one case")
    started = time.perf_counter()
    days = days or default_days(cases)
    today = clocks.today()
    counters = {"events": 0, "tasks": 0, "materials": 0}
    statuses, warnings = Counter(), Counter()
    writer = _writer(rebuild_indexes)
    with transaction.atomic():
        world.prepare()
        span = span_for(current_calendar(), today, days)
        county = world.load()
        texts = Texts()
        catalog = Catalog(county, texts, seed)
        planner = Planner(county, catalog, texts, today, seed)
        numbers = Numbers(list(county.area_of_body.values()), day_list(span.start, span.workdays))
        numbers.reserve()
        max_ids = writer.begin(cases)
        ids = Ids(
            case=max_ids["cases_case"] + 1,
            event=max_ids["cases_caseevent"] + 1,
            task=max_ids["cases_casetask"] + 1,
            material=max_ids["cases_casematerial"] + 1,
        )
        builder = Builder(county, catalog, texts, span, numbers)
        timings = {"setup": time.perf_counter() - started}
        batches = _batches(_daily_counts(cases, days, seed))

        def build(number: int, batch_days: np.ndarray):
            rng = np.random.default_rng([seed, 100 + number])
            plan = planner.plan(rng, batch_days, serial_base=number << 20)
            walked = paths.walk(plan, span.last, rng)
            paths.check_statuses(walked)
            batch = builder.build(plan, walked, ids)
            return batch, [writer.encode(rows) for rows in batch.rows]

        done, sending = 0, 0.0
        for batch, encoded in _pipeline(build, batches):
            sent = time.perf_counter()
            for part in encoded:
                writer.send(part)
            sending += time.perf_counter() - sent
            done += len(batch.status)
            counters["events"] += batch.events
            counters["tasks"] += batch.tasks
            counters["materials"] += batch.materials
            statuses.update(
                dict(zip(STATUSES, np.bincount(batch.status, minlength=len(STATUSES)).tolist(), strict=True))
            )
            open_rows = _OPEN[batch.status]
            warnings.update(
                dict(zip(WARNINGS, np.bincount(batch.warning[open_rows], minlength=3).tolist(), strict=True))
            )
            if progress:
                progress("cases", done, cases)
        timings["rows"] = time.perf_counter() - started - timings["setup"]
        timings |= writer.finish(
            {
                "cases_case": ids.case - 1,
                "cases_caseevent": ids.event - 1,
                "cases_casetask": ids.task - 1,
                "cases_casematerial": ids.material - 1,
            },
            progress=(lambda number, total: progress("indexes", number, total)) if progress else None,
        )
        numbers.write_back()
        mark = time.perf_counter()
        supervised = generate_supervision(cases, day_list(span.start, span.workdays), today, seed)
        timings["supervision"] = time.perf_counter() - mark
        audit.record(
            actor=None,
            action="cases.generate",
            object_type="cases",
            object_id="generated",
            after={
                "cases": cases,
                **counters,
                **supervised,
                "seed": seed,
                "days": days,
                "today": today.isoformat(),
                "first_case_id": max_ids["cases_case"] + 1,
                "last_case_id": ids.case - 1,
            },
        )
    seconds = time.perf_counter() - started
    timings["commit"] = seconds - sum(timings.values())
    return Result(
        cases=cases,
        seconds=seconds,
        days=days,
        seed=seed,
        indexes_rebuilt=bool(writer.rebuild),
        timings=timings,
        sending=sending,
        status={s: n for s, n in statuses.items() if n},
        open_warning={str(w): warnings.get(w, 0) for w in WARNINGS},
        **counters,
        **supervised,
    )


def _pipeline(build, batches):
    """Yield build(k, batch) for each batch, building the next in a thread while the caller writes."""
    results: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def hand_over(item) -> bool:
        while not stop.is_set():
            try:
                results.put(item, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def work():
        try:
            for number, batch_days in enumerate(batches):
                if stop.is_set() or not hand_over(("ok", build(number, batch_days))):
                    return
        except BaseException as exc:  # handed to the caller, who raises it
            hand_over(("error", exc))
            return
        hand_over(("done", None))

    thread = threading.Thread(target=work, name="generate-builder", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = results.get()
            if kind == "error":
                raise value
            if kind == "done":
                return
            yield value
    finally:
        stop.set()
        thread.join()
