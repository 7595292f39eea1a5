"""The stories of a batch of generated cases, drawn with NumPy before any row is built.

Each case gets an item or bundle (by the hall's mix of kinds), a channel, who takes it in, an applicant,
and a planned path in working days: intake (accepted, asked once for a missing material, returned, or
pre-reviewed online), review, perhaps a pause, department opinions on a joint case, an extension or a
report to a higher authority, the decision (now and then late, refused or withdrawn), delivery and close.
The proportions are those of the demo cases (`demo.cases.plans`). A path may reach past today: `paths` keeps
only what has happened by then, which is what leaves the recent cases open.
"""

from datetime import date

import numpy as np

from onewindow.cases.choices import Action
from onewindow.demo.cases.texts import (
    EXTENSION_REASON,
    PAUSE_REASONS,
    TASK_DENIAL,
    TASK_OPINIONS,
    WITHDRAWALS,
)

from . import people
from .clock import NONE
from .codes import AGENT as AGENT_CHANNEL
from .codes import API, DELIVERIES, ONLINE, PAUSE_KINDS, WINDOW, A
from .plan import Catalog, Plan, Step, Texts
from .world import COOPERATIVE_LINES, World

# The hall's mix of kinds, and of channels for immediate and other cases: window, API, agent, online.
GROUP_WEIGHTS = [30, 53, 5, 7, 5]
CHANNEL_MIX = {True: [0.74, 0.02, 0.14, 0.10], False: [0.57, 0.03, 0.22, 0.18]}
# Who files proxy cases (seed 001, Xintai: 46,397 of 54,620, 85%, at the town level, towns and villages
# together): the tier among those an item is proxied at, by these weights; an item proxied only in the
# city mostly goes to its window instead. On the demo catalog the town level comes out near 85%.
AGENT_TIER_WEIGHTS = {"city": 0.10, "town": 0.65, "village": 0.25}
CITY_ONLY_TO_WINDOW = 0.9
TOWN_SHARE = 0.2  # of window intake at a town center, for items the towns handle
DELIVERY_MIX = [0.45, 0.30, 0.25]  # electronic, post, window
AFTER_DAYS = np.array([0, 0, 1, 1, 2, 3, 4])  # decision to delivery
CLOSE_DAYS = np.array([0, 0, 1, 1, 2, 3, 5])  # delivery to close


def _tier(tiers: list[str], u: float) -> str:
    """The tier of the agent who files, by `AGENT_TIER_WEIGHTS` among the tiers the item is proxied at."""
    weights = [AGENT_TIER_WEIGHTS[t] for t in tiers]
    point, total = u * sum(weights), 0.0
    for tier, weight in zip(tiers, weights, strict=True):
        total += weight
        if point < total:
            return tier
    return tiers[-1]


def _pick(rng: np.random.Generator, options: list[list[int]], group: np.ndarray) -> np.ndarray:
    """For each row, a random element of options[group[row]] (0 where that list is empty)."""
    sizes = np.array([len(o) for o in options], dtype=np.int64)
    flat = np.array([x for o in options for x in o] or [0], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    k = (rng.random(len(group)) * np.maximum(sizes[group], 1)).astype(np.int64)
    return np.where(sizes[group] > 0, flat[np.minimum(starts[group] + k, len(flat) - 1)], 0)


def _slots(ids: list[int], default: int = 0, size: int = 0) -> np.ndarray:
    """A lookup array from an id (below `size`) to its position in `ids`; others map to `default`."""
    table = np.full(max(size, max(ids, default=0) + 1), default, dtype=np.int64)
    table[ids] = np.arange(len(ids))
    return table


def _choose(rng, weights, n: int) -> np.ndarray:
    """n indices drawn by weight (faster than Generator.choice with p)."""
    cumulative = np.cumsum(np.asarray(weights, dtype=float))
    return np.minimum(
        np.searchsorted(cumulative, rng.random(n) * cumulative[-1], side="right"), len(cumulative) - 1
    )


def _between(rng, low, high):
    """Uniform integers in [low, high] (arrays)."""
    return rng.integers(low, np.maximum(low, high) + 1)


class Planner:
    def __init__(self, world: World, catalog: Catalog, texts: Texts, today: date, seed: int):
        self.world, self.catalog, self.texts = world, catalog, texts
        self.today, self.seed = today, seed
        self.departments = sorted({d for d in world.handlers})
        self.department_index = {d: i for i, d in enumerate(self.departments)}
        self.handler_lists = [world.handlers[d] for d in self.departments]
        self.bodies = sorted(world.clerks)
        self.body_index = {b: i for i, b in enumerate(self.bodies)}
        self.clerk_lists = [world.clerks[b] for b in self.bodies]
        people_count = len(world.people.user_ids)
        self.window_of = np.full(people_count, NONE, dtype=np.int64)
        self.body_of = np.zeros(people_count, dtype=np.int64)
        for person, window in world.window_of.items():
            self.window_of[person] = NONE if window is None else window
        for person, body in world.body_of.items():
            self.body_of[person] = body
        self.department_slot = _slots(self.departments)
        known_bodies = [*world.area_of_body, *(o.body_id for o in world.offers)]
        self.body_slot = _slots(self.bodies, self.body_index[world.center_id], max(known_bodies) + 1)
        self.pause_notes = {kind: texts.notes.code(reason) for kind, reason in PAUSE_REASONS.items()}
        self.withdrawals = texts.notes.codes(WITHDRAWALS)
        self.opinions = texts.notes.codes(TASK_OPINIONS)
        self.task_denial = texts.notes.code(TASK_DENIAL)
        self.extension_note = texts.notes.code(EXTENSION_REASON)
        self.channel_details = [
            texts.details.json({"channel": str(c)}) for c in ("window", "api", "agent", "online")
        ]
        self.accept_details = [
            texts.details.json({"deferred": False}),
            texts.details.json({"deferred": True}),
        ]
        self.delivery_details = [texts.details.json({"delivery": str(d)}) for d in DELIVERIES]
        self.accounts = {}
        for kind, accounts in world.citizens.items():
            fields = {
                name: np.array([holder[name] for _person, holder in accounts], dtype=object)
                for name in ("kind", "name", "id_number", "phone", "legal_representative", "contact_name")
            }
            fields["digest"] = people.digests(fields["id_number"]) if accounts else np.array([], dtype=object)
            self.accounts[kind] = (np.array([person for person, _holder in accounts], dtype=np.int64), fields)

    # --- who --------------------------------------------------------------------------------------

    def handlers(self, rng, departments: np.ndarray) -> np.ndarray:
        return _pick(rng, self.handler_lists, self.department_slot[departments])

    def clerks(self, rng, bodies: np.ndarray) -> np.ndarray:
        return _pick(rng, self.clerk_lists, self.body_slot[bodies])

    # --- a batch ----------------------------------------------------------------------------------

    def plan(self, rng: np.random.Generator, days: np.ndarray, serial_base: int) -> Plan:
        """The cases submitted on `days` (working-day indices, one per case, ascending)."""
        n = len(days)
        cat, world = self.catalog, self.world
        offer = self._offers(rng, n)
        group = cat.group[offer]
        immediate = group == 0
        channel = self._channels(rng, offer, immediate)

        # Where and by whom it is taken in.
        body = np.full(n, world.center_id, dtype=np.int64)
        towns = world.town_centers
        at_town = (channel == WINDOW) & cat.at_towns[offer] & (rng.random(n) < TOWN_SHARE) & bool(towns)
        if towns:
            body[at_town] = np.array(towns)[rng.integers(0, len(towns), at_town.sum())]
        on_the_spot = immediate & (channel == WINDOW) & ~at_town & (cat.chief[offer] > 0)
        receiver = np.zeros(n, dtype=np.int64)
        staffed = (channel == WINDOW) | (channel == API)
        receiver[staffed] = self.clerks(rng, body[staffed])
        receiver[on_the_spot] = cat.chief[offer][on_the_spot]
        agent = np.zeros(n, dtype=np.int64)
        by_agent = channel == AGENT_CHANNEL
        if by_agent.any():
            rows = np.flatnonzero(by_agent)
            tier_lists = [cat.agent_tiers[o] for o in offer[rows].tolist()]
            chosen = [_tier(tiers, u) for tiers, u in zip(tier_lists, rng.random(len(rows)), strict=True)]
            agent[rows] = [
                world.agents[t][int(u * len(world.agents[t]))]
                for t, u in zip(chosen, rng.random(len(rows)), strict=True)
            ]
            receiver[rows] = agent[rows]
            body[rows] = self.body_of[agent[rows]]
        online = channel == ONLINE
        body[online] = cat.body[offer[online]]
        window = np.where((channel == AGENT_CHANNEL) | online, NONE, self.window_of[receiver])

        # Who applies.
        applicants, citizen = self._applicants(rng, offer, online, serial_base)

        # When it is submitted: online at any hour, at the window in office hours; sorted, the batch's
        # ids and daily numbers follow the clock.
        pre = days + np.where(online, rng.choice([0, 0, 1, 1, 2], n), 0)
        same_day_review = online & (pre == days)
        minute = np.where(
            online,
            rng.integers(7 * 60, np.where(same_day_review, 14 * 60, 23 * 60)),
            rng.integers(8 * 60 + 40, 15 * 60 + 50),
        )
        order = np.lexsort((minute, days))
        plan_rows = dict(
            offer=offer, group=group, immediate=immediate, channel=channel, body=body, at_town=at_town,
            on_the_spot=on_the_spot, receiver=receiver, agent=agent, window=window, citizen=citizen,
            pre=pre, minute=minute,
        )  # fmt: skip
        rows = {name: value[order] for name, value in plan_rows.items()}
        applicants = people.Applicants(**{k: v[order] for k, v in vars(applicants).items()})
        return self._paths(rng, days, rows, applicants)

    def _offers(self, rng, n: int) -> np.ndarray:
        weights = np.array(
            [w if len(self.catalog.by_group[g][0]) else 0 for g, w in enumerate(GROUP_WEIGHTS)], dtype=float
        )
        group = _choose(rng, weights, n)
        offer = np.zeros(n, dtype=np.int64)
        for g, (members, probabilities) in enumerate(self.catalog.by_group):
            rows = np.flatnonzero(group == g)
            if len(rows):
                offer[rows] = members[_choose(rng, probabilities, len(rows))]
        return offer

    def _channels(self, rng, offer, immediate) -> np.ndarray:
        cat = self.catalog
        channel = np.where(
            immediate,
            _choose(rng, CHANNEL_MIX[True], len(offer)),
            _choose(rng, CHANNEL_MIX[False], len(offer)),
        )
        no_agent = np.array([not tiers for tiers in cat.agent_tiers])[offer]
        city_only = np.array([tiers == ["city"] for tiers in cat.agent_tiers])[offer]
        channel[(channel == ONLINE) & ~cat.online[offer]] = WINDOW
        channel[(channel == AGENT_CHANNEL) & no_agent] = WINDOW
        # most people near a town or village agent carry an item proxied only in the city to its window
        walk_in = (channel == AGENT_CHANNEL) & city_only & (rng.random(len(offer)) < CITY_ONLY_TO_WINDOW)
        channel[walk_in] = WINDOW
        return channel

    def _applicants(self, rng, offer, online, serial_base: int):
        """People of the right age, or firms of the item's line; an online applicant with an account
        applies as the account's holder."""
        cat, n = self.catalog, len(offer)
        firm = cat.for_firms[offer]
        applicants = people.Applicants.empty(n)
        citizen = np.zeros(n, dtype=np.int64)
        for kind, (accounts, fields) in self.accounts.items():
            rows = np.flatnonzero(online & (firm == (kind == "organisation")))
            if len(rows) and len(accounts):
                chosen = rng.integers(0, len(accounts), len(rows))
                citizen[rows] = accounts[chosen]
                for name, values in fields.items():
                    getattr(applicants, name)[rows] = values[chosen]
        own = citizen == 0

        rows = np.flatnonzero(~firm & own)
        persons = people.people(rng, self.today, cat.age_low[offer[rows]], cat.age_high[offer[rows]])
        # Some people come back within the batch for another item (those of the usual ages).
        usual = (cat.age_low[offer[rows]] == 20) & (cat.age_high[offer[rows]] == 65)
        again = usual & (rng.random(len(rows)) < 0.15)
        earlier = np.flatnonzero(usual)
        if len(earlier) and again.any():
            chosen = earlier[rng.integers(0, len(earlier), again.sum())]
            for name in vars(persons):
                getattr(persons, name)[again] = getattr(persons, name)[chosen]
        applicants.put(rows, persons)

        # Firms: most are new, some apply again for their next licence (same line of business).
        rows = np.flatnonzero(firm & own)
        serials = serial_base + np.arange(len(rows))
        industries = cat.industry[offer[rows]]
        for industry in np.unique(industries).tolist():
            same = np.flatnonzero(industries == industry)
            pool = max(1, int(len(same) * 0.75))
            serials[same] = serials[same[:pool]][rng.integers(0, pool, len(same))]
        applicants.put(rows, people.firms(serials, industries, COOPERATIVE_LINES))
        return applicants, citizen

    # --- paths ------------------------------------------------------------------------------------

    def _paths(self, rng, days, rows, applicants) -> Plan:
        cat, n = self.catalog, len(days)
        offer, channel, body = rows["offer"], rows["channel"], rows["body"]
        online, on_the_spot = channel == ONLINE, rows["on_the_spot"]
        department = cat.department[offer]
        limit = cat.limit[offer]
        steps = {name: Step.empty(n) for name in (
            "submit", "intake", "after_notice", "review", "pause", "resume",
            "extend", "report", "decide", "supply_deferred", "deliver", "close",
        )}  # fmt: skip
        every = np.arange(n)
        window_user = np.where(channel == AGENT_CHANNEL, rows["agent"], self.clerks(rng, body))
        citizen = rows["citizen"]
        applicant_or_clerk = np.where(citizen > 0, citizen, window_user)
        reason_pick = rng.random(n)

        steps["submit"].set(
            every,
            days,
            A[Action.SUBMIT],
            actor=np.where(online, citizen, rows["receiver"]),
            details=np.array(self.channel_details)[channel],
        )

        # Intake: returned, asked once for a missing material, accepted (perhaps deferred); online, the
        # window pre-reviews it a day or two later, or the applicant withdraws.
        roll = rng.random(n)
        intake_day = np.where(online, rows["pre"], days)
        can_notice = cat.notice_line[offer] >= 0
        returned = np.where(
            online, roll < 0.04, ((channel == WINDOW) | (channel == API)) & (roll < 0.04) & ~on_the_spot
        )
        notice = (
            ~returned
            & ~on_the_spot
            & can_notice
            & np.where(online, roll < 0.13, (roll >= 0.04) & (roll < 0.14))
        )
        withdrawn_online = online & (roll >= 0.13) & (roll < 0.15)
        accepted_now = ~returned & ~notice & ~withdrawn_online
        deferred = accepted_now & ~on_the_spot & (cat.deferrable_line[offer] >= 0) & (rng.random(n) < 0.15)
        intake_actor = np.where(online, self.clerks(rng, body), rows["receiver"])
        returns = self._reasons(cat.returns, offer, reason_pick)
        steps["intake"].set(returned, intake_day, A[Action.RETURN], intake_actor, returns[0], returns[1])
        steps["intake"].set(
            notice, intake_day, A[Action.REQUEST_SUPPLEMENT], intake_actor, details=cat.notice_details[offer]
        )
        steps["intake"].set(
            withdrawn_online, intake_day, A[Action.WITHDRAW], citizen, self._withdrawal(rng, n)
        )
        steps["intake"].set(
            accepted_now,
            intake_day,
            A[Action.ACCEPT],
            intake_actor,
            details=np.array(self.accept_details)[deferred.astype(int)],
        )

        # After a one-time notice: the material comes, or the application is returned or withdrawn.
        after = rng.random(n)
        supplied = notice & (after < 0.90)
        given_up = notice & (after >= 0.90) & (after < 0.94)
        dropped = notice & (after >= 0.94)
        steps["after_notice"].set(
            supplied,
            intake_day + rng.integers(1, 6, n),
            A[Action.SUPPLEMENT],
            np.where(online & (rng.random(n) < 0.5), applicant_or_clerk, window_user),
            details=cat.supplement_details[offer],
        )
        returner = np.where(channel == AGENT_CHANNEL, self.handlers(rng, department), self.clerks(rng, body))
        steps["after_notice"].set(
            given_up, intake_day + rng.integers(3, 11, n), A[Action.RETURN], returner, *returns[:2]
        )
        steps["after_notice"].set(
            dropped,
            intake_day + rng.integers(1, 11, n),
            A[Action.WITHDRAW],
            applicant_or_clerk,
            self._withdrawal(rng, n),
        )
        accepted = accepted_now | supplied
        a = np.where(supplied, steps["after_notice"].day, intake_day)

        # Handling: review, a pause, opinions of a joint case's departments, extension, report-up.
        immediate = rows["immediate"]
        handled = accepted & ~immediate
        joint = cat.n_tasks[offer] > 0
        review = a + np.where(joint | (limit <= 1) | (rng.random(n) < 0.6), 0, 1)
        outcome = rng.random(n)
        withdraw = handled & (outcome < 0.03)
        deny = handled & (outcome >= 0.03) & (outcome < 0.11)
        special = cat.special_count[offer] > 0
        pause_roll = rng.random(n)
        pause = (
            handled
            & ~withdraw
            & (limit >= 2)
            & ((special & (pause_roll < 0.35)) | ((limit >= 3) & (pause_roll >= 0.95)))
        )
        pause_day = review + _between(rng, 0, limit // 3) + joint
        resume_day = pause_day + rng.integers(2, 7, n)
        kind_pick = rng.random(n)
        chosen_special = special & (pause_roll < 0.35)
        count = np.maximum(cat.special_count[offer], 1)
        pause_kind = np.where(
            chosen_special,
            cat.special_kinds[offer, np.minimum((kind_pick * count).astype(np.int64), count - 1)],
            PAUSE_KINDS.index("supplement"),
        )
        paused = np.where(pause, resume_day - pause_day - 1, 0)
        cursor = np.where(pause, resume_day, review)
        late = rng.random(n) < 0.10

        def handler():  # someone of the department, drawn afresh for each step
            return self.handlers(rng, department)

        steps["review"].set(handled, review, A[Action.START_REVIEW], handler())
        pause_note = np.array(
            [self.pause_notes.get(PAUSE_KINDS[k], 0) for k in pause_kind.tolist()], dtype=np.int64
        )
        steps["pause"].set(pause, pause_day, A[Action.PAUSE], handler(), pause_note, pause_kind=pause_kind)
        steps["resume"].set(pause, resume_day, A[Action.RESUME], handler())

        task_steps, tasks_end, deny = self._tasks(
            rng, offer, handled & joint, a, paused, cursor, late, deny, withdraw
        )
        # An extension, asked for once it is clear the limit will not do (most cases that will be late).
        wanted = rng.random(n)
        extension = np.where(
            handled & ~withdraw & (cat.extension[offer] > 0) & ((wanted < 0.35) | (late & (wanted < 0.9))),
            _between(rng, np.maximum(1, cat.extension[offer] // 3), cat.extension[offer]),
            0,
        )
        extend_day = np.maximum(
            tasks_end, a + paused + _between(rng, limit // 2, np.maximum(limit - 1, limit // 2))
        )
        chiefs = cat.chief[offer]
        steps["extend"].set(
            extension > 0, extend_day, A[Action.EXTEND], chiefs, self.extension_note, days=extension
        )
        cursor = np.where(extension > 0, extend_day, tasks_end)
        report = handled & ~withdraw & cat.report[offer]
        report_day = np.maximum(cursor, review + _between(rng, 1, np.maximum(1, limit // 4)))
        steps["report"].set(
            report,
            report_day,
            A[Action.REPORT_UP],
            handler(),
            cat.report_note[offer],
            cat.report_details[offer],
        )
        cursor = np.where(report, report_day + 2, cursor)

        # The decision: in time, late, refused or withdrawn; then delivery and close.
        budget = limit + extension + paused
        planned = np.where(
            late,
            a + budget + rng.integers(1, 6, n),
            np.where(budget == 0, a, a + _between(rng, np.maximum(1, budget * 2 // 5), budget)),
        )
        decide = np.maximum(planned, cursor)
        decide = np.where(deny & joint, np.maximum(cursor, tasks_end + rng.integers(0, 2, n)), decide)
        decide = np.where(withdraw, review + rng.integers(0, 3, n), decide)
        decide = np.where(immediate, a, decide)
        for step in task_steps:  # a withdrawn case keeps only the opinions given before
            dropped = withdraw & (step.day > decide)
            step.day[dropped], step.action[dropped] = NONE, NONE
        approve = accepted & ~deny & ~withdraw
        denials = self._reasons(cat.denials, offer, reason_pick)
        steps["decide"].set(
            approve, decide, A[Action.APPROVE], np.where(on_the_spot, rows["receiver"], handler())
        )
        steps["decide"].set(accepted & deny, decide, A[Action.DENY], handler(), denials[0], denials[1])
        steps["decide"].set(
            withdraw,
            decide,
            A[Action.WITHDRAW],
            np.where(online & (rng.random(n) < 0.6), applicant_or_clerk, window_user),
            self._withdrawal(rng, n),
        )

        delivered = accepted & ~withdraw
        deliver_day = np.where(on_the_spot, decide, decide + rng.choice(AFTER_DAYS, n))
        close_day = np.where(on_the_spot, deliver_day, deliver_day + rng.choice(CLOSE_DAYS, n))
        steps["supply_deferred"].set(
            delivered & ~deny & deferred,
            deliver_day,
            A[Action.SUPPLY_DEFERRED],
            window_user,
            details=cat.deferred_details[offer],
        )
        delivery = _choose(rng, DELIVERY_MIX, n)
        delivery[online & (delivery == 2)] = 0
        delivery[(channel == AGENT_CHANNEL) | on_the_spot] = 2
        deliver_actor = np.where(delivery == 0, handler(), window_user)
        deliver_actor = np.where(on_the_spot, rows["receiver"], deliver_actor)
        steps["deliver"].set(
            delivered,
            deliver_day,
            A[Action.DELIVER],
            deliver_actor,
            details=np.array(self.delivery_details)[delivery],
        )
        city_agent = np.isin(rows["agent"], self.world.agents.get("city", []))
        closer = np.where((channel == AGENT_CHANNEL) & ~city_agent, handler(), self.clerks(rng, body))
        closer = np.where(on_the_spot, rows["receiver"], closer)
        steps["close"].set(delivered, close_day, A[Action.CLOSE], closer)
        postal = np.where(
            delivery == 1,
            np.char.add("11", rng.integers(10**10, 10**11, n).astype(str)).astype(object),
            "",
        ).astype(object)

        reason = np.where(deny, denials[0], returns[0])
        basis = np.where(deny, denials[2], returns[2])
        return Plan(
            day=days,
            minute=rows["minute"],
            offer=offer,
            channel=channel,
            body=body,
            receiver=rows["receiver"],
            window=rows["window"],
            agent=rows["agent"],
            citizen=citizen,
            on_the_spot=on_the_spot,
            deferred=deferred,
            notice=notice,
            delivery=delivery,
            postal_number=postal,
            query_code=np.char.zfill(rng.integers(0, 1_000_000, n).astype(str), 6).astype(object),
            lines=rng.integers(1, np.maximum(cat.line_count[offer], 1) + 1),
            applicants=applicants,
            reason=reason,
            basis=basis,
            steps=steps,
            task_steps=task_steps,
        )

    def _reasons(
        self, table: list[list[tuple]], offer: np.ndarray, pick: np.ndarray
    ) -> tuple[np.ndarray, ...]:
        """(note, details, basis) codes of one of each offer's reasons."""
        sizes = np.array([len(options) for options in table])
        k = (pick * sizes[offer]).astype(np.int64)
        flat = [option for options in table for option in options]
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        chosen = np.array(flat, dtype=np.int64)[starts[offer] + k]
        return chosen[:, 0], chosen[:, 1], chosen[:, 2]

    def _withdrawal(self, rng, n: int) -> np.ndarray:
        return self.withdrawals[rng.integers(0, len(self.withdrawals), n)]

    def _tasks(self, rng, offer, joint, a, paused, cursor, late, deny, withdraw):
        """The departments' opinions on joint cases, in the order they come: most in time, now and then
        one late; where one department says no, the lead department refuses."""
        cat, n = self.catalog, len(offer)
        width = cat.max_tasks
        count = np.where(joint, cat.n_tasks[offer], 0)
        limits = cat.task_limit[offer] if width else np.zeros((n, 0), dtype=np.int64)
        number = np.arange(width)[None, :] if width else np.zeros((1, 0), dtype=np.int64)
        exists = number < count[:, None]
        late_one = np.where(late & joint, (rng.random(n) * np.maximum(count, 1)).astype(np.int64), NONE)
        deny_one = np.where(
            joint & (count > 1) & (rng.random(n) < 0.06) & ~withdraw,
            1 + (rng.random(n) * np.maximum(count - 1, 1)).astype(np.int64),
            NONE,
        )
        due = a[:, None] + paused[:, None] + limits
        in_time = rng.integers(cursor[:, None], np.maximum(cursor[:, None], due) + 1, size=(n, max(width, 0)))
        days = np.where(number == late_one[:, None], due + rng.integers(1, 4, (n, width)), in_time)
        days = np.where(limits == 0, a[:, None], days)
        days = np.maximum(days, cursor[:, None])
        # A withdrawn case keeps only the opinions given before it was withdrawn (decided later).
        days = np.where(exists, days, NONE)
        deny = deny | (deny_one != NONE)
        sort_key = np.where(days == NONE, np.iinfo(np.int64).max, days * 64 + number)
        order = np.argsort(sort_key, axis=1, kind="stable")
        steps = []
        for k in range(width):
            t = order[:, k] if width else np.zeros(n, dtype=np.int64)
            day = days[np.arange(n), t]
            step = Step.empty(n)
            rows = (day != NONE) & joint
            departments = cat.task_department[offer, t]
            denies = t == deny_one
            note = np.where(denies, self.task_denial, self.opinions[rng.integers(0, len(self.opinions), n)])
            step.set(
                rows,
                day,
                np.where(denies, A[Action.TASK_DENY], A[Action.TASK_APPROVE]),
                self.handlers(rng, departments),
                note,
                cat.task_note[offer, t],
                task=t,
            )
            steps.append(step)
        tasks_end = np.maximum(cursor, np.where(exists, days, NONE).max(axis=1, initial=NONE))
        return steps, tasks_end, deny
