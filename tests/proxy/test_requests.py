"""Proxy requests routed on the demo county's own data: every rule decides one request, the rule stored
is the one that decided, what the API answers says so, and a supervisor's reassignment is kept beside it
(audited, with a reason) without rewriting the rule's answer."""

import pytest

from onewindow.audit.models import AuditEvent
from onewindow.errors import Forbidden, Invalid
from onewindow.org.models import Division
from onewindow.proxy import requests
from onewindow.proxy.models import AgentTerritory, ProxyRequest
from onewindow.proxy.routing import Rule, route
from onewindow.proxy.selectors import latest_versions
from tests.cases.conftest import OTHER_PERSON_ID, api, live, person, post, staff_in

from .test_entrustments import MONDAY, MORTGAGE, SETUP, user

MARKET = "市场监督管理局"  # SETUP's department
VILLAGE = "370982100201"  # 东都村, the village agent's station
NEIGHBOUR = "370982100202"  # 小协村 of the same town, without a station agent of its own
OTHER_TOWN_VILLAGE = "370982001001"  # 平阳社区 of 青云街道, where no agent works


def receive(username="clerk", names=(SETUP,), **changes):
    new = requests.NewRequest(
        principal=changes.pop("principal", person()),
        item_codes=[live(name).implementation_code for name in names],
        **changes,
    )
    return requests.receive(actor=user(username), new=new, today=MONDAY)


def department_of(name):
    return live(name).department_id


def scenarios():
    """One request per rule, each set up on the demo county so that exactly that rule decides."""
    mortgage, market = department_of(MORTGAGE), department_of(SETUP)
    return [
        (
            Rule.DEPARTMENT_IN_CHARGE,
            lambda: receive(names=(SETUP,), home_code=VILLAGE),
            {"department": market},
        ),
        (Rule.TERRITORY, lambda: receive(names=(MORTGAGE,), home_code=VILLAGE), {"agent": "agent_village"}),
        (Rule.TERRITORY, lambda: receive(names=(MORTGAGE,), home_code=NEIGHBOUR), {"agent": "agent"}),
        (
            Rule.LEAD_DEPARTMENT,
            lambda: receive(
                names=(SETUP, MORTGAGE), lead_department_id=mortgage, home_code=OTHER_TOWN_VILLAGE
            ),
            {"department": mortgage},
        ),
        (
            Rule.FIRST_RECEIVER_TO_THE_END,
            lambda: receive(
                names=(SETUP, MORTGAGE), principal=person(id_number=OTHER_PERSON_ID, name="李四")
            ),
            {"agent": "clerk"},
        ),
        (Rule.FIRST_RECEIVER_LEADS, lambda: receive(names=(SETUP, MORTGAGE)), {"agent": "clerk"}),
        (Rule.FIRST_RECEIVER_LEADS, lambda: receive("agent_city", names=()), {"agent": "agent_city"}),
    ]


def test_every_rule_decides_a_request_and_the_stored_rule_is_the_deciding_one(catalog, today):
    staff_in(MARKET, "market_agent", "agent")  # the market regulator has an agent of its own
    seen = set()
    for rule, make, expected in scenarios():
        made = make()
        assert made.route_rule == rule, (rule, made.route_rule)
        assert (
            route(requests.facts_of(made, [v.department_id for v in latest_versions(made.items.all())])).rule
            == rule
        )
        if "department" in expected:
            assert made.route_department_id == expected["department"] and made.route_agent is None
        else:
            assert made.route_agent == user(expected["agent"]) and made.route_department is None
        seen.add(rule)
    assert seen == set(Rule)
    assert ProxyRequest.objects.count() == len(scenarios())
    assert AuditEvent.objects.filter(action="proxy.request.receive").count() == len(scenarios())


def test_a_county_agent_covers_no_territory_unless_given_one(catalog, today):
    assert (
        receive(names=(MORTGAGE, SETUP), home_code=OTHER_TOWN_VILLAGE).route_rule == Rule.FIRST_RECEIVER_LEADS
    )
    city_agent = user("agent_city").staff
    AgentTerritory.objects.create(
        agent=city_agent, division=Division.objects.get(code=OTHER_TOWN_VILLAGE[:9] + "000")
    )
    made = receive(names=(MORTGAGE, SETUP), home_code=OTHER_TOWN_VILLAGE)
    assert made.route_rule == Rule.TERRITORY and made.route_agent == user("agent_city")


def test_the_api_answers_who_proxies_and_why_and_a_supervisor_reassigns(catalog, today):
    body = {
        "principal_kind": "person",
        "principal_name": "张三",
        "principal_id_number": person().id_number,
        "principal_phone": "13805381234",
        "item_codes": [live(MORTGAGE).implementation_code],
        "home_code": VILLAGE,
        "priority": "elderly",
        "door_to_door": True,
    }
    made = post(api("clerk"), "/proxy/requests", body)
    assert made.status_code == 201, made.content
    answer = made.json()
    assert answer["route"]["rule"] == "territory" and answer["route"]["rule_name"] == "谁的地盘谁代办"
    assert answer["route"]["agent"] == "冯春梅" and answer["principal_id_number"] == person().id_number
    number = answer["number"]
    assert number.startswith("DL370982")
    village = api("agent_village").get(f"/api/v1/proxy/requests/{number}")
    assert (
        village.status_code == 200 and village.json()["principal_id_number"] == person().id_number
    )  # she calls him
    assert "*" in api("supervisor").get(f"/api/v1/proxy/requests/{number}").json()["principal_id_number"]
    assert api("agent_city").get(f"/api/v1/proxy/requests/{number}").status_code == 404
    refused = post(api("leader"), f"/proxy/requests/{number}/reassign", {"agent": "agent", "reason": "就近"})
    assert refused.status_code == 403
    done = post(
        api("supervisor"), f"/proxy/requests/{number}/reassign", {"agent": "agent", "reason": "村代办员休假"}
    )
    assert done.status_code == 200, done.content
    assert done.json()["reassigned_to"] == "郑红" and done.json()["route"]["rule"] == "territory"
    stored = ProxyRequest.objects.get()
    assert stored.route_agent == user("agent_village") and stored.proxy_agent == user("agent")
    assert AuditEvent.objects.filter(action="proxy.request.reassign", object_id=str(stored.pk)).exists()
    assert api("agent").get(f"/api/v1/proxy/requests/{number}").status_code == 200  # now theirs too
    again = post(
        api("supervisor"), f"/proxy/requests/{number}/reassign", {"agent": "agent", "reason": "again"}
    )
    assert again.status_code == 409
    both = post(
        api("supervisor"),
        f"/proxy/requests/{number}/reassign",
        {"agent": "agent", "department_id": department_of(SETUP), "reason": "x"},
    )
    assert both.status_code == 422 and both.json()["code"] == "reassign_to_one"


def test_bad_requests_are_refused_with_the_reason(catalog, today):
    with pytest.raises(Invalid) as lead:
        receive(names=(SETUP,), lead_department_id=department_of(MORTGAGE))
    assert lead.value.code == "lead_not_involved"
    with pytest.raises(Invalid) as where:
        receive(home_code="999999999999")
    assert where.value.code == "unknown_division"
    with pytest.raises(Forbidden):
        receive("reviewer")
    assert not ProxyRequest.objects.exists()


def test_the_request_list_reads_a_bounded_number_of_queries(catalog, today, django_assert_max_num_queries):
    """A page of requests reads their items, cases and timelines a query per relation, not per request."""
    for _ in range(2):
        receive()
    client = api("supervisor")
    with django_assert_max_num_queries(30) as few:
        assert len(client.get("/api/v1/proxy/requests").json()["items"]) == 2
    for _ in range(6):
        receive()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/v1/proxy/requests").json()["items"]) == 8
