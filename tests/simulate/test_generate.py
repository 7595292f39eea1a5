"""`onewindow generate`: a synthetic workload whose rows are what the services would have written —
lifecycle paths the table allows, clocks equal to `clocks.refresh`, valid applicants, fresh numbers after
it — reproducible by seed, all or nothing, and usable by the API and the case page."""

import hashlib
import io
from collections import Counter, defaultdict
from datetime import date, timedelta

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from onewindow.accounts.applicants import check_applicant
from onewindow.audit.models import AuditEvent
from onewindow.cases import clocks, workflow
from onewindow.cases.choices import OPEN_STATUSES, Channel, Status
from onewindow.cases.models import Case, CaseEvent, CaseMaterial, CaseTask
from onewindow.catalog.choices import CaseKind
from onewindow.core.clock import ClockEvent, EventKind, PauseKind, read_clock
from onewindow.core.workdays import CalendarNotLoaded, calendar_from_exceptions
from onewindow.demo import catalog as demo_catalog
from onewindow.numbering.models import NumberSequence
from onewindow.org.models import Division
from onewindow.personal import id_digest
from onewindow.simulate import clock as vector_clock
from onewindow.simulate import people, world
from onewindow.simulate.generator import generate
from onewindow.simulate.workdays import span_for
from onewindow.timelimits import reading as timelimits_reading
from onewindow.timelimits.choices import Warning
from onewindow.workcalendar.official import official_exceptions
from tests.cases.conftest import intake

CASES = 1_500
CLOCK_FIELDS = ["deadline", "remaining_days", "warning", "warned", "clock_state", "clock_read_on"]
CLOCK_FIELDS += ["finished_on", "finished_late", "paused_kind", "yellow_on", "due_on"]
TASK_FIELDS = ["deadline", "remaining_days", "warning", "finished_late", "yellow_on", "due_on"]


# --- the pure parts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "today", "days"),
    [([2025, 2026], date(2026, 11, 24), 120), ([2026], date(2026, 2, 20), 30)],
    ids=["into-a-year-not-loaded", "from-the-first-loaded-year"],
)
def test_the_vectorised_clock_reads_as_the_core_does(years, today, days):
    """Random histories (pauses resumed or not, restarts, finishes, limits from 0 to 75 days, some running
    into 2027, which is not loaded; yellow thresholds past the limit, some before 2026, which is not
    loaded either) read the same as `core.clock.read_clock`, with the sort day of `reading.due_on`."""
    calendar = calendar_from_exceptions(years, official_exceptions(years))
    span = span_for(calendar, today, days)
    rng = np.random.default_rng(3)
    n = 4_000
    work = span.workdays
    accepted = rng.integers(0, span.count, n)
    paused = np.minimum(accepted + rng.integers(0, 15, n), span.last)
    resumed = np.minimum(paused + rng.integers(0, 8, n), span.last)
    has_pause = rng.random(n) < 0.5
    has_resume = has_pause & (rng.random(n) < 0.6)
    finished = np.minimum(
        np.where(has_resume, resumed, np.where(has_pause, paused, accepted)) + rng.integers(0, 40, n),
        span.last,
    )
    has_finish = (rng.random(n) < 0.5) & (~has_pause | has_resume)
    restarts = rng.random(n) < 0.3
    limit = rng.choice([0, 1, 3, 5, 10, 20, 30, 45], n) + rng.choice([0, 0, 5, 30], n)
    threshold = np.where(rng.random(n) < 0.2, rng.integers(0, 40, n), vector_clock.NONE)
    got = vector_clock.read(
        span,
        limit=limit,
        accepted=work[accepted],
        paused=np.where(has_pause, work[paused], vector_clock.NONE),
        resumed=np.where(has_resume, work[resumed], vector_clock.NONE),
        restarts=restarts,
        finished=np.where(has_finish, work[finished], vector_clock.NONE),
        threshold=threshold,
    )
    unknown = yellow_at_acceptance = 0
    for i in range(n):
        day = lambda index: span.date_of(work[index])  # noqa: E731
        events = []
        if has_pause[i]:
            kind = PauseKind.SUPPLEMENT if restarts[i] else PauseKind.INSPECTION
            events.append(ClockEvent(EventKind.PAUSE, day(paused[i]), kind))
        if has_resume[i]:
            events.append(ClockEvent(EventKind.RESUME, day(resumed[i])))
        if has_finish[i]:
            events.append(ClockEvent(EventKind.FINISH, day(finished[i])))
        try:
            reading = read_clock(
                calendar,
                limit_days=int(limit[i]),
                accepted_on=day(accepted[i]),
                events=events,
                today=today,
                supplement_restarts=True,
                yellow_threshold=None if threshold[i] < 0 else int(threshold[i]),
            )
            expected = (
                reading.deadline,
                reading.remaining_days,
                reading.state,
                reading.warning,
                reading.finished_late,
                reading.yellow_on,
                timelimits_reading.due_on(calendar, reading.deadline, reading.remaining_days, today),
            )
        except CalendarNotLoaded:
            expected = (None, None, "no_calendar", "normal", False, None, None)
            unknown += 1
        remaining = int(got.remaining[i]) if got.known[i] else None
        actual = (
            _day(span, got.deadline[i]),
            remaining,
            vector_clock.STATES[got.state[i]],
            vector_clock.WARNINGS[got.warning[i]],
            bool(got.finished_late[i]),
            _day(span, got.yellow[i]),
            _day(span, got.due[i]),
        )
        assert actual == expected, (i, events)
        if (
            expected[5] is not None
            and threshold[i] > 0
            and _before_calendar(calendar, expected[0], threshold[i])
        ):
            yellow_at_acceptance += 1  # the yellow day would lie before the loaded calendar
    if 2027 not in years and today.month > 6:
        assert unknown > 0  # some deadlines fall in 2027
    if today.year == years[0] and today.month < 3:
        assert yellow_at_acceptance > 0


def _before_calendar(calendar, deadline: date, threshold: int) -> bool:
    try:
        calendar.add_workdays(deadline, -int(threshold))
    except CalendarNotLoaded:
        return True
    return False


def _day(span, offset) -> date | None:
    return span.date_of(offset) if offset != vector_clock.NONE else None


@pytest.mark.django_db
def test_applicants_have_valid_identifiers_and_the_services_digest():
    rng = np.random.default_rng(5)
    persons = people.people(rng, date(2026, 11, 24), np.full(300, 20), np.full(300, 80))
    firms = people.firms(np.arange(300), np.full(300, "种业", dtype=object), frozenset({"种业"}))
    for found in (persons, firms):
        for i in range(300):
            applicant = check_applicant(
                kind=found.kind[i],
                name=found.name[i],
                id_number=found.id_number[i],
                phone=found.phone[i],
                legal_representative=found.legal_representative[i],
            )
            assert applicant.id_number == found.id_number[i]
            assert found.digest[i] == id_digest(found.id_number[i])
    assert len(set(firms.id_number)) == 300  # serial numbers map to distinct codes


# --- a generated county --------------------------------------------------------------------------------


@pytest.fixture
def day(today):
    """A Tuesday late in the last loaded year: recent deadlines reach into 2027 (no calendar yet)."""
    today.set(date(2026, 12, 15))
    return today.value


def _paths_are_allowed(cases: dict[int, str]) -> int:
    timelines = defaultdict(list)
    for row in CaseEvent.objects.order_by("case_id", "at", "pk").values_list(
        "case_id", "action", "from_status", "to_status", "day", "at", "task_id", "clock"
    ):
        timelines[row[0]].append(row[1:])
    for case_id, events in timelines.items():
        status = ""
        for action, before, after, day, at, task_id, clock in events:
            assert before == status, (case_id, events)
            if before == "":
                assert (action, after) == ("submit", Status.PREREVIEW)
            else:
                assert workflow.ALLOWED[before].get(action) == after, (case_id, events)
            assert timezone.localtime(at).date() == day
            assert (task_id is not None) == action.startswith("task_")
            if clock:
                assert clock == workflow.CLOCK_OF[action]
            status = after
        assert status == cases[case_id]
    return len(timelines)


def test_a_generated_county(db, day, login):
    assert not Division.objects.exists()
    result = generate(CASES, seed=3)

    # The demo county and catalog came first, without the demo cases.
    assert Division.objects.exists()
    assert Case.objects.count() == CASES == result.cases
    assert CaseEvent.objects.count() == result.events
    assert CaseTask.objects.count() == result.tasks > 0
    assert CaseMaterial.objects.count() == result.materials
    per_case = Counter(CaseMaterial.objects.values_list("case_id", flat=True))
    assert set(per_case.values()) <= {1, 2, 3} and len(per_case) == CASES

    # Every status, kind, channel and warning; bundles; paused with their pause events; extensions.
    assert set(Case.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Case.objects.values_list("kind", flat=True)) == set(CaseKind.values)
    assert set(Case.objects.values_list("channel", flat=True)) == set(Channel.values)
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES)
    assert set(open_cases.values_list("warning", flat=True)) == set(Warning.values)
    assert result.open_warning == dict(Counter(open_cases.values_list("warning", flat=True))) | {
        w: 0 for w in Warning.values if not open_cases.filter(warning=w).exists()
    }
    assert Case.objects.filter(bundle__isnull=False).exists()
    assert Case.objects.filter(clock_state="no_calendar").exists()
    running = open_cases.filter(clock_state__in=["running", "overdue"])
    assert not running.filter(yellow_on__isnull=True).exists() and running.filter(yellow_on__lte=day).exists()
    assert open_cases.filter(clock_state="paused", due_on__isnull=False).exists()  # others run into 2027
    for case in Case.objects.filter(status=Status.PAUSED):
        assert case.paused_kind and case.events.filter(action="pause", pause_kind=case.paused_kind).exists()
    assert not Case.objects.filter(status=Status.EXTENDED, extended_days=0).exists()
    assert not Case.objects.filter(status__in=[Status.RETURNED, Status.DENIED], reason="").exists()
    assert Case.objects.filter(status=Status.CLOSED).count() > CASES / 3  # most of the older ones

    # Applicants: valid by checksum, the digest the services compute.
    for case in Case.objects.order_by("pk")[::25]:
        applicant = check_applicant(
            kind=case.applicant_kind,
            name=case.applicant_name,
            id_number=case.applicant_id_number,
            phone=case.applicant_phone,
            legal_representative=case.legal_representative,
        )
        assert applicant.id_number == case.applicant_id_number
        assert case.applicant_id_digest == id_digest(case.applicant_id_number)

    # Every path is one the lifecycle table allows, dated on its day in Asia/Shanghai.
    statuses = dict(Case.objects.values_list("pk", "status"))
    assert _paths_are_allowed(statuses) == CASES

    # Numbers: the scheme of numbering.py, unique, the day of submission; query codes of 6 digits.
    numbers = list(Case.objects.values_list("number", "query_code", "submitted_at"))
    assert len({n for n, _c, _s in numbers}) == CASES
    for number, code, submitted in numbers:
        assert len(number) == 20 and number[:6] == "370982" and len(code) == 6 and code.isdigit()
        assert number[6:14] == f"{timezone.localtime(submitted):%Y%m%d}"

    # Stored clocks are what clocks.refresh computes from the events, for cases and their tasks.
    sample = list(Case.objects.filter(status__in=OPEN_STATUSES).order_by("pk")[::3])
    sample += list(Case.objects.exclude(status__in=OPEN_STATUSES).order_by("pk")[::15])
    sample += list(Case.objects.filter(tasks__isnull=False).distinct().order_by("pk")[::4])
    for case in sample:
        stored = [getattr(case, name) for name in CLOCK_FIELDS]
        tasks = list(case.tasks.order_by("pk").values_list(*TASK_FIELDS))
        clocks.refresh(case)
        case.refresh_from_db()
        assert [getattr(case, name) for name in CLOCK_FIELDS] == stored, case.number
        assert list(case.tasks.order_by("pk").values_list(*TASK_FIELDS)) == tasks, case.number

    # Every row refers to rows that exist.
    assert _orphans() == []

    # One audit event for the load.
    event = AuditEvent.objects.get(action="cases.generate")
    assert event.after["cases"] == CASES and event.after["seed"] == 3

    # The API and the case page show a generated case (a joint one, with its tasks and timeline).
    joint = Case.objects.filter(tasks__isnull=False, status=Status.CLOSED).order_by("pk").first()
    client = login("leader")
    detail = client.get(f"/api/v1/cases/{joint.number}")
    assert detail.status_code == 200
    body = detail.json()
    assert body["status"] == Status.CLOSED and len(body["events"]) == joint.events.count() and body["tasks"]
    page = client.get(f"/cases/{joint.number}/")
    assert page.status_code == 200 and joint.number in page.content.decode()

    # A real intake afterwards on a generated day gets the next number of that day.
    last = NumberSequence.objects.get(series="case", area_code="370982", day=day).last
    assert last == Case.objects.filter(number__startswith=f"370982{day:%Y%m%d}").count()
    case = intake("clerk", "个体工商户设立登记")
    assert case.number == f"370982{day:%Y%m%d}{last + 1:06d}"


def _orphans() -> list[tuple[str, str]]:
    """The foreign keys of generated rows that point at no row (the load may skip checking them)."""
    found = []
    with connection.cursor() as cursor:
        for model in (Case, CaseEvent, CaseTask, CaseMaterial):
            for field in model._meta.concrete_fields:
                if not field.is_relation:
                    continue
                child, parent = model._meta.db_table, field.related_model._meta.db_table
                target = field.target_field.column
                cursor.execute(
                    f"SELECT COUNT(*) FROM {child} c LEFT JOIN {parent} p ON p.{target} = c.{field.column} "
                    f"WHERE c.{field.column} IS NOT NULL AND p.{target} IS NULL"
                )
                if cursor.fetchone()[0]:
                    found.append((child, field.column))
    return found


def _digest() -> str:
    """All generated rows, in id order."""
    digest = hashlib.sha256()
    for model in (Case, CaseEvent, CaseTask, CaseMaterial):
        names = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.order_by("pk").values_list(*names).iterator():
            digest.update(repr(row).encode())
    return digest.hexdigest()


class Undo(Exception):
    pass


def test_the_same_seed_gives_the_same_rows(db, day):
    world.prepare()  # the county and its staff first, so both runs see the same accounts

    digests = []
    for seed in (7, 7, 8):
        try:
            with transaction.atomic():
                generate(400, seed=seed, days=20)
                digests.append(_digest())
                raise Undo
        except Undo:
            pass
    assert digests[0] == digests[1] != digests[2]
    assert not Case.objects.exists()


def test_a_failed_load_leaves_nothing_and_keeps_every_index(db, day, monkeypatch):
    world.prepare()
    before = _schema()
    from onewindow.simulate import paths

    original = paths.walk
    calls = Counter()

    def failing(plan, last, rng):
        calls["walk"] += 1
        if calls["walk"] == 2:
            raise RuntimeError("boom")
        return original(plan, last, rng)

    monkeypatch.setattr(paths, "walk", failing)
    monkeypatch.setattr("onewindow.simulate.generator.BATCH_CASES", 100)  # several batches
    with pytest.raises(RuntimeError, match="boom"):
        generate(600, seed=1, days=20, rebuild_indexes=True)
    assert not Case.objects.exists() and not CaseEvent.objects.exists()
    assert not AuditEvent.objects.filter(action="cases.generate").exists()
    assert _schema() == before


def _schema() -> set:
    """The indexes and constraints of the case tables."""
    tables = ["cases_case", "cases_caseevent", "cases_casetask", "cases_casematerial"]
    with connection.cursor() as cursor:
        found = set()
        for table in tables:
            for name, info in connection.introspection.get_constraints(cursor, table).items():
                found.add((table, name, tuple(info["columns"]), info["unique"], bool(info["foreign_key"])))
    return found


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize("replica", [True, False], ids=["replication-role", "dropped-foreign-keys"])
def test_postgres_rebuilds_indexes_and_constraints_around_a_big_load(db, day, monkeypatch, replica):
    from onewindow.simulate import postgres

    world.prepare()
    before = _schema()
    if not replica:  # as for a role that may not set session_replication_role
        monkeypatch.setattr(postgres.PostgresWriter, "_skip_foreign_key_triggers", lambda self, cursor: False)
    result = generate(500, seed=2, days=20, rebuild_indexes=True)
    assert result.indexes_rebuilt
    assert _schema() == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('cases_caseevent', 'id'))")
        assert cursor.fetchone()[0] > CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert _paths_are_allowed(dict(Case.objects.values_list("pk", "status"))) == 500
    assert _orphans() == []


def test_the_command_prints_progress_and_a_summary(db, day):
    world.prepare()
    demo_catalog.load_demo_catalog()  # already there: idempotent
    out, err = io.StringIO(), io.StringIO()
    call_command("generate", "--cases", "300", "--days", "20", stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("generated 300 cases in ") and " cases/s): " in lines[0]
    assert "events" in lines[0] and "tasks" in lines[0] and "materials" in lines[0]
    assert any(line.startswith("by status: ") and "closed" in line for line in lines)
    assert any(line.startswith("open cases by warning: normal ") for line in lines)
    progress = err.getvalue().splitlines()
    assert progress[-1].startswith("300/300 cases") and "cases/s" in progress[-1]
    assert len(progress) <= 11  # a line per tenth when stderr is not a terminal
    assert Case.objects.count() == 300
    assert (
        clocks.today() == day
        and day - timedelta(days=40) < Case.objects.earliest("submitted_at").submitted_at.date()
    )


def test_generated_cases_bring_their_cards_and_matters(db, day):
    """The card sweep runs on the generated cases (their late and nearly late ones carded, the red ones'
    matters opened) and other sources add about one matter per thousand cases, each registered once."""
    from onewindow.supervision.models import Card, Matter, MatterEvent

    result = generate(2_000, seed=5, days=20)
    cards = Card.objects.all()
    assert cards.count() == result.cards
    running = ("running", "overdue")  # a clock still counting, overdue or not
    late = Case.objects.filter(status__in=OPEN_STATUSES, clock_state__in=running, deadline__lt=day)
    assert set(cards.filter(rule__code="SX-02").values_list("case_id", flat=True)) == set(
        late.values_list("pk", flat=True)
    )
    assert late.exists() and cards.filter(rule__code="SX-01").count() >= late.count()
    reds = cards.filter(level="red", withdrawn_at__isnull=True)
    assert Matter.objects.filter(source="card").count() == reds.count() > 0
    others = Matter.objects.exclude(source="card")
    assert others.count() == result.matters - reds.count() == 2_000 // 1_000
    assert MatterEvent.objects.filter(action="register").count() == result.matters
    assert all(c.case.department_id == c.department_id for c in cards.filter(subject="case"))


def test_generated_proxy_cases_are_filed_mostly_at_the_town_level_as_in_xintai(db, day):
    """Seed 001: 85% of the proxy cases at the town level (towns and villages); the figure that says so
    equals an independent count of the generated rows."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from onewindow.org.permissions import actor_of
    from onewindow.proxy.figures import figures

    generate(3_000, seed=7, days=20)
    proxied = Case.objects.filter(channel="agent")
    by_tier = Counter(proxied.values_list("body__tier", flat=True))
    town_level = (by_tier["town"] + by_tier["village"]) / sum(by_tier.values())
    assert sum(by_tier.values()) > 300 and 0.78 <= town_level <= 0.90, by_tier
    submitted = proxied.values_list("submitted_at", flat=True)
    start = min(timezone.localdate(t) for t in submitted)
    end = max(timezone.localdate(t) for t in submitted)
    found = figures(actor_of(get_user_model().objects.get(username="leader")), start, end)
    assert found.total == sum(by_tier.values()) and found.town_level_share == town_level
