"""What a demo case is before it is played: the offer it applies for (`Offer`, its checklist `Line`s),
its `Story` (the days things happen), the `Plan` of dated `Step`s it becomes, and who works where
(`Staffing`). Day numbers index the demo's span of working days; `plans.Planner` draws them."""

import math
from dataclasses import dataclass, field

from onewindow.accounts.applicants import Applicant
from onewindow.cases.choices import Action

A = Action

# What may still happen once a case is decided.
AFTER_DECISION = frozenset(
    {A.SUPPLY_DEFERRED, A.DELIVER, A.CLOSE, "settle", "settle_after_delivery", "settle_at_intake"}
)

# Same-day order of the steps of one case.
RANK = {
    A.ACCEPT: 0,
    A.REQUEST_SUPPLEMENT: 0,
    A.RETURN: 0,
    A.SUPPLEMENT: 1,
    "settle_at_intake": 2,
    A.START_REVIEW: 3,
    A.PAUSE: 4,
    A.RESUME: 5,
    A.TASK_APPROVE: 6,
    A.TASK_DENY: 6,
    A.EXTEND: 7,
    A.REPORT_UP: 8,
    A.WITHDRAW: 9,
    A.APPROVE: 9,
    A.DENY: 9,
    A.SUPPLY_DEFERRED: 10,
    "settle": 11,
    A.DELIVER: 12,
    "settle_after_delivery": 13,  # a refusal's fees are waived once it is delivered
    A.CLOSE: 14,
}


@dataclass(frozen=True)
class Line:
    """One line of a checklist: the material, its requirement and where it comes from."""

    material_id: int
    name: str
    requirement: str
    source: str
    certificate_type: str = ""


@dataclass(frozen=True)
class Offer:
    """Something one can apply for: a live item or a bundle (一件事), as the plans need to know it."""

    code: str
    is_bundle: bool
    name: str
    kind: str
    department: str
    limit: int
    extension: int
    special: tuple[str, ...]
    report_up: str
    online: bool
    tiers: frozenset[str]
    fees: tuple[tuple[str, bool], ...]  # (name, waivable)
    lines: tuple[Line, ...]
    tasks: tuple[tuple[str, int], ...]  # (department, limit), lead first
    yellow: int | None
    for_firms: bool
    power: str
    licence: bool = False  # a 行政许可 (item type 01)
    issues: str = ""  # the certificate an approval puts in the library
    needs: frozenset[str] = frozenset()  # certificates the checklist takes from the library
    fee_answers: tuple[tuple[str, str], ...] = ()  # the applicant's answers to the fee questions

    def threshold(self, limit: int) -> int:
        return self.yellow if self.yellow is not None else max(1, math.ceil(limit * 0.2))


@dataclass
class Step:
    day: int
    who: str
    action: str
    params: dict = field(default_factory=dict)


@dataclass
class Plan:
    offer: Offer
    channel: str
    by: str  # who takes it in: a clerk, a chief representative, an agent or a citizen account
    applicant: Applicant
    day: int
    omit: frozenset[int] = frozenset()  # checklist lines not handed in
    commitment: bool = False
    finish_now: bool = False
    payment: tuple[str, str] | None = None
    returned: tuple[str, str] | None = None
    steps: list[Step] = field(default_factory=list)
    label: str = ""

    def describe(self, days) -> str:
        steps = "; ".join(f"{days[s.day]} {s.who} {s.action}" for s in self.steps)
        return f"{self.label} {self.offer.name} via {self.channel} by {self.by} on {days[self.day]}: {steps}"


@dataclass
class Story:
    """The days of one handled case (None: does not happen); turned into steps by `Planner.steps`."""

    accept: int
    prereview: int | None = None
    prereview_outcome: str = "accept"  # accept, notice, return, withdraw
    supplement: int | None = None
    review: int | None = None
    pause: tuple[int, int | None, str] | None = None  # day, resume day, kind
    extend: tuple[int, int] | None = None  # day, days
    report: int | None = None
    tasks: list[tuple[str, int, bool]] = field(default_factory=list)  # department, day, agrees
    decide: int | None = None
    outcome: str = "approve"  # approve, deny, withdraw
    deliver: int | None = None
    close: int | None = None


class Staffing:
    """Who works where: window clerks, agents per tier, department handlers and chief representatives,
    and the citizen accounts."""

    def __init__(self, clerks, agents, handlers, chiefs, citizens):
        self.clerks: list[str] = clerks
        self.agents: dict[str, list[str]] = agents  # tier -> usernames
        self.handlers: dict[str, list[str]] = handlers  # department -> reviewers and chief reps
        self.chiefs: dict[str, str] = chiefs  # department -> chief representative
        self.citizens: dict[str, list[tuple[str, Applicant]]] = citizens  # "person"/"firm" -> accounts
