"""`onewindow generate --cases N [--seed S] [--days D]`: a synthetic county workload for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from onewindow.core.workdays import CalendarNotLoaded
from onewindow.simulate.generator import default_days, generate
from onewindow.simulate.world import NothingToGenerate

BAR = 24  # characters of the progress bar


class Progress:
    """A progress bar on one updating line on a terminal; otherwise a line at every tenth of the way."""

    def __init__(self, stream):
        self.stream = stream  # a command's OutputWrapper
        self.tty = stream.isatty()
        self.started = time.perf_counter()
        self.tenth = -1
        self.phase = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        elapsed = time.perf_counter() - self.started
        if phase == "cases":
            rate = done / elapsed if elapsed else 0.0
            eta = (total - done) / rate if rate else 0.0
            line = f"{done:,}/{total:,} cases  {rate:,.0f} cases/s  ETA {eta:,.0f}s"
        else:
            line = f"rebuilding indexes and constraints {done}/{total}"
        if self.tty:
            filled = BAR * done // total if total else BAR
            bar = "[" + "#" * filled + "." * (BAR - filled) + "] "
            end = "\n" if phase == "cases" and done == total else ""
            self.stream.write(f"\r{bar}{line:<64}{end}", ending="")
        else:
            tenth = done * 10 // total if total else 10
            if phase != self.phase:
                self.tenth = -1
            if tenth == self.tenth:
                return
            self.tenth = tenth
            self.stream.write(line)
        self.phase = phase
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.phase == "indexes":
            self.stream.write("")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic county workload: N cases over the last D working days with "
        "their events, joint-case tasks and materials, written in one transaction at COPY speed (loads "
        "the demo county and catalog into an empty database first). The same seed, N, D and day give the "
        "same rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="How many cases to generate.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Working days to spread them over, up to today (default: about 4,000 a day, at least 20).",
        )

    def handle(self, *args, cases, seed, days, **options):
        if cases < 1:
            raise CommandError("--cases must be at least 1")
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1")
        days = days or default_days(cases)
        progress = Progress(self.stderr)
        try:
            result = generate(cases, seed=seed, days=days, progress=progress)
        except CalendarNotLoaded as exc:
            raise CommandError(f"the working-day calendar for {exc.year} is not loaded") from exc
        except NothingToGenerate as exc:
            raise CommandError(f"nothing to generate: {exc}") from exc
        finally:
            progress.close()
        write = self.stdout.write
        write(
            f"generated {result.cases:,} cases in {result.seconds:.1f}s ({result.rate:,.0f} cases/s): "
            f"{result.events:,} events, {result.tasks:,} tasks, {result.materials:,} materials, "
            f"{result.cards:,} supervision cards, {result.matters:,} matters; "
            f"{result.days} working days, seed {result.seed}"
            + ("; indexes rebuilt" if result.indexes_rebuilt else "")
        )
        write(
            "seconds: "
            + ", ".join(f"{phase} {seconds:.1f}" for phase, seconds in result.timings.items())
            + f" (of the rows, {result.sending:.1f} handing them to the database)"
        )
        write("by status: " + ", ".join(f"{status} {n:,}" for status, n in sorted(result.status.items())))
        write(
            "open cases by warning: "
            + ", ".join(f"{level} {n:,}" for level, n in result.open_warning.items())
        )
