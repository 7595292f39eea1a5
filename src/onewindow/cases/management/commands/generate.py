"""`onewindow generate --cases N [--seed S] [--days D]`: a synthetic county workload for benchmarks."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from onewindow.cases import synthetic
from onewindow.catalog.demo_catalog import load_demo_catalog
from onewindow.core.workdays import CalendarNotLoaded
from onewindow.org import demo


class Command(BaseCommand):
    help = (
        "Write N synthetic cases (every status, events, joint tasks, checklists, clocks) over the last D "
        "working days, with COPY on PostgreSQL; loads the demo county and catalog first if absent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="How many cases.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (1): same seed, same rows.")
        parser.add_argument(
            "--days", type=int, default=None, help="Working days of history (N/4000, min 20)."
        )

    def handle(self, *args, cases, seed, days, **options):
        if cases < 1:
            raise CommandError("--cases must be at least 1")
        if not demo.is_loaded():
            demo.load_demo()
            load_demo_catalog()
            self.stdout.write("demo county and catalog loaded")
        self._started = time.monotonic()
        self._shown = 0
        try:
            result = synthetic.generate(cases, seed=seed, days=days, progress=self.progress)
        except CalendarNotLoaded as exc:
            raise CommandError(f"the working-day calendar for {exc.year} is not loaded") from exc
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        statuses = ", ".join(f"{n} {s}" for s, n in result["status"].items())
        warnings = ", ".join(f"{n} {w}" for w, n in result["open_warning"].items())
        self.stdout.write(
            f"generated {result['cases']:,} cases ({result['events']:,} events, {result['tasks']:,} tasks, "
            f"{result['materials']:,} materials) over {result['days']} working days in {result['seconds']}s: "
            f"{result['rate']:,.0f} cases/s\nstatus: {statuses}\nopen cases: {warnings}"
        )

    def progress(self, done: int, total: int) -> None:
        elapsed = time.monotonic() - self._started
        rate = done / elapsed if elapsed else 0
        eta = (total - done) / rate if rate else 0
        line = f"{done:,}/{total:,} cases  {rate:,.0f}/s  ETA {eta:,.0f}s"
        if sys.stderr.isatty():
            sys.stderr.write(f"\r{line}   ")
            sys.stderr.flush()
        elif done == total or done * 10 // total > self._shown * 10 // total:
            sys.stderr.write(line + "\n")
        self._shown = done
