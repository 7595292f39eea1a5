"""Concurrency on both databases: one winner per case version, one case per idempotency key, numbers
never shared. Threads stand in for server processes; each has its own connection."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from onewindow.cases.models import Case, IdempotencyKey
from onewindow.cases.services import ActionInput, IntakeInput, act, take_in
from onewindow.errors import Conflict

from .conftest import all_provided, first_answers, live, person


@pytest.fixture
def live_catalog(transactional_db, today):
    """Demo county and catalog committed for real (threads cannot see a test's open transaction)."""
    from onewindow.demo import county as demo
    from onewindow.demo.catalog import load_demo_catalog
    from onewindow.workcalendar.models import CalendarDay, CalendarYear
    from onewindow.workcalendar.official import seed_shipped_years

    seed_shipped_years(CalendarYear, CalendarDay)
    demo.load_demo()
    load_demo_catalog()


def _in_thread(function):
    def run(*args):
        try:
            return function(*args)
        finally:
            connections.close_all()

    return run


def _together(count, function):
    """Run `function(i)` in `count` threads released at the same moment; results or exceptions."""
    barrier = threading.Barrier(count)

    @_in_thread
    def run(i):
        barrier.wait()
        try:
            return function(i)
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_two_actions_on_one_version_exactly_one_wins(live_catalog):
    User = get_user_model()
    clerk, reviewer = User.objects.get(username="clerk"), User.objects.get(username="reviewer2")
    version = live("不动产抵押登记")
    case = take_in(
        clerk,
        IntakeInput(
            applicant=person(),
            item_code=version.implementation_code,
            materials=all_provided(version),
            fee_answers=first_answers(version.implementation_code),
        ),
    )
    actions = ["start_review", "approve"]
    results = _together(
        2, lambda i: act(reviewer, case.number, actions[i], ActionInput(version=case.version))
    )
    winners = [r for r in results if isinstance(r, Case)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], Conflict) and losers[0].code == "conflict"
    stored = Case.objects.get(pk=case.pk)
    assert stored.version == case.version + 1
    assert stored.status == winners[0].status
    assert stored.events.filter(action__in=actions).count() == 1  # the loser wrote nothing


def test_twenty_concurrent_intakes_with_one_key_make_one_case(live_catalog):
    clerk = get_user_model().objects.get(username="clerk")
    version = live("不动产抵押登记")
    data = IntakeInput(
        applicant=person(),
        item_code=version.implementation_code,
        materials=all_provided(version),
        fee_answers=first_answers(version.implementation_code),
    )
    results = _together(20, lambda i: take_in(clerk, data, idempotency_key="retry-me"))
    # The key's unique row makes the others wait for the first to commit; then they all find its case.
    assert all(isinstance(r, Case) for r in results), results
    assert len({c.number for c in results}) == 1
    assert Case.objects.count() == 1
    assert IdempotencyKey.objects.get().case_id == Case.objects.get().pk


def test_concurrent_intakes_get_distinct_numbers(live_catalog):
    clerk = get_user_model().objects.get(username="clerk")
    version = live("不动产抵押登记")
    data = IntakeInput(
        applicant=person(),
        item_code=version.implementation_code,
        materials=all_provided(version),
        fee_answers=first_answers(version.implementation_code),
    )
    results = _together(10, lambda i: take_in(clerk, data))
    assert all(isinstance(r, Case) for r in results), results
    assert len({r.number for r in results}) == 10
