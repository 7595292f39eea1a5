"""Workflows as one spec per action: the lifecycle of any aggregate, declared once, read by everyone.

Each action of an aggregate (a case, a joint-case task; later a supervision matter, an on-site decision,
an entrustment) is one `ActionSpec`: the statuses it leads from and to (or, for a side action such as a
fee or a visit, the statuses in which it may be taken without changing the status), who may take it and
where they must stand, its guard, the clock event it implies, whether it needs a reason and a legal
basis, whether the public sees it, the form fields it asks for. A `Workflow` is the specs of one
aggregate with its `stands` callback (does this actor stand there for this subject?) and answers the
service, the API and the page alike: `allowed_actions`, `check`, `next_status`.

A later module declares its own:

    MATTER = Workflow(
        [ActionSpec("assign", {REGISTERED: ASSIGNED}, who=(Standing("office", {Role.SUPERVISOR}),)), ...],
        stands=matter_relations.stands,
        not_allowed=lambda subject, action: Conflict(...),
    )

and its service calls `MATTER.check(actor, matter, action, context)` before it writes, its page and API
show `MATTER.allowed_actions(actor, matter, context)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from onewindow.errors import Conflict, Forbidden, ServiceError


@dataclass(frozen=True)
class Standing:
    """Where an actor must stand (a relation the aggregate defines) and with which roles (none: any)."""

    where: str
    roles: frozenset[str] = frozenset()


# A guard says why an action the table allows cannot be taken on this subject now (None: it can).
Guard = Callable[[object, Mapping], str | None]


@dataclass(frozen=True)
class ActionSpec:
    code: str
    moves: Mapping[str, str]  # status it leaves -> status it leads to (a side action: to itself)
    who: tuple[Standing, ...]
    guard: Guard | None = None
    clock: str = ""  # the clock event the action implies
    clock_from: frozenset[str] | None = None  # only when leaving these statuses (None: always)
    needs_reason: bool = False
    needs_basis: bool = False
    public: bool = False  # shown on the public timeline
    fields: tuple[str, ...] = ()  # the form fields it asks for
    danger: bool = False  # ends the matter against the person concerned: a red button
    undoable: bool = False  # another action takes it back (pause/resume): the page asks no confirmation
    on_part: bool = False  # taken on a part of the subject (a joint case's task), offered with the part

    @property
    def keeps_status(self) -> bool:
        return all(source == target for source, target in self.moves.items())

    def clock_leaving(self, status: str) -> str:
        return self.clock if self.clock_from is None or status in self.clock_from else ""


def side_action(code: str, statuses: Iterable[str], **spec) -> ActionSpec:
    """An action taken in any of `statuses` that keeps the status (a fee, a visit, a late material)."""
    return ActionSpec(code, {status: status for status in statuses}, **spec)


@dataclass(frozen=True)
class Workflow:
    """The specs of one aggregate, in the order their actions are offered."""

    specs: tuple[ActionSpec, ...]
    stands: Callable[[object, object, Standing, Mapping], bool]  # (actor, subject, standing, context)
    not_allowed: Callable[[object, str], ServiceError]  # the error for an action the status does not allow
    status_of: Callable[[object], str] = lambda subject: subject.status

    @cached_property
    def by_code(self) -> dict[str, ActionSpec]:
        return {spec.code: spec for spec in self.specs}

    def spec(self, action: str) -> ActionSpec | None:
        return self.by_code.get(action)

    def table(self) -> dict[str, dict[str, str]]:
        """The transitions as `{status: {action: next status}}`, in the order actions are offered."""
        statuses = dict.fromkeys(status for spec in self.specs for status in spec.moves)
        return {s: {p.code: p.moves[s] for p in self.specs if s in p.moves} for s in statuses}

    def next_status(self, status: str, action: str) -> str | None:
        spec = self.spec(action)
        return None if spec is None else spec.moves.get(status)

    def may_act(self, actor, subject, action: str, context: Mapping) -> bool:
        """Whether this actor stands where the action needs (role and place); the status apart."""
        spec = self.spec(action)
        return spec is not None and any(self.stands(actor, subject, s, context) for s in spec.who)

    def blocked(self, subject, action: str, context: Mapping) -> str | None:
        spec = self.spec(action)
        return spec.guard(subject, context) if spec is not None and spec.guard is not None else None

    def allowed_actions(self, actor, subject, context: Mapping, *, on_part: bool = False) -> list[str]:
        """The actions this actor may take on this subject now (or on the part in `context`)."""
        status = self.status_of(subject)
        return [
            spec.code
            for spec in self.specs
            if spec.on_part == on_part
            and status in spec.moves
            and self.may_act(actor, subject, spec.code, context)
            and self.blocked(subject, spec.code, context) is None
        ]

    def check_status(self, subject, action: str) -> ActionSpec:
        """The spec of an action the subject's status allows; raises `not_allowed` otherwise."""
        spec = self.spec(action)
        if spec is None or self.status_of(subject) not in spec.moves:
            raise self.not_allowed(subject, action)
        return spec

    def check(self, actor, subject, action: str, context: Mapping) -> ActionSpec:
        """The spec of an action this actor may take now; raises what a refusal answers otherwise:
        the status does not allow it (409), the actor does not stand there (403), a guard (409)."""
        spec = self.check_status(subject, action)
        if not self.may_act(actor, subject, action, context):
            raise Forbidden()
        if blocked := self.blocked(subject, action, context):
            raise Conflict(blocked, code="action_blocked", details={"action": action})
        return spec
