"""The rota: Xintai's Wednesdays from 4 March, checked day by day against the calendar independently
(chinesecalendar, not our WorkCalendar); moving or dropping a Wednesday off; leaders in turn; and the
pure planner's properties."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from onewindow.errors import Conflict, Forbidden, Invalid
from onewindow.onsite import rota, schedule
from onewindow.onsite.models import OfficeDay

from .conftest import a_session, centre, user

FIRST, LAST = date(2026, 3, 4), date(2026, 12, 31)


def wednesdays():
    day = FIRST
    while day <= LAST:
        yield day
        day += timedelta(weeks=1)


def plan(leaders, on_day_off="move"):
    return schedule.RotaPlan(FIRST, LAST, 2, [x.pk for x in leaders], on_day_off, "中心三楼")


def test_the_2026_rota_moves_each_wednesday_off_to_the_next_working_day(leaders):
    made = schedule.generate(actor=user("supervisor"), body=centre(), plan=plan(leaders))
    by_planned = {s.planned_on: s for s in made}
    for wednesday in wednesdays():
        session = by_planned[wednesday]
        if chinese_calendar.is_workday(wednesday):
            assert session.day == wednesday
        else:
            expected = wednesday + timedelta(days=1)
            while not chinese_calendar.is_workday(expected):
                expected += timedelta(days=1)
            assert session.day == expected and session.day < wednesday + timedelta(weeks=1)
    days = {s.day for s in made}
    assert date(2026, 9, 30) in days  # a working Wednesday
    assert date(2026, 10, 7) not in days  # National Day holiday: moved
    assert by_planned[date(2026, 10, 7)].day == date(2026, 10, 8)
    assert [s.leader_id for s in made[:4]] == [leaders[0].pk, leaders[1].pk, leaders[0].pk, leaders[1].pk]
    assert all(chinese_calendar.is_workday(s.day) for s in made)


def test_dropping_leaves_out_the_wednesdays_off(leaders):
    made = schedule.generate(actor=user("supervisor"), body=centre(), plan=plan(leaders, "drop"))
    expected = [d for d in wednesdays() if chinese_calendar.is_workday(d)]
    assert [s.day for s in made] == expected
    assert date(2026, 10, 7) not in {s.day for s in made}


def test_a_period_already_on_the_rota_is_refused(leaders):
    schedule.generate(actor=user("supervisor"), body=centre(), plan=plan(leaders))
    with pytest.raises(Conflict):
        schedule.generate(actor=user("supervisor"), body=centre(), plan=plan(leaders))


def test_only_the_office_generates_and_a_plan_is_checked(leaders):
    with pytest.raises(Forbidden):
        schedule.generate(actor=user("clerk"), body=centre(), plan=plan(leaders))
    with pytest.raises(Invalid):
        schedule.generate(actor=user("supervisor"), body=centre(), plan=schedule.RotaPlan(FIRST, LAST, 2, []))
    with pytest.raises(Invalid) as refused:
        schedule.generate(
            actor=user("supervisor"),
            body=centre(),
            plan=schedule.RotaPlan(date(2031, 1, 1), date(2031, 3, 1), 2, [leaders[0].pk]),
        )
    assert refused.value.code == "calendar_not_loaded"
    assert not OfficeDay.objects.exists()


def test_swap_and_cancel(leaders):
    first = a_session(date(2026, 3, 4), leaders[0])
    second = a_session(date(2026, 3, 11), leaders[1])
    schedule.swap(actor=user("supervisor"), session=first, other=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.leader_id, second.leader_id) == (leaders[1].pk, leaders[0].pk)
    with pytest.raises(Invalid):
        schedule.cancel(actor=user("supervisor"), session=first, reason=" ")
    schedule.cancel(actor=user("supervisor"), session=first, reason="领导参加省里会议")
    first.refresh_from_db()
    assert first.status == "cancelled" and first.cancel_reason == "领导参加省里会议"
    with pytest.raises(Conflict):
        schedule.swap(actor=user("supervisor"), session=first, other=second)


# The pure planner.

weeks = st.integers(min_value=0, max_value=80)
off_days = st.sets(st.integers(min_value=0, max_value=600), max_size=120)


@given(
    start=st.integers(0, 6),
    length=weeks,
    off=off_days,
    count=st.integers(1, 5),
    weekday=st.integers(0, 6),
    policy=st.sampled_from(["move", "drop"]),
)
def test_every_session_is_on_a_working_day_one_a_week_leaders_in_turn(
    start, length, off, count, weekday, policy
):
    base = date(2026, 1, 1) + timedelta(days=start)
    last = base + timedelta(weeks=length)
    days_off = {date(2026, 1, 1) + timedelta(days=n) for n in off}

    def is_workday(day):
        return day not in days_off

    slots = rota.plan(base, last, weekday, list(range(count)), is_workday, policy)
    planned = [d for d in rota.weekdays(base, last, weekday)]
    assert all(base <= d <= last and d.weekday() == weekday for d in planned)
    assert all(is_workday(s.day) for s in slots)
    assert all(s.planned_on <= s.day < s.planned_on + timedelta(weeks=1) for s in slots)
    assert [s.day for s in slots] == sorted({s.day for s in slots})
    assert [s.leader for s in slots] == [n % count for n in range(len(slots))]
    kept = {s.planned_on for s in slots}
    for day in planned:
        if is_workday(day):
            assert day in kept and next(s for s in slots if s.planned_on == day).day == day
        elif policy == "drop":
            assert day not in kept
