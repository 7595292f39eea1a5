"""`onewindow worker`: run the periodic sweeps (deadline clocks and warnings, audit sealing, housekeeping).

Run one beside `make run` on SQLite, or several against one PostgreSQL: sweeps claim their rows, so
no warning is ever sent twice. Stops cleanly on SIGTERM or Ctrl-C after the sweep in hand.
"""

import signal

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from onewindow.worker import registry, runner


class Command(BaseCommand):
    help = "Run the periodic sweeps: in a loop, or once with --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the due sweeps once and exit.")
        parser.add_argument(
            "--force", action="store_true", help="With --once: run every sweep even if it is not due."
        )
        parser.add_argument("--only", action="append", default=[], help="Run only this sweep (repeatable).")
        parser.add_argument("--interval", type=float, default=15.0, help="Seconds between rounds (15).")

    def handle(self, *args, once, force, only, interval, **options):
        known = {s.name for s in registry.sweeps()}
        unknown = set(only) - known
        if unknown:
            raise CommandError(f"unknown sweep(s) {sorted(unknown)}; known: {sorted(known)}")
        if force and not once:
            raise CommandError("--force only goes with --once")

        def report(line):
            self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} {line}")
            self.stdout.flush()

        if once:
            runner.run_due(force=force, only=set(only) or None, report=report)
            return
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        report(f"worker started: sweeps {', '.join(sorted(known))}; a round every {interval:g}s")
        runner.loop(interval=interval, report=report, should_stop=lambda: bool(stopping))
        report("worker stopped")
