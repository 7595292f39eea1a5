"""What a review of the proxy change found, held: files stay within the county and with staff who
handle them, the entrust step takes only the carrier's own entrustments, the signed scan is the signing
agent's alone, a long organisation name can still say it is not satisfied, and a replayed intake key
answers with its case even after the entrustment was revoked."""

import pytest

from onewindow.cases.models import Case
from onewindow.errors import Invalid
from onewindow.proxy import custody, entrustments, steps
from onewindow.supervision.models import Matter
from tests.cases.conftest import api, entrusted, firm, intake, intake_json, person, post

from .test_entrustments import MONDAY, SETUP, entrustment_json, user
from .test_requests import VILLAGE, receive
from .test_steps import decide, step


def test_a_file_goes_only_to_staff_who_handle_files(catalog, today):
    request = receive("agent_village", names=())
    with pytest.raises(Invalid) as leader:
        custody.hand_over(
            actor=user("agent_village"), request=request, materials="x", to_user=user("leader"), today=MONDAY
        )
    assert leader.value.code == "receiver_not_staff"


def test_the_entrust_step_takes_only_the_carriers_own_entrustment(catalog, today):
    request = receive("clerk", names=(SETUP,), home_code=VILLAGE)  # carried by the village agent
    others = entrusted("agent_city")  # the same principal, another agent
    with pytest.raises(Invalid) as refused:
        step("agent_village", request, "entrust", entrustment_number=others.number)
    assert refused.value.code == "unknown_entrustment"
    assert others not in steps.carriers_entrustments(request)


def test_the_signed_scan_is_the_signing_agents_alone(catalog, today, login):
    made = post(api("agent"), "/proxy/entrustments", entrustment_json())
    number = made.json()["number"]
    assert login("agent").get(f"/proxy/entrustments/{number}/signature/").status_code == 200
    assert login("leader").get(f"/proxy/entrustments/{number}/signature/").status_code == 403
    assert (
        'data-testid="signature-file"'
        not in login("leader").get(f"/proxy/entrustments/{number}/").content.decode()
    )


def test_a_long_organisation_name_can_say_it_is_not_satisfied(catalog, today):
    long_name = "新泰市" + "青云" * 30 + "有限公司"
    company = firm(name=long_name)
    request = receive("clerk", names=(SETUP,), home_code=VILLAGE, principal=company)
    entrustment = entrusted("agent_village", company)
    request = step("agent_village", request, "entrust", entrustment_number=entrustment.number)
    case = intake("agent_village", SETUP, applicant=company)
    request = step("agent_village", request, "submit", case_number=case.number)
    decide(case)
    for action in ("deliver", "archive", "report"):
        request = step("agent_village", request, action)
    step("clerk", request, "follow_up", satisfaction="dissatisfied")
    assert Matter.objects.get().requester_name == long_name[:50]


def test_a_replayed_intake_key_answers_with_its_case_after_the_entrustment_is_revoked(catalog, today):
    made = entrusted("agent", person())
    agent = api("agent")
    first = post(agent, "/cases", intake_json(SETUP), HTTP_IDEMPOTENCY_KEY="proxy-replay")
    assert first.status_code == 201
    entrustments.revoke(actor=user("agent"), entrustment=made, reason="委托人撤销")
    again = post(agent, "/cases", intake_json(SETUP), HTTP_IDEMPOTENCY_KEY="proxy-replay")
    assert again.status_code in (200, 201) and again.json()["number"] == first.json()["number"]
    fresh = post(agent, "/cases", intake_json(SETUP), HTTP_IDEMPOTENCY_KEY="proxy-new")
    assert fresh.status_code == 422 and fresh.json()["code"] == "entrustment_revoked"
    assert Case.objects.count() == 1
