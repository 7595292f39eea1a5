"""The periodic sweeps: each app registers its own from its AppConfig.ready().

A sweep must be idempotent and claim the rows it changes (`FOR UPDATE SKIP LOCKED`, or a conditional
UPDATE), so that any number of workers, or a sweep run twice, never doubles an effect; the schedule
only saves work, it is not what makes a sweep safe.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Sweep:
    name: str
    every: timedelta
    run: Callable[[], str]  # returns a one-line summary of what it did


_SWEEPS: dict[str, Sweep] = {}


def register_sweep(name: str, every: timedelta, run: Callable[[], str]) -> None:
    _SWEEPS[name] = Sweep(name, every, run)


def sweeps() -> list[Sweep]:
    return sorted(_SWEEPS.values(), key=lambda s: s.name)


def sweep(name: str) -> Sweep:
    return _SWEEPS[name]
