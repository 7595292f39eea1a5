"""What the rooms above cases ask of every intake, which cases may not import: a guard registered at
start (proxy: a case an agent files rests on an entrustment valid for its items that day) is asked
before anything is written, may refuse with `Invalid` (nothing is written then), and returns what to
write beside the new case once it has its row, in the intake's own transaction."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from onewindow.accounts.applicants import Applicant
from onewindow.org.permissions import Actor

from .applied import AppliedFor


@dataclass(frozen=True)
class Attempt:
    """One intake as the guards see it: who takes it in, through which channel, for whom, what, when."""

    actor: Actor
    channel: str
    applicant: Applicant
    applied: AppliedFor
    on: date


Written = Callable[[object], None]  # called with the case once written
Guard = Callable[[Attempt], Written | None]

_GUARDS: list[Guard] = []


def register(guard: Guard) -> Guard:
    if guard not in _GUARDS:
        _GUARDS.append(guard)
    return guard


def ask(attempt: Attempt) -> list[Written]:
    """Ask every guard (each may raise `Invalid`); returns what each wants written with the case."""
    return [then for guard in _GUARDS if (then := guard(attempt)) is not None]
