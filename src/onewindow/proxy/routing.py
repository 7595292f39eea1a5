"""Who proxies a request (DOMAIN.md, "Proxy service"): the rules tried in order, the first that holds
decides, and its name is stored with the request so anyone can see why it went where it went.

1. 谁主管谁代办 (department in charge): the items asked for are of one department, and that department
   has agents of its own: it proxies.
2. 谁的地盘谁代办 (territory): an agent's territory covers the site, or else the applicant's home: the
   agent with the narrowest territory that covers it (a village before its town before the county).
3. Lead department: the items span several departments and one of them is named the lead: it proxies.
4. 首接负责制 (first receiver to the end): an applicant from elsewhere whom no rule above placed: the
   first receiver carries it to the end, with no hand-over.
5. 首接牵头 (first receiver leads): whatever is left (several departments with none named lead, or no
   item named yet): the first receiver leads.

Pure: no Django, no database; the service hands it the facts (`Facts`) and stores its answer (`Route`).
"""

from dataclasses import dataclass
from enum import StrEnum


class Rule(StrEnum):
    DEPARTMENT_IN_CHARGE = "department_in_charge"
    TERRITORY = "territory"
    LEAD_DEPARTMENT = "lead_department"
    FIRST_RECEIVER_TO_THE_END = "first_receiver_to_the_end"
    FIRST_RECEIVER_LEADS = "first_receiver_leads"


@dataclass(frozen=True)
class Territory:
    """An agent's territory: the division code prefix they cover (a town's 9 digits, a village's 12)."""

    agent: int
    prefix: str


@dataclass(frozen=True)
class Facts:
    departments: tuple[int, ...]  # the departments of the items asked for (repeats allowed)
    lead_department: int | None  # named by whoever took the request, among `departments`
    proxying_departments: frozenset[int]  # departments with agents of their own
    territories: tuple[Territory, ...]
    site_division: str  # 12-digit code of the project's site, or ""
    home_division: str  # 12-digit code of the applicant's home (a person) or seat (an organisation), or ""
    hall_prefix: str  # the area the hall serves: a home outside it is "from elsewhere"
    first_receiver: int  # the user who first took the request


@dataclass(frozen=True)
class Route:
    rule: Rule
    department: int | None = None  # the department that proxies (rules 1 and 3)
    agent: int | None = None  # the agent who proxies (rules 2, 4 and 5)

    @property
    def to_the_end(self) -> bool:
        """The first receiver may not hand it over (首接负责制)."""
        return self.rule == Rule.FIRST_RECEIVER_TO_THE_END


def from_elsewhere(facts: Facts) -> bool:
    return bool(facts.home_division) and not facts.home_division.startswith(facts.hall_prefix)


def narrowest_cover(territories: tuple[Territory, ...], division: str) -> int | None:
    """The agent whose territory covers `division` most narrowly (longest prefix; the lowest agent id
    among equals, so the answer never depends on the order the territories came in)."""
    covering = [t for t in territories if division and t.prefix and division.startswith(t.prefix)]
    if not covering:
        return None
    return min(covering, key=lambda t: (-len(t.prefix), t.agent)).agent


def route(facts: Facts) -> Route:
    distinct = set(facts.departments)
    if len(distinct) == 1 and distinct <= facts.proxying_departments:
        return Route(Rule.DEPARTMENT_IN_CHARGE, department=next(iter(distinct)))
    places = [facts.site_division] + ([] if from_elsewhere(facts) else [facts.home_division])
    for place in places:
        agent = narrowest_cover(facts.territories, place)
        if agent is not None:
            return Route(Rule.TERRITORY, agent=agent)
    if len(distinct) > 1 and facts.lead_department in distinct:
        return Route(Rule.LEAD_DEPARTMENT, department=facts.lead_department)
    if from_elsewhere(facts):
        return Route(Rule.FIRST_RECEIVER_TO_THE_END, agent=facts.first_receiver)
    return Route(Rule.FIRST_RECEIVER_LEADS, agent=facts.first_receiver)
