"""Run the sweeps that are due: claim a sweep's schedule row (skipping one another worker holds), move
its next run forward, commit, then run it outside that short transaction."""

import logging
import time
from collections.abc import Callable

from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from .models import SweepSchedule
from .registry import Sweep, sweeps

logger = logging.getLogger(__name__)


def _claim(sweep: Sweep, *, force: bool) -> bool:
    now = timezone.now()
    with transaction.atomic():
        SweepSchedule.objects.get_or_create(name=sweep.name, defaults={"next_run_at": now})
        rows = SweepSchedule.objects.filter(name=sweep.name)
        if not force:
            rows = rows.filter(next_run_at__lte=now)
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        claimed = rows.first()
        if claimed is None:
            return False
        claimed.next_run_at = now + sweep.every
        claimed.last_started_at = now
        claimed.save(update_fields=["next_run_at", "last_started_at"])
    return True


def run_sweep(sweep: Sweep) -> tuple[bool, str]:
    """Run one sweep now and record its outcome; an error is logged and recorded, never raised."""
    try:
        result, ok = sweep.run(), True
    except Exception as exc:
        logger.exception("sweep %s failed", sweep.name)
        result, ok = f"{type(exc).__name__}: {exc}", False
    SweepSchedule.objects.filter(name=sweep.name).update(
        last_finished_at=timezone.now(), last_result=result[:300], last_ok=ok
    )
    return ok, result


def run_due(
    *, force: bool = False, only: set[str] | None = None, report: Callable[[str], None] = print
) -> int:
    """Run every sweep whose time has come (all of them with force); returns how many ran."""
    ran = 0
    for sweep in sweeps():
        if only and sweep.name not in only:
            continue
        if not _claim(sweep, force=force):
            continue
        started = time.monotonic()
        ok, result = run_sweep(sweep)
        report(f"{sweep.name}: {'ok' if ok else 'FAILED'} in {time.monotonic() - started:.2f}s: {result}")
        ran += 1
    return ran


def loop(*, interval: float, report: Callable[[str], None], should_stop: Callable[[], bool]) -> None:
    while not should_stop():
        close_old_connections()
        run_due(report=report)
        close_old_connections()
        deadline = time.monotonic() + interval
        while not should_stop() and time.monotonic() < deadline:
            time.sleep(min(1.0, interval))
