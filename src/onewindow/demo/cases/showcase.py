"""The showcase plans: a fixed set of cases that makes sure every status, kind, channel and warning is
there, whatever the day and however small the load. They use the planner's pieces with chosen days.
"""

from onewindow.cases.choices import Channel, Status
from onewindow.timelimits.choices import Warning

from .plans import Planner
from .stories import Offer, Plan, Story


class Showcase:
    """The plans that make sure every status, kind, channel and warning is there on any day."""

    def __init__(self, planner: Planner):
        self.p = planner
        self.plans: list[Plan] = []

    def first(self, kinds, make, channel: str | None = None) -> None:
        """Try the offers of these kinds in random order until `make(offer)` gives a plan."""
        offers = [o for kind in kinds for o in self.p.by_kind.get(kind, [])]
        self.p.rng.shuffle(offers)
        for offer in offers:
            plan = make(offer)
            if plan and (channel is None or plan.channel == channel):
                self.p.remember_holder(plan)
                self.plans.append(plan)
                return

    def build(self) -> list[Plan]:
        p, last = self.p, self.p.last
        P, J, R, IM, B = "promised", "joint", "report_up", "immediate", "bundle"
        W, G, ON = Channel.WINDOW, Channel.AGENT, Channel.ONLINE
        S, N, Y, X = Status, Warning.NORMAL, Warning.YELLOW, Warning.RED
        for back in (0, 0, 1):  # submitted online, waiting for the window's pre-review
            self.first([P, IM], lambda o, b=back: self.before_acceptance(o, ON, last - b, "prereview"), ON)
        for channel, back in ((W, 1), (G, 0), (ON, 1)):  # a one-time notice, materials not yet back
            self.first(
                [P], lambda o, c=channel, b=back: self.before_acceptance(o, c, last - b, "notice"), channel
            )
        cases = [
            (S.ACCEPTED, [P], W, N),
            (S.ACCEPTED, [P], G, Y),
            (S.ACCEPTED, [P], ON, X),
            (S.IN_REVIEW, [P], W, N),
            (S.IN_REVIEW, [P], ON, Y),
            (S.IN_REVIEW, [P], W, X),
            (S.IN_REVIEW, [P], G, X),
            (S.IN_REVIEW, [P], G, N),
            (S.IN_REVIEW, [P], W, Y),
            (S.PAUSED, [P], W, N),
            (S.PAUSED, [P, J], W, N),
            (S.EXTENDED, [P, J, R], W, Y),
            (S.EXTENDED, [P, J, R], W, X),
            (S.EXTENDED, [P, J, R], W, N),
            (S.REPORTED_UP, [R], W, N),
            (S.REPORTED_UP, [R], G, X),
            (S.IN_REVIEW, [J], W, X),
            (S.IN_REVIEW, [J], W, N),
            (S.IN_REVIEW, [B], W, N),
            (S.ACCEPTED, [B], W, Y),
        ]
        for status, kinds, channel, warning in cases:
            self.first(kinds, lambda o, s=status, c=channel, w=warning: p.open_case(o, c, s, w), channel)
        # decided lately, waiting for delivery or for the file to be closed
        self.first([P], lambda o: self.decided(o, W, "approve", decide=last, deliver=None))
        self.first(
            [P], lambda o: self.decided(o, G, "approve", decide=last - 1, deliver=None, deferred=True), G
        )
        self.first([P], lambda o: self.decided(o, ON, "deny", decide=last, deliver=None), ON)
        self.first([P, IM], lambda o: self.decided(o, W, "approve", decide=last - 2, deliver=last))
        self.first([P], lambda o: self.decided(o, ON, "approve", decide=last - 1, deliver=last), ON)
        # not accepted, or withdrawn
        self.first([P], lambda o: p.returned(o, W, last - 3))
        self.first([IM], lambda o: p.returned(o, G, last - 6), G)
        self.first([P], lambda o: self.before_acceptance(o, ON, last - 2, "return"), ON)
        self.first([P], lambda o: self.before_acceptance(o, ON, last - 4, "withdraw"), ON)
        self.first([P], lambda o: self.decided(o, G, "withdraw", decide=last - 2, deliver=None), G)
        self.first([P], lambda o: self.decided(o, W, "withdraw", decide=last - 1, deliver=None))
        # finished: each joint item and bundle, report-up, late, extended, paused, refused
        early = max(0, last - 30)
        for offer in [*p.by_kind.get(J, []), *p.by_kind.get(B, [])]:
            self.first_offer(
                offer, lambda o: p.handled(o, W, p.rng.randint(0, early), return_chance=0, late=False)
            )
        self.first([R], lambda o: p.handled(o, G, p.rng.randint(0, early), late=False, outcome="approve"), G)
        self.first([P], lambda o: p.handled(o, W, p.rng.randint(0, early), return_chance=0, late=True))
        self.first([P, R], lambda o: p.handled(o, W, p.rng.randint(0, early), return_chance=0, extend=True))
        self.first(
            [P], lambda o: o.special and p.handled(o, ON, p.rng.randint(1, early), pause=o.special[0]), ON
        )
        self.first([P], lambda o: p.handled(o, W, p.rng.randint(0, early), return_chance=0, outcome="deny"))
        self.first([J], lambda o: p.handled(o, W, p.rng.randint(0, early), return_chance=0, outcome="deny"))
        # immediate: on the spot with fees paid there, through an agent, online
        self.first([IM], lambda o: o.fees and p.on_the_spot(o, p.rng.randint(0, last)))
        self.first([IM], lambda o: p.handled(o, G, p.rng.randint(0, last - 3), return_chance=0), G)
        self.first([IM], lambda o: p.handled(o, ON, p.rng.randint(1, last - 3), prereview="accept"), ON)
        return self.plans

    def first_offer(self, offer: Offer, make) -> None:
        plan = make(offer)
        if plan is not None:
            self.p.remember_holder(plan)
            self.plans.append(plan)

    def before_acceptance(self, offer: Offer, wanted: str, day: int, what: str) -> Plan | None:
        """Submitted online and not yet pre-reviewed, or waiting for the materials a notice listed, or
        returned or withdrawn before acceptance."""
        p = self.p
        channel, by, applicant = p.channel_for(offer, wanted)
        missing = p.required_left_out(offer)
        if channel != wanted or day < 1 or (what == "notice" and not missing):
            return None
        plan = Plan(offer, channel, by, applicant or p.applicant(offer, day), day, label=what)
        plan.omit = p.optional_left_out(offer) | (missing if what == "notice" else set())
        if channel == Channel.ONLINE and what != "prereview":
            story = Story(accept=day, prereview=day, prereview_outcome=what)
            plan.day = day - 1
            plan.steps = p.steps(plan, story)
        return plan

    def decided(self, offer, wanted, outcome, *, decide, deliver, deferred=False) -> Plan | None:
        """Accepted some days ago and decided (or withdrawn) on `decide`; delivered on `deliver`."""
        p = self.p
        a = decide - min(offer.limit, p.rng.randint(1, 4)) if offer.limit else decide
        channel, by, applicant = p.channel_for(offer, wanted)
        if a < 1 or not p.fits(a, offer.limit) or channel != wanted:
            return None
        if outcome == "deny" and any(not waivable for _name, waivable in offer.fees):
            return None
        plan = Plan(offer, channel, by, applicant or p.applicant(offer, a), a, label=f"decided:{outcome}")
        plan.omit = p.optional_left_out(offer)
        deferrable = p.deferrable_lines(offer)
        if deferred:
            if not deferrable:
                return None
            plan.omit |= deferrable
            plan.commitment = channel != Channel.ONLINE
        story = Story(accept=a, review=a, decide=decide, outcome=outcome, deliver=deliver)
        if channel == Channel.ONLINE:
            plan.day, story.prereview = a - 1, a
        story.tasks = [(department, a, True) for department, _limit in offer.tasks]
        plan.steps = p.steps(plan, story)
        return plan
