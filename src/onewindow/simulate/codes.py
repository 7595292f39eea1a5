"""The integer codes the generator works in, and the lifecycle table as an array.

Rows are built as arrays of small integers; each code stands for a stored string (a status, an action, a
note). `NEXT[status, action]` is `workflow.ALLOWED` as a table, so a batch of events is checked against
the real lifecycle in one operation.
"""

import json

import numpy as np

from onewindow.cases import workflow
from onewindow.cases.choices import Action, Channel, Delivery, Status
from onewindow.timelimits.choices import PauseKind

STATUSES = [*Status.values, ""]  # "" is the status before the first event
NO_STATUS = len(STATUSES) - 1
ACTIONS = list(Action.values)
CHANNELS = [Channel.WINDOW, Channel.API, Channel.AGENT, Channel.ONLINE]
WINDOW, API, AGENT, ONLINE = range(len(CHANNELS))
DELIVERIES = [Delivery.ELECTRONIC, Delivery.POST, Delivery.WINDOW]
PAUSE_KINDS = ["", *PauseKind.values]
CLOCKS = ["", "pause", "resume", "extend", "finish"]

S = {status: code for code, status in enumerate(STATUSES)}
A = {action: code for code, action in enumerate(ACTIONS)}


def _next_table() -> np.ndarray:
    table = np.full((len(STATUSES), len(ACTIONS)), -1, dtype=np.int64)
    for status, moves in workflow.ALLOWED.items():
        for action, after in moves.items():
            table[S[status], A[action]] = S[after]
    table[NO_STATUS, A[Action.SUBMIT]] = S[Status.PREREVIEW]  # intake: the case comes into being
    return table


NEXT = _next_table()
CLOCK_OF = np.array([CLOCKS.index(workflow.CLOCK_OF.get(action, "")) for action in ACTIONS])


class Vocab:
    """Strings by code, added as first met; the order of first use is fixed, so codes are reproducible."""

    def __init__(self, *initial: str):
        self.values: list[str] = []
        self._codes: dict[str, int] = {}
        for value in initial:
            self.code(value)

    def code(self, value: str) -> int:
        found = self._codes.get(value)
        if found is None:
            found = self._codes[value] = len(self.values)
            self.values.append(value)
        return found

    def json(self, value: dict) -> int:
        """The code of a JSON document, written as Django's JSONField writes it."""
        return self.code(json.dumps(value))

    def codes(self, values) -> np.ndarray:
        return np.array([self.code(v) for v in values], dtype=np.int64)
