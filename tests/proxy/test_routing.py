"""Routing a proxy request: a table that hits every rule, and a property that the rule returned is the
first rule, in DOMAIN.md's order, whose condition holds (each condition written here on its own)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onewindow.proxy.routing import Facts, Route, Rule, Territory, narrowest_cover, route

HALL = "370982"  # the county
VILLAGE = "370982101201"  # 东都村 of 东都镇
TOWN = "370982101"
OTHER_TOWN_VILLAGE = "370982102201"
NEIGHBOUR = "370982101202"  # another village of 东都镇, without a village agent
ELSEWHERE = "110101001001"
LAND, HOUSING, FIRE = 11, 12, 13
CLERK, TOWN_AGENT, VILLAGE_AGENT = 100, 200, 300
TERRITORIES = (Territory(TOWN_AGENT, TOWN), Territory(VILLAGE_AGENT, VILLAGE))


def facts(departments=(), lead=None, proxying=(), site="", home="", receiver=CLERK):
    return Facts(
        departments=tuple(departments),
        lead_department=lead,
        proxying_departments=frozenset(proxying),
        territories=TERRITORIES,
        site_division=site,
        home_division=home,
        hall_prefix=HALL,
        first_receiver=receiver,
    )


TABLE = [
    # one department with agents of its own: it proxies, wherever the applicant lives
    (facts([LAND, LAND], proxying=[LAND], home=VILLAGE), Route(Rule.DEPARTMENT_IN_CHARGE, department=LAND)),
    # one department without agents: the village agent of the applicant's home
    (facts([LAND], home=VILLAGE), Route(Rule.TERRITORY, agent=VILLAGE_AGENT)),
    # the site before the home; a village of the town the village agent does not cover: the town agent
    (facts([LAND, FIRE], site=NEIGHBOUR, home=VILLAGE),
     Route(Rule.TERRITORY, agent=TOWN_AGENT)),
    # several departments, a lead named, no territory covering: the lead department
    (facts([LAND, HOUSING, FIRE], lead=HOUSING, home=OTHER_TOWN_VILLAGE),
     Route(Rule.LEAD_DEPARTMENT, department=HOUSING)),
    # an applicant from elsewhere: no home territory here; the first receiver, to the end
    (facts([LAND, FIRE], home=ELSEWHERE), Route(Rule.FIRST_RECEIVER_TO_THE_END, agent=CLERK)),
    # ... but a site in a territory still decides by territory
    (facts([LAND, FIRE], site=VILLAGE, home=ELSEWHERE), Route(Rule.TERRITORY, agent=VILLAGE_AGENT)),
    # several departments, none named lead, a local applicant outside every territory: the first receiver
    (facts([LAND, FIRE], home=OTHER_TOWN_VILLAGE), Route(Rule.FIRST_RECEIVER_LEADS, agent=CLERK)),
    # nothing named yet
    (facts([], receiver=TOWN_AGENT), Route(Rule.FIRST_RECEIVER_LEADS, agent=TOWN_AGENT)),
    # a lead named that is not among the departments is no lead
    (facts([LAND, FIRE], lead=HOUSING), Route(Rule.FIRST_RECEIVER_LEADS, agent=CLERK)),
]  # fmt: skip


@pytest.mark.parametrize(("given_facts", "expected"), TABLE)
def test_each_request_goes_where_the_first_holding_rule_says(given_facts, expected):
    assert route(given_facts) == expected
    assert route(given_facts).to_the_end == (expected.rule == Rule.FIRST_RECEIVER_TO_THE_END)


def test_the_table_hits_every_rule():
    assert {expected.rule for _facts, expected in TABLE} == set(Rule)


def test_the_narrowest_territory_wins_and_ties_go_to_the_lowest_agent():
    assert narrowest_cover(TERRITORIES, VILLAGE) == VILLAGE_AGENT
    assert narrowest_cover(TERRITORIES[::-1], VILLAGE) == VILLAGE_AGENT
    assert narrowest_cover((Territory(9, TOWN), Territory(4, TOWN)), VILLAGE) == 4
    assert narrowest_cover(TERRITORIES, ELSEWHERE) is None
    assert narrowest_cover(TERRITORIES, "") is None


# The conditions of the rules, each written on its own, in DOMAIN.md's order.
def _elsewhere(f):
    return bool(f.home_division) and not f.home_division.startswith(f.hall_prefix)


def _covered(f, place):
    return bool(place) and any(place.startswith(t.prefix) for t in f.territories)


def _in_charge(f):
    return len(set(f.departments)) == 1 and f.departments[0] in f.proxying_departments


def _territory(f):
    return _covered(f, f.site_division) or (not _elsewhere(f) and _covered(f, f.home_division))


def _lead(f):
    return len(set(f.departments)) > 1 and f.lead_department in f.departments


CONDITIONS = [
    (Rule.DEPARTMENT_IN_CHARGE, _in_charge),
    (Rule.TERRITORY, _territory),
    (Rule.LEAD_DEPARTMENT, _lead),
    (Rule.FIRST_RECEIVER_TO_THE_END, _elsewhere),
    (Rule.FIRST_RECEIVER_LEADS, lambda f: True),
]

divisions = st.sampled_from(["", VILLAGE, TOWN + "000", OTHER_TOWN_VILLAGE, ELSEWHERE, NEIGHBOUR])
departments = st.sampled_from([LAND, HOUSING, FIRE])


@given(
    st.lists(departments, max_size=4),
    st.one_of(st.none(), departments),
    st.frozensets(departments),
    divisions,
    divisions,
    st.sampled_from([CLERK, TOWN_AGENT]),
)
def test_the_rule_returned_is_the_first_whose_condition_holds(deps, lead, proxying, site, home, receiver):
    f = facts(deps, lead=lead, proxying=proxying, site=site, home=home, receiver=receiver)
    decided = route(f)
    assert decided.rule == next(rule for rule, holds in CONDITIONS if holds(f))
    if decided.rule in (Rule.DEPARTMENT_IN_CHARGE, Rule.LEAD_DEPARTMENT):
        assert decided.department in f.departments and decided.agent is None
    elif decided.rule == Rule.TERRITORY:
        assert decided.agent in {t.agent for t in TERRITORIES} and decided.department is None
    else:
        assert decided.agent == receiver
