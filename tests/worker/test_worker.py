"""The worker: sweeps run when due, a failing sweep is recorded, and however many workers run, each
deadline warning is announced exactly once (threads on both databases, real worker processes on
PostgreSQL)."""

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from onewindow.cases import clocks, deadlines
from onewindow.cases.choices import Action, Status
from onewindow.cases.models import Case, CaseEvent
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.notices import announcements
from onewindow.notices.models import Notice
from onewindow.timelimits import sweep
from onewindow.timelimits.choices import Warning
from onewindow.worker import registry, runner
from onewindow.worker.models import SweepSchedule
from tests.cases.conftest import do, intake
from tests.cases.test_concurrency import _together


def _overdue_copies(count: int, *, swept: bool = True) -> list[Case]:
    """`count` open cases, red and not yet announced, read today (so only the announcement is left);
    with `swept=False`, still normal with a deadline passed three days ago (the sweep turns them)."""
    case = intake("clerk", "不动产抵押登记")
    do("reviewer2", case, "start_review")
    case.refresh_from_db()
    prefix, taken = case.number[:14], Case.objects.count()
    copies = []
    for i in range(count):
        copy = Case.objects.get(pk=case.pk)
        copy.pk = None
        copy.number = f"{prefix}{900000 - taken - i:06d}"
        copy.warning, copy.warned = Warning.RED, Warning.NORMAL
        copy.clock_read_on = timezone.localdate()
        if not swept:
            copy.warning, copy.deadline = Warning.NORMAL, timezone.localdate() - timedelta(days=3)
        copies.append(copy)
    Case.objects.bulk_create(copies, batch_size=500)
    Case.objects.filter(pk=case.pk).update(status=Status.CLOSED)  # only the copies are due
    return list(Case.objects.filter(number__in=[c.number for c in copies]))


def _assert_each_announced_once(cases: list[Case]) -> None:
    ids = [c.pk for c in cases]
    warn_events = CaseEvent.objects.filter(case_id__in=ids, action=Action.WARN)
    assert warn_events.count() == len(ids)
    assert set(warn_events.values_list("case_id", flat=True)) == set(ids)
    assert set(Case.objects.filter(pk__in=ids).values_list("warned", flat=True)) == {Warning.RED}
    department = cases[0].department_id
    handlers = len(deadlines.handlers_by_department({department})[department])
    assert handlers >= 1
    told = {}  # recipient -> cases they were told are red: one notice each, or a digest of many
    for recipient, text, link in Notice.objects.values_list("recipient", "text", "link"):
        if text.startswith("办件已超时（红牌）："):
            told.setdefault(recipient, []).append(link)
        elif "件办件已超时（红牌）" in text:
            assert link == "/cases/overdue/"
            told.setdefault(recipient, []).extend([None] * int(text.split(" ")[0]))
    assert len(told) == handlers
    for links in told.values():
        assert len(links) == len(ids)
        named = [link for link in links if link]
        assert len(named) == len(set(named))


def test_a_case_is_announced_yellow_then_red_once_each(catalog, today):
    case = intake("clerk", "不动产抵押登记")
    do("reviewer2", case, "start_review")
    case.refresh_from_db()
    assert case.warning == Warning.NORMAL
    calendar = clocks.current_calendar()
    for day, expected in (
        (calendar.add_workdays(case.deadline, -1), Warning.YELLOW),
        (calendar.add_workdays(case.deadline, 1), Warning.RED),
    ):
        today.set(day)
        for _ in range(2):  # a second round the same day finds nothing new
            sweep.refresh_due()
            sweep.announce_raised()
        case.refresh_from_db()
        assert case.warning == case.warned == expected
    events = list(case.events.filter(action=Action.WARN).order_by("pk"))
    assert [e.details["warning"] for e in events] == [Warning.YELLOW, Warning.RED]
    reviewer_notices = Notice.objects.filter(recipient__username="reviewer2", link=f"/cases/{case.number}/")
    assert reviewer_notices.filter(text__contains="黄牌").count() == 1
    assert reviewer_notices.filter(text__contains="红牌").count() == 1


def test_a_new_deadline_makes_its_warnings_news_again(catalog, today):
    """A resumption or an extension recomputes the clock; a lower warning lowers what was announced."""
    case = intake("clerk", "不动产抵押登记")
    do("reviewer2", case, "start_review")
    Case.objects.filter(pk=case.pk).update(warning=Warning.RED, warned=Warning.RED)
    case.refresh_from_db()
    clocks.refresh(case)
    case.refresh_from_db()
    assert case.warning == case.warned == Warning.NORMAL


def test_finished_cases_are_never_announced(catalog, today):
    case = intake("clerk", "不动产抵押登记")
    Case.objects.filter(pk=case.pk).update(status=Status.CLOSED, warning=Warning.RED)
    assert sweep.announce_raised() == 0


def test_sweeps_run_when_due_and_a_failure_is_recorded(catalog, today, monkeypatch):
    lines = []
    assert runner.run_due(report=lines.append) == len(registry.sweeps())
    assert {s.name for s in registry.sweeps()} >= {"clocks", "audit_seal", "rate_buckets"}
    assert runner.run_due(report=lines.append) == 0  # none is due again yet
    assert runner.run_due(force=True, only={"clocks"}, report=lines.append) == 1

    def broken():
        raise RuntimeError("数据库不可用")

    monkeypatch.setitem(registry._SWEEPS, "clocks", registry.Sweep("clocks", timedelta(minutes=1), broken))
    SweepSchedule.objects.filter(name="clocks").update(next_run_at=timezone.now() - timedelta(seconds=1))
    assert runner.run_due(report=lines.append) == 1
    record = SweepSchedule.objects.get(name="clocks")
    assert not record.last_ok and "数据库不可用" in record.last_result
    assert any("clocks: FAILED" in line for line in lines)


def test_the_command_runs_once_and_refuses_unknown_sweeps(catalog, today, capsys):
    call_command("worker", "--once", "--force", "--only", "clocks")
    assert "clocks: ok" in capsys.readouterr().out
    with pytest.raises(Exception, match="unknown sweep"):
        call_command("worker", "--once", "--only", "nothing")


def test_two_threads_announce_each_warning_once(live_catalog):
    cases = _overdue_copies(400)
    results = _together(2, lambda i: sweep.announce_raised(batch=25))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(results) == len(cases)
    _assert_each_announced_once(cases)


def test_two_threads_sweeping_the_same_day_raise_and_announce_each_case_once(live_catalog):
    cases = _overdue_copies(300, swept=False)
    results = _together(2, lambda i: sweep.refresh_due(on=timezone.localdate()))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(results) == len(cases)  # each case raised (and its clock marked overdue) by one thread
    assert set(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("clock_state", flat=True)) == {
        "overdue"
    }
    _assert_each_announced_once(cases)


def test_a_few_cases_are_told_one_by_one_and_many_in_one_digest(catalog, today):
    few = _overdue_copies(announcements.DIGEST_ABOVE)
    assert sweep.announce_raised() == len(few)
    reviewer = Notice.objects.filter(recipient__username="reviewer2", text__contains="红牌")
    assert sorted(reviewer.values_list("link", flat=True)) == sorted(f"/cases/{c.number}/" for c in few)
    Notice.objects.all().delete()
    many = _overdue_copies(announcements.DIGEST_ABOVE + 1)
    assert sweep.announce_raised() == len(many)
    assert list(reviewer.values_list("text", "link")) == [
        (f"{len(many)} 件办件已超时（红牌），请在超期办件中查看。", "/cases/overdue/")
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="several worker processes need PostgreSQL")
def test_two_worker_processes_announce_each_warning_once(live_catalog):
    cases = _overdue_copies(3000)
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "onewindow.settings"}
    command = [sys.executable, "-m", "onewindow.cli", "worker", "--once", "--force", "--only", "clocks"]
    workers = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [w.communicate(timeout=300)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    announced = [int(out.split(" warnings announced")[0].rsplit(", ", 1)[1]) for out in outputs]
    assert sum(announced) == len(cases), outputs
    _assert_each_announced_once(cases)


def test_a_year_without_a_calendar_fails_the_sweep_cleanly(catalog, today):
    case = intake("clerk", "不动产抵押登记")
    do("reviewer2", case, "start_review")
    today.set(date(2040, 1, 2))
    with pytest.raises(CalendarNotLoaded):
        sweep.refresh_due()
