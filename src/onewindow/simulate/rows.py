"""The rows of a walked batch: cases, their timeline events, joint-case tasks and checklist lines, with
the stored fields the services would have written along the way (clock figures, visits, version,
delivery, reasons) and ids given by the generator.
"""

from dataclasses import dataclass

import numpy as np

from onewindow.cases.choices import OPEN_STATUSES, Action, Provision, TaskStatus
from onewindow.timelimits.choices import ClockState, Warning

from . import clock
from . import columns as col
from .codes import ACTIONS, API, CHANNELS, CLOCKS, DELIVERIES, ONLINE, PAUSE_KINDS, STATUSES, WINDOW, A
from .columns import Rows
from .numbers import Numbers
from .paths import Walk
from .plan import Catalog, Plan, Texts
from .workdays import Span
from .world import World

NONE = clock.NONE
_OPEN = np.array([status in OPEN_STATUSES for status in STATUSES])
_TASK_STATUSES = [TaskStatus.OPEN, TaskStatus.APPROVED, TaskStatus.DENIED]
_CLOCK_STATES = [ClockState.NONE, *clock.STATES]  # code 0: no clock (never accepted)
_SUPPLEMENT = PAUSE_KINDS.index("supplement")


@dataclass
class Ids:
    """The next id of each table."""

    case: int
    event: int
    task: int
    material: int


@dataclass
class Batch:
    rows: list[Rows]
    status: np.ndarray  # per case
    warning: np.ndarray  # per case, code in clock.WARNINGS
    events: int
    tasks: int
    materials: int


class Builder:
    """Turns walked batches into rows; holds what stays the same across batches."""

    def __init__(self, world: World, catalog: Catalog, texts: Texts, span: Span, numbers: Numbers):
        self.world, self.catalog, self.texts, self.span, self.numbers = world, catalog, texts, span, numbers
        users = world.people.user_ids
        self.user_id = np.array([NONE if u is None else u for u in users], dtype=np.int64)
        self.labels = world.people.labels
        window_staff = set()
        for clerks in world.clerks.values():
            window_staff.update(clerks)
        window_staff.update(world.chiefs.values())
        self.window_staff = np.isin(np.arange(len(users)), list(window_staff))
        self.areas = np.array([world.area_of_body[b] for b in sorted(world.area_of_body)], dtype=object)
        self.area_of_body = world.area_of_body
        offers = catalog.offers
        self.material_names = [line.name for o in offers for line in o.lines]
        self.line_count = np.array([len(o.lines) for o in offers])
        self.line_start = np.concatenate([[0], np.cumsum(self.line_count)[:-1]])
        self.line_material = np.array([line.material_id for o in offers for line in o.lines], dtype=np.int64)
        self.line_order = np.array([line.sort_order for o in offers for line in o.lines], dtype=np.int64)
        self.line_shared = np.array([line.source == "department" for o in offers for line in o.lines])
        self.requirements = sorted({line.requirement for o in offers for line in o.lines})
        self.line_requirement = np.array(
            [self.requirements.index(line.requirement) for o in offers for line in o.lines], dtype=np.int64
        )
        self.titles = [o.title for o in offers]
        self.kinds = sorted({o.kind for o in offers})
        self.offer_kind = np.array([self.kinds.index(o.kind) for o in offers])
        self.task_titles = [t.title for o in offers for t in o.tasks] or [""]
        self.task_start = np.concatenate([[0], np.cumsum(catalog.n_tasks)[:-1]])
        self.task_version = np.array([t.version_id for o in offers for t in o.tasks] or [0], dtype=np.int64)
        self.task_lead = np.array([t.is_lead for o in offers for t in o.tasks] or [False])

    # --- helpers ------------------------------------------------------------------------------------

    def seconds(self, day: np.ndarray, minute: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Seconds since 1970 (UTC) of a local time on a working day (index)."""
        epoch_days = self.span.epoch_days(self.span.workdays[day])
        return epoch_days * 86400 + minute * 60 + second - self.span.utc_offsets[day]

    def step_seconds(self, walk: Walk, plan: Plan, name: str) -> np.ndarray:
        minute, second = walk.clock_time[name]
        day = np.where(walk.taken[name], plan.steps[name].day, 0)
        return self.seconds(day, minute, second)

    def offset(self, walk: Walk, plan: Plan, name: str) -> np.ndarray:
        """Calendar offset of the day a step was taken, NONE where it was not."""
        taken = walk.taken[name]
        return np.where(taken, self.span.workdays[np.where(taken, plan.steps[name].day, 0)], NONE)

    def _day(self, name: str, offsets: np.ndarray) -> col.Column:
        """A date column of calendar offsets, NULL where NONE."""
        return col.dates(name, self.span.epoch_days(np.maximum(offsets, 0)), null=offsets == NONE)

    # --- a batch ------------------------------------------------------------------------------------

    def build(self, plan: Plan, walk: Walk, ids: Ids) -> Batch:
        n, cat, span = plan.size, self.catalog, self.span
        steps, taken = plan.steps, walk.taken
        offer = plan.offer
        case_id = ids.case + np.arange(n)

        # Acceptance and the clock.
        accepted_now = taken["intake"] & (steps["intake"].action == A[Action.ACCEPT])
        supplied = taken["after_notice"] & (steps["after_notice"].action == A[Action.SUPPLEMENT])
        accepted = accepted_now | supplied
        accepted_off = np.where(
            accepted_now, self.offset(walk, plan, "intake"), self.offset(walk, plan, "after_notice")
        )
        paused = self.offset(walk, plan, "pause")
        resumed = self.offset(walk, plan, "resume")
        extended = np.where(taken["extend"], steps["extend"].days, 0)
        decided = self.offset(walk, plan, "decide")
        restarts = cat.restarts[offer] & (steps["pause"].pause_kind == _SUPPLEMENT)
        limit = cat.limit[offer]
        a = np.flatnonzero(accepted)
        reading = clock.read(
            span,
            limit=(limit + extended)[a],
            accepted=accepted_off[a],
            paused=paused[a],
            resumed=resumed[a],
            restarts=restarts[a],
            finished=decided[a],
            threshold=cat.yellow[offer][a],
        )
        deadline = np.full(n, NONE)
        deadline[a] = reading.deadline
        remaining = np.zeros(n, dtype=np.int64)
        remaining[a] = reading.remaining
        known = np.zeros(n, dtype=bool)
        known[a] = reading.known
        state = np.zeros(n, dtype=np.int64)
        state[a] = reading.state + 1
        warning = np.zeros(n, dtype=np.int64)
        warning[a] = reading.warning
        late = np.zeros(n, dtype=bool)
        late[a] = reading.finished_late
        schedule = np.full((2, n), NONE)  # yellow day, sort day
        schedule[:, a] = reading.yellow, reading.due

        tasks, task_id_of, task_warning = self._tasks(
            plan, walk, ids, accepted, accepted_off, paused, resumed, restarts
        )
        open_case = _OPEN[walk.status]
        warning = np.where(open_case, np.maximum(warning, task_warning), warning)

        events = self._events(plan, walk, ids, case_id, task_id_of)
        materials = self._materials(plan, walk, ids, case_id)
        cases = self._cases(
            plan, walk, case_id, accepted, accepted_off, deadline, remaining, known, state, warning, late,
            extended, decided, schedule,
        )  # fmt: skip
        ids.case += n
        return Batch(
            rows=[cases, tasks, events, materials],
            status=walk.status,
            warning=warning,
            events=events.count,
            tasks=tasks.count,
            materials=materials.count,
        )

    def _cases(self, plan, walk, case_id, accepted, accepted_off, deadline, remaining, known, state, warning,
               late, extended, decided, schedule) -> Rows:  # fmt: skip
        n, cat, span, texts = plan.size, self.catalog, self.span, self.texts
        steps, taken, offer = plan.steps, walk.taken, plan.offer
        offers = cat.offers
        events = walk.events
        event_seconds = self.seconds(events.day, events.minute, events.second)
        submitted = event_seconds[walk.first_event]
        updated = event_seconds[walk.first_event + walk.event_count - 1]
        areas = np.array([self.area_of_body[b] for b in plan.body.tolist()], dtype=object)
        numbers = self.numbers.assign(areas, plan.day)
        channel = plan.channel
        agent_case = plan.agent > 0

        # Visits: at the window for intake, and again to hand in a material or fetch the result there.
        def at_window(name):
            return taken[name] & self.window_staff[plan.steps[name].actor] & ~agent_case

        visits = (
            ((channel == WINDOW) | (channel == API)).astype(np.int64)
            + (at_window("after_notice") & (steps["after_notice"].action == A[Action.SUPPLEMENT]))
            + at_window("supply_deferred")
            + (at_window("deliver") & (plan.delivery == DELIVERIES.index("window")) & ~plan.on_the_spot)
        )
        # Version: one more for every action after intake (intake itself writes version 1).
        at_intake = 1 + np.where(channel == ONLINE, 0, taken["intake"].astype(np.int64))
        at_intake += np.where(plan.on_the_spot, walk.event_count - at_intake, 0)
        version = 1 + walk.event_count - at_intake

        deferred_accept = taken["intake"] & plan.deferred
        still_deferred = deferred_accept & ~taken["supply_deferred"]
        returned = (taken["intake"] & (steps["intake"].action == A[Action.RETURN])) | (
            taken["after_notice"] & (steps["after_notice"].action == A[Action.RETURN])
        )
        denied = taken["decide"] & (steps["decide"].action == A[Action.DENY])
        with_reason = returned | denied
        reported = taken["report"]
        answered = reported & taken["decide"]
        delivered = taken["deliver"]
        clock_kept = accepted & known
        finished = clock_kept & (decided != NONE)
        status_paused = walk.status == STATUSES.index("paused")
        user = self.user_id

        applicants = plan.applicants
        columns = [
            col.ints("id", case_id),
            col.texts("number", numbers),
            col.texts("query_code", plan.query_code),
            col.ints("version", version),
            col.coded("status", walk.status, STATUSES),
            col.coded("kind", self.offer_kind[offer], self.kinds),
            col.coded("channel", channel, CHANNELS),
            col.coded("title", offer, self.titles),
            col.coded(
                "applicant_kind",
                (applicants.kind == "organisation").astype(np.int64),
                ["person", "organisation"],
            ),
            col.texts("applicant_name", applicants.name),
            col.texts("applicant_id_number", applicants.id_number),
            col.texts("applicant_id_digest", applicants.digest),
            col.texts("applicant_phone", applicants.phone),
            col.texts("legal_representative", applicants.legal_representative),
            col.texts("contact_name", applicants.contact_name),
            col.ints("citizen_id", user[plan.citizen], null=plan.citizen == 0),
            col.ints("item_id", np.array([o.item_id for o in offers])[offer]),
            col.ints("item_version_id", np.array([o.version_id for o in offers])[offer]),
            col.ints(
                "bundle_id",
                np.array([o.bundle_id or 0 for o in offers])[offer],
                null=np.array([o.bundle_id is None for o in offers])[offer],
            ),
            col.ints("body_id", plan.body),
            col.ints("department_id", cat.department[offer]),
            col.ints("window_id", plan.window, null=plan.window == NONE),
            col.ints("received_by_id", user[plan.receiver], null=plan.receiver == 0),
            col.ints("agent_id", user[plan.agent], null=~agent_case),
            col.times("submitted_at", submitted),
            col.dates("accepted_on", span.epoch_days(np.maximum(accepted_off, 0)), null=~accepted),
            col.ints("limit_days", cat.limit[offer]),
            col.ints("extended_days", extended),
            col.flags("supplement_restarts", cat.restarts[offer]),
            col.ints("yellow_threshold", cat.yellow[offer], null=cat.yellow[offer] == NONE),
            col.dates(
                "deadline", span.epoch_days(np.maximum(deadline, 0)), null=~clock_kept | (deadline == NONE)
            ),
            col.ints("remaining_days", remaining, null=~clock_kept),
            self._day("yellow_on", schedule[0]),
            self._day("due_on", schedule[1]),
            col.coded("warning", warning, clock.WARNINGS),
            col.constant("warned", col.TEXT, Warning.NORMAL),
            col.coded("clock_state", state, _CLOCK_STATES),
            col.dates("clock_read_on", np.full(n, span.epoch_days(span.today)), null=~accepted),
            col.coded("paused_kind", np.where(status_paused, steps["pause"].pause_kind, 0), PAUSE_KINDS),
            col.dates("finished_on", span.epoch_days(np.maximum(decided, 0)), null=~finished),
            col.flags("finished_late", late),
            col.ints("visits", visits),
            col.flags("finished_on_site", plan.on_the_spot),
            col.flags("deferred", still_deferred),
            col.times("commitment_signed_at", self.step_seconds(walk, plan, "intake"), null=~deferred_accept),
            col.constant("fees_total", col.DECIMAL, "0"),
            col.constant("fees_settled", col.BOOL, True),
            col.coded("reason", np.where(with_reason, plan.reason, 0), texts.notes.values),
            col.coded("legal_basis", np.where(with_reason, plan.basis, 0), texts.strings.values),
            col.coded(
                "report_authority", np.where(reported, cat.report_authority[offer], 0), texts.strings.values
            ),
            col.dates(
                "report_sent_on",
                span.epoch_days(np.maximum(self.offset(walk, plan, "report"), 0)),
                null=~reported,
            ),
            col.dates("report_answered_on", span.epoch_days(np.maximum(decided, 0)), null=~answered),
            col.coded("delivery", np.where(delivered, plan.delivery + 1, 0), ["", *DELIVERIES]),
            col.texts("postal_number", np.where(delivered, plan.postal_number, "")),
            col.times("delivered_at", self.step_seconds(walk, plan, "deliver"), null=~delivered),
            col.times("closed_at", self.step_seconds(walk, plan, "close"), null=~taken["close"]),
            col.times("updated_at", updated),
        ]
        return Rows("cases_case", columns, n)

    def _tasks(self, plan, walk, ids, accepted, accepted_off, paused, resumed, restarts):
        """One row per department of each accepted joint case; returns (rows, first task id per case,
        worst warning of each case's open tasks)."""
        n, cat = plan.size, self.catalog
        offer = plan.offer
        count = np.where(accepted, cat.n_tasks[offer], 0)
        case_row = np.repeat(np.arange(n), count)
        first = np.concatenate([[0], np.cumsum(count)[:-1]])
        number = np.arange(len(case_row)) - first[case_row]
        task_id_of = ids.task + first  # the id of each case's first task
        ids.task += len(case_row)
        decided_day = np.full((n, max(cat.max_tasks, 1)), NONE)
        decision = np.full((n, max(cat.max_tasks, 1)), NONE)
        decider = np.zeros((n, max(cat.max_tasks, 1)), dtype=np.int64)
        opinion = np.zeros((n, max(cat.max_tasks, 1)), dtype=np.int64)
        for step, taken in zip(plan.task_steps, walk.task_taken, strict=True):
            rows = np.flatnonzero(taken)
            t = step.task[rows]
            decided_day[rows, t] = self.span.workdays[step.day[rows]]
            decision[rows, t] = step.action[rows]
            decider[rows, t] = step.actor[rows]
            opinion[rows, t] = step.note[rows]
        day = decided_day[case_row, number]
        action = decision[case_row, number]
        limit = cat.task_limit[offer[case_row], number] if len(case_row) else np.zeros(0, dtype=np.int64)
        pause, resume = clock.for_tasks(paused[case_row], resumed[case_row], day)
        reading = clock.read(
            self.span,
            limit=limit,
            accepted=accepted_off[case_row],
            paused=pause,
            resumed=resume,
            restarts=restarts[case_row],
            finished=day,
            threshold=np.full(len(case_row), NONE),
        )
        status = np.select([action == A[Action.TASK_APPROVE], action == A[Action.TASK_DENY]], [1, 2], 0)
        open_task = status == 0
        worst = np.zeros(n, dtype=np.int64)
        np.maximum.at(worst, case_row[open_task], reading.warning[open_task])
        spec = self.task_start[offer[case_row]] + number
        decided = day != NONE
        columns = [
            col.ints("id", task_id_of[case_row] + number),
            col.ints("case_id", ids.case + case_row),
            col.ints(
                "department_id", cat.task_department[offer[case_row], number] if len(case_row) else case_row
            ),
            col.coded("title", spec, self.task_titles),
            col.ints("item_version_id", self.task_version[spec]),
            col.flags("is_lead", self.task_lead[spec]),
            col.coded("status", status, _TASK_STATUSES),
            col.ints("limit_days", limit),
            col.dates(
                "deadline",
                self.span.epoch_days(np.maximum(reading.deadline, 0)),
                null=reading.deadline == NONE,
            ),
            col.ints("remaining_days", reading.remaining, null=~reading.known),
            self._day("yellow_on", reading.yellow),
            self._day("due_on", reading.due),
            col.coded("warning", reading.warning, clock.WARNINGS),
            col.constant("warned", col.TEXT, Warning.NORMAL),  # a task's warnings are told through its case
            col.coded("clock_state", reading.state, clock.STATES),
            col.dates("clock_read_on", np.full(len(case_row), self.span.epoch_days(self.span.today))),
            col.dates("finished_on", self.span.epoch_days(np.maximum(day, 0)), null=~decided),
            col.flags("finished_late", reading.finished_late),
            col.ints("decided_by_id", self.user_id[decider[case_row, number]], null=~decided),
            col.coded("opinion", opinion[case_row, number], self.texts.notes.values),
        ]
        return Rows("cases_casetask", columns, len(case_row)), task_id_of, worst

    def _events(self, plan, walk, ids, case_id, task_id_of) -> Rows:
        events = walk.events
        count = events.size
        has_task = events.task != NONE
        user = self.user_id[events.actor]
        columns = [
            col.ints("id", ids.event + np.arange(count)),
            col.ints("case_id", case_id[events.case]),
            col.ints("task_id", task_id_of[events.case] + np.maximum(events.task, 0), null=~has_task),
            col.times("at", self.seconds(events.day, events.minute, events.second)),
            col.dates("day", self.span.epoch_days(self.span.workdays[events.day])),
            col.coded("action", events.action, ACTIONS),
            col.coded("from_status", events.from_status, STATUSES),
            col.coded("to_status", events.to_status, STATUSES),
            col.ints("actor_id", user, null=user == NONE),
            col.coded("actor_label", events.actor, self.labels),
            col.coded("clock", events.clock, CLOCKS),
            col.coded("pause_kind", events.pause_kind, PAUSE_KINDS),
            col.ints("days", events.days),
            col.coded("note", events.note, self.texts.notes.values),
            col.coded("details", events.details, self.texts.details.values, kind=col.JSON),
        ]
        ids.event += count
        return Rows("cases_caseevent", columns, count)

    def _materials(self, plan, walk, ids, case_id) -> Rows:
        """The case's checklist lines: on paper, shared by a department, or missing until supplied."""
        cat, offer, taken = self.catalog, plan.offer, walk.taken
        count = self.line_count[offer]
        case_row = np.repeat(np.arange(plan.size), count)
        first = np.concatenate([[0], np.cumsum(count)[:-1]])
        number = np.arange(len(case_row)) - first[case_row]
        line = self.line_start[offer[case_row]] + number
        case_offer = offer[case_row]
        noticed = plan.notice[case_row] & (number == cat.notice_line[case_offer])
        deferrable = plan.deferred[case_row] & (number == cat.deferrable_line[case_offer])
        supplement = taken["after_notice"] & (plan.steps["after_notice"].action == A[Action.SUPPLEMENT])
        supplied = (noticed & supplement[case_row]) | (deferrable & taken["supply_deferred"][case_row])
        missing = (noticed | deferrable) & ~supplied
        provisions = [Provision.PAPER, Provision.SHARED, Provision.MISSING]
        provision = np.select([missing, self.line_shared[line]], [2, 1], 0)
        supplied_at = np.where(
            noticed,
            self.step_seconds(walk, plan, "after_notice")[case_row],
            self.step_seconds(walk, plan, "supply_deferred")[case_row],
        )
        requested = taken["intake"] & (plan.steps["intake"].action == A[Action.REQUEST_SUPPLEMENT])
        # Each case carries the first one to three lines, and always those it lacked.
        keep = (number < plan.lines[case_row]) | noticed | deferrable
        case_row, line, noticed, supplied, provision, supplied_at = (
            case_row[keep],
            line[keep],
            noticed[keep],
            supplied[keep],
            provision[keep],
            supplied_at[keep],
        )
        columns = [
            col.ints("id", ids.material + np.arange(len(case_row))),
            col.ints("case_id", case_id[case_row]),
            col.ints("item_material_id", self.line_material[line]),
            col.ints("sort_order", self.line_order[line]),
            col.coded("name", line, self.material_names),
            col.coded("requirement", self.line_requirement[line], self.requirements),
            col.coded("provision", provision, provisions),
            col.constant("file", col.TEXT, ""),
            col.constant("certificate_id", col.INT, None),
            col.flags("in_notice", noticed & requested[case_row]),
            col.constant("supplement_reason", col.TEXT, ""),  # 未提交: what a generated notice lists
            col.times("supplied_at", supplied_at, null=~supplied),
        ]
        ids.material += len(case_row)
        return Rows("cases_casematerial", columns, len(case_row))
