"""The steps of a proxy case on the demo county: the village agent a request was routed to signs the
entrustment, files and submits the case, delivers once it is decided, archives and reports; the office
calls back and records the principal's rating. Out-of-order steps, the wrong person and a case not
decided yet are refused; every step is on the timeline and audited."""

import pytest

from onewindow.audit.models import AuditEvent
from onewindow.cases.models import Case
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.proxy import steps
from onewindow.proxy.choices import ProxyStatus
from onewindow.proxy.models import ProxyEvent
from tests.cases.conftest import ActionInput, act, api, entrusted, intake, post

from .test_entrustments import MONDAY, SETUP, user
from .test_requests import VILLAGE, receive


def step(username, request, action, **data):
    return steps.act(
        actor=user(username), request=request, action=action, data=steps.StepInput(**data), on=MONDAY
    )


def decide(case):
    """The market regulator's reviewer approves the case (accepted at intake), as the hall would."""
    case = Case.objects.get(pk=case.pk)
    act(user("reviewer"), case, "approve", ActionInput(version=case.version))


def test_a_proxy_case_walks_its_steps_to_the_follow_up_call(catalog, today):
    request = receive("clerk", names=(SETUP,), home_code=VILLAGE)
    assert request.proxy_agent == user("agent_village")
    assert steps.allowed(user("agent_village"), request) == ["entrust"]
    assert steps.allowed(user("clerk"), request) == []
    with pytest.raises(Invalid) as none:
        step("agent_village", request, "entrust", entrustment_number="WT000")
    assert none.value.code == "unknown_entrustment"
    entrustment = entrusted("agent_village")
    request = step("agent_village", request, "entrust", entrustment_number=entrustment.number)
    case = intake("agent_village", SETUP)
    with pytest.raises(Forbidden):
        step("agent", request, "submit", case_number=case.number)  # not who carries it
    request = step("agent_village", request, "submit", case_number=case.number)
    other = intake("clerk", SETUP)
    with pytest.raises(Invalid) as not_entrusted:
        step("agent_village", request, "submit", case_number=other.number)
    assert not_entrusted.value.code == "case_not_entrusted"
    with pytest.raises(Conflict) as undecided:
        step("agent_village", request, "deliver")
    assert case.number in undecided.value.message
    decide(case)
    request = step("agent_village", request, "deliver", note="送到家中")
    with pytest.raises(Conflict):
        step("agent_village", request, "report")  # archive comes first
    request = step("agent_village", request, "archive")
    request = step("agent_village", request, "report")
    assert steps.allowed(user("agent_village"), request) == []  # the call is not the carrier's
    with pytest.raises(Invalid) as unrated:
        step("clerk", request, "follow_up")
    assert unrated.value.code == "satisfaction_required"
    request = step("clerk", request, "follow_up", satisfaction="satisfied", note="老人很满意")
    assert request.status == ProxyStatus.FOLLOWED_UP and request.satisfaction == "satisfied"
    assert list(ProxyEvent.objects.values_list("action", flat=True)) == [
        "entrust", "submit", "deliver", "archive", "report", "follow_up"
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action__startswith="proxy.request.").count() == 7  # receive + 6 steps


def test_the_api_offers_and_takes_the_next_step(catalog, today):
    request = receive("clerk", names=(SETUP,), home_code=VILLAGE)
    entrustment = entrusted("agent_village")
    village = api("agent_village")
    shown = village.get(f"/api/v1/proxy/requests/{request.number}").json()
    assert shown["status"] == "received" and shown["actions"] == ["entrust"]
    done = post(
        village,
        f"/proxy/requests/{request.number}/actions/entrust",
        {"entrustment_number": entrustment.number},
    )
    assert done.status_code == 200 and done.json()["entrustment"] == entrustment.number
    assert done.json()["actions"] == ["submit"] and done.json()["timeline"][0]["action"] == "entrust"
    wrong = post(api("clerk"), f"/proxy/requests/{request.number}/actions/submit", {"case_number": "x"})
    assert wrong.status_code == 403
    late = post(village, f"/proxy/requests/{request.number}/actions/report", {})
    assert late.status_code == 409 and late.json()["code"] == "not_allowed"
