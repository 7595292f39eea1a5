"""Monitoring rules and their cards (F9 item 1): a case left alone gets one yellow and one red card however
often and by however many workers the sweep runs; rules are data with a scope and a yellow point; a card
is withdrawn with a reason, never deleted."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import chinese_calendar
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connections

from onewindow.audit.models import AuditEvent
from onewindow.cases.models import OPEN_CASE, Case, CaseTask
from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.supervision.cards import raise_cards, withdraw_card
from onewindow.supervision.models import Card, MonitoringRule
from onewindow.timelimits import sweep
from onewindow.timelimits.choices import RUNNING_STATES
from tests.cases.conftest import intake

from .walk import working_days_after


def sweeps(times: int = 10) -> None:
    for _ in range(times):
        sweep.refresh_due()
        raise_cards()


def test_a_case_left_alone_gets_one_yellow_then_one_red_card_after_any_number_of_sweeps(catalog, today):
    today.set(date(2026, 3, 2))
    case = intake("clerk", "工伤认定")  # 30 working days
    sweeps()
    assert not Card.objects.exists()

    today.set(case.yellow_on)
    sweeps()
    (yellow,) = Card.objects.all()
    assert (yellow.level, yellow.rule.code, yellow.case_id, yellow.task_id) == (
        "yellow",
        "SX-01",
        case.pk,
        None,
    )
    # charged to the department; nobody of it has acted yet (the hall's clerk took it in)
    assert yellow.department_id == case.department_id and yellow.person is None
    assert yellow.deadline == case.deadline and yellow.raised_on == case.yellow_on
    assert f"《{case.title}》临近办结期限 {case.deadline}" in yellow.description

    late = case.deadline + timedelta(days=1)
    while not chinese_calendar.is_workday(late):
        late += timedelta(days=1)
    today.set(late)
    sweeps()
    assert Card.objects.filter(level="yellow").count() == 1
    red = Card.objects.get(level="red")
    assert (red.rule.code, red.points, red.overdue_days) == (
        "SX-02",
        1.5,
        working_days_after(case.deadline, late),
    )
    numbers = list(Card.objects.order_by("pk").values_list("number", flat=True))
    area = case.department.body.division.code[:6]
    assert numbers[0] == f"JC{area}{case.yellow_on:%Y%m%d}000001"
    assert re.fullmatch(rf"JC{area}{late:%Y%m%d}000001", numbers[1])


def test_only_the_rules_scope_and_yellow_point_are_hit(catalog, today):
    """A department's rule five working days before the deadline: its hits are exactly its department's
    open running cases with at most five working days left (counted independently) or late."""
    from onewindow.demo.cases import load_demo_cases

    today.set(date(2026, 11, 16))
    load_demo_cases()
    MonitoringRule.objects.update(active=False)
    department = Case.objects.filter(OPEN_CASE).values_list("department", flat=True).first()
    rule = MonitoringRule.objects.create(
        code="T-5", name="五日预警", kind="timeliness", level="yellow", scope="department",
        department_id=department, yellow_point="days", yellow_days=5, points=1,
    )  # fmt: skip
    raise_cards()
    expected = {
        c.pk
        for c in Case.objects.filter(OPEN_CASE, department_id=department)
        if c.warning == "red"
        or (
            c.clock_state in RUNNING_STATES
            and c.deadline is not None
            and (c.deadline < today.value or working_days_after(today.value, c.deadline) <= 5)
        )
    }
    assert expected  # the demo county has such cases, or the test would prove nothing
    assert set(Card.objects.filter(rule=rule).values_list("subject_id", flat=True)) == expected


def test_a_rule_is_checked_before_it_is_saved(db):
    rule = MonitoringRule(
        code="X", name="x", kind="timeliness", level="yellow", scope="item", yellow_point="days"
    )
    with pytest.raises(ValidationError) as invalid:
        rule.full_clean()
    assert set(invalid.value.message_dict) == {"item", "yellow_days"}


def test_a_supervisor_withdraws_a_card_with_a_reason_audited_and_kept(catalog, today):
    today.set(date(2026, 3, 2))
    case = intake("clerk", "工伤认定")
    today.set(case.yellow_on)
    raise_cards()
    card = Card.objects.get()
    users = get_user_model().objects
    supervisor, clerk = users.get(username="supervisor"), users.get(username="clerk")
    with pytest.raises(Forbidden):
        withdraw_card(actor=clerk, card=card, reason="误报")
    with pytest.raises(Invalid):
        withdraw_card(actor=supervisor, card=card, reason="  ")
    withdrawn = withdraw_card(actor=supervisor, card=card, reason="申请人要求暂缓，已补录暂停")
    assert withdrawn.withdrawn and withdrawn.withdrawn_by == supervisor
    with pytest.raises(Conflict):
        withdraw_card(actor=supervisor, card=card, reason="再次摘牌")
    event = AuditEvent.objects.get(action="supervision.card.withdraw")
    assert event.after["reason"] == "申请人要求暂缓，已补录暂停" and event.actor_id == supervisor.pk
    raise_cards()  # a withdrawn card is not raised again
    assert Card.objects.count() == 1


@pytest.fixture
def live_county(transactional_db, today):
    """The county committed for real: threads stand in for worker processes, each with its connection."""
    from onewindow.demo import county as demo
    from onewindow.demo.catalog import load_demo_catalog
    from onewindow.supervision.defaults import seed_default_rules
    from onewindow.workcalendar.models import CalendarDay, CalendarYear
    from onewindow.workcalendar.official import seed_shipped_years

    seed_shipped_years(CalendarYear, CalendarDay)
    seed_default_rules(MonitoringRule)
    demo.load_demo()
    load_demo_catalog()


def test_two_workers_sweeping_at_once_raise_each_card_once_and_number_without_gaps(live_county, today):
    today.set(date(2026, 3, 2))
    cases = [intake("clerk", "工伤认定") for _ in range(3)]
    late = cases[0].deadline + timedelta(days=7)
    today.set(late)
    barrier = threading.Barrier(2)

    def worker(_):
        try:
            barrier.wait()
            for _ in range(5):
                raise_cards()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(worker, range(2)))
    assert Card.objects.count() == 6  # a yellow and a red card for each of the three cases
    numbers = sorted(Card.objects.values_list("number", flat=True))
    assert [int(n[-6:]) for n in numbers] == [1, 2, 3, 4, 5, 6]


def test_a_late_step_cards_its_own_department_not_the_case(catalog, today):
    """A joint case's late step is its department's red card; the case's own clock is not late, so the
    lead department gets none (its stored warning is red only through the step)."""
    from tests.cases.test_fees import bundle_intake

    today.set(date(2026, 3, 2))
    case = bundle_intake(fee_answers={"房屋用途": "住宅"})
    task = CaseTask.objects.filter(case=case).order_by("pk").first()
    CaseTask.objects.filter(case=case).update(deadline=date(2026, 3, 20), yellow_on=date(2026, 3, 18))
    CaseTask.objects.filter(pk=task.pk).update(deadline=date(2026, 3, 3), clock_state="running")
    Case.objects.filter(pk=case.pk).update(deadline=date(2026, 3, 20), clock_state="running")
    today.set(date(2026, 3, 5))
    sweeps(2)
    assert Case.objects.get(pk=case.pk).warning == "red"  # turned by its step
    reds = Card.objects.filter(level="red")
    assert [(c.rule.code, c.department_id, c.task_id) for c in reds] == [
        ("SX-04", task.department_id, task.pk)
    ]


def test_steps_of_a_case_no_longer_open_get_no_cards(catalog, today):
    from tests.cases.test_fees import bundle_intake

    today.set(date(2026, 3, 2))
    case = bundle_intake(fee_answers={"房屋用途": "住宅"})
    CaseTask.objects.filter(case=case).update(deadline=date(2026, 3, 3), clock_state="running")
    Case.objects.filter(pk=case.pk).update(status="withdrawn")
    today.set(date(2026, 3, 10))
    raise_cards()
    assert not Card.objects.exists()


def test_the_threshold_is_exact_on_days_off():
    """At most N working days left on `on` means a deadline before the (N+1)-th working day after it:
    on Saturday 17 October 2026 with N = 0, a Monday deadline (one working day left) is not hit."""
    from onewindow.core.workdays import DayRecord, WorkCalendar
    from onewindow.supervision.rules import before_day
    from onewindow.workcalendar.official import official_exceptions

    records = [DayRecord(d, w, n) for d, (w, n) in official_exceptions([2026]).items()]
    calendar = WorkCalendar([2026], records)
    assert before_day(calendar, date(2026, 10, 17), 0) == date(2026, 10, 19)  # deadline < Monday
    assert before_day(calendar, date(2026, 10, 16), 0) == date(2026, 10, 19)  # Friday: due that day
    assert before_day(calendar, date(2026, 12, 30), 5) == date(2027, 1, 1)  # past the loaded year
