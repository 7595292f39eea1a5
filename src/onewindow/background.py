"""Work that follows a commit but need not hold up the request (sealing the audit chain, sending an
applicant's message): `after_commit(fn)` runs `fn` once the surrounding transaction commits.

In a server process (`wsgi.py` sets AFTER_COMMIT_IN_BACKGROUND) one thread of the process runs it, so the
request answers without waiting, and work several requests asked for under the same key (one sealing
round) runs once. Elsewhere (commands, which may exit right after their last commit; tests) it runs in the
caller right after the commit. Either way, work a dead process never ran is left to the worker's sweeps
(`audit_seal`, `send_unsent`), as it was when it ran in the request.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connections, transaction

logger = logging.getLogger(__name__)


class _Runner:
    """One thread per process, started on first use, running queued work in order."""

    def __init__(self):
        self._ready = threading.Condition()
        self._work: list = []  # (not before, fn, key), in the order submitted
        self._keys: set[str] = set()  # keyed work already queued and not yet started
        self._thread: threading.Thread | None = None
        self._stopping = False

    def submit(self, fn, key: str | None = None, gather: float = 0.0) -> None:
        with self._ready:
            if key is not None:
                if key in self._keys:
                    return
                self._keys.add(key)
            self._work.append((time.monotonic() + gather, fn, key))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="after-commit", daemon=True)
                self._thread.start()
            self._ready.notify()

    def stop(self) -> None:
        """Run what is queued (at once, however long it meant to gather), then end the thread and close its
        connection (tests, before their database goes)."""
        with self._ready:
            thread = self._thread
            if thread is None:
                return
            self._stopping = True
            self._ready.notify()
        thread.join(timeout=30)
        with self._ready:
            self._thread, self._stopping = None, False

    def _next(self):
        """The first queued work that is due, waiting for it; None once told to stop and nothing is left."""
        with self._ready:
            while True:
                now = time.monotonic()
                for index, (at, fn, key) in enumerate(self._work):
                    if at <= now or self._stopping:
                        del self._work[index]
                        self._keys.discard(key)
                        return fn
                if self._stopping:
                    return None
                first_due = min((at for at, _fn, _key in self._work), default=None)
                self._ready.wait(timeout=None if first_due is None else first_due - now)

    def _run(self) -> None:
        while True:
            fn = self._next()
            if fn is None:
                connections.close_all()
                return
            close_old_connections()
            try:
                fn()
            except Exception:
                logger.exception("work after a commit failed; the worker's sweeps pick up what it left")


_RUNNER = _Runner()


def after_commit(fn, *, key: str | None = None, gather: float = 0.0) -> None:
    """Run `fn` after the surrounding transaction commits (now, outside a transaction); `key` names work
    that runs once however many ask for it before it starts. In the background thread, keyed work may wait
    `gather` seconds first, so that one run serves every request that asks meanwhile (one sealing round
    for a busy hall's many commits rather than one each)."""

    connection = transaction.get_connection()
    # Django keeps the callbacks in connection.run_on_commit as (savepoints, func, robust).
    if key is not None and any(getattr(f, "key", None) == key for _s, f, *_r in connection.run_on_commit):
        return

    def run():
        if settings.AFTER_COMMIT_IN_BACKGROUND:
            _RUNNER.submit(fn, key, gather)
        else:
            fn()

    run.key = key
    transaction.on_commit(run, robust=True)  # a failure must not fail a committed request


def soon(fn, *, key: str, gather: float = 0.0) -> None:
    """From work running in the background thread: queue `fn` (once under `key`) to run after `gather`
    seconds, not tied to any commit (a sealing round that found work queues the next)."""
    _RUNNER.submit(fn, key, gather)


def wait_idle() -> None:
    """Stop the background thread once it has run everything queued (tests)."""
    _RUNNER.stop()
