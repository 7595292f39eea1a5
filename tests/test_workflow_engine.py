"""The workflow engine on a throw-away aggregate: a spec per action is all a module declares."""

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onewindow.errors import Conflict, Forbidden
from onewindow.workflow import ActionSpec, Standing, Workflow, side_action

OWNER, ANYONE = Standing("owner"), Standing("anyone")


@dataclass
class Errand:
    status: str
    owner: str
    notes: int = 0


@dataclass
class Person:
    name: str


def _stands(person, errand, standing, context):
    return standing.where == "anyone" or person.name == errand.owner


def _has_notes(errand, context):
    return None if errand.notes else "没有可归档的记录。"


FLOW = Workflow(
    (
        ActionSpec("start", {"new": "doing"}, (OWNER,), clock="resume"),
        ActionSpec("finish", {"doing": "done"}, (OWNER,), clock="finish", needs_reason=True),
        ActionSpec(
            "cancel",
            {"new": "cancelled", "doing": "cancelled"},
            (OWNER,),
            clock="finish",
            clock_from=frozenset({"doing"}),
            danger=True,
        ),
        side_action("note", ("new", "doing"), who=(ANYONE,)),
        side_action("archive_notes", ("done",), who=(OWNER,), guard=_has_notes),
    ),
    stands=_stands,
    not_allowed=lambda errand, action: Conflict("不能进行此操作。", code="action_not_allowed"),
)


def test_the_table_and_the_clock_follow_from_the_specs():
    assert FLOW.table() == {
        "new": {"start": "doing", "cancel": "cancelled", "note": "new"},
        "doing": {"finish": "done", "cancel": "cancelled", "note": "doing"},
        "done": {"archive_notes": "done"},
    }
    assert FLOW.spec("note").keeps_status and not FLOW.spec("start").keeps_status
    cancel = FLOW.spec("cancel")
    assert (cancel.clock_leaving("new"), cancel.clock_leaving("doing")) == ("", "finish")


def test_refusals_say_why_in_order_status_then_place_then_guard():
    errand = Errand("done", owner="ann")
    with pytest.raises(Conflict) as refused:
        FLOW.check(Person("ann"), errand, "start", {})
    assert refused.value.code == "action_not_allowed"
    with pytest.raises(Forbidden):
        FLOW.check(Person("bob"), errand, "archive_notes", {})
    with pytest.raises(Conflict) as blocked:
        FLOW.check(Person("ann"), errand, "archive_notes", {})
    assert blocked.value.code == "action_blocked"
    errand.notes = 1
    assert FLOW.check(Person("ann"), errand, "archive_notes", {}).code == "archive_notes"


@given(
    status=st.sampled_from(["new", "doing", "done", "cancelled"]),
    who=st.sampled_from(["ann", "bob"]),
    notes=st.integers(0, 2),
    action=st.sampled_from(["start", "finish", "cancel", "note", "archive_notes", "unknown"]),
)
def test_an_action_is_offered_exactly_when_it_may_be_taken(status, who, notes, action):
    errand, person = Errand(status, owner="ann", notes=notes), Person(who)
    try:
        FLOW.check(person, errand, action, {})
        taken = True
    except (Conflict, Forbidden):
        taken = False
    assert (action in FLOW.allowed_actions(person, errand, {})) == taken
