"""Office-day figures equal counts made independently in the test from the rows: per leader, sessions
held, issues raised, decided and resolved, the average working days from raising to resolution, and late
decisions; the page, the Excel sheet and the API show the same; supervisors, leaders and administrators
read them, nobody else."""

from datetime import date
from io import BytesIO

import chinese_calendar
import pytest
from openpyxl import load_workbook

from onewindow.errors import Forbidden
from onewindow.onsite import figures, topics
from onewindow.onsite.models import Decision, OfficeDay, Topic
from onewindow.org.permissions import actor_of
from tests.cases.conftest import api

from .conftest import a_topic, carried_out, decided_session, issued, user


def working_days_after(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`, counted with chinesecalendar."""
    return len(
        [d for d in chinese_calendar.get_dates(start, end) if d > start and chinese_calendar.is_workday(d)]
    )


@pytest.fixture
def a_spring(leaders, today):
    """Three sessions: the first leader's two (one resolved, one late and open), the second's one whose
    second issue was not decided."""
    first, _topic_a, decision_a = decided_session(today, date(2026, 3, 11), leaders[0])
    issued(first, date(2026, 3, 11))
    decision_a.refresh_from_db()
    carried_out(decision_a.matter, today, date(2026, 3, 13))
    second, _topic_b, _decision_b = decided_session(today, date(2026, 3, 18), leaders[0], days=2)
    issued(second, date(2026, 3, 18))
    third, _topic_c, _decision_c = decided_session(today, date(2026, 3, 25), leaders[1])
    undecided = a_topic(date(2026, 3, 25), title="没有决定的问题")
    topics.vet(actor=user("supervisor"), topic=undecided, decision="accept")
    topics.put_on_agenda(actor=user("supervisor"), topic=undecided, session=third)
    OfficeDay.objects.create(
        body=first.body, leader=leaders[1], day=date(2026, 4, 1), planned_on=date(2026, 4, 1)
    )
    today.set(date(2026, 4, 10))
    return leaders


def expected(leader, on):
    """The same figures counted from the rows by hand."""
    held = OfficeDay.objects.filter(
        leader=leader, status__in=("held", "closed"), day__range=(date(2026, 3, 1), date(2026, 4, 30))
    )
    raised = Topic.objects.filter(session__in=held)
    decided = [t for t in raised if Decision.objects.filter(topic=t).exists()]
    resolved = [
        t
        for t in decided
        if all(d.matter and d.matter.status == "closed" for d in Decision.objects.filter(topic=t))
    ]
    days = [
        working_days_after(t.raised_on, max(d.matter.finished_on for d in Decision.objects.filter(topic=t)))
        for t in resolved
    ]
    decisions = Decision.objects.filter(session__in=held)
    late = [d for d in decisions if d.matter and (d.matter.finished_on or on) > d.due_on]
    return (
        held.count(),
        raised.count(),
        len(decided),
        len(resolved),
        sum(days) / len(days) if days else None,
        decisions.count(),
        len(late),
    )


def test_the_figures_equal_independent_counts(a_spring):
    on = date(2026, 4, 10)
    found = figures.figures(actor_of(user("leader")), date(2026, 3, 1), date(2026, 4, 30), on=on)
    by_leader = {line.leader: line for line in found.lines}
    for leader in a_spring:
        line = by_leader[str(leader)]
        assert (
            line.sessions,
            line.raised,
            line.decided,
            line.resolved,
            line.average_days,
            line.decisions,
            line.late,
        ) == expected(leader, on)
    first = by_leader[str(a_spring[0])]
    assert (first.sessions, first.resolved, first.late) == (2, 1, 2)  # closed a day late; open past due
    assert first.average_days == 2  # raised 11 March, closed 13 March: two working days
    assert found.total.sessions == 3 and found.total.raised == 4 and found.total.decided == 3


def test_the_page_the_sheet_and_the_api_agree(a_spring, login):
    client = login("leader")
    page = client.get("/onsite/figures/", {"start": "2026-03-01", "end": "2026-04-30"})
    assert page.status_code == 200
    assert 'data-leader="李振华（副市长）"' in page.content.decode()
    sheet = client.get("/onsite/figures/excel/", {"start": "2026-03-01", "end": "2026-04-30"})
    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("李振华（副市长）", 2, 2) and rows[-1][0] == "合计" and rows[-1][1] == 3
    answer = (
        api("supervisor").get("/api/v1/onsite/figures", {"start": "2026-03-01", "end": "2026-04-30"}).json()
    )
    assert answer["total"]["raised"] == 4 and answer["lines"][0]["late"] == 2
    assert login("clerk").get("/onsite/figures/").status_code == 403
    with pytest.raises(Forbidden):
        figures.figures(actor_of(user("reviewer")), date(2026, 3, 1), date(2026, 4, 30), on=date(2026, 4, 10))
