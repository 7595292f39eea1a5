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


def test_the_principal_rates_the_service_once_the_result_is_delivered(catalog, today, login):
    from onewindow.accounts.services import register_citizen
    from tests.cases.conftest import OTHER_PERSON_ID, person

    register_citizen(username="zhang", password="Zhang-2026!", applicant=person())
    request = receive("clerk", names=(SETUP,), home_code=VILLAGE)
    principal = login("zhang")
    assert request.number in principal.get("/guide/my/proxy/").content.decode()
    assert 'data-testid="rate-form"' not in principal.get("/guide/my/proxy/").content.decode()
    refused = principal.post(
        f"/guide/my/proxy/{request.number}/rate/", {"satisfaction": "satisfied"}, follow=True
    )
    assert refused.status_code == 200 and not type(request).objects.get().principal_rating
    entrustment = entrusted("agent_village")
    request = step("agent_village", request, "entrust", entrustment_number=entrustment.number)
    case = intake("agent_village", SETUP)
    request = step("agent_village", request, "submit", case_number=case.number)
    decide(case)
    step("agent_village", request, "deliver")
    assert 'data-testid="rate-form"' in principal.get("/guide/my/proxy/").content.decode()
    assert case.number in principal.get("/guide/my/").content.decode()  # he follows the case himself
    principal.post(f"/guide/my/proxy/{request.number}/rate/", {"satisfaction": "basically"})
    rated = type(request).objects.get()
    assert rated.principal_rating == "basically" and rated.status == ProxyStatus.DELIVERED
    assert login("agent_village").post(f"/guide/my/proxy/{request.number}/rate/", {}).status_code == 403
    register_citizen(
        username="li", password="Li-2026-pass!", applicant=person(id_number=OTHER_PERSON_ID, name="李四")
    )
    assert login("li").post(f"/guide/my/proxy/{request.number}/rate/", {}).status_code == 404


def test_a_principal_not_satisfied_is_chased_as_a_supervision_matter_once(catalog, today):
    from onewindow.supervision.models import Matter

    request = receive("clerk", names=(SETUP,), home_code=VILLAGE)
    entrustment = entrusted("agent_village")
    request = step("agent_village", request, "entrust", entrustment_number=entrustment.number)
    case = intake("agent_village", SETUP)
    request = step("agent_village", request, "submit", case_number=case.number)
    decide(case)
    for action in ("deliver", "archive", "report"):
        request = step("agent_village", request, action)
    request = step("clerk", request, "follow_up", satisfaction="dissatisfied", note="办得太慢")
    matter = Matter.objects.get()
    assert (matter.source, matter.external_id, matter.case_id) == (
        "rating",
        f"proxy:{request.number}",
        case.pk,
    )
    assert matter.requester_name == request.principal_name and matter.body_id == request.body_id
    assert matter.number in ProxyEvent.objects.get(action="follow_up").text
    assert Matter.objects.count() == 1
