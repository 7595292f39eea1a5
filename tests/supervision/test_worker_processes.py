"""Exactly once across worker processes (F9 acceptance): a case left alone turns yellow, then red; two
forked worker processes each sweep ten times a day, and the county has one yellow card, one red card
and one matter, the red card's. Real processes, each with its own database connection, on the
committed county (on PostgreSQL in CI's second run, on the SQLite file in the first)."""

import multiprocessing
import os
import traceback
from datetime import date

import pytest
from django.db import connections

from onewindow.supervision.cards import raise_cards
from onewindow.supervision.models import Card, Matter
from onewindow.timelimits import sweep
from onewindow.workcalendar.services import current_calendar
from tests.cases.conftest import intake

from .test_cards import live_county  # noqa: F401  (fixture: the county committed for real)

SWEEPS = 10


def _worker(start, errors) -> None:
    """A worker's day: wait for the other, then sweep ten times, on a connection of its own."""
    for connection in connections.all(initialized_only=True):
        connection.connection = None  # the parent's socket: leave it open for the parent
    try:
        start.wait(timeout=30)
        for _ in range(SWEEPS):
            sweep.refresh_due()
            raise_cards()
    except BaseException:
        errors.put(traceback.format_exc())
    finally:
        connections.close_all()
        os._exit(0)


def two_workers_sweep() -> None:
    context = multiprocessing.get_context("fork")
    start, errors = context.Barrier(2), context.Queue()
    for connection in connections.all(initialized_only=True):
        connection.close()  # nothing open to share with the children
    workers = [context.Process(target=_worker, args=(start, errors)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0, "a worker process did not finish"
    assert errors.empty(), errors.get()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked")
def test_a_case_left_alone_gives_one_yellow_card_one_red_card_and_one_matter(live_county, today):  # noqa: F811
    today.set(date(2026, 3, 2))
    case = intake("clerk", "工伤认定")

    today.set(case.yellow_on)
    two_workers_sweep()
    assert list(Card.objects.values_list("level", flat=True)) == ["yellow"]
    assert not Matter.objects.exists()

    today.set(current_calendar().add_workdays(case.deadline, 1))
    two_workers_sweep()
    assert sorted(Card.objects.values_list("level", flat=True)) == ["red", "yellow"]
    red = Card.objects.get(level="red")
    matter = Matter.objects.get()
    assert (matter.card_id, matter.case_id, matter.external_id, matter.source) == (
        red.pk,
        case.pk,
        red.number,
        "card",
    )
    assert matter.events.filter(action="register").count() == 1
    assert sorted(Card.objects.values_list("number", flat=True)) == sorted(
        {c.number for c in Card.objects.all()}
    )
