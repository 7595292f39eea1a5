"""Proxy figures equal counts made independently from the cases' own rows: the share by tier (and the
town level, towns and villages together), per agent, per item and per town, decided and on time; the
page and the Excel sheet show the same; only supervisors, leaders and administrators read them."""

from datetime import date
from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook

from onewindow.cases.models import Case
from onewindow.org.permissions import actor_of
from onewindow.proxy import figures
from tests.cases.conftest import api, entrusted, intake, person

from .test_entrustments import SETUP, user

OTHER = person(id_number="11010519491231002X", name="李四")


def file_some():
    """Agents of each tier file cases: the village's two, the town's one, the city's one; the window one."""
    for username, applicant in (
        ("agent_village", None),
        ("agent_village", OTHER),
        ("agent", None),
        ("agent_city", None),
    ):
        entrusted(username, applicant)
        intake(username, SETUP, applicant=applicant)
    intake("clerk", SETUP)


def test_the_figures_equal_independent_counts(catalog, today, login):
    file_some()
    day = timezone.localdate()  # the period is of the cases' intake time (the service day is moved here)
    found = figures.figures(actor_of(user("leader")), day, day)
    agent_cases = list(Case.objects.filter(agent__isnull=False).select_related("body"))
    by_tier = {}
    for case in agent_cases:
        by_tier[case.body.tier] = by_tier.get(case.body.tier, 0) + 1
    assert found.total == len(agent_cases) == 4
    labels = {"city": "市/县级政务服务中心", "town": "乡镇/街道便民服务中心", "village": "村/社区便民服务站"}
    assert {line.label: line.cases for line in found.tiers} == {labels[t]: n for t, n in by_tier.items()}
    assert by_tier == {"city": 1, "town": 1, "village": 2}
    assert found.town_level == by_tier["town"] + by_tier["village"] == 3
    assert found.town_level_share == 3 / 4
    assert {line.label: line.cases for line in found.agents} == {"冯春梅": 2, "郑红": 1, "钱进": 1}
    assert [(line.label, line.cases) for line in found.towns] == [("东都镇", 3)]
    decided = sum(1 for c in agent_cases if c.finished_on)
    assert sum(line.decided for line in found.tiers) == decided
    assert figures.figures(actor_of(user("leader")), date(2025, 8, 1), date(2025, 8, 31)).total == 0
    period = f"start={day}&end={day}"

    page = login("leader").get(f"/proxy/figures/?{period}").content.decode()
    assert 'data-count="3"' in page and "75%" in page
    sheet = login("leader").get(f"/proxy/figures/excel/?{period}")
    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert ("层级", "镇村两级合计", 3, 0.75, None, None, None) in rows
    answer = api("leader").get(f"/api/v1/proxy/figures?{period}").json()
    assert answer["town_level"] == 3 and answer["total"] == 4
    assert login("agent").get("/proxy/figures/").status_code == 403
    assert api("clerk").get(f"/api/v1/proxy/figures?{period}").status_code == 403
    assert login("leader").get("/proxy/figures/?start=2025-09-30&end=2025-09-01").status_code == 422
