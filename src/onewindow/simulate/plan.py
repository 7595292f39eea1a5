"""What a batch of generated cases will be, as NumPy arrays: the offers (`Catalog`), the coded texts
(`Texts`) and the planned paths (`Plan`, one `Step` per place in them); `planner` draws them."""

from dataclasses import dataclass, field

import numpy as np

from . import people
from .clock import NONE
from .codes import PAUSE_KINDS, Vocab
from .world import World

# The kinds of offer; `Catalog.group` holds the index of each offer's kind here.
GROUPS = ["immediate", "promised", "joint", "bundle", "report_up"]


@dataclass
class Step:
    """One place in the cases' paths: per case the day it happens (NONE: it does not), the action, who
    takes it, and what its event says."""

    day: np.ndarray
    action: np.ndarray
    actor: np.ndarray  # person index (0: nobody)
    note: np.ndarray  # notes code (0: none)
    details: np.ndarray  # details code (0: {})
    pause_kind: np.ndarray
    days: np.ndarray
    task: np.ndarray  # task number within the case, or -1

    @classmethod
    def empty(cls, n: int) -> "Step":
        none = np.full(n, NONE, dtype=np.int64)
        zero = np.zeros(n, dtype=np.int64)
        return cls(none, none.copy(), zero, zero.copy(), zero.copy(), zero.copy(), zero.copy(), none.copy())

    def set(self, rows: np.ndarray, day, action, actor=0, note=0, details=0, pause_kind=0, days=0, task=NONE):
        self.day[rows] = np.broadcast_to(day, self.day.shape)[rows] if np.ndim(day) else day
        for name, value in (
            ("action", action),
            ("actor", actor),
            ("note", note),
            ("details", details),
            ("pause_kind", pause_kind),
            ("days", days),
            ("task", task),
        ):
            target = getattr(self, name)
            target[rows] = np.broadcast_to(value, target.shape)[rows] if np.ndim(value) else value


@dataclass
class Texts:
    """Notes and event details by code; shared by every batch of a load."""

    notes: Vocab = field(default_factory=lambda: Vocab(""))
    details: Vocab = field(default_factory=lambda: Vocab("{}"))
    strings: Vocab = field(default_factory=lambda: Vocab(""))  # other stored text: bases, authorities


class Catalog:
    """The offers as arrays, for choosing and for the paths' parameters."""

    def __init__(self, world: World, texts: Texts, seed: int):
        offers = world.offers
        self.offers = offers
        self.group = np.array([GROUPS.index(o.group) for o in offers])
        self.limit = np.array([o.limit for o in offers])
        self.extension = np.array([o.extension for o in offers])
        self.online = np.array([o.online and o.ages == (20, 65) for o in offers])
        self.at_towns = np.array([o.at_towns for o in offers])
        self.for_firms = np.array([o.for_firms for o in offers])
        self.age_low = np.array([o.ages[0] for o in offers])
        self.age_high = np.array([o.ages[1] for o in offers])
        self.notice_line = np.array([o.notice_line for o in offers])
        self.deferrable_line = np.array([o.deferrable_line for o in offers])
        self.report = np.array([bool(o.report_authority) for o in offers])
        self.yellow = np.array([NONE if o.yellow is None else o.yellow for o in offers])
        self.restarts = np.array([o.restarts for o in offers])
        self.n_tasks = np.array([len(o.tasks) for o in offers])
        self.line_count = np.array([len(o.lines) for o in offers])
        self.max_tasks = int(self.n_tasks.max(initial=0))
        width = max(1, self.max_tasks)
        self.task_limit = np.zeros((len(offers), width), dtype=np.int64)
        self.task_department = np.zeros((len(offers), width), dtype=np.int64)
        self.task_note = np.zeros((len(offers), width), dtype=np.int64)
        for i, offer in enumerate(offers):
            for t, task in enumerate(offer.tasks):
                self.task_limit[i, t] = task.limit
                self.task_department[i, t] = task.department_id
                self.task_note[i, t] = texts.details.json({"department": task.department})
        self.department = np.array([o.department_id for o in offers])
        self.body = np.array([o.body_id for o in offers])
        tiers = ("village", "town", "city")
        self.agent_tiers = [[t for t in tiers if t in o.tiers and world.agents.get(t)] for o in offers]
        self.chief = np.array([world.chiefs.get(o.department_id, 0) for o in offers])
        self.special_count = np.array([len(o.special) for o in offers])
        self.special_kinds = np.zeros(
            (len(offers), max(1, int(self.special_count.max(initial=0)))), dtype=np.int64
        )
        for i, offer in enumerate(offers):
            self.special_kinds[i, : len(offer.special)] = [PAUSE_KINDS.index(kind) for kind in offer.special]
        self.industry = np.array([o.industry for o in offers], dtype=object)
        popularity = np.random.default_rng([seed, 7]).lognormal(0.0, 0.8, len(offers))
        self.by_group = []
        for g in range(len(GROUPS)):
            members = np.flatnonzero(self.group == g)
            weights = popularity[members]
            self.by_group.append((members, weights / weights.sum() if len(members) else weights))
        # The texts each offer's events may carry, by code.
        self.returns = [[reason_codes(texts, reason, basis) for reason, basis in o.returns] for o in offers]
        self.denials = [[reason_codes(texts, reason, basis) for reason, basis in o.denials] for o in offers]
        self.notice_details = np.array(
            [
                texts.details.json({"missing": [o.lines[o.notice_line].name]}) if o.notice_line >= 0 else 0
                for o in offers
            ]
        )
        self.supplement_details = np.array(
            [
                texts.details.json({"deferred": False, "materials": [o.lines[o.notice_line].name]})
                if o.notice_line >= 0
                else 0
                for o in offers
            ]
        )
        self.deferred_details = np.array(
            [
                texts.details.json({"materials": [o.lines[o.deferrable_line].name]})
                if o.deferrable_line >= 0
                else 0
                for o in offers
            ]
        )
        self.report_note = np.array(
            [texts.notes.code(f"初审完毕，报送{o.report_authority}审批。") for o in offers]
        )
        self.report_details = np.array(
            [texts.details.json({"authority": o.report_authority}) for o in offers]
        )
        self.report_authority = np.array([texts.strings.code(o.report_authority[:100]) for o in offers])


def reason_codes(texts: Texts, reason: str, basis: str) -> tuple[int, int, int]:
    """(note, details, stored basis) codes of a written reason and its legal basis."""
    return (
        texts.notes.code(reason),
        texts.details.json({"basis": basis}) if basis else 0,
        texts.strings.code(basis[:300]),
    )


@dataclass
class Plan:
    """A batch of cases, in the order of their submission, and their planned paths."""

    day: np.ndarray  # working-day index of submission
    minute: np.ndarray  # minute of the day of submission
    offer: np.ndarray
    channel: np.ndarray
    body: np.ndarray
    receiver: np.ndarray  # person index: who took it in (0: online)
    window: np.ndarray  # window id, or NONE
    agent: np.ndarray  # person index (0: none)
    citizen: np.ndarray  # person index (0: none)
    on_the_spot: np.ndarray
    deferred: np.ndarray  # accepted without its deferrable material
    notice: np.ndarray  # asked once for a missing material
    delivery: np.ndarray  # code in DELIVERIES
    postal_number: np.ndarray
    query_code: np.ndarray
    lines: np.ndarray  # how many checklist lines the case carries
    applicants: people.Applicants
    reason: np.ndarray  # notes code of the reason a return or refusal would give
    basis: np.ndarray  # strings code of its legal basis
    steps: dict[str, Step]  # in the order of the path
    task_steps: list[Step]

    @property
    def size(self) -> int:
        return len(self.day)

    def ordered_steps(self) -> list[tuple[str, Step]]:
        head = ["submit", "intake", "after_notice", "review", "pause", "resume"]
        tail = ["extend", "report", "decide", "supply_deferred", "deliver", "close"]
        return (
            [(name, self.steps[name]) for name in head]
            + [("task", step) for step in self.task_steps]
            + [(name, self.steps[name]) for name in tail]
        )
