"""Work after a commit (onewindow/background.py): inline in commands and tests, in one thread of a server
process, keyed work once however many ask; the audit chain is sealed and applicant messages are sent."""

import threading
import time

import pytest
from django.db import transaction

from onewindow import background
from onewindow.audit import services as audit
from onewindow.audit.models import AuditPending, AuditSeal


def _until(condition, seconds=20.0) -> bool:
    """Wait for a condition another thread brings about (never for a fixed time)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_inline_work_runs_right_after_the_commit_and_keyed_work_once(db, django_capture_on_commit_callbacks):
    ran = []
    with django_capture_on_commit_callbacks(execute=True):
        background.after_commit(lambda: ran.append("a"))
        background.after_commit(lambda: ran.append("seal"), key="k")
        background.after_commit(lambda: ran.append("seal again"), key="k")  # asked twice, runs once
        assert ran == []  # nothing before the commit
    assert ran == ["a", "seal"]


@pytest.mark.django_db(transaction=True)
def test_a_server_process_seals_the_chain_in_its_background_thread(settings):
    settings.AUDIT_SEAL_ON_COMMIT = True
    settings.AFTER_COMMIT_IN_BACKGROUND = True
    try:
        for n in range(3):
            with transaction.atomic():
                audit.record(actor=None, action="test.background", object_type="t", object_id=n)
        assert _until(lambda: not AuditPending.objects.exists())
    finally:
        background.wait_idle()
    assert AuditSeal.objects.filter(event__action="test.background").count() == 3
    assert audit.verify().ok


def test_keyed_work_queued_twice_runs_once_and_the_rest_in_order():
    runner = background._Runner()
    gate, ran = threading.Event(), []
    runner.submit(lambda: gate.wait(10))  # holds the thread while more is queued
    for name, key in [("seal", "k"), ("message 1", None), ("seal", "k"), ("message 2", None)]:
        runner.submit(lambda name=name: ran.append(name), key)
    gate.set()
    runner.stop()  # runs what is queued first
    assert ran == ["seal", "message 1", "message 2"]


def test_gathered_work_waits_while_later_work_runs_and_joins_every_ask_meanwhile():
    runner = background._Runner()
    ran, sealed = [], threading.Event()
    runner.submit(lambda: (ran.append("seal"), sealed.set()), "k", gather=2)
    runner.submit(lambda: ran.append("message"))  # not held up by the gathering round
    runner.submit(lambda: ran.append("seal again"), "k", gather=2)  # joins the round queued
    assert sealed.wait(20)
    runner.stop()
    assert ran == ["message", "seal"]


def test_stopping_runs_gathering_work_at_once():
    runner = background._Runner()
    ran = []
    runner.submit(lambda: ran.append("seal"), "k", gather=600)
    runner.stop()  # waits for the thread (up to 30 s): it ran the round without gathering
    assert ran == ["seal"]
