"""The stories of the demo cases, planned in working-day numbers before anything is written.

Day numbers index the demo's span of working days: 0 is the first, `last` is the last working day up to
today. A plan lists what happens to one case and on which day; steps that would fall after today are
left out, so a case planned to finish next week is in review today. Most plans are "natural" (start day
and durations drawn at random, a few decided late); a fixed set of showcase plans makes sure every
status, kind, channel and warning appears whatever the day and the size of the load.
"""

import random

from onewindow.accounts.applicants import Applicant
from onewindow.cases.choices import Channel, Delivery, PaymentMethod, Status
from onewindow.timelimits.choices import Warning

from .stories import AFTER_DECISION, RANK, A, Offer, Plan, Staffing, Step, Story
from .texts import (
    AGE_RANGES,
    EXTENSION_REASON,
    ID_CARD_WAIVER,
    ID_CARD_WAIVER_BASIS,
    PAUSE_REASONS,
    REFUSAL_WAIVER,
    REFUSAL_WAIVER_BASIS,
    TASK_DENIAL,
    TASK_OPINIONS,
    WITHDRAWALS,
    denial,
    return_reason,
)


class Planner:
    def __init__(self, rng: random.Random, last: int, fits, offers: list[Offer], staffing: Staffing, people):
        self.rng = rng
        self.last = last
        self.fits = fits  # fits(day, workdays) -> whether that deadline lies in the loaded calendar
        self.offers = offers
        self.staff = staffing
        self.people = people
        self.holders: dict[str, list[tuple[int, Applicant]]] = {}  # certificate type -> (day issued, holder)
        self.by_kind: dict[str, list[Offer]] = {}
        for offer in offers:
            self.by_kind.setdefault("bundle" if offer.is_bundle else offer.kind, []).append(offer)

    # --- who --------------------------------------------------------------------------------------

    def handler(self, department: str) -> str:
        return self.rng.choice(self.staff.handlers[department])

    def applicant(self, offer: Offer, day: int) -> Applicant:
        """Someone who fits the item: often, for an item that takes a certificate from the library,
        a holder who got it here earlier (a house bought, then mortgaged; a licence, then a permit)."""
        if offer.name not in AGE_RANGES:
            holders = [
                applicant
                for kind in sorted(offer.needs)
                for issued_on, applicant in self.holders.get(kind, [])
                if issued_on < day and (applicant.kind == "organisation") <= offer.for_firms
            ]
            if holders and self.rng.random() < 0.5:
                return self.rng.choice(holders)
        if offer.for_firms:
            return self.people.firm(offer.name)
        return self.people.person(AGE_RANGES.get(offer.name, (20, 65)))

    def remember_holder(self, plan: Plan) -> None:
        approved = [step.day for step in plan.steps if step.action == A.APPROVE]
        if plan.offer.issues and (approved or plan.finish_now):
            self.holders.setdefault(plan.offer.issues, []).append(
                (approved[0] if approved else plan.day, plan.applicant)
            )

    def channel_for(self, offer: Offer, wanted: str) -> tuple[str, str, Applicant | None]:
        """(channel, who takes it in, applicant) for the wanted channel, or the window when the item
        cannot come that way (not online, not on that tier's proxy list, fees a town cannot collect)."""
        rng = self.rng
        accounts = self.staff.citizens["firm" if offer.for_firms else "person"]
        if wanted == Channel.ONLINE and offer.online and offer.name not in AGE_RANGES and accounts:
            weights = [3] + [1] * (len(accounts) - 1)  # `citizen` and `company` apply most: they show most
            username, applicant = rng.choices(accounts, weights)[0]
            return Channel.ONLINE, username, applicant
        if wanted == Channel.AGENT:
            tiers = [t for t in ("village", "town", "city") if t in offer.tiers and self.staff.agents.get(t)]
            if offer.fees:
                tiers = [t for t in tiers if t == "city"]  # only the center's window collects fees
            if tiers:
                return Channel.AGENT, rng.choice(self.staff.agents[rng.choice(tiers)]), None
        return Channel.WINDOW, rng.choice(self.staff.clerks), None

    def window_user(self, plan: Plan) -> str:
        """Who does the window's later work: the agent on a proxy case, else a clerk of the center."""
        return plan.by if plan.channel == Channel.AGENT else self.rng.choice(self.staff.clerks)

    # --- natural plans ----------------------------------------------------------------------------

    def natural(self) -> Plan:
        """One case as it comes: a kind by the hall's mix, a day, a channel, and a life of its own."""
        rng = self.rng
        for _attempt in range(20):
            kind = rng.choices(
                ["immediate", "promised", "joint", "bundle", "report_up"], weights=[30, 53, 5, 7, 5]
            )[0]
            offer = rng.choice(self.by_kind[kind])
            day = self.start_day()
            if kind == "immediate":
                wanted = rng.choices([Channel.WINDOW, Channel.AGENT, Channel.ONLINE], [76, 14, 10])[0]
                if wanted == Channel.WINDOW and offer.department in self.staff.chiefs:
                    return self.on_the_spot(offer, day)
            else:
                wanted = rng.choices([Channel.WINDOW, Channel.AGENT, Channel.ONLINE], [60, 22, 18])[0]
            plan = self.handled(offer, wanted, day)
            if plan is not None:
                return plan
        return self.on_the_spot(rng.choice(self.by_kind["immediate"]), rng.randint(0, self.last))

    def start_day(self) -> int:
        """Any day of the span, more often a recent one (older cases are mostly done and filed)."""
        if self.rng.random() < 0.5:
            return self.rng.randint(0, self.last)
        return self.last - min(self.last, int(self.rng.expovariate(1 / 10)))

    def on_the_spot(self, offer: Offer, day: int, label: str = "") -> Plan:
        """An immediate case decided, paid and handed over at the window by the chief representative."""
        plan = Plan(
            offer,
            Channel.WINDOW,
            self.staff.chiefs[offer.department],
            self.applicant(offer, day),
            day,
            omit=self.optional_left_out(offer),
            finish_now=True,
            label=label or "on_the_spot",
        )
        if offer.fees:
            plan.payment = (self.payment_method(), "")
        return plan

    def returned(self, offer: Offer, wanted: str, day: int) -> Plan:
        channel, by, applicant = self.channel_for(offer, wanted)
        if channel == Channel.ONLINE:
            channel, by = Channel.WINDOW, self.rng.choice(self.staff.clerks)
        reason, basis = return_reason(self.rng, offer)
        return Plan(
            offer,
            channel,
            by,
            applicant or self.applicant(offer, day),
            day,
            omit=self.optional_left_out(offer),
            returned=(reason, basis),
            label="returned",
        )

    def handled(self, offer: Offer, wanted: str, day: int, **force) -> Plan | None:
        """A case handled over days: the window accepts it (perhaps after a one-time notice), the
        department reviews, perhaps pauses, extends or reports up, decides, and the result is delivered."""
        rng = self.rng
        if wanted == Channel.WINDOW and rng.random() < force.pop("return_chance", 0.04):
            return self.returned(offer, wanted, day)
        channel, by, applicant = self.channel_for(offer, wanted)
        if channel == Channel.ONLINE and day == 0:
            day = 1
        plan = Plan(offer, channel, by, applicant or self.applicant(offer, day), day, label="natural")
        limit = offer.limit
        story = Story(accept=day)
        omit = set(self.optional_left_out(offer))
        if channel == Channel.ONLINE:
            story.prereview = day + rng.choice([0, 0, 1, 1, 2])
            roll = rng.random()
            outcome = force.get("prereview") or (
                "return"
                if roll < 0.04
                else "notice"
                if roll < 0.13
                else "withdraw"
                if roll < 0.15
                else "accept"
            )
            if outcome == "notice" and not self.required_left_out(offer):
                outcome = "accept"
            story.prereview_outcome = outcome
            if outcome == "notice":
                omit |= self.required_left_out(offer)
                story.supplement = story.prereview + rng.randint(1, 5)
            story.accept = story.supplement or story.prereview
        elif force.get("missing", rng.random() < 0.1) and self.required_left_out(offer):
            omit |= self.required_left_out(offer)
            story.supplement = day + rng.randint(1, 5)
            story.accept = story.supplement
        deferrable = self.deferrable_lines(offer)
        if deferrable and force.get("deferred", rng.random() < 0.15) and story.supplement is None:
            omit |= deferrable
            plan.commitment = channel != Channel.ONLINE
        plan.omit = frozenset(omit)
        a = story.accept
        joint = bool(offer.tasks)
        story.review = a if (joint or limit <= 1 or rng.random() < 0.6) else a + 1
        cursor = story.review
        paused = 0
        kinds = list(offer.special) if offer.special and rng.random() < 0.35 else []
        if not kinds and limit >= 3 and rng.random() < 0.05:
            kinds = ["supplement"]
        if force.get("pause"):
            kinds = [force["pause"]]
        if kinds and limit >= 2:
            start = cursor + rng.randint(0, max(0, limit // 3)) + (1 if joint else 0)
            end = start + rng.randint(2, 6)
            story.pause = (start, end, rng.choice(kinds))
            paused, cursor = end - start - 1, end
        late = force.get("late", rng.random() < 0.1)
        after_pause = cursor
        # A refusal waives the fees; where one cannot be waived, the plans do not refuse.
        may_refuse = all(waivable for _name, waivable in offer.fees)
        if joint:
            wanted = force.get("outcome") if may_refuse else "approve"
            cursor = self.plan_tasks(offer, story, a, paused, cursor, late, wanted)
        extension = 0
        if offer.extension and (force.get("extend") or (force.get("extend") is None and rng.random() < 0.3)):
            extension = rng.randint(max(1, offer.extension // 3), offer.extension)
            when = max(after_pause, a + paused + limit - rng.randint(1, 3))
            story.extend = (when, extension)
            cursor = max(cursor, when)
        budget = limit + extension + paused
        if offer.report_up:
            story.report = cursor + rng.randint(1, max(1, limit // 4))
            cursor = story.report + 2
        if late:
            decide = a + budget + rng.randint(1, 5)
        elif budget == 0:
            decide = a
        else:
            decide = a + rng.randint(max(1, budget * 2 // 5), budget)
        story.decide = max(decide, cursor)
        outcome = force.get("outcome") or (
            "withdraw"
            if rng.random() < 0.03
            else "deny"
            if rng.random() < 0.08 and offer.kind != "immediate"
            else "approve"
        )
        if story.tasks and any(not agrees for _d, _day, agrees in story.tasks):
            outcome = "deny"
            story.decide = max(day for _d, day, _ok in story.tasks) + rng.randint(0, 1)
        if outcome == "deny" and not may_refuse:
            outcome = "approve"
        if outcome == "withdraw":
            story.decide = story.review + rng.randint(0, 2)
        story.outcome = outcome
        story.deliver = story.decide + rng.choice([0, 0, 1, 1, 2, 3, 4])
        story.close = story.deliver + rng.choice([0, 0, 1, 1, 2, 3, 5])
        if not self.fits(a, budget + 3):
            return None
        plan.steps = self.steps(plan, story)
        return plan

    def plan_tasks(self, offer, story, a, paused, cursor, late, outcome) -> int:
        """Each department's opinion on a joint case: most in time, now and then one late or against."""
        rng = self.rng
        late_one = rng.randrange(len(offer.tasks)) if late else None
        deny_one = None
        if outcome == "deny" or (outcome is None and len(offer.tasks) > 1 and rng.random() < 0.06):
            deny_one = rng.randrange(1, len(offer.tasks)) if len(offer.tasks) > 1 else 0
        for index, (department, limit) in enumerate(offer.tasks):
            if limit == 0:
                day = a
            elif index == late_one:
                day = a + paused + limit + rng.randint(1, 3)
            else:
                day = rng.randint(cursor, max(cursor, a + paused + limit))
            story.tasks.append((department, max(day, cursor if limit else a), index != deny_one))
        if deny_one is not None:
            deny_day = story.tasks[deny_one][1]
            story.tasks = [t for t in story.tasks if t[1] <= deny_day]
        return max(cursor, *(day for _d, day, _ok in story.tasks))

    # --- showcase plans ---------------------------------------------------------------------------

    def open_case(self, offer: Offer, wanted: str, status: str, warning: str) -> Plan | None:
        """A case open today in `status` with the wanted warning, or None if the item cannot have it."""
        rng = self.rng
        extension = rng.randint(1, offer.extension) if status == Status.EXTENDED and offer.extension else 0
        if status == Status.EXTENDED and not extension:
            return None
        limit = offer.limit + extension
        threshold = offer.threshold(limit)
        if warning == Warning.NORMAL:
            if limit <= threshold:
                return None
            left = rng.randint(threshold + 1, limit)
        elif warning == Warning.YELLOW:
            left = rng.randint(0, min(threshold, limit))
        else:
            left = -rng.randint(1, 3)
        a = self.last - (limit - left)
        if status == Status.PAUSED:
            a = self.last - rng.randint(2, max(2, offer.limit))
            if not self.fits(a, limit):
                a = self.last - max(2, offer.limit)  # near the end of the loaded calendar
        if a < 1 or a > self.last or not self.fits(a, limit):
            return None
        channel, by, applicant = self.channel_for(offer, wanted)
        plan = Plan(
            offer, channel, by, applicant or self.applicant(offer, a), a, label=f"open:{status}:{warning}"
        )
        plan.omit = self.optional_left_out(offer)
        story = Story(accept=a)
        if channel == Channel.ONLINE:
            plan.day = a - 1
            story.prereview = a
        if status != Status.ACCEPTED:
            story.review = a
        if status == Status.EXTENDED:
            story.extend = (rng.randint(a, min(self.last, a + offer.limit)), extension)
        if status == Status.REPORTED_UP:
            story.report = rng.randint(a, self.last)
        if status == Status.PAUSED:
            kind = rng.choice(list(offer.special) or ["supplement"])
            story.pause = (rng.randint(a + 1 if offer.tasks else a, self.last), None, kind)
        if offer.tasks:  # the departments have given their opinion but the slowest, which is still at it
            slowest = max(range(len(offer.tasks)), key=lambda i: offer.tasks[i][1])
            for index, (department, limit_days) in enumerate(offer.tasks):
                if index == slowest:
                    continue
                day = a if limit_days == 0 or status == Status.PAUSED else a + rng.randint(0, limit_days)
                story.tasks.append((department, min(day, self.last), True))
        story.decide = None
        plan.steps = self.steps(plan, story)
        return plan

    # --- materials and fees -------------------------------------------------------------------------

    def optional_left_out(self, offer: Offer) -> frozenset[int]:
        return frozenset(
            line.material_id
            for line in offer.lines
            if line.requirement == "optional" and self.rng.random() < 0.6
        )

    @staticmethod
    def required_left_out(offer: Offer) -> set[int]:
        lines = [
            line for line in offer.lines if line.requirement == "required" and line.source == "applicant"
        ]
        return {lines[-1].material_id} if lines else set()

    @staticmethod
    def deferrable_lines(offer: Offer) -> set[int]:
        return {
            line.material_id
            for line in offer.lines
            if line.requirement == "deferrable" and line.source != "department"
        }

    def payment_method(self) -> str:
        return self.rng.choices(
            [PaymentMethod.MOBILE, PaymentMethod.CARD, PaymentMethod.CASH, PaymentMethod.TRANSFER],
            [55, 25, 12, 8],
        )[0]

    def settlement(self, plan: Plan, refused: bool) -> dict:
        """Which fees are paid and which waived, on what basis: a refusal waives all; a quarter of the ID
        card fees are waived for people on minimum living support. (Only the owed lines were charged:
        a property registration answered its use at intake.)"""
        waive, reason, basis = [], "", ""
        for name, waivable in plan.offer.fees:
            if refused and waivable:
                waive.append(name)
                reason, basis = REFUSAL_WAIVER, REFUSAL_WAIVER_BASIS
            elif waivable and "身份证" in name and self.rng.random() < 0.25:
                waive.append(name)
                reason, basis = reason or ID_CARD_WAIVER, basis or ID_CARD_WAIVER_BASIS
        return {"waive": waive, "reason": reason, "basis": basis, "method": self.payment_method()}

    # --- steps --------------------------------------------------------------------------------------

    def steps(self, plan: Plan, story: Story) -> list[Step]:
        """The story's steps in order, without those after the last day."""
        rng = self.rng
        offer, department = plan.offer, plan.offer.department
        clerk = rng.choice(self.staff.clerks)
        window = self.window_user(plan)
        online = plan.channel == Channel.ONLINE
        steps: list[Step] = []

        def add(day, who, action, **params):
            if day is not None:
                steps.append(Step(day, who, action, params))

        if online:
            outcome = story.prereview_outcome
            if outcome == "withdraw":
                add(story.prereview, plan.by, A.WITHDRAW, reason=rng.choice(WITHDRAWALS))
                return self._until_today(steps)
            if outcome == "return":
                reason, basis = return_reason(rng, offer)
                add(story.prereview, clerk, A.RETURN, reason=reason, basis=basis)
                return self._until_today(steps)
            if outcome == "notice":
                add(story.prereview, clerk, A.REQUEST_SUPPLEMENT)
                add(story.supplement, plan.by if rng.random() < 0.5 else clerk, A.SUPPLEMENT)
            else:
                add(story.prereview, clerk, A.ACCEPT)
        elif story.supplement is not None:
            add(story.supplement, window, A.SUPPLEMENT)
        has_fees = bool(offer.fees)
        settled = False
        if has_fees and plan.channel == Channel.WINDOW and story.outcome != "deny":
            add(story.accept, window, "settle_at_intake", **self.settlement(plan, False))
            settled = True
        if offer.kind == "immediate" and not offer.is_bundle:
            story.review = None  # decided on the day it is accepted
            story.decide = story.accept if story.decide is not None else None
            story.deliver = story.deliver and max(story.deliver, story.accept)
        add(story.review, self.handler(department), A.START_REVIEW)
        if story.pause:
            start, end, kind = story.pause
            add(start, self.handler(department), A.PAUSE, pause_kind=kind, reason=PAUSE_REASONS[kind])
            add(end, self.handler(department), A.RESUME)
        for task_department, day, agrees in story.tasks:
            if agrees:
                add(
                    day,
                    self.handler(task_department),
                    A.TASK_APPROVE,
                    department=task_department,
                    reason=rng.choice(TASK_OPINIONS),
                )
            else:
                add(
                    day,
                    self.handler(task_department),
                    A.TASK_DENY,
                    department=task_department,
                    reason=TASK_DENIAL,
                )
        if story.extend:
            add(
                story.extend[0],
                self.staff.chiefs[department],
                A.EXTEND,
                days=story.extend[1],
                reason=EXTENSION_REASON,
            )
        if story.report is not None:
            add(
                story.report,
                self.handler(department),
                A.REPORT_UP,
                reason=f"初审完毕，报送{offer.report_up}审批。",
            )
        if story.decide is not None:
            if story.outcome == "withdraw":
                who = plan.by if online and rng.random() < 0.6 else window
                add(story.decide, who, A.WITHDRAW, reason=rng.choice(WITHDRAWALS))
                return self._until_today(steps)
            if story.outcome == "deny":
                reason, basis = denial(rng, offer)
                add(story.decide, self.handler(department), A.DENY, reason=reason, basis=basis)
            else:
                add(story.decide, self.handler(department), A.APPROVE)
        if story.deliver is not None and story.decide is not None:
            if plan.omit & self.deferrable_lines(offer) and story.outcome == "approve":
                add(story.deliver, window, A.SUPPLY_DEFERRED)
            if has_fees and not settled:
                refused = story.outcome == "deny"
                action = "settle_after_delivery" if refused else "settle"
                add(story.deliver, clerk, action, **self.settlement(plan, refused))
            who, action, params = self.delivery(plan, window, department)
            add(story.deliver, who, action, **params)
            closer = self.handler(department) if plan.channel == Channel.AGENT else clerk
            if plan.channel == Channel.AGENT and plan.by in self.staff.agents.get("city", []):
                closer = clerk
            add(story.close, closer, A.CLOSE)
        return self._until_today(steps)

    def delivery(self, plan: Plan, window: str, department: str) -> tuple:
        rng = self.rng
        if plan.channel == Channel.AGENT:
            return window, A.DELIVER, {"delivery": Delivery.WINDOW}
        how = rng.choices([Delivery.ELECTRONIC, Delivery.POST, Delivery.WINDOW], [45, 30, 25])[0]
        if plan.channel == Channel.ONLINE and how == Delivery.WINDOW:
            how = Delivery.ELECTRONIC
        who = window if how != Delivery.ELECTRONIC else self.handler(department)
        params = {"delivery": how}
        if how == Delivery.POST:
            params["postal_number"] = f"11{rng.randrange(10**10, 10**11)}"
        return who, A.DELIVER, params

    def _until_today(self, steps: list[Step]) -> list[Step]:
        ordered = sorted(enumerate(steps), key=lambda pair: (pair[1].day, RANK[pair[1].action], pair[0]))
        kept, decided = [], False
        for _index, step in ordered:
            if step.day > self.last:
                break
            if decided and step.action not in AFTER_DECISION:
                continue  # planned for a decision that came earlier (a department said no)
            kept.append(step)
            if step.action in (A.WITHDRAW, A.RETURN):
                break  # nothing happens to a case after it is withdrawn or returned
            decided = decided or step.action in (A.APPROVE, A.DENY)
        return kept
